import ArgumentParser
import FeishuSimulator
import Foundation
import WorkplaceAnalytics
import WorkplaceRendering

/// `workplace-report demo`: the whole pipeline against the built-in simulator, no account needed.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run fetch → aggregate → render against the built-in simulator and write the reports.",
        discussion: """
            Starts the simulated Feishu Open API on 127.0.0.1 (an ephemeral port), obtains a \
            tenant_access_token from it, fetches the month and the month before page by page over HTTP, \
            saves them as a snapshot file, and writes the reports (the card among them). It then posts the card \
            and the workbook to the simulator's chat and prints what the simulator received. The simulated \
            tenant is seeded, so the same seed gives the same numbers.
            """)

    @Option(help: "Folder the reports are written to.") var outDir: String = "workplace-report-demo"
    @Option(help: "The month to report, YYYY-MM (the simulated tenant has data for 2025 and 2026).")
    var month: String = "2026-10"
    @Option(help: "Seed of the simulated tenant.") var seed: UInt64 = 1

    @OptionGroup var render: RenderOptions
    @OptionGroup var mailOptions: MailOptions
    @OptionGroup var logging: LoggingOptions

    /// The job of this run: the flags over the defaults; no config file, no API settings.
    func job(env: [String: String], now: Date) throws -> ReportJob {
        // The simulated tenant's blocks are named as an admin names them in a config file (the API gives
        // no names); `--block-name` wins per id.
        var tenantNames = JobSettings()
        tenantNames.blockNames = SimulatedTenant.blockNames(SimulatorSource.tenantConfig(seed: seed))
        var settings = JobSettings.merged([render.settings, mailOptions.settings, tenantNames])
        // The card is among the demo's outputs (it is what the demo delivers).
        if settings.formats == nil { settings.formats = ReportFormat.defaults + [.card] }
        settings.period = .month(month)
        settings.timezone = "UTC"
        settings.outDir = outDir
        let generatedAt = try Environment.generatedAt(flag: render.generatedAt, env, now: now)
        var job = try ReportJob.resolve(settings, generatedAt: generatedAt, now: now) { settings in
            let s = settings.over(.defaults)
            return SimulatorSource(
                seed: seed, pageSize: s.pageSize!, concurrency: s.concurrency!, rateMarginMs: s.rateMarginMs!,
                showsProgress: !logging.quiet && isatty(STDERR_FILENO) == 1)
        }
        job.savesSnapshot = true
        // The demo posts the card and the workbook to the simulator's chat and prints what it received.
        job.delivery = DeliveryPlan(chats: [SimulatorConfig.demoChatID], webhook: nil, target: .simulator(seed: seed))
        return job
    }

    func run() async throws {
        let job = try job(env: Environment.variables, now: Date())
        try await Pipeline.run(job, logger: logging.logger())
    }
}
