/// How often and how long the client retries, and how it waits between attempts.
public struct RetryPolicy: Sendable, Hashable {
    /// Attempts per request for transient failures (1621003, 5xx, timeouts, dropped connections), first included.
    public var maxAttempts: Int
    /// The first backoff; each further attempt doubles it.
    public var baseDelay: Duration
    /// The longest backoff between two attempts.
    public var maxDelay: Duration
    /// Rate-limit answers (HTTP 429 / 99991400) tolerated per request before giving up.
    public var maxRateLimitWaits: Int
    /// The longest wait a rate-limit answer may ask for; a longer one fails at once (a quota, not a window).
    public var maxRateLimitWait: Duration
    /// How many times a page chain restarts from page 1 after 1621004 (invalid page_token).
    public var maxChainRestarts: Int

    /// Creates a policy; the defaults suit the real API.
    public init(
        maxAttempts: Int = 5, baseDelay: Duration = .milliseconds(500), maxDelay: Duration = .seconds(8),
        maxRateLimitWaits: Int = 8, maxRateLimitWait: Duration = .seconds(60), maxChainRestarts: Int = 3
    ) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxRateLimitWaits = maxRateLimitWaits
        self.maxRateLimitWait = maxRateLimitWait
        self.maxChainRestarts = maxChainRestarts
    }

    /// The wait before attempt `attempt + 1`: exponential, capped, with "equal jitter" (half fixed, half random).
    func backoff(afterAttempt attempt: Int, jitter: Double = Double.random(in: 0...1)) -> Duration {
        let exponent = min(max(attempt - 1, 0), 30)
        let raw = baseDelay * (1 << exponent)
        let capped = raw > maxDelay ? maxDelay : raw
        let half = capped / 2
        return half + half * min(max(jitter, 0), 1)
    }
}

/// Everything a ``FeishuClient`` needs, built once by the caller (the CLI reads flags and environment).
public struct FeishuClientConfiguration: Sendable {
    /// Page chains fetched at once when none is chosen.
    public static let defaultConcurrency = 4
    /// The concurrency a client accepts (more chains than this only queue behind the rate limit).
    public static let concurrencyRange = 1...32
    /// How much longer than 1 s the send window is when none is chosen, in milliseconds: 20 per 1.035 s,
    /// 19.32 requests/s.
    public static let defaultWindowMarginMs = 35
    /// The window margins a client accepts, in milliseconds.
    public static let windowMarginRange = 0...1000

    /// The API origin.
    public var baseURL: FeishuBaseURL
    /// The app or token to authenticate with.
    public var credentials: Credentials
    /// Page chains fetched at once (shards run concurrently under the shared rate limit).
    public var concurrency: Int
    /// Requests per endpoint in any rolling 1-second window: the API's documented 20.
    ///
    /// Counted when each is sent and shared by every concurrent chain; ``windowMargin`` keeps the server's count
    /// under it when the network delays one request more than another.
    public var requestsPerSecond: Int
    /// How much longer than 1 s the client's window is: ``defaultWindowMarginMs`` unless chosen.
    ///
    /// A server counting at arrival sees at most ``requestsPerSecond`` in any second as long as two
    /// requests' network delays differ by less than this. A rate-limit answer lengthens the window
    /// further for the rest of the run (``RateLimiter/throttled(for:serverLimit:)``).
    public var windowMargin: Duration
    /// Retry and backoff settings.
    public var retry: RetryPolicy
    /// How long one HTTP exchange may take before it counts as a timeout (and is retried).
    public var requestTimeout: Duration
    /// The time source of the limiter and the token store (a test clock in tests).
    public var clock: any FetchClock
    /// Pages one chain may take before the fetch stops with a protocol error instead of looping forever.
    public var maxPagesPerChain: Int

    /// Creates a configuration with the defaults for the real API.
    public init(
        baseURL: FeishuBaseURL = .feishu, credentials: Credentials, concurrency: Int = defaultConcurrency,
        requestsPerSecond: Int = 20, windowMargin: Duration = .milliseconds(defaultWindowMarginMs),
        retry: RetryPolicy = RetryPolicy(),
        requestTimeout: Duration = .seconds(30),
        maxPagesPerChain: Int = 100_000, clock: any FetchClock = SystemFetchClock()
    ) {
        self.clock = clock
        self.baseURL = baseURL
        self.credentials = credentials
        self.concurrency = concurrency
        self.requestsPerSecond = requestsPerSecond
        self.windowMargin = windowMargin
        self.retry = retry
        self.requestTimeout = requestTimeout
        self.maxPagesPerChain = maxPagesPerChain
    }

    /// Checks every setting, so a bad one fails before any request.
    /// - Throws: ``FeishuError/invalidConfiguration(_:)``.
    public func validate() throws(FeishuError) {
        guard Self.concurrencyRange.contains(concurrency) else {
            let range = Self.concurrencyRange
            throw .invalidConfiguration(
                "--concurrency \(concurrency) is outside \(range.lowerBound)–\(range.upperBound)")
        }
        guard requestsPerSecond >= 1, requestsPerSecond <= 10_000 else {
            throw .invalidConfiguration("the request rate \(requestsPerSecond)/s is outside 1–10000")
        }
        let margins = Self.windowMarginRange
        guard windowMargin >= .milliseconds(margins.lowerBound), windowMargin <= .milliseconds(margins.upperBound)
        else {
            throw .invalidConfiguration(
                "the rate window margin must be within \(margins.lowerBound)–\(margins.upperBound) ms")
        }
        guard retry.maxAttempts >= 1, retry.maxRateLimitWaits >= 0, retry.maxChainRestarts >= 0 else {
            throw .invalidConfiguration("retry counts must not be negative (attempts at least 1)")
        }
        guard requestTimeout > .zero, maxPagesPerChain >= 1 else {
            throw .invalidConfiguration("the request timeout and the page limit must be positive")
        }
        switch credentials {
        case .app(let id, let secret):
            guard !id.isEmpty, !secret.isEmpty else {
                throw .invalidConfiguration("FEISHU_APP_ID and FEISHU_APP_SECRET must both be non-empty")
            }
        case .tenantToken(let token):
            guard !token.isEmpty, token.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else {
                throw .invalidConfiguration("FEISHU_TENANT_ACCESS_TOKEN is empty or contains spaces")
            }
        }
    }
}
