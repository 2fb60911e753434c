import WorkplaceModel

/// The last 13 months of a monthly or weekly report, and the top workplaces' trend over them.
///
/// Present only when it says more than the comparison with the previous period: when the data covers
/// a month that ends before the previous period starts. A month has figures only when the data covers
/// every one of its days (see
/// ``Aggregation/coveredDays(dataset:selected:window:)`` for what "covers" means per source).
public struct History: Hashable, Sendable {
    /// The 13 months, oldest first; the last is the month holding the period's last day.
    public var months: [HistoryMonth]
    /// The first ``Aggregation/historyTopCount`` workplaces of the report's top N, in rank order, month by month.
    public var topTrend: [WorkplaceTrend]
}

/// One calendar month of the history; the last one ends at the period's last day.
public struct HistoryMonth: Hashable, Sendable {
    /// `2026-10`.
    public var label: String
    /// The month's first day.
    public var from: CalendarDate
    /// Its last day, or the period's last day for a month that is not over then (a weekly report).
    public var to: CalendarDate
    /// The month has not ended at the period's last day (it is cut there).
    public var partial: Bool
    /// Days of the month the data covers.
    public var daysCovered: Int
    /// Page views; nil unless covered.
    public var pv: Int64?
    /// User-days; nil unless covered.
    public var uvDays: Int64?
    /// User-days ÷ the month's days (up to `to`); nil unless covered.
    public var avgDailyUV: Double?

    /// The days from `from` to `to`.
    public var days: Int { from.days(to: to) + 1 }
    /// Every day of the month (up to `to`) is in the data.
    public var covered: Bool { daysCovered == days }
}

/// One workplace's page views month by month.
public struct WorkplaceTrend: Hashable, Sendable {
    /// Index into ``Report/workplaces``.
    public var workplace: Int
    /// PV per month of ``History/months``; nil for a month not covered.
    public var pv: [Int64?]
}

/// The totals of the same period a year earlier.
public struct YearAgoTotals: Hashable, Sendable {
    /// The period compared against.
    public var period: ReportPeriod
    /// Page views.
    public var pv: Int64
    /// User-days.
    public var uvDays: Int64
    /// `uvDays` ÷ the days of that period.
    public var avgDailyUV: Double
}

extension ReportPeriod {
    /// The same period a year earlier: a month → the same calendar month; an ISO week → the week of the
    /// same number (W53 → W52 when the earlier year has 52 weeks); a from/to range → nil.
    public var yearAgo: ReportPeriod? {
        switch kind {
        case .month:
            return ReportPeriod.month(year: from.year - 1, month: from.month)
        case .week:
            let week = to.isoWeek
            let year = week.year - 1
            guard year >= 1 else { return nil }
            return ReportPeriod.week(year: year, week: min(week.week, CalendarDate.isoWeeksInYear(year)))
        case .range:
            return nil
        }
    }

    /// The 13 calendar months ending with the month of the period's last day, that month cut at the
    /// last day; empty for a from/to range.
    public var historyMonths: [DateRange] {
        guard kind != .range else { return [] }
        var months: [DateRange] = []
        var start = to.startOfMonth
        months.append(DateRange(from: start, to: to)!)
        for _ in 1..<13 {
            let end = start.adding(days: -1)
            start = end.startOfMonth
            months.append(DateRange(from: start, to: end)!)
        }
        return months.reversed()
    }

    /// The days the history and the year-ago period need (through the period's end), or nil for a range.
    public var historyRange: DateRange? {
        guard let first = historyMonths.first else { return nil }
        let from = min(first.from, yearAgo?.from ?? first.from, previous.from)
        return DateRange(from: from, to: to)
    }
}

extension Report {
    /// Percent change of PV against the same period a year earlier.
    ///
    /// Nil when that period is not covered or its PV is 0.
    public var pvChangeYoYPct: Double? {
        guard let yearAgo, yearAgo.pv > 0 else { return nil }
        return Double(totals.pv - yearAgo.pv) / Double(yearAgo.pv) * 100
    }

    /// Percent change of user-days against the same period a year earlier.
    ///
    /// Nil when that period is not covered or its value is 0.
    public var uvDaysChangeYoYPct: Double? {
        guard let yearAgo, yearAgo.uvDays > 0 else { return nil }
        return Double(totals.uvDays - yearAgo.uvDays) / Double(yearAgo.uvDays) * 100
    }

    /// Percent change of average daily UV against the same period a year earlier.
    ///
    /// Nil when that period is not covered or its value is 0.
    public var avgDailyUVChangeYoYPct: Double? {
        guard let yearAgo, yearAgo.avgDailyUV > 0 else { return nil }
        return (totals.avgDailyUV - yearAgo.avgDailyUV) / yearAgo.avgDailyUV * 100
    }
}

extension Aggregation {
    /// How many of the report's top workplaces the history's trend follows.
    public static let historyTopCount = 5

    /// The history and the year-ago totals of `period` from `dataset`, for a report whose top N
    /// workplaces (in rank order) are `top`: the trend follows the first ``historyTopCount`` of them.
    ///
    /// Records are de-duplicated like the report's (the later of conflicting ones wins) and only days
    /// the data covers count. Both are nil for a from/to range; the history is nil unless a month that
    /// ends before the previous period is covered, the year-ago totals when any day of that period is not.
    static func history(
        dataset: AccessDataset, period: ReportPeriod, selected: [Bool], top: ArraySlice<WorkplaceSummary>
    ) -> (History?, YearAgoTotals?) {
        guard let window = period.historyRange else { return (nil, nil) }
        let covered = coveredDays(dataset: dataset, selected: selected, window: window)
        let months = period.historyMonths
        let deduped = deduplicate(
            dataset: dataset, selected: selected, ordinal: (0..<Int32(dataset.workplaces.count)).map { $0 },
            window: window)

        let trendCount = min(historyTopCount, top.count)
        var trendRow = [Int](repeating: -1, count: dataset.workplaces.count)
        for (position, summary) in top.prefix(trendCount).enumerated() {
            if let index = dataset.workplaceIndex(of: summary.id) { trendRow[Int(index)] = position }
        }
        var monthPV = [Int64](repeating: 0, count: months.count)
        var monthUV = monthPV
        var trendPV = [Int64](repeating: 0, count: months.count * trendCount)
        var monthOfDay = [Int](repeating: -1, count: window.days)
        for (m, month) in months.enumerated() {
            for day in 0..<month.days { monthOfDay[window.from.days(to: month.from) + day] = m }
        }
        let yearAgo = period.yearAgo
        var yearAgoPV: Int64 = 0
        var yearAgoUV: Int64 = 0
        for record in deduped.records {
            let day = window.from.days(to: record.date)
            guard covered[day] else { continue }
            if let yearAgo, yearAgo.range.contains(record.date) {
                yearAgoPV += record.pv
                yearAgoUV += record.uv
            }
            let m = monthOfDay[day]
            guard m >= 0 else { continue }
            monthPV[m] += record.pv
            monthUV[m] += record.uv
            let row = trendRow[Int(record.workplace)]
            if row >= 0 { trendPV[row * months.count + m] += record.pv }
        }

        var historyMonths: [HistoryMonth] = []
        for (m, month) in months.enumerated() {
            let offset = window.from.days(to: month.from)
            let daysCovered = covered[offset..<(offset + month.days)].count(where: { $0 })
            let isCovered = daysCovered == month.days
            historyMonths.append(
                HistoryMonth(
                    label: month.from.monthLabel, from: month.from, to: month.to,
                    partial: month.to < month.from.endOfMonth, daysCovered: daysCovered,
                    pv: isCovered ? monthPV[m] : nil, uvDays: isCovered ? monthUV[m] : nil,
                    avgDailyUV: isCovered ? Double(monthUV[m]) / Double(month.days) : nil))
        }
        let trend = (0..<trendCount).map { row in
            WorkplaceTrend(
                workplace: row,
                pv: historyMonths.indices.map { historyMonths[$0].covered ? trendPV[row * months.count + $0] : nil })
        }
        // Only history that says more than the comparison: a month covered that ends before the
        // previous period (a plain report of a month and the one before has no history section).
        let previousFrom = period.previous.from
        let history =
            historyMonths.contains(where: { $0.covered && $0.to < previousFrom })
            ? History(months: historyMonths, topTrend: trend) : nil

        var yearAgoTotals: YearAgoTotals?
        if let yearAgo {
            let offset = window.from.days(to: yearAgo.from)
            if covered[offset..<(offset + yearAgo.days)].allSatisfy({ $0 }) {
                yearAgoTotals = YearAgoTotals(
                    period: yearAgo, pv: yearAgoPV, uvDays: yearAgoUV,
                    avgDailyUV: Double(yearAgoUV) / Double(yearAgo.days))
            }
        }
        return (history, yearAgoTotals)
    }

    /// For each day of `window` (by offset), whether the data covers it.
    ///
    /// - a history store's coverage (``AccessDataset/coveredRanges``) when the dataset has one;
    /// - else the days it was asked for (``AccessDataset/coverage``: a fetch's or a snapshot's query);
    /// - else, for raw API output, which does not say what was asked, the days from its first to its
    ///   last record of the selected workplaces (days without a record in between count as zero, as
    ///   the API omits empty days).
    static func coveredDays(dataset: AccessDataset, selected: [Bool], window: DateRange) -> [Bool] {
        var covered = [Bool](repeating: false, count: window.days)
        func mark(_ range: DateRange) {
            let from = max(range.from, window.from)
            let to = min(range.to, window.to)
            guard from <= to else { return }
            for day in window.from.days(to: from)...window.from.days(to: to) { covered[day] = true }
        }
        if let ranges = dataset.coveredRanges {
            ranges.forEach(mark)
        } else if let range = dataset.coverage {
            mark(range)
        } else {
            var first: CalendarDate?
            var last: CalendarDate?
            for record in dataset.records where selected[Int(record.workplace)] {
                if first.map({ record.date < $0 }) ?? true { first = record.date }
                if last.map({ record.date > $0 }) ?? true { last = record.date }
            }
            if let first, let last { mark(DateRange(from: first, to: last)!) }
        }
        return covered
    }
}
