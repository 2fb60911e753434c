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

/// The fetch stage: token, shared rate limiter, retries, paging and shards for the custom-workplace
/// access-data search.
///
/// One client owns one send budget per endpoint and one token, shared by every concurrent chain and
/// every fetch made through it. It never reads the environment: the caller builds a ``FeishuClientConfiguration``.
public final class FeishuClient: Sendable {
    /// The token endpoint of an internal app.
    public static let tokenPath = "/open-apis/auth/v3/tenant_access_token/internal"
    /// The seed's endpoint: custom workplace access data.
    public static let searchPath = "/open-apis/workplace/v1/custom_workplace_access_data/search"

    /// The settings this client was made with.
    public let configuration: FeishuClientConfiguration
    private let transport: any FeishuTransport
    private let logger: Logger
    private let budgets: EndpointBudgets
    let tokens: TokenStore
    private let tokenCounter: ProgressTracker

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
            endpoints: [Self.searchPath], limit: configuration.requestsPerSecond,
            window: .seconds(1) + configuration.windowMargin, clock: configuration.clock)
        let counter = ProgressTracker(shards: 0, callback: nil)
        self.tokenCounter = counter
        let exchanger = Exchanger(
            configuration: configuration, transport: transport, logger: logger, budgets: nil, tracker: counter)
        self.tokens = TokenStore(credentials: configuration.credentials, clock: configuration.clock) {
            try await exchanger.requestToken()
        }
    }

    /// Fetches every record of `query`.
    /// - Throws: ``FeishuError`` (or `CancellationError` when the task is cancelled).
    public func fetch(_ query: FetchQuery) async throws -> AccessDataset {
        try await fetch(query, progress: nil).dataset
    }

    /// Fetches every record of `query`, reporting progress after every page and retry.
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
        let shards = query.shards(minimumCount: configuration.concurrency)
        let tracker = ProgressTracker(shards: shards.count, callback: progress)
        let tokensBefore = tokenCounter.current.tokenRequests
        let exchanger = Exchanger(
            configuration: configuration, transport: transport, logger: logger, budgets: budgets, tracker: tracker)
        let tokens = self.tokens
        logger.debug(
            "fetch started",
            metadata: ["range": "\(query.range.from)..\(query.range.to)", "shards": "\(shards.count)"])
        var results = [AccessDataset?](repeating: nil, count: shards.count)
        do {
            try await withThrowingTaskGroup(of: (Int, AccessDataset).self) { group in
                var next = 0
                func launch() {
                    let index = next
                    let shard = shards[index]
                    next += 1
                    group.addTask {
                        let data = try await exchanger.fetchChain(shard, pageSize: query.pageSize, tokens: tokens)
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
        var dataset = AccessDataset(coverage: query.range)
        dataset.reserveCapacity(results.reduce(0) { $0 + ($1?.records.count ?? 0) })
        for result in results {
            guard let result else { throw FeishuError.internalError("a shard finished without data") }
            dataset.append(contentsOf: result)
        }
        dataset.coverage = query.range
        let tokenRequests = tokenCounter.current.tokenRequests - tokensBefore
        tracker.update(report: false) { $0.tokenRequests = tokenRequests }
        let statistics = tracker.current
        logger.debug(
            "fetch finished",
            metadata: [
                "records": "\(dataset.records.count)", "requests": "\(statistics.requests)",
                "retries": "\(statistics.retries)",
            ])
        return FetchResult(dataset: dataset, statistics: statistics)
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

    func fetchChain(_ shard: FetchShard, pageSize: Int, tokens: TokenStore) async throws -> AccessDataset {
        var restarts = 0
        while true {
            var dataset = AccessDataset(coverage: shard.range)
            do {
                try await fetchPages(shard, pageSize: pageSize, tokens: tokens, into: &dataset)
                return dataset
            } catch let restart as ChainRestart {
                let lost = dataset.records.count
                tracker.update {
                    $0.chainRestarts += 1
                    $0.records -= lost
                }
                restarts += 1
                logger.debug(
                    "invalid page_token: restarting the chain",
                    metadata: ["shard": "\(shard)", "restart": "\(restarts)"])
                if restarts > configuration.retry.maxChainRestarts {
                    throw FeishuError.pageTokenRejected(restart.context, restarts: restarts - 1)
                }
            }
        }
    }

    private func fetchPages(
        _ shard: FetchShard, pageSize: Int, tokens: TokenStore, into dataset: inout AccessDataset
    ) async throws {
        var pageToken: String?
        var seen = Set<String>()
        var page = 0
        while true {
            page += 1
            var query: [(String, String)] = [
                ("from_date", shard.range.from.description), ("to_date", shard.range.to.description),
                ("page_size", String(pageSize)),
            ]
            if let pageToken { query.append(("page_token", pageToken)) }
            if let id = shard.workplaceID { query.append(("custom_workplace_id", id)) }
            let base = APIErrorContext(endpoint: FeishuClient.searchPath, page: page, shard: shard.description)
            guard page <= configuration.maxPagesPerChain else {
                throw FeishuError.protocolViolation(
                    base, detail: "more than \(configuration.maxPagesPerChain) pages for one chain")
            }
            let url = configuration.baseURL.url(path: FeishuClient.searchPath, query: query)
            let timeout = configuration.requestTimeout
            let (data, context) = try await exchange(base: base, tokens: tokens) { token in
                TransportRequest(url: url, headers: [("Authorization", "Bearer " + token)], body: nil, timeout: timeout)
            } interpret: { response, context in
                interpretSearch(response, context: &context)
            }
            let kept = try append(data.items ?? [], shard: shard, context: context, to: &dataset)
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

    private func interpretSearch(
        _ response: TransportResponse, context: inout APIErrorContext
    ) -> Verdict<(Wire.SearchData, APIErrorContext)> {
        switch Wire.decode(Wire.SearchEnvelope.self, from: response.body) {
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
            switch code {
            case 1621003: return .transient("code 1621003 (internal service error)")
            case 1621004: return .restartChain
            case 1621001, 1621002: return .fail(.queryRejected(context))
            default: return classify(code: code, context: context)
            }
        }
    }

    /// Adds a page's items, dropping (and counting) any outside the shard's days or workplace.
    private func append(
        _ items: [Wire.Item], shard: FetchShard, context: APIErrorContext, to dataset: inout AccessDataset
    ) throws -> (kept: Int, stray: Int) {
        var kept = 0
        var stray = 0
        for (i, item) in items.enumerated() {
            let checked: Wire.CheckedItem
            do throws(ItemProblem) {
                checked = try item.checked()
            } catch {
                throw FeishuError.malformedResponse(context, detail: "item \(i) \(error)")
            }
            let (id, date, pv, uv, names) = (checked.id, checked.date, checked.pv, checked.uv, checked.names)
            guard shard.range.contains(date), shard.workplaceID == nil || shard.workplaceID == id else {
                stray += 1
                continue
            }
            dataset.append(workplaceID: id, date: date, pv: pv, uv: uv, names: names)
            kept += 1
        }
        if stray > 0 {
            logger.warning(
                "the API returned records outside the requested days or workplace; they were dropped",
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
            var context = base
            var verdict: Verdict<T>
            var serverWait: Duration?
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
                    await limiter.pause(for: wait)
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
                        context, apiCalls: tracker.current.requests, resetsOn: Self.quotaResetDay())
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
