import Foundation
import Testing

// --config (what a cron job repeats), flags over the file, and the CI job summary.

private func itemsFile(in folder: URL) throws -> URL {
    let file = folder.appendingPathComponent("items.json")
    let items = """
        [{"custom_workplace_id":"tpl_a","date":"2026-10-01","access_data":{"pv":30,"uv":3},
          "custom_workplace_name":[{"language":"zh","name":"甲"},{"language":"en","name":"Alpha"}]},
         {"custom_workplace_id":"tpl_b","date":"2026-10-02","access_data":{"pv":20,"uv":2},
          "custom_workplace_name":[{"language":"en","name":"Beta | pipe"}]}]
        """
    try Data(items.utf8).write(to: file)
    return file
}

@Test func configFileSetsWhatFlagsDoNotOverride() async throws {
    let folder = try temporaryFolder()
    let items = try itemsFile(in: folder)
    let config = folder.appendingPathComponent("job.yaml")
    try Data(
        """
        # the monthly job
        period: 2026-10
        language: en
        top: 1
        formats: [json, md]
        out_dir: \(folder.appendingPathComponent("from-config").path)
        title: Monthly workplace report
        """.utf8
    ).write(to: config)
    let run = try await workplaceReport(["report", "--config", config.path, "--input", items.path, "--top", "2"])
    #expect(run.status == 0, "\(run.stderr)")
    let out = folder.appendingPathComponent("from-config")
    #expect(
        try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
            == ["workplace-access-2026-10.json", "workplace-access-2026-10.md"])
    let model = try jsonObject(out.appendingPathComponent("workplace-access-2026-10.json"))
    #expect(model["language"] as? String == "en")
    #expect(model["title"] as? String == "Monthly workplace report")
    #expect((model["top"] as? [String]) == ["tpl_a", "tpl_b"], "--top on the command line wins over the file")
    #expect(((model["workplaces"] as? [[String: Any]])?.first?["name"] as? String) == "Alpha")
}

@Test(arguments: [
    ("colour: blue\n", "'colour' is not a known key"),
    ("app_secret: hunter2\n", "secrets stay in the environment"),
    ("top: ten\n", "'top' must be a whole number"),
    ("language: fr\n", "'language' must be zh, en or ja"),
    ("period: 2026-13\n", "'period'"),
    ("mail:\n  cc: x@example.com\n", "'mail.cc' is not a known key"),
    ("top: [1\n", "not valid YAML"),
    ("formats: [xlsx, pdf]\n", "'formats' is wrong: 'pdf' is not a format"),
    ("top: 0\n", "'top' must be a whole number from 1 to 1000"),
    ("concurrency: 33\n", "'concurrency' must be a whole number from 1 to 32"),
    ("page_size: 101\n", "'page_size' must be a whole number from 1 to 100"),
    ("rate_margin_ms: 1001\n", "'rate_margin_ms' must be a whole number from 0 to 1000"),
    ("timezone: Mars/Olympus\n", "'timezone' is not a known time zone"),
    ("base_url: ftp://example.com\n", "'base_url' is not an API origin"),
    ("- top\n", "expected keys such as 'top: 10'"),
    ("feishu:\n  webhook_url: https://x\n", "'feishu.webhook_url' is not allowed: the hook URL and its secret stay"),
    ("feishu:\n  chat: oc_a\n", "'feishu.chat' is not a known key"),
    ("feishu:\n  webhook: yes please\n", "'feishu.webhook' must be true or false"),
])
func badConfigExits64NamingTheKey(yaml: String, mentions: String) async throws {
    let folder = try temporaryFolder()
    let config = folder.appendingPathComponent("bad.yaml")
    try Data(yaml.utf8).write(to: config)
    let run = try await workplaceReport([
        "report", "--config", config.path, "--month", "2026-10", "--input", "x.json", "--out-dir", folder.path,
    ])
    #expect(run.status == 64, "\(run.stderr)")
    #expect(run.stderr.hasPrefix("workplace-report: error: --config \(config.path): "), "\(run.stderr)")
    #expect(run.stderr.contains(mentions), "\(run.stderr)")
    #expect(run.stderr.split(separator: "\n").count == 1, "one line: \(run.stderr)")
    #expect(!run.stderr.contains("hunter2"))
}

@Test func stepSummaryAppendsTheMarkdown() async throws {
    let folder = try temporaryFolder()
    let items = try itemsFile(in: folder)
    let summary = folder.appendingPathComponent("summary.md")
    try Data("## Earlier step\n".utf8).write(to: summary)
    let run = try await workplaceReport(
        [
            "report", "--month", "2026-10", "--input", items.path, "--out-dir", folder.path, "--formats", "json",
            "--language", "en", "--step-summary",
        ],
        env: ["GITHUB_STEP_SUMMARY": summary.path])
    #expect(run.status == 0, "\(run.stderr)")
    let text = try String(contentsOf: summary, encoding: .utf8)
    #expect(text.hasPrefix("## Earlier step\n"), "the summary is appended, not replaced")
    #expect(text.contains("Alpha") && text.contains("Beta \\| pipe"))

    let missing = try await workplaceReport(
        ["report", "--month", "2026-10", "--input", items.path, "--out-dir", folder.path, "--step-summary"])
    #expect(missing.status == 64 && missing.stderr.contains("GITHUB_STEP_SUMMARY"))
}
