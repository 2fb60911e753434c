import Foundation
import Logging
import WorkplaceModel

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The API said 1621004: the chain must start again from page 1.
struct ChainRestart: Error {
    var context: APIErrorContext
}

/// What one response means for the request loop.
enum Verdict<T> {
    case done(T)
    case transient(String)
    case rateLimited
    case quotaExhausted
    case refreshToken(scope: Bool)
    case restartChain
    case fail(FeishuError)
}

/// The request loop shared by the token and search endpoints: limiter, retries, backoff, refresh.
struct Exchanger: Sendable {
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
