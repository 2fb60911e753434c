import ArgumentParser
import FeishuAPI
import Foundation
import Logging
import WorkplaceAnalytics
import WorkplaceModel
import WorkplaceRendering

/// `workplace-report report`: the monthly job; fetch (or read a snapshot), aggregate, render.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the report of a period from the API or from a snapshot file.",
        discussion: """
            Choose one period: --from/--to, --month, --last-month, --week or --last-week (or 'period' in \
            --config). Flags override the config file.
            """)

    @Option(help: "First day, yyyy-MM-dd (with --to).") var from: String?
    @Option(help: "Last day, yyyy-MM-dd (with --from).") var to: String?
    @Option(help: "A calendar month, YYYY-MM; compared with the month before.") var month: String?
    @Flag(help: "The calendar month before today's.") var lastMonth = false
    @Option(help: "An ISO week, YYYY-Www; compared with the week before.") var week: String?
    @Flag(help: "The ISO week before today's.") var lastWeek = false
    @Option(help: "Time zone that decides 'today' for --last-month/--last-week (default: the system's).")
    var timezone: String?

    @Option(help: "Read this snapshot or saved API output instead of calling the API (\"-\" for stdin).")
    var input: String?
    @Option(help: "Folder the reports are written to (created when missing).") var outDir: String?
    @Option(help: "A YAML file with what a scheduled job repeats (see examples/); flags override it.")
    var config: String?
    @Flag(help: "Append the Markdown summary to the file named by GITHUB_STEP_SUMMARY.")
    var stepSummary = false
    @Option(help: .hidden) var timings: String?

    @OptionGroup var fetch: FetchOptions
    @OptionGroup var render: RenderOptions
    @OptionGroup var mailOptions: MailOptions
    @OptionGroup var logging: LoggingOptions

    func validate() throws {
        let chosen = [from != nil || to != nil, month != nil, lastMonth, week != nil, lastWeek].filter { $0 }.count
        guard chosen <= 1 else {
            throw ValidationError("choose one period: --from/--to, --month, --last-month, --week or --last-week")
        }
        if (from == nil) != (to == nil) { throw ValidationError("--from and --to go together; give both") }
    }

    /// The period flag given, if any.
    var selection: PeriodSelection? {
        if let from, let to { return .range(from: from, to: to) }
        if let month { return .month(month) }
        if let week { return .week(week) }
        if lastMonth { return .lastMonth }
        return lastWeek ? .lastWeek : nil
    }

    func run() async throws {
        try await Failure.guarding {
            let file = try config.map(ConfigFile.load) ?? ConfigFile()
            let logger = logging.logger("workplace-report")
            guard let selection = selection ?? file.period else {
                throw UsageError(
                    "choose a period: --from/--to, --month, --last-month, --week or --last-week (or 'period' in --config)"
                )
            }
            guard let outDir = outDir ?? file.outDir else {
                throw UsageError("--out-dir is missing; give the folder the reports go to (or 'out_dir' in --config)")
            }
            let period = try selection.resolve(today: Environment.today(timeZone: timezone ?? file.timezone))
            let formats = try render.resolvedFormats(config: file.formats)
            let writer = try ReportWriter(
                templatesDirectory: (render.templates ?? file.templates).map { URL(fileURLWithPath: $0) })
            let generatedAt = try Environment.generatedAt(flag: render.generatedAt)
            let language = (render.language ?? file.language ?? .zh).rawValue
            let title = render.title ?? file.title
            // Checked before anything is fetched, so a typo in an address costs no API calls.
            let mail = try mailOptions.envelope(
                formats: formats, file: file, title: title, language: language, period: period,
                generatedAt: generatedAt)
            let workplaceIDs = fetch.workplaceIDs.isEmpty ? file.workplaceIDs ?? [] : fetch.workplaceIDs

            var phases = PhaseTimer()
            let dataset: AccessDataset
            let source: ReportSource
            if let input {
                (dataset, source) = try Inputs.read(path: input)
            } else {
                let range = DateRange(from: period.previous.from, to: period.to)!
                let baseURL = Environment.baseURL(flag: fetch.baseURL ?? file.baseURL)
                let apiCalls: Int
                (dataset, apiCalls) = try await Fetching.fetch(
                    range: range, workplaceIDs: workplaceIDs, pageSize: fetch.pageSize ?? file.pageSize ?? 100,
                    concurrency: fetch.concurrency ?? file.concurrency ?? 4, baseURL: baseURL,
                    credentials: Environment.credentials(), quiet: logging.quiet, logger: logger)
                source = ReportSource(
                    baseURL: baseURL, fetchedAt: ISO8601.utc(seconds: generatedAt), input: nil, apiCalls: apiCalls)
            }
            phases.lap(input == nil ? "fetch" : "read")
            let report = Aggregation.makeReport(
                dataset: dataset, period: period,
                options: ReportOptions(
                    top: render.top ?? file.top ?? 10, language: language, title: title, generatedAt: generatedAt,
                    source: source,
                    workplaceIDs: Set(workplaceIDs)))
            phases.lap("aggregate")
            for warning in report.warnings { logger.warning("\(warning)") }
            let files = try writer.write(report, formats: formats, to: URL(fileURLWithPath: outDir), mail: mail)
            phases.lap("render")
            if stepSummary { try StepSummary.append(try writer.markdown(report)) }
            for file in files { print(file.url.path) }
            if let timings {
                for file in files { phases.record(file.format.rawValue, file.seconds) }
                phases.record("records", Double(dataset.records.count))
                try phases.write(to: timings)
            }
        }
    }
}

/// GitHub Actions' job summary: Markdown appended to the file GITHUB_STEP_SUMMARY names.
enum StepSummary {
    /// Appends `markdown` (and a blank line) to the job summary.
    /// - Throws: ``UsageError`` when GITHUB_STEP_SUMMARY is not set; ``OutputError`` when it cannot be written.
    static func append(_ markdown: String) throws {
        guard let path = Environment.variables["GITHUB_STEP_SUMMARY"], !path.isEmpty else {
            throw UsageError("--step-summary needs GITHUB_STEP_SUMMARY (set by GitHub Actions) to name a file")
        }
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw OutputError(path: path, reason: "the job summary file cannot be created")
            }
        }
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw OutputError(path: path, reason: "the job summary file is not writable")
        }
        defer { try? handle.close() }
        do {
            try handle.seekToEnd()
            try handle.write(contentsOf: Data((markdown + "\n").utf8))
        } catch {
            throw OutputError(path: path, reason: "the job summary could not be appended")
        }
    }
}
