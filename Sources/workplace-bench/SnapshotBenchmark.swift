import Foundation
import WorkplaceFiles
import WorkplaceModel

/// Times the snapshot reader and writer on real files, for a benchmark command (not for tests).
public enum SnapshotBenchmark {
    /// What one measured step did and cost.
    public struct Measurement: Sendable, CustomStringConvertible {
        /// Wall-clock seconds of the step.
        public let seconds: Double
        /// Records read or written.
        public let records: Int
        /// Distinct workplaces.
        public let workplaces: Int
        /// Size of the file read or written, in bytes.
        public let bytes: Int
        /// The process's peak resident memory so far, in bytes (it includes everything before the step).
        public let peakResidentBytes: Int

        /// One line: time, records/s, MB/s and peak memory.
        public var description: String {
            let perSecond = seconds > 0 ? Double(records) / seconds : 0
            let megabytes = Double(bytes) / 1_048_576
            return "\(records) records, \(workplaces) workplaces, \(String(format: "%.1f", megabytes)) MB in "
                + "\(String(format: "%.3f", seconds)) s (\(String(format: "%.0f", perSecond)) records/s, "
                + "\(String(format: "%.0f", seconds > 0 ? megabytes / seconds : 0)) MB/s), "
                + "peak RSS \(peakResidentBytes / 1_048_576) MB"
        }
    }

    /// Reads `path` with ``SnapshotFile/read(from:)`` and measures it.
    /// - Returns: the measurement and what was read, so a caller can go on (e.g. time writing it back).
    public static func measureRead(path: String) throws -> (Measurement, SnapshotInput) {
        let start = DispatchTime.now().uptimeNanoseconds
        let input = try SnapshotFile.read(from: path)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let measurement = Measurement(
            seconds: seconds, records: input.dataset.records.count, workplaces: input.dataset.workplaces.count,
            bytes: fileSize(path), peakResidentBytes: peakResidentBytes())
        return (measurement, input)
    }

    /// Writes `dataset` to `path` with ``SnapshotFile/write(_:metadata:to:)`` and measures it.
    public static func measureWrite(
        _ dataset: AccessDataset, metadata: SnapshotMetadata, path: String
    ) throws -> Measurement {
        let start = DispatchTime.now().uptimeNanoseconds
        try SnapshotFile.write(dataset, metadata: metadata, to: path)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return Measurement(
            seconds: seconds, records: dataset.records.count, workplaces: dataset.workplaces.count,
            bytes: fileSize(path), peakResidentBytes: peakResidentBytes())
    }

    /// Reads `input`, writes what it held as a snapshot to `path`, reads that snapshot: one line a step.
    public static func roundTrip(input: String, through path: String) throws -> [String] {
        let (read, data) = try measureRead(path: input)
        let dates = data.dataset.records.map(\.date)
        let range =
            data.metadata?.query.range ?? dates.min().flatMap { a in dates.max().flatMap { DateRange(from: a, to: $0) }
            }
            ?? DateRange(from: CalendarDate(dayNumber: 0), to: CalendarDate(dayNumber: 0))!
        let metadata = SnapshotMetadata(
            query: SnapshotQuery(range: range), baseURL: "https://open.feishu.cn", fetchedAt: nil)
        let write = try measureWrite(data.dataset, metadata: metadata, path: path)
        let (again, _) = try measureRead(path: path)
        return ["read input: \(read)", "write snapshot: \(write)", "read snapshot: \(again)"]
    }

    /// The peak resident set size of this process so far, in bytes.
    public static func peakResidentBytes() -> Int {
        var usage = rusage()
        #if os(Linux)
            guard getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage) == 0 else { return 0 }
            return usage.ru_maxrss * 1024  // kilobytes on Linux
        #else
            guard getrusage(RUSAGE_SELF, &usage) == 0 else { return 0 }
            return Int(usage.ru_maxrss)  // bytes on Darwin
        #endif
    }

    private static func fileSize(_ path: String) -> Int {
        guard path != "-", let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            let size = attributes[.size] as? NSNumber
        else { return 0 }
        return size.intValue
    }
}
