import ArgumentParser
import FeishuAPI
import FeishuSimulator
import Foundation
import Logging
import Testing
import WorkplaceAnalytics
import WorkplaceModel

@testable import workplace_report

// Issue 14, the fetch side: --datasets, --block-id, --block-name and the config keys; the sibling
// endpoints' error codes through the binary.

private let credentials = [
    "FEISHU_APP_ID": SimulatorConfig.demoAppID, "FEISHU_APP_SECRET": SimulatorConfig.demoAppSecret,
]

@Test func datasetsBlockIDsAndBlockNamesReachTheJob() throws {
    let folder = try temporaryFolder()
    let config = folder.appendingPathComponent("job.yaml")
    try Data(
        """
        datasets: [overall, custom]
        blocks: {"283438293839422334": "审批入口", "1001": "Config name"}
        out_dir: /tmp/x

        """.utf8
    ).write(to: config)
    let command = try ReportCommand.parse([
        "--config", config.path, "--month", "2026-10", "--block-id", "1001", "--block-id", "1002",
        "--block-name", "1001=Flag name", "--block-name", "1003 = Third",
    ])
    let env = ["FEISHU_TENANT_ACCESS_TOKEN": "t-abc", "SOURCE_DATE_EPOCH": "0"]
    let job = try command.job(env: env, now: Date(timeIntervalSince1970: 0))
    #expect(job.request.datasets == [.custom, .overall], "the config's list, in dataset order")
    #expect(job.request.blockIDs == ["1001", "1002"])
    #expect(
        job.options.blockNames == ["283438293839422334": "审批入口", "1001": "Flag name", "1003": "Third"],
        "merged per id, the flag winning")

    let flags = try ReportCommand.parse([
        "--config", config.path, "--month", "2026-10", "--datasets", "blocks",
    ])
    #expect(try flags.job(env: env, now: Date(timeIntervalSince1970: 0)).request.datasets == [.blocks])
    let plain = try ReportCommand.parse(["--month", "2026-10", "--out-dir", "o"])
    let defaults = try plain.job(env: env, now: Date(timeIntervalSince1970: 0))
    #expect(defaults.request.datasets == [.custom, .overall, .blocks])
    #expect(defaults.request.blockIDs.isEmpty && defaults.options.blockNames.isEmpty)
    let api = try #require(defaults.source as? FeishuAPISource)
    #expect(
        api.pageSize(for: .custom) == 100 && api.pageSize(for: .overall) == 200 && api.pageSize(for: .blocks) == 200)
}

@Test(arguments: [
    (["--datasets", "custom,widgets"], "'widgets' is not a dataset"),
    (["--datasets", ","], "no dataset"),
    (["--block-id", "12 34"], "--block-id"),
    (["--block-name", "1001"], "is not ID=NAME"),
    (["--block-name", "=name"], "is not ID=NAME"),
])
func badDatasetFlagsExit64(extra: [String], mentions: String) async throws {
    let run = try await workplaceReport(
        ["report", "--month", "2026-10", "--out-dir", "x", "--input", "x.json"] + extra)
    #expect(run.status == 64, "\(run.stderr)")
    let lines = run.stderr.split(separator: "\n", omittingEmptySubsequences: true)
    #expect(lines.count == 1, "\(run.stderr)")
    #expect(lines.first?.contains(mentions) == true, "\(run.stderr)")
}

@Test(arguments: [
    ("datasets: [custom, widgets]\n", "'datasets' is wrong"),
    ("blocks: [a, b]\n", "'blocks' must map block ids to names"),
    ("blocks: {\"1\": \"\"}\n", "'blocks' must map block ids to names"),
])
func badDatasetConfigExit64(text: String, mentions: String) async throws {
    let folder = try temporaryFolder()
    let config = folder.appendingPathComponent("job.yaml")
    try Data(text.utf8).write(to: config)
    let run = try await workplaceReport(
        ["report", "--month", "2026-10", "--out-dir", "x", "--input", "x.json", "--config", config.path])
    #expect(run.status == 64, "\(run.stderr)")
    #expect(run.stderr.contains(mentions), "\(run.stderr)")
}

@Test(arguments: [
    ("overall", 1628002, "from_date can't be greater than to_date", 64),
    ("blocks", 1629006, "invalid page_size", 64),
    ("blocks", 1629001, "invalid time format", 64),
])
func siblingCodesBecomeOneLineAndTheirExitCode(dataset: String, code: Int, message: String, status: Int32)
    async throws
{
    var config = SimulatorConfig()
    config.scriptedFaults = [1: .platformError(status: 400, code: code, message: message)]
    let simulator = try await Simulator.start(config)
    defer { Task { await simulator.stop() } }
    let out = try temporaryFolder()
    let run = try await workplaceReport(
        [
            "fetch", "--from", "2025-03-01", "--to", "2025-03-31", "--datasets", dataset, "--concurrency", "1",
            "--base-url", simulator.baseURL, "--output", out.appendingPathComponent("s.json").path,
        ], env: credentials)
    #expect(run.status == status, "\(run.stderr)")
    let lines = run.stderr.split(separator: "\n", omittingEmptySubsequences: true)
    #expect(lines.count == 1, "\(run.stderr)")
    let line = String(lines.first ?? "")
    let path = DatasetKind(rawValue: dataset)!.searchPath
    #expect(line.hasPrefix("workplace-report: error: the API rejected the query (POST \(path)"), "\(line)")
    #expect(line.contains("code \(code)"), "\(line)")
}

@Test func aQuotaSpentByTheSiblingEndpointsStopsTheRunWith75() async throws {
    var config = SimulatorConfig()
    config.monthlyQuota = 5
    let simulator = try await Simulator.start(config)
    defer { Task { await simulator.stop() } }
    let out = try temporaryFolder()
    let run = try await workplaceReport(
        [
            "fetch", "--from", "2025-01-01", "--to", "2025-12-31", "--base-url", simulator.baseURL,
            "--output", out.appendingPathComponent("s.json").path,
        ], env: credentials)
    #expect(run.status == 75, "\(run.stderr)")
    let lines = run.stderr.split(separator: "\n", omittingEmptySubsequences: true)
    #expect(lines.count == 1, "\(run.stderr)")
    #expect(lines.first?.contains("code 99991403") == true)
    let stats = await simulator.statistics()
    #expect(stats.pagesServed == 5)
    #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).isEmpty)
}

@Test func aReportFetchesTheThreeEndpointsAndCountsTheCallsOfEach() async throws {
    let simulator = try await Simulator.start(SimulatorConfig())
    defer { Task { await simulator.stop() } }
    let out = try temporaryFolder()
    let run = try await workplaceReport(
        ["report", "--month", "2025-03", "--base-url", simulator.baseURL, "--out-dir", out.path, "--formats", "json"],
        env: credentials)
    #expect(run.status == 0, "\(run.stderr)")
    let stats = await simulator.statistics()
    let custom = stats.requestsByEndpoint[.custom] ?? 0
    let overall = stats.requestsByEndpoint[.overall] ?? 0
    let blocks = stats.requestsByEndpoint[.blocks] ?? 0
    #expect(custom > 0 && overall > 0 && blocks > 0)
    #expect(
        run.stderr.contains(
            ": \(stats.searchRequests) API calls (custom \(custom), overall \(overall), blocks \(blocks);"),
        "\(run.stderr)")
    let source = try jsonObject(out.appendingPathComponent("workplace-access-2025-03.json"))["source"]
    #expect(((source as? [String: Any])?["api_calls"] as? Int) == stats.searchRequests)
}

@Test func theSourcesFillEveryAskedDatasetAndLeaveTheOthersNil() async throws {
    var config = SimulatorConfig()
    config.blocks = 6
    let simulator = try await Simulator.start(config)
    defer { Task { await simulator.stop() } }
    var logger = Logger(label: "test")
    logger.logLevel = .critical
    let api = FeishuAPISource(
        baseURL: simulator.baseURL,
        credentials: .app(id: SimulatorConfig.demoAppID, secret: SimulatorConfig.demoAppSecret),
        pageSize: 100, concurrency: 4, rateMarginMs: 35, showsProgress: false)
    let range = DateRange(from: CalendarDate(iso: "2025-02-01")!, to: CalendarDate(iso: "2025-03-31")!)!
    let block = simulator.tenant.blocks[3].id
    let both = try await api.load(
        DataRequest(range: range, workplaceIDs: [], fetchedAt: 0, datasets: [.overall, .blocks], blockIDs: [block]),
        logger: logger)
    #expect(both.data.custom == nil)
    #expect(both.data.overall?.records.count == 59)
    #expect(both.data.overall?.coverage == range)
    let truth = simulator.tenant.blockRecords(
        from: SimulatedDay("2025-02-01")!, to: SimulatedDay("2025-03-31")!, block: block)
    #expect(both.data.blocks?.records.count == truth.count)
    #expect(both.data.blocks?.workplaces.map(\.id) == [block])
    #expect(both.apiCalls == both.apiCallsByDataset.values.reduce(0, +))
    let custom = try await api.load(
        DataRequest(range: range, workplaceIDs: [], fetchedAt: 0, datasets: [.custom]), logger: logger)
    #expect(custom.data.overall == nil && custom.data.blocks == nil && custom.data.custom != nil)
}
