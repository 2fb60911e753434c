import WorkplaceAnalytics
import WorkplaceModel

/// Writes the report model as JSON, schema `workplace-report/v1` (spec §6.1).
///
/// The key names and number types are a contract with other tools: counts are integers, ratios are
/// unrounded doubles, absent comparisons are `null`. Keys may be added, never renamed. The text is
/// built byte by byte (no `JSONEncoder`), with keys in a fixed order so the output is reproducible.
public enum ReportJSON {
    /// The JSON document of `report`, UTF-8, two-space indented, ending in a newline.
    public static func render(_ report: Report) -> [UInt8] {
        let w = JSONWriter()
        w.object {
            w.key("schema", Report.schema)
            w.key("generated_at", ISO8601.utc(seconds: report.generatedAt))
            w.key("language", report.language)
            w.key("title", report.title)
            w.key("source") {
                w.object {
                    w.key("base_url", report.source.baseURL)
                    w.key("fetched_at", report.source.fetchedAt)
                    w.key("input", report.source.input)
                    w.key("api_calls", report.source.apiCalls.map(Int64.init))
                }
            }
            w.key("period") { period(w, report.period) }
            w.key("previous_period") {
                if let p = report.previousPeriod { period(w, p) } else { w.null() }
            }
            w.key("year_ago_period") {
                if let y = report.yearAgo { period(w, y.period) } else { w.null() }
            }
            w.key("totals") {
                w.object {
                    w.key("pv", report.totals.pv)
                    w.key("uv_days", report.totals.uvDays)
                    w.key("avg_daily_uv", report.totals.avgDailyUV)
                    w.key("active_workplaces", Int64(report.totals.activeWorkplaces))
                    w.key("previous") {
                        if let p = report.totals.previous {
                            w.object {
                                w.key("pv", p.pv)
                                w.key("uv_days", p.uvDays)
                                w.key("avg_daily_uv", report.previousAvgDailyUV)
                                w.key("active_workplaces", Int64(p.activeWorkplaces))
                            }
                        } else {
                            w.null()
                        }
                    }
                    w.key("pv_change_pct", report.totals.pvChangePct)
                    w.key("uv_days_change_pct", report.totals.uvDaysChangePct)
                    w.key("avg_daily_uv_change_pct", report.avgDailyUVChangePct)
                    w.key("active_workplaces_change_pct", report.totals.activeWorkplacesChangePct)
                    w.key("year_ago") {
                        if let y = report.yearAgo {
                            w.object {
                                w.key("pv", y.pv)
                                w.key("uv_days", y.uvDays)
                                w.key("avg_daily_uv", y.avgDailyUV)
                            }
                        } else {
                            w.null()
                        }
                    }
                    w.key("pv_change_yoy_pct", report.pvChangeYoYPct)
                    w.key("uv_days_change_yoy_pct", report.uvDaysChangeYoYPct)
                    w.key("avg_daily_uv_change_yoy_pct", report.avgDailyUVChangeYoYPct)
                }
            }
            w.key("workplaces") { summaries(w, report.workplaces) }
            w.key("top") { w.array(report.top) { w.string($0.id) } }
            w.key("daily") {
                w.array(report.daily) { d in
                    w.object {
                        w.key("date", d.date.description)
                        w.key("pv", d.pv)
                        w.key("uv_days", d.uvDays)
                    }
                }
            }
            w.key("weekly") { buckets(w, report.weekly) }
            w.key("monthly") { buckets(w, report.monthly) }
            w.key("workplace_weekly") { workplaceBuckets(w, report.workplaceWeekly, report) }
            w.key("workplace_monthly") { workplaceBuckets(w, report.workplaceMonthly, report) }
            w.key("history") {
                if let h = report.history { history(w, h, report) } else { w.null() }
            }
            w.key("overall") {
                if let o = report.overall { overall(w, o) } else { w.null() }
            }
            w.key("blocks") {
                if let b = report.blocks { summaries(w, b.blocks) } else { w.null() }
            }
            w.key("top_blocks") {
                if let b = report.blocks { w.array(b.top) { w.string($0.id) } } else { w.null() }
            }
            let labels = Labels.forLanguage(report.language)
            w.key("warnings") { w.array(report.warnings) { w.string(labels.phrase($0)) } }
            w.key("warning_details") {
                w.array(report.warnings) { warning in
                    w.object {
                        w.key("kind", warning.kind.rawValue)
                        w.key("count", Int64(warning.count))
                        w.key("example") {
                            w.object {
                                w.key("id", warning.example.workplaceID)
                                w.key("date", warning.example.date.description)
                                w.key("pv", warning.example.pv)
                                w.key("uv", warning.example.uv)
                            }
                        }
                    }
                }
            }
        }
        w.newline()
        return w.bytes
    }

    /// The `workplaces[]` objects; `blocks[]` has the same keys.
    private static func summaries(_ w: JSONWriter, _ list: [WorkplaceSummary]) {
        w.array(list) { wp in
            w.object {
                w.key("id", wp.id)
                w.key("name", wp.name)
                w.key("rank", Int64(wp.rank))
                w.key("pv", wp.pv)
                w.key("uv_days", wp.uvDays)
                w.key("avg_daily_uv", wp.avgDailyUV)
                w.key("peak_daily_uv", wp.peakDailyUV)
                w.key("active_days", Int64(wp.activeDays))
                w.key("share", wp.share)
                w.key("previous") {
                    if let p = wp.previous {
                        w.object {
                            w.key("pv", p.pv)
                            w.key("rank", Int64(p.rank))
                        }
                    } else {
                        w.null()
                    }
                }
                w.key("pv_change_pct", wp.pvChangePct)
                w.key("rank_change", wp.rankChange.map(Int64.init))
                w.key("new", wp.isNew)
            }
        }
    }

    /// `{totals: {all_pv, all_uv_days, all_avg_daily_uv, default_pv, default_uv_days, custom_pv,
    /// custom_share, previous, all_pv_change_pct}, daily: [...], weekly: [...], monthly: [...]}`.
    private static func overall(_ w: JSONWriter, _ o: OverallPart) {
        func figures(_ f: OverallFigures) {
            w.key("all_pv", f.allPV)
            w.key("all_uv_days", f.allUVDays)
            w.key("all_avg_daily_uv", f.allAvgDailyUV)
            w.key("default_pv", f.defaultPV)
            w.key("default_uv_days", f.defaultUVDays)
            w.key("custom_pv", f.customPV)
        }
        w.object {
            w.key("totals") {
                w.object {
                    figures(o.totals)
                    w.key("custom_share", o.totals.customShare)
                    w.key("previous") {
                        if let p = o.previous { w.object { figures(p) } } else { w.null() }
                    }
                    w.key("all_pv_change_pct", o.allPVChangePct)
                }
            }
            w.key("daily") {
                w.array(o.daily) { d in
                    w.object {
                        w.key("date", d.date.description)
                        w.key("all_pv", d.allPV)
                        w.key("all_uv", d.allUV)
                        w.key("default_pv", d.defaultPV)
                        w.key("default_uv", d.defaultUV)
                        w.key("custom_pv", d.customPV)
                    }
                }
            }
            for (name, list) in [("weekly", o.weekly), ("monthly", o.monthly)] {
                w.key(name) {
                    w.array(list) { b in
                        w.object {
                            w.key("label", b.label)
                            w.key("from", b.from.description)
                            w.key("to", b.to.description)
                            w.key("partial", b.partial)
                            w.key("days_covered", Int64(b.daysCovered))
                            figures(b.figures)
                        }
                    }
                }
            }
        }
    }

    private static func period(_ w: JSONWriter, _ p: ReportPeriod) {
        w.object {
            w.key("from", p.from.description)
            w.key("to", p.to.description)
            w.key("label", p.label)
            w.key("days", Int64(p.days))
        }
    }

    /// `{monthly: [{label, from, to, partial, days, days_covered, covered, pv, uv_days, avg_daily_uv}],
    /// top_trend: [{id, rank, monthly_pv}]}`: figures are null for a month not covered.
    private static func history(_ w: JSONWriter, _ h: History, _ report: Report) {
        w.object {
            w.key("monthly") {
                w.array(h.months) { m in
                    w.object {
                        w.key("label", m.label)
                        w.key("from", m.from.description)
                        w.key("to", m.to.description)
                        w.key("partial", m.partial)
                        w.key("days", Int64(m.days))
                        w.key("days_covered", Int64(m.daysCovered))
                        w.key("covered", m.covered)
                        w.key("pv", m.pv)
                        w.key("uv_days", m.uvDays)
                        w.key("avg_daily_uv", m.avgDailyUV)
                    }
                }
            }
            w.key("top_trend") {
                w.array(h.topTrend) { t in
                    w.object {
                        w.key("id", report.workplaces[t.workplace].id)
                        w.key("rank", Int64(report.workplaces[t.workplace].rank))
                        w.key("monthly_pv") {
                            w.array(t.pv) { value in
                                if let value { w.raw(String(value)) } else { w.null() }
                            }
                        }
                    }
                }
            }
        }
    }

    private static func buckets(_ w: JSONWriter, _ list: [BucketTotal]) {
        w.array(list) { b in
            w.object {
                w.key("label", b.label)
                w.key("from", b.from.description)
                w.key("to", b.to.description)
                w.key("partial", b.partial)
                w.key("days_covered", Int64(b.daysCovered))
                w.key("pv", b.pv)
                w.key("uv_days", b.uvDays)
                w.key("avg_daily_uv", b.avgDailyUV)
            }
        }
    }

    private static func workplaceBuckets(_ w: JSONWriter, _ list: [WorkplaceBucket], _ report: Report) {
        w.array(list) { b in
            w.object {
                w.key("id", report.workplaces[b.workplace].id)
                w.key("label", b.label)
                w.key("pv", b.pv)
                w.key("uv_days", b.uvDays)
                w.key("avg_daily_uv", b.avgDailyUV)
                w.key("peak_daily_uv", b.peakDailyUV)
                w.key("active_days", Int64(b.activeDays))
            }
        }
    }
}

/// A minimal pretty-printing JSON writer over a byte buffer.
///
/// Closures nest objects and arrays.
final class JSONWriter {
    private(set) var bytes: [UInt8] = []
    private var depth = 0
    private var first = true

    init() {
        bytes.reserveCapacity(1 << 16)
    }

    func object(_ body: () -> Void) {
        open(UInt8(ascii: "{"))
        body()
        close(UInt8(ascii: "}"))
    }

    func array<S: Sequence>(_ items: S, _ each: (S.Element) -> Void) {
        open(UInt8(ascii: "["))
        for item in items {
            separator()
            each(item)
        }
        close(UInt8(ascii: "]"))
    }

    func key(_ name: String, _ value: () -> Void) {
        separator()
        string(name)
        bytes.append(contentsOf: [UInt8(ascii: ":"), UInt8(ascii: " ")])
        value()
        first = false
    }

    func key(_ name: String, _ value: String?) {
        key(name) { if let value { string(value) } else { null() } }
    }

    func key(_ name: String, _ value: Int64?) {
        key(name) { if let value { bytes.append(contentsOf: String(value).utf8) } else { null() } }
    }

    func key(_ name: String, _ value: Double?) {
        key(name) {
            if let value, value.isFinite {
                bytes.append(contentsOf: Self.number(value).utf8)
            } else {
                null()
            }
        }
    }

    func key(_ name: String, _ value: Bool) {
        key(name) { bytes.append(contentsOf: (value ? "true" : "false").utf8) }
    }

    func null() {
        bytes.append(contentsOf: "null".utf8)
    }

    /// A value already in JSON form (a number).
    func raw(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    func newline() {
        bytes.append(UInt8(ascii: "\n"))
    }

    /// A JSON string literal, through the escaper the snapshot writer uses too.
    func string(_ s: String) {
        JSONString.append(s, to: &bytes)
    }

    /// The shortest text that reads back as `value`; integral values keep a `.0` so they stay doubles.
    static func number(_ value: Double) -> String {
        let text = value.description
        return text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) ? text : text + ".0"
    }

    private func open(_ bracket: UInt8) {
        bytes.append(bracket)
        depth += 1
        first = true
    }

    private func close(_ bracket: UInt8) {
        depth -= 1
        if !first { indent() }
        bytes.append(bracket)
        first = false
    }

    private func separator() {
        if !first { bytes.append(UInt8(ascii: ",")) }
        first = false
        indent()
    }

    private func indent() {
        bytes.append(UInt8(ascii: "\n"))
        bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: depth * 2))
    }
}
