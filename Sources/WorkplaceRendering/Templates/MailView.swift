import WorkplaceAnalytics
import WorkplaceModel

/// The values the e-mail's HTML part sees (template `mail.html`).
///
/// The ``ReportView`` as `report`, plus the charts as rows of numbers and bar widths, because mail clients
/// drop `<svg>` (Gmail, Outlook for Windows) and often the `<style>` block. The template draws each bar as
/// a table cell of that width in pixels.
///
/// Inside `{{#report}}…{{/report}}` every ``ReportView`` field is reachable, and these fields too.
public struct MailView: Sendable {
    /// The widest bar, in pixels (the page is at most 640 px wide).
    public static let barWidth = 300

    /// The report's fields, formatted as on the HTML page.
    public let report: ReportView
    /// One row per day of the daily trend: date, PV and UV-days with their bar widths.
    public let daily: [MailDayBar]
    /// The top-N bar chart: one row per workplace, PV with its bar width.
    public let topBars: [MailBar]
    /// The last 13 months' PV as bars (empty without history); a month not covered has no bar and `–`.
    public let historyBars: [MailHistoryBar]

    /// Builds the mail view of `report`.
    public init(_ report: Report) {
        self.report = ReportView(report)
        let peak = report.daily.reduce(Int64(0)) { max($0, $1.pv, $1.uvDays) }
        daily = report.daily.map { day in
            MailDayBar(
                date: day.date.description, pv: DisplayFormat.integer(day.pv),
                pvWidth: Self.width(day.pv, of: peak), uvDays: DisplayFormat.integer(day.uvDays),
                uvWidth: Self.width(day.uvDays, of: peak))
        }
        let topPeak = report.top.reduce(Int64(0)) { max($0, $1.pv) }
        topBars = report.top.map { w in
            MailBar(
                rank: String(w.rank),
                name: DisplayFormat.clip(DisplayFormat.oneLine(w.name), columns: ReportView.nameDisplayLimit).text,
                value: DisplayFormat.integer(w.pv), share: DisplayFormat.share(w.share),
                width: Self.width(w.pv, of: topPeak))
        }
        let months = report.history?.months ?? []
        let historyPeak = months.reduce(Int64(0)) { max($0, $1.pv ?? 0) }
        historyBars = months.map { m in
            MailHistoryBar(
                label: m.label, pv: m.pv.map(DisplayFormat.integer) ?? DisplayFormat.none,
                width: Self.width(m.pv ?? 0, of: historyPeak), covered: m.covered, partial: m.partial)
        }
    }

    /// `value` as a bar of at most ``barWidth`` pixels against `peak`; at least 1 px when above zero.
    static func width(_ value: Int64, of peak: Int64) -> String {
        guard peak > 0, value > 0 else { return "0" }
        let pixels = (Double(value) / Double(peak) * Double(barWidth)).rounded()
        return String(max(1, Int(pixels)))
    }
}

/// One day of the mail's trend chart.
public struct MailDayBar: Sendable {
    /// `2026-10-01`.
    public let date: String
    /// Page views: `12,345`.
    public let pv: String
    /// The PV bar's width in pixels, `0` to ``MailView/barWidth``; draw nothing when `0`.
    public let pvWidth: String
    /// UV-days: `4,733`.
    public let uvDays: String
    /// The UV-days bar's width in pixels, on the same scale as `pvWidth`.
    public let uvWidth: String
}

/// One bar of the mail's top-N chart.
public struct MailBar: Sendable {
    /// The rank: `1`.
    public let rank: String
    /// The name, shortened like the tables' names.
    public let name: String
    /// Page views: `12,345`.
    public let value: String
    /// Share of all PV: `23.4%`.
    public let share: String
    /// The bar's width in pixels, `0` to ``MailView/barWidth``.
    public let width: String
}

/// One month of the mail's history chart.
public struct MailHistoryBar: Sendable {
    /// `2026-10`.
    public let label: String
    /// Page views, or `–` when the month is not covered.
    public let pv: String
    /// The bar's width in pixels, `0` to ``MailView/barWidth``.
    public let width: String
    /// Every day of the month is in the data.
    public let covered: Bool
    /// The month is cut at the period's last day.
    public let partial: Bool
}
