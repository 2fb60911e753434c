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

    func load(_ request: DataRequest, logger: Logger) async throws -> SourcedData {
        let store = try HistoryStore.open(path: path, create: api != nil)
        defer { try? store.close() }
        // The report's days and, for a monthly or weekly report, its 13 months and the year-ago period:
        // filled once, so later runs fetch only the new days and the refetch window.
        var wanted = request
        wanted.range = request.withHistory
        var calls: [DatasetKind: Int] = [:]
        if let api {
            calls = try await fill(store, wanted, api: api, logger: logger)
        }
        var data = WorkplaceData()
        var fetchTimes: [Int64] = []
        for kind in request.datasets {
            let name = HistoryStore.datasetName(kind)
            let filters = Self.filters(kind, request)
            let entries = try store.coverage(dataset: name)
            let missing = Self.missing(request.range, filters: filters, entries: entries)
            let coverage = Self.knownSuffix(request.range, missing: missing)
            let coveredRanges = Self.covered(
                wanted.range, missing: Self.missing(wanted.range, filters: filters, entries: entries))
            switch kind {
            case .custom, .blocks:
                let ids = kind == .custom ? request.workplaceIDs : request.blockIDs
                var rows = try store.load(dataset: name, range: wanted.range, workplaceIDs: ids)
                rows.coverage = coverage
                rows.coveredRanges = coveredRanges
                if kind == .custom { data.custom = rows } else { data.blocks = rows }
            case .overall:
                var days = try store.loadOverall(range: wanted.range)
                days.coverage = coverage
                days.coveredRanges = coveredRanges
                data.overall = days
            }
            if !missing.isEmpty {
                let days = Coverage.dayCount(missing)
                let list = missing.prefix(5).map { $0.days == 1 ? "\($0.from)" : "\($0.from)..\($0.to)" }
                    .joined(separator: ", ")
                logger.warning(
                    "store \(path) does not cover \(days) of the \(request.range.days) days asked for of the \(kind.rawValue) dataset (\(list)\(missing.count > 5 ? ", …" : "")): they count as missing, not as zero"
                )
            }
            fetchTimes += entries.filter { $0.range.from <= request.range.to && $0.range.to >= request.range.from }
                .map(\.fetchedAt)
        }
        let fetchedAt =
            api != nil ? ISO8601.utc(seconds: request.fetchedAt) : fetchTimes.max().map(ISO8601.utc(seconds:))
        let baseURL = try store.baseURL() ?? api?.baseURL ?? "unknown"
        let metadata = SnapshotMetadata(
            query: SnapshotQuery(
                range: request.range, workplaceIDs: request.workplaceIDs, pageSize: api?.pageSize ?? 100,
                datasets: request.datasets.sorted(), blockIDs: request.blockIDs),
            baseURL: baseURL, fetchedAt: fetchedAt)
        return SourcedData(
            data: data, metadata: metadata, input: api == nil ? path : nil,
            apiCalls: calls.values.reduce(0, +), apiCallsByDataset: calls)
    }

    /// The id filters of `kind`'s coverage: one per asked workplace or block id, or nil for every one.
    static func filters(_ kind: DatasetKind, _ request: DataRequest) -> [String?] {
        let ids: [String]
        switch kind {
        case .custom: ids = request.workplaceIDs
        case .blocks: ids = request.blockIDs
        case .overall: ids = []
        }
        return ids.isEmpty ? [nil] : ids
    }

    /// Fetches what the store lacks of each asked dataset, the datasets side by side (each endpoint has
    /// its own rate budget); every finished page chain is committed in one transaction.
    /// - Returns: the API calls made, per dataset.
    private func fill(_ store: HistoryStore, _ request: DataRequest, api: FeishuAPISource, logger: Logger)
        async throws -> [DatasetKind: Int]
    {
        let baseURL = try FeishuBaseURL(api.baseURL)
        let host = baseURL.port.map { "\(baseURL.host):\($0)" } ?? baseURL.host
        let appID: String?
        if case .app(let id, _) = api.credentials { appID = id } else { appID = nil }
        try store.claim(StoreTenant(apiHost: host, appID: appID), baseURL: api.baseURL)
        // Every query is built (and checked) before the first call.
        var plan: [(DatasetKind, [FetchQuery])] = []
        for kind in request.datasets {
            let entries = try store.coverage(dataset: HistoryStore.datasetName(kind))
            var queries: [FetchQuery] = []
            for filter in Self.filters(kind, request) {
                for range in Coverage.toFetch(request.range, entries: entries, filter: filter, refetchDays: refetchDays)
                {
                    queries.append(
                        try FetchQuery(
                            from: range.from, to: range.to, workplaceIDs: filter.map { [$0] } ?? [],
                            pageSize: api.pageSize(for: kind), dataset: kind))
                }
            }
            if !queries.isEmpty { plan.append((kind, queries)) }
        }
        guard !plan.isEmpty else {
            logger.notice("store \(path) holds every day of \(request.range.from)..\(request.range.to): 0 API calls")
            return [:]
        }
        let client = try api.client(logger: logger)
        let progress = ProgressLine(enabled: api.showsProgress)
        let totals = ProgressTotals(progress)
        let fetchedAt = request.fetchedAt
        let results = try await withThrowingTaskGroup(of: (DatasetKind, Int, Int, Int).self) { group in
            for (kind, queries) in plan {
                group.addTask {
                    var calls = 0
                    var records = 0
                    for query in queries {
                        let statistics = try await Self.fetch(
                            kind, query, client: client, store: store, fetchedAt: fetchedAt,
                            progress: { totals.show(kind, $0) })
                        calls += statistics.requests
                        records += statistics.records
                    }
                    return (kind, calls, records, queries.reduce(0) { $0 + $1.range.days })
                }
            }
            var results: [(DatasetKind, Int, Int, Int)] = []
            for try await result in group { results.append(result) }
            return results.sorted { $0.0 < $1.0 }
        }
        progress.finish()
        for (kind, calls, records, days) in results {
            logger.notice(
                "store \(path): fetched \(days) days of the \(kind.rawValue) dataset the store did not hold settled (\(records) records) from \(api.baseURL): \(calls) API calls"
            )
        }
        return Dictionary(uniqueKeysWithValues: results.map { ($0.0, $0.1) })
    }

    /// Fetches one query of `kind`, committing each finished page chain to the store.
    private static func fetch(
        _ kind: DatasetKind, _ query: FetchQuery, client: FeishuClient, store: HistoryStore, fetchedAt: Int64,
        progress: @escaping @Sendable (FetchProgress) -> Void
    ) async throws -> FetchProgress {
        let name = HistoryStore.datasetName(kind)
        let commit: @Sendable (FetchShard, AccessDataset) async throws -> Void = { shard, data in
            try store.commit(
                dataset: name, filter: shard.workplaceID, range: shard.range, records: data, fetchedAt: fetchedAt)
        }
        switch kind {
        case .custom:
            return try await client.fetch(query, progress: progress, chainCompleted: commit).statistics
        case .blocks:
            return try await client.fetchBlocks(query, progress: progress, chainCompleted: commit).statistics
        case .overall:
            return try await client.fetchOverall(
                query, progress: progress,
                chainCompleted: { shard, data in
                    try store.commitOverall(range: shard.range, records: data, fetchedAt: fetchedAt)
                }
            ).statistics
        }
    }

    /// The days of `range` no coverage row lists, for any of the id `filters`.
    static func missing(_ range: DateRange, filters: [String?], entries: [CoverageEntry]) -> [DateRange] {
        Coverage.union(filters.flatMap { Coverage.missing(range, covered: Coverage.covered(entries, filter: $0)) })
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
