import ArgumentParser
import FeishuAPI
import FeishuDelivery
import FeishuSimulator
import Foundation
import Logging
import WorkplaceAnalytics
import WorkplaceRendering

/// Where the report goes after its files are written: Feishu chats (the app's bot) and a group's custom bot.
struct DeliveryOptions: ParsableArguments {
    @Option(
        name: .customLong("feishu-chat"),
        help: """
            After the files are written, post the card and the workbook to this Feishu chat (oc_…) as the app's \
            bot; repeat for several. Needs the bot in the chat and the scopes im:message:send_as_bot (or \
            im:message) and im:resource (or im:resource:upload).
            """)
    var feishuChats: [String] = []

    @Flag(
        name: .customLong("feishu-webhook"),
        help: """
            After the files are written, post the card to the group's custom bot whose address is in \
            FEISHU_WEBHOOK_URL (signed when FEISHU_WEBHOOK_SECRET is set). A custom bot cannot send files: \
            only the card goes; use --feishu-chat for the workbook.
            """)
    var feishuWebhook = false

    func validate() throws {
        for chat in feishuChats {
            if let problem = DeliveryPlan.problem(chat: chat) { throw ValidationError("--feishu-chat: \(problem)") }
        }
    }

    /// The delivery settings the flags give.
    var settings: JobSettings {
        var s = JobSettings()
        s.feishuChats = feishuChats.isEmpty ? nil : feishuChats
        s.feishuWebhook = feishuWebhook ? true : nil
        return s
    }
}

/// The delivery a run makes once its files are written: to chats, to a group bot, or both.
struct DeliveryPlan: Sendable {
    /// Whose API the chats are reached through.
    enum Target: Sendable {
        /// The Feishu Open API at `baseURL` with the run's credentials.
        case api(baseURL: String, credentials: Credentials)
        /// The built-in simulator (`demo`): started for the delivery, and what it received is printed.
        case simulator(seed: UInt64)
    }

    /// The chats (`oc_…`), in order.
    var chats: [String]
    /// The group bot's hook and signing secret, for `--feishu-webhook`.
    var webhook: (url: WebhookURL, secret: String?)?
    /// Whose API the chats are reached through.
    var target: Target?

    /// Nil when `chat` can be a chat id, else why not.
    static func problem(chat: String) -> String? {
        if chat.isEmpty { return "a chat id is empty; give the group's chat id (oc_…)" }
        if chat.count > 128 || chat.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value >= 0x7F }) {
            return "'\(chat.prefix(40))' is not a chat id (oc_…: letters, digits and _ only)"
        }
        return nil
    }

    /// The delivery the merged settings ask for, or nil for none.
    /// - Throws: ``UsageError`` or `DeliveryError` (usage) when credentials or the hook URL are missing or wrong.
    static func resolve(_ settings: JobSettings, env: [String: String]) throws -> DeliveryPlan? {
        let s = settings.over(.defaults)
        let chats = s.feishuChats ?? []
        let wantsWebhook = s.feishuWebhook ?? false
        guard !chats.isEmpty || wantsWebhook else { return nil }
        for chat in chats {
            if let problem = problem(chat: chat) { throw UsageError("feishu.chats: \(problem)") }
        }
        var plan = DeliveryPlan(chats: chats, webhook: nil, target: nil)
        if !chats.isEmpty {
            plan.target = .api(baseURL: s.baseURL!, credentials: try Environment.credentials(env))
        }
        if wantsWebhook {
            guard let text = env["FEISHU_WEBHOOK_URL"], !text.isEmpty else {
                throw UsageError(
                    "--feishu-webhook needs FEISHU_WEBHOOK_URL: export the group bot's webhook address (and"
                        + " FEISHU_WEBHOOK_SECRET when the bot signs)")
            }
            plan.webhook = (try WebhookURL(text), env["FEISHU_WEBHOOK_SECRET"].flatMap { $0.isEmpty ? nil : $0 })
        }
        return plan
    }

    /// Posts the card (and the workbook, to chats) of `report`; `files` are the files just written.
    ///
    /// The files stay whatever happens here. A workbook too large for Feishu does not stop the cards:
    /// they are all posted first, then ``DeliveryError`` (fileNotSent) is thrown.
    func run(report: Report, files: [WrittenFile], logger: Logger) async throws {
        let card = ReportCard.render(report)
        // The uuids stand for the report, not for when it was made: a rerun of the same report posts nothing new.
        var stable = report
        stable.generatedAt = 0
        stable.source = ReportSource()
        let identity = ReportCard.render(stable) + Array(report.period.label.utf8)
        let workbook = files.first { $0.format == .xlsx }?.url
        var fileNotSent: DeliveryError?
        if !chats.isEmpty, let target {
            if workbook == nil {
                logger.notice("the formats do not include xlsx: the chats get the card without the workbook")
            }
            switch target {
            case .api(let baseURL, let credentials):
                fileNotSent = try await deliverToChats(
                    baseURL: baseURL, credentials: credentials, card: card, workbook: workbook, identity: identity,
                    logger: logger)
            case .simulator(let seed):
                var config = SimulatorConfig()
                config.seed = seed
                let simulator = try await Simulator.start(config)
                do {
                    fileNotSent = try await deliverToChats(
                        baseURL: simulator.baseURL,
                        credentials: .app(id: SimulatorConfig.demoAppID, secret: SimulatorConfig.demoAppSecret),
                        card: card, workbook: workbook, identity: identity, logger: logger)
                    for line in Self.describe(await simulator.deliveries()) { print(line) }
                    await simulator.stop()
                } catch {
                    await simulator.stop()
                    throw error
                }
            }
        }
        if let webhook {
            let delivery = WebhookDelivery(
                url: webhook.url, secret: webhook.secret, configuration: DeliveryConfiguration(), logger: logger)
            try await delivery.post(card: card)
            logger.notice("posted the card to the group bot \(webhook.url.redacted)")
        }
        if let fileNotSent { throw fileNotSent }
    }

    private func deliverToChats(
        baseURL: String, credentials: Credentials, card: [UInt8], workbook: URL?, identity: [UInt8], logger: Logger
    ) async throws -> DeliveryError? {
        let origin = try FeishuBaseURL(baseURL)
        let client = try FeishuClient(
            configuration: FeishuClientConfiguration(baseURL: origin, credentials: credentials), logger: logger)
        let delivery = ChatDelivery(
            client: client, configuration: DeliveryConfiguration(baseURL: origin), logger: logger)
        let result = try await delivery.deliver(
            card: card, workbook: workbook, identity: identity, to: chats, logger: logger)
        let files = result.messages.filter { $0.msgType == "file" }.count
        let line =
            "posted the card to \(chats.count) chat\(chats.count == 1 ? "" : "s")"
            + (files > 0 ? " with the workbook" : "")
        logger.notice("\(line)")
        return result.fileNotSent
    }

    /// What the simulator received, one line a posted message (the demo prints them).
    static func describe(_ deliveries: SimulatorDeliveries) -> [String] {
        deliveries.posted.map { message in
            if message.msgType == "file" {
                let upload = deliveries.uploads.first { message.content.contains($0.fileKey ?? "\u{0}") }
                let size =
                    upload.map { " (\($0.fileName), \($0.bytes.count) bytes uploaded as file_type \($0.fileType))" }
                    ?? ""
                return "posted to \(message.receiveID): \(message.content)\(size) as \(message.messageID ?? "-")"
            }
            return "posted to \(message.receiveID): the card (\(message.msgType), \(message.content.utf8.count) bytes,"
                + " uuid \(message.uuid ?? "-")) as \(message.messageID ?? "-")"
        }
    }
}
