import Crypto
import HTTPTypes
import Hummingbird
import NIOCore
import NIOFoundationEssentialsCompat

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The delivery endpoints, with the checks the platform documents.
///
/// `POST /open-apis/im/v1/files` (multipart upload), `POST /open-apis/im/v1/messages` (text, file and
/// JSON 2.0 card messages) and a custom bot's webhook `POST /open-apis/bot/v2/hook/TOKEN`. Written from
/// the documents, sharing no type with the client.
enum DeliveryRoutes {
    static let filesPath = "/open-apis/im/v1/files"
    static let messagesPath = "/open-apis/im/v1/messages"
    static let hookPrefix = "/open-apis/bot/v2/hook"

    static let fileTypes: Set<String> = ["opus", "mp4", "pdf", "doc", "xls", "ppt", "stream"]
    static let messageTypes: Set<String> = [
        "text", "post", "image", "file", "audio", "media", "sticker", "interactive", "share_chat", "share_user",
        "system",
    ]
    static let webhookTypes: Set<String> = ["text", "post", "image", "share_chat", "interactive"]

    static func add(to router: Router<BasicRequestContext>, state: SimulatorState, delivery: DeliveryState) {
        router.post(RouterPath(filesPath)) { request, _ -> Response in
            let logID = await state.nextLogID()
            let (_, fault) = await delivery.nextUpload()
            if let answer = await authorize(request, state: state, logID: logID) { return answer }
            if let fault { return scripted(fault, logID: logID) }
            let limit = delivery.config.maximumUploadBytes
            let body: ByteBuffer
            do {
                body = try await request.body.collect(upTo: limit + 64 * 1024)
            } catch {
                _ = await delivery.recordUpload(fileType: "", fileName: "", bytes: [], code: 234006)
                return failure(234006, "file size exceed the max value.", logID: logID)
            }
            guard let boundary = boundary(request.headers[.contentType]) else {
                return failure(234001, "Invalid request param: not multipart/form-data.", logID: logID)
            }
            let parts = Multipart.parse(Array(buffer: body), boundary: boundary)
            let fields = Dictionary(parts.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
            let fileType = fields["file_type"].map { String(decoding: $0.body, as: UTF8.self) } ?? ""
            let fileName = fields["file_name"].map { String(decoding: $0.body, as: UTF8.self) } ?? ""
            guard fileTypes.contains(fileType), !fileName.isEmpty, let file = fields["file"], file.fileName != nil
            else {
                _ = await delivery.recordUpload(fileType: fileType, fileName: fileName, bytes: [], code: 234001)
                return failure(234001, "Invalid request param.", logID: logID)
            }
            if file.body.isEmpty {
                _ = await delivery.recordUpload(fileType: fileType, fileName: fileName, bytes: [], code: 234010)
                return failure(234010, "File's size can't be 0.", logID: logID)
            }
            if file.body.count > limit {
                _ = await delivery.recordUpload(fileType: fileType, fileName: fileName, bytes: [], code: 234006)
                return failure(234006, "file size exceed the max value.", logID: logID)
            }
            let key = await delivery.recordUpload(fileType: fileType, fileName: fileName, bytes: file.body, code: 0)
            return json(
                .ok, "{\"code\":0,\"msg\":\"success\",\"data\":{\"file_key\":\(JSONText.string(key ?? ""))}}",
                logID: logID)
        }

        router.post(RouterPath(messagesPath)) { request, _ -> Response in
            let logID = await state.nextLogID()
            let (_, fault) = await delivery.nextMessage()
            if let answer = await authorize(request, state: state, logID: logID) { return answer }
            let idType = request.uri.queryParameters["receive_id_type"].map(String.init) ?? ""
            let bytes = Array(buffer: try await request.body.collect(upTo: 1 << 20))
            let body = try? JSONDecoder().decode(AnyJSON.self, from: Data(bytes))
            let receiveID = body?["receive_id"]?.string ?? ""
            let msgType = body?["msg_type"]?.string ?? ""
            let contentValue = body?["content"]
            let content = contentValue?.string ?? ""
            let uuid = body?["uuid"]?.string
            func refuse(_ code: Int, _ message: String, status: HTTPResponse.Status = .badRequest) async -> Response {
                _ = await delivery.recordMessage(
                    receiveIDType: idType, receiveID: receiveID, msgType: msgType, content: content, uuid: uuid,
                    code: code)
                return json(status, JSONText.failure(code: code, message: message, logID: logID), logID: logID)
            }
            if let fault {
                let answer = scripted(fault, logID: logID)
                _ = await delivery.recordMessage(
                    receiveIDType: idType, receiveID: receiveID, msgType: msgType, content: content, uuid: uuid,
                    code: fault.code)
                return answer
            }
            guard idType == "chat_id" || ["open_id", "union_id", "user_id", "email"].contains(idType) else {
                return await refuse(230001, "invalid receive_id_type.")
            }
            guard body != nil, !receiveID.isEmpty, messageTypes.contains(msgType) else {
                return await refuse(230001, "Your request contains an invalid request parameter.")
            }
            guard let contentValue, contentValue.string != nil else {
                return await refuse(230001, "invalid content: content must be a string of JSON.")
            }
            if let uuid, uuid.count > 50 { return await refuse(230001, "invalid uuid: longer than 50 characters.") }
            guard idType == "chat_id", delivery.config.chats.contains(receiveID) else {
                return await refuse(230002, "Bot/User can NOT be out of the chat.")
            }
            guard await delivery.admitMessage(to: receiveID) else {
                return await refuse(230020, "request trigger frequency limit")
            }
            if let first = await delivery.existing(uuid: uuid) {
                _ = await delivery.recordMessage(
                    receiveIDType: idType, receiveID: receiveID, msgType: msgType, content: content, uuid: uuid,
                    code: 0, repeatOf: first)
                return json(
                    .ok, messageAnswer(id: first, chat: receiveID, msgType: msgType, content: content), logID: logID)
            }
            let sizeLimit = msgType == "text" ? 150 * 1024 : 30 * 1024
            guard content.utf8.count <= sizeLimit else {
                return await refuse(230025, "The message content is too long.")
            }
            switch msgType {
            case "interactive":
                if let problem = CardRules.check(content) { return await refuse(230099, problem) }
            case "file":
                guard let parsed = try? JSONDecoder().decode(AnyJSON.self, from: Data(content.utf8)),
                    let key = parsed["file_key"]?.string
                else { return await refuse(230001, "invalid content: file messages carry {\"file_key\":…}.") }
                guard await delivery.knows(fileKey: key) else {
                    return await refuse(230017, "Bot is NOT the owner of the resource.")
                }
            default:
                break
            }
            let id = await delivery.recordMessage(
                receiveIDType: idType, receiveID: receiveID, msgType: msgType, content: content, uuid: uuid, code: 0)
            return json(
                .ok, messageAnswer(id: id ?? "", chat: receiveID, msgType: msgType, content: content), logID: logID)
        }

        router.post(RouterPath(hookPrefix + "/:token")) { request, context -> Response in
            let logID = await state.nextLogID()
            let token = context.parameters.get("token") ?? ""
            let (_, fault) = await delivery.nextWebhook()
            let bytes: [UInt8]
            do {
                bytes = Array(buffer: try await request.body.collect(upTo: 20 * 1024))
            } catch {
                await delivery.recordWebhook(token: token, body: "", code: 9499)
                return json(.ok, "{\"code\":9499,\"msg\":\"Bad Request\",\"data\":{}}", logID: logID)
            }
            let text = String(decoding: bytes, as: UTF8.self)
            func answer(_ code: Int, _ message: String) async -> Response {
                await delivery.recordWebhook(token: token, body: text, code: code)
                if code == 0 {
                    return json(
                        .ok,
                        "{\"StatusCode\":0,\"StatusMessage\":\"success\",\"code\":0,\"data\":{},\"msg\":\"success\"}",
                        logID: logID)
                }
                return json(.ok, "{\"code\":\(code),\"msg\":\(JSONText.string(message)),\"data\":{}}", logID: logID)
            }
            guard token == delivery.config.webhookToken else {
                return await answer(19001, "param invalid: incoming webhook access token invalid")
            }
            if case .platformError(_, let code, let message)? = fault { return await answer(code, message) }
            guard let body = try? JSONDecoder().decode(AnyJSON.self, from: Data(bytes)), body.object != nil else {
                return await answer(9499, "Bad Request")
            }
            if let secret = delivery.config.webhookSecret {
                let now = delivery.config.wallClock()
                let stamp =
                    body["timestamp"]?.string.flatMap { Int64($0) } ?? body["timestamp"]?.number.map { Int64($0) }
                guard let stamp, abs(now - stamp) <= 3600, let sign = body["sign"]?.string,
                    sign == signature(timestamp: stamp, secret: secret)
                else {
                    return await answer(19021, "sign match fail or timestamp is not within one hour from current time")
                }
            }
            guard let msgType = body["msg_type"]?.string, webhookTypes.contains(msgType) else {
                return await answer(9499, "Bad Request")
            }
            if let keyword = delivery.config.webhookKeyword,
                !body.texts(skipping: ["msg_type", "timestamp", "sign", "href", "url", "tag"]).contains(where: {
                    $0.contains(keyword)
                })
            {
                return await answer(19024, "Key Words Not Found")
            }
            if msgType == "interactive" {
                guard let card = body["card"], card.object != nil else { return await answer(9499, "Bad Request") }
                if let problem = CardRules.check(card) { return await answer(9499, problem) }
            }
            return await answer(0, "success")
        }
    }

    /// The custom bot's signature: Base64 of HMAC-SHA256 keyed with `"TIMESTAMP\nSECRET"` over no bytes.
    static func signature(timestamp: Int64, secret: String) -> String {
        let key = SymmetricKey(data: Array("\(timestamp)\n\(secret)".utf8))
        let mac = HMAC<SHA256>.authenticationCode(for: [UInt8](), using: key)
        return Data(mac).base64EncodedString()
    }

    /// Nil when the bearer token is valid, else the platform's answer.
    private static func authorize(_ request: Request, state: SimulatorState, logID: String) async -> Response? {
        switch await state.checkToken(request.headers[.authorization]) {
        case nil: return nil
        case .missingToken?:
            return failure(99991661, "Missing access token for authorization.", logID: logID)
        default:
            return failure(99991663, "Invalid access token for authorization.", logID: logID)
        }
    }

    private static func scripted(_ fault: SimulatedFault, logID: String) -> Response {
        switch fault {
        case .platformError(let status, let code, let message):
            return json(
                HTTPResponse.Status(code: status), JSONText.failure(code: code, message: message, logID: logID),
                logID: logID)
        case .rateLimited(let reset, _):
            var response = json(
                .tooManyRequests,
                JSONText.failure(code: 99991400, message: "request trigger frequency limit", logID: logID),
                logID: logID)
            if let reset { response.headers[HTTPField.Name("x-ogw-ratelimit-reset")!] = String(reset) }
            return response
        case .serverError(let status):
            var response = Response(
                status: HTTPResponse.Status(code: status),
                body: ResponseBody(byteBuffer: ByteBuffer(string: "<html><body>\(status) Bad Gateway</body></html>")))
            response.headers[.contentType] = "text/html"
            return response
        default:
            return failure(1, "unscripted fault", logID: logID, status: .internalServerError)
        }
    }

    private static func messageAnswer(id: String, chat: String, msgType: String, content: String) -> String {
        "{\"code\":0,\"msg\":\"success\",\"data\":{\"message_id\":\(JSONText.string(id)),\"msg_type\":"
            + "\(JSONText.string(msgType)),\"chat_id\":\(JSONText.string(chat)),\"deleted\":false,\"updated\":false,"
            + "\"body\":{\"content\":\(JSONText.string(content))}}}"
    }

    private static func failure(
        _ code: Int, _ message: String, logID: String, status: HTTPResponse.Status = .badRequest
    ) -> Response {
        json(status, JSONText.failure(code: code, message: message, logID: logID), logID: logID)
    }

    private static func json(_ status: HTTPResponse.Status, _ text: String, logID: String) -> Response {
        var response = Response(status: status, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
        response.headers[.contentType] = "application/json; charset=utf-8"
        response.headers[HTTPField.Name("X-Tt-Logid")!] = logID
        return response
    }

    /// The `boundary` parameter of a `multipart/form-data` content type.
    static func boundary(_ contentType: String?) -> String? {
        guard let contentType, contentType.lowercased().hasPrefix("multipart/form-data") else { return nil }
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = String(parameter.drop { $0 == " " || $0 == "\t" })
            if pair.lowercased().hasPrefix("boundary=") {
                var value = String(pair.dropFirst("boundary=".count))
                if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 {
                    value = String(value.dropFirst().dropLast())
                }
                return value.isEmpty ? nil : value
            }
        }
        return nil
    }
}

extension SimulatedFault {
    /// The API code this fault answers with, for the record of what was received.
    var code: Int {
        switch self {
        case .platformError(_, let code, _): return code
        case .rateLimited: return 99991400
        default: return -1
        }
    }
}

/// A `multipart/form-data` body taken apart (RFC 7578): each part's name, file name and bytes.
enum Multipart {
    struct Part {
        var name: String
        var fileName: String?
        var body: [UInt8]
    }

    static func parse(_ bytes: [UInt8], boundary: String) -> [Part] {
        let delimiter = Array("--\(boundary)".utf8)
        var parts: [Part] = []
        guard var start = find(delimiter, in: bytes, from: 0) else { return [] }
        while true {
            var cursor = start + delimiter.count
            // "--" after the delimiter ends the body.
            if cursor + 1 < bytes.count, bytes[cursor] == 0x2D, bytes[cursor + 1] == 0x2D { break }
            guard cursor + 1 < bytes.count, bytes[cursor] == 0x0D, bytes[cursor + 1] == 0x0A else { break }
            cursor += 2
            guard let headerEnd = find(Array("\r\n\r\n".utf8), in: bytes, from: cursor) else { break }
            let headers = String(decoding: bytes[cursor..<headerEnd], as: UTF8.self)
            let contentStart = headerEnd + 4
            guard let next = find(Array("\r\n".utf8) + delimiter, in: bytes, from: contentStart) else { break }
            var name = ""
            var fileName: String?
            for line in headers.split(separator: "\r\n") where line.lowercased().hasPrefix("content-disposition:") {
                name = parameter("name", in: String(line)) ?? ""
                fileName = parameter("filename", in: String(line))
            }
            parts.append(Part(name: name, fileName: fileName, body: Array(bytes[contentStart..<next])))
            start = next + 2
        }
        return parts
    }

    /// `key="value"` in a header line (`name` does not match inside `filename`).
    private static func parameter(_ key: String, in line: String) -> String? {
        for piece in line.split(separator: ";").dropFirst() {
            let pair = String(piece.drop { $0 == " " || $0 == "\t" })
            guard pair.hasPrefix(key + "=") else { continue }
            var value = String(pair.dropFirst(key.count + 1))
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 {
                value = String(value.dropFirst().dropLast())
            }
            return value
        }
        return nil
    }

    private static func find(_ needle: [UInt8], in bytes: [UInt8], from: Int) -> Int? {
        guard !needle.isEmpty, bytes.count >= needle.count else { return nil }
        var i = from
        let last = bytes.count - needle.count
        while i <= last {
            if bytes[i] == needle[0] {
                var j = 1
                while j < needle.count && bytes[i + j] == needle[j] { j += 1 }
                if j == needle.count { return i }
            }
            i += 1
        }
        return nil
    }
}

/// The checks the platform applies to a JSON 2.0 card (card JSON 2.0 structure and release notes).
enum CardRules {
    /// Tags a JSON 2.0 card may use.
    static let tags: Set<String> = [
        "markdown", "plain_text", "lark_md", "div", "hr", "column_set", "column", "chart", "table", "img",
        "img_combination", "button", "person", "person_list", "collapsible_panel", "interactive_container", "form",
        "input", "select_static", "multi_select_static", "select_person", "multi_select_person", "date_picker",
        "picker_time", "picker_datetime", "overflow", "checker", "select_img", "standard_icon", "custom_icon",
        "audio", "text_tag",
    ]
    /// Tags of JSON 1.0 that 2.0 dropped (sub-code 200861).
    static let oldTags: Set<String> = ["note", "action"]
    /// The keys allowed at the top of a 2.0 card.
    static let topKeys: Set<String> = ["schema", "config", "card_link", "header", "body"]

    /// Nil when `content` (the card as a JSON string) passes, else the platform's message with its sub-code.
    static func check(_ content: String) -> String? {
        guard let card = try? JSONDecoder().decode(AnyJSON.self, from: Data(content.utf8)) else {
            return fail(200621, "parse card json err, please check whether the card json is correct")
        }
        return check(card)
    }

    /// Nil when `card` passes, else the platform's message with its sub-code.
    static func check(_ card: AnyJSON) -> String? {
        guard let top = card.object else { return fail(200621, "the card is not a JSON object") }
        guard top["schema"]?.string == "2.0" else {
            return fail(200621, "this simulator takes JSON 2.0 cards only: declare \"schema\": \"2.0\"")
        }
        for key in top.keys.sorted() where !topKeys.contains(key) {
            return fail(200621, "unknown property '\(key)' at the top of a 2.0 card")
        }
        guard let elements = top["body"]?["elements"]?.array else {
            return fail(200621, "a 2.0 card needs body.elements")
        }
        var count = 0
        if let problem = walk(.array(elements), count: &count) { return problem }
        if let header = top["header"], let problem = walk(header, count: &count, counts: false) { return problem }
        if count > 200 { return fail(11310, "card element exceeds the limit (\(count) > 200)") }
        return nil
    }

    private static func walk(_ value: AnyJSON, count: inout Int, counts: Bool = true) -> String? {
        switch value {
        case .array(let items):
            for item in items { if let problem = walk(item, count: &count, counts: counts) { return problem } }
        case .object(let fields):
            if let tag = fields["tag"]?.string {
                if oldTags.contains(tag) { return fail(200861, "tag '\(tag)' is not supported in a 2.0 card") }
                guard tags.contains(tag) else { return fail(200621, "unknown tag '\(tag)'") }
                if counts && tag != "plain_text" && tag != "lark_md" { count += 1 }
            }
            for (key, item) in fields where key != "chart_spec" {
                if let problem = walk(item, count: &count, counts: counts) { return problem }
            }
        default:
            break
        }
        return nil
    }

    private static func fail(_ subCode: Int, _ message: String) -> String {
        "Failed to create card content, ext=ErrCode: \(subCode); ErrMsg: \(message)"
    }
}

/// Any JSON value, decoded without the client's types.
enum AnyJSON: Decodable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([AnyJSON])
    case object([String: AnyJSON])

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .null
        } else if let b = try? c.decode(Bool.self) {
            self = .bool(b)
        } else if let n = try? c.decode(Double.self) {
            self = .number(n)
        } else if let s = try? c.decode(String.self) {
            self = .string(s)
        } else if let a = try? c.decode([AnyJSON].self) {
            self = .array(a)
        } else {
            self = .object(try c.decode([String: AnyJSON].self))
        }
    }

    subscript(key: String) -> AnyJSON? { object?[key] }

    var object: [String: AnyJSON]? {
        if case .object(let o) = self { return o }
        return nil
    }

    var array: [AnyJSON]? {
        if case .array(let a) = self { return a }
        return nil
    }

    var string: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    var number: Double? {
        if case .number(let n) = self { return n }
        return nil
    }

    /// Every string value, except those under the keys in `skipping`.
    func texts(skipping: Set<String>) -> [String] {
        switch self {
        case .string(let s): return [s]
        case .array(let a): return a.flatMap { $0.texts(skipping: skipping) }
        case .object(let o):
            return o.filter { !skipping.contains($0.key) }.flatMap { $0.value.texts(skipping: skipping) }
        default: return []
        }
    }
}
