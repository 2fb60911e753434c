import FeishuAPI
import Foundation
import WorkplaceAnalytics
import WorkplaceModel
import WorkplaceRendering
import Yams

/// What a scheduled job repeats, read from `--config FILE` (YAML) with Yams' `YAMLDecoder`.
///
/// Every value is checked here, even one a flag overrides, so that a mistake in the file is found the
/// first time and the message names the key. Secrets are not accepted: the app secret and tokens stay
/// in the environment, so a config file can be committed or shared. An unknown key, a secret or a bad
/// value stops the run with exit 64 naming the key (and never echoing a value).
struct ConfigFile: Decodable {
    /// The settings the file holds.
    var settings = JobSettings()

    /// The keys a config file may hold, as they are written in it.
    enum Key: String, CodingKey, CaseIterable {
        case period, title, top, language, timezone, formats, templates, concurrency, mail
        case workplaceIDs = "workplace_ids"
        case outDir = "out_dir"
        case baseURL = "base_url"
        case pageSize = "page_size"
        case store
        case refetchDays = "refetch_days"
        case rateMarginMs = "rate_margin_ms"
        case feishu
        case datasets
        case blocks
    }

    /// The keys of the `feishu` map (delivery).
    enum FeishuKey: String, CodingKey, CaseIterable {
        case chats, webhook
    }

    /// The keys of the `mail` map.
    enum MailKey: String, CodingKey, CaseIterable {
        case from, to, subject
    }

    private static let secretKeys: Set<String> = [
        "app_secret", "app_id", "secret", "token", "tenant_access_token", "feishu_app_secret",
    ]

    /// Reads and checks `path`.
    /// - Throws: ``UsageError`` naming the file and the key that is wrong.
    static func load(path: String) throws -> JobSettings {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw UsageError("--config \(path): the file cannot be read")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw UsageError("--config \(path): the file is not UTF-8 text")
        }
        return try parse(text, name: path)
    }

    /// Parses config text; `name` is used in messages.
    static func parse(_ text: String, name: String) throws -> JobSettings {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch {
            let first = String(describing: error).split(separator: "\n").first ?? ""
            throw UsageError("--config \(name): not valid YAML: \(first)")
        }
        guard let node else { return JobSettings() }
        guard node.mapping != nil else {
            throw UsageError("--config \(name): expected keys such as 'top: 10' at the top level")
        }
        do {
            var settings = try YAMLDecoder().decode(ConfigFile.self, from: node).settings
            if let blocks = node.mapping?[Node(Key.blocks.rawValue)] { settings.blockNames = try blockNames(blocks) }
            return settings
        } catch let problem as Problem {
            throw UsageError("--config \(name): '\(problem.key)' \(problem.expected)")
        } catch {
            throw UsageError("--config \(name): \(String(describing: error).split(separator: "\n").first ?? "")")
        }
    }

    /// The `blocks` map: block id → name, both non-empty texts (ids kept as written, even all digits).
    static func blockNames(_ node: Node) throws -> [String: String] {
        let problem = Problem(
            key: "blocks", expected: "must map block ids to names, e.g. {\"283438293839422334\": \"审批入口\"}")
        guard let mapping = node.mapping, !mapping.isEmpty else { throw problem }
        var names: [String: String] = [:]
        for (key, value) in mapping {
            guard let id = key.scalar?.string.trimmingCharacters(in: .whitespaces),
                let name = value.scalar?.string.trimmingCharacters(in: .whitespaces), !id.isEmpty, !name.isEmpty
            else { throw problem }
            names[id] = name
        }
        return names
    }

    /// A key that is wrong and what it should be; ``parse(_:name:)`` adds the file name.
    struct Problem: Error {
        let key: String
        let expected: String
    }

    init(from decoder: any Decoder) throws {
        try Self.rejectUnknownKeys(
            try decoder.container(keyedBy: AnyKey.self).allKeys, known: Key.allCases.map(\.rawValue), prefix: "")
        let c = try decoder.container(keyedBy: Key.self)
        var s = JobSettings()
        if let text = try Self.text(c, .period) {
            s.period = PeriodSelection(configText: text)
            // Resolving a month or week depends only on its text, so check it now.
            if let selection = s.period, (try? selection.resolve(today: CalendarDate(dayNumber: 0))) == nil {
                throw Problem(key: "period", expected: "'\(text)' is not last-month, last-week, YYYY-MM or YYYY-Www")
            }
        }
        s.title = try Self.text(c, .title)
        s.top = try Self.number(c, .top, ReportOptions.topRange)
        if let text = try Self.text(c, .language) {
            guard let language = ReportLanguage(rawValue: text) else {
                throw Problem(key: "language", expected: "must be \(ReportLanguage.choices)")
            }
            s.language = language
        }
        if let zone = try Self.text(c, .timezone) {
            guard TimeZone(identifier: zone) != nil else {
                throw Problem(
                    key: "timezone", expected: "is not a known time zone; use an IANA name such as Asia/Shanghai")
            }
            s.timezone = zone
        }
        s.workplaceIDs = try Self.texts(c, .workplaceIDs)
        if let names = try Self.texts(c, .formats) {
            do {
                s.formats = try ReportFormat.parseList(names)
            } catch let error as UsageError {
                throw Problem(key: "formats", expected: "is wrong: \(error.description)")
            }
        }
        s.outDir = try Self.text(c, .outDir)
        s.templates = try Self.text(c, .templates)
        if let url = try Self.text(c, .baseURL) {
            do {
                _ = try FeishuBaseURL(url)
            } catch {
                throw Problem(key: "base_url", expected: "is not an API origin: \(error)")
            }
            s.baseURL = url
        }
        s.pageSize = try Self.number(c, .pageSize, FetchQuery.pageSizes)
        s.concurrency = try Self.number(c, .concurrency, FeishuClientConfiguration.concurrencyRange)
        s.store = try Self.text(c, .store)
        s.refetchDays = try Self.number(c, .refetchDays, FetchOptions.refetchDaysRange)
        s.rateMarginMs = try Self.number(c, .rateMarginMs, FeishuClientConfiguration.windowMarginRange)
        if let names = try Self.texts(c, .datasets) {
            do {
                s.datasets = try DatasetKind.parseList(
                    names.flatMap { $0.split(separator: ",").map(String.init) }, flag: "datasets")
            } catch let error as UsageError {
                throw Problem(key: "datasets", expected: "is wrong: \(error.description)")
            }
        }
        // `blocks` is read from the YAML node itself (``blockNames(_:)``): the decoder cannot look up
        // keys such as "283438293839422334" that read as numbers.
        if c.contains(.mail) {
            let mail: KeyedDecodingContainer<MailKey>
            do {
                mail = try c.nestedContainer(keyedBy: MailKey.self, forKey: .mail)
            } catch {
                throw Problem(key: "mail", expected: "must hold from, to and subject")
            }
            try Self.rejectUnknownKeys(
                try c.nestedContainer(keyedBy: AnyKey.self, forKey: .mail).allKeys,
                known: MailKey.allCases.map(\.rawValue), prefix: "mail.")
            s.mailFrom = try Self.text(mail, .from, label: "mail.from")
            s.mailTo = try Self.texts(mail, .to, label: "mail.to")
            s.subject = try Self.text(mail, .subject, label: "mail.subject")
        }
        if c.contains(.feishu) {
            let feishu: KeyedDecodingContainer<FeishuKey>
            do {
                feishu = try c.nestedContainer(keyedBy: FeishuKey.self, forKey: .feishu)
            } catch {
                throw Problem(
                    key: "feishu", expected: "must hold chats (a list of chat ids) and webhook (true or false)")
            }
            let keys = try c.nestedContainer(keyedBy: AnyKey.self, forKey: .feishu).allKeys
            for key in keys.map(\.stringValue).sorted() where FeishuKey(rawValue: key) == nil {
                if ["webhook_url", "webhook_secret", "url", "secret", "token"].contains(key.lowercased()) {
                    throw Problem(
                        key: "feishu.\(key)",
                        expected:
                            "is not allowed: the hook URL and its secret stay in the environment (FEISHU_WEBHOOK_URL, FEISHU_WEBHOOK_SECRET)"
                    )
                }
            }
            try Self.rejectUnknownKeys(keys, known: FeishuKey.allCases.map(\.rawValue), prefix: "feishu.")
            if let chats = try Self.texts(feishu, .chats, label: "feishu.chats") {
                for chat in chats {
                    if let problem = DeliveryPlan.problem(chat: chat) {
                        throw Problem(key: "feishu.chats", expected: "is wrong: \(problem)")
                    }
                }
                s.feishuChats = chats
            }
            if feishu.contains(.webhook) {
                guard let flag = try? feishu.decode(Bool.self, forKey: .webhook) else {
                    throw Problem(key: "feishu.webhook", expected: "must be true or false")
                }
                s.feishuWebhook = flag
            }
        }
        settings = s
    }

    /// Any key, to list what a map holds.
    private struct AnyKey: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    private static func rejectUnknownKeys(_ keys: [AnyKey], known: [String], prefix: String) throws {
        for key in keys.map(\.stringValue).sorted() where !known.contains(key) {
            if prefix.isEmpty, secretKeys.contains(key.lowercased()) {
                throw Problem(
                    key: key,
                    expected:
                        "is not allowed: secrets stay in the environment (FEISHU_APP_SECRET, FEISHU_TENANT_ACCESS_TOKEN)"
                )
            }
            throw Problem(
                key: prefix + key, expected: "is not a known key; known keys: \(known.sorted().joined(separator: ", "))"
            )
        }
    }

    private static func text<K: CodingKey>(
        _ c: KeyedDecodingContainer<K>, _ key: K, label: String? = nil
    ) throws -> String? {
        guard c.contains(key) else { return nil }
        guard let value = try? c.decode(String.self, forKey: key), !value.isEmpty else {
            throw Problem(key: label ?? key.stringValue, expected: "must be a non-empty text")
        }
        return value
    }

    private static func texts<K: CodingKey>(
        _ c: KeyedDecodingContainer<K>, _ key: K, label: String? = nil
    ) throws -> [String]? {
        guard c.contains(key) else { return nil }
        if let list = try? c.decode([String].self, forKey: key), !list.isEmpty, list.allSatisfy({ !$0.isEmpty }) {
            return list
        }
        if let value = try? c.decode(String.self, forKey: key), !value.isEmpty { return [value] }
        throw Problem(key: label ?? key.stringValue, expected: "must be a text or a list of texts")
    }

    private static func number(
        _ c: KeyedDecodingContainer<Key>, _ key: Key, _ range: ClosedRange<Int>
    ) throws -> Int? {
        guard c.contains(key) else { return nil }
        guard let value = try? c.decode(Int.self, forKey: key), range.contains(value) else {
            throw Problem(
                key: key.stringValue, expected: "must be a whole number from \(range.lowerBound) to \(range.upperBound)"
            )
        }
        return value
    }
}

extension PeriodSelection {
    /// The selection a config file's `period` names: last-month, last-week, YYYY-Www or YYYY-MM.
    init(configText text: String) {
        switch text {
        case "last-month": self = .lastMonth
        case "last-week": self = .lastWeek
        case _ where text.contains("W"): self = .week(text)
        default: self = .month(text)
        }
    }
}
