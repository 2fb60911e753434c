import ArgumentParser
import Foundation
import Testing
import WorkplaceAnalytics
import WorkplaceModel
import WorkplaceRendering

@testable import workplace_report

// Flags, the config file, the environment and the defaults merge once, into one job.

@Test func flagsWinOverTheConfigWhichWinsOverTheEnvironmentAndTheDefaults() throws {
    let folder = try temporaryFolder()
    let config = folder.appendingPathComponent("job.yaml")
    try Data("top: 3\nlanguage: en\nbase_url: http://127.0.0.1:9\nformats: [json]\nout_dir: /tmp/x\n".utf8)
        .write(to: config)
    let command = try ReportCommand.parse(["--config", config.path, "--month", "2026-10", "--top", "2"])
    let env = [
        "FEISHU_BASE_URL": "http://127.0.0.1:8", "FEISHU_TENANT_ACCESS_TOKEN": "t-abc",
        "SOURCE_DATE_EPOCH": "1793520000",
    ]
    let job = try command.job(env: env, now: Date(timeIntervalSince1970: 0))
    #expect(job.options.top == 2, "the flag wins")
    #expect(job.options.language == "en", "the file, where no flag is given")
    #expect(job.options.generatedAt == 1_793_520_000, "SOURCE_DATE_EPOCH")
    #expect(job.formats == [.json])
    #expect(job.outDir.path == "/tmp/x")
    #expect(job.period.label == "2026-10")
    #expect(job.request.range.description == "2026-09-01_2026-10-31", "the month and the one before")
    let api = try #require(job.source as? FeishuAPISource)
    #expect(api.baseURL == "http://127.0.0.1:9", "the file wins over FEISHU_BASE_URL")
    #expect(api.pageSize == 100 && api.concurrency == 4, "the defaults")
}

@Test func withNothingGivenTheDefaultsApply() throws {
    let command = try ReportCommand.parse(["--month", "2026-10", "--out-dir", "out", "--input", "in.json"])
    let job = try command.job(env: ["SOURCE_DATE_EPOCH": "0"], now: Date(timeIntervalSince1970: 0))
    #expect(job.options.top == 10)
    #expect(job.options.language == "zh")
    #expect(job.formats == [.xlsx, .html, .md, .json])
    #expect((job.source as? InputFileSource)?.path == "in.json")
    #expect(job.mail == nil && job.stepSummary == nil && !job.savesSnapshot)
}

@Test func demoAndReportResolveToTheSameKindOfJob() throws {
    let demo = try DemoCommand.parse(["--out-dir", "d", "--top", "5"])
    let job = try demo.job(env: [:], now: Date(timeIntervalSince1970: 1_793_520_000))
    #expect(job.options.top == 5)
    #expect(job.period.label == "2026-10")
    #expect(job.savesSnapshot)
    #expect((job.source as? SimulatorSource)?.seed == 1)
}
