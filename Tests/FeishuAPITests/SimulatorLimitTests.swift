import Synchronization
import Testing

@testable import FeishuSimulator

/// The simulator's rate limit and quota, decided by its state under a hand-moved clock.
@Suite("Simulator limits under a test clock")
struct SimulatorLimitTests {
    final class Now: Sendable {
        private let time = Mutex(Duration.zero)
        var value: Duration { time.withLock { $0 } }
        func set(_ t: Duration) { time.withLock { $0 = t } }
    }

    static func state(_ configure: (inout SimulatorConfig) -> Void) -> (SimulatorState, Now) {
        var config = SimulatorConfig()
        configure(&config)
        let now = Now()
        return (SimulatorState(config: config, now: { now.value }), now)
    }

    static func isRateLimited(_ decision: SearchDecision) -> Int? {
        if case .rateLimited(let reset, _) = decision { return reset }
        return nil
    }

    @Test("rolling window: 20 at t = 0 pass, the 21st at 0.5 s is refused with reset 1, at 1.0 s 20 pass again")
    func rollingWindow() async {
        let (state, now) = Self.state { $0.requestsPerSecond = 20 }
        for _ in 0..<20 { #expect(Self.isRateLimited(await state.decideSearch(authorization: nil)) == nil) }
        now.set(.milliseconds(500))
        #expect(Self.isRateLimited(await state.decideSearch(authorization: nil)) == 1)
        now.set(.seconds(1))
        for _ in 0..<20 { #expect(Self.isRateLimited(await state.decideSearch(authorization: nil)) == nil) }
        #expect(Self.isRateLimited(await state.decideSearch(authorization: nil)) == 1)
        let stats = await state.statistics
        #expect(stats.rateLimited == 2)
        // Received (refused ones included): at 1.0 s the 20 of t = 0 have left; the one of 0.5 s and
        // the 21 of 1.0 s remain.
        #expect(stats.maxInWindow == 22)
    }

    @Test("token bucket (kept as an option): 20 pass, then one more every 50 ms")
    func tokenBucket() async {
        let (state, now) = Self.state {
            $0.requestsPerSecond = 20
            $0.rateLimitMode = .tokenBucket
        }
        for _ in 0..<20 { #expect(Self.isRateLimited(await state.decideSearch(authorization: nil)) == nil) }
        #expect(Self.isRateLimited(await state.decideSearch(authorization: nil)) == 1)
        now.set(.milliseconds(50))
        #expect(Self.isRateLimited(await state.decideSearch(authorization: nil)) == nil)
        #expect(Self.isRateLimited(await state.decideSearch(authorization: nil)) == 1)
    }

    @Test("a monthly quota of 2 serves two pages, then answers every search with the quota refusal")
    func monthlyQuota() async {
        let (state, _) = Self.state {
            $0.rateLimit = false
            $0.monthlyQuota = 2
        }
        guard
            case .issued(let token, _) = await state.issueToken(
                appID: SimulatorConfig.demoAppID, appSecret: SimulatorConfig.demoAppSecret)
        else {
            Issue.record("no token")
            return
        }
        // A refused (unauthenticated) call does not count against the quota.
        guard case .missingToken = await state.decideSearch(authorization: nil) else {
            Issue.record("expected missingToken")
            return
        }
        for _ in 0..<2 {
            guard case .serve = await state.decideSearch(authorization: "Bearer " + token) else {
                Issue.record("expected a page")
                return
            }
        }
        for _ in 0..<3 {
            guard case .quotaExhausted = await state.decideSearch(authorization: "Bearer " + token) else {
                Issue.record("expected the quota refusal")
                return
            }
        }
        #expect(await state.statistics.quotaRefused == 3)
    }

    @Test("a token expires by the injected clock, not by waiting")
    func tokenExpiry() async {
        let (state, now) = Self.state {
            $0.rateLimit = false
            $0.tokenLifetime = 60
        }
        guard
            case .issued(let token, _) = await state.issueToken(
                appID: SimulatorConfig.demoAppID, appSecret: SimulatorConfig.demoAppSecret)
        else {
            Issue.record("no token")
            return
        }
        now.set(.seconds(59))
        guard case .serve = await state.decideSearch(authorization: "Bearer " + token) else {
            Issue.record("expected a page at 59 s")
            return
        }
        now.set(.seconds(60))
        guard case .invalidToken = await state.decideSearch(authorization: "Bearer " + token) else {
            Issue.record("expected the token to have expired at 60 s")
            return
        }
    }

    @Test("latency jitter stays within latency ± jitter and varies")
    func jitter() async {
        let (state, _) = Self.state {
            $0.latency = .milliseconds(100)
            $0.latencyJitter = .milliseconds(30)
        }
        var seen: Set<Duration> = []
        for _ in 0..<200 {
            let latency = await state.nextLatency()
            #expect(latency >= .milliseconds(70) && latency <= .milliseconds(130))
            seen.insert(latency)
        }
        #expect(seen.count > 100)
    }
}
