import WorkplaceAnalytics
import WorkplaceModel

/// Small inline SVG charts for the HTML report: the daily trend, the top-N bars and the sparklines.
///
/// Each function returns one `<svg>` element as text, with every piece of user text XML-escaped, sizes
/// in a `viewBox` so the chart scales with the page, and colours as attributes (mail clients often drop
/// style sheets). Coordinates are written with one decimal, so the output is deterministic.
enum SVGCharts {
    /// The PV colour (blue).
    static let pvColor = "#2563eb"
    /// The UV-days colour (orange).
    static let uvColor = "#ea580c"
    private static let gridColor = "#e5e7eb"
    private static let axisTextColor = "#6b7280"
    private static let weekendColor = "#f3f4f6"

    // MARK: - Daily trend

    /// A line chart of daily PV (line and light area) and UV-days (line), with a y axis, gridlines,
    /// date labels, weekend shading (periods up to 92 days) and a legend.
    static func trend(_ daily: [DailyTotal], title: String, pvLabel: String, uvLabel: String) -> String {
        let width = 760.0
        let height = 260.0
        let left = 64.0
        let right = 16.0
        let top = 34.0
        let bottom = 30.0
        let plotW = width - left - right
        let plotH = height - top - bottom
        let n = daily.count
        let peak = daily.reduce(Int64(0)) { max($0, $1.pv, $1.uvDays) }
        let ticks = niceTicks(max: peak)
        let yMax = Double(ticks.last ?? 1)
        let band = plotW / Double(max(n, 1))
        func x(_ i: Int) -> Double { left + (Double(i) + 0.5) * band }
        func y(_ v: Int64) -> Double { top + plotH - Double(v) / yMax * plotH }

        var s = open(width: width, height: height, title: title)
        // Weekend shading: Saturday and Sunday bands, when a day is wide enough to see.
        if n <= 92 {
            for (i, day) in daily.enumerated() where day.date.isoWeekday >= 6 {
                s += rect(x: left + Double(i) * band, y: top, w: band, h: plotH, fill: weekendColor)
            }
        }
        // Horizontal gridlines and y labels.
        for tick in ticks {
            let ty = y(tick)
            s += "<line x1=\"\(num(left))\" y1=\"\(num(ty))\" x2=\"\(num(width - right))\" y2=\"\(num(ty))\" "
            s += "stroke=\"\(gridColor)\" stroke-width=\"1\"/>"
            s += text(compact(tick), x: left - 8, y: ty + 4, size: 11, anchor: "end", fill: axisTextColor)
        }
        // Date labels: about eight, from the first day on.
        let step = max(1, (n + 7) / 8)
        for i in stride(from: 0, to: n, by: step) {
            let c = daily[i].date.components
            let label = (c.month < 10 ? "0" : "") + "\(c.month)-" + (c.day < 10 ? "0" : "") + "\(c.day)"
            s += text(label, x: x(i), y: height - bottom + 18, size: 11, anchor: "middle", fill: axisTextColor)
        }
        // The x axis.
        s += "<line x1=\"\(num(left))\" y1=\"\(num(top + plotH))\" x2=\"\(num(width - right))\" "
        s += "y2=\"\(num(top + plotH))\" stroke=\"#9ca3af\" stroke-width=\"1\"/>"
        if n > 0 {
            let pvPoints = daily.indices.map { "\(num(x($0))),\(num(y(daily[$0].pv)))" }
            let uvPoints = daily.indices.map { "\(num(x($0))),\(num(y(daily[$0].uvDays)))" }
            let base = num(top + plotH)
            let area = "\(num(x(0))),\(base) " + pvPoints.joined(separator: " ") + " \(num(x(n - 1))),\(base)"
            s += "<polygon points=\"\(area)\" fill=\"\(pvColor)\" fill-opacity=\"0.10\"/>"
            s += polyline(pvPoints, color: pvColor, width: 2)
            s += polyline(uvPoints, color: uvColor, width: 2)
            if n == 1 {
                s += circle(x: x(0), y: y(daily[0].pv), r: 3, fill: pvColor)
                s += circle(x: x(0), y: y(daily[0].uvDays), r: 3, fill: uvColor)
            }
        }
        // Legend.
        s += rect(x: left, y: 10, w: 14, h: 4, fill: pvColor)
        s += text(pvLabel, x: left + 20, y: 16, size: 12, anchor: "start", fill: "#111827")
        let uvX = left + 40 + estimatedWidth(pvLabel, size: 12)
        s += rect(x: uvX, y: 10, w: 14, h: 4, fill: uvColor)
        s += text(uvLabel, x: uvX + 20, y: 16, size: 12, anchor: "start", fill: "#111827")
        return s + "</svg>"
    }

    // MARK: - Top-N bars

    /// One bar of the top-N chart.
    struct Bar {
        /// The workplace name (full; the chart clips it and keeps the full name in a tooltip).
        var name: String
        /// The bar's length.
        var value: Int64
        /// The text shown after the bar (`12,345 · 23.4%`).
        var valueText: String
    }

    /// Horizontal bars of the top-N workplaces by PV, longest first, labelled with rank and name.
    static func bars(_ bars: [Bar], title: String) -> String {
        let width = 760.0
        let rowH = 26.0
        let labelW = 236.0
        let valueW = 120.0
        let height = Double(bars.count) * rowH + 8
        let peak = bars.reduce(Int64(0)) { max($0, $1.value) }
        let barMax = width - labelW - valueW
        var s = open(width: width, height: height, title: title)
        for (i, bar) in bars.enumerated() {
            let y = 4 + Double(i) * rowH
            let label = "\(i + 1). " + clipToWidth(bar.name, units: 33)
            s += "<g><title>\(escape(DisplayFormat.clip(bar.name, to: 500).text))</title>"
            s += text(label, x: 0, y: y + 17, size: 12, anchor: "start", fill: "#111827")
            let w = peak > 0 ? max(Double(bar.value) / Double(peak) * barMax, bar.value > 0 ? 2 : 0) : 0
            s += "<rect x=\"\(num(labelW))\" y=\"\(num(y + 4))\" width=\"\(num(w))\" height=\"\(num(rowH - 8))\" "
            s += "rx=\"2\" fill=\"\(pvColor)\"/>"
            s += text(bar.valueText, x: labelW + w + 6, y: y + 17, size: 12, anchor: "start", fill: "#374151")
            s += "</g>"
        }
        return s + "</svg>"
    }

    // MARK: - Sparklines

    /// A 120×28 sparkline of `values` (scaled from zero to the highest value), with a dot on the last one.
    static func sparkline(_ values: [Int64], title: String) -> String {
        let width = 120.0
        let height = 28.0
        let pad = 3.0
        let peak = values.max() ?? 0
        let n = values.count
        func x(_ i: Int) -> Double {
            n > 1 ? pad + Double(i) / Double(n - 1) * (width - 2 * pad) : width / 2
        }
        func y(_ v: Int64) -> Double {
            peak > 0 ? height - pad - Double(v) / Double(peak) * (height - 2 * pad) : height - pad
        }
        var s = open(width: width, height: height, title: title, className: "spark")
        guard n > 0 else { return s + "</svg>" }
        let points = values.indices.map { "\(num(x($0))),\(num(y(values[$0])))" }
        let color = peak > 0 ? pvColor : "#9ca3af"
        if n > 1 {
            let base = num(height - pad)
            let area = "\(num(x(0))),\(base) " + points.joined(separator: " ") + " \(num(x(n - 1))),\(base)"
            s += "<polygon points=\"\(area)\" fill=\"\(color)\" fill-opacity=\"0.12\"/>"
            s += polyline(points, color: color, width: 1.5)
        }
        s += circle(x: x(n - 1), y: y(values[n - 1]), r: 2.2, fill: color)
        return s + "</svg>"
    }

    // MARK: - Monthly history

    /// One line of the history chart: a workplace's PV per month, nil where the month is not covered.
    struct HistoryLine {
        /// The workplace name (clipped in the legend).
        var name: String
        /// PV per month.
        var values: [Int64?]
    }

    /// The line colours of the history chart, one per top workplace.
    static let historyColors = ["#2563eb", "#ea580c", "#16a34a", "#9333ea", "#db2777"]

    /// A line chart of the top workplaces' monthly PV over the 13 months (`labels`, `yyyy-MM`): one
    /// line each, broken where a month is not covered, with a legend.
    static func history(_ lines: [HistoryLine], labels: [String], title: String) -> String {
        let width = 760.0
        let legendRows = Double((lines.count + 2) / 3)
        let top = 14 + legendRows * 18 + 8
        let height = top + 190 + 30
        let left = 64.0
        let right = 16.0
        let bottom = 30.0
        let plotW = width - left - right
        let plotH = height - top - bottom
        let n = labels.count
        let peak = lines.reduce(Int64(0)) { max($0, $1.values.reduce(Int64(0)) { max($0, $1 ?? 0) }) }
        let ticks = niceTicks(max: peak)
        let yMax = Double(ticks.last ?? 1)
        let band = plotW / Double(max(n, 1))
        func x(_ i: Int) -> Double { left + (Double(i) + 0.5) * band }
        func y(_ v: Int64) -> Double { top + plotH - Double(v) / yMax * plotH }

        var s = open(width: width, height: height, title: title)
        for tick in ticks {
            let ty = y(tick)
            s += "<line x1=\"\(num(left))\" y1=\"\(num(ty))\" x2=\"\(num(width - right))\" y2=\"\(num(ty))\" "
            s += "stroke=\"\(gridColor)\" stroke-width=\"1\"/>"
            s += text(compact(tick), x: left - 8, y: ty + 4, size: 11, anchor: "end", fill: axisTextColor)
        }
        for (i, label) in labels.enumerated() where i % 2 == (n - 1) % 2 {
            s += text(label, x: x(i), y: height - bottom + 18, size: 11, anchor: "middle", fill: axisTextColor)
        }
        s += "<line x1=\"\(num(left))\" y1=\"\(num(top + plotH))\" x2=\"\(num(width - right))\" "
        s += "y2=\"\(num(top + plotH))\" stroke=\"#9ca3af\" stroke-width=\"1\"/>"
        for (l, line) in lines.enumerated() {
            let color = historyColors[l % historyColors.count]
            // Consecutive covered months form one segment; a lone month is a dot.
            var segment: [Int] = []
            func flush() {
                if segment.count > 1 {
                    s += polyline(segment.map { "\(num(x($0))),\(num(y(line.values[$0]!)))" }, color: color, width: 2)
                } else if let only = segment.first {
                    s += circle(x: x(only), y: y(line.values[only]!), r: 3, fill: color)
                }
                segment = []
            }
            for i in line.values.indices {
                if line.values[i] != nil { segment.append(i) } else { flush() }
            }
            flush()
            let lx = left + Double(l % 3) * 230
            let ly = 14 + Double(l / 3) * 18
            s += "<g><title>\(escape(DisplayFormat.clip(line.name, to: 500).text))</title>"
            s += rect(x: lx, y: ly - 6, w: 14, h: 4, fill: color)
            s += text(
                "\(l + 1). " + clipToWidth(line.name, units: 32), x: lx + 20, y: ly, size: 12, anchor: "start",
                fill: "#111827")
            s += "</g>"
        }
        return s + "</svg>"
    }

    // MARK: - Pieces

    /// XML-escapes text for an element or a quoted attribute.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in DisplayFormat.oneLine(text) {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }

    /// Round tick values from zero covering `max`: steps of 1, 2 or 5 × 10^k, at most six steps.
    static func niceTicks(max: Int64) -> [Int64] {
        guard max > 0 else { return [0, 1] }
        var step: Int64 = 1
        while max / step > 5 {
            if max / (step * 2) <= 5 {
                step *= 2
            } else if max / (step * 5) <= 5 {
                step *= 5
            } else {
                step *= 10
            }
        }
        let highest = (max + step - 1) / step * step
        var ticks: [Int64] = []
        var tick: Int64 = 0
        while tick <= highest {
            ticks.append(tick)
            tick += step
        }
        return ticks
    }

    /// A short axis label: `950`, `12,500`, `120k`, `1.2M`.
    static func compact(_ v: Int64) -> String {
        if v < 100_000 { return DisplayFormat.integer(v) }
        if v < 1_000_000 { return DisplayFormat.integer(v / 1000) + "k" }
        let millions = Double(v) / 1_000_000
        let text = millions < 100 ? DisplayFormat.decimal(millions) : DisplayFormat.integer(v / 1_000_000)
        return (text.hasSuffix(".0") ? String(text.dropLast(2)) : text) + "M"
    }

    /// A rough rendered width: wide (CJK, emoji) characters count as two units of `size * 0.55`.
    static func estimatedWidth(_ text: String, size: Double) -> Double {
        Double(text.reduce(0) { $0 + DisplayFormat.columns($1) }) * size * 0.55
    }

    /// `text` on one line, clipped to `limit` columns including the "…" added when cut.
    static func clipToWidth(_ text: String, units limit: Int) -> String {
        DisplayFormat.clip(DisplayFormat.oneLine(text), columns: limit - 1).text
    }

    private static func open(width: Double, height: Double, title: String, className: String = "chart") -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"\(className)\" viewBox=\"0 0 \(num(width)) \(num(height))\" "
            + "width=\"\(num(width))\" height=\"\(num(height))\" role=\"img\" aria-label=\"\(escape(title))\">"
            + "<title>\(escape(title))</title>"
    }

    private static func text(
        _ content: String, x: Double, y: Double, size: Int, anchor: String, fill: String
    ) -> String {
        "<text x=\"\(num(x))\" y=\"\(num(y))\" font-size=\"\(size)\" text-anchor=\"\(anchor)\" fill=\"\(fill)\">"
            + escape(content) + "</text>"
    }

    private static func rect(x: Double, y: Double, w: Double, h: Double, fill: String) -> String {
        "<rect x=\"\(num(x))\" y=\"\(num(y))\" width=\"\(num(w))\" height=\"\(num(h))\" fill=\"\(fill)\"/>"
    }

    private static func circle(x: Double, y: Double, r: Double, fill: String) -> String {
        "<circle cx=\"\(num(x))\" cy=\"\(num(y))\" r=\"\(num(r))\" fill=\"\(fill)\"/>"
    }

    private static func polyline(_ points: [String], color: String, width: Double) -> String {
        "<polyline points=\"\(points.joined(separator: " "))\" fill=\"none\" stroke=\"\(color)\" "
            + "stroke-width=\"\(num(width))\" stroke-linejoin=\"round\" stroke-linecap=\"round\"/>"
    }

    /// A coordinate with at most one decimal: `12`, `12.5`, `-3.2`.
    static func num(_ v: Double) -> String {
        guard v.isFinite else { return "0" }
        let tenths = Int64((v * 10).rounded(.toNearestOrAwayFromZero))
        let whole = tenths.magnitude / 10
        let fraction = tenths.magnitude % 10
        let sign = tenths < 0 ? "-" : ""
        return fraction == 0 ? "\(sign)\(whole)" : "\(sign)\(whole).\(fraction)"
    }
}
