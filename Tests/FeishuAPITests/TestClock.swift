import Synchronization

@testable import FeishuAPI

/// A clock that never waits: `sleep(until:)` moves time to the deadline plus a scripted lateness and
/// returns, so tests run in virtual time, exactly and fast.
final class TestClock: FetchClock {
    private let state: Mutex<(now: Duration, random: UInt64)>
    /// The most a wake-up is late (uniform in 0…`maxLateness`, from a fixed seed).
    let maxLateness: Duration

    init(maxLateness: Duration = .zero, seed: UInt64 = 1) {
        self.maxLateness = maxLateness
        state = Mutex((.zero, seed))
    }

    var now: Duration { state.withLock { $0.now } }

    /// Moves time forward by `step`.
    func advance(by step: Duration) {
        state.withLock { $0.now += step }
    }

    func sleep(until deadline: Duration) async throws {
        try Task.checkCancellation()
        state.withLock { s in
            // xorshift64: a fixed sequence of late wake-ups.
            s.random ^= s.random << 13
            s.random ^= s.random >> 7
            s.random ^= s.random << 17
            let late = maxLateness * (Double(s.random % 1000) / 1000)
            s.now = max(s.now, deadline + late)
        }
        await Task.yield()
    }
}
