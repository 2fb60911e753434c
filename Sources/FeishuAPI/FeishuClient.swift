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

/// The caller's `chainCompleted` threw: its error leaves the fetch as it was.
private struct ChainHandlerFailure: Error {
    var error: any Error
}
