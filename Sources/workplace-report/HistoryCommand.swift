import ArgumentParser
import FeishuAPI
import Foundation
import Logging
import WorkplaceFiles
import WorkplaceModel
import WorkplaceStore

/// `workplace-report history`: look into, fill, export and check a history store.
struct HistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Inspect, import into, export from and verify a history store (--store FILE).",
        subcommands: [Status.self, Import.self, Export.self, Verify.self])

    /// The store flag every subcommand takes.
    struct StoreOption: ParsableArguments {
        @Option(help: "The history store (SQLite) file.") var store: String
    }

    /// `history status`: per dataset, the days covered, the holes, the records, the last fetch, the file size.
    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Per dataset: first and last covered day, holes, records, last fetch, file size.")
        @OptionGroup var storeOption: StoreOption
        @Flag(help: "Print the status as JSON.") var json = false

        func run() async throws {
            let store = try HistoryStore.open(path: storeOption.store, create: false)
            defer { try? store.close() }
            let datasets = try store.status()
            let tenant = try store.tenant()
            let size = store.fileSize()
            print(
                json
                    ? Self.json(store.path, size: size, tenant: tenant, datasets)
                    : Self.text(store.path, size: size, tenant: tenant, datasets))
        }

        static func span(_ r: DateRange) -> String { r.days == 1 ? "\(r.from)" : "\(r.from)..\(r.to)" }

        static func text(_ path: String, size: Int64, tenant: StoreTenant?, _ datasets: [DatasetStatus]) -> String {
            var lines = [
                "store \(path): \(size) bytes, schema \(HistoryStore.schemaVersion), for \(tenant?.description ?? "no tenant yet")"
            ]
            if datasets.isEmpty { lines.append("  no data yet") }
            for d in datasets {
                let days = d.first.map { "\($0)..\(d.last!)" } ?? "no day covered for every workplace"
                let holes =
                    d.holes.isEmpty
                    ? "no holes"
                    : "\(d.holes.count) holes (\(Coverage.dayCount(d.holes)) days: \(d.holes.prefix(5).map(span).joined(separator: ", "))\(d.holes.count > 5 ? ", …" : ""))"
                let fetched = d.lastFetchedAt.map { "last fetched \(ISO8601.utc(seconds: $0))" } ?? "never fetched"
                lines.append("  \(d.dataset): \(days), \(holes), \(d.records) records, \(fetched)")
                for id in d.filtered.keys.sorted() {
                    lines.append("    \(id) alone: \(d.filtered[id]!.map(span).joined(separator: ", "))")
                }
            }
            return lines.joined(separator: "\n")
        }

        static func json(_ path: String, size: Int64, tenant: StoreTenant?, _ datasets: [DatasetStatus]) -> String {
            func q(_ s: String?) -> String { s.map(JSONString.literal) ?? "null" }
            func ranges(_ rs: [DateRange]) -> String {
                "["
                    + rs.map {
                        "{\"from\": \(q($0.from.description)), \"to\": \(q($0.to.description)), \"days\": \($0.days)}"
                    }
                    .joined(separator: ", ") + "]"
            }
            let items = datasets.map { d in
                let filtered = d.filtered.keys.sorted().map {
                    "{\"workplace_id\": \(q($0)), \"covered\": \(ranges(d.filtered[$0]!))}"
                }
                return """
                    {"dataset": \(q(d.dataset)), "first": \(q(d.first?.description)), "last": \(q(d.last?.description)), \
                    "holes": \(ranges(d.holes)), "records": \(d.records), \
                    "last_fetched_at": \(q(d.lastFetchedAt.map { ISO8601.utc(seconds: $0) })), \
                    "workplace_filters": [\(filtered.joined(separator: ", "))]}
                    """
            }
            return """
                {"store": \(q(path)), "file_size": \(size), "schema_version": \(HistoryStore.schemaVersion), \
                "api_host": \(q(tenant?.apiHost)), "app_id": \(q(tenant?.appID)), \
                "datasets": [\(items.joined(separator: ", "))]}
                """
        }
    }

    /// `history import`: snapshots (their days become covered) and saved API answers (records only).
    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Put snapshots (days covered) and saved API answers (records only) into a store.")
        @OptionGroup var storeOption: StoreOption
        @Argument(help: "Snapshot files or saved API output.") var inputs: [String]
        @OptionGroup var logging: LoggingOptions

        func validate() throws {
            if inputs.isEmpty { throw ValidationError("give at least one file to import") }
        }

        func run() async throws {
            let logger = logging.logger()
            let store = try HistoryStore.open(path: storeOption.store, create: true)
            defer { try? store.close() }
            for input in inputs {
                let file = try SnapshotFile.read(from: input)
                let counts = file.data.kinds.map { "\($0.rawValue) \(Self.count(file.data, $0))" }
                    .joined(separator: ", ")
                guard let metadata = file.metadata else {
                    try store.merge(dataset: HistoryStore.customWorkplaces, records: file.dataset)
                    if let overall = file.data.overall { try store.mergeOverall(overall) }
                    if let blocks = file.data.blocks { try store.merge(dataset: HistoryStore.blocks, records: blocks) }
                    logger.notice(
                        "\(input): \(file.data.recordCount) records (\(counts); \(file.format), no days marked covered: raw API output does not say which days it is complete for)"
                    )
                    continue
                }
                try store.claim(StoreTenant(apiHost: metadata.apiHost, appID: nil), baseURL: metadata.baseURL)
                // A snapshot without a fetch time is covered but never settled: its days are fetched again.
                let fetchedAt =
                    metadata.fetchedAt.flatMap { try? Environment.parseTimestamp($0, name: "fetched_at") } ?? 0
                let range = metadata.query.range
                if let custom = file.data.custom {
                    let ids = metadata.query.workplaceIDs
                    for filter in ids.isEmpty ? [nil] : ids.map(Optional.some) {
                        try store.commit(
                            dataset: HistoryStore.customWorkplaces, filter: filter, range: range, records: custom,
                            fetchedAt: fetchedAt)
                    }
                }
                if let overall = file.data.overall {
                    try store.commitOverall(range: range, records: overall, fetchedAt: fetchedAt)
                }
                if let blocks = file.data.blocks {
                    let ids = metadata.query.blockIDs
                    for filter in ids.isEmpty ? [nil] : ids.map(Optional.some) {
                        try store.commit(
                            dataset: HistoryStore.blocks, filter: filter, range: range, records: blocks,
                            fetchedAt: fetchedAt)
                    }
                }
                logger.notice(
                    "\(input): \(file.data.recordCount) records (\(counts)), \(range.from)..\(range.to) covered"
                )
            }
        }

        private static func count(_ data: WorkplaceData, _ kind: DatasetKind) -> Int {
            switch kind {
            case .custom: return data.custom?.records.count ?? 0
            case .overall: return data.overall?.records.count ?? 0
            case .blocks: return data.blocks?.records.count ?? 0
            }
        }
    }

    /// `history export`: a range of the store as a snapshot file.
    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write a range of the store as a snapshot file.")
        @OptionGroup var storeOption: StoreOption
        @Option(help: "First day, yyyy-MM-dd.") var from: String
        @Option(help: "Last day, yyyy-MM-dd.") var to: String
        @Option(name: .customLong("workplace-id"), help: "Only this custom workplace (tpl_…); repeat for several.")
        var workplaceIDs: [String] = []
        @Option(name: .shortAndLong, help: "Snapshot file to write (\"-\" for stdout).") var output: String
        @OptionGroup var logging: LoggingOptions

        func run() async throws {
            let query = try FetchQuery(fromText: from, toText: to, workplaceIDs: workplaceIDs)
            let source = StoreSource(path: storeOption.store, refetchDays: 0, api: nil)
            let data = try await source.load(
                DataRequest(range: query.range, workplaceIDs: query.workplaceIDs, fetchedAt: 0),
                logger: logging.logger())
            try SnapshotFile.write(data.data, metadata: data.metadata!, to: output)
            if output != "-" { print(output) }
        }
    }

    /// `history verify`: SQLite's integrity check, and the coverage table against the records.
    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run SQLite's integrity check and check the coverage table against the records.")
        @OptionGroup var storeOption: StoreOption

        func run() async throws {
            let store = try HistoryStore.open(path: storeOption.store, create: false)
            defer { try? store.close() }
            let result = try store.verify()
            guard result.isClean else {
                let all = result.integrity + result.problems
                throw StoreError(
                    .damaged, path: store.path,
                    reason: "fails verification: \(all[0])\(all.count > 1 ? " (and \(all.count - 1) more)" : "")")
            }
            print(
                "store \(store.path): ok (integrity check passed; \(result.coverageRows) coverage rows, \(result.records) records, \(result.recordsOutsideCoverage) of them on days no fetch covered)"
            )
        }
    }
}
