import WorkplaceModel

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The JSON shapes of the two endpoints, as the seed document and the token doc describe them.
///
/// Every field is optional here so that a missing one becomes a clear error message, not a decoder dump.
/// Field names are the wire's snake_case names in camel case (the coders convert).
enum Wire {
    /// Encodes request bodies with snake_case keys.
    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return encoder
    }

    /// Decodes answers with snake_case keys.
    static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }

    /// The envelope every Open API answer shares; `data` is a search endpoint's page of `Element`s.
    struct Envelope<Element: Decodable>: Decodable {
        var code: Int?
        var msg: String?
        var data: Page<Element>?
        var error: ErrorDetail?
    }

    /// `data` of a search endpoint.
    struct Page<Element: Decodable>: Decodable {
        var items: [Element]?
        var hasMore: Bool?
        var pageToken: String?
    }

    /// The custom-workplace endpoint's envelope.
    typealias SearchEnvelope = Envelope<Item>
    /// The custom-workplace endpoint's page.
    typealias SearchData = Page<Item>

    /// One `workplace_access_data` item: a day of the whole and the default workplace.
    struct OverallItem: Decodable {
        var date: String?
        var allWorkplace: AccessData?
        var defaultWorkplace: AccessData?
    }

    /// One `workplace_block_access_data` item: a day of one block.
    struct BlockItem: Decodable {
        var blockId: String?
        var date: String?
        var accessData: AccessData?
    }

    /// One `custom_workplace_access_data` item.
    struct Item: Decodable {
        var customWorkplaceId: String?
        var accessData: AccessData?
        var date: String?
        var customWorkplaceName: [I18nName]?
    }

    /// `access_data`: each count as read (a number of any kind, null, or not a number), so that the
    /// model's ``ItemRules`` judge it exactly as they judge a file's.
    struct AccessData: Decodable {
        var pv: ItemCount?
        var uv: ItemCount?

        enum CodingKeys: String, CodingKey {
            case pv, uv
        }

        init(pv: ItemCount?, uv: ItemCount?) {
            self.pv = pv
            self.uv = uv
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            pv = container.contains(.pv) ? Self.count(container, .pv) : nil
            uv = container.contains(.uv) ? Self.count(container, .uv) : nil
        }

        private static func count(_ container: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys) -> ItemCount {
            if (try? container.decodeNil(forKey: key)) == true { return .null }
            if let n = try? container.decode(Int64.self, forKey: key) { return .integer(n) }
            guard let d = try? container.decode(Double.self, forKey: key) else { return .notANumber }
            if d.rounded() != d { return .fraction("\(d)") }
            if let n = Int64(exactly: d) { return .integer(n) }
            return d < 0 ? .negative("\(d)") : .tooLarge("\(d)")
        }
    }

    /// One `i18n_name`.
    struct I18nName: Decodable {
        var language: String?
        var name: String?
    }

    /// The fields every failed answer shares, read from any status for the error's context.
    struct Failure: Decodable {
        var code: Int?
        var msg: String?
        var error: ErrorDetail?
    }

    /// `error` of a failed answer (only `log_id` is used).
    struct ErrorDetail: Decodable {
        var logId: String?
    }

    /// The token endpoint's answer: fields at the top level, no `data`.
    struct TokenAnswer: Decodable {
        var code: Int?
        var msg: String?
        var tenantAccessToken: String?
        var expire: Int?
        var error: ErrorDetail?
    }

    /// The token request body.
    struct TokenRequest: Encodable {
        var appId: String
        var appSecret: String
    }

    /// Decodes `T` from `bytes`, or returns a one-line reason (line and column when the JSON is broken).
    static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) -> Result<T, WireProblem> {
        do {
            return .success(try decoder.decode(T.self, from: Data(bytes)))
        } catch let error as DecodingError {
            return .failure(WireProblem(error, bodyBytes: bytes.count))
        } catch {
            return .failure(WireProblem(detail: "undecodable body (\(bytes.count) bytes)", notJSON: true))
        }
    }
}

extension Wire {
    /// An item that passed the model's ``ItemRules``.
    struct CheckedItem {
        var id: String
        var date: CalendarDate
        var pv: Int64
        var uv: Int64
        var names: [LocalizedName]
    }
}

extension Wire.Item {
    /// The item checked by the model's ``ItemRules``: the same rules, and messages, as a file's items.
    func checked() throws(ItemProblem) -> Wire.CheckedItem {
        try ItemRules.checkWorkplaceID(byteCount: customWorkplaceId?.utf8.count)
        let date = try ItemRules.date(self.date)
        let pv = try accessData?.pv.map { (c) throws(ItemProblem) in try ItemRules.count(c, .pv) }
        let uv = try accessData?.uv.map { (c) throws(ItemProblem) in try ItemRules.count(c, .uv) }
        let counts = try ItemRules.counts(hasAccessData: accessData != nil, pv: pv, uv: uv)
        var names: [LocalizedName] = []
        for (n, name) in (customWorkplaceName ?? []).enumerated() {
            names.append(try ItemRules.name(language: name.language, name: name.name, at: n))
        }
        return Wire.CheckedItem(id: customWorkplaceId ?? "", date: date, pv: counts.pv, uv: counts.uv, names: names)
    }
}

extension Wire.OverallItem {
    /// The item as a record, checked by the model's ``ItemRules`` (counts: whole numbers from 0); the
    /// messages name the wire's fields (`all_workplace.pv`).
    func checked() throws(WireItemProblem) -> OverallRecord {
        let day: CalendarDate
        do { day = try ItemRules.date(date) } catch { throw WireItemProblem(error.description) }
        let all = try Wire.counts(allWorkplace, field: "all_workplace")
        let defaults = try Wire.counts(defaultWorkplace, field: "default_workplace")
        return OverallRecord(date: day, allPV: all.pv, allUV: all.uv, defaultPV: defaults.pv, defaultUV: defaults.uv)
    }
}

extension Wire.BlockItem {
    /// The item checked by the model's ``ItemRules``, its `block_id` a non-empty text.
    func checked() throws(WireItemProblem) -> (id: String, date: CalendarDate, pv: Int64, uv: Int64) {
        guard let blockId else { throw WireItemProblem("block_id is missing") }
        guard !blockId.isEmpty else { throw WireItemProblem("block_id is empty") }
        let day: CalendarDate
        do { day = try ItemRules.date(date) } catch { throw WireItemProblem(error.description) }
        let counts = try Wire.counts(accessData, field: "access_data")
        return (blockId, day, counts.pv, counts.uv)
    }
}

extension Wire {
    /// The pv and uv of an `{pv, uv}` object named `field`, by ``ItemRules``.
    static func counts(_ data: AccessData?, field: String) throws(WireItemProblem) -> (pv: Int64, uv: Int64) {
        guard let data else { throw WireItemProblem("\(field) is missing") }
        do {
            let pv = try data.pv.map { (c) throws(ItemProblem) in try ItemRules.count(c, .pv) }
            let uv = try data.uv.map { (c) throws(ItemProblem) in try ItemRules.count(c, .uv) }
            return try ItemRules.counts(hasAccessData: true, pv: pv, uv: uv)
        } catch {
            // ItemRules name the custom endpoint's `access_data`; the sibling endpoints use other objects.
            let text = error.description
            let old = "access_data."
            guard field != "access_data", text.hasPrefix(old) else { throw WireItemProblem(text) }
            throw WireItemProblem(field + "." + text.dropFirst(old.count))
        }
    }
}

/// Why one item of a sibling endpoint is not a valid record, in one line.
struct WireItemProblem: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}

/// Why a body could not be read, in one line.
struct WireProblem: Error {
    var detail: String
    /// The body is not JSON at all (truncated, empty, an HTML page), as opposed to JSON of the wrong shape.
    var notJSON = false

    init(detail: String, notJSON: Bool = false) {
        self.detail = detail
        self.notJSON = notJSON
    }

    init(_ error: DecodingError, bodyBytes: Int) {
        func path(_ keys: [any CodingKey]) -> String {
            keys.isEmpty ? "the top level" : keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        }
        switch error {
        case .dataCorrupted(let c) where c.codingPath.isEmpty:
            detail = "not valid JSON (\(bodyBytes) bytes)"
            notJSON = true
        case .dataCorrupted(let c):
            detail = "bad value at \(path(c.codingPath))"
        case .typeMismatch(let t, let c):
            detail = "expected \(t) at \(path(c.codingPath))"
        case .valueNotFound(let t, let c):
            detail = "missing \(t) at \(path(c.codingPath))"
        case .keyNotFound(let k, let c):
            detail = "missing key \(k.stringValue) at \(path(c.codingPath))"
        @unknown default:
            detail = "undecodable body (\(bodyBytes) bytes)"
        }
    }
}
