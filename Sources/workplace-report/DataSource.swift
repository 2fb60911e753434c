import FeishuAPI
import FeishuSimulator
import Foundation
import Logging
import Synchronization
import WorkplaceAnalytics
import WorkplaceFiles
import WorkplaceModel

/// What a run asks its source for.
///
/// A new dataset (issue 14: overall and block access data) is one more field here and in
/// ``SourcedData``; the renderers see only the report model, so they do not change with the source.
struct DataRequest: Sendable {
    /// The days the report needs: the previous period through the end of the reported one.
    var range: DateRange
    /// Only these workplaces, or every workplace when empty.
    var workplaceIDs: [String]
    /// The run's time stamp, recorded as the fetch time of live data.
    var fetchedAt: Int64
    /// The days the report's 13-month history and year-ago period need (monthly and weekly reports).
    ///
    /// Only a source that keeps what it fetched (``StoreSource``) asks for them: a plain API report
    /// fetches `range` alone, so its quota spend does not grow with the history. Files give what they hold.
    var history: DateRange? = nil
    /// The datasets to fetch (all three by default); a source leaves the others nil.
    var datasets: [DatasetKind] = DatasetKind.allCases
    /// Only these blocks, or every block when empty (the block fetch's `block_id` filter).
    var blockIDs: [String] = []

    /// `range` and `history` together: what a history store fills and reads.
    var withHistory: DateRange {
        guard let history else { return range }
        return DateRange(from: min(history.from, range.from), to: max(history.to, range.to))!
    }
}

/// What a source returned: the records and what is known about where they came from.
struct SourcedData: Sendable {
    /// The records of each dataset read, in arrival order.
    var data: WorkplaceData

    /// The custom workplaces' records (empty when that dataset was not read).
    var custom: AccessDataset { data.custom ?? AccessDataset() }
    /// The query, origin and fetch time (a fetch's, or a snapshot file's), nil for raw API output.
    var metadata: SnapshotMetadata?
    /// The input file, or nil for a live fetch.
    var input: String?
    /// The API calls this run made (search requests of every endpoint; token requests are exempt from
    /// the quota), 0 for a file.
    var apiCalls: Int = 0
    /// The API calls per dataset's endpoint (empty for a file).
    var apiCallsByDataset: [DatasetKind: Int] = [:]

    /// The report's account of the source.
    var provenance: ReportSource {
        ReportSource(baseURL: metadata?.baseURL, fetchedAt: metadata?.fetchedAt, input: input, apiCalls: apiCalls)
    }
}

/// Where a run's records come from: an input file, the live API, or the built-in simulator.
///
/// The history store (``StoreSource``) is one more conformance, which wraps ``FeishuAPISource`` to fetch
/// only the days it does not hold; nothing after the source changes.
protocol DataSource: Sendable {
    /// The name of this stage in `--timings`: `fetch` or `read`.
    var phase: String { get }

    /// The records `request` asks for.
    /// - Throws: the source's own errors (`FeishuError`, `SnapshotError`, `SimulatorError`).
    func load(_ request: DataRequest, logger: Logger) async throws -> SourcedData
}

/// `report --input FILE`: a snapshot or saved API output.
struct InputFileSource: DataSource {
    /// The file (`-` for standard input).
    var path: String

    var phase: String { "read" }

    func load(_ request: DataRequest, logger: Logger) async throws -> SourcedData {
        let input = try SnapshotFile.read(from: path)
        return SourcedData(data: input.data, metadata: input.metadata, input: path)
    }
}

/// The live Feishu Open API, page by page over HTTP.
struct FeishuAPISource: DataSource {
    /// The API origin as given (flag, config, FEISHU_BASE_URL or the default).
    var baseURL: String
    /// The app or token.
    var credentials: Credentials
    /// Items per page.
    var pageSize: Int
    /// Page chains at once.
    var concurrency: Int
    /// How much longer than 1 s the rate window is, in ms.
    var rateMarginMs: Int
    /// Whether to draw the progress line (only ever on a terminal).
    var showsProgress: Bool

    /// The source the merged `settings` name, with the credentials from `env`.
    /// - Throws: ``UsageError`` when the environment holds no credentials.
    init(_ settings: JobSettings, env: [String: String], quiet: Bool) throws {
        let s = settings.over(.defaults)
        baseURL = s.baseURL!
        credentials = try Environment.credentials(env)
        pageSize = s.pageSize!
        concurrency = s.concurrency!
        rateMarginMs = s.rateMarginMs!
        showsProgress = !quiet && isatty(STDERR_FILENO) == 1
    }

    init(
        baseURL: String, credentials: Credentials, pageSize: Int, concurrency: Int, rateMarginMs: Int,
        showsProgress: Bool
    ) {
        self.baseURL = baseURL
        self.credentials = credentials
        self.pageSize = pageSize
        self.concurrency = concurrency
        self.rateMarginMs = rateMarginMs
        self.showsProgress = showsProgress
    }

    var phase: String { "fetch" }

    /// A client for this source's API host and credentials.
    func client(logger: Logger) throws -> FeishuClient {
        let configuration = FeishuClientConfiguration(
            baseURL: try FeishuBaseURL(baseURL), credentials: credentials, concurrency: concurrency,
            windowMargin: .milliseconds(rateMarginMs))
        return try FeishuClient(configuration: configuration, logger: logger)
    }

    /// The page size of `dataset`'s endpoint: `--page-size` for custom workplaces, twice it (200 by
    /// default, their largest) for the whole-workplace and block endpoints.
    func pageSize(for dataset: DatasetKind) -> Int {
        dataset == .custom ? pageSize : min(2 * pageSize, dataset.maximumPageSize)
    }

    /// The query of each asked dataset, built (and checked) before anything is sent.
    func queries(_ request: DataRequest, datasets: [DatasetKind]) throws -> [DatasetKind: FetchQuery] {
        var queries: [DatasetKind: FetchQuery] = [:]
        for dataset in datasets {
            let ids: [String]
            switch dataset {
            case .custom: ids = request.workplaceIDs
            case .overall: ids = []
            case .blocks: ids = request.blockIDs
            }
            queries[dataset] = try FetchQuery(
                from: request.range.from, to: request.range.to, workplaceIDs: ids, pageSize: pageSize(for: dataset),
                dataset: dataset)
        }
        return queries
    }

    func load(_ request: DataRequest, logger: Logger) async throws -> SourcedData {
        let queries = try queries(request, datasets: request.datasets)
        let client = try client(logger: logger)
        let progress = ProgressLine(enabled: showsProgress)
        let fetched = try await Self.fetch(queries, client: client, progress: progress)
        progress.finish()
        logger.notice("\(summary(fetched, client: client))")
        let custom = queries[.custom]
        let metadata = SnapshotMetadata(
            query: SnapshotQuery(
                range: request.range, workplaceIDs: request.workplaceIDs, pageSize: custom?.pageSize ?? pageSize,
                datasets: request.datasets.sorted(), blockIDs: request.blockIDs),
            baseURL: baseURL, fetchedAt: ISO8601.utc(seconds: request.fetchedAt))
        return SourcedData(
            data: fetched.data, metadata: metadata, input: nil, apiCalls: fetched.apiCalls,
            apiCallsByDataset: fetched.statistics.mapValues(\.requests))
    }

    /// What the fetches of several datasets brought.
    struct Fetched {
        var data = WorkplaceData()
        var statistics: [DatasetKind: FetchProgress] = [:]
        var apiCalls: Int { statistics.values.reduce(0) { $0 + $1.requests } }
    }

    /// Fetches every query side by side through one client (each endpoint has its own rate budget).
    static func fetch(
        _ queries: [DatasetKind: FetchQuery], client: FeishuClient, progress: ProgressLine
    ) async throws -> Fetched {
        let totals = ProgressTotals(progress)
        async let custom: FetchResult? = queries[.custom].asyncMap { query in
            try await client.fetch(query, progress: { totals.show(.custom, $0) })
        }
        async let overall: OverallFetchResult? = queries[.overall].asyncMap { query in
            try await client.fetchOverall(query, progress: { totals.show(.overall, $0) })
        }
        async let blocks: FetchResult? = queries[.blocks].asyncMap { query in
            try await client.fetchBlocks(query, progress: { totals.show(.blocks, $0) })
        }
        var fetched = Fetched()
        if let result = try await custom {
            fetched.data.custom = result.dataset
            fetched.statistics[.custom] = result.statistics
        }
        if let result = try await overall {
            fetched.data.overall = result.dataset
            fetched.statistics[.overall] = result.statistics
        }
        if let result = try await blocks {
            fetched.data.blocks = result.dataset
            fetched.statistics[.blocks] = result.statistics
        }
        return fetched
    }

    /// `fetched 1234 records in 20 pages from HOST: 21 API calls (custom 12, overall 1, blocks 8; 0 retries, …)`.
    func summary(_ fetched: Fetched, client: FeishuClient) -> String {
        let all = fetched.statistics.values
        let records = all.reduce(0) { $0 + $1.records }
        let pages = all.reduce(0) { $0 + $1.pages }
        let retries = all.reduce(0) { $0 + $1.retries }
        let limited = all.reduce(0) { $0 + $1.rateLimited }
        // The fetches share one client and its token: each counts the same token requests, so take the largest.
        let tokens = all.map(\.tokenRequests).max() ?? 0
        let each = DatasetKind.allCases.compactMap { kind in
            fetched.statistics[kind].map { "\(kind.rawValue) \($0.requests)" }
        }.joined(separator: ", ")
        return "fetched \(records) records in \(pages) pages from \(client.configuration.baseURL):"
            + " \(fetched.apiCalls) API calls (\(each); \(retries) retries, \(limited) rate-limited,"
            + " \(tokens) token requests)"
    }
}

extension Optional {
    /// `transform` of the wrapped value, awaited; nil stays nil.
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}

/// The progress of the datasets' fetches added up, for the one progress line.
final class ProgressTotals: Sendable {
    private let line: ProgressLine
    private let latest = Mutex<[DatasetKind: FetchProgress]>([:])

    init(_ line: ProgressLine) {
        self.line = line
    }

    func show(_ dataset: DatasetKind, _ progress: FetchProgress) {
        let sum = latest.withLock { latest in
            latest[dataset] = progress
            var sum = FetchProgress()
            for p in latest.values {
                sum.shardsDone += p.shardsDone
                sum.shardsTotal += p.shardsTotal
                sum.pages += p.pages
                sum.records += p.records
                sum.requests += p.requests
                sum.retries += p.retries
                sum.elapsed = max(sum.elapsed, p.elapsed)
            }
            return sum
        }
        line.show(sum)
    }
}

/// `demo`: the simulated Feishu Open API on loopback, fetched over real HTTP like the live one.
struct SimulatorSource: DataSource {
    /// The seed of the simulated tenant.
    var seed: UInt64
    /// How the fetch pages (the same settings as a live fetch).
    var pageSize: Int
    /// Page chains at once.
    var concurrency: Int
    /// How much longer than 1 s the rate window is, in ms.
    var rateMarginMs: Int
    /// Whether to draw the progress line.
    var showsProgress: Bool

    var phase: String { "fetch" }

    /// The simulated tenant of `seed`: the simulator's defaults otherwise.
    static func tenantConfig(seed: UInt64) -> SimulatorConfig {
        var config = SimulatorConfig()
        config.seed = seed
        return config
    }

    func load(_ request: DataRequest, logger: Logger) async throws -> SourcedData {
        let simulator = try await Simulator.start(Self.tenantConfig(seed: seed))
        logger.info("simulator listening on \(simulator.baseURL)")
        let api = FeishuAPISource(
            baseURL: simulator.baseURL,
            credentials: .app(id: SimulatorConfig.demoAppID, secret: SimulatorConfig.demoAppSecret),
            pageSize: pageSize, concurrency: concurrency, rateMarginMs: rateMarginMs, showsProgress: showsProgress)
        var data: SourcedData
        do {
            data = try await api.load(request, logger: logger)
            await simulator.stop()
        } catch {
            await simulator.stop()
            throw error
        }
        // The port changes every run; name the source so that reruns give identical files.
        data.metadata?.baseURL = "http://127.0.0.1 (built-in simulator, seed \(seed))"
        return data
    }
}

/// The progress line on a terminal's stderr: pages, records, requests/s, retries; rewritten in place.
final class ProgressLine: Sendable {
    private let enabled: Bool

    init(enabled: Bool) {
        self.enabled = enabled
    }

    func show(_ p: FetchProgress) {
        guard enabled else { return }
        let line = String(
            format: "\r  %d/%d shards · %d pages · %d records · %.1f requests/s · %d retries ",
            p.shardsDone, p.shardsTotal, p.pages, p.records, p.requestsPerSecond, p.retries)
        FileHandle.standardError.write(Data(line.utf8))
    }

    func finish() {
        if enabled { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
