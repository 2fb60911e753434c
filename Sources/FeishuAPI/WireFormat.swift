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

    /// The envelope every Open API answer shares; `data` is the search endpoint's payload.
    struct SearchEnvelope: Decodable {
        var code: Int?
        var msg: String?
        var data: SearchData?
        var error: ErrorDetail?
    }

    /// `data` of the search endpoint.
    struct SearchData: Decodable {
        var items: [Item]?
        var hasMore: Bool?
        var pageToken: String?
    }

    /// One `custom_workplace_access_data` item.
    struct Item: Decodable {
        var customWorkplaceId: String?
        var accessData: AccessData?
        var date: String?
        var customWorkplaceName: [I18nName]?
    }

    /// `access_data`.
    struct AccessData: Decodable {
        var pv: Int64?
        var uv: Int64?
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
