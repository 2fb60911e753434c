/// One of the three datasets of the workplace family that a run can read.
public enum DatasetKind: String, CaseIterable, Hashable, Sendable, Comparable {
    /// `custom_workplace_access_data`: per day and custom workplace.
    case custom
    /// `workplace_access_data`: per day, the whole workplace and the default workplace.
    case overall
    /// `workplace_block_access_data`: per day and block (widget).
    case blocks

    public static func < (a: DatasetKind, b: DatasetKind) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// One day of the whole workplace: an item of `workplace_access_data/search`.
///
/// `allUV` is de-duplicated per day across the whole workplace, so it is the one figure of daily
/// unique users the API family gives. The API does not promise `allPV == defaultPV + custom PV`.
public struct OverallRecord: Hashable, Sendable {
    /// The day.
    public let date: CalendarDate
    /// `all_workplace.pv`: page views of the whole workplace.
    public let allPV: Int64
    /// `all_workplace.uv`: distinct users of the whole workplace that day.
    public let allUV: Int64
    /// `default_workplace.pv`: page views of the default workplace.
    public let defaultPV: Int64
    /// `default_workplace.uv`: distinct users of the default workplace that day.
    public let defaultUV: Int64

    /// Creates a record.
    public init(date: CalendarDate, allPV: Int64, allUV: Int64, defaultPV: Int64, defaultUV: Int64) {
        self.date = date
        self.allPV = allPV
        self.allUV = allUV
        self.defaultPV = defaultPV
        self.defaultUV = defaultUV
    }
}

/// The whole workplace's daily records of a fetch or an input file, in the order they arrived.
///
/// Duplicates are kept as they came, like ``AccessDataset``: deciding what they mean is aggregation's job.
public struct OverallDataset: Sendable {
    /// Every record, in arrival order.
    public var records: [OverallRecord]
    /// The days the data was asked for, or nil when unknown (raw API output).
    public var coverage: DateRange?
    /// The days known complete when they are not one range (a history store's coverage, with holes).
    public var coveredRanges: [DateRange]?

    /// Creates a dataset.
    public init(records: [OverallRecord] = [], coverage: DateRange? = nil, coveredRanges: [DateRange]? = nil) {
        self.records = records
        self.coverage = coverage
        self.coveredRanges = coveredRanges
    }
}

/// Everything a run read: up to three datasets, each nil when it was not fetched or is not in the input.
///
/// Blocks reuse ``AccessDataset``: a block is a "workplace" whose id is the `block_id` and which has no
/// names (the API gives none; the report's options name them).
public struct WorkplaceData: Sendable {
    /// Custom workplaces, per day (`custom_workplace_access_data`).
    public var custom: AccessDataset?
    /// The whole and the default workplace, per day (`workplace_access_data`).
    public var overall: OverallDataset?
    /// Blocks, per day (`workplace_block_access_data`); workplace ids are block ids.
    public var blocks: AccessDataset?

    /// Creates the data of a run.
    public init(custom: AccessDataset? = nil, overall: OverallDataset? = nil, blocks: AccessDataset? = nil) {
        self.custom = custom
        self.overall = overall
        self.blocks = blocks
    }

    /// The datasets present, in ``DatasetKind`` order.
    public var kinds: [DatasetKind] {
        var kinds: [DatasetKind] = []
        if custom != nil { kinds.append(.custom) }
        if overall != nil { kinds.append(.overall) }
        if blocks != nil { kinds.append(.blocks) }
        return kinds
    }

    /// Records of every dataset present.
    public var recordCount: Int {
        (custom?.records.count ?? 0) + (overall?.records.count ?? 0) + (blocks?.records.count ?? 0)
    }
}
