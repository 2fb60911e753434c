import FeishuAPI
import FeishuSimulator
import Logging
import Testing
import WorkplaceModel

/// A record reduced to comparable plain values: (id, date, pv, uv).
struct Row: Hashable, CustomStringConvertible {
    var id: String
    var date: String
    var pv: Int64
    var uv: Int64

    var description: String { "\(id) \(date) \(pv)/\(uv)" }
}

/// Test helpers: a simulator on loopback and a client pointed at it with short delays.
enum Fixture {
    /// A small realistic tenant: 9 workplaces over 2026-01-01 … 2026-03-31, no rate limit.
    static func smallTenant(seed: UInt64 = 7) -> SimulatorConfig {
        var config = SimulatorConfig()
        config.seed = seed
        config.workplaces = 9
        config.firstDay = SimulatedDay(year: 2026, month: 1, day: 1)!
        config.days = 90
        config.rateLimit = false
        return config
    }

    /// Retries fast enough for tests.
    static let fastRetry = RetryPolicy(
        maxAttempts: 4, baseDelay: .milliseconds(5), maxDelay: .milliseconds(40), maxRateLimitWaits: 5,
        maxRateLimitWait: .seconds(3), maxChainRestarts: 2)

    static func client(
        _ simulator: RunningSimulator, credentials: Credentials? = nil, concurrency: Int = 4,
        requestsPerSecond: Int = 1000, retry: RetryPolicy = fastRetry, timeout: Duration = .seconds(5),
        clock: any FetchClock = SystemFetchClock()
    ) throws -> FeishuClient {
        let configuration = FeishuClientConfiguration(
            baseURL: try FeishuBaseURL(simulator.baseURL),
            credentials: credentials ?? .app(id: SimulatorConfig.demoAppID, secret: SimulatorConfig.demoAppSecret),
            concurrency: concurrency, requestsPerSecond: requestsPerSecond, retry: retry, requestTimeout: timeout,
            clock: clock)
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return try FeishuClient(configuration: configuration, logger: logger)
    }

    /// Runs `body` with a started simulator and stops it afterwards.
    static func withSimulator<T>(
        _ config: SimulatorConfig, _ body: (RunningSimulator) async throws -> T
    ) async throws -> T {
        let simulator = try await Simulator.start(config)
        do {
            let result = try await body(simulator)
            await simulator.stop()
            return result
        } catch {
            await simulator.stop()
            throw error
        }
    }

    /// The dataset's records as rows, in the order the fetch returned them.
    static func rows(_ dataset: AccessDataset) -> [Row] {
        dataset.records.map { r in
            Row(id: dataset.workplaces[Int(r.workplace)].id, date: r.date.description, pv: r.pv, uv: r.uv)
        }
    }

    /// The simulator's truth for a query, in the order a sharded fetch merges it: by workplace id as
    /// given (all at once when none), then by (date, id).
    static func truth(_ simulator: RunningSimulator, _ query: FetchQuery) -> [Row] {
        let from = SimulatedDay(query.range.from.description)!
        let to = SimulatedDay(query.range.to.description)!
        let ids: [String?] = query.workplaceIDs.isEmpty ? [nil] : query.workplaceIDs
        return ids.flatMap { id in
            simulator.tenant.records(from: from, to: to, workplace: id).map {
                Row(id: $0.workplaceID, date: $0.day.description, pv: Int64($0.pv), uv: Int64($0.uv))
            }
        }
    }

    /// Fetches `query` and expects exactly the simulator's records, in order, with the latest names.
    @discardableResult
    static func expectExactFetch(
        _ client: FeishuClient, _ simulator: RunningSimulator, _ query: FetchQuery,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> FetchResult {
        let result = try await client.fetch(query, progress: nil)
        let fetched = rows(result.dataset)
        let expected = truth(simulator, query)
        #expect(fetched.count == expected.count, sourceLocation: sourceLocation)
        #expect(fetched == expected, sourceLocation: sourceLocation)
        #expect(result.dataset.coverage == query.range, sourceLocation: sourceLocation)
        return result
    }
}
