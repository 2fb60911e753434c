import Synchronization
import TestSupport
import Testing

@testable import FeishuAPI

@Suite("Rolling-window limiter under a test clock")
struct LimiterTests {
    /// The most send times inside any half-open window `[t, t + window)`.
    static func busiestWindow(_ times: [Duration], window: Duration = .seconds(1)) -> Int {
        let sorted = times.sorted()
        var best = 0
        var first = 0
        for (last, time) in sorted.enumerated() {
            while sorted[first] <= time - window { first += 1 }
            best = max(best, last - first + 1)
        }
        return best
    }

    @Test("the window counter itself: 3 sends in [0, 1), a 4th at 1.0 s starts a new window")
    func counter() {
        let ms = { (n: Int) in Duration.milliseconds(n) }
        #expect(Self.busiestWindow([ms(0), ms(500), ms(999), ms(1000)]) == 3)
        #expect(Self.busiestWindow([ms(0), ms(1), ms(2), ms(3)]) == 4)
        #expect(Self.busiestWindow([]) == 0)
    }

    /// 4 chains × 100 acquires on `clock`; every send time the limiter recorded.
    static func fourChains(_ limiter: RateLimiter) async throws -> [Duration] {
        try await withThrowingTaskGroup(of: [Duration].self) { group in
            for _ in 0..<4 {
                group.addTask {
                    var sent: [Duration] = []
                    for _ in 0..<100 { sent.append(try await limiter.acquire()) }
                    return sent
                }
            }
            var all: [Duration] = []
            for try await sent in group { all += sent }
            return all.sorted()
        }
    }

    @Test("on time: 19 sends per window, the 20th exactly 1 s after the 1st, none closer than the gap")
    func onTime() async throws {
        let limiter = RateLimiter(limit: 19, clock: TestClock())
        let gap = await limiter.gap
        #expect(gap == .seconds(0.9) / 19)
        let times = try await Self.fourChains(limiter)
        #expect(times.count == 400)
        #expect(Self.busiestWindow(times) == 19)
        #expect(times[19] - times[0] == .seconds(1))
        #expect(zip(times, times.dropFirst()).allSatisfy { $1 - $0 >= gap })
        // 400 sends = 21 full windows and 1 more: the 400th goes at 21 s.
        #expect(times[399] - times[0] == .seconds(21))
    }

    @Test("wake-ups up to 10 ms or 200 ms late: never more than 19 sends in any 1 s window", arguments: [10, 200])
    func lateWakeUps(lateness: Int) async throws {
        let clock = TestClock(maxLateness: .milliseconds(lateness), seed: 99)
        let limiter = RateLimiter(limit: 19, clock: clock)
        let gap = await limiter.gap
        let times = try await Self.fourChains(limiter)
        #expect(times.count == 400)
        #expect(Self.busiestWindow(times) <= 19)
        #expect(zip(times, times.dropFirst()).allSatisfy { $1 - $0 >= gap })
        // Late wake-ups only slow it down: never faster than the window allows, never slower than a
        // gap plus the worst lateness per send.
        let span = times[399] - times[0]
        #expect(span >= .seconds(21))
        #expect(span <= (gap + .milliseconds(lateness)) * 399)
    }

    @Test("the default 20 per 1.035 s: arrivals shifted by up to ±17 ms never put 21 in a server's 1 s window")
    func marginAgainstArrivalJitter() async throws {
        let configuration = FeishuClientConfiguration(credentials: .app(id: "cli_a", secret: "s"))
        #expect(configuration.requestsPerSecond == 20)
        #expect(configuration.windowMargin == .milliseconds(35))
        let window = .seconds(1) + configuration.windowMargin
        let limiter = RateLimiter(limit: configuration.requestsPerSecond, window: window, clock: TestClock())
        let gap = await limiter.gap
        let sent = try await Self.fourChains(limiter)
        #expect(Self.busiestWindow(sent, window: window) == 20)
        // 400 sends = 19 full windows of 1.035 s and 20 more: an effective 19.32 requests/s.
        #expect(sent[399] - sent[380] == gap * 19)
        #expect(sent[380] - sent[0] == window * 19)
        // The server counts arrivals; each request's network delay differs by up to 34 ms from another's.
        var random = SeededGenerator(seed: 7)
        for _ in 0..<20 {
            let arrivals = sent.map { $0 + .milliseconds(Int.random(in: -17...17, using: &random)) }
            #expect(Self.busiestWindow(arrivals) <= 20)
        }
        // With no margin the same shifts do put 21 in a window.
        let tight = RateLimiter(limit: 20, window: .seconds(1), clock: TestClock())
        let tightSent = try await Self.fourChains(tight)
        var worst = 0
        for _ in 0..<20 {
            let arrivals = tightSent.map { $0 + .milliseconds(Int.random(in: -17...17, using: &random)) }
            worst = max(worst, Self.busiestWindow(arrivals))
        }
        #expect(worst > 20)
    }

    @Test("a pause holds every chain, and they resume spaced by the gap, not in a burst")
    func pauseThenResume() async throws {
        let clock = TestClock()
        let limiter = RateLimiter(limit: 19, clock: clock)
        await limiter.pause(for: .seconds(2))
        let times = try await withThrowingTaskGroup(of: Duration.self) { group in
            for _ in 0..<4 { group.addTask { try await limiter.acquire() } }
            var all: [Duration] = []
            for try await time in group { all.append(time) }
            return all.sorted()
        }
        #expect(times.first! >= .seconds(2))
        #expect(zip(times, times.dropFirst()).allSatisfy { $1 - $0 >= .seconds(0.9) / 19 })
    }

    @Test("a 429 without a lower server limit lengthens the window by 25 ms, up to 1.25 s, and the sends keep to it")
    func throttledWidens() async throws {
        let clock = TestClock()
        let limiter = RateLimiter(limit: 20, window: .milliseconds(1035), clock: clock)
        let budget = await limiter.throttled(for: .seconds(1), serverLimit: 20)
        #expect(budget.limit == 20 && budget.window == .milliseconds(1060))
        let times = try await Self.fourChains(limiter)
        #expect(times.first! >= .seconds(1))
        #expect(Self.busiestWindow(times, window: .milliseconds(1060)) == 20)
        // Arrivals shifted by up to ±29 ms (a spread the old 35 ms margin did not cover) stay at 20 or fewer.
        var random = SeededGenerator(seed: 3)
        for _ in 0..<20 {
            let arrivals = times.map { $0 + .milliseconds(Int.random(in: -29...29, using: &random)) }
            #expect(Self.busiestWindow(arrivals) <= 20)
        }
        for _ in 0..<20 { await limiter.throttled(for: .zero, serverLimit: nil) }
        #expect(await limiter.window == RateLimiter.longestWindow)
        #expect(await limiter.limit == 20)
    }

    @Test("a 429 whose x-ogw-ratelimit-limit is lower makes that the limit, counting the sends already made")
    func throttledToServerLimit() async throws {
        let clock = TestClock()
        let limiter = RateLimiter(limit: 20, window: .seconds(1), clock: clock)
        var before: [Duration] = []
        for _ in 0..<15 { before.append(try await limiter.acquire()) }
        let budget = await limiter.throttled(for: .zero, serverLimit: 10)
        #expect(budget.limit == 10 && budget.window == .seconds(1))
        let gap = await limiter.gap
        #expect(gap > .milliseconds(89) && gap < .milliseconds(91), "90 % of 1 s / 10")
        let times = try await Self.fourChains(limiter)
        #expect(Self.busiestWindow(times) == 10)
        // Every 1 s window that holds a later send holds at most 10 sends, the 15 before included.
        let all = before + times
        for time in times {
            #expect(all.filter { $0 > time - .seconds(1) && $0 <= time }.count <= 10)
        }
        // The first send after the 15 waits until only 9 of them are inside its window.
        #expect(times.first! >= before[5] + .seconds(1))
        // A higher or missing server limit never raises the limit.
        await limiter.throttled(for: .zero, serverLimit: 50)
        #expect(await limiter.limit == 10)
    }

    @Test("a halted limiter refuses every later send with the halting error")
    func halt() async throws {
        let limiter = RateLimiter(limit: 19, clock: TestClock())
        try await limiter.acquire()
        let quota = FeishuError.quotaExhausted(APIErrorContext(endpoint: "/x"), apiCalls: 1, resetsOn: "2026-12-01")
        await limiter.halt(quota)
        await #expect(throws: quota) { try await limiter.acquire() }
    }

    @Test("each endpoint has its own budget")
    func perEndpoint() async throws {
        let clock = TestClock()
        let budgets = EndpointBudgets(endpoints: ["/a", "/b"], limit: 1, window: .seconds(1), clock: clock)
        let a = try await budgets["/a"]!.acquire()
        let b = try await budgets["/b"]!.acquire()
        #expect(a == .zero && b == .zero)
        #expect(budgets["/c"] == nil)
        #expect(try await budgets["/a"]!.acquire() >= .seconds(1))
    }
}

@Suite("Token store under a test clock")
struct TokenStoreClockTests {
    @Test("a 7200 s token is reused until 10 minutes before expiry, then fetched again")
    func refreshAhead() async throws {
        let clock = TestClock()
        let fetches = Counter()
        let store = TokenStore(credentials: .app(id: "cli_a", secret: "s"), clock: clock) {
            let n = fetches.increment()
            return ("t-\(n)", 7200)
        }
        #expect(try await store.current() == "t-1")
        clock.advance(by: .seconds(6599))
        #expect(try await store.current() == "t-1")
        clock.advance(by: .seconds(1))
        #expect(try await store.current() == "t-2")
        #expect(fetches.value == 2)
    }

    @Test("a 60 s token is refreshed at half its life")
    func shortLived() async throws {
        let clock = TestClock()
        let fetches = Counter()
        let store = TokenStore(credentials: .app(id: "cli_a", secret: "s"), clock: clock) {
            ("t-\(fetches.increment())", 60)
        }
        _ = try await store.current()
        clock.advance(by: .seconds(29))
        #expect(try await store.current() == "t-1")
        clock.advance(by: .seconds(1))
        #expect(try await store.current() == "t-2")
    }
}

/// A thread-safe counter for fetcher closures.
final class Counter: Sendable {
    private let count = Mutex(0)
    var value: Int { count.withLock { $0 } }
    func increment() -> Int {
        count.withLock {
            $0 += 1; return $0
        }
    }
}
