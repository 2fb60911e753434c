/// The three search endpoints the simulator serves, by path.
public enum SimulatedEndpoint: String, Sendable, Hashable, CaseIterable {
    /// `custom_workplace_access_data/search`.
    case custom = "/open-apis/workplace/v1/custom_workplace_access_data/search"
    /// `workplace_access_data/search`: the whole and the default workplace.
    case overall = "/open-apis/workplace/v1/workplace_access_data/search"
    /// `workplace_block_access_data/search`: blocks.
    case blocks = "/open-apis/workplace/v1/workplace_block_access_data/search"
}

/// What the simulator has done so far, for tests and the benchmark.
public struct SimulatorStatistics: Sendable, Hashable {
    /// Search requests received (refused ones included), all endpoints.
    public var searchRequests = 0
    /// Search requests received per endpoint.
    public var requestsByEndpoint: [SimulatedEndpoint: Int] = [:]
    /// Token requests received.
    public var tokenRequests = 0
    /// New tokens issued (a token handed out again does not count).
    public var tokensIssued = 0
    /// Search requests refused by the rate limit (scripted 429s included).
    public var rateLimited = 0
    /// Faults injected, scripted or random.
    public var faultsInjected = 0
    /// Pages served successfully.
    public var pagesServed = 0
    /// Search requests answered 99991403 because the monthly quota was spent.
    public var quotaRefused = 0
    /// The most search requests one endpoint received in any rolling 1-second window (refused ones included).
    public var maxInWindow = 0
    /// The same per endpoint.
    public var maxInWindowByEndpoint: [SimulatedEndpoint: Int] = [:]
}

/// What to do with one search request, decided atomically when it arrives.
enum SearchDecision {
    case rateLimited(reset: Int?, retryAfter: Int?)
    case quotaExhausted
    case missingToken
    case invalidToken
    case fault(SimulatedFault)
    case serve(delay: Duration?, pageFault: SimulatedFault?)
}

/// The simulator's mutable state: tokens, the rate-limit bucket, counters and the fault generator.
actor SimulatorState {
    let config: SimulatorConfig
    let tenant: SimulatedTenant
    let pageKey: (UInt64, UInt64)
    private let now: @Sendable () -> Duration
    private var random: SeededRandom
    private var tokens: [String: Duration] = [:]
    private var newestToken: String?
    /// Each endpoint's token bucket (the limits are per endpoint).
    private var bucket: [SimulatedEndpoint: Double] = [:]
    private var lastRefill: [SimulatedEndpoint: Duration] = [:]
    /// Arrival times of admitted search requests in the last second (the rolling window), oldest first, per endpoint.
    private var admitted: [SimulatedEndpoint: [Duration]] = [:]
    /// Arrival times of every search request in the last second, per endpoint, for ``SimulatorStatistics/maxInWindow``.
    private var received: [SimulatedEndpoint: [Duration]] = [:]
    /// Search pages served so far, against ``SimulatorConfig/monthlyQuota``.
    private var quotaUsed = 0
    private(set) var statistics = SimulatorStatistics()
    private var logCounter = 0

    /// A state whose time is `now` (by default the continuous clock since the state was made; tests pass their own).
    init(config: SimulatorConfig, now: (@Sendable () -> Duration)? = nil) {
        self.config = config
        if let now {
            self.now = now
        } else {
            let origin = ContinuousClock.now
            self.now = { ContinuousClock.now - origin }
        }
        self.tenant = SimulatedTenant(config)
        var random = SeededRandom(seed: config.seed ^ 0x5EED_F00D)
        self.pageKey = (random.next(), random.next())
        self.random = random
        let start = self.now()
        for endpoint in SimulatedEndpoint.allCases {
            bucket[endpoint] = Double(config.requestsPerSecond)
            lastRefill[endpoint] = start
        }
    }

    /// The delay before the next search answer: the latency plus a seeded draw from ±jitter.
    func nextLatency() -> Duration {
        guard config.latencyJitter > .zero else { return config.latency }
        let offset = config.latencyJitter * (2 * random.unit() - 1)
        return max(.zero, config.latency + offset)
    }

    /// A fresh log id for a response header.
    func nextLogID() -> String {
        logCounter += 1
        return "sim\(config.seed)-\(String(logCounter, radix: 16).leftPadded(to: 8))"
    }

    /// Decides what a search request to `endpoint` gets: that endpoint's rate limit first, then the
    /// tenant's quota (shared by every endpoint), scripted faults (numbered over every endpoint), auth,
    /// random faults.
    func decideSearch(authorization: String?, endpoint: SimulatedEndpoint = .custom) -> SearchDecision {
        statistics.searchRequests += 1
        statistics.requestsByEndpoint[endpoint, default: 0] += 1
        let ordinal = statistics.searchRequests
        let arrival = now()
        var window = received[endpoint] ?? []
        window.append(arrival)
        while let first = window.first, first <= arrival - .seconds(1) { window.removeFirst() }
        received[endpoint] = window
        statistics.maxInWindow = max(statistics.maxInWindow, window.count)
        statistics.maxInWindowByEndpoint[endpoint] = max(statistics.maxInWindowByEndpoint[endpoint] ?? 0, window.count)
        if config.rateLimit,
            let reset = config.rateLimitMode == .tokenBucket ? takeFromBucket(endpoint) : takeFromWindow(endpoint)
        {
            statistics.rateLimited += 1
            return .rateLimited(reset: reset, retryAfter: nil)
        }
        if let quota = config.monthlyQuota, quotaUsed >= quota {
            statistics.quotaRefused += 1
            return .quotaExhausted
        }
        let decision = decideAdmitted(authorization: authorization, ordinal: ordinal)
        if case .serve = decision { quotaUsed += 1 }
        return decision
    }

    /// Scripted faults, auth and random faults for a request the rate limit and the quota let through.
    private func decideAdmitted(authorization: String?, ordinal: Int) -> SearchDecision {
        let scripted = config.scriptedFaults[ordinal]
        if scripted != nil { statistics.faultsInjected += 1 }
        switch scripted {
        case .rateLimited(let reset, let retryAfter)?:
            statistics.rateLimited += 1
            return .rateLimited(reset: reset, retryAfter: retryAfter)
        case .expireToken?:
            if let token = bearer(authorization) { tokens[token] = nil }
            return .invalidToken
        case .delay(let extra)?:
            guard let verdict = checkToken(authorization) else { return .serve(delay: extra, pageFault: nil) }
            return verdict
        case .hasMoreWithoutPageToken?, .repeatPageToken?, .truncatedBody?:
            guard let verdict = checkToken(authorization) else { return .serve(delay: nil, pageFault: scripted) }
            return verdict
        case let fault?:
            return .fault(fault)
        case nil:
            break
        }
        if let verdict = checkToken(authorization) { return verdict }
        let faults = config.faults
        let draw = random.unit()
        if draw < faults.internalError {
            statistics.faultsInjected += 1
            return .fault(.internalError)
        }
        if draw < faults.internalError + faults.serverError {
            statistics.faultsInjected += 1
            return .fault(.serverError(status: random.next() % 2 == 0 ? 502 : 503))
        }
        if draw < faults.internalError + faults.serverError + faults.dropConnection {
            statistics.faultsInjected += 1
            return .fault(.dropConnection)
        }
        if draw < faults.internalError + faults.serverError + faults.dropConnection + faults.truncatedBody {
            statistics.faultsInjected += 1
            return .serve(delay: nil, pageFault: .truncatedBody)
        }
        return .serve(delay: nil, pageFault: nil)
    }

    /// Counts a page served.
    func servedPage() {
        statistics.pagesServed += 1
    }

    /// The outcome of a token request: a scripted fault, or the platform's answer.
    enum TokenOutcome {
        case fault(SimulatedFault)
        case rejected(code: Int, message: String)
        case issued(token: String, expire: Int)
    }

    /// Checks an app's credentials and hands out a token: the current one while it has more than a
    /// quarter of its life left (as the platform does with 30 of 120 minutes), else a new one.
    func issueToken(appID: String?, appSecret: String?) -> TokenOutcome {
        statistics.tokenRequests += 1
        if let fault = config.scriptedTokenFaults[statistics.tokenRequests] {
            statistics.faultsInjected += 1
            return .fault(fault)
        }
        guard let appID, appID == config.appID else { return .rejected(code: 10003, message: "invalid param") }
        guard appSecret == config.appSecret else { return .rejected(code: 10014, message: "app secret invalid") }
        let now = now()
        let lifetime = Duration.seconds(config.tokenLifetime)
        if let token = newestToken, let expiry = tokens[token], expiry - now >= lifetime / 4 {
            let left = (expiry - now).components.seconds
            return .issued(token: token, expire: Int(left))
        }
        var token = "t-"
        for _ in 0..<2 { token += String(String(random.next(), radix: 16).suffix(16)).leftPadded(to: 16) }
        tokens[token] = now + lifetime
        newestToken = token
        statistics.tokensIssued += 1
        return .issued(token: token, expire: config.tokenLifetime)
    }

    /// Nil when the bearer token is valid, else the answer to give.
    func checkToken(_ authorization: String?) -> SearchDecision? {
        guard let token = bearer(authorization), !token.isEmpty else { return .missingToken }
        guard let expiry = tokens[token], now() < expiry else { return .invalidToken }
        return nil
    }

    private func bearer(_ authorization: String?) -> String? {
        guard let authorization, authorization.hasPrefix("Bearer ") else { return nil }
        return String(authorization.dropFirst("Bearer ".count))
    }

    /// Takes one request from the bucket; nil when allowed, else the whole seconds until one is free.
    private func takeFromBucket(_ endpoint: SimulatedEndpoint) -> Int? {
        let rate = Double(config.requestsPerSecond)
        let now = now()
        let elapsed = now - (lastRefill[endpoint] ?? now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        var level = min(rate, (bucket[endpoint] ?? rate) + seconds * rate)
        lastRefill[endpoint] = now
        defer { bucket[endpoint] = level }
        if level >= 1 {
            level -= 1
            return nil
        }
        return max(1, Int(((1 - level) / rate).rounded(.up)))
    }

    /// Admits one request into the rolling window; nil when allowed, else the whole seconds until the
    /// oldest admitted request leaves it (at least 1, as `x-ogw-ratelimit-reset` is in seconds).
    private func takeFromWindow(_ endpoint: SimulatedEndpoint) -> Int? {
        let now = now()
        var admitted = self.admitted[endpoint] ?? []
        defer { self.admitted[endpoint] = admitted }
        while let first = admitted.first, first <= now - .seconds(1) { admitted.removeFirst() }
        if admitted.count < config.requestsPerSecond {
            admitted.append(now)
            return nil
        }
        let left = admitted[0] + .seconds(1) - now
        let seconds = Double(left.components.seconds) + Double(left.components.attoseconds) * 1e-18
        return max(1, Int(seconds.rounded(.up)))
    }
}
