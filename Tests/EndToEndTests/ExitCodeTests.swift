import FeishuSimulator
import Foundation
import Testing

// Every bad input gets one clear line on stderr and the spec's exit code.

private let demoCredentials = [
    "FEISHU_APP_ID": SimulatorConfig.demoAppID, "FEISHU_APP_SECRET": SimulatorConfig.demoAppSecret,
]

/// The error line of a failed run: exactly one line, naming what is wrong.
private func oneLine(_ run: Run) -> String {
    let lines = run.stderr.split(separator: "\n", omittingEmptySubsequences: true)
    #expect(lines.count >= 1)
    return String(lines.last ?? "")
}

@Test(arguments: [
    (["report", "--month", "2026-13", "--out-dir", "x", "--input", "x.json"], "--month"),
    (["report", "--week", "2026-W54", "--out-dir", "x", "--input", "x.json"], "W53"),
    (["report", "--from", "2026-10-31", "--to", "2026-10-01", "--out-dir", "x", "--input", "x.json"], "before"),
    (["report", "--month", "2026-10", "--last-week", "--out-dir", "x"], "one period"),
    (["report", "--month", "2026-10", "--out-dir", "x", "--formats", "pdf"], "pdf"),
    (["report", "--last-month", "--timezone", "Mars/Olympus", "--out-dir", "x", "--input", "x.json"], "Mars/Olympus"),
    (["fetch", "--from", "2026-10-01", "--to", "2026-10-31", "--page-size", "101", "--output", "x"], "101"),
    (["fetch", "--from", "2026-1-01", "--to", "2026-10-31", "--output", "x"], "--from"),
    (["report", "--month", "2026-10", "--out-dir", "x"], "FEISHU_APP_ID"),
])
func badArgumentsExit64(arguments: [String], mentions: String) async throws {
    let run = try await workplaceReport(arguments, env: arguments.first == "fetch" ? demoCredentials : [:])
    #expect(run.status == 64, "\(arguments): \(run.stderr)")
    #expect(run.stderr.contains(mentions), "\(run.stderr)")
}

@Test func corruptSnapshotExits65WithTheLine() async throws {
    let folder = try temporaryFolder()
    let file = folder.appendingPathComponent("broken.json")
    try Data(
        "[\n {\"custom_workplace_id\": \"tpl_1\", \"date\": \"2026-10-01\",\n  \"access_data\": {\"pv\": 3 \"uv\": 1}}\n]"
            .utf8
    )
    .write(to: file)
    let run = try await workplaceReport([
        "report", "--month", "2026-10", "--input", file.path, "--out-dir", folder.path,
    ])
    #expect(run.status == 65)
    #expect(oneLine(run).contains("broken.json:3"), "\(run.stderr)")
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["broken.json"])
}

@Test func negativeCountsAreBadData() async throws {
    let folder = try temporaryFolder()
    let file = folder.appendingPathComponent("items.json")
    try Data(#"[{"custom_workplace_id":"tpl_1","date":"2026-10-01","access_data":{"pv":-3,"uv":1}}]"#.utf8).write(
        to: file)
    let run = try await workplaceReport([
        "report", "--month", "2026-10", "--input", file.path, "--out-dir", folder.path,
    ])
    #expect(run.status == 65, "\(run.stderr)")
}

@Test func wrongSecretExits77AndNeverPrintsIt() async throws {
    let simulator = try await Simulator.start(SimulatorConfig())
    defer { Task { await simulator.stop() } }
    let secret = "wrong-secret-\(UUID().uuidString)"
    let out = try temporaryFolder()
    let run = try await workplaceReport(
        ["report", "--month", "2026-10", "--base-url", simulator.baseURL, "--out-dir", out.path, "--verbose"],
        env: ["FEISHU_APP_ID": SimulatorConfig.demoAppID, "FEISHU_APP_SECRET": secret])
    #expect(run.status == 77, "\(run.stderr)")
    #expect(!run.stderr.contains(secret) && !run.stdout.contains(secret))
    #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).isEmpty)
}

@Test func verboseLogsNeverShowTheSecretOrTheToken() async throws {
    let simulator = try await Simulator.start(SimulatorConfig())
    defer { Task { await simulator.stop() } }
    let out = try temporaryFolder()
    let run = try await workplaceReport(
        [
            "report", "--month", "2026-10", "--base-url", simulator.baseURL, "--out-dir", out.path, "--verbose",
            "--formats", "json",
        ],
        env: demoCredentials)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(!run.stderr.contains(SimulatorConfig.demoAppSecret))
    #expect(!run.stderr.contains("Bearer t-"), "a token reached the log")
}

@Test func unwritableOutputExits73AndKeepsTheOldReport() async throws {
    let folder = try temporaryFolder()
    let input = folder.appendingPathComponent("items.json")
    try Data(#"[{"custom_workplace_id":"tpl_1","date":"2026-10-01","access_data":{"pv":3,"uv":1}}]"#.utf8).write(
        to: input)
    // A file where the output folder should be.
    let blocker = folder.appendingPathComponent("out")
    try Data("not a folder".utf8).write(to: blocker)
    let run = try await workplaceReport([
        "report", "--month", "2026-10", "--input", input.path, "--out-dir", blocker.path,
    ])
    #expect(run.status == 73, "\(run.stderr)")
    #expect(run.stderr.contains(blocker.path))
}

@Test func unavailableAPIExits69() async throws {
    var config = SimulatorConfig()
    config.faults = FaultRates(serverError: 1)
    let simulator = try await Simulator.start(config)
    defer { Task { await simulator.stop() } }
    let out = try temporaryFolder()
    let run = try await workplaceReport(
        ["report", "--week", "2026-W43", "--base-url", simulator.baseURL, "--out-dir", out.path, "--concurrency", "1"],
        env: demoCredentials)
    #expect(run.status == 69, "\(run.stderr)")
    #expect(oneLine(run).contains("HTTP 5"), "\(run.stderr)")
}

@Test func noDataIsAValidReport() async throws {
    let folder = try temporaryFolder()
    let input = folder.appendingPathComponent("empty.json")
    try Data("[]".utf8).write(to: input)
    let run = try await workplaceReport([
        "report", "--month", "2026-10", "--input", input.path, "--out-dir", folder.path,
    ])
    #expect(run.status == 0, "\(run.stderr)")
    let model = try jsonObject(folder.appendingPathComponent("workplace-access-2026-10.json"))
    #expect((model["workplaces"] as? [Any])?.isEmpty == true)
    #expect((model["daily"] as? [Any])?.count == 31)
}

@Test func spentMonthlyQuotaExits75WithOneLine() async throws {
    var config = SimulatorConfig()
    config.monthlyQuota = 3
    let simulator = try await Simulator.start(config)
    defer { Task { await simulator.stop() } }
    let out = try temporaryFolder()
    let run = try await workplaceReport(
        [
            "fetch", "--from", "2025-01-01", "--to", "2025-06-30", "--page-size", "10", "--base-url", simulator.baseURL,
            "--output", out.appendingPathComponent("snapshot.json").path,
        ],
        env: demoCredentials)
    #expect(run.status == 75, "\(run.stderr)")
    let lines = run.stderr.split(separator: "\n", omittingEmptySubsequences: true)
    #expect(lines.count == 1, "\(run.stderr)")
    let line = String(lines.first ?? "")
    #expect(line.hasPrefix("workplace-report: error: the tenant's monthly API call quota is spent"))
    #expect(line.contains("code 99991403"))
    #expect(line.contains("resets on ") && line.contains("-01 (the 1st of next month"))
    #expect(line.contains("this run made "))
    let stats = await simulator.statistics()
    #expect(stats.pagesServed == 3)
    // Four chains: the first refusal and at most three already on the wire.
    #expect(stats.quotaRefused >= 1 && stats.quotaRefused <= 4)
    #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).isEmpty)
}

@Test func everyFetchReportsItsAPICalls() async throws {
    let simulator = try await Simulator.start(SimulatorConfig())
    defer { Task { await simulator.stop() } }
    let out = try temporaryFolder()
    let run = try await workplaceReport(
        ["report", "--month", "2025-03", "--base-url", simulator.baseURL, "--out-dir", out.path, "--formats", "json"],
        env: demoCredentials)
    #expect(run.status == 0, "\(run.stderr)")
    let stats = await simulator.statistics()
    #expect(run.stderr.contains(": \(stats.searchRequests) API calls ("), "\(run.stderr)")
    let json = try jsonObject(out.appendingPathComponent("workplace-access-2025-03.json"))
    let source = json["source"] as? [String: Any]
    #expect((source?["api_calls"] as? Int) == stats.searchRequests)
}
