import FeishuSimulator
import Foundation

/// One month of the monthly-runs benchmark: what a run cost without and with a history store.
struct MonthlyRun {
    var month: String
    var plainCalls: Int
    var storeCalls: Int
    /// The months of the history the store run's report covered (of 13).
    var historyMonths: Int
}

/// The history store measured (issue 15): 12 consecutive monthly reports against the simulator with and
/// without `--store` (API calls per run), and 1M records imported into a store and reported from it,
/// beside the same report from the snapshot file.
enum StoreBench {
    /// The months reported, each on the 1st of the month after at 10:00 UTC+8 (when the API has
    /// produced the last day).
    static let months = (0..<12).map { i in
        let month = 11 + i
        return month <= 12 ? String(format: "2025-%02d", month) : String(format: "2026-%02d", month - 12)
    }

    /// Runs `report --month M --formats json` for each month, once without and once with a store kept
    /// across the runs, against one simulator (seed 1, its default tenant); reads `source.api_calls`.
    static func monthlyRuns(tool: String, work: URL) async throws -> [MonthlyRun] {
        let simulator = try await Simulator.start(SimulatorConfig())
        defer { Task { await simulator.stop() } }
        let folder = work.appendingPathComponent("store-monthly")
        try? FileManager.default.removeItem(at: folder)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let store = folder.appendingPathComponent("history.sqlite").path
        let env = [
            "FEISHU_APP_ID": SimulatorConfig.demoAppID, "FEISHU_APP_SECRET": SimulatorConfig.demoAppSecret,
        ]
        var runs: [MonthlyRun] = []
        for month in months {
            FileHandle.standardError.write(Data("bench: monthly report \(month), without and with a store…\n".utf8))
            var calls: [Int] = []
            var covered = 0
            for extra in [[], ["--store", store]] {
                let out = folder.appendingPathComponent("\(month)-\(extra.isEmpty ? "plain" : "store")")
                try Shell.run(
                    [
                        tool, "report", "--month", month, "--base-url", simulator.baseURL, "--out-dir", out.path,
                        "--formats", "json", "--quiet",
                    ] + extra, env: env.merging(["SOURCE_DATE_EPOCH": String(runTime(after: month))]) { $1 })
                let model = try modelJSON(out.appendingPathComponent("workplace-access-\(month).json"))
                guard let apiCalls = (model["source"] as? [String: Any])?["api_calls"] as? Int else {
                    throw Shell.Failed(description: "the \(month) report has no source.api_calls")
                }
                calls.append(apiCalls)
                if !extra.isEmpty {
                    let history = (model["history"] as? [String: Any])?["monthly"] as? [[String: Any]] ?? []
                    covered = history.count { $0["covered"] as? Bool == true }
                }
            }
            runs.append(MonthlyRun(month: month, plainCalls: calls[0], storeCalls: calls[1], historyMonths: covered))
        }
        return runs
    }

    /// 10:00 UTC+8 on the 1st of the month after `month` (`2025-11`), in seconds since 1970.
    static func runTime(after month: String) -> Int64 {
        let parts = month.split(separator: "-").compactMap { Int($0) }
        let (year, next) = parts[1] == 12 ? (parts[0] + 1, 1) : (parts[0], parts[1] + 1)
        var days = 0
        for y in 1970..<year { days += (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 366 : 365 }
        let lengths = [
            31, (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30,
            31,
        ]
        days += lengths.prefix(next - 1).reduce(0, +)
        return Int64(days) * 86_400 + 2 * 3_600  // 10:00 UTC+8 is 02:00 UTC
    }

    /// The 1M benchmark: store import and report beside the snapshot file's report.
    ///
    /// The generated raw items become a snapshot (a scratch store's export), the snapshot is imported
    /// into a new store, and the same range report is made from the store (`--offline`) and from the
    /// snapshot file. Seconds and peak RSS under GNU time.
    static func million(tool: String, items: URL, size: String, work: URL, runs: Int) throws -> [Measurement] {
        let folder = work.appendingPathComponent("store-\(size)")
        try? FileManager.default.removeItem(at: folder)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let from = "2024-01-01"
        let to = "2025-12-30"
        let scratch = folder.appendingPathComponent("scratch.sqlite").path
        let snapshot = folder.appendingPathComponent("snapshot.json").path
        FileHandle.standardError.write(Data("bench: store \(size): preparing the snapshot…\n".utf8))
        try Shell.run([tool, "history", "import", "--store", scratch, items.path, "--quiet"])
        try Shell.run([
            tool, "history", "export", "--store", scratch, "--from", from, "--to", to, "--output", snapshot, "--quiet",
        ])
        try? FileManager.default.removeItem(atPath: scratch)
        var rows: [Measurement] = []
        let store = folder.appendingPathComponent("history.sqlite")
        var imported: [Measurement] = []
        for _ in 0..<max(runs, 1) {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: store.path + suffix) }
            imported.append(
                try Shell.measure(
                    label: "history import (snapshot → store)", size: size,
                    [tool, "history", "import", "--store", store.path, snapshot, "--quiet"]))
        }
        var importRow = imported.sorted { $0.wall < $1.wall }[imported.count / 2]
        importRow.xlsxMB = Shell.megabytes(store)
        rows.append(importRow)
        let env = ["SOURCE_DATE_EPOCH": "1793520000"]
        for (label, source) in [
            ("report from the store (--offline)", ["--store", store.path, "--offline"]),
            ("report from the snapshot file (--input)", ["--input", snapshot]),
        ] {
            let out = folder.appendingPathComponent(source[0] == "--input" ? "from-file" : "from-store")
            rows.append(
                try Shell.measure(
                    label: label, size: size, runs: runs,
                    [tool, "report", "--from", from, "--to", to, "--out-dir", out.path, "--formats", "json", "--quiet"]
                        + source, env: env))
        }
        // Both reports must be the same model, apart from where it came from.
        var models = try ["from-store", "from-file"].map {
            try modelJSON(folder.appendingPathComponent("\($0)/workplace-access-\(from)_\(to).json"))
        }
        for i in models.indices { models[i]["source"] = nil }
        guard NSDictionary(dictionary: models[0]).isEqual(to: models[1]) else {
            throw Shell.Failed(description: "the store's report differs from the snapshot file's")
        }
        return rows
    }

    private static func modelJSON(_ url: URL) throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] else {
            throw Shell.Failed(description: "\(url.path) is not a JSON object")
        }
        return object
    }
}

extension Results {
    /// The store section: API calls per monthly run, and the 1M import and reports.
    func storeMarkdown() -> [String] {
        var lines: [String] = []
        if !monthly.isEmpty {
            lines += [
                "| month (run on the 1st after, 10:00 UTC+8) | API calls, no store | API calls, with a store | months of history covered |",
                "| --- | ---: | ---: | ---: |",
            ]
            for run in monthly {
                lines.append("| \(run.month) | \(run.plainCalls) | \(run.storeCalls) | \(run.historyMonths) of 13 |")
            }
            let plain = monthly.reduce(0) { $0 + $1.plainCalls }
            let store = monthly.reduce(0) { $0 + $1.storeCalls }
            lines += ["| all 12 runs | \(plain) | \(store) | |", ""]
        }
        if !store.isEmpty {
            lines += [
                "| size | step | wall s | peak RSS MB | store MB |",
                "| --- | --- | ---: | ---: | ---: |",
            ]
            for m in store {
                lines.append(
                    "| \(m.size) | \(m.label) | \(String(format: "%.2f", m.wall)) | \(String(format: "%.0f", m.peakMB)) | "
                        + "\(m.xlsxMB.map { String(format: "%.0f", $0) } ?? "") |")
            }
            let fromStore = store.first { $0.label.hasPrefix("report from the store") }
            let fromFile = store.first { $0.label.hasPrefix("report from the snapshot") }
            if let fromStore, let fromFile {
                lines.append("")
                lines.append(
                    String(
                        format: "Store ÷ snapshot file: %.2f× the time, %.2f× the memory.",
                        fromStore.wall / fromFile.wall, fromStore.peakMB / fromFile.peakMB))
            }
            lines.append("")
        }
        return lines
    }
}
