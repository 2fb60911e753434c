import Foundation
import WorkplaceModel

/// Wall time per phase of a run, for the benchmark (`report --timings FILE`, a hidden flag).
struct PhaseTimer {
    private var last = ContinuousClock.now
    private var entries: [(String, Double)] = []

    /// Records the time since the previous lap under `name`.
    mutating func lap(_ name: String) {
        let now = ContinuousClock.now
        let d = now - last
        last = now
        record(name, Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18)
    }

    /// Records a value measured elsewhere.
    mutating func record(_ name: String, _ value: Double) {
        entries.append((name, value))
    }

    /// Writes `{"phase": seconds, …}` to `path`.
    func write(to path: String) throws {
        let body = entries.map { "  \"\($0.0)\": \($0.1)" }.joined(separator: ",\n")
        try AtomicFile.write(Array("{\n\(body)\n}\n".utf8), to: URL(fileURLWithPath: path))
    }
}
