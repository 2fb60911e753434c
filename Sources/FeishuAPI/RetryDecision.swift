/// What one exchange came to, stripped of its payload: the input of ``RetryDecision``.
enum ExchangeOutcome: Sendable, Hashable {
    /// A usable answer.
    case success
    /// A fault worth repeating: 5xx, 1621003, a timeout, a dropped connection, a truncated or non-JSON body.
    case transient(String)
    /// HTTP 429 / 99991400, with the wait the server asked for (`x-ogw-ratelimit-reset`), if any.
    case rateLimited(serverWait: Duration?)
    /// HTTP 429 / 99991403: the tenant's monthly API call quota is spent.
    case quotaExhausted
    /// The access token was rejected (`scope`: 99991676, the token lacks a scope).
    case tokenRejected(scope: Bool)
    /// 1621004: the page_token was rejected, so the chain must start from page 1.
    case restartChain
    /// An answer that no repetition will change (the interpreter has the error).
    case failed
}

/// Why a request stops for good.
enum StopReason: Sendable, Hashable {
    /// The interpreter's own error.
    case failed
    /// Transient faults outlasted `maxAttempts`.
    case unavailable(attempts: Int, lastProblem: String)
    /// Too many rate-limit answers, or one asking for a wait longer than `maxRateLimitWait`.
    case rateLimited(attempts: Int)
    /// The token was rejected and cannot (or can no more) be refreshed.
    case tokenRejected(scope: Bool)
    /// The monthly quota is spent: stop every chain, no retry.
    case quotaExhausted
}

/// What the request loop does next.
enum RetryAction: Sendable, Hashable {
    /// Return the answer.
    case done
    /// Send again after `delay`; `pauseAll` holds every chain of the endpoint for it (a rate-limit answer).
    case retry(after: Duration, pauseAll: Bool)
    /// Forget the token, get a new one and send again at once.
    case refreshToken
    /// Start the page chain again from page 1.
    case restartChain
    /// Give up.
    case stop(StopReason)
}

/// The retry, refresh, restart and backoff rules as a pure value.
///
/// An outcome and the request's history go in, the next action comes out. No network, no clock, no randomness (the jitter is an argument).
struct RetryDecision: Sendable, Hashable {
    /// The limits and delays.
    var policy: RetryPolicy
    /// Whether the credentials can mint a new token (an app id and secret, not a fixed token).
    var canRefresh: Bool
    /// Transient faults so far.
    var failures = 0
    /// Rate-limit answers so far.
    var rateLimitWaits = 0
    /// Whether the token was already refreshed once.
    var refreshed = false

    /// Records `outcome` and returns what to do; `jitter` in 0…1 picks the random half of a backoff.
    mutating func next(after outcome: ExchangeOutcome, jitter: Double) -> RetryAction {
        switch outcome {
        case .success:
            return .done
        case .failed:
            return .stop(.failed)
        case .quotaExhausted:
            return .stop(.quotaExhausted)
        case .restartChain:
            return .restartChain
        case .tokenRejected(let scope):
            guard canRefresh, !refreshed else { return .stop(.tokenRejected(scope: scope)) }
            refreshed = true
            return .refreshToken
        case .rateLimited(let serverWait):
            rateLimitWaits += 1
            let wait = serverWait ?? policy.backoff(afterAttempt: rateLimitWaits, jitter: jitter)
            guard rateLimitWaits <= policy.maxRateLimitWaits, wait <= policy.maxRateLimitWait else {
                return .stop(.rateLimited(attempts: rateLimitWaits))
            }
            return .retry(after: wait, pauseAll: true)
        case .transient(let problem):
            failures += 1
            guard failures < policy.maxAttempts else {
                return .stop(.unavailable(attempts: failures, lastProblem: problem))
            }
            return .retry(after: policy.backoff(afterAttempt: failures, jitter: jitter), pauseAll: false)
        }
    }
}
