import FeishuSimulator
import Foundation
import Testing
import WorkplaceModel
import WorkplaceStore

// `--store` against the simulator over real HTTP: what the store holds must be the simulator's data,
// record for record, however the runs that filled it went.

extension SimulatedDay {
    /// `yyyy-MM-dd`.
    fileprivate init?(iso: String) {
        let parts = iso.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        self.init(year: parts[0], month: parts[1], day: parts[2])
    }
}

private let credentials = [
    "FEISHU_APP_ID": SimulatorConfig.demoAppID, "FEISHU_APP_SECRET": SimulatorConfig.demoAppSecret,
]

/// The API calls a run's JSON model says it made.
private func apiCalls(_ folder: URL, _ label: String = "2026-10") throws -> Int? {
    let model = try jsonObject(folder.appendingPathComponent("workplace-access-\(label).json"))
    return (model["source"] as? [String: Any])?["api_calls"] as? Int
}

/// The store's records of `range` against the simulator's, exactly.
private func expectStoreEqualsSimulator(_ path: String, _ simulator: RunningSimulator, from: String, to: String) throws
{
    let store = try HistoryStore.open(path: path, create: false)
    defer { try? store.close() }
    let range = DateRange(from: CalendarDate(iso: from)!, to: CalendarDate(iso: to)!)!
    let data = try store.load(dataset: HistoryStore.customWorkplaces, range: range)
    let got = Set(data.records.map { "\(data.workplaces[Int($0.workplace)].id) \($0.date) \($0.pv) \($0.uv)" })
    let want = simulator.tenant.records(
        from: SimulatedDay(iso: from)!, to: SimulatedDay(iso: to)!
    ).map { "\($0.workplaceID) \($0.day) \($0.pv) \($0.uv)" }
    #expect(data.records.count == want.count)
    #expect(got == Set(want))
    #expect(
        Coverage.missing(
            range, covered: Coverage.covered(try store.coverage(dataset: HistoryStore.customWorkplaces), filter: nil)
        ).isEmpty)
}

@Test func aStoreFetchesOnlyWhatItLacksAndReportsOffline() async throws {
    let simulator = try await Simulator.start(SimulatorConfig())
    defer { Task { await simulator.stop() } }
    let folder = try temporaryFolder()
    let store = folder.appendingPathComponent("history.sqlite").path
    func report(_ name: String, _ extra: [String]) async throws -> (Run, URL) {
        let out = folder.appendingPathComponent(name)
        let run = try await workplaceReport(
            [
                "report", "--month", "2026-10", "--base-url", simulator.baseURL, "--out-dir", out.path, "--formats",
                "json",
            ]
                + extra, env: credentials)
        return (run, out)
    }
    let (plain, plainOut) = try await report("plain", ["--datasets", "custom"])
    let (first, firstOut) = try await report("first", ["--store", store, "--datasets", "custom"])
    let (second, secondOut) = try await report("second", ["--store", store, "--datasets", "custom"])
    let (offline, offlineOut) = try await report("offline", ["--store", store, "--datasets", "custom", "--offline"])
    for run in [plain, first, second, offline] { #expect(run.status == 0, "\(run.stderr)") }
    let full = try #require(try apiCalls(plainOut))
    // The first run with a store also fills the 13 months and the year-ago month (2025-10 … 2026-10).
    let firstCalls = try #require(try apiCalls(firstOut))
    #expect(firstCalls > full, "first run: \(firstCalls) calls, plain: \(full)")
    // SOURCE_DATE_EPOCH is 2026-11-01: only 2026-10-29..31 are fetched again, history included.
    let again = try #require(try apiCalls(secondOut))
    // One page for each of the three days (three chains of one day), against the whole fetch's pages.
    #expect(again == 3 && again < full, "second run: \(again) calls, first: \(full)")
    #expect(try apiCalls(offlineOut) == 0)
    var models = try [plainOut, firstOut, secondOut, offlineOut].map {
        try jsonObject($0.appendingPathComponent("workplace-access-2026-10.json"))
    }
    for i in models.indices { models[i]["source"] = nil }
    // The plain run fetched the two months only: no history, no year-ago month. The store runs have both.
    #expect(models[0]["history"] is NSNull && models[0]["year_ago_period"] is NSNull)
    let history = try #require(models[1]["history"] as? [String: Any])
    let months = try #require(history["monthly"] as? [[String: Any]])
    #expect(
        months.map { $0["label"] as? String }
            == (0..<13).map { i in i < 3 ? "2025-\(10 + i)" : String(format: "2026-%02d", i - 2) })
    #expect(months.allSatisfy { $0["covered"] as? Bool == true })
    let want = simulator.tenant.records(from: SimulatedDay(iso: "2025-10-01")!, to: SimulatedDay(iso: "2025-10-31")!)
    let yearAgo = try #require((models[1]["totals"] as? [String: Any])?["year_ago"] as? [String: Any])
    #expect(yearAgo["pv"] as? Int == Int(want.reduce(0) { $0 + $1.pv }))
    #expect(months[0]["pv"] as? Int == yearAgo["pv"] as? Int)
    for model in models.dropFirst(2) { #expect(NSDictionary(dictionary: models[1]).isEqual(to: model)) }
    for key in ["history", "year_ago_period"] { models[1][key] = NSNull() }
    var totals = try #require(models[1]["totals"] as? [String: Any])
    for key in ["year_ago", "pv_change_yoy_pct", "uv_days_change_yoy_pct", "avg_daily_uv_change_yoy_pct"] {
        totals[key] = NSNull()
    }
    models[1]["totals"] = totals
    #expect(NSDictionary(dictionary: models[0]).isEqual(to: models[1]))
    try expectStoreEqualsSimulator(store, simulator, from: "2025-10-01", to: "2026-10-31")

    // Offline, a month the store never saw: reported, and the missing days said on stderr.
    let out = folder.appendingPathComponent("missing")
    let run = try await workplaceReport(
        [
            "report", "--month", "2025-06", "--store", store, "--datasets", "custom", "--offline", "--out-dir",
            out.path, "--formats", "json",
        ])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stderr.contains("does not cover 61 of the 61 days"), "\(run.stderr)")
}

@Test func aKilledRunLeavesAConsistentStoreAndTheRerunCompletesIt() async throws {
    var config = SimulatorConfig()
    config.latency = .milliseconds(40)
    let simulator = try await Simulator.start(config)
    defer { Task { await simulator.stop() } }
    let folder = try temporaryFolder()
    let store = folder.appendingPathComponent("history.sqlite").path
    let arguments = [
        "fetch", "--from", "2025-01-01", "--to", "2026-10-31", "--base-url", simulator.baseURL, "--store", store,
        "--datasets", "custom",
        "--page-size", "20", "--quiet",
    ]
    let process = Process()
    process.executableURL = binary
    process.arguments = arguments
    var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("FEISHU_") }
    environment["SOURCE_DATE_EPOCH"] = "1793520000"
    environment.merge(credentials) { $1 }
    process.environment = environment
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    // Wait until some chains are committed, then kill the run mid-fetch.
    var committed = 0
    for _ in 0..<600 where committed < 3 {
        try await Task.sleep(for: .milliseconds(50))
        if let s = try? HistoryStore.open(path: store, create: false) {
            committed = (try? s.coverage(dataset: HistoryStore.customWorkplaces).count) ?? 0
            try? s.close()
        }
    }
    #expect(committed >= 3)
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
    #expect(process.terminationReason == .uncaughtSignal)
    // Requests the killed run had already sent may still be on their way through the simulator's
    // latency: count from the moment the count has stopped moving (0.5 s quiet, ten times the latency).
    var callsBefore = await simulator.statistics().searchRequests
    for _ in 0..<40 {
        try await Task.sleep(for: .milliseconds(500))
        let now = await simulator.statistics().searchRequests
        if now == callsBefore { break }
        callsBefore = now
    }

    let verify = try await workplaceReport(["history", "verify", "--store", store])
    #expect(verify.status == 0, "\(verify.stderr)")
    let rerun = try await workplaceReport(Array(arguments.dropLast()), env: credentials)
    #expect(rerun.status == 0, "\(rerun.stderr)")
    let rerunCalls = await simulator.statistics().searchRequests - callsBefore
    #expect(rerun.stderr.contains(": \(rerunCalls) API calls"), "\(rerun.stderr)")
    // The rerun did not fetch again what the killed run had committed (669 days in all).
    let days = try #require(
        rerun.stderr.firstRange(of: "fetched ").map { Int(rerun.stderr[$0.upperBound...].prefix { $0.isNumber }) }
            ?? nil)
    #expect(days > 0 && days < 669, "\(rerun.stderr)")
    try expectStoreEqualsSimulator(store, simulator, from: "2025-01-01", to: "2026-10-31")
}

@Test func twoRunsOnOneStoreAtOnceBothFinish() async throws {
    let simulator = try await Simulator.start(SimulatorConfig())
    defer { Task { await simulator.stop() } }
    let folder = try temporaryFolder()
    let store = folder.appendingPathComponent("history.sqlite").path
    let arguments = [
        "fetch", "--from", "2026-01-01", "--to", "2026-10-31", "--base-url", simulator.baseURL, "--store", store,
        "--datasets", "custom",
        "--quiet",
    ]
    async let a = workplaceReport(arguments, env: credentials)
    async let b = workplaceReport(arguments, env: credentials)
    let (runA, runB) = try await (a, b)
    #expect(runA.status == 0, "\(runA.stderr)")
    #expect(runB.status == 0, "\(runB.stderr)")
    try expectStoreEqualsSimulator(store, simulator, from: "2026-01-01", to: "2026-10-31")
}

@Test func aFileThatIsNotAStoreOrIsDamagedIsExit65AndUntouched() async throws {
    let folder = try temporaryFolder()
    let text = folder.appendingPathComponent("notes.sqlite")
    try Data("keep me\n".utf8).write(to: text)
    let run = try await workplaceReport(
        ["report", "--month", "2026-10", "--store", text.path, "--offline", "--out-dir", folder.path])
    #expect(run.status == 65)
    #expect(
        run.stderr
            == "workplace-report: error: store \(text.path): is not a history store (not an SQLite database); it was left as it is\n"
    )
    #expect(try Data(contentsOf: text) == Data("keep me\n".utf8))

    // A store whose pages were overwritten.
    let path = folder.appendingPathComponent("h.sqlite").path
    let imported = try await workplaceReport(["history", "import", "--store", path, snapshotFixture(folder)])
    #expect(imported.status == 0, "\(imported.stderr)")
    var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
    for i in 4096..<bytes.count { bytes[i] = 0xA5 }
    try bytes.write(to: URL(fileURLWithPath: path))
    for arguments in [["history", "verify", "--store", path], ["history", "status", "--store", path]] {
        let r = try await workplaceReport(arguments)
        #expect(r.status == 65, "\(arguments): \(r.stderr)")
        #expect(r.stderr.hasPrefix("workplace-report: error: store \(path): "), "\(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1)
    }
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)
}

@Test func anotherTenantIsExit64NamingBoth() async throws {
    let simulator = try await Simulator.start(SimulatorConfig())
    defer { Task { await simulator.stop() } }
    let folder = try temporaryFolder()
    let store = folder.appendingPathComponent("history.sqlite").path
    let first = try await workplaceReport(
        ["fetch", "--from", "2026-10-01", "--to", "2026-10-02", "--base-url", simulator.baseURL, "--store", store],
        env: credentials)
    #expect(first.status == 0, "\(first.stderr)")
    let host = simulator.baseURL.replacingOccurrences(of: "http://", with: "")
    let other = try await workplaceReport(
        ["fetch", "--from", "2026-10-01", "--to", "2026-10-02", "--base-url", simulator.baseURL, "--store", store],
        env: ["FEISHU_APP_ID": "cli_another000000000", "FEISHU_APP_SECRET": "x"])
    #expect(other.status == 64)
    #expect(
        other.stderr
            == "workplace-report: error: store \(store): was made for \(host) (app \(SimulatorConfig.demoAppID)); this run uses \(host) (app cli_another000000000); use another --store file\n"
    )
    let status = try await workplaceReport(["history", "status", "--store", store, "--json"])
    #expect(status.status == 0, "\(status.stderr)")
    let model = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
    #expect(model["app_id"] as? String == SimulatorConfig.demoAppID)
    let datasets = try #require(model["datasets"] as? [[String: Any]])
    #expect(datasets.first?["first"] as? String == "2026-10-01")
    #expect(datasets.first?["last"] as? String == "2026-10-02")
    // Nothing secret is in the file.
    let bytes = try Data(contentsOf: URL(fileURLWithPath: store))
    #expect(bytes.range(of: Data(SimulatorConfig.demoAppSecret.utf8)) == nil)
}

/// A small snapshot file in `folder`, written by the tool's own format.
private func snapshotFixture(_ folder: URL) throws -> String {
    let path = folder.appendingPathComponent("snapshot.json").path
    var items: [String] = []
    for day in 1...28 {
        for w in 0..<30 {
            let date = String(format: "2026-02-%02d", day)
            items.append(
                "{\"custom_workplace_id\":\"tpl_\(w)\",\"date\":\"\(date)\",\"access_data\":{\"pv\":\(day * w),\"uv\":\(w)},\"custom_workplace_name\":[{\"language\":\"zh\",\"name\":\"工作台 \(w)\"}]}"
            )
        }
    }
    try Data("[\(items.joined(separator: ","))]".utf8).write(to: URL(fileURLWithPath: path))
    return path
}

@Test func anImportedSnapshotReportsOfflineAsTheSnapshotDoes() async throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    let snapshot = root.appendingPathComponent("examples/demo/snapshot-2026-09-01_2026-10-31.json").path
    let folder = try temporaryFolder()
    let store = folder.appendingPathComponent("history.sqlite").path
    let imported = try await workplaceReport(["history", "import", "--store", store, snapshot])
    #expect(imported.status == 0, "\(imported.stderr)")
    let fromStore = folder.appendingPathComponent("store")
    let fromFile = folder.appendingPathComponent("file")
    let a = try await workplaceReport(
        [
            "report", "--month", "2026-10", "--store", store, "--offline", "--out-dir", fromStore.path, "--formats",
            "json",
        ])
    let b = try await workplaceReport(
        ["report", "--month", "2026-10", "--input", snapshot, "--out-dir", fromFile.path, "--formats", "json"])
    #expect(a.status == 0 && b.status == 0, "\(a.stderr) \(b.stderr)")
    var x = try jsonObject(fromStore.appendingPathComponent("workplace-access-2026-10.json"))
    var y = try jsonObject(fromFile.appendingPathComponent("workplace-access-2026-10.json"))
    #expect((x["source"] as? [String: Any])?["input"] as? String == store)
    x["source"] = nil
    y["source"] = nil
    #expect(NSDictionary(dictionary: x).isEqual(to: y))

    // Exported again, the snapshot holds the same records.
    let exported = folder.appendingPathComponent("exported.json").path
    let export = try await workplaceReport(
        ["history", "export", "--store", store, "--from", "2026-09-01", "--to", "2026-10-31", "--output", exported])
    #expect(export.status == 0, "\(export.stderr)")
    let original = try jsonObject(URL(fileURLWithPath: snapshot))
    let again = try jsonObject(URL(fileURLWithPath: exported))
    #expect(again["record_count"] as? Int == original["record_count"] as? Int)
    #expect(again["fetched_at"] as? String == "2026-11-01T08:00:00Z")
}

@Test func storeFlagsThatDoNotGoTogetherAreExit64() async throws {
    let folder = try temporaryFolder()
    let store = folder.appendingPathComponent("h.sqlite").path
    let cases: [([String], String)] = [
        (["--offline"], "--offline needs --store FILE (or 'store' in --config)"),
        (
            ["--input", "x.json", "--store", store],
            "--input and --store exclude each other (history import puts a file into a store)"
        ),
        (
            ["--store", store, "--datasets", "custom", "--offline"],
            "store \(store): no such file (a store is made by fetch or report --store)"
        ),
        (
            ["--store", store, "--datasets", "custom", "--refetch-days", "61"],
            "--refetch-days 61 is out of range; use 0 to 60 (see --help)"
        ),
    ]
    for (extra, message) in cases {
        let run = try await workplaceReport(["report", "--month", "2026-10", "--out-dir", folder.path] + extra)
        #expect(run.status == 64, "\(extra): \(run.stderr)")
        #expect(run.stderr == "workplace-report: error: \(message)\n")
    }
    #expect(!FileManager.default.fileExists(atPath: store))
    // The config key: a store named in the file is used (and must exist for --offline).
    let config = folder.appendingPathComponent("job.yaml")
    try Data("store: \(store)\nrefetch_days: 2\n".utf8).write(to: config)
    let run = try await workplaceReport(
        ["report", "--month", "2026-10", "--out-dir", folder.path, "--config", config.path, "--offline"])
    #expect(run.status == 64)
    #expect(run.stderr.contains("store \(store): no such file"), "\(run.stderr)")
}

@Test func historyImportKeepsTheOverallAndBlockDatasetsOfSnapshotsAndRawFiles() async throws {
    let folder = try temporaryFolder()
    let store = folder.appendingPathComponent("history.sqlite").path
    let snapshot = folder.appendingPathComponent("v2.json")
    try Data(
        #"""
        {"schema": "workplace-report-snapshot", "version": 2,
         "query": {"from": "2026-10-01", "to": "2026-10-02", "workplace_ids": [], "page_size": 100,
                   "datasets": ["overall", "blocks"], "block_ids": []},
         "base_url": "https://open.feishu.cn", "fetched_at": "2026-11-01T06:00:00Z", "record_count": 3,
         "overall_records": [{"date": "2026-10-01", "all_workplace": {"pv": 9, "uv": 4}, "default_workplace": {"pv": 5, "uv": 3}},
                             {"date": "2026-10-02", "all_workplace": {"pv": 8, "uv": 3}, "default_workplace": {"pv": 2, "uv": 1}}],
         "block_records": [{"block_id": "283438293839422334", "date": "2026-10-01", "access_data": {"pv": 2, "uv": 1}}]}
        """#.utf8
    ).write(to: snapshot)
    let raw = folder.appendingPathComponent("raw.jsonl")
    try Data(
        (#"{"code": 0, "data": {"items": [{"date": "2026-10-05", "all_workplace": {"pv": 1, "uv": 1}, "default_workplace": {"pv": 1, "uv": 1}}]}}"#
            + "\n"
            + #"{"code": 0, "data": {"items": [{"block_id": "b9", "date": "2026-10-05", "access_data": {"pv": 3, "uv": 3}}]}}"#
            + "\n").utf8
    ).write(to: raw)
    let imported = try await workplaceReport(["history", "import", "--store", store, snapshot.path, raw.path])
    #expect(imported.status == 0, "\(imported.stderr)")
    #expect(imported.stderr.contains("overall 2, blocks 1"), "\(imported.stderr)")

    let opened = try HistoryStore.open(path: store, create: false)
    defer { try? opened.close() }
    let month = DateRange(from: CalendarDate(iso: "2026-10-01")!, to: CalendarDate(iso: "2026-10-31")!)!
    #expect(try opened.loadOverall(range: month).records.map(\.allPV) == [9, 8, 1])
    let blocks = try opened.load(dataset: HistoryStore.blocks, range: month)
    #expect(Set(blocks.workplaces.map(\.id)) == ["283438293839422334", "b9"])
    #expect(
        try opened.coverage(dataset: HistoryStore.overall).map(\.range)
            == [DateRange(from: CalendarDate(iso: "2026-10-01")!, to: CalendarDate(iso: "2026-10-02")!)!])
    #expect(try opened.coverage(dataset: HistoryStore.blocks).count == 1)
    #expect(try opened.coverage(dataset: HistoryStore.customWorkplaces).isEmpty)

    let status = try await workplaceReport(["history", "status", "--store", store])
    #expect(status.status == 0, "\(status.stderr)")
    #expect(status.stdout.contains("overall: "), "\(status.stdout)")
    #expect(status.stdout.contains("blocks: "), "\(status.stdout)")
}

@Test func aStoreKeepsTheWholeWorkplaceAndTheBlocksAndReportsThemOffline() async throws {
    let simulator = try await Simulator.start(SimulatorConfig())
    defer { Task { await simulator.stop() } }
    let folder = try temporaryFolder()
    let store = folder.appendingPathComponent("history.sqlite").path
    func report(_ name: String, _ extra: [String]) async throws -> (Run, [String: Any]) {
        let out = folder.appendingPathComponent(name)
        let run = try await workplaceReport(
            [
                "report", "--month", "2026-10", "--base-url", simulator.baseURL, "--out-dir", out.path, "--formats",
                "json",
            ]
                + extra, env: credentials)
        #expect(run.status == 0, "\(name): \(run.stderr)")
        return (run, try jsonObject(out.appendingPathComponent("workplace-access-2026-10.json")))
    }
    let (_, plain) = try await report("plain", [])
    let (first, firstModel) = try await report("first", ["--store", store])
    let (second, secondModel) = try await report("second", ["--store", store])
    let (_, offline) = try await report("offline", ["--store", store, "--offline"])
    func calls(_ model: [String: Any]) -> Int? { (model["source"] as? [String: Any])?["api_calls"] as? Int }
    // Each dataset says what it fetched; the second run fetches only the refetch window (2026-10-29..31).
    for kind in ["custom", "overall", "blocks"] {
        #expect(first.stderr.contains("of the \(kind) dataset the store did not hold settled"), "\(first.stderr)")
    }
    let firstCalls = try #require(calls(firstModel))
    let secondCalls = try #require(calls(secondModel))
    #expect(secondCalls > 0 && secondCalls < firstCalls / 4, "first \(firstCalls), second \(secondCalls)")
    #expect(second.stderr.contains("of the overall dataset") && second.stderr.contains("of the blocks dataset"))
    #expect(calls(offline) == 0)
    // The whole workplace and the blocks read from the store are what a plain fetch gives.
    for key in ["overall", "blocks", "top_blocks"] {
        let want = try #require(plain[key] as? NSObject)
        #expect(!(want is NSNull), "\(key) is null in the plain run")
        for model in [firstModel, secondModel, offline] { #expect((model[key] as? NSObject)?.isEqual(want) == true) }
    }
}
