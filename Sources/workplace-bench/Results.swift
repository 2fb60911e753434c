import Foundation

/// Everything measured in one run, printed as Markdown tables with the ratios.
struct Results {
    var machine: String
    var rows: [Measurement] = []
    var fetch: [FetchMeasurement] = []
    /// The history store's monthly runs (API calls without and with a store).
    var monthly: [MonthlyRun] = []
    /// The history store's import and reports of the big input, beside the snapshot file's report.
    var store: [Measurement] = []

    func markdown() -> String {
        var lines = ["## Benchmark (\(machine))", ""]
        if !rows.isEmpty {
            lines += [
                "| size | program | wall s | peak RSS MB | xlsx MB | read | aggregate | xlsx | html | md | json |",
                "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
            ]
            for m in rows {
                let p = { (k: String) in m.phases[k].map { String(format: "%.2f", $0) } ?? "" }
                lines.append(
                    "| \(m.size) | \(m.label) | \(String(format: "%.2f", m.wall)) | \(String(format: "%.0f", m.peakMB)) | "
                        + "\(m.xlsxMB.map { String(format: "%.1f", $0) } ?? "") | \(p("read")) | \(p("aggregate")) | "
                        + "\(p("xlsx")) | \(p("html")) | \(p("md")) | \(p("json")) |")
            }
            lines += [
                "",
                "| size | ours vs peer to_excel | ours vs peer direct | ours / floor (cm) | memory: peer / ours | records/s |",
                "| --- | ---: | ---: | ---: | ---: | ---: |",
            ]
            var sizes: [String] = []
            for row in rows where !sizes.contains(row.size) { sizes.append(row.size) }
            for size in sizes {
                let of = { (label: String) in rows.first { $0.size == size && $0.label == label } }
                guard let ours = of("workplace-report") else { continue }
                let ratio = { (other: Measurement?) in other.map { String(format: "%.1f×", $0.wall / ours.wall) } ?? ""
                }
                let floor =
                    of("floor libxlsxwriter constant_memory").map { String(format: "%.2f", ours.wall / $0.wall) } ?? ""
                let memory = of("peer pandas to_excel").map { String(format: "%.1f×", $0.peakMB / ours.peakMB) } ?? ""
                let rate = ours.phases["records"].map { String(format: "%.0f", $0 / ours.wall) } ?? ""
                lines.append(
                    "| \(size) | \(ratio(of("peer pandas to_excel"))) | \(ratio(of("peer XlsxWriter direct"))) | \(floor) | \(memory) | \(rate) |"
                )
            }
            lines.append("")
        }
        if !fetch.isEmpty {
            lines += [
                "| fetch | pages | records | requests | 429s | seconds | pages/s | max in any 1 s (limit) |",
                "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
            ]
            for f in fetch {
                lines.append(
                    "| \(f.label) | \(f.pages) | \(f.records) | \(f.requests) | \(f.rateLimited) | "
                        + String(format: "%.1f | %.2f |", f.seconds, f.pagesPerSecond)
                        + " \(f.maxInWindow) (\(f.limit)) |")
            }
            lines.append("")
        }
        lines += storeMarkdown()
        return lines.joined(separator: "\n")
    }
}
