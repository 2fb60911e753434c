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
        abstract: "Write the report of a period from the API or from a snapshot file.")

    @Option(help: "First day, yyyy-MM-dd (with --to).") var from: String?
    @Option(help: "Last day, yyyy-MM-dd (with --from).") var to: String?
    @Option(help: "A calendar month, YYYY-MM; compared with the month before.") var month: String?
    @Flag(help: "The calendar month before today's.") var lastMonth = false
    @Option(help: "An ISO week, YYYY-Www; compared with the week before.") var week: String?
    @Flag(help: "The ISO week before today's.") var lastWeek = false
    @Option(help: "Time zone that decides 'today' for --last-month/--last-week (default: the system's).")
    var timezone: String?

    @Option(help: "Read this snapshot or saved API output instead of calling the API.") var input: String?
    @Option(help: "Folder the reports are written to (created when missing).") var outDir: String

    @Option(help: .hidden) var timings: String?

    @OptionGroup var fetch: FetchOptions
    @OptionGroup var render: RenderOptions
    @OptionGroup var logging: LoggingOptions

    func validate() throws {
        let chosen = [from != nil || to != nil, month != nil, lastMonth, week != nil, lastWeek].filter { $0 }.count
        guard chosen == 1 else {
            throw ValidationError("choose one period: --from/--to, --month, --last-month, --week or --last-week")
        }
        if (from == nil) != (to == nil) { throw ValidationError("--from and --to go together; give both") }
    }

    var selection: PeriodSelection {
        if let from, let to { return .range(from: from, to: to) }
        if let month { return .month(month) }
        if let week { return .week(week) }
        return lastMonth ? .lastMonth : .lastWeek
    }

    func run() async throws {
        try await Failure.guarding {
            let logger = logging.logger("workplace-report")
            let period = try selection.resolve(today: Environment.today(timeZone: timezone))
            let formats = try render.parsedFormats()
            let writer = try ReportWriter(templatesDirectory: render.templates.map { URL(fileURLWithPath: $0) })
            let generatedAt = try Environment.generatedAt(flag: render.generatedAt)

            var phases = PhaseTimer()
            let dataset: AccessDataset
            let source: ReportSource
            if let input {
                (dataset, source) = try Inputs.read(path: input)
            } else {
                let range = DateRange(from: period.previous.from, to: period.to)!
                let baseURL = Environment.baseURL(flag: fetch.baseURL)
                dataset = try await Fetching.fetch(
                    range: range, workplaceIDs: fetch.workplaceIDs, pageSize: fetch.pageSize,
                    concurrency: fetch.concurrency, baseURL: baseURL, credentials: Environment.credentials(),
                    quiet: logging.quiet, logger: logger)
                source = ReportSource(baseURL: baseURL, fetchedAt: ISO8601.utc(seconds: generatedAt), input: nil)
            }
            phases.lap(input == nil ? "fetch" : "read")
            let report = Aggregation.makeReport(
                dataset: dataset, period: period,
                options: ReportOptions(
                    top: render.top, language: render.language.rawValue, title: render.title,
                    generatedAt: generatedAt, source: source, workplaceIDs: Set(fetch.workplaceIDs)))
            phases.lap("aggregate")
            for warning in report.warnings { logger.warning("\(warning)") }
            let files = try writer.write(report, formats: formats, to: URL(fileURLWithPath: outDir))
            phases.lap("render")
            for file in files { print(file.url.path) }
            if let timings {
                for file in files { phases.record(file.format.rawValue, file.seconds) }
                phases.record("records", Double(dataset.records.count))
                try phases.write(to: timings)
            }
        }
    }
}
