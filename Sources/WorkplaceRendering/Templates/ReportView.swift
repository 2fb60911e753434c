import WorkplaceAnalytics
import WorkplaceModel

/// The values a report template sees: the ``Report`` with every number already formatted for display.
///
/// Templates reach fields by these property names (`{{title}}`, `{{#kpis}}{{value}}{{/kpis}}`), so the
/// names are a contract with user templates (`--templates DIR`) and are listed in the README. Numbers
/// carry thousands separators, ratios are percentages with one decimal, changes carry ▲ or ▼. The view
/// formats; it never ranks, shares or buckets: those come from the model as they are.
public struct ReportView: Sendable {
    /// The HTML `lang` value: `en`, `zh-CN` or `ja`.
    public let lang: String
    /// The report title (`--title`, else the default title in the report's language).
    public let title: String
    /// The period label: `2026-10`, `2026-W43` or `2026-10-01_2026-10-31`.
    public let periodLabel: String
    /// The period's days: `2026-10-01 – 2026-10-31`.
    public let periodRange: String
    /// The period's length: `31 days`.
    public let periodDays: String
    /// The previous period's days, when the report compares; nil otherwise.
    public let previousRange: String?
    /// The report compares with a previous period.
    public let isCompared: Bool
    /// When the report was generated: `2026-11-01 06:00 UTC`.
    public let generatedAt: String
    /// Where the data came from (input file or API host), if known.
    public let source: String?
    /// The wording shared with the workbook (`Labels`), as `{{labels.pv}}`, `{{labels.notes}}` and so on.
    public let labels: Labels
    /// Extra wording of the HTML and Markdown reports, as `{{words.keyFigures}}` and so on.
    public let words: TemplateWords
    /// The top-N heading: `Top 10 workplaces by PV`.
    public let topTitle: String
    /// The key figures: PV, UV-days, average daily UV, active workplaces.
    public let kpis: [KPIView]
    /// At least one workplace has a record in the period.
    public let hasData: Bool
    /// How many workplaces have a record in the period: `42`.
    public let workplaceCount: String
    /// The top-N workplaces, in rank order.
    public let top: [WorkplaceView]
    /// The workplaces of the all-workplaces table, in rank order: every workplace with a record in the
    /// period, up to ``workplaceRowLimit`` (the XLSX and JSON files have them all).
    public let workplaces: [WorkplaceView]
    /// When the all-workplaces table is cut at ``workplaceRowLimit``: `1,234 more workplaces are in the
    /// XLSX and JSON files.`; nil otherwise.
    public let workplacesOmitted: String?
    /// Every ISO week touching the period, clipped to it.
    public let weeks: [BucketView]
    /// Every calendar month touching the period, clipped to it.
    public let months: [BucketView]
    /// The totals table the default page shows: `weeks` for periods up to 92 days, else `months`.
    public let buckets: [BucketView]
    /// The heading of `buckets`: `Weekly totals` or `Monthly totals`.
    public let bucketsTitle: String
    /// `buckets` is not empty.
    public let hasBuckets: Bool
    /// The daily PV / UV-days line chart, an `<svg>` element (insert with `{{{trendChart}}}`).
    public let trendChart: String
    /// The top-N bar chart, an `<svg>` element (insert with `{{{topChart}}}`); empty without data.
    public let topChart: String
    /// The metric definitions, one sentence each.
    public let definitions: [String]
    /// Warnings about the data (uv > pv kept, conflicting duplicates), one sentence each in the report's
    /// language.
    public let warnings: [String]
    /// There is at least one warning.
    public let hasWarnings: Bool
    /// At least one shown name was shortened (its full name is in the `title` tooltip).
    public let hasClippedNames: Bool
    /// The wording of the history parts, as `{{historyWords.title}}` and so on.
    public let historyWords: HistoryWords
    /// The data covers at least one of the last 13 months (monthly and weekly reports).
    public let hasHistory: Bool
    /// The last 13 months, oldest first; empty without history.
    public let historyMonths: [HistoryMonthView]
    /// The top workplaces' PV month by month, in rank order.
    public let historyTrend: [HistoryTrendView]
    /// The heading of `historyTrend`: `Top 5 workplaces, PV by month`.
    public let historyTrendTitle: String
    /// The top workplaces' monthly PV as an `<svg>` line chart (`{{{historyChart}}}`); empty without history.
    public let historyChart: String
    /// `historyChart` is not empty (some top workplace has a covered month).
    public let hasHistoryChart: Bool
    /// `historyTrend` is not empty.
    public let hasHistoryTrend: Bool
    /// The label of the history's last month: `2026-10`; empty without history.
    public let historyLastLabel: String
    /// The data covers the same period a year earlier.
    public let hasYearAgo: Bool
    /// That period's days: `2025-10-01 – 2025-10-31`; nil when not covered.
    public let yearAgoRange: String?
    /// That period's label: `2025-10`; nil when not covered.
    public let yearAgoLabel: String?
    /// The wording of the whole-workplace and blocks parts, as `{{wholeWords.overallTitle}}` and so on.
    public let wholeWords: WholeWorkplaceWords
    /// The whole workplace, or nil when that dataset was not read.
    public let overall: OverallView?
    /// The blocks, or nil when that dataset was not read.
    public let blocks: BlocksView?

    /// Names wider than this many columns are shortened for display, with "…" (CJK characters and
    /// emoji take two columns, so a Chinese name keeps about 30 characters).
    public static let nameDisplayLimit = 60
    /// The all-workplaces table of the HTML page shows at most this many rows.
    public static let workplaceRowLimit = 500
    /// Unicode sparklines have at most this many characters (longer trends are averaged in groups).
    public static let sparkTextLimit = 31

    /// Builds the view of `report`.
    public init(_ report: Report) {
        let labels = Labels.forLanguage(report.language)
        let words = TemplateWords.forLanguage(report.language)
        self.labels = labels
        self.words = words
        switch labels.language {
        case "zh": lang = "zh-CN"
        default: lang = labels.language
        }
        let customTitle = report.title.map(DisplayFormat.oneLine) ?? ""
        title = customTitle.isEmpty ? labels.reportTitle : customTitle
        periodLabel = report.period.label
        periodRange = DisplayFormat.range(report.period.from, report.period.to)
        periodDays = words.days(report.period.days)
        previousRange = report.previousPeriod.map { DisplayFormat.range($0.from, $0.to) }
        isCompared = report.previousPeriod != nil
        generatedAt = DisplayFormat.timestamp(report.generatedAt)
        source = (report.source.input ?? report.source.baseURL).map(DisplayFormat.oneLine)
        topTitle = labels.topTitle.replacing("{n}", with: String(report.top.count))
        kpis = Self.kpis(report, labels: labels)
        hasData = !report.workplaces.isEmpty
        workplaceCount = DisplayFormat.integer(Int64(report.workplaces.count))

        let shown = max(report.topCount, Self.workplaceRowLimit)
        let rows = report.workplaces.prefix(shown).map { WorkplaceView($0, labels: labels) }
        workplaces = Array(rows.prefix(Self.workplaceRowLimit))
        top = Array(rows.prefix(report.topCount))
        let omitted = report.workplaces.count - workplaces.count
        workplacesOmitted = omitted > 0 ? words.moreWorkplaces(omitted) : nil
        hasClippedNames = rows.contains { $0.isClipped }
        weeks = report.weekly.map(BucketView.init)
        months = report.monthly.map(BucketView.init)
        let weekly = report.period.days <= Aggregation.dailyTrendLimit
        buckets = weekly ? weeks : months
        bucketsTitle = weekly ? words.weeklyTotals : words.monthlyTotals
        hasBuckets = !buckets.isEmpty

        trendChart = SVGCharts.trend(
            report.daily, title: labels.dailyTrend, pvLabel: labels.pv, uvLabel: labels.uvDays)
        topChart =
            report.top.isEmpty
            ? ""
            : SVGCharts.bars(
                report.top.map {
                    SVGCharts.Bar(
                        name: $0.name, value: $0.pv,
                        valueText: DisplayFormat.integer($0.pv) + " · " + DisplayFormat.share($0.share))
                }, title: topTitle)
        definitions = labels.definitions
        warnings = report.warnings.map { DisplayFormat.oneLine(labels.phrase($0)) }
        hasWarnings = !report.warnings.isEmpty
        let historyWords = HistoryWords.forLanguage(report.language)
        self.historyWords = historyWords
        let history = HistoryParts(report, words: historyWords)
        hasHistory = report.history != nil
        historyMonths = history.months
        historyTrend = history.trend
        historyTrendTitle = history.trendTitle
        historyChart = history.chart
        hasHistoryChart = !history.chart.isEmpty
        hasHistoryTrend = !history.trend.isEmpty
        historyLastLabel = history.months.last?.label ?? ""
        hasYearAgo = report.yearAgo != nil
        yearAgoRange = report.yearAgo.map { DisplayFormat.range($0.period.from, $0.period.to) }
        yearAgoLabel = report.yearAgo?.period.label
        let wholeWords = WholeWorkplaceWords.forLanguage(report.language)
        self.wholeWords = wholeWords
        overall = report.overall.map { OverallView($0, report: report, words: wholeWords, labels: labels) }
        blocks = report.blocks.map { BlocksView($0, words: wholeWords, labels: labels) }
    }

    /// The key figures, with the changes the model computed.
    private static func kpis(_ report: Report, labels: Labels) -> [KPIView] {
        let totals = report.totals
        let previous = totals.previous
        let yearAgo = report.yearAgo
        return [
            KPIView(
                key: "pv", label: labels.pv, value: DisplayFormat.integer(totals.pv), change: totals.pvChangePct,
                previous: previous.map { DisplayFormat.integer($0.pv) },
                yearAgo: yearAgo.map { DisplayFormat.integer($0.pv) }, yoyChange: report.pvChangeYoYPct),
            KPIView(
                key: "uv_days", label: labels.uvDays, value: DisplayFormat.integer(totals.uvDays),
                change: totals.uvDaysChangePct, previous: previous.map { DisplayFormat.integer($0.uvDays) },
                yearAgo: yearAgo.map { DisplayFormat.integer($0.uvDays) }, yoyChange: report.uvDaysChangeYoYPct),
            KPIView(
                key: "avg_daily_uv", label: labels.avgDailyUV, value: DisplayFormat.decimal(totals.avgDailyUV),
                change: report.avgDailyUVChangePct,
                previous: report.previousAvgDailyUV.map { DisplayFormat.decimal($0) },
                yearAgo: yearAgo.map { DisplayFormat.decimal($0.avgDailyUV) }, yoyChange: report.avgDailyUVChangeYoYPct),
            KPIView(
                key: "active_workplaces", label: labels.activeWorkplaces,
                value: DisplayFormat.integer(Int64(totals.activeWorkplaces)), change: totals.activeWorkplacesChangePct,
                previous: previous.map { DisplayFormat.integer(Int64($0.activeWorkplaces)) }),
        ]
    }
}

/// One key figure (KPI card or row).
public struct KPIView: Sendable {
    /// A stable key for styling: `pv`, `uv_days`, `avg_daily_uv`, `active_workplaces`.
    public let key: String
    /// The figure's name: `PV`.
    public let label: String
    /// The value: `12,345` or `1,234.5`.
    public let value: String
    /// The change against the previous period: `▲ 12.5%`, `▼ 3.0%`, `0.0%`, or `–` when not compared.
    public let change: String
    /// `up`, `down`, `flat` or `none` (for colouring the change).
    public let changeDirection: String
    /// There is a change to show.
    public let hasChange: Bool
    /// The previous period's value, when compared: `11,000`.
    public let previous: String?
    /// The same period a year earlier, when the data covers it: `9,800` (active workplaces: nil).
    public let yearAgo: String?
    /// The change against the same period a year earlier: `▲ 25.9%`, or `–`.
    public let yoyChange: String
    /// `up`, `down`, `flat` or `none`.
    public let yoyChangeDirection: String
    /// There is a year-over-year change to show.
    public let hasYoYChange: Bool

    init(
        key: String, label: String, value: String, change: Double?, previous: String?, yearAgo: String? = nil,
        yoyChange: Double? = nil
    ) {
        self.key = key
        self.label = label
        self.value = value
        let shown = DisplayFormat.change(percent: change)
        self.change = shown.text
        changeDirection = shown.direction.rawValue
        hasChange = shown.direction != .none
        self.previous = previous
        self.yearAgo = yearAgo
        let yoy = DisplayFormat.change(percent: yoyChange)
        self.yoyChange = yoy.text
        yoyChangeDirection = yoy.direction.rawValue
        hasYoYChange = yoy.direction != .none
    }
}

/// One workplace, as shown in the top-N and all-workplaces tables.
public struct WorkplaceView: Sendable {
    /// The rank: `1`.
    public let rank: String
    /// The workplace id.
    public let id: String
    /// The full name on one line (control characters as spaces); for `title` tooltips.
    public let name: String
    /// The name shortened to ``ReportView/nameDisplayLimit`` columns with "…" when wider.
    public let displayName: String
    /// `displayName` is shortened.
    public let isClipped: Bool
    /// Page views: `12,345`.
    public let pv: String
    /// Share of all PV: `23.4%`.
    public let share: String
    /// Share of all PV as a CSS width percentage with one decimal, `23.4` (for in-cell bars).
    public let shareWidth: String
    /// UV-days: `3,456`.
    public let uvDays: String
    /// Average daily UV: `111.5`.
    public let avgDailyUV: String
    /// Peak daily UV: `240`.
    public let peakDailyUV: String
    /// Active days: `22`.
    public let activeDays: String
    /// Previous period's PV, or `–` when not present there.
    public let previousPV: String
    /// PV change: `▲ 12.5%`, `▼ 3.0%`, `0.0%`, the word for new, or `–`.
    public let change: String
    /// `up`, `down`, `flat`, `new` or `none`.
    public let changeDirection: String
    /// Rank change: `▲ 2`, `▼ 1`, `=`, or empty when it had no previous rank.
    public let rankChange: String
    /// `rankChange` is not empty.
    public let hasRankChange: Bool
    /// `up`, `down`, `flat` or `none`.
    public let rankChangeDirection: String
    /// Compared, and no record in the previous period.
    public let isNew: Bool
    /// The previous rank, when it had one: `3`.
    public let previousRank: String?
    /// The PV trend as an `<svg>` sparkline (insert with `{{{sparkline}}}`).
    public let sparkline: String
    /// The PV trend as Unicode blocks: `▁▂▄█▆`.
    public let sparkText: String

    init(_ w: WorkplaceSummary, labels: Labels) {
        rank = String(w.rank)
        id = DisplayFormat.oneLine(w.id)
        name = DisplayFormat.oneLine(w.name)
        let clipped = DisplayFormat.clip(name, columns: ReportView.nameDisplayLimit)
        displayName = clipped.text
        isClipped = clipped.clipped
        pv = DisplayFormat.integer(w.pv)
        share = DisplayFormat.share(w.share)
        shareWidth = DisplayFormat.decimal(min(max(w.share, 0), 1) * 100).replacing(",", with: "")
        uvDays = DisplayFormat.integer(w.uvDays)
        avgDailyUV = DisplayFormat.decimal(w.avgDailyUV)
        peakDailyUV = DisplayFormat.integer(w.peakDailyUV)
        activeDays = DisplayFormat.integer(Int64(w.activeDays))
        previousPV = w.previous.map { DisplayFormat.integer($0.pv) } ?? DisplayFormat.none
        isNew = w.isNew
        if w.isNew {
            change = labels.new
            changeDirection = "new"
        } else {
            let shown = DisplayFormat.change(percent: w.pvChangePct)
            change = shown.text
            changeDirection = shown.direction.rawValue
        }
        let rankShown = DisplayFormat.rankChange(w.rankChange)
        rankChange = rankShown.text
        hasRankChange = !rankShown.text.isEmpty
        rankChangeDirection = rankShown.direction.rawValue
        previousRank = w.previous.map { String($0.rank) }
        sparkline = SVGCharts.sparkline(w.trend, title: "\(labels.pv): \(DisplayFormat.integer(w.pv))")
        sparkText = Sparkline.text(w.trend, limit: ReportView.sparkTextLimit)
    }
}

/// One week (or month) of all workplaces, clipped to the period.
public struct BucketView: Sendable {
    /// `2026-W43` or `2026-10`.
    public let label: String
    /// The days inside the period: `2026-10-19 – 2026-10-25`.
    public let range: String
    /// The period's edges cut the bucket.
    public let partial: Bool
    /// Days of the bucket inside the period: `5`.
    public let daysCovered: String
    /// Page views.
    public let pv: String
    /// UV-days.
    public let uvDays: String
    /// Average daily UV over the covered days.
    public let avgDailyUV: String

    init(_ b: BucketTotal) {
        label = b.label
        range = DisplayFormat.range(b.from, b.to)
        partial = b.partial
        daysCovered = String(b.daysCovered)
        pv = DisplayFormat.integer(b.pv)
        uvDays = DisplayFormat.integer(b.uvDays)
        avgDailyUV = DisplayFormat.decimal(b.avgDailyUV)
    }
}

/// Unicode block sparklines (▁▂▃▄▅▆▇█) for the Markdown report.
enum Sparkline {
    private static let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// `values` as blocks scaled from zero to the highest value; more than `limit` values are averaged
    /// in equal consecutive groups first, so the line stays short.
    static func text(_ values: [Int64], limit: Int) -> String {
        guard !values.isEmpty, limit > 0 else { return "" }
        let group = (values.count + limit - 1) / limit
        var points: [Double] = []
        var start = 0
        while start < values.count {
            let end = min(start + group, values.count)
            let sum = values[start..<end].reduce(0.0) { $0 + Double(max($1, 0)) }
            points.append(sum / Double(end - start))
            start = end
        }
        let peak = points.max() ?? 0
        return String(
            points.map { v in
                guard peak > 0 else { return blocks[0] }
                let level = Int((v / peak * 7).rounded())
                return blocks[min(max(level, 0), 7)]
            })
    }
}
