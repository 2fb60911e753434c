import Testing

@testable import FeishuAPI

/// The retry rules with no network and no sleeping: an outcome and a history in, an action out.
@Suite("Retry decisions")
struct RetryDecisionTests {
    /// 100 ms doubling to at most 800 ms; 3 attempts; 2 rate-limit waits of at most 5 s.
    static let policy = RetryPolicy(
        maxAttempts: 3, baseDelay: .milliseconds(100), maxDelay: .milliseconds(800), maxRateLimitWaits: 2,
        maxRateLimitWait: .seconds(5), maxChainRestarts: 1)

    struct Row: Sendable, CustomTestStringConvertible {
        var name: String
        var failures = 0
        var rateLimitWaits = 0
        var refreshed = false
        var canRefresh = true
        var outcome: ExchangeOutcome
        var jitter = 0.0
        var expected: RetryAction
        var testDescription: String { name }
    }

    static let rows: [Row] = [
        Row(name: "success is done", outcome: .success, expected: .done),
        Row(name: "a failed answer stops", outcome: .failed, expected: .stop(.failed)),
        Row(name: "restart the chain on 1621004", outcome: .restartChain, expected: .restartChain),
        // First transient fault: half of 100 ms fixed, plus jitter × the other half.
        Row(
            name: "first transient, no jitter: 50 ms", outcome: .transient("HTTP 502"),
            expected: .retry(after: .milliseconds(50), pauseAll: false)),
        Row(
            name: "first transient, full jitter: 100 ms", outcome: .transient("HTTP 502"), jitter: 1,
            expected: .retry(after: .milliseconds(100), pauseAll: false)),
        Row(
            name: "second transient, half jitter: 150 ms", failures: 1, outcome: .transient("truncated body"),
            jitter: 0.5, expected: .retry(after: .milliseconds(150), pauseAll: false)),
        Row(
            name: "the third transient spends the budget", failures: 2, outcome: .transient("connection reset"),
            expected: .stop(.unavailable(attempts: 3, lastProblem: "connection reset"))),
        Row(
            name: "a 429 with a reset header pauses every chain that long",
            outcome: .rateLimited(serverWait: .seconds(1)), expected: .retry(after: .seconds(1), pauseAll: true)),
        Row(
            name: "a 429 without a header backs off", outcome: .rateLimited(serverWait: nil),
            expected: .retry(after: .milliseconds(50), pauseAll: true)),
        Row(
            name: "the third 429 gives up", rateLimitWaits: 2, outcome: .rateLimited(serverWait: .seconds(1)),
            expected: .stop(.rateLimited(attempts: 3))),
        Row(
            name: "a 429 asking for a minute gives up at once", outcome: .rateLimited(serverWait: .seconds(60)),
            expected: .stop(.rateLimited(attempts: 1))),
        Row(
            name: "rate-limit waits do not spend the transient budget", failures: 2,
            outcome: .rateLimited(serverWait: .seconds(1)), expected: .retry(after: .seconds(1), pauseAll: true)),
        Row(
            name: "a spent quota stops at once, even with budget left", outcome: .quotaExhausted,
            expected: .stop(.quotaExhausted)),
        Row(name: "a rejected token is refreshed once", outcome: .tokenRejected(scope: false), expected: .refreshToken),
        Row(
            name: "a second rejection stops", refreshed: true, outcome: .tokenRejected(scope: false),
            expected: .stop(.tokenRejected(scope: false))),
        Row(
            name: "a fixed token cannot be refreshed", canRefresh: false, outcome: .tokenRejected(scope: true),
            expected: .stop(.tokenRejected(scope: true))),
    ]

    @Test("one outcome, one action", arguments: rows)
    func decide(row: Row) {
        var decision = RetryDecision(
            policy: Self.policy, canRefresh: row.canRefresh, failures: row.failures,
            rateLimitWaits: row.rateLimitWaits, refreshed: row.refreshed)
        #expect(decision.next(after: row.outcome, jitter: row.jitter) == row.expected)
    }

    @Test("backoff doubles and is capped: 50, 100, 200, 400, 400 ms with no jitter")
    func backoffSequence() {
        let waits = (1...5).map { Self.policy.backoff(afterAttempt: $0, jitter: 0) }
        #expect(waits == [50, 100, 200, 400, 400].map { Duration.milliseconds($0) })
    }

    @Test("a request's history carries over: transient, transient, success is done after two retries")
    func history() {
        var decision = RetryDecision(policy: Self.policy, canRefresh: true)
        #expect(decision.next(after: .transient("a"), jitter: 0) == .retry(after: .milliseconds(50), pauseAll: false))
        #expect(decision.next(after: .transient("b"), jitter: 0) == .retry(after: .milliseconds(100), pauseAll: false))
        #expect(decision.next(after: .success, jitter: 0) == .done)
        #expect(decision.failures == 2)
    }
}
