import Foundation
import WorkplaceAnalytics
import WorkplaceModel
import Yams

/// What a scheduled job repeats, read from `--config FILE` (YAML).
///
/// Flags override every key.
///
/// Secrets are not accepted here: the app secret and tokens stay in the environment, so a config file
/// can be committed or shared. An unknown key or a bad value stops the run with exit 64 naming the key.
struct ConfigFile: Equatable {
    var period: PeriodSelection?
    var title: String?
    var top: Int?
    var language: ReportLanguage?
    var timezone: String?
    var workplaceIDs: [String]?
    var formats: [String]?
    var outDir: String?
    var templates: String?
    var baseURL: String?
    var pageSize: Int?
    var concurrency: Int?
    var mailFrom: String?
    var mailTo: [String]?
    var subject: String?

    /// The keys a config file may hold.
    static let keys: Set<String> = [
        "period", "title", "top", "language", "timezone", "workplace_ids", "formats", "out_dir", "templates",
        "base_url", "page_size", "concurrency", "mail",
    ]
    private static let mailKeys: Set<String> = ["from", "to", "subject"]
    private static let secretKeys: Set<String> = [
        "app_secret", "app_id", "secret", "token", "tenant_access_token", "feishu_app_secret",
    ]

    /// Reads and checks `path`.
    /// - Throws: ``UsageError`` naming the file and the key that is wrong.
    static func load(path: String) throws -> ConfigFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw UsageError("--config \(path): the file cannot be read")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw UsageError("--config \(path): the file is not UTF-8 text")
        }
        return try parse(text, name: path)
    }

    /// Parses config text; `name` is used in messages.
    static func parse(_ text: String, name: String) throws -> ConfigFile {
        let root: Any?
        do {
            root = try Yams.load(yaml: text)
        } catch let error as YamlError {
            throw UsageError(
                "--config \(name): not valid YAML: \(String(describing: error).split(separator: "\n").first ?? "")")
        }
        guard let root else { return ConfigFile() }
        guard let map = root as? [String: Any] else {
            throw UsageError("--config \(name): expected keys such as 'top: 10' at the top level")
        }
        func fail(_ key: String, _ expected: String) -> UsageError {
            UsageError("--config \(name): '\(key)' \(expected)")
        }
        for key in map.keys.sorted() where !keys.contains(key) {
            if secretKeys.contains(key.lowercased()) {
                throw fail(
                    key,
                    "is not allowed: secrets stay in the environment (FEISHU_APP_SECRET, FEISHU_TENANT_ACCESS_TOKEN)")
            }
            throw fail(key, "is not a known key; known keys: \(keys.sorted().joined(separator: ", "))")
        }
        func string(_ key: String, in m: [String: Any] = map, label: String? = nil) throws -> String? {
            guard let value = m[key] else { return nil }
            if let s = value as? String, !s.isEmpty { return s }
            throw fail(label ?? key, "must be a non-empty text")
        }
        func int(_ key: String, _ range: ClosedRange<Int>) throws -> Int? {
            guard let value = map[key] else { return nil }
            guard let n = value as? Int, range.contains(n) else {
                throw fail(key, "must be a whole number from \(range.lowerBound) to \(range.upperBound)")
            }
            return n
        }
        func strings(_ key: String, in m: [String: Any] = map, label: String? = nil) throws -> [String]? {
            guard let value = m[key] else { return nil }
            if let s = value as? String, !s.isEmpty { return [s] }
            if let list = value as? [Any], !list.isEmpty, list.allSatisfy({ ($0 as? String)?.isEmpty == false }) {
                return list.compactMap { $0 as? String }
            }
            throw fail(label ?? key, "must be a text or a list of texts")
        }
        var config = ConfigFile()
        if let period = try string("period") {
            switch period {
            case "last-month": config.period = .lastMonth
            case "last-week": config.period = .lastWeek
            case _ where period.contains("W"): config.period = .week(period)
            default: config.period = .month(period)
            }
            // Check the value now, so the message names the config key.
            if let selection = config.period, (try? selection.resolve(today: CalendarDate(dayNumber: 0))) == nil {
                throw fail("period", "'\(period)' is not last-month, last-week, YYYY-MM or YYYY-Www")
            }
        }
        config.title = try string("title")
        config.top = try int("top", 1...1000)
        if let language = try string("language") {
            guard let l = ReportLanguage(rawValue: language) else { throw fail("language", "must be zh, en or ja") }
            config.language = l
        }
        config.timezone = try string("timezone")
        config.workplaceIDs = try strings("workplace_ids")
        config.formats = try strings("formats")
        config.outDir = try string("out_dir")
        config.templates = try string("templates")
        config.baseURL = try string("base_url")
        config.pageSize = try int("page_size", 1...100)
        config.concurrency = try int("concurrency", 1...32)
        if let mail = map["mail"] {
            guard let m = mail as? [String: Any] else { throw fail("mail", "must hold from, to and subject") }
            for key in m.keys.sorted() where !mailKeys.contains(key) {
                throw fail("mail.\(key)", "is not a known key; known keys: from, to, subject")
            }
            config.mailFrom = try string("from", in: m, label: "mail.from")
            config.mailTo = try strings("to", in: m, label: "mail.to")
            config.subject = try string("subject", in: m, label: "mail.subject")
        }
        return config
    }
}
