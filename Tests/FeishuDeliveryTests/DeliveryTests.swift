import FeishuAPI
import FeishuSimulator
import Foundation
import Logging
import Synchronization
import Testing

@testable import FeishuDelivery

/// A clock that never waits: sleeping moves its time to the deadline, so backoffs cost nothing.
final class InstantClock: FetchClock {
    private let state = Mutex(Duration.zero)
    /// Every wait asked for, in order.
    private let waits = Mutex([Duration]())

    var now: Duration { state.withLock { $0 } }
    var slept: [Duration] { waits.withLock { $0 } }

    func sleep(until deadline: Duration) async throws {
        try Task.checkCancellation()
        state.withLock { now in
            let wait = deadline - now
            if wait > .zero { waits.withLock { $0.append(wait) } }
            now = max(now, deadline)
        }
        await Task.yield()
    }
}

/// A minimal JSON 2.0 card, as the report's card is shaped.
let sampleCard = Array(
    """
    {"schema":"2.0","config":{"summary":{"content":"Report · 2026-10"}},"header":{"title":{"tag":"plain_text","content":"Report"}},"body":{"elements":[{"tag":"markdown","content":"**PV** 12,340"}]}}
    """.utf8)

@Suite("Chat and group-bot delivery against the simulator over HTTP")
struct DeliveryTests {
    let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    func withSimulator<T>(
        _ configure: (inout SimulatorConfig) -> Void = { _ in },
        _ body: (RunningSimulator) async throws -> T
    ) async throws -> T {
        var config = SimulatorConfig()
        configure(&config)
        let simulator = try await Simulator.start(config)
        do {
            let value = try await body(simulator)
            await simulator.stop()
            return value
        } catch {
            await simulator.stop()
            throw error
        }
    }

    func delivery(_ simulator: RunningSimulator, clock: any FetchClock = InstantClock()) throws -> ChatDelivery {
        let origin = try FeishuBaseURL(simulator.baseURL)
        let client = try FeishuClient(
            configuration: FeishuClientConfiguration(
                baseURL: origin, credentials: .app(id: SimulatorConfig.demoAppID, secret: SimulatorConfig.demoAppSecret)
            ),
            logger: logger)
        return ChatDelivery(
            client: client, configuration: DeliveryConfiguration(baseURL: origin, clock: clock), logger: logger)
    }

    func workbook(bytes count: Int) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "wr-delivery-\(UUID().uuidString)/workplace-access-2026-10.xlsx")
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
        try Data(bytes).write(to: url)
        return url
    }

    let chat = SimulatorConfig.demoChatID

    @Test func theWorkbookGoesUpAndTheFileMessageNamesItsKey() async throws {
        try await withSimulator { simulator in
            let file = try workbook(bytes: 200_000)
            let result = try await delivery(simulator).deliver(
                card: sampleCard, workbook: file, identity: Array("report".utf8), to: [chat], logger: logger)
            let received = await simulator.deliveries()
            let upload = try #require(received.uploads.first)
            #expect(received.uploads.count == 1)
            #expect(upload.bytes == Array(try Data(contentsOf: file)))
            #expect(upload.fileType == "xls")
            #expect(upload.fileName == "workplace-access-2026-10.xlsx")
            #expect(result.fileKey == upload.fileKey)
            let posted = received.posted
            #expect(posted.map(\.msgType) == ["interactive", "file"])
            #expect(posted[0].content == String(decoding: sampleCard, as: UTF8.self))
            #expect(posted[0].receiveIDType == "chat_id")
            #expect(posted[1].content == "{\"file_key\":\"\(upload.fileKey!)\"}")
            #expect(result.messages.map(\.messageID) == posted.map(\.messageID!))
            #expect(result.fileNotSent == nil)
        }
    }

    @Test func aRerunOfTheSameReportHasTheSameUUIDsAndPostsNothingNew() async throws {
        try await withSimulator { simulator in
            let file = try workbook(bytes: 1_000)
            let first = try await delivery(simulator).deliver(
                card: sampleCard, workbook: file, identity: Array("report".utf8), to: [chat], logger: logger)
            let second = try await delivery(simulator).deliver(
                card: sampleCard, workbook: file, identity: Array("report".utf8), to: [chat], logger: logger)
            #expect(first.messages.map(\.uuid) == second.messages.map(\.uuid))
            #expect(first.messages.map(\.messageID) == second.messages.map(\.messageID))
            let received = await simulator.deliveries()
            #expect(received.posted.count == 2)
            #expect(received.messages.filter(\.duplicate).count == 2)
            // Another report (or another chat) gets other uuids.
            let other = ChatDelivery.uuid(identity: Array("other".utf8), chat: chat, kind: "interactive")
            #expect(other != first.messages[0].uuid)
            #expect(
                ChatDelivery.uuid(identity: Array("report".utf8), chat: "oc_b", kind: "interactive")
                    != first.messages[0].uuid)
            #expect(first.messages.allSatisfy { $0.uuid.count <= 50 })
        }
    }

    @Test func aChatTheBotIsNotInIsAPermissionErrorNamingIt() async throws {
        try await withSimulator { simulator in
            let error = await #expect(throws: DeliveryError.self) {
                _ = try await delivery(simulator).deliver(
                    card: sampleCard, workbook: nil, identity: [1], to: ["oc_elsewhere"], logger: logger)
            }
            #expect(error?.category == .permission)
            #expect(error?.description.contains("not a member of chat oc_elsewhere") == true)
            #expect(error?.description.contains("code 230002") == true)
        }
    }

    @Test func frequencyLimitsBackOffAndRetry() async throws {
        try await withSimulator { config in
            config.scriptedMessageFaults = [
                1: .platformError(status: 400, code: 230020, message: "request trigger frequency limit"),
                2: .rateLimited(resetSeconds: 2, retryAfter: nil),
            ]
        } _: { simulator in
            let clock = InstantClock()
            let result = try await delivery(simulator, clock: clock).deliver(
                card: sampleCard, workbook: nil, identity: [1], to: [chat], logger: logger)
            #expect(result.messages.count == 1)
            let received = await simulator.deliveries()
            #expect(received.messages.map(\.code) == [230020, 99991400, 0])
            // The 429 asked for 2 s (x-ogw-ratelimit-reset), and the client waited that long.
            #expect(clock.slept.contains(.seconds(2)))
        }
    }

    @Test func aSpentQuotaStopsAtOnce() async throws {
        try await withSimulator { config in
            config.scriptedMessageFaults = [
                1: .platformError(status: 429, code: 99991403, message: "This month's API call quota has been exceeded")
            ]
        } _: { simulator in
            let error = await #expect(throws: DeliveryError.self) {
                _ = try await delivery(simulator).deliver(
                    card: sampleCard, workbook: nil, identity: [1], to: [chat, "oc_second"], logger: logger)
            }
            #expect(error?.category == .quotaExhausted)
            #expect(await simulator.deliveries().messages.count == 1)
        }
    }

    @Test func aWorkbookTooLargeForFeishuStillLetsTheCardGo() async throws {
        try await withSimulator { config in
            config.maximumUploadBytes = 1_000
        } _: { simulator in
            let result = try await delivery(simulator).deliver(
                card: sampleCard, workbook: try workbook(bytes: 5_000), identity: [1], to: [chat], logger: logger)
            #expect(result.fileKey == nil)
            #expect(result.messages.map(\.msgType) == ["interactive"])
            let problem = try #require(result.fileNotSent)
            #expect(problem.category == .fileNotSent)
            #expect(problem.description.contains("code 234006"))
            #expect(problem.description.contains("the card was sent"))
            #expect(await simulator.deliveries().posted.map(\.msgType) == ["interactive"])
        }
    }

    @Test func aWorkbookAbove30MBIsNotUploadedAtAll() async throws {
        try await withSimulator { simulator in
            let file = try workbook(bytes: 10)
            let handle = try FileHandle(forWritingTo: file)
            try handle.truncate(atOffset: UInt64(ChatDelivery.maximumFileBytes + 1))
            try handle.close()
            let result = try await delivery(simulator).deliver(
                card: sampleCard, workbook: file, identity: [1], to: [chat], logger: logger)
            #expect(await simulator.deliveries().uploads.isEmpty)
            #expect(result.fileNotSent?.description.contains("(30.0 MB) was not sent") == true)
            #expect(result.messages.map(\.msgType) == ["interactive"])
        }
    }

    @Test func missingScopesAndBotCapabilitySayWhatTheAdminMustAdd() async throws {
        let cases: [(upload: SimulatedFault?, message: SimulatedFault?, expected: String)] = [
            (
                .platformError(
                    status: 400, code: 99991672,
                    message: "Access denied. One of the following scopes is required: [im:resource:upload, im:resource]"
                ),
                nil, "add the scope im:resource or im:resource:upload"
            ),
            (
                nil, .platformError(status: 400, code: 99991672, message: "Access denied."),
                "add the scope im:message:send_as_bot or im:message"
            ),
            (
                nil, .platformError(status: 400, code: 230006, message: "Bot ability is not activated."),
                "no bot capability"
            ),
            (
                .platformError(status: 400, code: 234007, message: "App does not enable bot feature."), nil,
                "no bot capability"
            ),
        ]
        for item in cases {
            try await withSimulator { config in
                if let upload = item.upload { config.scriptedUploadFaults = [1: upload] }
                if let message = item.message { config.scriptedMessageFaults = [1: message] }
            } _: { simulator in
                let error = await #expect(throws: DeliveryError.self) {
                    _ = try await delivery(simulator).deliver(
                        card: sampleCard, workbook: try workbook(bytes: 100), identity: [1], to: [chat], logger: logger)
                }
                #expect(error?.category == .permission)
                #expect(error?.description.contains(item.expected) == true, "\(error?.description ?? "")")
            }
        }
    }

    @Test func fiveMessagesASecondToOneChatAreNeverExceeded() async throws {
        try await withSimulator { simulator in
            // 6 messages to one chat on the real clock: the simulator refuses a sixth in any second.
            let sender = try delivery(simulator, clock: SystemFetchClock())
            for n in 0..<6 {
                _ = try await sender.deliver(
                    card: sampleCard, workbook: nil, identity: [UInt8(n)], to: [chat], logger: logger)
            }
            let received = await simulator.deliveries()
            #expect(received.messages.allSatisfy { $0.code == 0 })
            #expect(received.posted.count == 6)
        }
    }
}

@Suite("Group custom bot (webhook)")
struct WebhookTests {
    let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    @Test func theSignatureIsTheDocumentedHMAC() {
        // Python: base64(hmac.new(b"1599360473\ndemo", b"", sha256).digest())
        #expect(
            WebhookDelivery.signature(timestamp: 1_599_360_473, secret: "demo")
                == "l1N0gAcBjdwBvGm1xMjOF0XSyaLRpR7tuO5dHfhAYc8=")
    }

    @Test func theHookTokenIsNeverShown() throws {
        let url = try WebhookURL("https://open.feishu.cn/open-apis/bot/v2/hook/abcdef-secret-token")
        #expect(url.redacted == "https://open.feishu.cn/open-apis/bot/v2/hook/<redacted>")
        #expect(!"\(url)".contains("secret-token"))
        for bad in [
            "http://example.com/open-apis/bot/v2/hook/tok-secret", "https://open.feishu.cn/tok-secret", "tok-secret",
        ] {
            let error = #expect(throws: DeliveryError.self) { _ = try WebhookURL(bad) }
            #expect(error?.category == .usage)
            #expect(error?.description.contains("tok-secret") == false)
        }
    }

    func post(
        secret: String?, clientSecret: String?, configure: (inout SimulatorConfig) -> Void = { _ in },
        token: String? = nil
    ) async throws -> (Result<Void, DeliveryError>, SimulatorDeliveries) {
        var config = SimulatorConfig()
        config.webhookSecret = secret
        config.wallClock = { 1_793_520_000 }
        configure(&config)
        let simulator = try await Simulator.start(config)
        let url = try WebhookURL(
            simulator.baseURL + "/open-apis/bot/v2/hook/" + (token ?? SimulatorConfig.demoWebhookToken))
        let delivery = WebhookDelivery(
            url: url, secret: clientSecret, configuration: DeliveryConfiguration(clock: InstantClock()), logger: logger,
            now: { 1_793_520_100 })
        let result: Result<Void, DeliveryError>
        do {
            try await delivery.post(card: sampleCard)
            result = .success(())
        } catch let error as DeliveryError {
            result = .failure(error)
        }
        let received = await simulator.deliveries()
        await simulator.stop()
        return (result, received)
    }

    @Test func aSignedCardIsAccepted() async throws {
        let (result, received) = try await post(secret: "s3cret", clientSecret: "s3cret")
        #expect((try? result.get()) != nil)
        let body = try #require(received.webhookPosts.first?.body)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
        #expect(object["msg_type"] as? String == "interactive")
        #expect(object["timestamp"] as? String == "1793520100")
        #expect(object["sign"] as? String == WebhookDelivery.signature(timestamp: 1_793_520_100, secret: "s3cret"))
        #expect((object["card"] as? [String: Any])?["schema"] as? String == "2.0")
        #expect(received.webhookPosts.first?.code == 0)
    }

    @Test func refusalsAreOneLineEachAndNeverShowTheToken() async throws {
        let cases: [(String?, String?, (inout SimulatorConfig) -> Void, String?, Int, String)] = [
            ("right", "wrong", { _ in }, nil, 19021, "FEISHU_WEBHOOK_SECRET must be the bot's signing secret"),
            ("right", nil, { _ in }, nil, 19021, "signing secret"),
            (nil, nil, { $0.webhookKeyword = "月报" }, nil, 19024, "keyword"),
            (
                nil, nil,
                { $0.scriptedWebhookFaults = [1: .platformError(status: 200, code: 19022, message: "Ip Not Allowed")] },
                nil, 19022, "IP allow-list"
            ),
            (nil, nil, { _ in }, "not-the-token-zzz", 19001, "FEISHU_WEBHOOK_URL"),
        ]
        for (secret, clientSecret, configure, token, code, expected) in cases {
            let (result, _) = try await post(
                secret: secret, clientSecret: clientSecret, configure: configure, token: token)
            guard case .failure(let error) = result else {
                Issue.record("code \(code) was accepted")
                continue
            }
            #expect(error.category == .permission)
            #expect(error.description.contains("code \(code)"))
            #expect(error.description.contains(expected), "\(error.description)")
            #expect(!error.description.contains(SimulatorConfig.demoWebhookToken))
            #expect(!error.description.contains("not-the-token-zzz"))
            #expect(!error.description.contains("\n"))
        }
    }
}
