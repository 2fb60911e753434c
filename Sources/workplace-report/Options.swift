import ArgumentParser
import Foundation
import Logging
import WorkplaceAnalytics
import WorkplaceRendering

/// Languages the report can be written in.
enum ReportLanguage: String, ExpressibleByArgument, CaseIterable {
    case zh, en, ja
}

/// How the fetch talks to the API: shared by `fetch` and `report`.
struct FetchOptions: ParsableArguments {
    @Option(name: .customLong("workplace-id"), help: "Only this custom workplace (tpl_…); repeat for several.")
    var workplaceIDs: [String] = []

    @Option(help: "Items per page, 1–100 (default 100).")
    var pageSize: Int?

    @Option(help: "Page chains fetched at once (shards by month and workplace), 1–32 (default 4).")
    var concurrency: Int?

    @Option(help: "API host (default: FEISHU_BASE_URL, else https://open.feishu.cn).")
    var baseURL: String?

    func validate() throws {
        if let pageSize, !(1...100).contains(pageSize) {
            throw ValidationError("--page-size \(pageSize) is out of range; the API takes 1 to 100")
        }
        if let concurrency, !(1...32).contains(concurrency) {
            throw ValidationError("--concurrency \(concurrency) is out of range; use 1 to 32")
        }
    }
}

/// How much the tool says on stderr.
struct LoggingOptions: ParsableArguments {
    @Flag(name: .shortAndLong, help: "Print only errors.")
    var quiet = false

    @Flag(name: .shortAndLong, help: "Print every request (secrets redacted).")
    var verbose = false

    /// A logger on stderr at the chosen level.
    func logger(_ label: String) -> Logger {
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
    @Option(help: "Formats to write, comma-separated: xlsx,html,md,json (the default) and eml (an e-mail).")
    var formats: String?

    @Option(help: "How many workplaces the top-N table and chart show (default 10).")
    var top: Int?

    @Option(help: "Language of names and headers: zh (the default), en or ja.")
    var language: ReportLanguage?

    @Option(help: "Report title (default: a title in the report's language).")
    var title: String?

    @Option(help: "A folder of templates overriding the built-in ones by file name.")
    var templates: String?

    @Option(
        help: "Time stamp of the report: epoch seconds or 2026-11-01T06:00:00Z (default: SOURCE_DATE_EPOCH, else now).")
    var generatedAt: String?

    func validate() throws {
        if let formats { _ = try Self.parseFormats(formats.split(separator: ",").map(String.init)) }
        if let top, !(1...1000).contains(top) {
            throw ValidationError("--top \(top) is out of range; use 1 to 1000")
        }
    }

    /// The formats to write: `--formats`, else the config file's `formats`, else xlsx, html, md and json.
    /// - Throws: ``ValidationError`` naming an unknown format.
    func resolvedFormats(config: [String]? = nil) throws -> [ReportFormat] {
        if let formats { return try Self.parseFormats(formats.split(separator: ",").map(String.init)) }
        if let config { return try Self.parseFormats(config) }
        return [.xlsx, .html, .md, .json]
    }

    /// The formats named in `names`, in the order given, without repeats.
    /// - Throws: ``ValidationError`` naming an unknown format.
    static func parseFormats(_ names: [String]) throws -> [ReportFormat] {
        var result: [ReportFormat] = []
        for part in names {
            let name = part.trimmingCharacters(in: .whitespaces).lowercased()
            guard let format = ReportFormat(rawValue: name == "markdown" ? "md" : name) else {
                let known = ReportFormat.allCases.map(\.rawValue).joined(separator: ", ")
                throw ValidationError("--formats: '\(name)' is not a format; choose from \(known)")
            }
            if !result.contains(format) { result.append(format) }
        }
        guard !result.isEmpty else { throw ValidationError("--formats is empty; choose from xlsx, html, md, json") }
        return result
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

    /// The checked envelope when `formats` holds eml (flags first, then the config file), else nil.
    /// - Throws: `MailError` naming the flag, before anything is fetched.
    func envelope(
        formats: [ReportFormat], file: ConfigFile, title: String?, language: String, period: ReportPeriod,
        generatedAt: Int64
    ) throws -> MailEnvelope? {
        guard formats.contains(.eml) else { return nil }
        let envelope = MailEnvelope(
            from: mailFrom ?? file.mailFrom ?? "", to: mailTo.isEmpty ? file.mailTo ?? [] : mailTo,
            subject: subject ?? file.subject
                ?? "\(title ?? Labels.forLanguage(language).reportTitle) · \(period.label)",
            date: generatedAt)
        try envelope.validate()
        return envelope
    }
}
