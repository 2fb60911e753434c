import PropertyBased
import TestSupport
import Testing
import WorkplaceModel

@testable import WorkplaceStore

/// A random fetch history: entries of a few filters over a 120-day window, fetched at random times.
private func history(seed: Int) -> (entries: [CoverageEntry], range: DateRange, filter: String?, refetch: Int) {
    var g = SeededGenerator(seed: UInt64(seed))
    let base = CalendarDate(year: 2026, month: 1, day: 1)!
    let filters: [String?] = [nil, "tpl_a", "tpl_b"]
    var entries: [CoverageEntry] = []
    for _ in 0..<Int.random(in: 0...8, using: &g) {
        let from = base.adding(days: Int.random(in: 0...110, using: &g))
        let to = from.adding(days: Int.random(in: 0...30, using: &g))
        // Fetched from a few days before the range ends to long after it.
        let fetchDay = to.adding(days: Int.random(in: -5...20, using: &g))
        let seconds = Int64(fetchDay.dayNumber) * 86_400 - 8 * 3600 + Int64.random(in: 0..<86_400, using: &g)
        entries.append(
            CoverageEntry(
                filter: filters.randomElement(using: &g)!, range: DateRange(from: from, to: to)!, fetchedAt: seconds))
    }
    let from = base.adding(days: Int.random(in: -10...100, using: &g))
    let range = DateRange(from: from, to: from.adding(days: Int.random(in: 0...60, using: &g)))!
    return (entries, range, filters.randomElement(using: &g)!, Int.random(in: 0...5, using: &g))
}

/// The brute force: day by day, the rule as the README states it.
private func bruteToFetch(_ h: (entries: [CoverageEntry], range: DateRange, filter: String?, refetch: Int)) -> Set<
    Int32
> {
    var days = Set<Int32>()
    for d in h.range.from.dayNumber...h.range.to.dayNumber {
        let settled = h.entries.contains { e in
            guard e.filter == nil || e.filter == h.filter, e.range.contains(CalendarDate(dayNumber: d)) else {
                return false
            }
            // The fetch's day in UTC+8, then: the day is older than the refetch window of that day.
            let fetchDay = Int32((e.fetchedAt + 8 * 3600) / 86_400)
            return d < fetchDay - Int32(h.refetch)
        }
        if !settled { days.insert(d) }
    }
    return days
}

private func daysOf(_ ranges: [DateRange]) -> [Int32] {
    ranges.flatMap { Array($0.from.dayNumber...$0.to.dayNumber) }
}

@Test func toFetchMatchesBruteForce() async {
    await propertyCheck(count: 500, input: Gen.int(in: 0...Int(Int32.max))) { seed in
        let h = history(seed: seed)
        let ranges = Coverage.toFetch(h.range, entries: h.entries, filter: h.filter, refetchDays: h.refetch)
        let days = daysOf(ranges)
        #expect(Set(days) == bruteToFetch(h), "seed \(seed)")
        #expect(days.count == Set(days).count, "ranges overlap, seed \(seed)")
        // Maximal: no two ranges touch.
        for (a, b) in zip(ranges, ranges.dropFirst()) { #expect(a.to.dayNumber + 1 < b.from.dayNumber, "seed \(seed)") }
    }
}

@Test func coveredAndMissingMatchBruteForce() async {
    await propertyCheck(count: 500, input: Gen.int(in: 0...Int(Int32.max))) { seed in
        let h = history(seed: seed)
        let covered = Coverage.covered(h.entries, filter: h.filter)
        var want = Set<Int32>()
        for e in h.entries where e.filter == nil || e.filter == h.filter {
            for d in e.range.from.dayNumber...e.range.to.dayNumber { want.insert(d) }
        }
        #expect(Set(daysOf(covered)) == want, "seed \(seed)")
        let missing = Coverage.missing(h.range, covered: covered)
        let wantMissing = Set(h.range.from.dayNumber...h.range.to.dayNumber).subtracting(want)
        #expect(Set(daysOf(missing)) == wantMissing, "seed \(seed)")
        #expect(Coverage.dayCount(missing) == wantMissing.count, "seed \(seed)")
    }
}

@Test func refetchWindowExamples() {
    let oct31 = CalendarDate(iso: "2026-10-31")!
    let month = DateRange(from: CalendarDate(iso: "2026-10-01")!, to: oct31)!
    // Fetched 2026-11-01 10:00 UTC+8 (02:00 UTC): the three days before it are not settled.
    let fetched = Int64(CalendarDate(iso: "2026-11-01")!.dayNumber) * 86_400 + 2 * 3600
    let entries = [CoverageEntry(filter: nil, range: month, fetchedAt: fetched)]
    #expect(Coverage.fetchDay(fetched) == CalendarDate(iso: "2026-11-01")!)
    #expect(
        Coverage.toFetch(month, entries: entries, filter: nil, refetchDays: 3)
            == [DateRange(from: CalendarDate(iso: "2026-10-29")!, to: oct31)!])
    #expect(Coverage.toFetch(month, entries: entries, filter: nil, refetchDays: 0).isEmpty)
    // A filtered fetch covers only its workplace; an unfiltered one covers every filter.
    let one = [CoverageEntry(filter: "tpl_a", range: month, fetchedAt: fetched)]
    #expect(Coverage.toFetch(month, entries: one, filter: nil, refetchDays: 0) == [month])
    #expect(Coverage.toFetch(month, entries: one, filter: "tpl_a", refetchDays: 0).isEmpty)
    #expect(Coverage.toFetch(month, entries: entries, filter: "tpl_b", refetchDays: 0).isEmpty)
    // 16:00 UTC is already the next day in UTC+8.
    #expect(Coverage.fetchDay(Int64(oct31.dayNumber) * 86_400 + 16 * 3600) == CalendarDate(iso: "2026-11-01")!)
}
