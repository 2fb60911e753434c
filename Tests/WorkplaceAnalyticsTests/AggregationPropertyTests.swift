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

// Blocks: the same scenarios as block data, named by `blockNames`; the ranking must be the workplaces'.
@Test func blocksMatchBruteForce() async {
    await propertyCheck(count: 200, input: Gen.int(in: 0...Int(Int32.max))) { seed in
        var s = makeScenario(seed: seed)
        s.ids = []  // --workplace never filters blocks
        var blocks = AccessDataset(coverage: s.coverage)
        for r in s.records { blocks.append(workplaceID: r.id, date: r.date, pv: r.pv, uv: r.uv, names: []) }
        let names = Dictionary(
            uniqueKeysWithValues: Set(s.records.map(\.id)).sorted().enumerated().filter { $0.offset % 2 == 0 }.map {
                ($0.element, "块 \($0.element)")
            })
        let report = Aggregation.makeReport(
            data: WorkplaceData(blocks: blocks), period: s.period,
            options: ReportOptions(top: s.top, language: s.language, generatedAt: 0, blockNames: names))
        #expect(report.overall == nil)
        #expect(report.workplaces.isEmpty && report.totals.pv == 0)
        guard let part = report.blocks else {
            Issue.record("no blocks part, seed \(seed)")
            return
        }
        let ref = Reference(s)
        let days = s.period.days
        let expected = Reference.ranked(ref.rows(days: 0..<days))
        let totalPV = expected.reduce(0) { $0 + $1.pv }
        #expect(part.totals.pv == totalPV, "seed \(seed)")
        #expect(part.totals.uvDays == expected.reduce(0) { $0 + $1.uv })
        #expect((part.previousPeriod != nil) == ref.compared)
        #expect(part.blocks.map(\.id) == expected.map(\.id), "seed \(seed)")
        #expect(part.blocks.map(\.name) == expected.map { names[$0.id] ?? $0.id })
        #expect(part.topCount == min(s.top, expected.count))
        #expect(part.top.map(\.id) == Array(expected.prefix(s.top).map(\.id)))
        let conflicts = report.warnings.first { $0.kind == .conflictingDuplicates }
        #expect((conflicts?.count ?? 0) == ref.conflicts, "seed \(seed)")
        if ref.conflicts > 0 { #expect(conflicts?.dataset == .blocks, "phrased as (block, date) pairs") }
        let previousRanked = Reference.ranked(
            ref.previous.map { Reference.Row(id: $0.key, pv: $0.value.pv, uv: $0.value.uv) })
        for (i, (got, want)) in zip(part.blocks, expected).enumerated() {
            #expect(got.rank == i + 1)
            #expect(got.pv == want.pv && got.uvDays == want.uv && got.peakDailyUV == want.peak)
            #expect(got.activeDays == want.active)
            #expect(abs(got.share - (totalPV == 0 ? 0 : Double(want.pv) / Double(totalPV))) < 1e-12)
            if ref.compared, let p = ref.previous[want.id] {
                #expect(got.previous?.pv == p.pv)
                #expect(got.previous?.rank == previousRanked.firstIndex { $0.id == want.id }! + 1)
                #expect(!got.isNew)
            } else {
                #expect(got.previous == nil && got.isNew == ref.compared)
            }
        }
        // Buckets: per block and label, summed from the reference's days.
        for (labelOf, buckets, rows) in [
            ({ (d: CalendarDate) in isoLabels(d).week }, part.weekly, part.blockWeekly),
            ({ (d: CalendarDate) in isoLabels(d).month }, part.monthly, part.blockMonthly),
        ] {
            var daysOf: [String: [Int]] = [:]
            for d in 0..<days { daysOf[labelOf(s.period.from.adding(days: d)), default: []].append(d) }
            #expect(Set(buckets.map(\.label)) == Set(daysOf.keys))
            #expect(rows.count == buckets.count * expected.count)
            for row in rows {
                let id = part.blocks[row.workplace].id
                let pv = (daysOf[row.label] ?? []).reduce(Int64(0)) { $0 + (ref.current[id]?[$1]?.pv ?? 0) }
                #expect(row.pv == pv, "seed \(seed)")
            }
        }
    }
}

/// The overall data of a scenario: days of the window with holes, identical and conflicting duplicates.
private struct OverallScenario {
    var records: [OverallRecord]
    var period: ReportPeriod
    var coverage: DateRange?
    var custom: Scenario?
}

private func makeOverallScenario(seed: Int) -> OverallScenario {
    var rng = SeededGenerator(seed: UInt64(seed) &+ 77)
    let base = makeScenario(seed: seed)
    let window = DateRange(from: base.period.previous.from.adding(days: -3), to: base.period.to.adding(days: 3))!
    var records: [OverallRecord] = []
    for d in 0..<window.days where Int.random(in: 0..<5, using: &rng) != 0 {
        let defaultPV = Int64.random(in: 0...400, using: &rng)
        let allPV = defaultPV + Int64.random(in: 0...900, using: &rng)
        let record = OverallRecord(
            date: window.from.adding(days: d), allPV: allPV, allUV: Int64.random(in: 0...120, using: &rng),
            defaultPV: defaultPV, defaultUV: Int64.random(in: 0...80, using: &rng))
        records.append(record)
        if Int.random(in: 0..<8, using: &rng) == 0 { records.append(record) }
        if Int.random(in: 0..<10, using: &rng) == 0 {
            records.append(
                OverallRecord(
                    date: record.date, allPV: allPV + 5, allUV: record.allUV, defaultPV: defaultPV,
                    defaultUV: record.defaultUV))
        }
    }
    records.shuffle(using: &rng)
    // Restore "later wins" as the data says: the shuffled order is the arrival order.
    let coverage: DateRange?
    switch Int.random(in: 0..<4, using: &rng) {
    case 0: coverage = nil
    case 1: coverage = base.period.range
    case 2:
        coverage = DateRange(from: base.period.previous.from, to: base.period.to)
        records.removeAll { !coverage!.contains($0.date) }
    default:
        // No record in the previous period: nothing to compare with.
        coverage = nil
        records.removeAll { !base.period.range.contains($0.date) }
    }
    return OverallScenario(
        records: records, period: base.period, coverage: coverage, custom: Bool.random(using: &rng) ? base : nil)
}

@Test func overallMatchesBruteForce() async {
    await propertyCheck(count: 300, input: Gen.int(in: 0...Int(Int32.max))) { seed in
        let s = makeOverallScenario(seed: seed)
        let data = WorkplaceData(
            custom: s.custom?.dataset, overall: OverallDataset(records: s.records, coverage: s.coverage))
        let options = ReportOptions(generatedAt: 0, workplaceIDs: s.custom?.ids ?? [])
        let report = Aggregation.makeReport(data: data, period: s.period, options: options)
        #expect(report.blocks == nil)
        guard let part = report.overall else {
            Issue.record("no overall part, seed \(seed)")
            return
        }
        // Reference: the latest record per day number, and the days whose records disagree.
        var latest: [Int32: OverallRecord] = [:]
        var conflicted: Set<Int32> = []
        for r in s.records {
            if let old = latest[r.date.dayNumber], old != r { conflicted.insert(r.date.dayNumber) }
            latest[r.date.dayNumber] = r
        }
        let previous = s.period.previous.range
        let compared =
            s.coverage.map { $0.from <= previous.from && $0.to >= previous.to }
            ?? s.records.contains { previous.contains($0.date) }
        #expect((part.previousPeriod != nil) == compared, "seed \(seed)")
        // The custom daily PV from the custom reference, independent of the custom part's code.
        let customRef = s.custom.map { Reference($0) }
        let days = s.period.days
        #expect(part.daily.count == days)
        var sums = (all: Int64(0), allUV: Int64(0), def: Int64(0), defUV: Int64(0), custom: Int64(0))
        for d in 0..<days {
            let date = s.period.from.adding(days: d)
            let r = latest[date.dayNumber]
            let got = part.daily[d]
            #expect(got.date == date)
            #expect(got.allPV == (r?.allPV ?? 0) && got.allUV == (r?.allUV ?? 0), "seed \(seed) day \(d)")
            #expect(got.defaultPV == (r?.defaultPV ?? 0) && got.defaultUV == (r?.defaultUV ?? 0))
            let customPV = customRef.map { ref in ref.current.values.reduce(Int64(0)) { $0 + ($1[d]?.pv ?? 0) } }
            #expect(got.customPV == customPV)
            sums.all += r?.allPV ?? 0
            sums.allUV += r?.allUV ?? 0
            sums.def += r?.defaultPV ?? 0
            sums.defUV += r?.defaultUV ?? 0
            sums.custom += customPV ?? 0
        }
        let t = part.totals
        #expect(t.allPV == sums.all && t.allUVDays == sums.allUV && t.defaultPV == sums.def)
        #expect(t.defaultUVDays == sums.defUV && t.allAvgDailyUV == Double(sums.allUV) / Double(days))
        #expect(t.customPV == (s.custom == nil ? nil : sums.custom))
        if s.custom != nil, sums.all > 0 {
            #expect(t.customShare == Double(sums.custom) / Double(sums.all))
        } else {
            #expect(t.customShare == nil)
        }
        if compared {
            let inPrevious = latest.filter { previous.contains(CalendarDate(dayNumber: $0.key)) }.values
            let pv = inPrevious.reduce(Int64(0)) { $0 + $1.allPV }
            #expect(part.previous?.allPV == pv, "seed \(seed)")
            #expect(part.previous?.allUVDays == inPrevious.reduce(Int64(0)) { $0 + $1.allUV })
            #expect(part.previous?.defaultPV == inPrevious.reduce(Int64(0)) { $0 + $1.defaultPV })
            if pv > 0 {
                #expect(abs(part.allPVChangePct! - Double(sums.all - pv) / Double(pv) * 100) < 1e-9)
            } else {
                #expect(part.allPVChangePct == nil)
            }
            let customPrevious = customRef.flatMap { $0.compared ? $0.previous.values.reduce(0) { $0 + $1.pv } : nil }
            #expect(part.previous?.customPV == customPrevious)
        } else {
            #expect(part.previous == nil && part.allPVChangePct == nil)
        }
        // Conflicts counted over the days the report reads (the period, and the previous one when compared).
        let window = compared ? DateRange(from: previous.from, to: s.period.to)! : s.period.range
        let conflicts = conflicted.count { window.contains(CalendarDate(dayNumber: $0)) }
        let warning = part.warnings.first { $0.kind == .conflictingDuplicates }
        #expect((warning?.count ?? 0) == conflicts, "seed \(seed)")
        if conflicts > 0 { #expect(warning?.dataset == .overall, "phrased as days of the whole workplace") }
        #expect(report.warnings.suffix(part.warnings.count) == part.warnings[...])
        // Buckets, labelled by Foundation's calendar.
        for (labelOf, buckets) in [
            ({ (d: CalendarDate) in isoLabels(d).week }, part.weekly),
            ({ (d: CalendarDate) in isoLabels(d).month }, part.monthly),
        ] {
            var order: [String] = []
            var daysOf: [String: [Int]] = [:]
            for d in 0..<days {
                let label = labelOf(s.period.from.adding(days: d))
                if daysOf[label] == nil { order.append(label) }
                daysOf[label, default: []].append(d)
            }
            #expect(buckets.map(\.label) == order, "seed \(seed)")
            for b in buckets {
                let ds = daysOf[b.label] ?? []
                #expect(b.daysCovered == ds.count)
                let records = ds.compactMap { latest[s.period.from.adding(days: $0).dayNumber] }
                let uv = records.reduce(Int64(0)) { $0 + $1.allUV }
                #expect(b.figures.allPV == records.reduce(0) { $0 + $1.allPV })
                #expect(b.figures.allUVDays == uv && b.figures.allAvgDailyUV == Double(uv) / Double(ds.count))
                #expect(b.figures.defaultPV == records.reduce(0) { $0 + $1.defaultPV })
                let customPV = customRef.map { ref in
                    ds.reduce(Int64(0)) { total, d in total + ref.current.values.reduce(0) { $0 + ($1[d]?.pv ?? 0) } }
                }
                #expect(b.figures.customPV == customPV)
            }
        }
    }
}
