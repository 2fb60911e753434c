import Foundation
import Testing
import WorkplaceAnalytics
import WorkplaceModel

@testable import WorkplaceRendering

/// A timing harness for the workbook alone, run by hand; does nothing unless `WORKBOOK_BENCH_ROWS` is set.
///
/// ```
/// WORKBOOK_BENCH_ROWS=1000000 WORKBOOK_BENCH_MEMORY=constant WORKBOOK_BENCH_OUT=/tmp/bench \
///   /usr/bin/time -v swift test --skip-build --filter WorkbookBenchmark
/// ```
/// `WORKBOOK_BENCH_KEEP=1` keeps the workbook. The report is a year (2025) of daily records for `rows / 365` workplaces. It prints the write time
/// and the process's peak resident memory before and after the write (`VmHWM`).
@Suite struct WorkbookBenchmark {
    @Test func writeBigWorkbook() throws {
        let env = ProcessInfo.processInfo.environment
        guard let rowsText = env["WORKBOOK_BENCH_ROWS"], let rows = Int(rowsText), rows > 0 else { return }
        let memory: WorkbookOptions.Memory
        switch env["WORKBOOK_BENCH_MEMORY"] ?? "automatic" {
        case "constant": memory = .constant
        case "inMemory": memory = .inMemory
        default: memory = .automatic
        }
        let out = URL(fileURLWithPath: env["WORKBOOK_BENCH_OUT"] ?? NSTemporaryDirectory())
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)

        let days = 365
        let workplaces = max(1, rows / days)
        let start = CalendarDate(year: 2025, month: 1, day: 1)!
        var data = AccessDataset(coverage: DateRange(from: start, to: start.adding(days: days - 1)))
        data.reserveCapacity(workplaces * days)
        var state: UInt64 = 42
        for w in 0..<workplaces {
            let names = [
                LocalizedName(language: "zh_cn", name: "工作台 \(w)"),
                LocalizedName(language: "en_us", name: "Workplace \(w)"),
            ]
            for d in 0..<days {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                let pv = Int64(state >> 54)
                data.append(
                    workplaceID: "tpl_\(w)", date: start.adding(days: d), pv: pv, uv: pv / 3, names: names)
            }
        }
        let report = Aggregation.makeReport(
            dataset: data,
            period: ReportPeriod(range: DateRange(from: start, to: start.adding(days: days - 1))!, kind: .range),
            options: ReportOptions(language: "en", generatedAt: 1_793_512_800))
        let before = Self.peakRSS()
        let url = out.appendingPathComponent("bench-\(rows)-\(memory).xlsx")
        let clock = ContinuousClock()
        let elapsed = try clock.measure {
            try WorkbookRenderer.write(report, to: url, options: WorkbookOptions(memory: memory))
        }
        let after = Self.peakRSS()
        let size = (try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
        print(
            "WORKBOOK_BENCH records=\(report.records.count) memory=\(memory) seconds=\(elapsed) "
                + "peakRSS_before_MB=\(before / 1024) peakRSS_after_MB=\(after / 1024) file_MB=\(size / 1_048_576)")
        if env["WORKBOOK_BENCH_KEEP"] == nil { try? FileManager.default.removeItem(at: url) }
    }

    /// `VmHWM` of this process in KiB (Linux), or 0.
    static func peakRSS() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
        }
        return 0
    }
}
