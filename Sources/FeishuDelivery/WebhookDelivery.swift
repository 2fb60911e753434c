import Crypto
import FeishuAPI
import Foundation
import Logging

/// A group's custom bot: its hook URL `https://open.feishu.cn/open-apis/bot/v2/hook/TOKEN` is the
/// credential, so it is shown only as ``redacted`` (the token replaced) in logs and errors.
public struct WebhookURL: Sendable, Hashable, CustomStringConvertible {
    /// The whole URL, token included: a secret.
    let url: String
    /// The URL with its token replaced by `<redacted>`.
    public let redacted: String

    /// The hook path's prefix.
    public static let hookPrefix = "/open-apis/bot/v2/hook/"

    /// Checks `text` (FEISHU_WEBHOOK_URL): an https URL (plain http only to loopback) whose path is
    /// `/open-apis/bot/v2/hook/TOKEN`.
    /// - Throws: ``DeliveryError`` (usage) naming what is wrong, never echoing the token.
    public init(_ text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let components = URLComponents(string: trimmed), let scheme = components.scheme?.lowercased(),
            let host = components.host, !host.isEmpty
        else {
            throw DeliveryError(.usage, "FEISHU_WEBHOOK_URL is not a URL; copy the group bot's webhook address")
        }
        let loopback = ["127.0.0.1", "localhost", "::1"].contains(host.lowercased())
        guard scheme == "https" || (scheme == "http" && loopback) else {
            throw DeliveryError(
                .usage, "FEISHU_WEBHOOK_URL must be an https address (plain http only to 127.0.0.1 for the simulator)")
        }
        let path = components.percentEncodedPath
        guard path.hasPrefix(Self.hookPrefix), path.count > Self.hookPrefix.count,
            !path.dropFirst(Self.hookPrefix.count).contains("/"), components.query == nil
        else {
            throw DeliveryError(
                .usage,
                "FEISHU_WEBHOOK_URL must look like https://\(host)\(Self.hookPrefix)<token> (the group bot's webhook address)"
            )
        }
        url = trimmed
        let port = components.port.map { ":\($0)" } ?? ""
        redacted = "\(scheme)://\(host)\(port)\(Self.hookPrefix)<redacted>"
    }

    public var description: String { redacted }
}

/// Posts the card to a group's custom bot.
///
/// The body is `msg_type` interactive with the card as an object under `card`, signed when a secret is
/// set: `timestamp` (seconds) and `sign`, Base64 of HMAC-SHA256 keyed with `"TIMESTAMP\nSECRET"` over no
/// bytes. A custom bot cannot send files.
public struct WebhookDelivery: Sendable {
    private let url: WebhookURL
    private let secret: String?
    private let exchange: DeliveryExchange
    private let configuration: DeliveryConfiguration
    private let now: @Sendable () -> Int64
    private let limiter: RateLimiter

    /// A delivery to `url`, signed with `secret` when given; `now` gives seconds since 1970.
    public init(
        url: WebhookURL, secret: String?, configuration: DeliveryConfiguration,
        transport: any FeishuTransport = HTTPClientTransport(), logger: Logger,
        now: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970) }
    ) {
        self.url = url
        self.secret = secret.flatMap { $0.isEmpty ? nil : $0 }
        self.configuration = configuration
        self.now = now
        exchange = DeliveryExchange(configuration: configuration, transport: transport, logger: logger, client: nil)
        // The bot takes 5 requests a second.
        limiter = RateLimiter(limit: 5, window: .seconds(1) + configuration.windowMargin, clock: configuration.clock)
    }

    /// `sign` for `timestamp` and `secret`.
    public static func signature(timestamp: Int64, secret: String) -> String {
        let key = SymmetricKey(data: Array("\(timestamp)\n\(secret)".utf8))
        return Data(HMAC<SHA256>.authenticationCode(for: [UInt8](), using: key)).base64EncodedString()
    }

    /// The request body for `card` (the card JSON object's bytes).
    func body(card: [UInt8]) -> [UInt8] {
        var out: [UInt8] = Array("{".utf8)
        if let secret {
            let stamp = now()
            out += Array(
                "\"timestamp\":\"\(stamp)\",\"sign\":\"\(Self.signature(timestamp: stamp, secret: secret))\",".utf8)
        }
        out += Array("\"msg_type\":\"interactive\",\"card\":".utf8)
        out += card
        out += Array("}".utf8)
        return out
    }

    /// Posts `card`.
    /// - Throws: ``DeliveryError``: usage when the body exceeds the bot's 20 KB, permission for 19021,
    ///   19022, 19024 and a refused hook token, unavailable after retries.
    public func post(card: [UInt8]) async throws {
        let bytes = body(card: card)
        guard bytes.count <= 20 * 1024 else {
            throw DeliveryError(
                .internal,
                "the card is \(bytes.count) bytes, more than a group bot's 20 KB; this is a bug in workplace-report")
        }
        let timeout = configuration.requestTimeout
        let target = url.url
        _ = try await exchange.send(
            .webhook, context: APIErrorContext(endpoint: url.redacted), chat: nil, displayURL: url.redacted,
            limiter: limiter
        ) { _ in
            TransportRequest(
                url: target, headers: [("Content-Type", "application/json; charset=utf-8")], body: bytes,
                timeout: timeout)
        }
    }
}
