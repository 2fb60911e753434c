import WorkplaceAnalytics
import WorkplaceModel

/// The whole workplace as a template sees it (`{{#overall}}…{{/overall}}`), numbers formatted.
public struct OverallView: Sendable {
    /// The key figures: all-workplace PV, average daily users, default PV, custom PV and share.
    public let kpis: [KPIView]
    /// Every day of the period.
    public let days: [OverallDayView]
    /// Weeks (periods up to 92 days) or months (longer).
    public let buckets: [OverallBucketView]
    /// The daily all-workplace PV and UV as an `<svg>` line chart (`{{{chart}}}`).
    public let chart: String
    /// There is custom data (the custom PV column is shown).
    public let hasCustom: Bool

    init(_ part: OverallPart, report: Report, words: WholeWorkplaceWords, labels: Labels) {
        let t = part.totals
        let p = part.previous
        var kpis = [
            KPIView(
                key: "all_pv", label: words.allPV, value: DisplayFormat.integer(t.allPV), change: part.allPVChangePct,
                previous: p.map { DisplayFormat.integer($0.allPV) }),
            KPIView(
                key: "all_avg_daily_uv", label: words.avgDailyUsers, value: DisplayFormat.decimal(t.allAvgDailyUV),
                change: part.allAvgDailyUVChangePct, previous: p.map { DisplayFormat.decimal($0.allAvgDailyUV) }),
            KPIView(
                key: "default_pv", label: words.defaultPV, value: DisplayFormat.integer(t.defaultPV),
                change: p.flatMap {
                    $0.defaultPV > 0 ? Double(t.defaultPV - $0.defaultPV) / Double($0.defaultPV) * 100 : nil
                },
                previous: p.map { DisplayFormat.integer($0.defaultPV) }),
        ]
        if let custom = t.customPV {
            kpis.append(
                KPIView(
                    key: "custom_pv", label: words.customPV, value: DisplayFormat.integer(custom),
                    change: p?.customPV.flatMap { $0 > 0 ? Double(custom - $0) / Double($0) * 100 : nil },
                    previous: p?.customPV.map { DisplayFormat.integer($0) }))
            kpis.append(
                KPIView(
                    key: "custom_share", label: words.customShare,
                    value: t.customShare.map(DisplayFormat.share) ?? DisplayFormat.none, change: nil,
                    previous: p?.customShare.map(DisplayFormat.share)))
        }
        self.kpis = kpis
        hasCustom = t.customPV != nil
        days = part.daily.map(OverallDayView.init)
        let weekly = report.period.days <= Aggregation.dailyTrendLimit
        buckets = (weekly ? part.weekly : part.monthly).map(OverallBucketView.init)
        chart = SVGCharts.trend(
            part.daily.map { DailyTotal(date: $0.date, pv: $0.allPV, uvDays: $0.allUV) }, title: words.dailyChart,
            pvLabel: words.allPV, uvLabel: words.allUV)
    }
}

/// One day of the whole workplace.
public struct OverallDayView: Sendable {
    /// `2026-10-01`.
    public let date: String
    /// All-workplace PV, UV; default PV, UV; custom PV (`–` without custom data).
    public let allPV: String, allUV: String, defaultPV: String, defaultUV: String, customPV: String

    init(_ d: OverallDay) {
        date = d.date.description
        allPV = DisplayFormat.integer(d.allPV)
        allUV = DisplayFormat.integer(d.allUV)
        defaultPV = DisplayFormat.integer(d.defaultPV)
        defaultUV = DisplayFormat.integer(d.defaultUV)
        customPV = d.customPV.map(DisplayFormat.integer) ?? DisplayFormat.none
    }
}

/// One week or month of the whole workplace.
public struct OverallBucketView: Sendable {
    /// `2026-W43` or `2026-10`.
    public let label: String
    /// The days inside the period.
    public let range: String
    /// The period's edges cut the bucket.
    public let partial: Bool
    /// All-workplace PV, average daily users, default PV, custom PV (`–` without custom data).
    public let allPV: String, allAvgDailyUV: String, defaultPV: String, customPV: String

    init(_ b: OverallBucket) {
        label = b.label
        range = DisplayFormat.range(b.from, b.to)
        partial = b.partial
        allPV = DisplayFormat.integer(b.figures.allPV)
        allAvgDailyUV = DisplayFormat.decimal(b.figures.allAvgDailyUV)
        defaultPV = DisplayFormat.integer(b.figures.defaultPV)
        customPV = b.figures.customPV.map(DisplayFormat.integer) ?? DisplayFormat.none
    }
}

/// The blocks as a template sees them (`{{#blocks}}…{{/blocks}}`).
public struct BlocksView: Sendable {
    /// `Top 10 blocks by PV`.
    public let topTitle: String
    /// The top-N blocks, in rank order, with the workplace rows' fields.
    public let top: [WorkplaceView]
    /// At least one block has a record in the period.
    public let hasData: Bool
    /// How many blocks have a record in the period.
    public let count: String

    init(_ part: BlocksPart, words: WholeWorkplaceWords, labels: Labels) {
        topTitle = words.topTitle(part.top.count)
        top = part.top.map { WorkplaceView($0, labels: labels) }
        hasData = !part.blocks.isEmpty
        count = DisplayFormat.integer(Int64(part.blocks.count))
    }
}
