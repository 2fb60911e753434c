/// One endpoint's send budget: at most `limit` requests in any rolling window, counted when each is sent.
///
/// ``acquire()`` returns at the moment the caller may send and records that moment, so the count is
/// of real send times: a late wake-up can make a request later, never put one more in a window. Two
/// sends are also kept `gap` apart (90 % of the even spacing by default), so chains that resume
/// together after a pause do not go out in one burst, and a send that reaches the server a little
/// early or late (network jitter under the gap) adds at most one to any server-side window. A rate-limit answer pauses every chain through
/// ``pause(for:)``; a spent quota stops every chain through ``halt(_:)``.
public actor RateLimiter {
    /// The most sends in any window.
    public nonisolated let limit: Int
    /// The window's length.
    public nonisolated let window: Duration
    /// The least time between two sends.
    nonisolated let gap: Duration
    private let clock: any FetchClock
    /// Send times inside the last window, oldest first.
    private var sent: [Duration] = []
    private var pausedUntil: Duration = .zero
    private var lastSend: Duration?
    private var halted: (any Error)?

    /// A limiter for `limit` sends per `window`.
    public init(
        limit: Int, window: Duration = .seconds(1), gap: Duration? = nil, clock: any FetchClock = SystemFetchClock()
    ) {
        self.limit = max(limit, 1)
        self.window = window
        self.gap = gap ?? window * 0.9 / max(limit, 1)
        self.clock = clock
    }

    /// Records a send now and returns `.sent(now)` when the budget allows one, else `.wait(until:)`.
    func admit() throws -> Admission {
        if let halted { throw halted }
        let now = clock.now
        while let first = sent.first, first <= now - window { sent.removeFirst() }
        var earliest = pausedUntil
        if let lastSend { earliest = max(earliest, lastSend + gap) }
        if sent.count >= limit, let first = sent.first { earliest = max(earliest, first + window) }
        if earliest > now { return .wait(until: earliest) }
        sent.append(now)
        lastSend = now
        return .sent(now)
    }

    /// The answer of ``admit()``.
    enum Admission {
        case sent(Duration)
        case wait(until: Duration)
    }

    /// Holds every later send until at least `delay` from now (the server said its window is spent).
    public func pause(for delay: Duration) {
        pausedUntil = max(pausedUntil, clock.now + delay)
    }

    /// Refuses every later send with `error` (the tenant's quota is spent: nothing more may go out).
    func halt(_ error: any Error) {
        if halted == nil { halted = error }
    }

    /// Waits until a send is allowed and counts it; the caller sends at once.
    /// - Returns: the send time recorded.
    /// - Throws: the ``halt(_:)`` error, or `CancellationError`.
    @discardableResult
    public nonisolated func acquire() async throws -> Duration {
        while true {
            switch try await admit() {
            case .sent(let time): return time
            case .wait(let wake): try await clock.sleep(until: wake)
            }
        }
    }
}

/// One ``RateLimiter`` per endpoint path: the documented limits are per endpoint, so chains of
/// different endpoints do not share a budget.
final class EndpointBudgets: Sendable {
    private let limiters: [String: RateLimiter]

    /// A limiter of `limit` per `window` for each of `endpoints`.
    init(endpoints: [String], limit: Int, window: Duration, clock: any FetchClock) {
        var limiters: [String: RateLimiter] = [:]
        for endpoint in endpoints { limiters[endpoint] = RateLimiter(limit: limit, window: window, clock: clock) }
        self.limiters = limiters
    }

    /// The budget of `endpoint`, nil when it is not limited.
    subscript(endpoint: String) -> RateLimiter? { limiters[endpoint] }

    /// Stops every endpoint's sends with `error`.
    func halt(_ error: any Error) async {
        for limiter in limiters.values { await limiter.halt(error) }
    }
}
