import WorkplaceModel

/// The report model: every number the renderers show, decided once here so the formats cannot disagree.
///
/// Mirrors the JSON contract `workplace-report/v1` (spec §6.1). Counts are exact integers; ratios are
/// unrounded doubles (rounding is the renderers' job, for display only).
///
/// A trap to keep in mind: `uvDays` sums daily UV, so a person who visits on three days counts three
/// times. It is *user-days*, never "unique users"; `avgDailyUV` is the honest per-day figure.
public struct Report: Sendable {
    /// The JSON schema name.
    public static let schema = "workplace-report/v1"

    /// When the report was generated, in seconds since 1970 (fixed by `SOURCE_DATE_EPOCH`).
    public var generatedAt: Int64
    /// The language names and headers are shown in (`zh`, `en`, `ja`).
    public var language: String
    /// The report title chosen by the user, or nil for the default.
    public var title: String?
    /// Where the data came from.
    public var source: ReportSource
    /// The reported days.
    public var period: ReportPeriod
    /// The period compared against, or nil when the data does not cover it.
    public var previousPeriod: ReportPeriod?
    /// Totals over all workplaces.
    public var totals: Totals
    /// Every workplace with at least one record in the period, in rank order.
    public var workplaces: [WorkplaceSummary]
    /// How many of the first `workplaces` form the top N.
    public var topCount: Int
    /// Every day of the period, zero days included.
    public var daily: [DailyTotal]
    /// Every ISO week touching the period, clipped to it.
    public var weekly: [BucketTotal]
    /// Every calendar month touching the period, clipped to it.
    public var monthly: [BucketTotal]
    /// Every workplace × week, week-major then rank order (zero buckets included).
    public var workplaceWeekly: [WorkplaceBucket]
    /// Every workplace × month, month-major then rank order (zero buckets included).
    public var workplaceMonthly: [WorkplaceBucket]
    /// The de-duplicated records of the period, sorted by (date, workplace id): the Daily sheet.
    public var records: [DailyRecord]
    /// Things the reader should know about the data (uv > pv kept, conflicting duplicates), as values:
    /// the renderers phrase them in the report's language.
    public var warnings: [ReportWarning]
    /// The last 13 months and the top workplaces' trend over them (monthly and weekly reports), or nil
    /// when the data covers none of those months before the previous period.
    public var history: History? = nil
    /// The same period a year earlier, or nil when the data does not cover every day of it (or the
    /// period is a from/to range).
    public var yearAgo: YearAgoTotals? = nil
    /// The whole and the default workplace per day and period, or nil when that dataset was not read.
    public var overall: OverallPart? = nil
    /// The blocks (widgets), ranked like workplaces, or nil when that dataset was not read.
    public var blocks: BlocksPart? = nil

    /// The top N workplaces, in rank order.
    public var top: ArraySlice<WorkplaceSummary> { workplaces.prefix(topCount) }
}

/// Something the reader should know about the data: what happened, how often, and the first case.
///
/// A value, not a sentence: each renderer phrases it in the report's language.
public struct ReportWarning: Hashable, Sendable {
    /// What the warning is about.
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        /// (workplace, date) pairs with duplicate records that disagree; the later record was kept.
        case conflictingDuplicates = "conflicting_duplicates"
        /// Records whose UV is greater than their PV; kept as reported.
        case uvAbovePV = "uv_above_pv"
    }

    /// What the warning is about.
    public var kind: Kind
    /// How many records (or pairs, for duplicates) it concerns; at least 1.
    public var count: Int
    /// The first of them in (date, workplace id) order: the record that was kept.
    public var example: WarningExample
    /// The data it is about: custom workplaces, the whole workplace (one record a day) or blocks.
    public var dataset: DatasetKind

    /// Creates a warning.
    public init(kind: Kind, count: Int, example: WarningExample, dataset: DatasetKind = .custom) {
        self.kind = kind
        self.count = count
        self.example = example
        self.dataset = dataset
    }
}

/// The record a warning names as its first case.
public struct WarningExample: Hashable, Sendable {
    /// The workplace id.
    public var workplaceID: String
    /// The day.
    public var date: CalendarDate
    /// Page views of the record.
    public var pv: Int64
    /// UV of the record.
    public var uv: Int64

    /// Creates an example.
    public init(workplaceID: String, date: CalendarDate, pv: Int64, uv: Int64) {
        self.workplaceID = workplaceID
        self.date = date
        self.pv = pv
        self.uv = uv
    }
}

/// Where the report's data came from.
public struct ReportSource: Hashable, Sendable {
    /// The API base URL the data was fetched from (or recorded in the snapshot), if known.
    public var baseURL: String?
    /// When it was fetched (ISO-8601 UTC), if known.
    public var fetchedAt: String?
    /// The input file the report was made from, or nil for a live fetch.
    public var input: String?
    /// The API calls (search requests) this run made, if known; 0 for a report from a file.
    public var apiCalls: Int?

    /// Creates a source description.
    public init(baseURL: String? = nil, fetchedAt: String? = nil, input: String? = nil, apiCalls: Int? = nil) {
        self.baseURL = baseURL
        self.fetchedAt = fetchedAt
        self.input = input
        self.apiCalls = apiCalls
    }
}

/// Totals of the period over all workplaces.
public struct Totals: Hashable, Sendable {
    /// Page views.
    public var pv: Int64
    /// Summed daily UV of all workplaces: user-days, and a person visiting two workplaces counts twice.
    public var uvDays: Int64
    /// `uvDays` / days of the period.
    public var avgDailyUV: Double
    /// Workplaces with at least one page view in the period.
    public var activeWorkplaces: Int
    /// Page views, user-days and active workplaces of the previous period, when compared.
    public var previous: (pv: Int64, uvDays: Int64, activeWorkplaces: Int)?

    public static func == (a: Totals, b: Totals) -> Bool {
        a.pv == b.pv && a.uvDays == b.uvDays && a.avgDailyUV == b.avgDailyUV
            && a.activeWorkplaces == b.activeWorkplaces && a.previous?.pv == b.previous?.pv
            && a.previous?.uvDays == b.previous?.uvDays && a.previous?.activeWorkplaces == b.previous?.activeWorkplaces
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(pv)
        hasher.combine(uvDays)
    }
}

/// One workplace over the whole period.
public struct WorkplaceSummary: Hashable, Sendable {
    /// The workplace id.
    public var id: String
    /// The display name in the report's language (fallback zh, en, ja, any, id).
    public var name: String
    /// 1-based rank: PV desc, then average daily UV desc, then id asc.
    public var rank: Int
    /// Page views.
    public var pv: Int64
    /// Summed daily UV (user-days).
    public var uvDays: Int64
    /// `uvDays` / days of the period.
    public var avgDailyUV: Double
    /// The highest daily UV.
    public var peakDailyUV: Int64
    /// Days with pv > 0.
    public var activeDays: Int
    /// `pv` / total pv (0 when the total is 0).
    public var share: Double
    /// Page views and rank in the previous period, when compared and present there.
    public var previous: PreviousStanding?
    /// Percent change of PV against the previous period; nil when not compared or previous PV is 0.
    public var pvChangePct: Double?
    /// Compared, and no record in the previous period.
    public var isNew: Bool
    /// PV per day (periods up to 92 days) or per ISO week (longer), for sparklines.
    public var trend: [Int64]

    /// Places gained since the previous period (positive = moved up), when it had a rank there.
    public var rankChange: Int? { previous.map { $0.rank - rank } }
}

/// A workplace's standing in the previous period.
public struct PreviousStanding: Hashable, Sendable {
    /// Page views in the previous period.
    public var pv: Int64
    /// Rank in the previous period, ranked the same way.
    public var rank: Int
}

/// All workplaces on one day.
public struct DailyTotal: Hashable, Sendable {
    /// The day.
    public var date: CalendarDate
    /// Page views.
    public var pv: Int64
    /// Summed UV of all workplaces (user-days).
    public var uvDays: Int64

    /// Creates a day's totals (the renderers draw other daily series with it too).
    public init(date: CalendarDate, pv: Int64, uvDays: Int64) {
        self.date = date
        self.pv = pv
        self.uvDays = uvDays
    }
}

/// All workplaces over one week or month, clipped to the period.
public struct BucketTotal: Hashable, Sendable {
    /// `2026-W43` or `2026-10`.
    public var label: String
    /// First day of the bucket inside the period.
    public var from: CalendarDate
    /// Last day of the bucket inside the period.
    public var to: CalendarDate
    /// The period's edges cut the bucket.
    public var partial: Bool
    /// Days of the bucket inside the period.
    public var daysCovered: Int
    /// Page views.
    public var pv: Int64
    /// User-days.
    public var uvDays: Int64
    /// `uvDays` / `daysCovered`.
    public var avgDailyUV: Double
}

/// One workplace over one week or month, clipped to the period.
public struct WorkplaceBucket: Hashable, Sendable {
    /// Index into ``Report/workplaces``.
    public var workplace: Int
    /// `2026-W43` or `2026-10`.
    public var label: String
    /// Page views.
    public var pv: Int64
    /// User-days.
    public var uvDays: Int64
    /// `uvDays` / days of the bucket inside the period.
    public var avgDailyUV: Double
    /// The highest daily UV.
    public var peakDailyUV: Int64
    /// Days with pv > 0.
    public var activeDays: Int
}

/// One de-duplicated API record inside the period.
public struct DailyRecord: Hashable, Sendable {
    /// The day.
    public var date: CalendarDate
    /// Index into ``Report/workplaces``.
    public var workplace: Int32
    /// Page views.
    public var pv: Int64
    /// UV that day.
    public var uv: Int64
}

extension Report {
    /// Average daily UV of the previous period (its user-days ÷ its days), when compared.
    public var previousAvgDailyUV: Double? {
        guard let previous = totals.previous, let days = previousPeriod?.days, days > 0 else { return nil }
        return Double(previous.uvDays) / Double(days)
    }

    /// Percent change of average daily UV: per-day figures, so months of different length compare fairly.
    ///
    /// Nil when not compared or the previous value is 0.
    public var avgDailyUVChangePct: Double? {
        guard let before = previousAvgDailyUV, before > 0 else { return nil }
        return (totals.avgDailyUV - before) / before * 100
    }
}

extension Totals {
    /// Percent change of PV against the previous period (12.5 = +12.5 %).
    ///
    /// Nil when not compared or the previous PV is 0: the rule of ``WorkplaceSummary/pvChangePct``.
    public var pvChangePct: Double? {
        guard let previous, previous.pv > 0 else { return nil }
        return Double(pv - previous.pv) / Double(previous.pv) * 100
    }

    /// Percent change of user-days against the previous period.
    ///
    /// Nil when not compared or the previous value is 0.
    public var uvDaysChangePct: Double? {
        guard let previous, previous.uvDays > 0 else { return nil }
        return Double(uvDays - previous.uvDays) / Double(previous.uvDays) * 100
    }

    /// Percent change of the number of active workplaces against the previous period.
    ///
    /// Nil when not compared or no workplace was active then.
    public var activeWorkplacesChangePct: Double? {
        guard let previous, previous.activeWorkplaces > 0 else { return nil }
        return Double(activeWorkplaces - previous.activeWorkplaces) / Double(previous.activeWorkplaces) * 100
    }
}
