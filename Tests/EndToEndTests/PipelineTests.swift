import FeishuSimulator
import Foundation
import Testing

// The built binary against the simulator over real HTTP: the numbers in the outputs must be the
// simulator's own data, summed here straight from its records.

private let demoCredentials = [
    "FEISHU_APP_ID": SimulatorConfig.demoAppID, "FEISHU_APP_SECRET": SimulatorConfig.demoAppSecret,
]

@Test func monthlyReportEqualsTheSimulatorsData() async throws {
    let simulator = try await Simulator.start(SimulatorConfig())
    defer { Task { await simulator.stop() } }
    let out = try temporaryFolder()
    let run = try await workplaceReport(
        ["report", "--month", "2026-10", "--base-url", simulator.baseURL, "--out-dir", out.path, "--quiet"],
        env: demoCredentials)
    #expect(run.status == 0, "\(run.stderr)")
    let files = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
    #expect(files == ["xlsx", "html", "md", "json"].map { "workplace-access-2026-10.\($0)" }.sorted())

    let model = try jsonObject(out.appendingPathComponent("workplace-access-2026-10.json"))
    let records = simulator.tenant.records(
        from: SimulatedDay(year: 2026, month: 10, day: 1)!, to: SimulatedDay(year: 2026, month: 10, day: 31)!)
    let previous = simulator.tenant.records(
        from: SimulatedDay(year: 2026, month: 9, day: 1)!, to: SimulatedDay(year: 2026, month: 9, day: 30)!)
    #expect(!records.isEmpty)

    let totals = try #require(model["totals"] as? [String: Any])
    #expect(totals["pv"] as? Int == records.reduce(0) { $0 + $1.pv })
    #expect(totals["uv_days"] as? Int == records.reduce(0) { $0 + $1.uv })
    let previousTotals = try #require(totals["previous"] as? [String: Any])
    #expect(previousTotals["pv"] as? Int == previous.reduce(0) { $0 + $1.pv })

    var pvByID: [String: Int] = [:]
    for r in records { pvByID[r.workplaceID, default: 0] += r.pv }
    let workplaces = try #require(model["workplaces"] as? [[String: Any]])
    #expect(workplaces.count == pvByID.count)
    for w in workplaces {
        let id = try #require(w["id"] as? String)
        #expect(w["pv"] as? Int == pvByID[id], "\(id)")
    }
    let daily = try #require(model["daily"] as? [[String: Any]])
    #expect(daily.count == 31)
    let october3 = records.filter { $0.day.description == "2026-10-03" }.reduce(0) { $0 + $1.pv }
    #expect(daily.first { $0["date"] as? String == "2026-10-03" }?["pv"] as? Int == october3)
}

@Test func sameEpochGivesByteIdenticalFiles() async throws {
    let first = try temporaryFolder()
    let second = try temporaryFolder()
    for folder in [first, second] {
        let run = try await workplaceReport(["demo", "--out-dir", folder.path, "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
    }
    for ext in ["xlsx", "html", "md", "json"] {
        let name = "workplace-access-2026-10.\(ext)"
        let a = try Data(contentsOf: first.appendingPathComponent(name))
        let b = try Data(contentsOf: second.appendingPathComponent(name))
        #expect(a == b, "\(name) differs between two runs with the same SOURCE_DATE_EPOCH")
    }
}

@Test func fetchThenReportFromTheSnapshotGivesTheSameReport() async throws {
    let simulator = try await Simulator.start(SimulatorConfig())
    defer { Task { await simulator.stop() } }
    let folder = try temporaryFolder()
    let snapshot = folder.appendingPathComponent("snapshot.json").path
    let fetch = try await workplaceReport(
        ["fetch", "--from", "2026-09-01", "--to", "2026-10-31", "--base-url", simulator.baseURL, "--output", snapshot],
        env: demoCredentials)
    #expect(fetch.status == 0, "\(fetch.stderr)")
    let live = folder.appendingPathComponent("live")
    let offline = folder.appendingPathComponent("offline")
    let a = try await workplaceReport(
        ["report", "--month", "2026-10", "--base-url", simulator.baseURL, "--out-dir", live.path, "--formats", "json"],
        env: demoCredentials)
    let b = try await workplaceReport(
        ["report", "--month", "2026-10", "--input", snapshot, "--out-dir", offline.path, "--formats", "json"])
    #expect(a.status == 0 && b.status == 0, "\(a.stderr) \(b.stderr)")
    var liveModel = try jsonObject(live.appendingPathComponent("workplace-access-2026-10.json"))
    var offlineModel = try jsonObject(offline.appendingPathComponent("workplace-access-2026-10.json"))
    // Only the source differs: one fetched, one read a file.
    liveModel["source"] = nil
    offlineModel["source"] = nil
    #expect(NSDictionary(dictionary: liveModel).isEqual(to: offlineModel))
}

/// The demo names its blocks as an admin would in a config file (the API gives none), and `--block-name`
/// still wins for its id: no block of the demo's report is shown by its 18-digit id.
@Test func theDemoNamesItsBlocksAndTheFlagWins() async throws {
    let simulator = try await Simulator.start(SimulatorConfig())
    let blockIDs = simulator.tenant.blocks.map(\.id)
    await simulator.stop()
    let mine = try #require(blockIDs.first)
    let folder = try temporaryFolder()
    let run = try await workplaceReport([
        "demo", "--out-dir", folder.path, "--quiet", "--formats", "json", "--block-name", "\(mine)=Mine",
    ])
    #expect(run.status == 0, "\(run.stderr)")
    let model = try jsonObject(folder.appendingPathComponent("workplace-access-2026-10.json"))
    let blocks = try #require(model["blocks"] as? [[String: Any]])
    var names: [String: String] = [:]
    for block in blocks { names[try #require(block["id"] as? String)] = block["name"] as? String }
    // A block with no visits in the month is not in the ranking.
    #expect(Set(names.keys).isSubset(of: blockIDs) && names.count >= blockIDs.count - 1, "\(names)")
    #expect(names[mine] == "Mine")
    let labels: Set = ["审批入口", "公告栏", "常用应用", "待办事项", "日程安排", "新人指南", "数据看板", "IT 服务台"]
    let others = names.filter { $0.key != mine }.values
    #expect(others.count == names.count - 1)
    #expect(Set(others).count == others.count, "each block its own name: \(names)")
    #expect(Set(others).isSubset(of: labels), "\(names)")
}
