import Foundation
import GRDB
import Testing
import WorkplaceModel

@testable import WorkplaceStore

private func folder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("wr-store-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

private let d1 = CalendarDate(iso: "2026-10-01")!
private let d2 = CalendarDate(iso: "2026-10-02")!
private let d3 = CalendarDate(iso: "2026-10-03")!
private let tenant = StoreTenant(apiHost: "open.feishu.cn", appID: "cli_one")

private func sample() -> AccessDataset {
    var data = AccessDataset()
    data.append(workplaceID: "tpl_a", date: d1, pv: 10, uv: 3, names: [LocalizedName(language: "zh", name: "旧")])
    data.append(
        workplaceID: "tpl_a", date: d2, pv: 20, uv: 4,
        names: [LocalizedName(language: "zh", name: "新 \"<b>\""), LocalizedName(language: "en", name: "New")])
    data.append(workplaceID: "tpl_b", date: d2, pv: 0, uv: 0, names: [])
    return data
}

@Test func commitsAndReadsBack() throws {
    let dir = try folder()
    let path = dir.appendingPathComponent("h.sqlite").path
    let store = try HistoryStore.open(path: path, create: true)
    try store.claim(tenant, baseURL: "https://open.feishu.cn")
    let range = DateRange(from: d1, to: d3)!
    try store.commit(dataset: "custom_workplace", filter: nil, range: range, records: sample(), fetchedAt: 1_000)
    let back = try store.load(dataset: "custom_workplace", range: range)
    #expect(back.records.count == 3)
    #expect(back.workplaces.first { $0.id == "tpl_a" }?.names.map(\.name) == ["新 \"<b>\"", "New"])
    #expect(back.records.map(\.pv) == [10, 20, 0])
    // A refetch of a day replaces it: a record the new answer lacks is gone (the day is zero now).
    var again = AccessDataset()
    again.append(workplaceID: "tpl_a", date: d2, pv: 25, uv: 5, names: [])
    try store.commit(
        dataset: "custom_workplace", filter: nil, range: DateRange(from: d2, to: d2)!, records: again, fetchedAt: 2_000)
    let after = try store.load(dataset: "custom_workplace", range: range)
    #expect(after.records.map(\.pv) == [10, 25])
    #expect(try store.coverage(dataset: "custom_workplace").count == 2)
    let status = try #require(try store.status().first)
    #expect(status.first == d1 && status.last == d3 && status.holes.isEmpty && status.records == 2)
    #expect(status.lastFetchedAt == 2_000)
    #expect(try store.verify().isClean)
    try store.close()
}

@Test func refusesAnotherTenant() throws {
    let dir = try folder()
    let path = dir.appendingPathComponent("h.sqlite").path
    let store = try HistoryStore.open(path: path, create: true)
    try store.claim(tenant, baseURL: "https://open.feishu.cn")
    // The same app by token: the host is all that can be checked.
    try store.claim(StoreTenant(apiHost: "open.feishu.cn", appID: nil), baseURL: "https://open.feishu.cn")
    for other in [
        StoreTenant(apiHost: "open.larksuite.com", appID: "cli_one"),
        StoreTenant(apiHost: "open.feishu.cn", appID: "cli_two"),
    ] {
        let error = #expect(throws: StoreError.self) {
            try store.claim(other, baseURL: "https://" + other.apiHost)
        }
        #expect(error?.kind == .otherTenant)
        #expect(error?.description.contains("open.feishu.cn (app cli_one)") == true)
        #expect(error?.description.contains(other.description) == true)
    }
}

@Test func refusesFilesThatAreNotStoresAndLeavesThemAlone() throws {
    let dir = try folder()
    let text = dir.appendingPathComponent("notes.txt").path
    let bytes = Data("not a database, but precious\n".utf8)
    #expect(FileManager.default.createFile(atPath: text, contents: bytes))
    let empty = dir.appendingPathComponent("empty").path
    #expect(FileManager.default.createFile(atPath: empty, contents: Data()))
    for path in [text, empty] {
        let error = #expect(throws: StoreError.self) { try HistoryStore.open(path: path, create: true) }
        #expect(error?.kind == .notAStore)
        #expect(error?.description.hasPrefix("store \(path):") == true)
    }
    #expect(FileManager.default.contents(atPath: text) == bytes)
    #expect(FileManager.default.contents(atPath: empty) == Data())

    // Another application's SQLite database.
    let other = dir.appendingPathComponent("other.sqlite").path
    let queue = try DatabaseQueue(path: other)
    try queue.write { try $0.execute(sql: "CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('keep')") }
    try queue.close()
    let before = FileManager.default.contents(atPath: other)
    let error = #expect(throws: StoreError.self) { try HistoryStore.open(path: other, create: true) }
    #expect(error?.kind == .notAStore)
    #expect(FileManager.default.contents(atPath: other) == before)
}

@Test func refusesADamagedStore() throws {
    let dir = try folder()
    let path = dir.appendingPathComponent("h.sqlite").path
    let store = try HistoryStore.open(path: path, create: true)
    var big = AccessDataset()
    for day in 0..<300 {
        big.append(workplaceID: "tpl_\(day % 7)", date: d1.adding(days: day), pv: Int64(day), uv: 1, names: [])
    }
    try store.commit(
        dataset: "custom_workplace", filter: nil, range: DateRange(from: d1, to: d1.adding(days: 299))!, records: big,
        fetchedAt: 0)
    try store.close()
    // Scribble over every page but the first (the header and schema stay readable).
    var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
    let pageSize = 4096
    #expect(bytes.count > 2 * pageSize)
    for i in stride(from: pageSize + 8, to: bytes.count, by: 1) { bytes[i] = UInt8(truncatingIfNeeded: i &* 31) }
    try bytes.write(to: URL(fileURLWithPath: path))
    let damaged = bytes
    let error = #expect(throws: StoreError.self) {
        let s = try HistoryStore.open(path: path, create: true)
        _ = try s.load(dataset: "custom_workplace", range: DateRange(from: d1, to: d1.adding(days: 299))!)
    }
    #expect(error?.kind == .damaged || error?.kind == .notAStore)
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == damaged)
}

@Test func refusesANewerSchemaAndMigratesAnOlderOne() throws {
    let dir = try folder()
    // An older store: only v1 applied.
    let old = dir.appendingPathComponent("old.sqlite").path
    let queue = try DatabaseQueue(path: old)
    try HistoryStore.migrator.migrate(queue, upTo: "v1")
    try queue.write {
        try $0.execute(
            sql:
                "INSERT INTO record (dataset, workplace_id, date, pv, uv) VALUES ('custom_workplace', 'tpl_a', '2026-10-01', 5, 2)"
        )
    }
    try queue.close()
    let store = try HistoryStore.open(path: old, create: false)
    #expect(try store.load(dataset: "custom_workplace", range: DateRange(from: d1, to: d1)!).records.count == 1)
    try store.close()
    let check = try DatabaseQueue(path: old)
    let (version, indexed) = try check.read { db in
        (
            try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'schema_version'"),
            try db.indexes(on: "record").contains { $0.name == "record_by_date" }
        )
    }
    #expect(version == "2")
    #expect(indexed)

    // A newer store: a migration this version does not know.
    try check.write { db in
        try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v3')")
        try db.execute(sql: "UPDATE meta SET value = '3' WHERE key = 'schema_version'")
    }
    try check.close()
    let error = #expect(throws: StoreError.self) { try HistoryStore.open(path: old, create: true) }
    #expect(error?.kind == .newerSchema)
    #expect(error?.description.contains("schema 3") == true)
}

@Test func concurrentWritersKeepEveryRecordOnce() async throws {
    let dir = try folder()
    let path = dir.appendingPathComponent("h.sqlite").path
    // Two connections as two runs would hold them, each committing the same chains, interleaved.
    let stores = try [HistoryStore.open(path: path, create: true), HistoryStore.open(path: path, create: true)]
    try await withThrowingTaskGroup(of: Void.self) { group in
        for (n, store) in stores.enumerated() {
            group.addTask {
                for day in 0..<40 {
                    var data = AccessDataset()
                    for w in 0..<20 {
                        data.append(
                            workplaceID: "tpl_\(w)", date: d1.adding(days: day), pv: Int64(w + day), uv: 1, names: [])
                    }
                    let date = d1.adding(days: day)
                    try store.commit(
                        dataset: "custom_workplace", filter: nil, range: DateRange(from: date, to: date)!,
                        records: data,
                        fetchedAt: Int64(n))
                }
            }
        }
        try await group.waitForAll()
    }
    let data = try stores[0].load(dataset: "custom_workplace", range: DateRange(from: d1, to: d1.adding(days: 39))!)
    #expect(data.records.count == 800)
    #expect(Set(data.records.map { "\($0.workplace)-\($0.date)" }).count == 800)
    #expect(try stores[1].verify().isClean)
}

@Test func namesRoundTrip() {
    let names = [LocalizedName(language: "zh_cn", name: "a\"b\\c\n🚀"), LocalizedName(language: "en", name: "")]
    #expect(HistoryStore.decodeNames(HistoryStore.encodeNames(names)) == names)
}
