#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A file the simulator's upload endpoint received.
public struct ReceivedUpload: Sendable, Hashable {
    /// `file_type` as sent (`xls`, `pdf`, `stream` …).
    public var fileType: String
    /// `file_name` as sent.
    public var fileName: String
    /// The file's bytes.
    public var bytes: [UInt8]
    /// The key the simulator answered with, or nil when it refused the upload.
    public var fileKey: String?
    /// The API code answered (0 = accepted).
    public var code: Int
}

/// A message the simulator's send endpoint received.
public struct ReceivedMessage: Sendable, Hashable {
    /// `receive_id_type` from the query.
    public var receiveIDType: String
    /// `receive_id` (the chat).
    public var receiveID: String
    /// `msg_type`.
    public var msgType: String
    /// `content`, the string as sent (the card or `{"file_key":…}` as JSON text).
    public var content: String
    /// `uuid`, when sent.
    public var uuid: String?
    /// The message id answered, or nil when refused.
    public var messageID: String?
    /// The API code answered (0 = accepted).
    public var code: Int
    /// The uuid was seen within the hour, so no new message was posted (the first one's id was answered).
    public var duplicate: Bool
}

/// A body the simulator's custom-bot webhook received.
public struct ReceivedWebhookPost: Sendable, Hashable {
    /// The token part of the hook URL.
    public var token: String
    /// The body as sent.
    public var body: String
    /// The code answered (0 = accepted).
    public var code: Int
}

/// What the delivery endpoints received so far, for tests and `demo`.
public struct SimulatorDeliveries: Sendable, Hashable {
    /// Every upload request, in arrival order.
    public var uploads: [ReceivedUpload] = []
    /// Every message request, in arrival order.
    public var messages: [ReceivedMessage] = []
    /// Every webhook request, in arrival order.
    public var webhookPosts: [ReceivedWebhookPost] = []

    /// Messages that were posted to a chat (accepted, and not a repeat of a uuid).
    public var posted: [ReceivedMessage] { messages.filter { $0.code == 0 && !$0.duplicate } }
}

/// The delivery endpoints' state: uploads, messages by uuid, per-chat send times, the webhook's posts.
actor DeliveryState {
    let config: SimulatorConfig
    private let now: @Sendable () -> Duration
    private(set) var received = SimulatorDeliveries()
    /// Message ids by uuid, with when they were first sent.
    private var uuids: [String: (messageID: String, at: Duration)] = [:]
    /// Arrival times of messages per chat in the last second.
    private var arrivals: [String: [Duration]] = [:]
    private var counter = 0

    init(config: SimulatorConfig, now: (@Sendable () -> Duration)? = nil) {
        self.config = config
        if let now {
            self.now = now
        } else {
            let origin = ContinuousClock.now
            self.now = { ContinuousClock.now - origin }
        }
    }

    /// The upload's request number (1 = the first) and its scripted fault, if any.
    func nextUpload() -> (Int, SimulatedFault?) {
        let n = received.uploads.count + 1
        return (n, config.scriptedUploadFaults[n])
    }

    /// The message's request number and its scripted fault, if any.
    func nextMessage() -> (Int, SimulatedFault?) {
        let n = received.messages.count + 1
        return (n, config.scriptedMessageFaults[n])
    }

    /// The webhook request's number and its scripted fault, if any.
    func nextWebhook() -> (Int, SimulatedFault?) {
        let n = received.webhookPosts.count + 1
        return (n, config.scriptedWebhookFaults[n])
    }

    /// Records an upload; returns the new file key when `code` is 0.
    func recordUpload(fileType: String, fileName: String, bytes: [UInt8], code: Int) -> String? {
        var key: String?
        if code == 0 {
            counter += 1
            let digest = SipHash.hash(bytes, key: (config.seed, UInt64(counter)))
            key = "file_v3_sim\(String(counter, radix: 16).leftPadded(to: 4))_\(String(digest, radix: 16))"
        }
        received.uploads.append(
            ReceivedUpload(fileType: fileType, fileName: fileName, bytes: bytes, fileKey: key, code: code))
        return key
    }

    /// Whether `key` is a file key this simulator issued.
    func knows(fileKey: String) -> Bool {
        received.uploads.contains { $0.fileKey == fileKey }
    }

    /// Counts a message to `chat` against the per-chat limit; false when it is over it.
    func admitMessage(to chat: String) -> Bool {
        let t = now()
        var list = (arrivals[chat] ?? []).filter { $0 > t - .seconds(1) }
        list.append(t)
        arrivals[chat] = list
        return list.count <= config.messagesPerSecondPerChat
    }

    /// The message id a uuid already stands for (sent within the hour), if any.
    func existing(uuid: String?) -> String? {
        guard let uuid, let entry = uuids[uuid], now() - entry.at < .seconds(3600) else { return nil }
        return entry.messageID
    }

    /// Records a message; returns its new id when `code` is 0 and it is not a repeat.
    func recordMessage(
        receiveIDType: String, receiveID: String, msgType: String, content: String, uuid: String?, code: Int,
        repeatOf: String? = nil
    ) -> String? {
        var id = repeatOf
        if code == 0, repeatOf == nil {
            counter += 1
            id = "om_sim\(String(counter, radix: 16).leftPadded(to: 8))"
            if let uuid { uuids[uuid] = (id!, now()) }
        }
        received.messages.append(
            ReceivedMessage(
                receiveIDType: receiveIDType, receiveID: receiveID, msgType: msgType, content: content, uuid: uuid,
                messageID: code == 0 ? id : nil, code: code, duplicate: repeatOf != nil))
        return id
    }

    /// Records a webhook post.
    func recordWebhook(token: String, body: String, code: Int) {
        received.webhookPosts.append(ReceivedWebhookPost(token: token, body: body, code: code))
    }
}
