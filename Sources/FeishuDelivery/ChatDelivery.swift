import Crypto
import FeishuAPI
import Foundation
import Logging
import Synchronization
import WorkplaceModel

/// One message delivery posted.
public struct DeliveredMessage: Sendable, Hashable {
    /// The chat (`oc_…`).
    public var chatID: String
    /// `interactive` (the card) or `file` (the workbook).
    public var msgType: String
    /// The `uuid` sent: the same report and chat give the same one, so a rerun within the hour posts nothing new.
    public var uuid: String
    /// The message id Feishu answered (`om_…`).
    public var messageID: String
}

/// What a chat delivery did.
public struct ChatDeliveryResult: Sendable {
    /// Every message posted, in order.
    public var messages: [DeliveredMessage]
    /// The uploaded workbook's key, when it was uploaded.
    public var fileKey: String?
    /// Why the workbook was not sent although the cards were (too large), or nil.
    public var fileNotSent: DeliveryError?
}

/// Delivery into Feishu chats with the app's own identity (its bot): upload the workbook once
/// (`POST /open-apis/im/v1/files`, multipart, `file_type=xls`), then to each chat the card (`msg_type
/// interactive`) and the file message (`msg_type file`), each with a `uuid` derived from the report and
/// the chat, at most 5 messages a second to one chat.
public struct ChatDelivery: Sendable {
    /// The upload endpoint.
    public static let filesPath = "/open-apis/im/v1/files"
    /// The message endpoint.
    public static let messagesPath = "/open-apis/im/v1/messages"
    /// The largest file Feishu takes (30 MB); a larger workbook is not uploaded.
    public static let maximumFileBytes = 30 * 1024 * 1024

    private let exchange: DeliveryExchange
    private let configuration: DeliveryConfiguration
    private let messages: RateLimiter
    private let chatLimiters: ChatLimiters

    /// A delivery with `client`'s token (the same app as the fetch).
    public init(
        client: FeishuClient, configuration: DeliveryConfiguration,
        transport: any FeishuTransport = HTTPClientTransport(), logger: Logger
    ) {
        self.configuration = configuration
        exchange = DeliveryExchange(configuration: configuration, transport: transport, logger: logger, client: client)
        // The endpoint's own limit: 50 per second for the app.
        messages = RateLimiter(limit: 50, window: .seconds(1) + configuration.windowMargin, clock: configuration.clock)
        chatLimiters = ChatLimiters(configuration)
    }

    /// The `uuid` of a message: `wr-` and 40 hex digits of SHA-256 over the report's identity, the chat
    /// and the message kind (at most 50 characters, as the API requires).
    public static func uuid(identity: [UInt8], chat: String, kind: String) -> String {
        var bytes = identity
        bytes.append(0)
        bytes.append(contentsOf: Array(chat.utf8))
        bytes.append(0)
        bytes.append(contentsOf: Array(kind.utf8))
        let digest = SHA256.hash(data: bytes)
        return "wr-" + digest.prefix(20).map { String($0, radix: 16).leftPadded() }.joined()
    }

    /// Uploads `workbook` (when given), then posts `card` and the file to every chat in `chats`.
    /// - Parameters:
    ///   - card: the card JSON (the `content` of the card message).
    ///   - identity: bytes that stand for the report (not its time stamp), for the uuids.
    /// - Returns: the messages posted, and why the workbook was not sent if it was not.
    /// - Throws: ``DeliveryError`` (or `FeishuError` for the token) for anything but a workbook that is too large.
    public func deliver(
        card: [UInt8], workbook: URL?, identity: [UInt8], to chats: [String], logger: Logger,
        posted: (@Sendable (DeliveredMessage) -> Void)? = nil
    ) async throws -> ChatDeliveryResult {
        var result = ChatDeliveryResult(messages: [], fileKey: nil, fileNotSent: nil)
        if let workbook {
            let size = (try? FileManager.default.attributesOfItem(atPath: workbook.path)[.size] as? NSNumber)?.intValue
            guard let size else {
                throw DeliveryError(.internal, "the workbook \(workbook.path) cannot be read for the upload")
            }
            if size > Self.maximumFileBytes {
                result.fileNotSent = DeliveryError(
                    .fileNotSent,
                    "the workbook \(workbook.lastPathComponent) (\(Self.megabytes(size))) was not sent to the chat:"
                        + " Feishu takes files up to 30 MB; the card was sent; share the file from \(workbook.path)")
            } else {
                do {
                    result.fileKey = try await upload(workbook)
                } catch let error as DeliveryError where error.category == .fileNotSent {
                    result.fileNotSent = DeliveryError(
                        .fileNotSent,
                        "the workbook \(workbook.lastPathComponent) was not sent: \(error.description); the card was"
                            + " sent; share the file from \(workbook.path)")
                }
            }
        }
        for chat in chats {
            var items: [(String, String)] = [("interactive", String(decoding: card, as: UTF8.self))]
            if let key = result.fileKey { items.append(("file", "{\"file_key\":\(JSONString.literal(key))}")) }
            for (msgType, content) in items {
                let uuid = Self.uuid(identity: identity, chat: chat, kind: msgType)
                let id = try await send(
                    chat: chat, msgType: msgType, content: content, uuid: uuid, limiter: chatLimiters[chat])
                let message = DeliveredMessage(chatID: chat, msgType: msgType, uuid: uuid, messageID: id)
                result.messages.append(message)
                logger.info("posted \(msgType == "file" ? "the workbook" : "the card") to \(chat) (\(id))")
                posted?(message)
            }
        }
        return result
    }

    private func upload(_ workbook: URL) async throws -> String {
        let bytes: [UInt8]
        do {
            bytes = Array(try Data(contentsOf: workbook))
        } catch {
            throw DeliveryError(.internal, "the workbook \(workbook.path) cannot be read for the upload")
        }
        let name = workbook.lastPathComponent
        let form = MultipartForm(fields: [("file_type", "xls"), ("file_name", name)], fileName: name, file: bytes)
        let url = configuration.baseURL.url(path: Self.filesPath)
        let timeout = configuration.requestTimeout
        let data = try await exchange.send(
            .upload, context: APIErrorContext(endpoint: Self.filesPath), chat: nil, displayURL: url, limiter: nil
        ) { token in
            TransportRequest(
                url: url,
                headers: [("Authorization", "Bearer " + token), ("Content-Type", form.contentType)],
                body: form.body, timeout: timeout)
        }
        guard let key = data["file_key"], !key.isEmpty else {
            throw DeliveryError(.unavailable, "the upload answer has no data.file_key (POST \(Self.filesPath))")
        }
        return key
    }

    private func send(chat: String, msgType: String, content: String, uuid: String, limiter: RateLimiter)
        async throws -> String
    {
        let body =
            "{\"receive_id\":\(JSONString.literal(chat)),\"msg_type\":\(JSONString.literal(msgType)),"
            + "\"content\":\(JSONString.literal(content)),\"uuid\":\(JSONString.literal(uuid))}"
        let url = configuration.baseURL.url(path: Self.messagesPath, query: [("receive_id_type", "chat_id")])
        let timeout = configuration.requestTimeout
        // The endpoint's budget for the whole app first, then the chat's (retries wait for the chat's only).
        try await messages.acquire()
        let data = try await exchange.send(
            .message, context: APIErrorContext(endpoint: Self.messagesPath, shard: "chat \(chat)"), chat: chat,
            displayURL: url, limiter: limiter
        ) { token in
            TransportRequest(
                url: url,
                headers: [
                    ("Authorization", "Bearer " + token), ("Content-Type", "application/json; charset=utf-8"),
                ], body: Array(body.utf8), timeout: timeout)
        }
        guard let id = data["message_id"], !id.isEmpty else {
            throw DeliveryError(.unavailable, "the send answer has no data.message_id (POST \(Self.messagesPath))")
        }
        return id
    }

    static func megabytes(_ bytes: Int) -> String {
        let tenths = (bytes * 10 + 512 * 1024) / (1024 * 1024)
        return "\(tenths / 10).\(tenths % 10) MB"
    }
}

/// One send budget per chat, kept for the life of the delivery so that every call shares it.
final class ChatLimiters: Sendable {
    private let limiters = Mutex([String: RateLimiter]())
    private let configuration: DeliveryConfiguration

    init(_ configuration: DeliveryConfiguration) {
        self.configuration = configuration
    }

    subscript(chat: String) -> RateLimiter {
        limiters.withLock { all in
            if let limiter = all[chat] { return limiter }
            let limiter = RateLimiter(
                limit: configuration.messagesPerChatPerSecond, window: .seconds(1) + configuration.windowMargin,
                clock: configuration.clock)
            all[chat] = limiter
            return limiter
        }
    }
}

extension String {
    /// Two hex digits.
    fileprivate func leftPadded() -> String { count < 2 ? "0" + self : self }
}

/// A `multipart/form-data` body (RFC 7578): text fields, then one file.
struct MultipartForm {
    let boundary: String
    let body: [UInt8]

    var contentType: String { "multipart/form-data; boundary=\(boundary)" }

    init(fields: [(String, String)], fileName: String, file: [UInt8]) {
        // A boundary that cannot occur in the file: hex of the file's digest.
        let digest = SHA256.hash(data: file)
        boundary = "----workplace-report-" + digest.prefix(12).map { String($0, radix: 16).leftPadded() }.joined()
        var out: [UInt8] = []
        out.reserveCapacity(file.count + 1024)
        func line(_ text: String) { out.append(contentsOf: Array((text + "\r\n").utf8)) }
        let quotedName = fileName.replacingOccurrences(of: "\"", with: "%22").replacingOccurrences(of: "\r", with: "")
            .replacingOccurrences(of: "\n", with: "")
        for (name, value) in fields {
            line("--\(boundary)")
            line("Content-Disposition: form-data; name=\"\(name)\"")
            line("")
            line(value)
        }
        line("--\(boundary)")
        line("Content-Disposition: form-data; name=\"file\"; filename=\"\(quotedName)\"")
        line("Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        line("")
        out.append(contentsOf: file)
        line("")
        line("--\(boundary)--")
        body = out
    }
}
