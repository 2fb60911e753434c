import FeishuAPI
import FeishuSimulator
import Testing
import WorkplaceModel

/// Every failure ends in the exact error, category and one-line message, with no secret in it.
@Suite("Errors reported")
struct ErrorTests {
    static let query = try! FetchQuery(fromText: "2026-01-01", toText: "2026-01-31", pageSize: 50)

    /// Fetches with `faults` scripted and returns the error thrown.
    static func failure(
        _ faults: [Int: SimulatedFault] = [:], tokenFaults: [Int: SimulatedFault] = [:],
        credentials: Credentials? = nil, retry: RetryPolicy = Fixture.fastRetry,
        configure: (inout SimulatorConfig) -> Void = { _ in }
    ) async throws -> FeishuError {
        var config = Fixture.smallTenant()
        config.scriptedFaults = faults
        config.scriptedTokenFaults = tokenFaults
        configure(&config)
        return try await Fixture.withSimulator(config) { simulator in
            let client = try Fixture.client(simulator, credentials: credentials, concurrency: 1, retry: retry)
            do {
                let dataset = try await client.fetch(query)
                Issue.record("expected a failure, got \(dataset.records.count) records")
                return FeishuError.internalError("no failure")
            } catch let error as FeishuError {
                let text = error.description
                #expect(!text.contains(SimulatorConfig.demoAppSecret))
                #expect(!text.contains("Bearer"))
                #expect(!text.contains("t-"))
                #expect(!text.contains("\n"))
                return error
            }
        }
    }

    @Test("a wrong app secret is 10014, a credentials failure naming FEISHU_APP_SECRET")
    func wrongSecret() async throws {
        let error = try await Self.failure(credentials: .app(id: SimulatorConfig.demoAppID, secret: "wrong-secret"))
        guard case .credentialsRejected(let context) = error else { Issue.record("got \(error)"); return }
        #expect(context.code == 10014)
        #expect(context.httpStatus == 200)
        #expect(context.endpoint == "/open-apis/auth/v3/tenant_access_token/internal")
        #expect(error.category == .credentials)
        #expect(error.description.contains("FEISHU_APP_SECRET"))
        #expect(!error.description.contains("wrong-secret"))
    }

    @Test("an unknown app id is 10003, exit 77")
    func unknownApp() async throws {
        let error = try await Self.failure(credentials: .app(id: "cli_nobody", secret: "x"))
        guard case .credentialsRejected(let context) = error else { Issue.record("got \(error)"); return }
        #expect(context.code == 10003)
        #expect(context.logID?.isEmpty == false)
        #expect(error.description.contains("log id \(context.logID ?? "?")"))
    }

    @Test("a given tenant token that is rejected cannot be refreshed: exit 77")
    func staticTokenRejected() async throws {
        let error = try await Self.failure(credentials: .tenantToken("t-not-a-token"))
        guard case .tokenRejected(let context, refreshable: false) = error else { Issue.record("got \(error)"); return }
        #expect(context.code == 99991663)
        #expect(error.category == .credentials)
        #expect(error.description.contains("FEISHU_TENANT_ACCESS_TOKEN"))
        #expect(!error.description.contains("t-not-a-token"))
    }

    @Test("a token rejected again right after a refresh is fatal")
    func tokenRejectedTwice() async throws {
        let error = try await Self.failure([1: .expireToken, 2: .expireToken])
        guard case .tokenRejected(let context, refreshable: true) = error else { Issue.record("got \(error)"); return }
        #expect(context.code == 99991663)
        #expect(context.page == 1)
    }

    @Test(
        "platform codes map to one clear category",
        arguments: [
            (99991672, FeishuError.Category.credentials, "workplace:workplace_using_data:read"),
            (99991662, .credentials, "disabled or not installed"),
            (99991673, .credentials, "disabled or not installed"),
            (99991543, .credentials, "FEISHU_APP_ID"),
            (1621001, .usage, "--from"),
            (1621002, .usage, "--from"),
            (4242424, .protocolViolation, "log id"),
        ])
    func platformCodes(code: Int, category: FeishuError.Category, hint: String) async throws {
        let error = try await Self.failure([1: .platformError(status: 400, code: code, message: "nope")])
        #expect(error.category == category)
        #expect(error.context?.code == code)
        #expect(error.context?.message == "nope")
        #expect(error.description.contains(hint))
    }

    @Test("99991676 (scope added later) refreshes the token once, then is a permission error")
    func scopeRefresh() async throws {
        let scope = SimulatedFault.platformError(status: 400, code: 99991676, message: "token lacks scope")
        let error = try await Self.failure([1: scope, 2: scope])
        guard case .permissionDenied(let context) = error else { Issue.record("got \(error)"); return }
        #expect(context.code == 99991676)
        // Once is enough when the refreshed token carries the scope.
        var config = Fixture.smallTenant()
        config.scriptedFaults = [1: scope]
        try await Fixture.withSimulator(config) { simulator in
            let client = try Fixture.client(simulator, concurrency: 1)
            try await Fixture.expectExactFetch(client, simulator, Self.query)
        }
    }

    @Test("1621003 on every attempt ends as unavailable after maxAttempts")
    func persistentInternalError() async throws {
        let error = try await Self.failure([1: .internalError, 2: .internalError, 3: .internalError, 4: .internalError])
        guard case .unavailable(let context, let attempts, _) = error else { Issue.record("got \(error)"); return }
        #expect(attempts == Fixture.fastRetry.maxAttempts)
        #expect(context.code == 1621003)
        #expect(context.page == 1)
        #expect(error.category == .unavailable)
    }

    @Test("a refused connection ends as unavailable")
    func connectionRefused() async throws {
        let simulator = try await Simulator.start(Fixture.smallTenant())
        await simulator.stop()
        let client = try Fixture.client(simulator)
        await #expect {
            try await client.fetch(Self.query)
        } throws: { error in
            guard case .unavailable(let context, let attempts, let problem)? = error as? FeishuError else {
                return false
            }
            return attempts == Fixture.fastRetry.maxAttempts
                && context.endpoint.hasSuffix("tenant_access_token/internal")
                && problem == "connection failed: connection refused"
        }
    }

    @Test("rate-limit answers beyond maxRateLimitWaits end as rateLimited")
    func persistentRateLimit() async throws {
        var faults: [Int: SimulatedFault] = [:]
        for i in 1...10 { faults[i] = .rateLimited(resetSeconds: nil, retryAfter: nil) }
        let error = try await Self.failure(faults)
        guard case .rateLimited(let context, let attempts) = error else { Issue.record("got \(error)"); return }
        #expect(attempts == Fixture.fastRetry.maxRateLimitWaits + 1)
        #expect(context.httpStatus == 429)
        #expect(context.code == 99991400)
        #expect(error.category == .unavailable)
    }

    @Test("a reset header asking for an absurd wait fails at once instead of sleeping")
    func absurdReset() async throws {
        let start = ContinuousClock.now
        let error = try await Self.failure([1: .rateLimited(resetSeconds: 3600, retryAfter: nil)])
        guard case .rateLimited(_, let attempts) = error else { Issue.record("got \(error)"); return }
        #expect(attempts == 1)
        #expect(ContinuousClock.now - start < .seconds(60), "it must not sleep for the hour the header asks")
    }

    @Test("1621004 after every restart ends as pageTokenRejected")
    func persistentInvalidPageToken() async throws {
        let error = try await Self.failure([1: .invalidPageToken, 2: .invalidPageToken, 3: .invalidPageToken])
        guard case .pageTokenRejected(let context, let restarts) = error else { Issue.record("got \(error)"); return }
        #expect(restarts == Fixture.fastRetry.maxChainRestarts)
        #expect(context.code == 1621004)
    }

    @Test("a truncated body on every attempt ends as unavailable, naming the endpoint, page, days and log id")
    func malformedJSON() async throws {
        let error = try await Self.failure([3: .malformedJSON, 4: .malformedJSON, 5: .truncatedBody, 6: .malformedJSON])
        guard case .unavailable(let context, let attempts, let problem) = error else {
            Issue.record("got \(error)")
            return
        }
        #expect(attempts == Fixture.fastRetry.maxAttempts)
        #expect(context.page == 3)
        #expect(context.httpStatus == 200)
        #expect(context.logID?.hasPrefix("sim7-") == true)
        #expect(problem.contains("truncated or non-JSON body"))
        #expect(
            error.description.contains(
                "POST /open-apis/workplace/v1/custom_workplace_access_data/search (page 3, 2026-01-01..2026-01-31)"))
        #expect(error.category == .unavailable)
    }

    @Test("has_more without a page_token is a protocol error")
    func hasMoreWithoutToken() async throws {
        let error = try await Self.failure([2: .hasMoreWithoutPageToken])
        guard case .protocolViolation(let context, let detail) = error else { Issue.record("got \(error)"); return }
        #expect(context.page == 2)
        #expect(detail.contains("has_more"))
    }

    @Test("a repeated page_token is a protocol error, not an endless loop")
    func repeatedToken() async throws {
        let error = try await Self.failure([2: .repeatPageToken])
        guard case .protocolViolation(let context, let detail) = error else { Issue.record("got \(error)"); return }
        #expect(context.page == 2)
        #expect(detail.contains("repeats"))
    }

    @Test("more pages than maxPagesPerChain is a protocol error")
    func absurdPageCount() async throws {
        try await Fixture.withSimulator(Fixture.smallTenant()) { simulator in
            let configuration = FeishuClientConfiguration(
                baseURL: try FeishuBaseURL(simulator.baseURL),
                credentials: .app(id: SimulatorConfig.demoAppID, secret: SimulatorConfig.demoAppSecret),
                concurrency: 1, requestsPerSecond: 1000, retry: Fixture.fastRetry, maxPagesPerChain: 3)
            let client = try FeishuClient(configuration: configuration)
            let query = try FetchQuery(fromText: "2026-01-01", toText: "2026-01-31", pageSize: 5)
            await #expect {
                try await client.fetch(query)
            } throws: { error in
                guard case .protocolViolation(let context, let detail)? = error as? FeishuError else { return false }
                return context.page == 4 && detail.contains("more than 3 pages")
            }
        }
    }

    @Test("a failure in one shard cancels the others and surfaces once")
    func shardFailure() async throws {
        var config = Fixture.smallTenant()
        config.scriptedFaults = [2: .platformError(status: 403, code: 99991672, message: "no scope")]
        try await Fixture.withSimulator(config) { simulator in
            let client = try Fixture.client(simulator, concurrency: 4)
            let query = try FetchQuery(fromText: "2026-01-01", toText: "2026-03-31", pageSize: 5)
            await #expect {
                try await client.fetch(query)
            } throws: { error in
                guard case .permissionDenied(let context)? = error as? FeishuError else { return false }
                return context.httpStatus == 403
            }
        }
    }
}
