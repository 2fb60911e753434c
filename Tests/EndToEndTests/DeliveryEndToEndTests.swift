import FeishuSimulator
import Foundation
import Testing

// Delivery (--feishu-chat, --feishu-webhook) through the built binary against the simulator over HTTP:
// what arrives, the rerun's uuids, every error path's exit code and line, and no secret in the logs.

private let credentials = [
    "FEISHU_APP_ID": SimulatorConfig.demoAppID, "FEISHU_APP_SECRET": SimulatorConfig.demoAppSecret,
]
private let chat = SimulatorConfig.demoChatID

/// Runs `report --month 2026-10` against a simulator made by `configure`, with `arguments` added.
private func deliver(
    _ arguments: [String], env: [String: String] = [:], configure: (inout SimulatorConfig) -> Void = { _ in },
    formats: String = "xlsx,json,card"
) async throws -> (run: Run, out: URL, received: SimulatorDeliveries, simulator: String) {
    var config = SimulatorConfig()
    configure(&config)
    let simulator = try await Simulator.start(config)
    let out = try temporaryFolder()
    var environment = credentials
    environment.merge(env) { $1 }
    for (key, value) in environment {
        environment[key] = value.replacingOccurrences(of: "SIMULATOR", with: simulator.baseURL)
    }
    let run = try await workplaceReport(
        ["report", "--month", "2026-10", "--base-url", simulator.baseURL, "--out-dir", out.path, "--formats", formats]
            + arguments, env: environment)
    let received = await simulator.deliveries()
    let base = simulator.baseURL
    await simulator.stop()
    return (run, out, received, base)
}

/// The last line of stderr: the error line.
private func errorLine(_ run: Run) -> String {
    String(run.stderr.split(separator: "\n").last ?? "")
}

private func file(_ out: URL, _ ext: String) -> URL {
    out.appendingPathComponent("workplace-access-2026-10.\(ext)")
}

@Test func theCardAndTheWorkbookArriveInTheChat() async throws {
    let (run, out, received, _) = try await deliver(["--feishu-chat", chat])
    #expect(run.status == 0, "\(run.stderr)")
    let upload = try #require(received.uploads.first)
    #expect(received.uploads.count == 1)
    #expect(upload.bytes == Array(try Data(contentsOf: file(out, "xlsx"))), "the upload is the workbook written")
    #expect(upload.fileType == "xls" && upload.fileName == "workplace-access-2026-10.xlsx")
    let posted = received.posted
    #expect(posted.map(\.msgType) == ["interactive", "file"])
    #expect(posted.allSatisfy { $0.receiveID == chat && $0.receiveIDType == "chat_id" })
    let card = String(decoding: try Data(contentsOf: file(out, "card.json")), as: UTF8.self)
    #expect(posted[0].content + "\n" == card, "the card posted is the card file")
    #expect(posted[1].content == "{\"file_key\":\"\(upload.fileKey!)\"}", "the file message names the uploaded key")
    #expect(run.stderr.contains("posted the card to 1 chat with the workbook"))
}

@Test func aRerunOfTheSameReportPostsNothingNew() async throws {
    var config = SimulatorConfig()
    config.seed = 1
    let simulator = try await Simulator.start(config)
    defer { Task { await simulator.stop() } }
    var uuids: [[String]] = []
    for epoch in ["1793520000", "1793523000"] {
        let out = try temporaryFolder()
        var env = credentials
        env["SOURCE_DATE_EPOCH"] = epoch
        let run = try await workplaceReport(
            [
                "report", "--month", "2026-10", "--base-url", simulator.baseURL, "--out-dir", out.path, "--formats",
                "xlsx", "--feishu-chat", chat,
            ], env: env)
        #expect(run.status == 0, "\(run.stderr)")
        let messages = await simulator.deliveries().messages
        uuids.append(messages.suffix(2).compactMap(\.uuid))
    }
    #expect(uuids[0].count == 2)
    #expect(uuids[0] == uuids[1], "the same report (made 50 minutes later) sends the same uuids")
    let received = await simulator.deliveries()
    #expect(received.posted.count == 2, "the rerun posted nothing new")
    #expect(received.messages.filter(\.duplicate).count == 2)
}

@Test func theConfigFileNamesTheChats() async throws {
    let folder = try temporaryFolder()
    let config = folder.appendingPathComponent("job.yaml")
    try Data("feishu:\n  chats: [\(chat)]\n".utf8).write(to: config)
    let (run, _, received, _) = try await deliver(["--config", config.path])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(received.posted.map(\.msgType) == ["interactive", "file"])
}

@Test func aGroupBotGetsTheSignedCard() async throws {
    let (run, out, received, _) = try await deliver(
        ["--feishu-webhook"],
        env: [
            "FEISHU_WEBHOOK_URL": "SIMULATOR/open-apis/bot/v2/hook/\(SimulatorConfig.demoWebhookToken)",
            "FEISHU_WEBHOOK_SECRET": "bot-secret-123",
        ],
        configure: { $0.webhookSecret = "bot-secret-123" })
    #expect(run.status == 0, "\(run.stderr)")
    let post = try #require(received.webhookPosts.first)
    #expect(post.code == 0)
    let body = try #require(try JSONSerialization.jsonObject(with: Data(post.body.utf8)) as? [String: Any])
    #expect(body["msg_type"] as? String == "interactive")
    #expect(body["sign"] is String && body["timestamp"] is String)
    let card = try #require(
        try JSONSerialization.jsonObject(with: Data(contentsOf: file(out, "card.json"))) as? NSDictionary)
    #expect((body["card"] as? NSDictionary) == card)
    #expect(received.uploads.isEmpty, "a custom bot sends no file")
    #expect(run.stderr.contains("/open-apis/bot/v2/hook/<redacted>"))
}

struct DeliveryErrorCase: Sendable, CustomStringConvertible {
    var name: String
    var arguments: [String]
    var env: [String: String] = [:]
    var configure: @Sendable (inout SimulatorConfig) -> Void = { _ in }
    var status: Int32
    var line: String
    var description: String { name }
}

private let hook = ["FEISHU_WEBHOOK_URL": "SIMULATOR/open-apis/bot/v2/hook/\(SimulatorConfig.demoWebhookToken)"]

private let errorCases: [DeliveryErrorCase] = [
    DeliveryErrorCase(
        name: "bot not in the chat", arguments: ["--feishu-chat", "oc_nobody"], status: 77,
        line: "the app's bot is not a member of chat oc_nobody"),
    DeliveryErrorCase(
        name: "no upload scope", arguments: ["--feishu-chat", chat],
        configure: {
            $0.scriptedUploadFaults = [
                1: .platformError(
                    status: 400, code: 99991672,
                    message: "Access denied. One of the following scopes is required: [im:resource:upload, im:resource]"
                )
            ]
        }, status: 77, line: "add the scope im:resource or im:resource:upload"),
    DeliveryErrorCase(
        name: "no message scope", arguments: ["--feishu-chat", chat],
        configure: {
            $0.scriptedMessageFaults = [1: .platformError(status: 400, code: 99991672, message: "Access denied.")]
        },
        status: 77, line: "add the scope im:message:send_as_bot or im:message"),
    DeliveryErrorCase(
        name: "no bot capability", arguments: ["--feishu-chat", chat],
        configure: {
            $0.scriptedMessageFaults = [
                1: .platformError(status: 400, code: 230006, message: "Bot ability is not activated.")
            ]
        },
        status: 77, line: "the app has no bot capability"),
    DeliveryErrorCase(
        name: "no bot capability on upload", arguments: ["--feishu-chat", chat],
        configure: {
            $0.scriptedUploadFaults = [
                1: .platformError(status: 400, code: 234007, message: "App does not enable bot feature.")
            ]
        },
        status: 77, line: "the app has no bot capability"),
    DeliveryErrorCase(
        name: "workbook too large", arguments: ["--feishu-chat", chat], configure: { $0.maximumUploadBytes = 100 },
        status: 73, line: "was not sent"),
    DeliveryErrorCase(
        name: "quota spent", arguments: ["--feishu-chat", chat],
        configure: {
            $0.scriptedMessageFaults = [
                1: .platformError(status: 429, code: 99991403, message: "This month's API call quota has been exceeded")
            ]
        }, status: 75, line: "monthly API call quota is spent"),
    DeliveryErrorCase(
        name: "card refused", arguments: ["--feishu-chat", chat],
        configure: {
            $0.scriptedMessageFaults = [
                1: .platformError(status: 400, code: 230099, message: "Failed to create card content")
            ]
        },
        status: 70, line: "this is a bug in workplace-report"),
    DeliveryErrorCase(
        name: "sensitive content", arguments: ["--feishu-chat", chat],
        configure: { $0.scriptedMessageFaults = [1: .platformError(status: 400, code: 230028, message: "DLP")] },
        status: 65, line: "Feishu refused the report's content"),
    DeliveryErrorCase(
        name: "chat dissolved", arguments: ["--feishu-chat", chat],
        configure: {
            $0.scriptedMessageFaults = [1: .platformError(status: 400, code: 232009, message: "chat is dissolved")]
        },
        status: 64, line: "check the chat id given to --feishu-chat"),
    DeliveryErrorCase(
        name: "gateway down", arguments: ["--feishu-chat", chat],
        configure: { c in for n in 1...5 { c.scriptedMessageFaults[n] = .serverError(status: 502) } },
        status: 69, line: "Feishu stayed unavailable after 5 attempts"),
    DeliveryErrorCase(
        name: "webhook signature", arguments: ["--feishu-webhook"],
        env: hook.merging(["FEISHU_WEBHOOK_SECRET": "wrong"]) { $1 }, configure: { $0.webhookSecret = "right" },
        status: 77, line: "code 19021"),
    DeliveryErrorCase(
        name: "webhook IP", arguments: ["--feishu-webhook"], env: hook,
        configure: {
            $0.scriptedWebhookFaults = [1: .platformError(status: 200, code: 19022, message: "Ip Not Allowed")]
        },
        status: 77, line: "IP allow-list"),
    DeliveryErrorCase(
        name: "webhook keyword", arguments: ["--feishu-webhook"], env: hook, configure: { $0.webhookKeyword = "月报" },
        status: 77, line: "code 19024"),
    DeliveryErrorCase(
        name: "webhook without its URL", arguments: ["--feishu-webhook"], status: 64,
        line: "--feishu-webhook needs FEISHU_WEBHOOK_URL"),
    DeliveryErrorCase(
        name: "webhook URL not a hook", arguments: ["--feishu-webhook"],
        env: ["FEISHU_WEBHOOK_URL": "https://example.com/hook/zz-token-zz"], status: 64,
        line: "FEISHU_WEBHOOK_URL must look like"),
    DeliveryErrorCase(
        name: "empty chat id", arguments: ["--feishu-chat", ""], status: 64, line: "--feishu-chat: a chat id is empty"),
]

@Test(arguments: errorCases)
func everyDeliveryErrorIsOneLineAndItsExitCode(_ item: DeliveryErrorCase) async throws {
    let (run, out, _, _) = try await deliver(item.arguments, env: item.env, configure: item.configure)
    #expect(run.status == item.status, "\(item.name): \(run.stderr)")
    let line = errorLine(run)
    #expect(line.hasPrefix("workplace-report: error: "), "\(item.name): \(run.stderr)")
    #expect(line.contains(item.line), "\(item.name): \(line)")
    #expect(!run.stderr.contains(SimulatorConfig.demoWebhookToken) && !run.stderr.contains("zz-token-zz"))
    if item.status != 64 {
        // Delivery starts once the files are written, and they stay written whatever it does.
        for ext in ["xlsx", "json", "card.json"] {
            #expect(FileManager.default.fileExists(atPath: file(out, ext).path), "\(item.name): \(ext)")
        }
    }
}

@Test func aWorkbookTooLargeStillSendsTheCard() async throws {
    let (run, _, received, _) = try await deliver(["--feishu-chat", chat], configure: { $0.maximumUploadBytes = 100 })
    #expect(run.status == 73, "\(run.stderr)")
    #expect(received.posted.map(\.msgType) == ["interactive"])
    #expect(errorLine(run).contains("takes files up to 30 MB; the card was sent"))
}

@Test func verboseDeliveryLogsShowNoSecretNoTokenNoHook() async throws {
    let (run, _, received, _) = try await deliver(
        ["--feishu-chat", chat, "--feishu-webhook", "--verbose"],
        env: hook.merging(["FEISHU_WEBHOOK_SECRET": "hook-secret-456"]) { $1 },
        configure: { $0.webhookSecret = "hook-secret-456" })
    #expect(run.status == 0, "\(run.stderr)")
    #expect(received.posted.count == 2 && received.webhookPosts.count == 1)
    let logs = run.stderr + run.stdout
    #expect(logs.contains("/open-apis/im/v1/messages"), "the requests are logged")
    #expect(!logs.contains(SimulatorConfig.demoAppSecret))
    #expect(!logs.contains(SimulatorConfig.demoWebhookToken))
    #expect(!logs.contains("hook-secret-456"))
    #expect(logs.range(of: "t-[0-9a-f]{16,}", options: .regularExpression) == nil, "a tenant token reached the log")
}
