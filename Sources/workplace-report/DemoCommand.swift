import ArgumentParser
import FeishuAPI
import FeishuSimulator
import Foundation
import WorkplaceAnalytics
import WorkplaceFiles
import WorkplaceModel
import WorkplaceRendering

/// `workplace-report demo`: the whole pipeline against the built-in simulator, no account needed.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run fetch → aggregate → render against the built-in simulator and write the reports.",
        discussion: """
            Starts the simulated Feishu Open API on 127.0.0.1 (an ephemeral port), obtains a \
            tenant_access_token from it, fetches the month and the month before page by page over HTTP, \
            saves them as a snapshot file, and writes the reports. The simulated tenant is seeded, so the same seed gives the same numbers.
            """)

    @Option(help: "Folder the reports are written to.") var outDir: String = "workplace-report-demo"
    @Option(help: "The month to report, YYYY-MM (the simulated tenant has data for 2025 and 2026).")
    var month: String = "2026-10"
    @Option(help: "Seed of the simulated tenant.") var seed: UInt64 = 1

    @OptionGroup var render: RenderOptions
    @OptionGroup var mailOptions: MailOptions
    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        try await Failure.guarding {
            let logger = logging.logger("workplace-report")
            let period = try PeriodSelection.month(month).resolve(today: Environment.today(timeZone: "UTC"))
            let formats = try render.resolvedFormats()
            let writer = try ReportWriter(templatesDirectory: render.templates.map { URL(fileURLWithPath: $0) })
            let generatedAt = try Environment.generatedAt(flag: render.generatedAt)
            let language = (render.language ?? .zh).rawValue
            let mail = try mailOptions.envelope(
                formats: formats, file: ConfigFile(), title: render.title, language: language, period: period,
                generatedAt: generatedAt)

            var config = SimulatorConfig()
            config.seed = seed
            let simulator = try await Simulator.start(config)
            logger.info("simulator listening on \(simulator.baseURL)")
            let range = DateRange(from: period.previous.from, to: period.to)!
            let dataset: AccessDataset
            do {
                dataset = try await Fetching.fetch(
                    range: range, baseURL: simulator.baseURL,
                    credentials: .app(id: SimulatorConfig.demoAppID, secret: SimulatorConfig.demoAppSecret),
                    quiet: logging.quiet, logger: logger)
                await simulator.stop()
            } catch {
                await simulator.stop()
                throw error
            }
            // The port changes every run; name the source so that reruns give identical files.
            let sourceName = "http://127.0.0.1 (built-in simulator, seed \(seed))"
            try AtomicFile.ensureDirectory(URL(fileURLWithPath: outDir))
            let snapshot = URL(fileURLWithPath: outDir).appendingPathComponent("snapshot-\(range).json").path
            try SnapshotFile.write(
                dataset,
                metadata: SnapshotMetadata(
                    query: SnapshotQuery(range: range), baseURL: sourceName,
                    fetchedAt: ISO8601.utc(seconds: generatedAt)),
                to: snapshot)
            print(snapshot)
            let report = Aggregation.makeReport(
                dataset: dataset, period: period,
                options: ReportOptions(
                    top: render.top ?? 10, language: language, title: render.title,
                    generatedAt: generatedAt,
                    source: ReportSource(
                        baseURL: sourceName, fetchedAt: ISO8601.utc(seconds: generatedAt), input: nil)))
            for warning in report.warnings { logger.warning("\(warning)") }
            for file in try writer.write(report, formats: formats, to: URL(fileURLWithPath: outDir), mail: mail) {
                print(file.url.path)
            }
        }
    }
}
