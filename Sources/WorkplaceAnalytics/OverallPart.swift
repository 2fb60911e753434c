import WorkplaceModel

/// The blocks (widgets) of the period, ranked exactly like the custom workplaces.
///
/// Every figure means what it means for workplaces: `uvDays` sums each block's daily UV.
public struct BlocksPart: Sendable {
    /// The period compared against, or nil when the blocks data does not cover it.
    public var previousPeriod: ReportPeriod?
    /// Totals over all blocks.
    public var totals: Totals
    /// Every block with at least one record in the period, in rank order; `name` is the configured
    /// name or the block id.
    public var blocks: [WorkplaceSummary]
    /// How many of the first `blocks` form the top N.
    public var topCount: Int
    /// Every day of the period over all blocks, zero days included.
    public var daily: [DailyTotal]
    /// Every ISO week touching the period, clipped to it.
    public var weekly: [BucketTotal]
    /// Every calendar month touching the period, clipped to it.
    public var monthly: [BucketTotal]
    /// Every block × week, week-major then rank order; `workplace` indexes `blocks`.
    public var blockWeekly: [WorkplaceBucket]
    /// Every block × month, month-major then rank order; `workplace` indexes `blocks`.
    public var blockMonthly: [WorkplaceBucket]
    /// What the reader should know about the blocks data (the example's id is a block id).
    public var warnings: [ReportWarning]

    /// The top N blocks, in rank order.
    public var top: ArraySlice<WorkplaceSummary> { blocks.prefix(topCount) }
}

/// One day of the whole workplace.
public struct OverallDay: Hashable, Sendable {
    /// The day.
    public var date: CalendarDate
    /// Page views of the whole workplace.
    public var allPV: Int64
    /// Distinct users of the whole workplace that day (de-duplicated across the whole workplace).
    public var allUV: Int64
    /// Page views of the default workplace.
    public var defaultPV: Int64
    /// Distinct users of the default workplace that day.
    public var defaultUV: Int64
    /// Page views of the custom workplaces that day (their daily sum), or nil without custom data.
    public var customPV: Int64?
}

/// Sums of the whole workplace over a period or a bucket.
public struct OverallFigures: Hashable, Sendable {
    /// Page views of the whole workplace.
    public var allPV: Int64
    /// Summed daily all-workplace UV: user-days (a person counts once per day they came).
    public var allUVDays: Int64
    /// `allUVDays` / days: the average number of daily users of the whole workplace.
    public var allAvgDailyUV: Double
    /// Page views of the default workplace.
    public var defaultPV: Int64
    /// Summed daily default-workplace UV (user-days).
    public var defaultUVDays: Int64
    /// Page views of the custom workplaces, or nil without custom data (or, for the previous
    /// period, when the custom data does not cover it).
    public var customPV: Int64?

    /// The custom workplaces' part of all-workplace PV.
    ///
    /// `customPV` / `allPV`, nil without custom PV or when `allPV` is 0. May exceed 1: the API does not
    /// promise that the whole workplace is at least the sum of its parts.
    public var customShare: Double? {
        guard let customPV, allPV > 0 else { return nil }
        return Double(customPV) / Double(allPV)
    }
}

/// A week or month of the whole workplace, clipped to the period.
public struct OverallBucket: Hashable, Sendable {
    /// `2026-W43` or `2026-10`.
    public var label: String
    /// First day inside the period.
    public var from: CalendarDate
    /// Last day inside the period.
    public var to: CalendarDate
    /// The period's edges cut the bucket.
    public var partial: Bool
    /// Days of the bucket inside the period.
    public var daysCovered: Int
    /// The sums over those days (averages per covered day).
    public var figures: OverallFigures
}

/// The whole workplace (`workplace_access_data`) over the period.
public struct OverallPart: Sendable {
    /// The period compared against, or nil when the overall data does not cover it.
    public var previousPeriod: ReportPeriod?
    /// Every day of the period, zero days included.
    public var daily: [OverallDay]
    /// The period's sums.
    public var totals: OverallFigures
    /// The previous period's sums, when compared.
    public var previous: OverallFigures?
    /// Every ISO week touching the period, clipped to it.
    public var weekly: [OverallBucket]
    /// Every calendar month touching the period, clipped to it.
    public var monthly: [OverallBucket]
    /// Conflicting duplicate days (the later record kept); the example's id is `all_workplace`.
    public var warnings: [ReportWarning]

    /// Percent change of all-workplace PV against the previous period; nil when not compared or it was 0.
    public var allPVChangePct: Double? {
        guard let previous, previous.allPV > 0 else { return nil }
        return Double(totals.allPV - previous.allPV) / Double(previous.allPV) * 100
    }

    /// Percent change of average daily users of the whole workplace; nil when not compared or it was 0.
    public var allAvgDailyUVChangePct: Double? {
        guard let previous, previous.allAvgDailyUV > 0 else { return nil }
        return (totals.allAvgDailyUV - previous.allAvgDailyUV) / previous.allAvgDailyUV * 100
    }
}

extension Aggregation {
    /// The id a warning about the overall data names.
    public static let overallWarningID = "all_workplace"

    /// The overall part of `period`.
    ///
    /// Duplicates of a day merge when identical, conflicting ones keep the later record and warn; a missing day counts as 0; the previous period is compared only when
    /// the overall data covers it (its coverage, else a record inside it). `custom` is the custom
    /// report, whose daily PV becomes the custom PV.
    static func overallPart(_ data: OverallDataset, period: ReportPeriod, custom: Report?) -> OverallPart {
        let current = period.range
        let previousPeriod = period.previous
        let previous = previousPeriod.range
        let compared =
            data.coverage.map { $0.covers(previous) } ?? data.records.contains { previous.contains($0.date) }
        let window = compared ? DateRange(from: previous.from, to: current.to)! : current

        // One record per day of the window: the latest; count days whose duplicates disagree.
        var kept = [OverallRecord?](repeating: nil, count: window.days)
        var conflicting = [Bool](repeating: false, count: window.days)
        for record in data.records where window.contains(record.date) {
            let day = window.from.days(to: record.date)
            if let earlier = kept[day], earlier != record { conflicting[day] = true }
            kept[day] = record
        }
        var warnings: [ReportWarning] = []
        if let first = conflicting.firstIndex(of: true), let record = kept[first] {
            warnings.append(
                ReportWarning(
                    kind: .conflictingDuplicates, count: conflicting.count(where: { $0 }),
                    example: WarningExample(
                        workplaceID: overallWarningID, date: record.date, pv: record.allPV, uv: record.allUV),
                    dataset: .overall))
        }

        let offset = window.from.days(to: current.from)
        let customDaily = custom?.daily.map(\.pv)
        let daily = (0..<current.days).map { day -> OverallDay in
            let r = kept[offset + day]
            return OverallDay(
                date: current.from.adding(days: day), allPV: r?.allPV ?? 0, allUV: r?.allUV ?? 0,
                defaultPV: r?.defaultPV ?? 0, defaultUV: r?.defaultUV ?? 0, customPV: customDaily?[day])
        }
        let previousFigures: OverallFigures? =
            compared
            ? figures(
                (0..<offset).map { day in
                    let r = kept[day]
                    return OverallDay(
                        date: window.from.adding(days: day), allPV: r?.allPV ?? 0, allUV: r?.allUV ?? 0,
                        defaultPV: r?.defaultPV ?? 0, defaultUV: r?.defaultUV ?? 0, customPV: nil)
                }, customPV: custom?.totals.previous?.pv) : nil

        func rollup(_ kind: BucketKind) -> [OverallBucket] {
            buckets(of: current, kind: kind).map { bucket in
                let first = current.from.days(to: bucket.range.from)
                let days = Array(daily[first..<(first + bucket.range.days)])
                return OverallBucket(
                    label: bucket.label, from: bucket.range.from, to: bucket.range.to,
                    partial: bucket.range.days < bucket.fullDays, daysCovered: bucket.range.days,
                    figures: figures(days, customPV: custom == nil ? nil : days.reduce(0) { $0 + ($1.customPV ?? 0) }))
            }
        }
        return OverallPart(
            previousPeriod: compared ? previousPeriod : nil, daily: daily,
            totals: figures(daily, customPV: custom?.totals.pv), previous: previousFigures, weekly: rollup(.week),
            monthly: rollup(.month), warnings: warnings)
    }

    private static func figures(_ days: [OverallDay], customPV: Int64?) -> OverallFigures {
        let allUV = days.reduce(0) { $0 + $1.allUV }
        return OverallFigures(
            allPV: days.reduce(0) { $0 + $1.allPV }, allUVDays: allUV,
            allAvgDailyUV: days.isEmpty ? 0 : Double(allUV) / Double(days.count),
            defaultPV: days.reduce(0) { $0 + $1.defaultPV }, defaultUVDays: days.reduce(0) { $0 + $1.defaultUV },
            customPV: customPV)
    }
}
