import WorkplaceModel

/// The search endpoint of each dataset and what it accepts.
extension DatasetKind {
    /// The endpoint's path.
    public var searchPath: String {
        switch self {
        case .custom: return "/open-apis/workplace/v1/custom_workplace_access_data/search"
        case .overall: return "/open-apis/workplace/v1/workplace_access_data/search"
        case .blocks: return "/open-apis/workplace/v1/workplace_block_access_data/search"
        }
    }

    /// The largest `page_size` the endpoint validates: 100 for custom workplaces, 200 for the two siblings.
    public var maximumPageSize: Int { self == .custom ? 100 : 200 }

    /// The query parameter that filters by id (`custom_workplace_id`, `block_id`), nil for the whole workplace.
    public var idParameter: String? {
        switch self {
        case .custom: return "custom_workplace_id"
        case .overall: return nil
        case .blocks: return "block_id"
        }
    }

    /// The flag that gives the ids, for messages.
    var idFlag: String { self == .blocks ? "--block-id" : "--workplace-id" }

    /// What the endpoint serves, for messages: `custom workplace`, `whole-workplace`, `block`.
    public var endpointLabel: String {
        switch self {
        case .custom: return "custom workplace"
        case .overall: return "whole-workplace"
        case .blocks: return "block"
        }
    }
}

/// What to fetch: a closed date range, optionally some workplace (or block) ids, and the page size, for
/// one dataset's endpoint.
///
/// Every check the API would make (date format, order, page size) happens here, so the API's
/// 1621001/1621002 (1628001/1628002, 1629001/1629002/1629006) never cost a round trip.
public struct FetchQuery: Sendable, Hashable {
    /// The largest page the custom-workplace endpoint accepts.
    public static let maximumPageSize = 100
    /// The page sizes a query may use; the default is the largest (the fewest calls).
    public static let pageSizes = 1...maximumPageSize
    /// The longest range one fetch may ask for (about ten years); anything longer is a typo.
    public static let maximumDays = 3700

    /// The days to fetch, both ends included.
    public let range: DateRange
    /// The workplace ids to fetch, in the order given, without repeats; empty means all.
    public let workplaceIDs: [String]
    /// Records per page, 1–100 (1–200 for the two sibling endpoints).
    public let pageSize: Int
    /// The dataset, and so the endpoint, this query is for; `workplaceIDs` are block ids for ``DatasetKind/blocks``.
    public let dataset: DatasetKind

    /// Creates a query.
    /// - Parameter pageSize: records per page; nil for the endpoint's largest (100 custom, 200 otherwise).
    /// - Throws: ``FeishuError/invalidQuery(_:)`` when `to` is before `from`, the range is absurdly long,
    ///   an id is empty or malformed (or given for the whole workplace), or `pageSize` is outside the
    ///   endpoint's range.
    public init(
        from: CalendarDate, to: CalendarDate, workplaceIDs: [String] = [], pageSize: Int? = nil,
        dataset: DatasetKind = .custom
    ) throws(FeishuError) {
        let pageSize = pageSize ?? dataset.maximumPageSize
        guard let range = DateRange(from: from, to: to) else {
            throw .invalidQuery("--from \(from) is after --to \(to); give the earlier date first")
        }
        guard range.days <= Self.maximumDays else {
            throw .invalidQuery(
                "the range \(from) to \(to) is \(range.days) days; one fetch covers at most \(Self.maximumDays)")
        }
        guard (1...dataset.maximumPageSize).contains(pageSize) else {
            if dataset == .custom {
                throw .invalidQuery("--page-size \(pageSize) is outside 1–\(Self.maximumPageSize)")
            }
            throw .invalidQuery(
                "the \(dataset.endpointLabel) endpoint's page size \(pageSize) is outside 1–\(dataset.maximumPageSize)")
        }
        guard workplaceIDs.isEmpty || dataset.idParameter != nil else {
            throw .invalidQuery("the whole-workplace endpoint takes no id filter")
        }
        var seen = Set<String>()
        var ids: [String] = []
        for id in workplaceIDs {
            guard !id.isEmpty, id.utf8.count <= 256,
                id.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value != 0x7F })
            else {
                if dataset == .blocks {
                    throw .invalidQuery(
                        "--block-id \"\(id)\" is not a block id (expected digits like 283438293839422334)")
                }
                throw .invalidQuery("--workplace-id \"\(id)\" is not a workplace id (expected something like tpl_…)")
            }
            if seen.insert(id).inserted { ids.append(id) }
        }
        self.range = range
        self.workplaceIDs = ids
        self.pageSize = pageSize
        self.dataset = dataset
    }

    /// The same days for another dataset's endpoint: `ids` as its filter, `pageSize` nil for its largest.
    /// - Throws: ``FeishuError/invalidQuery(_:)`` as ``init(from:to:workplaceIDs:pageSize:dataset:)``.
    public func `for`(_ dataset: DatasetKind, ids: [String] = [], pageSize: Int? = nil) throws(FeishuError)
        -> FetchQuery
    {
        try FetchQuery(from: range.from, to: range.to, workplaceIDs: ids, pageSize: pageSize, dataset: dataset)
    }

    /// Creates a query from command-line text, checking that both dates are strict `yyyy-MM-dd`.
    /// - Throws: ``FeishuError/invalidQuery(_:)`` naming the flag that is wrong.
    public init(
        fromText: String, toText: String, workplaceIDs: [String] = [], pageSize: Int? = nil,
        dataset: DatasetKind = .custom
    ) throws(FeishuError) {
        guard let from = CalendarDate(iso: fromText) else {
            throw .invalidQuery("--from \"\(fromText)\" is not a yyyy-MM-dd date (for example 2026-10-01)")
        }
        guard let to = CalendarDate(iso: toText) else {
            throw .invalidQuery("--to \"\(toText)\" is not a yyyy-MM-dd date (for example 2026-10-31)")
        }
        try self.init(from: from, to: to, workplaceIDs: workplaceIDs, pageSize: pageSize, dataset: dataset)
    }

    /// The independent page chains this query splits into: one per calendar month (and per workplace
    /// id when ids are given), months cut further into equal day spans until there are at least
    /// `minimumCount` shards or every shard is one day.
    ///
    /// Shards never overlap, so their records never double; their order is the merge order.
    public func shards(minimumCount: Int = 1) -> [FetchShard] {
        var spans: [DateRange] = []
        var start = range.from
        while start <= range.to {
            let end = min(start.endOfMonth, range.to)
            if let span = DateRange(from: start, to: end) { spans.append(span) }
            start = end.adding(days: 1)
        }
        let ids: [String?] = workplaceIDs.isEmpty ? [nil] : workplaceIDs
        var pieces = 1
        while spans.count * ids.count * pieces < minimumCount, spans.contains(where: { $0.days > pieces }) {
            pieces += 1
        }
        var shards: [FetchShard] = []
        for id in ids {
            for span in spans {
                for part in Self.split(span, into: pieces) {
                    shards.append(FetchShard(range: part, workplaceID: id))
                }
            }
        }
        return shards
    }

    /// Cuts `span` into at most `pieces` consecutive ranges of nearly equal length.
    private static func split(_ span: DateRange, into pieces: Int) -> [DateRange] {
        let count = min(pieces, span.days)
        var parts: [DateRange] = []
        var from = span.from
        for i in 0..<count {
            let length = span.days / count + (i < span.days % count ? 1 : 0)
            let to = from.adding(days: length - 1)
            if let part = DateRange(from: from, to: to) { parts.append(part) }
            from = to.adding(days: 1)
        }
        return parts
    }
}

/// One page chain of a fetch: a date range and, optionally, one workplace (or block) id.
public struct FetchShard: Sendable, Hashable, CustomStringConvertible {
    /// The days of this chain.
    public let range: DateRange
    /// The workplace id (a block id for the block endpoint), or nil for all.
    public let workplaceID: String?

    /// Creates a shard.
    public init(range: DateRange, workplaceID: String?) {
        self.range = range
        self.workplaceID = workplaceID
    }

    /// `2026-10-01..2026-10-31` with the workplace id when there is one.
    public var description: String {
        let days = "\(range.from)..\(range.to)"
        return workplaceID.map { "\(days) \($0)" } ?? days
    }
}
