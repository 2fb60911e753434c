import Foundation
import PropertyBased
import TestSupport
import Testing
import WorkplaceAnalytics
import WorkplaceModel

// The 13-month history and the year-ago totals checked against a brute force written separately
// here: Foundation's calendars for the months and ISO weeks, a set of covered day numbers, and a
// dictionary in which the later of two records of a (workplace, day) wins.

private struct HistoryScenario {
    var records: [(id: String, date: CalendarDate, pv: Int64, uv: Int64)]
    var period: ReportPeriod
    var coverage: DateRange?
    var coveredRanges: [DateRange]?
    var ids: Set<String>
    var top: Int

    var dataset: AccessDataset {
        var d = AccessDataset(coverage: coverage)
        d.coveredRanges = coveredRanges
        for r in records { d.append(workplaceID: r.id, date: r.date, pv: r.pv, uv: r.uv, names: []) }
        return d
    }
}

private func utcCalendar(_ id: Calendar.Identifier) -> Calendar {
    var cal = Calendar(identifier: id)
    cal.timeZone = TimeZone(identifier: "UTC")!
    return cal
}

private func day(_ date: Date) -> Int32 { Int32((date.timeIntervalSince1970 / 86_400).rounded(.down)) }
private func date(_ day: Int32) -> Date { Date(timeIntervalSince1970: Double(day) * 86_400) }

private func makeHistoryScenario(seed: Int) -> HistoryScenario {
    var rng = SeededGenerator(seed: UInt64(seed))
    let year = [2021, 2024, 2025, 2026, 2027].randomElement(using: &rng)!
    let period: ReportPeriod
    switch Int.random(in: 0..<5, using: &rng) {
    case 0, 1: period = ReportPeriod.month(year: year, month: Int.random(in: 1...12, using: &rng))!
    case 2, 3:
        // W01, W52 and W53 often: the weeks whose year-ago week is not simply 364 days earlier.
        let weeks = CalendarDate.isoWeeksInYear(year)
        let week =
            Bool.random(using: &rng)
            ? [1, 2, weeks, weeks - 1].randomElement(using: &rng)! : Int.random(in: 1...weeks, using: &rng)
        period = ReportPeriod.week(year: year, week: week)!
    default:
        let from = CalendarDate(year: year, month: Int.random(in: 1...12, using: &rng), day: 3)!
        period = ReportPeriod(range: DateRange(from: from, to: from.adding(days: 40))!, kind: .range)
    }
    let start = period.to.adding(days: -420)
    let span = 430
    let ids = (0..<Int.random(in: 1...8, using: &rng)).map { "tpl_\($0)" }
    var records: [(id: String, date: CalendarDate, pv: Int64, uv: Int64)] = []
    for _ in 0..<Int.random(in: 0...600, using: &rng) {
        let r = (
            id: ids.randomElement(using: &rng)!, date: start.adding(days: Int.random(in: 0..<span, using: &rng)),
            pv: Int64.random(in: 0...900, using: &rng), uv: Int64.random(in: 0...90, using: &rng)
        )
        records.append(r)
        if Int.random(in: 0..<12, using: &rng) == 0 { records.append((r.id, r.date, r.pv + 7, r.uv)) }
    }
    var coverage: DateRange?
    var coveredRanges: [DateRange]?
    switch Int.random(in: 0..<4, using: &rng) {
    case 0: break
    case 1:
        let from = start.adding(days: Int.random(in: 0...200, using: &rng))
        coverage = DateRange(from: from, to: period.to.adding(days: Int.random(in: -3...3, using: &rng)))
    case 2: coverage = DateRange(from: start, to: period.to)
    default:
        // Holes: what a store that fetched some ranges holds.
        var ranges: [DateRange] = []
        var next = start.adding(days: Int.random(in: 0...20, using: &rng))
        while next < period.to.adding(days: 3) {
            let end = next.adding(days: Int.random(in: 0...150, using: &rng))
            ranges.append(DateRange(from: next, to: end)!)
            next = end.adding(days: Int.random(in: 2...(Bool.random(using: &rng) ? 3 : 40), using: &rng))
        }
        coveredRanges = ranges
    }
    let selected: Set<String> = Int.random(in: 0..<4, using: &rng) == 0 ? Set(ids.prefix(2)) : []
    return HistoryScenario(
        records: records, period: period, coverage: coverage, coveredRanges: coveredRanges, ids: selected,
        top: Int.random(in: 1...8, using: &rng))
}

@Test func historyMatchesBruteForce() async {
    await propertyCheck(count: 300, input: Gen.int(in: 0...Int(Int32.max))) { seed in
        let s = makeHistoryScenario(seed: seed)
        let report = Aggregation.makeReport(
            dataset: s.dataset, period: s.period,
            options: ReportOptions(top: s.top, language: "en", generatedAt: 0, workplaceIDs: s.ids))
        let greg = utcCalendar(.gregorian)
        let iso = utcCalendar(.iso8601)
        let selected = { (id: String) in s.ids.isEmpty || s.ids.contains(id) }

        // What the data covers, day by day.
        var covered = Set<Int32>()
        let mark = { (r: DateRange) in for d in r.from.dayNumber...r.to.dayNumber { covered.insert(d) } }
        if let ranges = s.coveredRanges {
            ranges.forEach(mark)
        } else if let c = s.coverage {
            mark(c)
        } else {
            let days = s.records.filter { selected($0.id) }.map(\.date.dayNumber)
            if let lo = days.min(), let hi = days.max() {
                mark(DateRange(from: CalendarDate(dayNumber: lo), to: CalendarDate(dayNumber: hi))!)
            }
        }
        var latest: [String: [Int32: (pv: Int64, uv: Int64)]] = [:]
        for r in s.records where selected(r.id) { latest[r.id, default: [:]][r.date.dayNumber] = (r.pv, r.uv) }
        func sum(_ ids: [String], _ from: Int32, _ to: Int32) -> (pv: Int64, uv: Int64)? {
            guard (from...to).allSatisfy(covered.contains) else { return nil }
            var pv: Int64 = 0
            var uv: Int64 = 0
            for id in ids {
                for (d, v) in latest[id] ?? [:] where d >= from && d <= to {
                    pv += v.pv
                    uv += v.uv
                }
            }
            return (pv, uv)
        }
        let allIDs = Array(latest.keys)

        guard s.period.kind != .range else {
            #expect(report.history == nil && report.yearAgo == nil, "seed \(seed)")
            return
        }

        // The 13 months: the month of the last day and the 12 before, the last cut at the last day.
        let last = date(s.period.to.dayNumber)
        let lastMonth = greg.date(from: greg.dateComponents([.year, .month], from: last))!
        var months: [(label: String, from: Int32, to: Int32)] = []
        for k in (0...12).reversed() {
            let first = greg.date(byAdding: .month, value: -k, to: lastMonth)!
            let end = greg.date(byAdding: .day, value: -1, to: greg.date(byAdding: .month, value: 1, to: first)!)!
            let c = greg.dateComponents([.year, .month], from: first)
            months.append(
                (String(format: "%04d-%02d", c.year!, c.month!), day(first), min(day(end), s.period.to.dayNumber)))
        }
        let coveredMonths = months.map { sum(allIDs, $0.from, $0.to) }
        let previousFrom = s.period.previous.from.dayNumber
        if !zip(months, coveredMonths).contains(where: { $0.1 != nil && $0.0.to < previousFrom }) {
            #expect(report.history == nil, "seed \(seed)")
        } else {
            let history = report.history
            #expect(history?.months.map(\.label) == months.map(\.label), "seed \(seed)")
            for (got, (want, totals)) in zip(history?.months ?? [], zip(months, coveredMonths)) {
                #expect(got.from.dayNumber == want.from && got.to.dayNumber == want.to)
                #expect(got.daysCovered == (want.from...want.to).count(where: covered.contains))
                #expect(got.covered == (totals != nil), "seed \(seed) \(want.label)")
                #expect(got.pv == totals?.pv && got.uvDays == totals?.uv, "seed \(seed) \(want.label)")
                #expect(got.avgDailyUV == totals.map { Double($0.uv) / Double(want.to - want.from + 1) })
            }
            let top = report.workplaces.prefix(min(5, s.top, report.workplaces.count))
            #expect(history?.topTrend.map { report.workplaces[$0.workplace].id } == top.map(\.id))
            for trend in history?.topTrend ?? [] {
                let id = report.workplaces[trend.workplace].id
                #expect(trend.pv == months.map { sum([id], $0.from, $0.to)?.pv }, "seed \(seed) \(id)")
            }
        }

        // The same period a year earlier: the calendar month, or the ISO week of the same number.
        let yearAgo: (from: Int32, to: Int32)
        if s.period.kind == .month {
            let first = greg.date(byAdding: .year, value: -1, to: date(s.period.from.dayNumber))!
            let end = greg.date(byAdding: .day, value: -1, to: greg.date(byAdding: .month, value: 1, to: first)!)!
            yearAgo = (day(first), day(end))
        } else {
            let c = iso.dateComponents([.yearForWeekOfYear, .weekOfYear], from: last)
            let earlier = c.yearForWeekOfYear! - 1
            // 28 December is always in the last ISO week of its year.
            let weeks = iso.component(
                .weekOfYear, from: greg.date(from: DateComponents(year: earlier, month: 12, day: 28))!)
            let monday = iso.date(
                from: DateComponents(weekday: 2, weekOfYear: min(c.weekOfYear!, weeks), yearForWeekOfYear: earlier))!
            yearAgo = (day(monday), day(monday) + 6)
        }
        #expect(s.period.yearAgo?.from.dayNumber == yearAgo.from && s.period.yearAgo?.to.dayNumber == yearAgo.to)
        if let want = sum(allIDs, yearAgo.from, yearAgo.to) {
            #expect(report.yearAgo?.pv == want.pv && report.yearAgo?.uvDays == want.uv, "seed \(seed)")
            #expect(report.yearAgo?.avgDailyUV == Double(want.uv) / Double(yearAgo.to - yearAgo.from + 1))
            let change = want.pv > 0 ? Double(report.totals.pv - want.pv) / Double(want.pv) * 100 : nil
            #expect(report.pvChangeYoYPct == change)
        } else {
            #expect(report.yearAgo == nil && report.pvChangeYoYPct == nil, "seed \(seed)")
        }
    }
}

@Test func yearAgoPeriodsAndHistoryMonths() {
    #expect(ReportPeriod.month(year: 2026, month: 10)!.yearAgo == ReportPeriod.month(year: 2025, month: 10))
    #expect(ReportPeriod.month(year: 2024, month: 2)!.yearAgo?.days == 28)
    // 2026 has 53 ISO weeks, 2025 has 52: W53 compares with 2025-W52.
    #expect(ReportPeriod.week(year: 2026, week: 53)!.yearAgo == ReportPeriod.week(year: 2025, week: 52))
    #expect(ReportPeriod.week(year: 2026, week: 1)!.yearAgo?.label == "2025-W01")
    let week = ReportPeriod.week(year: 2026, week: 43)!  // 2026-10-19 … 10-25
    #expect(week.historyMonths.map(\.from.monthLabel).first == "2025-10")
    #expect(week.historyMonths.last?.description == "2026-10-01_2026-10-25")
    #expect(ReportPeriod.month(year: 2026, month: 3)!.historyMonths.count == 13)
    #expect(ReportPeriod(range: DateRange(from: week.from, to: week.to)!, kind: .range).historyRange == nil)
}
