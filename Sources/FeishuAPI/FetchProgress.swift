import Synchronization

/// How far a fetch has come; passed to the progress callback and returned with the result.
public struct FetchProgress: Sendable, Hashable {
    /// Pages received (a restarted chain's pages included).
    public var pages = 0
    /// Records kept so far (records of a restarted chain are taken back out).
    public var records = 0
    /// Search requests sent, retries and rate-limited ones included.
    public var requests = 0
    /// Requests repeated after a transient failure, a rate-limit answer or a token refresh.
    public var retries = 0
    /// Rate-limit answers (HTTP 429 / 99991400) received.
    public var rateLimited = 0
    /// Token requests sent.
    public var tokenRequests = 0
    /// Chains restarted from page 1 after 1621004.
    public var chainRestarts = 0
    /// Records dropped because they lay outside the requested days or workplace.
    public var strayRecords = 0
    /// Shards finished.
    public var shardsDone = 0
    /// Shards in the fetch.
    public var shardsTotal = 0
    /// Time since the fetch started.
    public var elapsed: Duration = .zero

    /// Creates an empty progress value.
    public init() {}

    /// Search requests per second so far.
    public var requestsPerSecond: Double {
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        return seconds > 0 ? Double(requests) / seconds : 0
    }
}

/// Counts a fetch's events from every chain and reports them to the caller's callback.
final class ProgressTracker: Sendable {
    private let state = Mutex(FetchProgress())
    private let start = ContinuousClock.now
    private let callback: (@Sendable (FetchProgress) -> Void)?

    init(shards: Int, callback: (@Sendable (FetchProgress) -> Void)?) {
        self.callback = callback
        state.withLock { $0.shardsTotal = shards }
    }

    /// Applies `change` and reports the new totals.
    func update(report: Bool = true, _ change: (inout FetchProgress) -> Void) {
        let snapshot = state.withLock { progress in
            change(&progress)
            progress.elapsed = ContinuousClock.now - start
            return progress
        }
        if report { callback?(snapshot) }
    }

    /// The totals now.
    var current: FetchProgress {
        state.withLock { progress in
            progress.elapsed = ContinuousClock.now - start
            return progress
        }
    }
}
