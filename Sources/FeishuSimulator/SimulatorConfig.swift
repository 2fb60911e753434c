#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A fault the simulator injects into one particular request (scripted by request number).
public enum SimulatedFault: Sendable, Hashable {
    /// HTTP 400 with code 1621003 `internal service error` (retryable).
    case internalError
    /// An HTTP 5xx with an HTML body, as a gateway would send.
    case serverError(status: Int)
    /// The connection closes partway through the response.
    case dropConnection
    /// HTTP 429 with code 99991400, and the given reset headers (nil leaves a header out).
    case rateLimited(resetSeconds: Int?, retryAfter: Int?)
    /// HTTP 400 with code 1621004 `invalid page_token`, whatever token was sent.
    case invalidPageToken
    /// The presented access token is revoked and the request answered with 99991663.
    case expireToken
    /// Any platform answer: HTTP status, code and message (99991672, 99991662 …).
    case platformError(status: Int, code: Int, message: String)
    /// HTTP 200 with a truncated JSON body (always the same short fragment).
    case malformedJSON
    /// HTTP 200 with the real page's JSON cut off halfway, as a dropped proxy stream leaves it.
    case truncatedBody
    /// A normal page whose `has_more` is true but which carries no `page_token`.
    case hasMoreWithoutPageToken
    /// A normal page whose `page_token` is the one the request sent (an endless loop if followed).
    case repeatPageToken
    /// Extra delay before the answer (to provoke client timeouts).
    case delay(Duration)
}

/// Random fault rates, each a probability per search request drawn from the seeded generator.
public struct FaultRates: Sendable, Hashable {
    /// Probability of a 1621003 answer.
    public var internalError: Double
    /// Probability of an HTTP 5xx answer.
    public var serverError: Double
    /// Probability of a dropped connection.
    public var dropConnection: Double
    /// Probability of an HTTP 200 page whose JSON is cut off halfway.
    public var truncatedBody: Double

    /// Creates rates (all zero by default).
    public init(
        internalError: Double = 0, serverError: Double = 0, dropConnection: Double = 0, truncatedBody: Double = 0
    ) {
        self.internalError = internalError
        self.serverError = serverError
        self.dropConnection = dropConnection
        self.truncatedBody = truncatedBody
    }

    /// Every rate, for range checks.
    var all: [Double] { [internalError, serverError, dropConnection, truncatedBody] }
}

/// How the search endpoint counts requests against ``SimulatorConfig/requestsPerSecond``.
public enum RateLimitMode: String, Sendable, Hashable, CaseIterable {
    /// At most N requests received in any rolling 1-second window (the strict reading of "20 次/秒").
    case rollingWindow = "rolling-window"
    /// A bucket of N tokens refilled at N per second, which forgives short bursts.
    case tokenBucket = "token-bucket"
}

/// How the simulated tenant's data looks.
public enum TenantShape: String, Sendable, Hashable, CaseIterable {
    /// Weekday rhythm, trends, a mid-range launch, a tiny workplace with omitted zero days, a rename.
    case realistic
    /// Every workplace has a record every day (for benchmarks with an exact page count).
    case dense
}

/// Everything about a simulator run: the tenant, the server and the faults.
public struct SimulatorConfig: Sendable {
    /// The app id the token endpoint accepts by default.
    public static let demoAppID = "cli_simulator0000demo"
    /// The app secret the token endpoint accepts by default (a public demo value, not a secret).
    public static let demoAppSecret = "simulator-demo-secret-not-a-real-one"

    /// The address to bind (loopback by default).
    public var host: String = "127.0.0.1"
    /// The port to bind, 0 for an ephemeral one.
    public var port: Int = 0
    /// The seed of the tenant, the page-token key, the tokens and the random faults.
    public var seed: UInt64 = 1
    /// How many custom workplaces the tenant has.
    public var workplaces: Int = 12
    /// How many blocks (widgets) its custom workplaces hold in all, spread over them in turn (none without workplaces).
    public var blocks: Int = 8
    /// The first day with data.
    public var firstDay: SimulatedDay = SimulatedDay(year: 2025, month: 1, day: 1) ?? SimulatedDay(ordinal: 20089)
    /// How many days of data.
    public var days: Int = 730
    /// Realistic or dense data.
    public var shape: TenantShape = .realistic
    /// Delay before every search answer.
    public var latency: Duration = .zero
    /// Each search answer's delay is ``latency`` plus a uniform draw from ±`latencyJitter`.
    public var latencyJitter: Duration = .zero
    /// Random faults per search request.
    public var faults = FaultRates()
    /// Faults for particular search requests, keyed by request number (1 = the first search request received).
    public var scriptedFaults: [Int: SimulatedFault] = [:]
    /// Faults for particular token requests, keyed by request number.
    public var scriptedTokenFaults: [Int: SimulatedFault] = [:]
    /// Whether the search endpoints enforce ``requestsPerSecond`` with the platform's 429 answer.
    public var rateLimit: Bool = true
    /// Each search endpoint's own limit (the API documents 20 per endpoint).
    public var requestsPerSecond: Int = 20
    /// How the limit is counted.
    public var rateLimitMode: RateLimitMode = .rollingWindow
    /// Search pages (of all three search endpoints together) the tenant may still be served this month.
    ///
    /// After that every search is answered HTTP 429 with code 99991403. Nil for no quota.
    public var monthlyQuota: Int?
    /// Seconds a tenant access token lives (the API's maximum is 7200).
    public var tokenLifetime: Int = 7200
    /// The app id the token endpoint accepts.
    public var appID: String = SimulatorConfig.demoAppID
    /// The app secret the token endpoint accepts.
    public var appSecret: String = SimulatorConfig.demoAppSecret

    // Delivery: the IM file and message endpoints and a custom bot's webhook.

    /// The chat the demo delivers to (the simulated bot is a member).
    public static let demoChatID = "oc_simulator0000demochat"
    /// The token part of the demo custom bot's hook URL (a public demo value, not a secret).
    public static let demoWebhookToken = "simulator-hook-token-0000demo"
    /// The chats the simulated app's bot is a member of; a message to any other is answered 230002.
    public var chats: [String] = [SimulatorConfig.demoChatID]
    /// The largest file the upload endpoint takes (the API documents 30 MB); larger is 234006.
    public var maximumUploadBytes = 30 * 1024 * 1024
    /// Messages per chat in any rolling second (the API documents 5); more is 230020.
    public var messagesPerSecondPerChat = 5
    /// The token part of the custom bot's hook URL (`/open-apis/bot/v2/hook/TOKEN`).
    public var webhookToken: String = SimulatorConfig.demoWebhookToken
    /// The custom bot's signing secret: when set, every post must carry a valid `timestamp` and `sign` (else 19021).
    public var webhookSecret: String?
    /// The custom bot's keyword: when set, a post whose texts lack it is answered 19024.
    public var webhookKeyword: String?
    /// Seconds since 1970 now, for the webhook's timestamp check (tests pass a fixed time).
    public var wallClock: @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970) }
    /// Faults for particular upload requests, keyed by request number (1 = the first).
    public var scriptedUploadFaults: [Int: SimulatedFault] = [:]
    /// Faults for particular message requests, keyed by request number.
    public var scriptedMessageFaults: [Int: SimulatedFault] = [:]
    /// Faults for particular webhook requests, keyed by request number.
    public var scriptedWebhookFaults: [Int: SimulatedFault] = [:]

    /// A realistic tenant with the defaults.
    public init() {}

    /// The benchmark's tenant: 200 workplaces × 365 dense days = 73,000 records = 730 pages of 100,
    /// served at 20 requests/s in a rolling window with 100 ms ± 30 ms latency.
    public static var benchmark: SimulatorConfig {
        var config = SimulatorConfig()
        config.workplaces = 200
        config.days = 365
        config.shape = .dense
        config.latency = .milliseconds(100)
        config.latencyJitter = .milliseconds(30)
        return config
    }

    /// The last day with data.
    public var lastDay: SimulatedDay { firstDay.advanced(by: max(days, 1) - 1) }
}
