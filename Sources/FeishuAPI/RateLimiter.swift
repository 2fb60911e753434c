/// One limiter shared by every chain of a client: it hands out evenly spaced send slots.
///
/// A reservation takes the next free slot (`interval` after the previous one, or now if the line is
/// idle); the caller sleeps until its slot. Late wake-ups never shift later slots, so under steady
/// demand the rate stays at the limit. A rate-limit answer pauses every chain through ``pause(for:)``.
actor RateLimiter {
    private let interval: Duration
    private let clock = ContinuousClock()
    private var nextSlot: ContinuousClock.Instant

    /// A limiter for `requestsPerSecond`.
    init(requestsPerSecond: Double) {
        interval = .seconds(1 / requestsPerSecond)
        nextSlot = clock.now
    }

    /// Reserves the next slot and returns when it is due.
    func reserve() -> ContinuousClock.Instant {
        let now = clock.now
        let slot = max(now, nextSlot)
        nextSlot = slot + interval
        return slot
    }

    /// Pushes every later slot to at least `delay` from now (the server said its window is spent).
    func pause(for delay: Duration) {
        nextSlot = max(nextSlot, clock.now + delay)
    }

    /// Waits for a slot.
    nonisolated func acquire() async throws {
        let slot = await reserve()
        try await Task.sleep(until: slot, clock: ContinuousClock())
    }
}
