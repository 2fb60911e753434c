import Foundation
import Testing
import WorkplaceModel

@testable import WorkplaceStore

private func storePath() throws -> String {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("wr-datasets-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url.appendingPathComponent("h.sqlite").path
}

private func day(_ n: Int) -> CalendarDate {
    CalendarDate(dayNumber: CalendarDate(iso: "2026-10-01")!.dayNumber + Int32(n))
}

@Test func overallDaysRoundTripWithTheirOwnCoverage() throws {
    let store = try HistoryStore.open(path: try storePath(), create: true)
    defer { try? store.close() }
    var overall = OverallDataset()
    for n in 0..<5 {
        overall.records.append(
            OverallRecord(
                date: day(n), allPV: Int64(100 + n), allUV: Int64(10 + n), defaultPV: Int64(40 + n),
                defaultUV: Int64(n)))
    }
    let range = DateRange(from: day(0), to: day(9))!
    try store.commitOverall(range: range, records: overall, fetchedAt: 5_000)
    let back = try store.loadOverall(range: range)
    #expect(back.records == overall.records)
    #expect(try store.loadOverall(range: DateRange(from: day(3), to: day(3))!).records == [overall.records[3]])
    #expect(try store.coverage(dataset: HistoryStore.overall).map(\.range) == [range])
    #expect(try store.coverage(dataset: HistoryStore.customWorkplaces).isEmpty)
    // Refetching a day replaces it; a day without a record in the answer is gone.
    try store.commitOverall(
        range: DateRange(from: day(1), to: day(2))!,
        records: OverallDataset(records: [OverallRecord(date: day(1), allPV: 7, allUV: 1, defaultPV: 0, defaultUV: 0)]),
        fetchedAt: 6_000)
    let after = try store.loadOverall(range: range)
    #expect(after.records.map(\.allPV) == [100, 7, 103, 104])
    // Merged raw days do not mark anything covered.
    try store.mergeOverall(
        OverallDataset(records: [OverallRecord(date: day(20), allPV: 1, allUV: 1, defaultPV: 1, defaultUV: 1)]))
    #expect(try store.coverage(dataset: HistoryStore.overall).count == 2)
    let status = try #require(try store.status().first { $0.dataset == HistoryStore.overall })
    #expect(status.records == 10)
    #expect(status.first == day(0) && status.last == day(9) && status.lastFetchedAt == 6_000)
    #expect(try store.verify().recordsOutsideCoverage == 2)
}

@Test func aHalfOverallDayIsDamagedInOneLine() throws {
    let path = try storePath()
    let store = try HistoryStore.open(path: path, create: true)
    defer { try? store.close() }
    var rows = AccessDataset()
    rows.append(workplaceID: HistoryStore.allWorkplaceID, date: day(0), pv: 1, uv: 1, names: [])
    try store.merge(dataset: HistoryStore.overall, records: rows)
    let error = try #require(throws: StoreError.self) {
        try store.loadOverall(range: DateRange(from: day(0), to: day(0))!)
    }
    #expect(error.kind == .damaged)
    #expect(
        error.description
            == "store \(path): holds a whole-workplace day (2026-10-01) without both of its records; run history verify"
    )
    // The command the line points to names that day; a whole day beside it is not a problem.
    var whole = AccessDataset()
    whole.append(workplaceID: HistoryStore.allWorkplaceID, date: day(1), pv: 3, uv: 2, names: [])
    whole.append(workplaceID: HistoryStore.defaultWorkplaceID, date: day(1), pv: 1, uv: 1, names: [])
    try store.merge(dataset: HistoryStore.overall, records: whole)
    #expect(try store.verify().problems == ["the whole-workplace day 2026-10-01 does not have both of its records"])
}

@Test func blocksAreADatasetOfTheirOwnWithFilteredCoverage() throws {
    let store = try HistoryStore.open(path: try storePath(), create: true)
    defer { try? store.close() }
    var blocks = AccessDataset()
    blocks.append(workplaceID: "283438293839422334", date: day(0), pv: 5, uv: 2, names: [])
    blocks.append(workplaceID: "b2", date: day(0), pv: 1, uv: 1, names: [])
    let range = DateRange(from: day(0), to: day(1))!
    try store.commit(
        dataset: HistoryStore.blocks, filter: "283438293839422334", range: range, records: blocks, fetchedAt: 1)
    // Only the filtered block is stored by a filtered commit.
    let back = try store.load(dataset: HistoryStore.blocks, range: range)
    #expect(back.records.count == 1 && back.workplaces.map(\.id) == ["283438293839422334"])
    #expect(try store.load(dataset: HistoryStore.customWorkplaces, range: range).records.isEmpty)
    let entries = try store.coverage(dataset: HistoryStore.blocks)
    #expect(Coverage.covered(entries, filter: "283438293839422334") == [range])
    #expect(Coverage.covered(entries, filter: "b2").isEmpty)
    #expect(HistoryStore.datasetName(.blocks) == "blocks" && HistoryStore.datasetName(.overall) == "overall")
    #expect(try store.status().map(\.dataset) == ["blocks"])
    #expect(try store.verify().isClean)
}
