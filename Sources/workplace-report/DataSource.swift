import FeishuAPI
import FeishuSimulator
import Foundation
import Logging
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
    /// The API calls this run made (search requests; token requests are exempt from the quota), 0 for a file.
    var apiCalls: Int = 0

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
        showsProgress = !quiet && isatty(STDERR_FILENO) == 1
    }

    init(baseURL: String, credentials: Credentials, pageSize: Int, concurrency: Int, showsProgress: Bool) {
        self.baseURL = baseURL
        self.credentials = credentials
        self.pageSize = pageSize
        self.concurrency = concurrency
        self.showsProgress = showsProgress
    }

    var phase: String { "fetch" }

    /// A client for this source's API host and credentials.
    func client(logger: Logger) throws -> FeishuClient {
        let configuration = FeishuClientConfiguration(
            baseURL: try FeishuBaseURL(baseURL), credentials: credentials, concurrency: concurrency)
        return try FeishuClient(configuration: configuration, logger: logger)
    }

    func load(_ request: DataRequest, logger: Logger) async throws -> SourcedData {
        let query = try FetchQuery(
            from: request.range.from, to: request.range.to, workplaceIDs: request.workplaceIDs, pageSize: pageSize)
        let client = try client(logger: logger)
        let configuration = client.configuration
        let progress = ProgressLine(enabled: showsProgress)
        let result = try await client.fetch(query, progress: { progress.show($0) })
        progress.finish()
        let s = result.statistics
        let summary =
            "fetched \(s.records) records in \(s.pages) pages from \(configuration.baseURL): \(s.requests) API calls"
            + " (\(s.retries) retries, \(s.rateLimited) rate-limited, \(s.tokenRequests) token requests)"
        logger.notice("\(summary)")
        let metadata = SnapshotMetadata(
            query: SnapshotQuery(range: query.range, workplaceIDs: query.workplaceIDs, pageSize: query.pageSize),
            baseURL: baseURL, fetchedAt: ISO8601.utc(seconds: request.fetchedAt))
        return SourcedData(
            data: WorkplaceData(custom: result.dataset), metadata: metadata, input: nil, apiCalls: s.requests)
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
    /// Whether to draw the progress line.
    var showsProgress: Bool

    var phase: String { "fetch" }

    func load(_ request: DataRequest, logger: Logger) async throws -> SourcedData {
        var config = SimulatorConfig()
        config.seed = seed
        let simulator = try await Simulator.start(config)
        logger.info("simulator listening on \(simulator.baseURL)")
        let api = FeishuAPISource(
            baseURL: simulator.baseURL,
            credentials: .app(id: SimulatorConfig.demoAppID, secret: SimulatorConfig.demoAppSecret),
            pageSize: pageSize, concurrency: concurrency, showsProgress: showsProgress)
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
