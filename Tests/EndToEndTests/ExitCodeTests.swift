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

/// `--rate-margin-ms` reaches the client.
///
/// At 1000 ms its window is 2 s (20 sends per 2 s, never two closer than 90 ms), so N requests take at
/// least (N - 1) × 90 ms, where the default's 46.6 ms spacing and the latency finish the same fetch in
/// about half that. Only this lower bound is asserted: load can only
/// make a run slower, while what the server counts in its busiest second depends on when its busy
/// actor gets to each request (on a loaded 2-core CI machine 250 ms late). The window itself is checked
/// exactly in `LimiterTests` under a test clock, and the benchmark measures it against the server.
@Test func theRateMarginReachesTheClient() async throws {
    var config = SimulatorConfig()
    config.workplaces = 30
    config.rateLimit = true
    config.rateLimitMode = .rollingWindow
    let simulator = try await Simulator.start(config)
    defer { Task { await simulator.stop() } }
    let out = try temporaryFolder().appendingPathComponent("snapshot.json")
    let started = ContinuousClock.now
    let run = try await workplaceReport(
        [
            "fetch", "--from", "2026-09-01", "--to", "2026-10-31", "--page-size", "40", "--datasets", "custom",
            "--base-url", simulator.baseURL, "--output", out.path, "--rate-margin-ms", "1000",
        ], env: demoCredentials)
    let elapsed = ContinuousClock.now - started
    #expect(run.status == 0, "\(run.stderr)")
    let requests = await simulator.statistics().searchRequests
    #expect(requests >= 40, "enough requests to fill two windows")
    #expect(elapsed >= .milliseconds(90 * (requests - 1)), "\(requests) requests in \(elapsed)")
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

/// The whole stderr of a failed run that must say exactly one thing: its one line.
private func onlyLine(_ run: Run) -> String {
    let lines = run.stderr.split(separator: "\n", omittingEmptySubsequences: true)
    #expect(lines.count == 1, "stderr: \(run.stderr)")
    #expect(run.stderr.hasPrefix("workplace-report: error: "), "stderr: \(run.stderr)")
    return String(lines.first ?? "")
}

@Test(arguments: [
    (["report", "--month", "2026-10", "--out-dir", "x", "--formats", "pdf"], "--formats: 'pdf' is not a format"),
    (["report", "--month", "2026-10", "--out-dir", "x", "--top", "0"], "--top 0 is out of range; use 1 to 1000"),
    (["report", "--month", "2026-10", "--out-dir", "x", "--concurrency", "33"], "use 1 to 32"),
    (["fetch", "--from", "2026-10-01", "--to", "2026-10-31", "--rate-margin-ms", "1001"], "use 0 to 1000"),
    (["report", "--month", "2026-10", "--out-dir", "x", "--bogus"], "Unknown option '--bogus'"),
    (["fetch", "--to", "2026-10-31", "--output", "x"], "Missing expected argument '--from <from>'"),
    (["report", "--month", "2026-10", "--quiet", "--verbose", "--out-dir", "x"], "--quiet and --verbose"),
])
func flagErrorsAreOneLineAndExit64(arguments: [String], line: String) async throws {
    let run = try await workplaceReport(arguments)
    #expect(run.status == 64, "\(arguments): \(run.stderr)")
    #expect(onlyLine(run).contains(line), "\(run.stderr)")
}

@Test(arguments: ["--generated-at", "SOURCE_DATE_EPOCH"])
func aTimeStampBeyondYear9999Exits64StatingTheRange(origin: String) async throws {
    let folder = try temporaryFolder()
    let input = folder.appendingPathComponent("items.json")
    try Data("[]".utf8).write(to: input)
    var arguments = ["report", "--month", "2026-10", "--input", input.path, "--out-dir", folder.path]
    var env: [String: String] = [:]
    if origin == "SOURCE_DATE_EPOCH" {
        env["SOURCE_DATE_EPOCH"] = "999999999999999"
    } else {
        arguments += ["--generated-at", "999999999999999"]
    }
    let run = try await workplaceReport(arguments, env: env)
    #expect(run.status == 64, "\(run.stderr)")
    let line = onlyLine(run)
    #expect(line.contains("\(origin) '999999999999999'"), "\(line)")
    #expect(line.contains("0 to 253402300799 (1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z)"), "\(line)")
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["items.json"])

    let demo = try await workplaceReport(
        ["demo", "--out-dir", folder.path, "--quiet"], env: ["SOURCE_DATE_EPOCH": "999999999999999"])
    #expect(demo.status == 64 && onlyLine(demo).contains("SOURCE_DATE_EPOCH"), "\(demo.stderr)")
}

@Test func theLastSecondOfYear9999IsAccepted() async throws {
    let folder = try temporaryFolder()
    let input = folder.appendingPathComponent("items.json")
    try Data("[]".utf8).write(to: input)
    let run = try await workplaceReport([
        "report", "--month", "2026-10", "--input", input.path, "--out-dir", folder.path, "--formats", "json",
        "--generated-at", "9999-12-31T23:59:59Z",
    ])
    #expect(run.status == 0, "\(run.stderr)")
    let model = try jsonObject(folder.appendingPathComponent("workplace-access-2026-10.json"))
    #expect(model["generated_at"] as? String == "9999-12-31T23:59:59Z")
}

@Test func aMissingInputFileExits64NamingIt() async throws {
    let folder = try temporaryFolder()
    let missing = folder.appendingPathComponent("missing.json").path
    let run = try await workplaceReport([
        "report", "--month", "2026-10", "--input", missing, "--out-dir", folder.path,
    ])
    #expect(run.status == 64, "\(run.stderr)")
    #expect(onlyLine(run).contains(missing), "\(run.stderr)")
}

@Test func anUnwritableSnapshotExits73NamingIt() async throws {
    let simulator = try await Simulator.start(SimulatorConfig())
    defer { Task { await simulator.stop() } }
    let target = try temporaryFolder().appendingPathComponent("no-such-folder/snapshot.json").path
    let run = try await workplaceReport(
        [
            "fetch", "--from", "2026-10-01", "--to", "2026-10-03", "--base-url", simulator.baseURL, "--output",
            target, "--quiet",
        ],
        env: demoCredentials)
    #expect(run.status == 73, "\(run.stderr)")
    #expect(onlyLine(run).contains(target), "\(run.stderr)")
}

@Test func aBrokenTemplateExits64NamingFileAndLine() async throws {
    let folder = try temporaryFolder()
    let templates = folder.appendingPathComponent("templates")
    try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
    let template = templates.appendingPathComponent("report.html.mustache")
    try Data("<html>\n<h1>{{title}}</h1>\n<p>{{periodLabel</p>\n".utf8).write(to: template)
    let input = folder.appendingPathComponent("items.json")
    try Data("[]".utf8).write(to: input)
    let run = try await workplaceReport([
        "report", "--month", "2026-10", "--input", input.path, "--out-dir", folder.path, "--templates",
        templates.path,
    ])
    #expect(run.status == 64, "\(run.stderr)")
    #expect(onlyLine(run).contains("template \(template.path):3:"), "\(run.stderr)")
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["items.json", "templates"])
}

@Test func spentMonthlyQuotaExits75WithOneLine() async throws {
    var config = SimulatorConfig()
    config.monthlyQuota = 3
    let simulator = try await Simulator.start(config)
    defer { Task { await simulator.stop() } }
    let out = try temporaryFolder()
    let run = try await workplaceReport(
        [
            "fetch", "--from", "2025-01-01", "--to", "2025-06-30", "--page-size", "10", "--datasets", "custom",
            "--base-url", simulator.baseURL,
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
