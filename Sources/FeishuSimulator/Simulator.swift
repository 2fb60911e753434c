import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import NIOFoundationEssentialsCompat

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Why the simulator could not start.
public enum SimulatorError: Error, CustomStringConvertible, Sendable {
    /// A setting is out of range.
    case invalidConfig(String)
    /// The server could not bind or run.
    case serverFailed(String)

    public var description: String {
        switch self {
        case .invalidConfig(let message): return "invalid simulator setting: \(message)"
        case .serverFailed(let message): return "the simulator could not start: \(message)"
        }
    }
}

/// A simulator serving on loopback until ``stop()``.
public final class RunningSimulator: Sendable {
    /// `http://127.0.0.1:PORT`, to pass to the client as its base URL.
    public let baseURL: String
    /// The bound port.
    public let port: Int
    /// The tenant it serves, for comparing what a client fetched with the truth.
    public let tenant: SimulatedTenant
    private let state: SimulatorState
    private let delivery: DeliveryState
    private let task: Task<Void, Never>

    init(baseURL: String, port: Int, state: SimulatorState, delivery: DeliveryState, task: Task<Void, Never>) {
        self.baseURL = baseURL
        self.port = port
        self.tenant = state.tenant
        self.state = state
        self.delivery = delivery
        self.task = task
    }

    /// The counters so far.
    public func statistics() async -> SimulatorStatistics {
        await state.statistics
    }

    /// What the delivery endpoints (files, messages, the webhook) received so far.
    public func deliveries() async -> SimulatorDeliveries {
        await delivery.received
    }

    /// The custom bot's hook URL: `BASE/open-apis/bot/v2/hook/TOKEN`.
    public var webhookURL: String { baseURL + DeliveryRoutes.hookPrefix + "/" + tenantWebhookToken }
    private var tenantWebhookToken: String { delivery.config.webhookToken }

    /// Stops the server and waits until it has closed.
    public func stop() async {
        task.cancel()
        await task.value
    }
}

/// The simulated Feishu Open API on loopback: the token endpoint, the three workplace search endpoints
/// (custom workplaces, the whole workplace, blocks) and the delivery endpoints.
public enum Simulator {
    /// Starts the simulator in the background on `config.host`:`config.port` (0 = ephemeral).
    /// - Throws: ``SimulatorError`` when a setting is out of range or the port cannot be bound.
    public static func start(_ config: SimulatorConfig, logger: Logger? = nil) async throws -> RunningSimulator {
        try validate(config)
        let state = SimulatorState(config: config)
        let delivery = DeliveryState(config: config)
        let (bound, continuation) = AsyncStream<Result<Int, SimulatorError>>.makeStream()
        let app = Application(
            router: router(state, delivery: delivery),
            configuration: ApplicationConfiguration(address: .hostname(config.host, port: config.port)),
            onServerRunning: { channel in
                continuation.yield(.success(channel.localAddress?.port ?? 0))
            },
            logger: logger ?? quietLogger(.critical))
        let task = Task {
            do {
                try await app.run()
            } catch {
                continuation.yield(.failure(.serverFailed(String(describing: error))))
            }
            continuation.finish()
        }
        var iterator = bound.makeAsyncIterator()
        switch await iterator.next() {
        case .success(let port)? where port > 0:
            return RunningSimulator(
                baseURL: "http://\(hostForURL(config.host)):\(port)", port: port, state: state, delivery: delivery,
                task: task)
        case .failure(let error)?:
            task.cancel()
            await task.value
            throw error
        default:
            task.cancel()
            await task.value
            throw SimulatorError.serverFailed("no port was bound on \(config.host)")
        }
    }

    /// Runs the simulator in the foreground until SIGINT or SIGTERM, calling `onStarted` with the base
    /// URL once it listens (the `simulate` command prints it).
    /// - Throws: ``SimulatorError`` when a setting is out of range or the port cannot be bound.
    public static func run(
        _ config: SimulatorConfig, logger: Logger? = nil, onStarted: @escaping @Sendable (String) async -> Void
    ) async throws {
        try validate(config)
        let state = SimulatorState(config: config)
        let host = hostForURL(config.host)
        let app = Application(
            router: router(state, delivery: DeliveryState(config: config)),
            configuration: ApplicationConfiguration(address: .hostname(config.host, port: config.port)),
            onServerRunning: { channel in
                await onStarted("http://\(host):\(channel.localAddress?.port ?? config.port)")
            },
            logger: logger ?? quietLogger(.warning))
        do {
            try await app.runService()
        } catch {
            throw SimulatorError.serverFailed(String(describing: error))
        }
    }

    /// The default logger; a background simulator stays silent, since cancelling it logs a spurious error.
    private static func quietLogger(_ level: Logger.Level) -> Logger {
        var logger = Logger(label: "feishu-simulator")
        logger.logLevel = level
        return logger
    }

    private static func hostForURL(_ host: String) -> String {
        host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
    }

    private static func validate(_ c: SimulatorConfig) throws {
        func check(_ ok: Bool, _ message: String) throws {
            if !ok { throw SimulatorError.invalidConfig(message) }
        }
        try check((0...65535).contains(c.port), "--port \(c.port) is outside 0–65535")
        try check((0...100_000).contains(c.workplaces), "--workplaces \(c.workplaces) is outside 0–100000")
        try check((0...100_000).contains(c.blocks), "--blocks \(c.blocks) is outside 0–100000")
        try check((1...3700).contains(c.days), "the data span of \(c.days) days is outside 1–3700")
        try check(c.requestsPerSecond >= 1, "the rate limit must be at least 1 request/s")
        try check(c.tokenLifetime >= 1, "the token lifetime must be at least 1 s")
        try check(c.latency >= .zero, "the latency must not be negative")
        try check(
            c.latencyJitter >= .zero && c.latencyJitter <= c.latency, "the latency jitter must be within 0–latency")
        try check(c.monthlyQuota.map { $0 >= 0 } ?? true, "the monthly quota must not be negative")
        let rates = c.faults.all
        try check(
            rates.allSatisfy { (0...1).contains($0) } && rates.reduce(0, +) <= 1,
            "fault rates must be within 0–1 and sum to at most 1")
    }

    // MARK: Routes

    static let tokenPath = "/open-apis/auth/v3/tenant_access_token/internal"
    static let searchPath = SimulatedEndpoint.custom.rawValue

    private static func router(_ state: SimulatorState, delivery: DeliveryState) -> Router<BasicRequestContext> {
        let router = Router()
        DeliveryRoutes.add(to: router, state: state, delivery: delivery)
        router.post(RouterPath(tokenPath)) { request, _ -> Response in
            let logID = await state.nextLogID()
            let body = try await request.body.collect(upTo: 64 * 1024)
            let decoder = JSONDecoder()
            decoder.keyDecodingStrategy = .convertFromSnakeCase
            let fields = try? decoder.decode(TokenRequestBody.self, from: Data(buffer: body))
            switch await state.issueToken(appID: fields?.appId, appSecret: fields?.appSecret) {
            case .fault(let fault):
                return faultResponse(fault, logID: logID)
            case .rejected(let code, let message):
                return json(.ok, JSONText.failure(code: code, message: message, logID: logID), logID: logID)
            case .issued(let token, let expire):
                let text =
                    "{\"code\":0,\"msg\":\"ok\",\"tenant_access_token\":\(JSONText.string(token)),\"expire\":\(expire)}"
                return json(.ok, text, logID: logID)
            }
        }
        for endpoint in SimulatedEndpoint.allCases { addSearchRoute(endpoint, to: router, state: state) }
        return router
    }

    /// One search endpoint: its own rate limit, the shared quota, the same faults, its own codes and pages.
    private static func addSearchRoute(
        _ endpoint: SimulatedEndpoint, to router: Router<BasicRequestContext>, state: SimulatorState
    ) {
        router.post(RouterPath(endpoint.rawValue)) { request, _ -> Response in
            let logID = await state.nextLogID()
            let decision = await state.decideSearch(authorization: request.headers[.authorization], endpoint: endpoint)
            let latency = await state.nextLatency()
            if latency > .zero { try await Task.sleep(for: latency) }
            switch decision {
            case .quotaExhausted:
                return json(
                    .tooManyRequests,
                    JSONText.failure(
                        code: 99991403, message: "This month's API call quota has been exceeded", logID: logID),
                    logID: logID)
            case .rateLimited(let reset, let retryAfter):
                var response = json(
                    .tooManyRequests,
                    JSONText.failure(code: 99991400, message: "request trigger frequency limit", logID: logID),
                    logID: logID)
                response.headers[HTTPField.Name("x-ogw-ratelimit-limit")!] = String(state.config.requestsPerSecond)
                if let reset { response.headers[HTTPField.Name("x-ogw-ratelimit-reset")!] = String(reset) }
                if let retryAfter { response.headers[.retryAfter] = String(retryAfter) }
                return response
            case .missingToken:
                return json(
                    .badRequest,
                    JSONText.failure(
                        code: 99991661,
                        message: "Missing access token for authorization. Please make a request with token attached.",
                        logID: logID), logID: logID)
            case .invalidToken:
                return json(
                    .badRequest,
                    JSONText.failure(
                        code: 99991663,
                        message: "Invalid access token for authorization. Please make a request with token attached.",
                        logID: logID), logID: logID)
            case .fault(let fault):
                return faultResponse(fault, logID: logID, endpoint: endpoint)
            case .serve(let delay, let pageFault):
                if let delay { try await Task.sleep(for: delay) }
                return await search(
                    queryDictionary(request.uri.queryParameters), endpoint: endpoint, state: state, logID: logID,
                    pageFault: pageFault)
            }
        }
    }

    /// Each endpoint's business codes (HTTP 400), as its document lists them.
    struct Codes {
        var invalidTime: Int
        var invalidTimeMessage: String
        var fromAfterTo: Int
        var internalError: Int
        var invalidPageToken: Int
        /// The page-size refusal: the platform's generic field validation, or the block endpoint's own 1629006.
        var invalidPageSize: Int
        var invalidPageSizeMessage: String
        var maximumPageSize: Int

        static func of(_ endpoint: SimulatedEndpoint) -> Codes {
            switch endpoint {
            case .custom:
                return Codes(
                    invalidTime: 1621001, invalidTimeMessage: "invalid  time format", fromAfterTo: 1621002,
                    internalError: 1621003, invalidPageToken: 1621004, invalidPageSize: 99992402,
                    invalidPageSizeMessage: "field validation failed: page_size must be 1-100", maximumPageSize: 100)
            case .overall:
                return Codes(
                    invalidTime: 1628001, invalidTimeMessage: "invalid time format", fromAfterTo: 1628002,
                    internalError: 1628003, invalidPageToken: 1628004, invalidPageSize: 99992402,
                    invalidPageSizeMessage: "field validation failed: page_size must be 1-200", maximumPageSize: 200)
            case .blocks:
                return Codes(
                    invalidTime: 1629001, invalidTimeMessage: "invalid time format", fromAfterTo: 1629002,
                    internalError: 1629004, invalidPageToken: 1629005, invalidPageSize: 1629006,
                    invalidPageSizeMessage: "invalid page_size", maximumPageSize: 200)
            }
        }
    }

    /// The query parameters, the first value of each name winning.
    private static func queryDictionary(_ parameters: some Sequence<(key: Substring, value: Substring)>) -> [String:
        String]
    {
        var result: [String: String] = [:]
        for (key, value) in parameters where result[String(key)] == nil { result[String(key)] = String(value) }
        return result
    }

    private struct TokenRequestBody: Decodable {
        var appId: String?
        var appSecret: String?
    }

    /// Validates the query as the endpoint's document says and serves one page.
    private static func search(
        _ query: [String: String], endpoint: SimulatedEndpoint, state: SimulatorState, logID: String,
        pageFault: SimulatedFault?
    ) async -> Response {
        func fail(_ code: Int, _ message: String) -> Response {
            json(.badRequest, JSONText.failure(code: code, message: message, logID: logID), logID: logID)
        }
        let codes = Codes.of(endpoint)
        guard let fromText = query["from_date"], let from = SimulatedDay(fromText),
            let toText = query["to_date"], let to = SimulatedDay(toText)
        else { return fail(codes.invalidTime, codes.invalidTimeMessage) }
        guard from <= to else { return fail(codes.fromAfterTo, "from_date can't be greater than to_date") }
        var pageSize = 20
        if let text = query["page_size"] {
            guard let size = Int(text), (1...codes.maximumPageSize).contains(size) else {
                return fail(codes.invalidPageSize, codes.invalidPageSizeMessage)
            }
            pageSize = size
        }
        let id: String?
        switch endpoint {
        case .custom: id = query["custom_workplace_id"].flatMap { $0.isEmpty ? nil : $0 }
        case .overall: id = nil
        case .blocks: id = query["block_id"].flatMap { $0.isEmpty ? nil : $0 }
        }
        let fingerprint = SipHash.hash(
            Array("\(endpoint.rawValue)|\(from)|\(to)|\(id ?? "")".utf8), key: state.pageKey)
        let count: Int
        switch endpoint {
        case .custom: count = state.tenant.slice(from: from, to: to, workplace: id).count
        case .overall: count = state.tenant.overallSlice(from: from, to: to).count
        case .blocks: count = state.tenant.blockSlice(from: from, to: to, block: id).count
        }
        var offset = 0
        let sentToken = query["page_token"].flatMap { $0.isEmpty ? nil : $0 }
        if let sentToken {
            guard let decoded = PageToken.open(sentToken, key: state.pageKey, fingerprint: fingerprint),
                decoded <= count
            else { return fail(codes.invalidPageToken, "invalid page_token") }
            offset = decoded
        }
        let end = min(offset + pageSize, count)
        let hasMore = end < count
        var nextToken: String?
        if hasMore {
            switch pageFault {
            case .hasMoreWithoutPageToken?: nextToken = nil
            case .repeatPageToken? where sentToken != nil: nextToken = sentToken
            default: nextToken = PageToken.seal(offset: end, fingerprint: fingerprint, key: state.pageKey)
            }
        }
        let text: String
        switch endpoint {
        case .custom:
            let records = state.tenant.slice(from: from, to: to, workplace: id)
            let start = records.startIndex + offset
            text = JSONText.page(records[start..<start + (end - offset)], hasMore: hasMore, pageToken: nextToken)
        case .overall:
            let days = state.tenant.overallSlice(from: from, to: to)
            let start = days.startIndex + offset
            text = JSONText.overallPage(days[start..<start + (end - offset)], hasMore: hasMore, pageToken: nextToken)
        case .blocks:
            let records = state.tenant.blockSlice(from: from, to: to, block: id)
            let start = records.startIndex + offset
            text = JSONText.blockPage(records[start..<start + (end - offset)], hasMore: hasMore, pageToken: nextToken)
        }
        if pageFault == .truncatedBody {
            return json(.ok, String(text.prefix(text.count / 2)), logID: logID)
        }
        await state.servedPage()
        return json(.ok, text, logID: logID)
    }

    private static func faultResponse(
        _ fault: SimulatedFault, logID: String, endpoint: SimulatedEndpoint = .custom
    ) -> Response {
        let codes = Codes.of(endpoint)
        switch fault {
        case .internalError:
            return json(
                .badRequest,
                JSONText.failure(code: codes.internalError, message: "internal service error", logID: logID),
                logID: logID)
        case .serverError(let status):
            var response = Response(
                status: HTTPResponse.Status(code: status),
                body: ResponseBody(
                    byteBuffer: ByteBuffer(string: "<html><body><h1>\(status)</h1>Bad Gateway</body></html>")))
            response.headers[.contentType] = "text/html"
            response.headers[HTTPField.Name("X-Tt-Logid")!] = logID
            return response
        case .dropConnection:
            let partial = ByteBuffer(string: "{\"code\":0,\"msg\":\"success\",\"data\":{\"items\":[")
            var response = Response(
                status: .ok,
                body: ResponseBody(contentLength: 4096) { writer in
                    try await writer.write(partial)
                    throw DroppedConnection()
                })
            response.headers[.contentType] = "application/json; charset=utf-8"
            return response
        case .rateLimited:
            return json(
                .tooManyRequests,
                JSONText.failure(code: 99991400, message: "request trigger frequency limit", logID: logID), logID: logID
            )
        case .invalidPageToken:
            return json(
                .badRequest,
                JSONText.failure(code: codes.invalidPageToken, message: "invalid page_token", logID: logID),
                logID: logID)
        case .expireToken:
            return json(
                .badRequest,
                JSONText.failure(code: 99991663, message: "Invalid access token for authorization.", logID: logID),
                logID: logID)
        case .platformError(let status, let code, let message):
            return json(
                HTTPResponse.Status(code: status), JSONText.failure(code: code, message: message, logID: logID),
                logID: logID)
        case .malformedJSON:
            return json(
                .ok, "{\"code\":0,\"msg\":\"success\",\"data\":{\"items\":[{\"custom_workplace_id\":", logID: logID)
        case .hasMoreWithoutPageToken, .repeatPageToken, .delay, .truncatedBody:
            return json(
                .internalServerError, JSONText.failure(code: 1, message: "unscripted fault", logID: logID), logID: logID
            )
        }
    }

    private static func json(_ status: HTTPResponse.Status, _ text: String, logID: String) -> Response {
        var response = Response(status: status, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
        response.headers[.contentType] = "application/json; charset=utf-8"
        response.headers[HTTPField.Name("X-Tt-Logid")!] = logID
        return response
    }
}

/// Thrown mid-body to make the server close the connection (the dropped-connection fault).
private struct DroppedConnection: Error {}

/// Opaque, tamper-evident page tokens: the offset and the query's fingerprint, signed with SipHash.
enum PageToken {
    static func seal(offset: Int, fingerprint: UInt64, key: (UInt64, UInt64)) -> String {
        var bytes: [UInt8] = []
        for i in 0..<4 { bytes.append(UInt8(truncatingIfNeeded: UInt32(offset) >> (8 * UInt32(i)))) }
        for i in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: fingerprint >> (8 * UInt64(i)))) }
        let mac = SipHash.hash(bytes, key: key)
        for i in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: mac >> (8 * UInt64(i)))) }
        return bytes.map { String($0, radix: 16).leftPadded(to: 2) }.joined()
    }

    /// The offset sealed in `token`, or nil when it is malformed, forged or from another query.
    static func open(_ token: String, key: (UInt64, UInt64), fingerprint: UInt64) -> Int? {
        let chars = Array(token.utf8)
        guard chars.count == 40 else { return nil }
        var bytes: [UInt8] = []
        for i in stride(from: 0, to: 40, by: 2) {
            guard let byte = UInt8(String(decoding: chars[i..<i + 2], as: UTF8.self), radix: 16) else { return nil }
            bytes.append(byte)
        }
        var mac: UInt64 = 0
        for i in 0..<8 { mac |= UInt64(bytes[12 + i]) << (8 * UInt64(i)) }
        guard SipHash.hash(Array(bytes[0..<12]), key: key) == mac else { return nil }
        var sealed: UInt64 = 0
        for i in 0..<8 { sealed |= UInt64(bytes[4 + i]) << (8 * UInt64(i)) }
        guard sealed == fingerprint else { return nil }
        var offset: UInt32 = 0
        for i in 0..<4 { offset |= UInt32(bytes[i]) << (8 * UInt32(i)) }
        return Int(offset)
    }
}
