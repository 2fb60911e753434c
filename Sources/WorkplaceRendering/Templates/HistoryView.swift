import WorkplaceAnalytics
import WorkplaceModel

/// One month of the history table (`{{#historyMonths}}`).
public struct HistoryMonthView: Sendable {
    /// `2026-10`.
    public let label: String
    /// `2026-10-01 – 2026-10-31` (a weekly report's last month ends at the week's Sunday).
    public let range: String
    /// The month is cut at the period's last day (it had not ended then).
    public let partial: Bool
    /// Every day of the month is in the data; otherwise the figures are `–`.
    public let covered: Bool
    /// Days the data holds of the month's days: `31`.
    public let daysCovered: String
    /// The month's days (up to the period's last day): `31`.
    public let days: String
    /// Page views, or `–` when not covered.
    public let pv: String
    /// User-days, or `–`.
    public let uvDays: String
    /// Average daily UV, or `–`.
    public let avgDailyUV: String

    init(_ m: HistoryMonth) {
        label = m.label
        range = DisplayFormat.range(m.from, m.to)
        partial = m.partial
        covered = m.covered
        daysCovered = String(m.daysCovered)
        days = String(m.days)
        pv = m.pv.map(DisplayFormat.integer) ?? DisplayFormat.none
        uvDays = m.uvDays.map(DisplayFormat.integer) ?? DisplayFormat.none
        avgDailyUV = m.avgDailyUV.map { DisplayFormat.decimal($0) } ?? DisplayFormat.none
    }
}

/// One top workplace's monthly PV over the 13 months (`{{#historyTrend}}`).
public struct HistoryTrendView: Sendable {
    /// The rank in the period: `1`.
    public let rank: String
    /// The full name on one line.
    public let name: String
    /// The name shortened to ``ReportView/nameDisplayLimit`` columns.
    public let displayName: String
    /// `displayName` is shortened.
    public let isClipped: Bool
    /// PV per month as Unicode blocks, one a month, `·` for a month not covered: `▁▂▄█·▆`.
    public let sparkText: String
    /// PV per month (`–` when not covered), as `{{#values}}{{.}}{{/values}}`.
    public let values: [String]
    /// PV of the last month, or `–`.
    public let last: String

    init(_ trend: WorkplaceTrend, report: Report) {
        let w = report.workplaces[trend.workplace]
        rank = String(w.rank)
        name = DisplayFormat.oneLine(w.name)
        let clipped = DisplayFormat.clip(name, columns: ReportView.nameDisplayLimit)
        displayName = clipped.text
        isClipped = clipped.clipped
        sparkText = Self.blocks(trend.pv)
        values = trend.pv.map { $0.map(DisplayFormat.integer) ?? DisplayFormat.none }
        last = trend.pv.last.flatMap { $0 }.map(DisplayFormat.integer) ?? DisplayFormat.none
    }

    /// One block per month, scaled from zero to the highest covered month; `·` for a month not covered.
    static func blocks(_ values: [Int64?]) -> String {
        let levels: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
        let peak = values.reduce(Int64(0)) { max($0, $1 ?? 0) }
        return String(
            values.map { value -> Character in
                guard let value else { return "·" }
                guard peak > 0 else { return levels[0] }
                return levels[min(max(Int((Double(max(value, 0)) / Double(peak) * 7).rounded()), 0), 7)]
            })
    }
}

extension ReportView {
    /// The history fields of the view, from the model's history (nil when the data covers no month).
    struct HistoryParts {
        var months: [HistoryMonthView] = []
        var trend: [HistoryTrendView] = []
        var trendTitle = ""
        var chart = ""

        init(_ report: Report, words: HistoryWords) {
            guard let history = report.history else { return }
            months = history.months.map(HistoryMonthView.init)
            trend = history.topTrend.map { HistoryTrendView($0, report: report) }
            trendTitle = words.trendTitle(trend.count)
            let covered = history.topTrend.contains { $0.pv.contains { $0 != nil } }
            chart =
                covered
                ? SVGCharts.history(
                    history.topTrend.map {
                        SVGCharts.HistoryLine(name: report.workplaces[$0.workplace].name, values: $0.pv)
                    }, labels: history.months.map(\.label), title: trendTitle)
                : ""
        }
    }
}
