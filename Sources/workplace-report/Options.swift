import ArgumentParser
import FeishuAPI
import Foundation
import Logging
import WorkplaceAnalytics
import WorkplaceModel
import WorkplaceRendering

// The flag groups. They only parse and check each flag on its own; `ReportJob.resolve` merges them
// with the config file, the environment and the defaults (`JobSettings.defaults`).

/// Languages the report can be written in.
enum ReportLanguage: String, ExpressibleByArgument, CaseIterable {
    case zh, en, ja

    /// `zh, en or ja`, for messages.
    static var choices: String {
        let names = allCases.map(\.rawValue)
        return names.dropLast().joined(separator: ", ") + " or " + names.last!
    }
}

extension ReportFormat {
    /// The formats written when none are chosen.
    static let defaults: [ReportFormat] = [.xlsx, .html, .md, .json]

    /// The formats named in `names` (`markdown` is `md`), in the order given, without repeats.
    /// - Throws: ``UsageError`` naming an unknown format.
    static func parseList(_ names: [String]) throws -> [ReportFormat] {
        var result: [ReportFormat] = []
        for part in names {
            let name = part.trimmingCharacters(in: .whitespaces).lowercased()
            guard let format = ReportFormat(rawValue: name == "markdown" ? "md" : name) else {
                let known = allCases.map(\.rawValue).joined(separator: ", ")
                throw UsageError("'\(name)' is not a format; choose from \(known)")
            }
            if !result.contains(format) { result.append(format) }
        }
        guard !result.isEmpty else {
            throw UsageError("no format is given; choose from \(allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return result
    }
}

extension DatasetKind {
    /// The datasets named in `names` (comma-separated parts already split), in ``DatasetKind`` order, without repeats.
    /// - Throws: ``UsageError`` naming an unknown dataset, or when none is given.
    static func parseList(_ names: [String], flag: String) throws -> [DatasetKind] {
        let known = allCases.map(\.rawValue).joined(separator: ", ")
        var result = Set<DatasetKind>()
        for part in names {
            let name = part.trimmingCharacters(in: .whitespaces).lowercased()
            guard let kind = DatasetKind(rawValue: name) else {
                throw UsageError("\(flag): '\(name)' is not a dataset; choose from \(known)")
            }
            result.insert(kind)
        }
        guard !result.isEmpty else { throw UsageError("\(flag): no dataset is given; choose from \(known)") }
        return result.sorted()
    }
}

/// `ID=NAME` of `--block-name`, split at the first `=`; nil when either side is empty.
func blockNameAssignment(_ text: String) -> (id: String, name: String)? {
    guard let equals = text.firstIndex(of: "=") else { return nil }
    let id = text[..<equals].trimmingCharacters(in: .whitespaces)
    let name = text[text.index(after: equals)...].trimmingCharacters(in: .whitespaces)
    guard !id.isEmpty, !name.isEmpty else { return nil }
    return (id, name)
}

/// `1–32 (default 4)`, for help texts.
private func rangeHelp(_ range: ClosedRange<Int>, default value: Int) -> String {
    "\(range.lowerBound)–\(range.upperBound) (default \(value))"
}

/// How the fetch talks to the API: shared by `fetch` and `report`.
struct FetchOptions: ParsableArguments {
    @Option(name: .customLong("workplace-id"), help: "Only this custom workplace (tpl_…); repeat for several.")
    var workplaceIDs: [String] = []

    @Option(
        help: """
            Items per page of the custom-workplace endpoint, \
            \(rangeHelp(FetchQuery.pageSizes, default: JobSettings.defaults.pageSize!)); the whole-workplace and block \
            endpoints take pages twice as large (200 by default, their largest).
            """)
    var pageSize: Int?

    @Option(
        help: """
            The datasets to fetch, comma-separated: custom (custom workplaces), overall (the whole and the default \
            workplace), blocks (blocks inside workplaces); default all three.
            """)
    var datasets: String?

    @Option(
        name: .customLong("block-id"),
        help: "Only this block (its id from the workplace builder, e.g. 283438293839422334); repeat for several.")
    var blockIDs: [String] = []

    @Option(
        help: """
            Page chains fetched at once (shards by month and workplace), \
            \(rangeHelp(FeishuClientConfiguration.concurrencyRange, default: JobSettings.defaults.concurrency!)).
            """)
    var concurrency: Int?

    @Option(
        name: .customLong("rate-margin-ms"),
        help: """
            How much longer than 1 s the client's window of 20 requests is, in ms, for network jitter, \
            \(rangeHelp(FeishuClientConfiguration.windowMarginRange, default: JobSettings.defaults.rateMarginMs!)).
            """)
    var rateMarginMs: Int?

    @Option(help: "API host (default: FEISHU_BASE_URL, else \(JobSettings.defaults.baseURL!)).")
    var baseURL: String?

    @Option(help: "A history store (SQLite): fetch only the days it does not hold, keep what is fetched.")
    var store: String?

    @Option(
        help: """
            With --store: the days before today fetched again however often they were fetched, as they may \
            not have settled, \(rangeHelp(FetchOptions.refetchDaysRange, default: JobSettings.defaults.refetchDays!)).
            """)
    var refetchDays: Int?

    /// The values `--refetch-days` (and the config key `refetch_days`) take.
    static let refetchDaysRange = 0...60

    func validate() throws {
        if let pageSize, !FetchQuery.pageSizes.contains(pageSize) {
            throw ValidationError(
                "--page-size \(pageSize) is out of range; the API takes \(FetchQuery.pageSizes.lowerBound) to \(FetchQuery.pageSizes.upperBound)"
            )
        }
        let range = FeishuClientConfiguration.concurrencyRange
        if let concurrency, !range.contains(concurrency) {
            throw ValidationError(
                "--concurrency \(concurrency) is out of range; use \(range.lowerBound) to \(range.upperBound)")
        }
        let margins = FeishuClientConfiguration.windowMarginRange
        if let rateMarginMs, !margins.contains(rateMarginMs) {
            throw ValidationError(
                "--rate-margin-ms \(rateMarginMs) is out of range; use \(margins.lowerBound) to \(margins.upperBound)")
        }
        let days = Self.refetchDaysRange
        if let refetchDays, !days.contains(refetchDays) {
            throw ValidationError(
                "--refetch-days \(refetchDays) is out of range; use \(days.lowerBound) to \(days.upperBound)")
        }
        if store?.isEmpty == true { throw ValidationError("--store needs a file name") }
        if let datasets {
            do {
                _ = try DatasetKind.parseList(datasets.split(separator: ",").map(String.init), flag: "--datasets")
            } catch let error as UsageError {
                throw ValidationError(error.description)
            }
        }
        for id in blockIDs {
            do {
                _ = try FetchQuery(fromText: "2026-01-01", toText: "2026-01-01", workplaceIDs: [id], dataset: .blocks)
            } catch {
                throw ValidationError(
                    "--block-id \"\(id)\" is not a block id (expected digits like 283438293839422334)")
            }
        }
    }

    /// The fetch settings the flags give.
    var settings: JobSettings {
        var s = JobSettings()
        s.workplaceIDs = workplaceIDs.isEmpty ? nil : workplaceIDs
        s.pageSize = pageSize
        s.concurrency = concurrency
        s.rateMarginMs = rateMarginMs
        s.baseURL = baseURL
        s.store = store
        s.refetchDays = refetchDays
        s.datasets = datasets.flatMap {
            try? DatasetKind.parseList($0.split(separator: ",").map(String.init), flag: "")
        }
        s.blockIDs = blockIDs.isEmpty ? nil : blockIDs
        return s
    }
}

/// How much the tool says on stderr.
struct LoggingOptions: ParsableArguments {
    @Flag(name: .shortAndLong, help: "Print only errors.")
    var quiet = false

    @Flag(name: .shortAndLong, help: "Print every request (secrets redacted).")
    var verbose = false

    /// A logger on stderr at the chosen level.
    func logger(_ label: String = "workplace-report") -> Logger {
        var logger = Logger(label: label) { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = quiet ? .error : verbose ? .debug : .notice
        return logger
    }

    func validate() throws {
        if quiet && verbose { throw ValidationError("--quiet and --verbose exclude each other; choose one") }
    }
}

/// What the report shows and where it goes: shared by `report` and `demo`.
struct RenderOptions: ParsableArguments {
    @Option(
        help: """
            Formats to write, comma-separated: \(ReportFormat.defaults.map(\.rawValue).joined(separator: ",")) \
            (the default), eml (an e-mail) and card (a Feishu message card, JSON 2.0).
            """)
    var formats: String?

    @Option(help: "How many workplaces the top-N table and chart show (default \(ReportOptions.defaultTop)).")
    var top: Int?

    @Option(help: "Language of names and headers: zh (the default), en or ja.")
    var language: ReportLanguage?

    @Option(help: "Report title (default: a title in the report's language).")
    var title: String?

    @Option(help: "A folder of templates overriding the built-in ones by file name.")
    var templates: String?

    @Option(
        name: .customLong("block-name"),
        help: "A block's name, ID=NAME (the API gives none; a block without one shows its id); repeat for several.")
    var blockNames: [String] = []

    @Option(
        help: "Time stamp of the report: epoch seconds or 2026-11-01T06:00:00Z (default: SOURCE_DATE_EPOCH, else now).")
    var generatedAt: String?

    func validate() throws {
        if let formats {
            do {
                _ = try ReportFormat.parseList(formats.split(separator: ",").map(String.init))
            } catch let error as UsageError {
                throw ValidationError("--formats: \(error.description)")
            }
        }
        let range = ReportOptions.topRange
        if let top, !range.contains(top) {
            throw ValidationError("--top \(top) is out of range; use \(range.lowerBound) to \(range.upperBound)")
        }
        for text in blockNames where blockNameAssignment(text) == nil {
            throw ValidationError("--block-name \"\(text)\" is not ID=NAME (for example 283438293839422334=审批入口)")
        }
    }

    /// The render settings the flags give.
    var settings: JobSettings {
        var s = JobSettings()
        s.formats = formats.flatMap { try? ReportFormat.parseList($0.split(separator: ",").map(String.init)) }
        s.top = top
        s.language = language
        s.title = title
        s.templates = templates
        if !blockNames.isEmpty {
            var names: [String: String] = [:]
            for text in blockNames {
                if let (id, name) = blockNameAssignment(text) { names[id] = name }  // the last one given wins
            }
            s.blockNames = names
        }
        return s
    }
}

/// The e-mail's envelope, for `--formats eml`: shared by `report` and `demo`.
struct MailOptions: ParsableArguments {
    @Option(help: "Sender of the e-mail (--formats eml), e.g. 'Reports <reports@example.com>'.")
    var mailFrom: String?

    @Option(help: "A recipient of the e-mail (--formats eml); repeat for several.")
    var mailTo: [String] = []

    @Option(help: "Subject of the e-mail (default: the title and the period).")
    var subject: String?

    /// The mail settings the flags give.
    var settings: JobSettings {
        var s = JobSettings()
        s.mailFrom = mailFrom
        s.mailTo = mailTo.isEmpty ? nil : mailTo
        s.subject = subject
        return s
    }
}
