import Foundation
import PropertyBased
import TestSupport
import Testing
import WorkplaceAnalytics
import WorkplaceModel

// The aggregation checked against a brute-force reference written separately here: dictionaries
// instead of sorting, Foundation's ISO-8601 calendar instead of our date arithmetic, and a day-by-day
// walk instead of accumulators.

private struct RawRecord {
    var id: String
    var date: CalendarDate
    var pv: Int64
    var uv: Int64
    var names: [LocalizedName]
}

private struct Scenario {
    var records: [RawRecord]
    var period: ReportPeriod
    var coverage: DateRange?
    var ids: Set<String>
    var language: String
    var top: Int

    var dataset: AccessDataset {
        var d = AccessDataset(coverage: coverage)
        for r in records { d.append(workplaceID: r.id, date: r.date, pv: r.pv, uv: r.uv, names: r.names) }
        return d
    }
}

private func makeScenario(seed: Int) -> Scenario {
    var rng = SeededGenerator(seed: UInt64(seed))
    let year = [2024, 2025, 2026, 2027, 2020].randomElement(using: &rng)!
    let period: ReportPeriod
    switch Int.random(in: 0..<4, using: &rng) {
    case 0: period = ReportPeriod.month(year: year, month: Int.random(in: 1...12, using: &rng))!
    case 1:
        period = ReportPeriod.week(
            year: year, week: Int.random(in: 1...CalendarDate.isoWeeksInYear(year), using: &rng))!
    case 2:
        // Around the turn of the year and leap days.
        let from = CalendarDate(
            year: year, month: [1, 2, 12].randomElement(using: &rng)!, day: Int.random(in: 1...28, using: &rng))!
        period = ReportPeriod(
            range: DateRange(from: from, to: from.adding(days: Int.random(in: 0...70, using: &rng)))!, kind: .range)
    default:
        let from = CalendarDate(
            year: year, month: Int.random(in: 1...12, using: &rng), day: Int.random(in: 1...28, using: &rng))!
        period = ReportPeriod(
            range: DateRange(from: from, to: from.adding(days: Int.random(in: 0...400, using: &rng)))!, kind: .range)
    }
    let workplaceCount = Int.random(in: 0...7, using: &rng)
    let ids = (0..<workplaceCount).map { "tpl_\(String(Int.random(in: 0...99, using: &rng), radix: 16))_\($0)" }
    let languages = ["zh", "en", "ja", "zh_cn", "en-US", "fr"]
    var records: [RawRecord] = []
    let window = DateRange(from: period.previous.from.adding(days: -5), to: period.to.adding(days: 5))!
    let recordCount = workplaceCount == 0 ? 0 : Int.random(in: 0...(Bool.random(using: &rng) ? 12 : 300), using: &rng)
    for _ in 0..<recordCount {
        let id = ids.randomElement(using: &rng)!
        let date = window.from.adding(days: Int.random(in: 0..<window.days, using: &rng))
        let pv =
            Bool.random(using: &rng) ? Int64.random(in: 0...3, using: &rng) : Int64.random(in: 0...500, using: &rng)
        let uv = Int64.random(in: 0...(pv + 2), using: &rng)
        let names = (0..<Int.random(in: 0...2, using: &rng)).map { _ in
            LocalizedName(
                language: languages.randomElement(using: &rng)!,
                name: ["", "名字\(id)", "Name \(id) \(date)"].randomElement(using: &rng)!)
        }
        records.append(RawRecord(id: id, date: date, pv: pv, uv: uv, names: names))
        // Duplicates: sometimes identical, sometimes conflicting.
        if Int.random(in: 0..<10, using: &rng) == 0 { records.append(records.last!) }
        if Int.random(in: 0..<15, using: &rng) == 0 {
            records.append(RawRecord(id: id, date: date, pv: pv + 1, uv: uv, names: names))
        }
    }
    let coverage: DateRange?
    switch Int.random(in: 0..<3, using: &rng) {
    case 0: coverage = nil
    case 1: coverage = period.range
    default: coverage = DateRange(from: period.previous.from, to: period.to)
    }
    let selected: Set<String> = Int.random(in: 0..<4, using: &rng) == 0 ? Set(ids.prefix(2)) : []
    return Scenario(
        records: records, period: period, coverage: coverage, ids: selected,
        language: ["zh", "en", "ja"].randomElement(using: &rng)!, top: Int.random(in: 0...5, using: &rng))
}

/// The brute-force reference: what each number means, computed the slow obvious way.
private struct Reference {
    struct Row {
        var id: String
        var pv: Int64 = 0
        var uv: Int64 = 0
        var peak: Int64 = 0
        var active = 0
    }

    var compared: Bool
    var current: [String: [Int: (pv: Int64, uv: Int64)]] = [:]  // id → day offset → values
    var previous: [String: (pv: Int64, uv: Int64)] = [:]
    var conflicts = 0
    let scenario: Scenario

    init(_ s: Scenario) {
        scenario = s
        let prevFrom: Date
        let prevTo: Date
        let utc = TimeZone(identifier: "UTC")!
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = utc
        let start = Date(timeIntervalSince1970: Double(s.period.from.dayNumber) * 86_400)
        let end = Date(timeIntervalSince1970: Double(s.period.to.dayNumber) * 86_400)
        switch s.period.kind {
        case .month:
            prevFrom = cal.date(byAdding: .month, value: -1, to: start)!
            prevTo = cal.date(byAdding: .day, value: -1, to: start)!
        case .week:
            prevFrom = cal.date(byAdding: .day, value: -7, to: start)!
            prevTo = cal.date(byAdding: .day, value: -7, to: end)!
        case .range:
            let n = s.period.days
            prevFrom = cal.date(byAdding: .day, value: -n, to: start)!
            prevTo = cal.date(byAdding: .day, value: -1, to: start)!
        }
        let pf = Int32(prevFrom.timeIntervalSince1970 / 86_400)
        let pt = Int32(prevTo.timeIntervalSince1970 / 86_400)
        let inPrev = { (d: CalendarDate) in d.dayNumber >= pf && d.dayNumber <= pt }
        let selected = { (id: String) in s.ids.isEmpty || s.ids.contains(id) }
        if let c = s.coverage {
            compared = c.from.dayNumber <= pf && c.to.dayNumber >= pt
        } else {
            compared = s.records.contains { inPrev($0.date) && selected($0.id) }
        }
        var latest: [String: [Int32: (pv: Int64, uv: Int64, conflict: Bool)]] = [:]
        for r in s.records where selected(r.id) {
            let old = latest[r.id]?[r.date.dayNumber]
            let conflict = (old?.conflict ?? false) || (old != nil && (old!.pv != r.pv || old!.uv != r.uv))
            latest[r.id, default: [:]][r.date.dayNumber] = (r.pv, r.uv, conflict)
        }
        for (id, days) in latest {
            for (day, v) in days {
                let date = CalendarDate(dayNumber: day)
                if s.period.range.contains(date) {
                    current[id, default: [:]][Int(s.period.from.days(to: date))] = (v.pv, v.uv)
                    if v.conflict { conflicts += 1 }
                } else if compared && inPrev(date) {
                    previous[id, default: (0, 0)].pv += v.pv
                    previous[id, default: (0, 0)].uv += v.uv
                    if v.conflict { conflicts += 1 }
                }
            }
        }
    }

    func rows(days: Range<Int>) -> [Row] {
        current.keys.sorted().map { id in
            var row = Row(id: id)
            for d in days {
                guard let v = current[id]?[d] else { continue }
                row.pv += v.pv
                row.uv += v.uv
                row.peak = max(row.peak, v.uv)
                if v.pv > 0 { row.active += 1 }
            }
            return row
        }
    }

    static func ranked(_ rows: [Row]) -> [Row] {
        rows.sorted { ($0.pv, $0.uv) != ($1.pv, $1.uv) ? ($0.pv, $0.uv) > ($1.pv, $1.uv) : $0.id < $1.id }
    }
}

private func isoLabels(_ date: CalendarDate) -> (week: String, month: String) {
    var cal = Calendar(identifier: .iso8601)
    cal.timeZone = TimeZone(identifier: "UTC")!
    let c = cal.dateComponents(
        [.yearForWeekOfYear, .weekOfYear, .year, .month],
        from: Date(timeIntervalSince1970: Double(date.dayNumber) * 86_400))
    return (
        String(format: "%04d-W%02d", c.yearForWeekOfYear!, c.weekOfYear!),
        String(format: "%04d-%02d", c.year!, c.month!)
    )
}

@Test func aggregationMatchesBruteForce() async {
    await propertyCheck(count: 300, input: Gen.int(in: 0...Int(Int32.max))) { seed in
        let s = makeScenario(seed: seed)
        let report = Aggregation.makeReport(
            dataset: s.dataset, period: s.period,
            options: ReportOptions(top: s.top, language: s.language, generatedAt: 0, workplaceIDs: s.ids))
        let ref = Reference(s)
        let days = s.period.days
        let expected = Reference.ranked(ref.rows(days: 0..<days))
        let totalPV = expected.reduce(0) { $0 + $1.pv }
        let totalUV = expected.reduce(0) { $0 + $1.uv }

        #expect(report.totals.pv == totalPV, "seed \(seed)")
        #expect(report.totals.uvDays == totalUV)
        #expect(report.totals.avgDailyUV == Double(totalUV) / Double(days))
        #expect(report.totals.activeWorkplaces == expected.filter { $0.pv > 0 }.count)
        #expect((report.previousPeriod != nil) == ref.compared)
        #expect(report.workplaces.map(\.id) == expected.map(\.id), "seed \(seed)")
        #expect(report.topCount == min(s.top, expected.count))
        let conflicts = report.warnings.first { $0.kind == .conflictingDuplicates }
        #expect((conflicts?.count ?? 0) == ref.conflicts, "seed \(seed)")

        let previousRanked = Reference.ranked(
            ref.previous.map { Reference.Row(id: $0.key, pv: $0.value.pv, uv: $0.value.uv) })
        for (i, (got, want)) in zip(report.workplaces, expected).enumerated() {
            #expect(got.rank == i + 1)
            #expect(
                got.pv == want.pv && got.uvDays == want.uv && got.peakDailyUV == want.peak
                    && got.activeDays == want.active)
            #expect(got.avgDailyUV == Double(want.uv) / Double(days))
            #expect(abs(got.share - (totalPV == 0 ? 0 : Double(want.pv) / Double(totalPV))) < 1e-12)
            if ref.compared, let p = ref.previous[want.id] {
                let rank = previousRanked.firstIndex { $0.id == want.id }! + 1
                #expect(got.previous?.pv == p.pv && got.previous?.rank == rank, "seed \(seed)")
                #expect(got.isNew == false)
                if p.pv > 0 {
                    #expect(abs(got.pvChangePct! - (Double(want.pv) - Double(p.pv)) / Double(p.pv) * 100) < 1e-9)
                } else {
                    #expect(got.pvChangePct == nil)
                }
            } else {
                #expect(got.previous == nil && got.pvChangePct == nil)
                #expect(got.isNew == ref.compared)
            }
            let series: [Int64] = (0..<days).map { ref.current[want.id]?[$0]?.pv ?? 0 }
            if days <= Aggregation.dailyTrendLimit {
                #expect(got.trend == series)
            } else {
                #expect(got.trend.reduce(0, +) == want.pv)
            }
        }
        if ref.compared {
            #expect(report.totals.previous?.pv == ref.previous.values.reduce(0) { $0 + $1.pv })
            #expect(report.totals.previous?.uvDays == ref.previous.values.reduce(0) { $0 + $1.uv })
            #expect(report.totals.previous?.activeWorkplaces == ref.previous.values.count { $0.pv > 0 })
        } else {
            #expect(report.totals.previous == nil)
        }

        // Daily totals: every day, zero days included.
        #expect(report.daily.count == days)
        for (d, day) in report.daily.enumerated() {
            #expect(day.date == s.period.from.adding(days: d))
            #expect(day.pv == ref.current.values.reduce(0) { $0 + ($1[d]?.pv ?? 0) })
            #expect(day.uvDays == ref.current.values.reduce(0) { $0 + ($1[d]?.uv ?? 0) })
        }

        // Weekly and monthly buckets, labelled by Foundation's calendar.
        for (labelOf, buckets, rows) in [
            ({ (d: CalendarDate) in isoLabels(d).week }, report.weekly, report.workplaceWeekly),
            ({ (d: CalendarDate) in isoLabels(d).month }, report.monthly, report.workplaceMonthly),
        ] {
            var order: [String] = []
            var daysOf: [String: [Int]] = [:]
            for d in 0..<days {
                let label = labelOf(s.period.from.adding(days: d))
                if daysOf[label] == nil { order.append(label) }
                daysOf[label, default: []].append(d)
            }
            #expect(buckets.map(\.label) == order, "seed \(seed)")
            #expect(rows.count == order.count * expected.count)
            let byKey = Dictionary(
                uniqueKeysWithValues: rows.map { ("\(report.workplaces[$0.workplace].id) \($0.label)", $0) })
            for b in buckets {
                let ds = daysOf[b.label] ?? []
                #expect(b.daysCovered == ds.count)
                #expect(
                    b.from == s.period.from.adding(days: ds.first ?? 0)
                        && b.to == s.period.from.adding(days: ds.last ?? 0))
                let full = b.label.contains("W") ? 7 : CalendarDate.daysInMonth(year: b.from.year, month: b.from.month)
                #expect(b.partial == (ds.count < full))
                var pv: Int64 = 0
                var uv: Int64 = 0
                for id in expected.map(\.id) {
                    var want = Reference.Row(id: id)
                    for d in ds {
                        guard let v = ref.current[id]?[d] else { continue }
                        want.pv += v.pv
                        want.uv += v.uv
                        want.peak = max(want.peak, v.uv)
                        if v.pv > 0 { want.active += 1 }
                    }
                    pv += want.pv
                    uv += want.uv
                    let got = byKey["\(id) \(b.label)"]
                    #expect(got?.pv == want.pv && got?.uvDays == want.uv && got?.peakDailyUV == want.peak)
                    #expect(got?.activeDays == want.active && got?.avgDailyUV == Double(want.uv) / Double(ds.count))
                }
                #expect(b.pv == pv && b.uvDays == uv && b.avgDailyUV == Double(uv) / Double(ds.count))
            }
        }

        // The Daily sheet: one row per (workplace, date) in the period, sorted by date then id.
        var expectedRecords: [(CalendarDate, String, (pv: Int64, uv: Int64))] = []
        for (id, byDay) in ref.current {
            for (d, v) in byDay { expectedRecords.append((s.period.from.adding(days: d), id, v)) }
        }
        expectedRecords.sort { a, b in a.0 != b.0 ? a.0 < b.0 : a.1 < b.1 }
        #expect(report.records.count == expectedRecords.count)
        for (got, want) in zip(report.records, expectedRecords) {
            #expect(got.date == want.0 && report.workplaces[Int(got.workplace)].id == want.1)
            #expect(got.pv == want.2.pv && got.uv == want.2.uv)
        }
    }
}
