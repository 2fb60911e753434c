import Foundation

/// One measured run: wall seconds, peak RSS, and the phases the program reported about itself.
struct Measurement {
    var label: String
    var size: String
    var wall: Double
    var peakMB: Double
    var phases: [String: Double] = [:]
    var xlsxMB: Double?
}

/// Runs ours, the peer (typical and best variant) and the native floor on one input file.
struct ReportBench {
    let size: String
    let items: URL
    let tool: String
    let work: URL
    let peer: URL
    let python: String?
    let floor: String?
    let runs: Int
    /// The generated data spans 730 days from 2024-01-01, so every record is in the report.
    let from = "2024-01-01"
    let to = "2025-12-30"

    func run() throws -> [Measurement] {
        var rows: [Measurement] = []
        let ours = work.appendingPathComponent("ours-\(size)")
        try? FileManager.default.removeItem(at: ours)
        let timings = work.appendingPathComponent("ours-\(size).timings.json")
        var m = try Shell.measure(
            label: "workplace-report", size: size, runs: runs,
            [
                tool, "report", "--input", items.path, "--from", from, "--to", to, "--out-dir", ours.path,
                "--formats", "xlsx,html,md,json", "--quiet", "--timings", timings.path,
            ],
            env: ["SOURCE_DATE_EPOCH": "1793520000"])
        if let data = try? Data(contentsOf: timings),
            let phases = try? JSONSerialization.jsonObject(with: data) as? [String: Double]
        {
            m.phases = phases
        }
        m.xlsxMB = Shell.megabytes(ours.appendingPathComponent("workplace-access-\(from)_\(to).xlsx"))
        rows.append(m)
        if let python {
            for (label, extra) in [
                ("peer pandas to_excel", [String]()), ("peer XlsxWriter direct", ["--xlsx-mode", "direct"]),
            ] {
                let dir = work.appendingPathComponent("peer-\(size)-\(extra.isEmpty ? "default" : "direct")")
                try? FileManager.default.removeItem(at: dir)
                var p = try Shell.measure(
                    label: label, size: size, runs: runs,
                    [
                        python, peer.appendingPathComponent("peer_report.py").path, "--items", items.path, "--from",
                        from,
                        "--to", to, "--out-dir", dir.path, "--formats", "xlsx,html,md,json",
                    ] + extra,
                    env: ["SOURCE_DATE_EPOCH": "1793520000"])
                p.xlsxMB = (try? FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil))?
                    .first { $0.pathExtension == "xlsx" }.flatMap(Shell.megabytes)
                rows.append(p)
            }
        }
        if let floor {
            let count = Shell.count(size)
            for (label, mode) in [("floor libxlsxwriter constant_memory", ["cm"]), ("floor libxlsxwriter default", [])]
            {
                let file = work.appendingPathComponent("floor-\(size).xlsx")
                var f = try Shell.measure(
                    label: label, size: size, runs: runs, [floor, String(count), file.path] + mode)
                f.xlsxMB = Shell.megabytes(file)
                rows.append(f)
            }
        }
        return rows
    }
}
