import FeishuAPI
import Foundation
import Logging
import Synchronization
import Testing
import WorkplaceModel

/// A transport that answers from a script and records what it was sent.
final class ScriptedTransport: FeishuTransport {
    private let state: Mutex<(answers: [TransportResponse], sent: [TransportRequest])>

    init(_ answers: [TransportResponse]) {
        state = Mutex((answers, []))
    }

    var sent: [TransportRequest] { state.withLock { $0.sent } }

    func send(_ request: TransportRequest) async throws -> TransportResponse {
        try state.withLock { state in
            state.sent.append(request)
            guard !state.answers.isEmpty else { throw TransportError.connectionFailed("script exhausted") }
            return state.answers.removeFirst()
        }
    }

    static func json(_ text: String, status: Int = 200, headers: [(String, String)] = []) -> TransportResponse {
        TransportResponse(
            status: status, headers: [("Content-Type", "application/json")] + headers, body: Array(text.utf8))
    }

    static let token = json(#"{"code":0,"msg":"ok","tenant_access_token":"t-scripted-token","expire":7200}"#)
}

@Suite("What goes on the wire")
struct TransportTests {
    static func client(_ transport: ScriptedTransport, credentials: Credentials? = nil) throws -> FeishuClient {
        try FeishuClient(
            configuration: FeishuClientConfiguration(
                baseURL: try FeishuBaseURL("https://open.feishu.cn"),
                credentials: credentials ?? .app(id: "cli_a", secret: "the-secret"), concurrency: 1,
                requestsPerSecond: 1000, retry: Fixture.fastRetry),
            transport: transport)
    }

    static let onePage = ScriptedTransport.json(
        #"{"code":0,"msg":"success","data":{"items":[{"custom_workplace_id":"tpl_1","access_data":{"pv":5,"uv":2},"date":"2026-03-12","custom_workplace_name":[{"language":"zh","name":"名字"}]}],"has_more":false}}"#
    )

    @Test("the token request is a JSON POST; the search is a POST with query parameters only and a bearer token")
    func requestShape() async throws {
        let transport = ScriptedTransport([ScriptedTransport.token, Self.onePage])
        let client = try Self.client(transport)
        let query = try FetchQuery(
            fromText: "2026-03-01", toText: "2026-03-22", workplaceIDs: ["tpl_6471&x=1+é"], pageSize: 20)
        let result = try await client.fetch(query, progress: nil)
        let sent = transport.sent
        #expect(sent.count == 2)
        #expect(sent[0].url == "https://open.feishu.cn/open-apis/auth/v3/tenant_access_token/internal")
        let body = try JSONSerialization.jsonObject(with: Data(sent[0].body ?? [])) as? [String: String]
        #expect(body == ["app_id": "cli_a", "app_secret": "the-secret"])
        #expect(sent[0].headers.contains { $0.0 == "Content-Type" && $0.1.hasPrefix("application/json") })
        #expect(!sent[0].headers.contains { $0.0 == "Authorization" })
        #expect(
            sent[1].url
                == "https://open.feishu.cn/open-apis/workplace/v1/custom_workplace_access_data/search"
                + "?from_date=2026-03-01&to_date=2026-03-22&page_size=20&custom_workplace_id=tpl_6471%26x%3D1%2B%C3%A9")
        #expect(sent[1].body == nil)
        #expect(sent[1].headers.map { "\($0.0): \($0.1)" } == ["Authorization: Bearer t-scripted-token"])
        // The page's item belongs to another workplace than the one asked for: dropped, not kept.
        #expect(result.dataset.records.isEmpty)
        #expect(result.statistics.strayRecords == 1)
    }

    @Test("the second page sends the page_token the first returned")
    func pageToken() async throws {
        let first = ScriptedTransport.json(
            #"{"code":0,"data":{"items":[],"has_more":true,"page_token":"ddowkdkl9w2d+/="}}"#)
        let transport = ScriptedTransport([ScriptedTransport.token, first, Self.onePage])
        _ = try await Self.client(transport).fetch(try FetchQuery(fromText: "2026-03-01", toText: "2026-03-31"))
        #expect(transport.sent[2].url.hasSuffix("page_size=100&page_token=ddowkdkl9w2d%2B%2F%3D"))
    }

    @Test("a given tenant token is sent as is, without a token request")
    func staticToken() async throws {
        let transport = ScriptedTransport([Self.onePage])
        let dataset = try await Self.client(transport, credentials: .tenantToken("t-given"))
            .fetch(try FetchQuery(fromText: "2026-03-01", toText: "2026-03-31"))
        #expect(dataset.records == [AccessRecord(workplace: 0, date: CalendarDate(iso: "2026-03-12")!, pv: 5, uv: 2)])
        #expect(dataset.workplaces[0].names == [LocalizedName(language: "zh", name: "名字")])
        #expect(transport.sent.count == 1)
        #expect(transport.sent[0].headers.first?.1 == "Bearer t-given")
    }

    @Test("a plain-text 404 (wrong host or path) is a malformed answer naming the endpoint, not a retry loop")
    func notFound() async throws {
        let transport = ScriptedTransport([
            TransportResponse(status: 404, headers: [], body: Array("404 page not found".utf8))
        ])
        await #expect {
            try await Self.client(transport).fetch(try FetchQuery(fromText: "2026-03-01", toText: "2026-03-31"))
        } throws: { error in
            guard case .malformedResponse(let context, _)? = error as? FeishuError else { return false }
            return context.httpStatus == 404 && context.endpoint.hasSuffix("tenant_access_token/internal")
                && (error as? FeishuError)?.description.contains("--base-url") == true
        }
        #expect(transport.sent.count == 1)
    }

    @Test("an item without pv, or with a bad date, is a malformed answer naming the item and page")
    func badItem() async throws {
        for item in [
            #"{"custom_workplace_id":"tpl_1","access_data":{"uv":2},"date":"2026-03-12"}"#,
            #"{"custom_workplace_id":"tpl_1","access_data":{"pv":1,"uv":1},"date":"2026/03/12"}"#,
            #"{"access_data":{"pv":1,"uv":1},"date":"2026-03-12"}"#,
        ] {
            let page = ScriptedTransport.json(
                #"{"code":0,"data":{"items":[{"custom_workplace_id":"tpl_0","access_data":{"pv":1,"uv":1},"date":"2026-03-01"},"#
                    + item + "]}}")
            let transport = ScriptedTransport([ScriptedTransport.token, page])
            await #expect {
                try await Self.client(transport).fetch(try FetchQuery(fromText: "2026-03-01", toText: "2026-03-31"))
            } throws: { error in
                guard case .malformedResponse(let context, let detail)? = error as? FeishuError else { return false }
                return context.page == 1 && detail.hasPrefix("item 1 ")
            }
        }
    }

    @Test("records outside the requested days or workplace are dropped and counted, never doubled")
    func strayRecords() async throws {
        let page = ScriptedTransport.json(
            #"{"code":0,"data":{"items":["#
                + #"{"custom_workplace_id":"tpl_1","access_data":{"pv":1,"uv":1},"date":"2026-02-28"},"#
                + #"{"custom_workplace_id":"tpl_1","access_data":{"pv":2,"uv":1},"date":"2026-03-01"},"#
                + #"{"custom_workplace_id":"tpl_2","access_data":{"pv":3,"uv":1},"date":"2026-03-02"}"#
                + #"],"has_more":false}}"#)
        let transport = ScriptedTransport([ScriptedTransport.token, page])
        let client = try Self.client(transport)
        let result = try await client.fetch(
            try FetchQuery(fromText: "2026-03-01", toText: "2026-03-31", workplaceIDs: ["tpl_1"]), progress: nil)
        #expect(result.dataset.records.map(\.pv) == [2])
        #expect(result.statistics.strayRecords == 2)
    }

    @Test("a 429 with code 99991400 in the body is read for the error, whatever the status")
    func rateLimitBodyOn200() async throws {
        let limited = ScriptedTransport.json(#"{"code":99991400,"msg":"request trigger frequency limit"}"#)
        let transport = ScriptedTransport([ScriptedTransport.token, limited, Self.onePage])
        let result = try await Self.client(transport).fetch(
            try FetchQuery(fromText: "2026-03-01", toText: "2026-03-31"), progress: nil)
        #expect(result.statistics.rateLimited == 1)
        #expect(result.dataset.records.count == 1)
    }
}

/// Collects every log line with its metadata, to check that no secret reaches a log.
final class CapturingLogHandler: LogHandler {
    static let lines = Mutex<[String]>([])
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let all = metadata.merging(event.metadata ?? [:]) { $1 }
        Self.lines.withLock { $0.append("\(event.level) \(event.message) \(all)") }
    }
}

@Suite("Logs")
struct LogTests {
    @Test("trace-level logs of a fetch with a token refresh hold no secret, token or Authorization value")
    func noSecrets() async throws {
        let refused = ScriptedTransport.json(#"{"code":99991663,"msg":"Invalid access token"}"#, status: 400)
        let second = ScriptedTransport.json(#"{"code":0,"tenant_access_token":"t-second-token","expire":7200}"#)
        let transport = ScriptedTransport([ScriptedTransport.token, refused, second, TransportTests.onePage])
        let logger = Logger(label: "capture") { _ in CapturingLogHandler() }
        let client = try FeishuClient(
            configuration: FeishuClientConfiguration(
                credentials: .app(id: "cli_a", secret: "the-secret"), concurrency: 1, requestsPerSecond: 1000,
                retry: Fixture.fastRetry), transport: transport, logger: logger)
        let result = try await client.fetch(
            try FetchQuery(fromText: "2026-03-01", toText: "2026-03-31"), progress: nil)
        #expect(result.statistics.tokenRequests == 2)
        #expect(transport.sent[3].headers.first?.1 == "Bearer t-second-token")
        let lines = CapturingLogHandler.lines.withLock { $0 }
        #expect(lines.count >= 4)
        #expect(lines.contains { $0.contains("Authorization: <redacted>") })
        for line in lines {
            #expect(!line.contains("the-secret"))
            #expect(!line.contains("t-scripted-token"))
            #expect(!line.contains("t-second-token"))
            #expect(!line.contains("Bearer"))
        }
    }
}
