import WorkplaceModel

/// The question a snapshot answers: which days, which datasets, which workplaces and blocks, at what page size.
public struct SnapshotQuery: Sendable, Hashable {
    /// The days asked for, both ends included.
    public var range: DateRange
    /// The custom workplaces asked for; empty means every workplace of the tenant.
    public var workplaceIDs: [String]
    /// The page size used for the custom workplaces' search requests (1–100).
    public var pageSize: Int
    /// The datasets asked for, in ``DatasetKind`` order.
    ///
    /// By default the custom one, as before there were three. A snapshot file lists the datasets it holds.
    public var datasets: [DatasetKind]
    /// The blocks asked for; empty means every block.
    public var blockIDs: [String]

    /// Creates a query.
    public init(
        range: DateRange, workplaceIDs: [String] = [], pageSize: Int = 100,
        datasets: [DatasetKind] = [.custom], blockIDs: [String] = []
    ) {
        self.range = range
        self.workplaceIDs = workplaceIDs
        self.pageSize = pageSize
        self.datasets = datasets
        self.blockIDs = blockIDs
    }
}

/// What a snapshot file records besides its records: the query, where it was fetched and when.
public struct SnapshotMetadata: Sendable, Hashable {
    /// The query the records answer; a report knows from it which days the data covers.
    public var query: SnapshotQuery
    /// The Open API base URL the records came from (`https://open.feishu.cn`).
    public var baseURL: String
    /// When the fetch finished, as ISO-8601 UTC text (`2026-11-01T06:00:00Z`), or nil when unknown.
    public var fetchedAt: String?

    /// Creates the metadata.
    public init(query: SnapshotQuery, baseURL: String, fetchedAt: String?) {
        self.query = query
        self.baseURL = baseURL
        self.fetchedAt = fetchedAt
    }

    /// The host (and port, if any) of ``baseURL``: `open.feishu.cn`.
    public var apiHost: String {
        var rest = Substring(baseURL)
        if let scheme = rest.firstRange(of: "://") { rest = rest[scheme.upperBound...] }
        if let slash = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) { rest = rest[..<slash] }
        if let at = rest.lastIndex(of: "@") { rest = rest[rest.index(after: at)...] }
        return String(rest)
    }
}

/// The shapes of input that `report --input` recognises.
public enum InputFormat: Sendable, Hashable, CustomStringConvertible {
    /// This tool's snapshot file (`"schema": "workplace-report-snapshot"`).
    case snapshot
    /// One whole API answer: `{"code":0,"msg":"success","data":{"items":[…]}}`.
    case apiResponse
    /// The `data` object of an answer: `{"items":[…],"has_more":false}`.
    case dataObject
    /// A JSON array of items.
    case itemsArray
    /// JSON Lines: one API answer (or `data` object) a line.
    case jsonLines(pages: Int)

    /// A short English name for messages.
    public var description: String {
        switch self {
        case .snapshot: return "snapshot"
        case .apiResponse: return "API response"
        case .dataObject: return "API data object"
        case .itemsArray: return "array of API items"
        case .jsonLines(let pages): return "JSON Lines of \(pages) API responses"
        }
    }
}

/// What an input file held: the records, and the snapshot's metadata when it was a snapshot.
public struct SnapshotInput: Sendable {
    /// Every dataset the file held, records in file order, with the snapshot's query range as
    /// coverage (nil for raw API output).
    ///
    /// A snapshot holds the datasets it lists. Raw API output always gives the custom dataset
    /// (empty when no item is a custom workplace's), and the overall and block datasets only when
    /// some item is of that endpoint.
    public var data: WorkplaceData
    /// The snapshot's metadata, or nil for raw API output.
    public var metadata: SnapshotMetadata?
    /// The shape the file was recognised as.
    public var format: InputFormat

    /// The custom workplaces' records (empty when the file holds none).
    public var dataset: AccessDataset {
        get { data.custom ?? AccessDataset(coverage: metadata?.query.range) }
        set { data.custom = newValue }
    }

    /// Creates the value.
    public init(data: WorkplaceData, metadata: SnapshotMetadata?, format: InputFormat) {
        self.data = data
        self.metadata = metadata
        self.format = format
    }

    /// Creates the value of a file holding custom workplaces only.
    public init(dataset: AccessDataset, metadata: SnapshotMetadata?, format: InputFormat) {
        self.init(data: WorkplaceData(custom: dataset), metadata: metadata, format: format)
    }
}
