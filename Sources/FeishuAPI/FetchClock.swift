/// The time source of the limiter and the token store: real time in production, a test clock in tests.
///
/// Instants are durations since an origin fixed when the clock was made, so a test clock can start at
/// zero and move by exact steps.
public protocol FetchClock: Sendable {
    /// The time since the clock's origin.
    var now: Duration { get }
    /// Returns at `deadline` or later (a real clock wakes up late by a scheduler's slack).
    /// - Throws: `CancellationError` when the task is cancelled.
    func sleep(until deadline: Duration) async throws
}

/// `ContinuousClock` seen as a ``FetchClock``.
public struct SystemFetchClock: FetchClock {
    private let origin: ContinuousClock.Instant

    /// A clock whose origin is now.
    public init() {
        origin = ContinuousClock.now
    }

    public var now: Duration { ContinuousClock.now - origin }

    public func sleep(until deadline: Duration) async throws {
        try await Task.sleep(until: origin + deadline, clock: ContinuousClock())
    }
}
