import FeishuAPI
import Foundation
import Logging
import WorkplaceFiles
import WorkplaceModel
import WorkplaceStore

/// `--store FILE`: the history store as the source.
///
/// Online it fetches only the days the store does not
/// hold settled (``Coverage/toFetch(_:entries:filter:refetchDays:)``), committing each finished page
/// chain in one transaction, then reads the request from the store; `--offline` only reads.
struct StoreSource: DataSource {
    /// The store file.
    var path: String
    /// Days before today that are fetched again however often they were fetched (they may not have settled).
    var refetchDays: Int
    /// The API to fetch missing days from, or nil for `report --offline`.
    var api: FeishuAPISource?

    var phase: String { api == nil ? "read" : "fetch" }

    /// The dataset this source keeps (issue 14 adds more).
    static let dataset = HistoryStore.customWorkplaces

    func load(_ request: DataRequest, logger: Logger) async throws -> SourcedData {
        let store = try HistoryStore.open(path: path, create: api != nil)
        defer { try? store.close() }
        // The report's days and, for a monthly or weekly report, its 13 months and the year-ago period:
        // filled once, so later runs fetch only the new days and the refetch window.
        var wanted = request
        wanted.range = request.withHistory
        // The store keeps custom workplaces only so far: the whole workplace and the blocks are fetched
        // live for the request's days (queries checked before the first call).
        let siblings = request.datasets.filter { $0 != .custom }
        let liveQueries = try api.map { try $0.queries(request, datasets: siblings) } ?? [:]
        var apiCalls = 0
        if let api, request.datasets.contains(.custom) {
            apiCalls = try await fill(store, wanted, api: api, logger: logger)
        }
        var live = FeishuAPISource.Fetched()
        if let api, !liveQueries.isEmpty {
            let client = try api.client(logger: logger)
            let progress = ProgressLine(enabled: api.showsProgress)
            live = try await FeishuAPISource.fetch(liveQueries, client: client, progress: progress)
            progress.finish()
            logger.notice("not kept in the store (live): \(api.summary(live, client: client))")
        }
        var dataset = try store.load(dataset: Self.dataset, range: wanted.range, workplaceIDs: request.workplaceIDs)
        let entries = try store.coverage(dataset: Self.dataset)
        let missing = Self.missing(request, entries: entries)
        dataset.coverage = Self.knownSuffix(request.range, missing: missing)
        dataset.coveredRanges = Self.covered(wanted.range, missing: Self.missing(wanted, entries: entries))
        if !missing.isEmpty {
            let days = Coverage.dayCount(missing)
            let list = missing.prefix(5).map { $0.days == 1 ? "\($0.from)" : "\($0.from)..\($0.to)" }
                .joined(separator: ", ")
            logger.warning(
                "store \(path) does not cover \(days) of the \(request.range.days) days asked for (\(list)\(missing.count > 5 ? ", …" : "")): they count as missing, not as zero"
            )
        }
        let fetchedAt =
            api != nil
            ? ISO8601.utc(seconds: request.fetchedAt)
            : entries.filter { $0.range.from <= request.range.to && $0.range.to >= request.range.from }
                .map(\.fetchedAt).max().map(ISO8601.utc(seconds:))
        let baseURL = try store.baseURL() ?? api?.baseURL ?? "unknown"
        let metadata = SnapshotMetadata(
            query: SnapshotQuery(
                range: request.range, workplaceIDs: request.workplaceIDs, pageSize: api?.pageSize ?? 100),
            baseURL: baseURL, fetchedAt: fetchedAt)
        var data = live.data
        data.custom = request.datasets.contains(.custom) ? dataset : nil
        var byDataset = live.statistics.mapValues(\.requests)
        if api != nil, request.datasets.contains(.custom) { byDataset[.custom] = apiCalls }
        return SourcedData(
            data: data, metadata: metadata, input: api == nil ? path : nil, apiCalls: apiCalls + live.apiCalls,
            apiCallsByDataset: byDataset)
    }

    /// Fetches what the store lacks for `request`; returns the API calls made.
    private func fill(_ store: HistoryStore, _ request: DataRequest, api: FeishuAPISource, logger: Logger) async throws
        -> Int
    {
        let baseURL = try FeishuBaseURL(api.baseURL)
        let host = baseURL.port.map { "\(baseURL.host):\($0)" } ?? baseURL.host
        let appID: String?
        if case .app(let id, _) = api.credentials { appID = id } else { appID = nil }
        try store.claim(StoreTenant(apiHost: host, appID: appID), baseURL: api.baseURL)
        let entries = try store.coverage(dataset: Self.dataset)
        let filters: [String?] = request.workplaceIDs.isEmpty ? [nil] : request.workplaceIDs
        var queries: [FetchQuery] = []
        for filter in filters {
            for range in Coverage.toFetch(request.range, entries: entries, filter: filter, refetchDays: refetchDays) {
                queries.append(
                    try FetchQuery(
                        from: range.from, to: range.to, workplaceIDs: filter.map { [$0] } ?? [],
                        pageSize: api.pageSize))
            }
        }
        let days = queries.reduce(0) { $0 + $1.range.days }
        guard !queries.isEmpty else {
            logger.notice("store \(path) holds every day of \(request.range.from)..\(request.range.to): 0 API calls")
            return 0
        }
        let client = try api.client(logger: logger)
        let progress = ProgressLine(enabled: api.showsProgress)
        var calls = 0
        var records = 0
        let fetchedAt = request.fetchedAt
        for query in queries {
            let result = try await client.fetch(
                query, progress: { progress.show($0) },
                chainCompleted: { shard, data in
                    try store.commit(
                        dataset: Self.dataset, filter: shard.workplaceID, range: shard.range, records: data,
                        fetchedAt: fetchedAt)
                })
            calls += result.statistics.requests
            records += result.statistics.records
        }
        progress.finish()
        logger.notice(
            "store \(path): fetched \(days) days the store did not hold settled (\(records) records) from \(api.baseURL): \(calls) API calls"
        )
        return calls
    }

    /// The days of the request no coverage row lists, for any of its workplace filters.
    static func missing(_ request: DataRequest, entries: [CoverageEntry]) -> [DateRange] {
        let filters: [String?] = request.workplaceIDs.isEmpty ? [nil] : request.workplaceIDs
        return Coverage.union(
            filters.flatMap { Coverage.missing(request.range, covered: Coverage.covered(entries, filter: $0)) })
    }

    /// The days of `range` that are not `missing` (sorted, disjoint, as ``Coverage/missing(_:covered:)`` gives them).
    static func covered(_ range: DateRange, missing: [DateRange]) -> [DateRange] {
        var covered: [DateRange] = []
        var next = range.from
        for gap in missing {
            if next < gap.from { covered.append(DateRange(from: next, to: gap.from.adding(days: -1))!) }
            next = max(next, gap.to.adding(days: 1))
        }
        if next <= range.to { covered.append(DateRange(from: next, to: range.to)!) }
        return covered
    }

    /// The days the data is known for, as the one range a dataset carries: the request's days after the
    /// last missing one (a range just after the request when its last day is missing, so that nothing
    /// uncovered is claimed).
    static func knownSuffix(_ range: DateRange, missing: [DateRange]) -> DateRange {
        guard let last = missing.last else { return range }
        let from = last.to.adding(days: 1)
        return DateRange(from: from, to: max(from, range.to))!
    }
}
