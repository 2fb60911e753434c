/// One endpoint's send budget: at most `limit` requests in any rolling window, counted when each is sent.
///
/// ``acquire()`` returns at the moment the caller may send and records that moment, so the count is
/// of real send times: a late wake-up can make a request later, never put one more in a window. Two
/// sends are also kept `gap` apart (90 % of the even spacing), so chains that resume together after a
/// pause do not go out in one burst, and a send that reaches the server a little early or late (network
/// jitter under the gap) adds at most one to any server-side window. A spent quota stops every chain
/// through ``halt(_:)``.
///
/// A rate-limit answer pauses every chain through ``throttled(for:serverLimit:)``, which also tightens
/// the budget for the rest of the run: the server counted more than was sent in its window, so either
/// its limit is lower than ours (it says so in `x-ogw-ratelimit-limit`) or the network's delays differ
/// by more than the window's margin. Either way the same pattern of sends would be refused again.
public actor RateLimiter {
    /// How much longer the window grows after each rate-limit answer that is not explained by a lower server limit.
    public static let widening: Duration = .milliseconds(25)
    /// The longest the window grows to (`widening` at a time).
    public static let longestWindow: Duration = .milliseconds(1250)

    /// The most sends in any window.
    public private(set) var limit: Int
    /// The window's length.
    public private(set) var window: Duration
    /// The least time between two sends: 90 % of the even spacing of `limit` sends in `window`.
    public var gap: Duration { window * 0.9 / limit }
    private let clock: any FetchClock
    /// Send times inside the last window, oldest first.
    private var sent: [Duration] = []
    private var pausedUntil: Duration = .zero
    private var lastSend: Duration?
    private var halted: (any Error)?

    /// A limiter for `limit` sends per `window`.
    public init(limit: Int, window: Duration = .seconds(1), clock: any FetchClock = SystemFetchClock()) {
        self.limit = max(limit, 1)
        self.window = window
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

    /// A rate-limit answer: holds every later send for `delay` and tightens the budget so the server
    /// does not refuse the same pattern again.
    ///
    /// A `serverLimit` (`x-ogw-ratelimit-limit`) below ``limit`` becomes the limit; otherwise the
    /// window grows by ``widening``, up to ``longestWindow``.
    /// - Returns: the budget from now on.
    @discardableResult
    public func throttled(for delay: Duration, serverLimit: Int?) -> (limit: Int, window: Duration) {
        pause(for: delay)
        if let serverLimit, serverLimit >= 1, serverLimit < limit {
            limit = serverLimit
            sent.removeFirst(max(sent.count - limit, 0))
        } else if window < Self.longestWindow {
            window = min(window + Self.widening, Self.longestWindow)
        }
        return (limit, window)
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
