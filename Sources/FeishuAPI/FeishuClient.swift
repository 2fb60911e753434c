import Foundation
import Logging
import WorkplaceModel

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// What a fetch returns: the records and how the fetch went.
public struct FetchResult: Sendable {
    /// The records of every shard, merged in shard order, `coverage` set to the query's range.
    public var dataset: AccessDataset
    /// Pages, requests, retries and timing of the whole fetch.
    public var statistics: FetchProgress
}

/// What a fetch of the whole-workplace endpoint returns.
public struct OverallFetchResult: Sendable {
    /// The days of every shard, merged in shard order, `coverage` set to the query's range.
    public var dataset: OverallDataset
    /// Pages, requests, retries and timing of the whole fetch (this endpoint's calls only).
    public var statistics: FetchProgress
}

/// The fetch stage: token, per-endpoint rate limiters, retries, paging and shards for the three
/// search endpoints of the workplace family (custom workplaces, the whole workplace, blocks).
///
/// One client owns one send budget per endpoint and one token, shared by every concurrent chain and
/// every fetch made through it, so fetches of the three endpoints run side by side, each at its own
/// documented 20/s. It never reads the environment: the caller builds a ``FeishuClientConfiguration``.
public final class FeishuClient: Sendable {
    /// The token endpoint of an internal app.
    public static let tokenPath = "/open-apis/auth/v3/tenant_access_token/internal"
    /// The seed's endpoint: custom workplace access data.
    public static let searchPath = DatasetKind.custom.searchPath
    /// The whole-workplace endpoint.
    public static let overallPath = DatasetKind.overall.searchPath
    /// The block endpoint.
    public static let blockPath = DatasetKind.blocks.searchPath

    /// The settings this client was made with.
    public let configuration: FeishuClientConfiguration
    private let transport: any FeishuTransport
    private let logger: Logger
    private let budgets: EndpointBudgets
    let tokens: TokenStore
    private let tokenCounter: ProgressTracker
    /// Search requests of every fetch through this client, every endpoint (for the quota message).
    private let callCounter: ProgressTracker

    /// Creates a client.
    /// - Parameters:
    ///   - configuration: base URL, credentials, concurrency, limits and retries.
    ///   - transport: how requests travel; by default AsyncHTTPClient's shared client.
    ///   - logger: where request lines go (debug level); secrets and tokens never reach it.
    /// - Throws: ``FeishuError/invalidConfiguration(_:)`` for a setting out of range.
    public init(
        configuration: FeishuClientConfiguration, transport: any FeishuTransport = HTTPClientTransport(),
        logger: Logger = Logger(label: "workplace-report.feishu")
    ) throws(FeishuError) {
        try configuration.validate()
        self.configuration = configuration
        self.transport = transport
        self.logger = logger
        self.budgets = EndpointBudgets(
            endpoints: DatasetKind.allCases.map(\.searchPath), limit: configuration.requestsPerSecond,
            window: .seconds(1) + configuration.windowMargin, clock: configuration.clock)
        let counter = ProgressTracker(shards: 0, callback: nil)
        self.tokenCounter = counter
        self.callCounter = ProgressTracker(shards: 0, callback: nil)
        let exchanger = Exchanger(
            configuration: configuration, transport: transport, logger: logger, budgets: nil, tracker: counter,
            calls: nil)
        self.tokens = TokenStore(credentials: configuration.credentials, clock: configuration.clock) {
            try await exchanger.requestToken()
        }
    }

    /// The send budget of one endpoint (tests look at it).
    func budget(_ dataset: DatasetKind) -> RateLimiter? { budgets[dataset.searchPath] }

    /// Fetches every record of `query`.
    /// - Throws: ``FeishuError`` (or `CancellationError` when the task is cancelled).
    public func fetch(_ query: FetchQuery) async throws -> AccessDataset {
        try await fetch(query, progress: nil).dataset
    }

    /// Fetches every record of a custom-workplace `query`, reporting progress after every page and retry.
    ///
    /// The range is split into ``FetchQuery/shards(minimumCount:)`` (at least `concurrency` of them
    /// when the days allow), fetched at most `concurrency` at a time, and merged in shard order, so
    /// the result does not depend on which chain finished first.
    ///
    /// `chainCompleted`, when given, receives each page chain as soon as all its pages are in (one at a
    /// time, in completion order), so a caller can keep each finished chain even if a later one fails.
    /// - Throws: ``FeishuError`` (or `CancellationError` when the task is cancelled), or what
    ///   `chainCompleted` threw, unchanged.
    public func fetch(
        _ query: FetchQuery, progress: (@Sendable (FetchProgress) -> Void)?,
        chainCompleted: (@Sendable (FetchShard, AccessDataset) async throws -> Void)? = nil
    ) async throws -> FetchResult {
        try Self.expect(.custom, query)
        let (dataset, statistics) = try await run(
            CustomCollector.self, query, progress: progress, chainCompleted: chainCompleted)
        return FetchResult(dataset: dataset, statistics: statistics)
    }

    /// Fetches every day of a whole-workplace `query` (``DatasetKind/overall``) from
    /// `workplace_access_data/search`, sharded by month like the custom fetch.
    /// - Throws: as ``fetch(_:progress:chainCompleted:)``.
    public func fetchOverall(
        _ query: FetchQuery, progress: (@Sendable (FetchProgress) -> Void)? = nil,
        chainCompleted: (@Sendable (FetchShard, OverallDataset) async throws -> Void)? = nil
    ) async throws -> OverallFetchResult {
        try Self.expect(.overall, query)
        let (dataset, statistics) = try await run(
            OverallCollector.self, query, progress: progress, chainCompleted: chainCompleted)
        return OverallFetchResult(dataset: dataset, statistics: statistics)
    }

    /// Fetches every record of a block `query` (``DatasetKind/blocks``) from `workplace_block_access_data/search`.
    ///
    /// The result is an ``AccessDataset`` whose workplace ids are block ids and which has no names. The query's ids filter by `block_id`, one shard chain per id and month.
    /// - Throws: as ``fetch(_:progress:chainCompleted:)``.
    public func fetchBlocks(
        _ query: FetchQuery, progress: (@Sendable (FetchProgress) -> Void)? = nil,
        chainCompleted: (@Sendable (FetchShard, AccessDataset) async throws -> Void)? = nil
    ) async throws -> FetchResult {
        try Self.expect(.blocks, query)
        let (dataset, statistics) = try await run(
            BlockCollector.self, query, progress: progress, chainCompleted: chainCompleted)
        return FetchResult(dataset: dataset, statistics: statistics)
    }

    private static func expect(_ dataset: DatasetKind, _ query: FetchQuery) throws(FeishuError) {
        guard query.dataset == dataset else {
            throw .internalError("a \(query.dataset) query was given to the \(dataset) fetch")
        }
    }

    /// The order to start `shards` in: the most days first (ties in plan order).
    ///
    /// A chain's pages come one after another, so the fetch ends with its last chain alone at one page
    /// per round trip. Starting the long chains first leaves short ones for the end, where they fill
    /// the lanes that fall idle, instead of a long one started last running on by itself.
    static func longestFirst(_ shards: [FetchShard]) -> [Int] {
        shards.indices.sorted { a, b in
            let (x, y) = (shards[a].range.days, shards[b].range.days)
            return x != y ? x > y : a < b
        }
    }

    /// Shards `query`, runs the chains under the concurrency limit (longest first), and merges them in
    /// shard order.
    private func run<C: ChainCollector>(
        _ collector: C.Type, _ query: FetchQuery, progress: (@Sendable (FetchProgress) -> Void)?,
        chainCompleted: (@Sendable (FetchShard, C.Output) async throws -> Void)?
    ) async throws -> (C.Output, FetchProgress) {
        // A month of the whole workplace is at most 31 items, one page of 200: cutting it finer for
        // concurrency would only add calls.
        let shards = query.shards(minimumCount: query.dataset == .overall ? 1 : configuration.concurrency)
        let tracker = ProgressTracker(shards: shards.count, callback: progress)
        let tokensBefore = tokenCounter.current.tokenRequests
        let exchanger = Exchanger(
            configuration: configuration, transport: transport, logger: logger, budgets: budgets, tracker: tracker,
            calls: callCounter)
        let tokens = self.tokens
        let dataset = query.dataset
        logger.debug(
            "fetch started",
            metadata: [
                "endpoint": "\(dataset.searchPath)", "range": "\(query.range.from)..\(query.range.to)",
                "shards": "\(shards.count)",
            ])
        var results = [C.Output?](repeating: nil, count: shards.count)
        let order = Self.longestFirst(shards)
        do {
            try await withThrowingTaskGroup(of: (Int, C.Output).self) { group in
                var next = 0
                func launch() {
                    let index = order[next]
                    let shard = shards[index]
                    next += 1
                    group.addTask {
                        let data = try await exchanger.fetchChain(
                            C.self, shard, dataset: dataset, pageSize: query.pageSize, tokens: tokens)
                        return (index, data)
                    }
                }
                for _ in 0..<min(configuration.concurrency, shards.count) { launch() }
                while let (index, data) = try await group.next() {
                    if let chainCompleted {
                        do {
                            try await chainCompleted(shards[index], data)
                        } catch {
                            throw ChainHandlerFailure(error: error)
                        }
                    }
                    results[index] = data
                    tracker.update { $0.shardsDone += 1 }
                    if next < shards.count { launch() }
                }
            }
        } catch let error as FeishuError {
            throw error
        } catch let failure as ChainHandlerFailure {
            throw failure.error
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw FeishuError.internalError("unexpected failure during the fetch: \(error)")
        }
        var parts: [C.Output] = []
        parts.reserveCapacity(results.count)
        for result in results {
            guard let result else { throw FeishuError.internalError("a shard finished without data") }
            parts.append(result)
        }
        let merged = C.merge(parts, coverage: query.range)
        let tokenRequests = tokenCounter.current.tokenRequests - tokensBefore
        tracker.update(report: false) { $0.tokenRequests = tokenRequests }
        let statistics = tracker.current
        logger.debug(
            "fetch finished",
            metadata: [
                "endpoint": "\(dataset.searchPath)", "records": "\(C.count(merged))",
                "requests": "\(statistics.requests)", "retries": "\(statistics.retries)",
            ])
        return (merged, statistics)
    }
}

/// What one endpoint's page chains collect, and how its items become records.
protocol ChainCollector: SendableMetatype {
    /// One item of the endpoint's `data.items`.
    associatedtype Element: Decodable
    /// A chain's (and the whole fetch's) records.
    associatedtype Output: Sendable
    /// An empty output for `shard`.
    static func empty(_ shard: FetchShard) -> Output
    /// The records in `output`.
    static func count(_ output: Output) -> Int
    /// Checks `item` and adds it to `output`; false when it lies outside the shard's days or id (a stray).
    static func add(_ item: Element, shard: FetchShard, to output: inout Output) throws(WireItemProblem) -> Bool
    /// The chains' outputs joined in shard order, covering `coverage`.
    static func merge(_ parts: [Output], coverage: DateRange) -> Output
}

/// `custom_workplace_access_data`: records with workplace names.
enum CustomCollector: ChainCollector {
    static func empty(_ shard: FetchShard) -> AccessDataset { AccessDataset(coverage: shard.range) }
    static func count(_ output: AccessDataset) -> Int { output.records.count }

    static func add(_ item: Wire.Item, shard: FetchShard, to output: inout AccessDataset) throws(WireItemProblem)
        -> Bool
    {
        let checked: Wire.CheckedItem
        do throws(ItemProblem) {
            checked = try item.checked()
        } catch {
            throw WireItemProblem(error.description)
        }
        guard shard.range.contains(checked.date), shard.workplaceID == nil || shard.workplaceID == checked.id else {
            return false
        }
        output.append(
            workplaceID: checked.id, date: checked.date, pv: checked.pv, uv: checked.uv, names: checked.names)
        return true
    }

    static func merge(_ parts: [AccessDataset], coverage: DateRange) -> AccessDataset {
        var dataset = AccessDataset(coverage: coverage)
        dataset.reserveCapacity(parts.reduce(0) { $0 + $1.records.count })
        for part in parts { dataset.append(contentsOf: part) }
        dataset.coverage = coverage
        return dataset
    }
}

/// `workplace_access_data`: one record a day.
enum OverallCollector: ChainCollector {
    static func empty(_ shard: FetchShard) -> OverallDataset { OverallDataset(coverage: shard.range) }
    static func count(_ output: OverallDataset) -> Int { output.records.count }

    static func add(_ item: Wire.OverallItem, shard: FetchShard, to output: inout OverallDataset)
        throws(WireItemProblem) -> Bool
    {
        let record = try item.checked()
        guard shard.range.contains(record.date) else { return false }
        output.records.append(record)
        return true
    }

    static func merge(_ parts: [OverallDataset], coverage: DateRange) -> OverallDataset {
        OverallDataset(records: parts.flatMap(\.records), coverage: coverage)
    }
}

/// `workplace_block_access_data`: records whose workplace ids are block ids, without names.
enum BlockCollector: ChainCollector {
    static func empty(_ shard: FetchShard) -> AccessDataset { AccessDataset(coverage: shard.range) }
    static func count(_ output: AccessDataset) -> Int { output.records.count }

    static func add(_ item: Wire.BlockItem, shard: FetchShard, to output: inout AccessDataset)
        throws(WireItemProblem) -> Bool
    {
        let checked = try item.checked()
        guard shard.range.contains(checked.date), shard.workplaceID == nil || shard.workplaceID == checked.id else {
            return false
        }
        output.append(workplaceID: checked.id, date: checked.date, pv: checked.pv, uv: checked.uv, names: [])
        return true
    }

    static func merge(_ parts: [AccessDataset], coverage: DateRange) -> AccessDataset {
        CustomCollector.merge(parts, coverage: coverage)
    }
}

/// The caller's `chainCompleted` threw: its error leaves the fetch as it was.
private struct ChainHandlerFailure: Error {
    var error: any Error
}

/// The API said 1621004: the chain must start again from page 1.
private struct ChainRestart: Error {
    var context: APIErrorContext
}

/// What one response means for the request loop.
private enum Verdict<T> {
    case done(T)
    case transient(String)
    case rateLimited
    case quotaExhausted
    case refreshToken(scope: Bool)
    case restartChain
    case fail(FeishuError)
}

/// The request loop shared by the token and search endpoints: limiter, retries, backoff, refresh.
private struct Exchanger: Sendable {
    let configuration: FeishuClientConfiguration
    let transport: any FeishuTransport
    let logger: Logger
    let budgets: EndpointBudgets?
    let tracker: ProgressTracker
    /// The client's count of search requests over every fetch and endpoint, nil for the token exchanger.
    let calls: ProgressTracker?

    /// The tenant's monthly API call quota is spent.
    static let quotaCode = 99991403
    static let tokenCodes: Set<Int> = [99991661, 99991663, 99991671, 99991668, 99991677]
    static let credentialCodes: Set<Int> = [10003, 10014, 99991543]
    static let appCodes: Set<Int> = [99991662, 99991673]

    // MARK: Token

    func requestToken() async throws -> (token: String, expire: Int) {
        guard case .app(let id, let secret) = configuration.credentials else {
            throw FeishuError.internalError("a token was requested without app credentials")
        }
        let body: [UInt8]
        do {
            body = Array(try Wire.encoder.encode(Wire.TokenRequest(appId: id, appSecret: secret)))
        } catch {
            throw FeishuError.internalError("cannot encode the token request")
        }
        let request = TransportRequest(
            url: configuration.baseURL.url(path: FeishuClient.tokenPath),
            headers: [("Content-Type", "application/json; charset=utf-8")], body: body,
            timeout: configuration.requestTimeout)
        let base = APIErrorContext(endpoint: FeishuClient.tokenPath)
        return try await exchange(base: base, tokens: nil, request: { _ in request }) { response, context in
            switch Wire.decode(Wire.TokenAnswer.self, from: response.body) {
            case .failure(let problem):
                return Self.badBody(problem, response: response, context: context)
            case .success(let answer):
                context.code = answer.code
                context.message = answer.msg
                if context.logID == nil { context.logID = answer.error?.logId }
                guard let code = answer.code else {
                    return .fail(.malformedResponse(context, detail: "the answer has no code"))
                }
                if code == 0 {
                    guard let token = answer.tenantAccessToken, !token.isEmpty, let expire = answer.expire else {
                        return .fail(
                            .malformedResponse(context, detail: "the answer lacks tenant_access_token or expire"))
                    }
                    return .done((token, expire))
                }
                return classify(code: code, context: context)
            }
        }
    }

    // MARK: Search

    func fetchChain<C: ChainCollector>(
        _ collector: C.Type, _ shard: FetchShard, dataset: DatasetKind, pageSize: Int, tokens: TokenStore
    ) async throws -> C.Output {
        var restarts = 0
        while true {
            var output = C.empty(shard)
            do {
                try await fetchPages(C.self, shard, dataset: dataset, pageSize: pageSize, tokens: tokens, into: &output)
                return output
            } catch let restart as ChainRestart {
                let lost = C.count(output)
                tracker.update {
                    $0.chainRestarts += 1
                    $0.records -= lost
                }
                restarts += 1
                logger.debug(
                    "invalid page_token: restarting the chain",
                    metadata: ["endpoint": "\(dataset.searchPath)", "shard": "\(shard)", "restart": "\(restarts)"])
                if restarts > configuration.retry.maxChainRestarts {
                    throw FeishuError.pageTokenRejected(restart.context, restarts: restarts - 1)
                }
            }
        }
    }

    private func fetchPages<C: ChainCollector>(
        _ collector: C.Type, _ shard: FetchShard, dataset: DatasetKind, pageSize: Int, tokens: TokenStore,
        into output: inout C.Output
    ) async throws {
        var pageToken: String?
        var seen = Set<String>()
        var page = 0
        let path = dataset.searchPath
        while true {
            page += 1
            var query: [(String, String)] = [
                ("from_date", shard.range.from.description), ("to_date", shard.range.to.description),
                ("page_size", String(pageSize)),
            ]
            if let pageToken { query.append(("page_token", pageToken)) }
            if let id = shard.workplaceID, let name = dataset.idParameter { query.append((name, id)) }
            let base = APIErrorContext(endpoint: path, page: page, shard: shard.description)
            guard page <= configuration.maxPagesPerChain else {
                throw FeishuError.protocolViolation(
                    base, detail: "more than \(configuration.maxPagesPerChain) pages for one chain")
            }
            let url = configuration.baseURL.url(path: path, query: query)
            let timeout = configuration.requestTimeout
            let (data, context): (Wire.Page<C.Element>, APIErrorContext) = try await exchange(
                base: base, tokens: tokens
            ) { token in
                TransportRequest(url: url, headers: [("Authorization", "Bearer " + token)], body: nil, timeout: timeout)
            } interpret: { response, context in
                interpretSearch(response, dataset: dataset, context: &context)
            }
            let kept = try append(C.self, data.items ?? [], shard: shard, context: context, to: &output)
            tracker.update {
                $0.pages += 1
                $0.records += kept.kept
                $0.strayRecords += kept.stray
            }
            guard data.hasMore == true else { return }
            guard let next = data.pageToken, !next.isEmpty else {
                throw FeishuError.protocolViolation(context, detail: "has_more is true but no page_token came back")
            }
            guard seen.insert(next).inserted, next != pageToken else {
                throw FeishuError.protocolViolation(context, detail: "the page_token repeats an earlier one")
            }
            pageToken = next
        }
    }

    /// The business codes of each search endpoint (all HTTP 400): retry, restart the chain, or refuse.
    static func searchCodes(_ dataset: DatasetKind) -> (transient: Int, restart: Int, rejected: Set<Int>) {
        switch dataset {
        case .custom: return (1621003, 1621004, [1621001, 1621002])
        case .overall: return (1628003, 1628004, [1628001, 1628002])
        case .blocks: return (1629004, 1629005, [1629001, 1629002, 1629006])
        }
    }

    private func interpretSearch<Element: Decodable>(
        _ response: TransportResponse, dataset: DatasetKind, context: inout APIErrorContext
    ) -> Verdict<(Wire.Page<Element>, APIErrorContext)> {
        switch Wire.decode(Wire.Envelope<Element>.self, from: response.body) {
        case .failure(let problem):
            return Self.badBody(problem, response: response, context: context)
        case .success(let envelope):
            context.code = envelope.code
            context.message = envelope.msg
            if context.logID == nil { context.logID = envelope.error?.logId }
            guard let code = envelope.code else {
                return .fail(.malformedResponse(context, detail: "the answer has no code"))
            }
            if code == 0 {
                guard (200..<300).contains(response.status) else {
                    return .fail(.malformedResponse(context, detail: "code 0 with an error status"))
                }
                guard let data = envelope.data else {
                    return .fail(.malformedResponse(context, detail: "the answer has no data"))
                }
                return .done((data, context))
            }
            let codes = Self.searchCodes(dataset)
            if code == codes.transient { return .transient("code \(code) (internal service error)") }
            if code == codes.restart { return .restartChain }
            if codes.rejected.contains(code) { return .fail(.queryRejected(context)) }
            return classify(code: code, context: context)
        }
    }

    /// Adds a page's items, dropping (and counting) any outside the shard's days or id.
    private func append<C: ChainCollector>(
        _ collector: C.Type, _ items: [C.Element], shard: FetchShard, context: APIErrorContext,
        to output: inout C.Output
    ) throws -> (kept: Int, stray: Int) {
        var kept = 0
        var stray = 0
        for (i, item) in items.enumerated() {
            let added: Bool
            do throws(WireItemProblem) {
                added = try C.add(item, shard: shard, to: &output)
            } catch {
                throw FeishuError.malformedResponse(context, detail: "item \(i) \(error)")
            }
            if added { kept += 1 } else { stray += 1 }
        }
        if stray > 0 {
            logger.warning(
                "the API returned records outside the requested days or id; they were dropped",
                metadata: ["count": "\(stray)", "request": "\(context.endpoint) page \(context.page ?? 0)"])
        }
        return (kept, stray)
    }

    // MARK: The loop

    /// A body that is not JSON at all: truncated or an HTML page from a proxy is transient on a 2xx
    /// answer (a read-only search is safe to repeat); on a 4xx it is the wrong server, so it fails.
    private static func badBody<T>(
        _ problem: WireProblem, response: TransportResponse, context: APIErrorContext
    ) -> Verdict<T> {
        if problem.notJSON, (200..<300).contains(response.status) {
            return .transient(
                "HTTP \(response.status) with a truncated or non-JSON body (\(response.body.count) bytes)")
        }
        return .fail(.malformedResponse(context, detail: problem.detail))
    }

    /// Maps the platform's codes shared by both endpoints.
    private func classify<T>(code: Int, context: APIErrorContext) -> Verdict<T> {
        if code == 99991400 { return .rateLimited }
        if code == Self.quotaCode { return .quotaExhausted }
        if Self.tokenCodes.contains(code) { return .refreshToken(scope: false) }
        if code == 99991676 { return .refreshToken(scope: true) }
        if code == 99991672 { return .fail(.permissionDenied(context)) }
        if Self.appCodes.contains(code) { return .fail(.appUnavailable(context)) }
        if Self.credentialCodes.contains(code) { return .fail(.credentialsRejected(context)) }
        return .fail(.apiError(context))
    }

    /// Sends a request until it succeeds or fails for good.
    ///
    /// Each send waits for the endpoint's budget; the outcome goes to ``RetryDecision``, which says
    /// whether to back off and repeat (transient faults, with jitter, up to `maxAttempts`), pause every
    /// chain for the server's reset (rate limit), refresh the token once, restart the chain, or stop. A
    /// spent monthly quota halts every endpoint's budget, so no chain sends again.
    private func exchange<T>(
        base: APIErrorContext, tokens: TokenStore?, request: (String) -> TransportRequest,
        interpret: (TransportResponse, inout APIErrorContext) -> Verdict<T>
    ) async throws -> T {
        var decision = RetryDecision(
            policy: configuration.retry, canRefresh: tokens != nil && configuration.credentials.canRefresh)
        let limiter = budgets?[base.endpoint]
        let clock = configuration.clock
        while true {
            try Task.checkCancellation()
            let token = try await tokens?.current() ?? ""
            if let limiter { try await limiter.acquire() }
            let outgoing = request(token)
            logger.trace(
                "sending",
                metadata: [
                    "url": "\(outgoing.url)",
                    "headers": "\(outgoing.redactedHeaders.map { "\($0.0): \($0.1)" }.joined(separator: ", "))",
                ])
            tracker.update { if tokens == nil { $0.tokenRequests += 1 } else { $0.requests += 1 } }
            if tokens != nil { calls?.update(report: false) { $0.requests += 1 } }
            var context = base
            var verdict: Verdict<T>
            var serverWait: Duration?
            var serverLimit: Int?
            do {
                let response = try await transport.send(outgoing)
                context.httpStatus = response.status
                context.logID = response.header("X-Tt-Logid")
                if response.status == 429 || (500...599).contains(response.status) {
                    if case .success(let failure) = Wire.decode(Wire.Failure.self, from: response.body) {
                        context.code = failure.code
                        context.message = failure.msg
                        if context.logID == nil { context.logID = failure.error?.logId }
                    }
                    if context.code == Self.quotaCode {
                        verdict = .quotaExhausted
                    } else if response.status == 429 {
                        verdict = .rateLimited
                        serverWait = Self.serverWait(response)
                        serverLimit = response.header("x-ogw-ratelimit-limit").flatMap {
                            Int($0.trimmingCharacters(in: .whitespaces))
                        }
                    } else {
                        verdict = .transient("HTTP \(response.status)")
                    }
                } else {
                    verdict = interpret(response, &context)
                }
                logger.debug(
                    "POST \(base.endpoint)",
                    metadata: [
                        "page": "\(base.page.map(String.init) ?? "-")", "status": "\(response.status)",
                        "code": "\(context.code.map(String.init) ?? "-")", "log_id": "\(context.logID ?? "-")",
                    ])
            } catch let error as TransportError {
                switch error {
                case .timedOut: verdict = .transient("timed out after \(configuration.requestTimeout)")
                case .connectionFailed(let detail): verdict = .transient("connection failed: \(detail)")
                case .responseTooLarge(let limit):
                    throw FeishuError.malformedResponse(context, detail: "the body exceeds \(limit) bytes")
                }
            }
            let outcome: ExchangeOutcome
            switch verdict {
            case .done: outcome = .success
            case .fail: outcome = .failed
            case .transient(let problem): outcome = .transient(problem)
            case .rateLimited: outcome = .rateLimited(serverWait: serverWait)
            case .quotaExhausted: outcome = .quotaExhausted
            case .refreshToken(let scope): outcome = .tokenRejected(scope: scope)
            case .restartChain: outcome = .restartChain
            }
            if case .rateLimited = outcome { tracker.update { $0.rateLimited += 1 } }
            switch decision.next(after: outcome, jitter: Double.random(in: 0...1)) {
            case .done:
                guard case .done(let value) = verdict else {
                    throw FeishuError.internalError("a success without a value")
                }
                return value
            case .restartChain:
                throw ChainRestart(context: context)
            case .refreshToken:
                await tokens?.invalidate(token)
                tracker.update { $0.retries += 1 }
                logger.debug("token rejected: refreshing once", metadata: ["code": "\(context.code ?? 0)"])
            case .retry(let wait, let pauseAll):
                logger.debug(
                    pauseAll ? "rate limited: pausing every chain" : "transient failure: retrying",
                    metadata: ["wait": "\(wait)", "problem": "\(outcome)"])
                tracker.update { $0.retries += 1 }
                if pauseAll, let limiter {
                    let budget = await limiter.throttled(for: wait, serverLimit: serverLimit)
                    logger.debug(
                        "rate limited: budget tightened",
                        metadata: ["limit": "\(budget.limit)", "window": "\(budget.window)"])
                } else {
                    try await clock.sleep(until: clock.now + wait)
                }
            case .stop(let reason):
                switch reason {
                case .failed:
                    if case .fail(let error) = verdict { throw error }
                    throw FeishuError.internalError("a failure without an error")
                case .unavailable(let attempts, let problem):
                    throw FeishuError.unavailable(context, attempts: attempts, lastProblem: problem)
                case .rateLimited(let attempts):
                    throw FeishuError.rateLimited(context, attempts: attempts)
                case .tokenRejected(let scope):
                    if scope { throw FeishuError.permissionDenied(context) }
                    throw FeishuError.tokenRejected(context, refreshable: configuration.credentials.canRefresh)
                case .quotaExhausted:
                    let error = FeishuError.quotaExhausted(
                        context, apiCalls: (calls ?? tracker).current.requests, resetsOn: Self.quotaResetDay())
                    await budgets?.halt(error)
                    logger.debug("monthly quota spent: stopping every chain")
                    throw error
                }
            }
        }
    }

    /// The 1st of next month in UTC+8 (the platform's calendar), when a spent quota resets.
    static func quotaResetDay(now: Date = Date()) -> String {
        let day = Int32((now.timeIntervalSince1970 + 8 * 3600) / 86400)
        return CalendarDate(dayNumber: day).endOfMonth.adding(days: 1).description
    }

    /// The wait a rate-limit answer asks for: `x-ogw-ratelimit-reset`, else `Retry-After`, in whole seconds.
    private static func serverWait(_ response: TransportResponse) -> Duration? {
        for name in ["x-ogw-ratelimit-reset", "retry-after"] {
            if let text = response.header(name)?.trimmingCharacters(in: .whitespaces), let seconds = Int(text),
                seconds > 0
            {
                return .seconds(seconds)
            }
        }
        return nil
    }
}
