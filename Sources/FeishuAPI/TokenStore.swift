/// Holds the tenant access token: fetched once, shared by every chain, refreshed before it expires.
///
/// A token whose `expire` is 20 minutes or more is refreshed 10 minutes early (as the official SDK
/// does); a shorter-lived one at half its life. Concurrent callers share one in-flight request.
actor TokenStore {
    /// Obtains a new token and its lifetime in seconds.
    typealias Fetcher = @Sendable () async throws -> (token: String, expire: Int)

    private let credentials: Credentials
    private let fetcher: Fetcher
    private let clock: any FetchClock
    private var cached: (token: String, refreshAt: Duration)?
    private var inFlight: Task<(token: String, expire: Int), any Error>?

    init(credentials: Credentials, clock: any FetchClock = SystemFetchClock(), fetcher: @escaping Fetcher) {
        self.credentials = credentials
        self.clock = clock
        self.fetcher = fetcher
    }

    /// The token to send now.
    func current() async throws -> String {
        if case .tenantToken(let token) = credentials { return token }
        if let cached, clock.now < cached.refreshAt { return cached.token }
        if let inFlight { return try await inFlight.value.token }
        let task = Task { try await fetcher() }
        inFlight = task
        defer { inFlight = nil }
        let answer = try await task.value
        let lifetime = Duration.seconds(max(answer.expire, 0))
        let margin = answer.expire >= 1200 ? Duration.seconds(600) : lifetime / 2
        cached = (answer.token, clock.now + lifetime - margin)
        return answer.token
    }

    /// Forgets `token` after the API rejected it, so the next ``current()`` fetches a new one.
    func invalidate(_ token: String) {
        if cached?.token == token { cached = nil }
    }
}
