import FeishuAPI
import Foundation
import Logging

/// How delivery retries, waits and paces its requests.
public struct DeliveryConfiguration: Sendable {
    /// The API origin (the same as the fetch's).
    public var baseURL: FeishuBaseURL
    /// Attempts per request for transient failures (5xx, timeouts, dropped connections, 230049, 232096,
    /// 11232), the first included.
    public var maxAttempts: Int
    /// Rate-limit answers (230020, HTTP 429 / 99991400) tolerated per request before giving up.
    public var maxRateLimitWaits: Int
    /// The first backoff; each further attempt doubles it, up to ``maxDelay``.
    public var baseDelay: Duration
    /// The longest backoff.
    public var maxDelay: Duration
    /// How long one exchange may take (an upload of 30 MB included).
    public var requestTimeout: Duration
    /// Messages to one chat in any rolling window of 1 s + ``windowMargin`` (the API allows 5 per second per group).
    public var messagesPerChatPerSecond: Int
    /// How much longer than 1 s the per-chat window is, as for the fetch's limiter.
    public var windowMargin: Duration
    /// The time source of the waits (a test clock in tests).
    public var clock: any FetchClock

    /// The defaults for the real API.
    public init(
        baseURL: FeishuBaseURL = .feishu, maxAttempts: Int = 5, maxRateLimitWaits: Int = 8,
        baseDelay: Duration = .milliseconds(500), maxDelay: Duration = .seconds(8),
        requestTimeout: Duration = .seconds(120),
        messagesPerChatPerSecond: Int = 5, windowMargin: Duration = .milliseconds(50),
        clock: any FetchClock = SystemFetchClock()
    ) {
        self.baseURL = baseURL
        self.maxAttempts = maxAttempts
        self.maxRateLimitWaits = maxRateLimitWaits
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.requestTimeout = requestTimeout
        self.messagesPerChatPerSecond = messagesPerChatPerSecond
        self.windowMargin = windowMargin
        self.clock = clock
    }

    /// The wait before attempt `attempt + 1`: exponential and capped, half fixed and half `jitter`.
    func backoff(afterAttempt attempt: Int, jitter: Double) -> Duration {
        let raw = baseDelay * (1 << min(max(attempt - 1, 0), 20))
        let capped = raw > maxDelay ? maxDelay : raw
        return capped / 2 + (capped / 2) * min(max(jitter, 0), 1)
    }
}

/// One answer of the Open API, read without trusting its shape.
struct APIAnswer {
    var status: Int
    var code: Int?
    var message: String?
    var data: [String: String]
    var logID: String?
    var resetSeconds: Int?
}

/// The request loop of the delivery endpoints: token, pacing, retries and backoff, one line per failure.
struct DeliveryExchange: Sendable {
    let configuration: DeliveryConfiguration
    let transport: any FeishuTransport
    let logger: Logger
    /// Where the tenant token comes from, nil for the webhook (its URL is the credential).
    let client: FeishuClient?

    static let quotaCode = 99991403
    static let tokenCodes: Set<Int> = [99991661, 99991663, 99991668, 99991671, 99991677]
    static let transientCodes: Set<Int> = [230049, 232096, 11232]
    static let rateCodes: Set<Int> = [230020, 99991400]

    /// Sends a request until it succeeds, returning the answer's `data`.
    /// - Parameters:
    ///   - context: the endpoint (and chat, as `shard`) for error lines; `displayURL` is what the log shows.
    ///   - limiter: the budget to wait for before each send.
    ///   - request: the request for a token ("" for the webhook).
    func send(
        _ endpoint: DeliveryError.Endpoint, context base: APIErrorContext, chat: String?, displayURL: String,
        limiter: RateLimiter?, request: (String) -> TransportRequest
    ) async throws -> [String: String] {
        var attempts = 0
        var rateWaits = 0
        var refreshed = false
        let clock = configuration.clock
        while true {
            try Task.checkCancellation()
            let token = try await client?.accessToken() ?? ""
            if let limiter { try await limiter.acquire() }
            let outgoing = request(token)
            attempts += 1
            var context = base
            let problem: String
            var wait: Duration?
            do {
                let response = try await transport.send(outgoing)
                let answer = Self.read(response)
                context.httpStatus = answer.status
                context.code = answer.code
                context.message = answer.message
                context.logID = answer.logID
                logger.debug(
                    "POST \(displayURL)",
                    metadata: [
                        "status": "\(answer.status)", "code": "\(answer.code.map(String.init) ?? "-")",
                        "log_id": "\(answer.logID ?? "-")", "chat": "\(chat ?? "-")",
                    ])
                if answer.code == 0, (200..<300).contains(answer.status) { return answer.data }
                if answer.code == Self.quotaCode {
                    throw DeliveryError(
                        .quotaExhausted,
                        "the tenant's monthly API call quota is spent (\(context)); nothing more was sent; it resets on"
                            + " the 1st of next month (UTC+8)")
                }
                if let code = answer.code, Self.tokenCodes.contains(code), let client {
                    guard !refreshed else {
                        throw DeliveryError(
                            .permission,
                            "the tenant access token was rejected even after a refresh (\(context)); check the app's"
                                + " credentials (FEISHU_APP_ID, FEISHU_APP_SECRET or FEISHU_TENANT_ACCESS_TOKEN)")
                    }
                    refreshed = true
                    await client.rejectAccessToken(token)
                    attempts -= 1
                    continue
                }
                if answer.status == 429 || answer.code.map(Self.rateCodes.contains) == true {
                    rateWaits += 1
                    attempts -= 1
                    guard rateWaits <= configuration.maxRateLimitWaits else {
                        throw DeliveryError(
                            .unavailable,
                            "Feishu kept refusing for its rate limit after \(rateWaits - 1) waits (\(context)); try again later"
                        )
                    }
                    wait =
                        answer.resetSeconds.map { Duration.seconds($0) }
                        ?? configuration.backoff(afterAttempt: rateWaits, jitter: Double.random(in: 0...1))
                    logger.debug("rate limited: waiting", metadata: ["wait": "\(wait!)"])
                    if let limiter { await limiter.pause(for: wait!) }
                    try await clock.sleep(until: clock.now + wait!)
                    continue
                }
                if (500...599).contains(answer.status) {
                    problem = "HTTP \(answer.status)"
                } else if let code = answer.code, Self.transientCodes.contains(code) {
                    problem = "code \(code)"
                } else if let code = answer.code {
                    throw DeliveryError.forCode(code, endpoint: endpoint, context: context, chat: chat)
                } else {
                    throw DeliveryError(
                        .unavailable,
                        "Feishu answered something that is not the API's JSON (\(context), \(response.body.count) bytes);"
                            + " check --base-url or the hook URL")
                }
            } catch let error as TransportError {
                switch error {
                case .timedOut: problem = "timed out after \(configuration.requestTimeout)"
                case .connectionFailed(let detail): problem = "connection failed: \(detail)"
                case .responseTooLarge(let limit): problem = "an answer larger than \(limit) bytes"
                }
            }
            guard attempts < configuration.maxAttempts else {
                throw DeliveryError(
                    .unavailable,
                    "Feishu stayed unavailable after \(attempts) attempts (\(context); last: \(problem)); the report files"
                        + " are written: deliver again later")
            }
            let backoff = configuration.backoff(afterAttempt: attempts, jitter: Double.random(in: 0...1))
            logger.debug("transient failure: retrying", metadata: ["wait": "\(backoff)", "problem": "\(problem)"])
            try await clock.sleep(until: clock.now + backoff)
        }
    }

    /// The answer's status, code, msg, data and log id (the webhook's legacy `StatusCode` counts as a code).
    static func read(_ response: TransportResponse) -> APIAnswer {
        var answer = APIAnswer(
            status: response.status, code: nil, message: nil, data: [:], logID: response.header("X-Tt-Logid"))
        if let text = response.header("x-ogw-ratelimit-reset")?.trimmingCharacters(in: .whitespaces),
            let seconds = Int(text), seconds > 0, seconds <= 60
        {
            answer.resetSeconds = seconds
        }
        guard let object = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any] else {
            return answer
        }
        answer.code = (object["code"] as? NSNumber)?.intValue ?? (object["StatusCode"] as? NSNumber)?.intValue
        answer.message = object["msg"] as? String ?? object["StatusMessage"] as? String
        answer.data = (object["data"] as? [String: Any] ?? [:]).compactMapValues { $0 as? String }
        if answer.logID == nil { answer.logID = (object["error"] as? [String: Any])?["log_id"] as? String }
        return answer
    }
}
