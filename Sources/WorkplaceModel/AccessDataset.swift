/// One name of a workplace in one language, as the API's `custom_workplace_name` lists them.
public struct LocalizedName: Hashable, Sendable {
    /// The language code as the API sent it (`zh`, `en_us`, `zh-CN` …).
    public let language: String
    /// The name itself, untrusted user text.
    public let name: String

    /// Creates a name.
    public init(language: String, name: String) {
        self.language = language
        self.name = name
    }
}

/// A custom workplace as the data knows it: its id and the names of its latest dated record.
public struct Workplace: Hashable, Sendable {
    /// The workplace id (`tpl_…`).
    public let id: String
    /// The names carried by the record with the latest date (the newest names win).
    public internal(set) var names: [LocalizedName]
    /// The date of the record the names come from.
    public internal(set) var namesDate: CalendarDate

    /// Creates a workplace.
    public init(id: String, names: [LocalizedName], namesDate: CalendarDate) {
        self.id = id
        self.names = names
        self.namesDate = namesDate
    }
}

extension Workplace {
    /// The rule that names a workplace: the names of its latest dated record win, and a record
    /// without names changes nothing (names already known stay, whatever their date).
    ///
    /// - Returns: whether `names`, from a record of `date`, replace `current`, from `currentDate`.
    @inlinable
    public static func namesWin(
        _ names: [LocalizedName], dated date: CalendarDate, over current: [LocalizedName],
        dated currentDate: CalendarDate
    ) -> Bool {
        !names.isEmpty && (current.isEmpty || date >= currentDate)
    }
}

/// One day of one workplace: the API's item without the strings, which live in ``AccessDataset/workplaces``.
public struct AccessRecord: Hashable, Sendable {
    /// Index into ``AccessDataset/workplaces``.
    public let workplace: Int32
    /// The day.
    public let date: CalendarDate
    /// Page views that day.
    public let pv: Int64
    /// Distinct visitors that day (de-duplicated per day only).
    public let uv: Int64

    /// Creates a record.
    public init(workplace: Int32, date: CalendarDate, pv: Int64, uv: Int64) {
        self.workplace = workplace
        self.date = date
        self.pv = pv
        self.uv = uv
    }
}

/// The raw daily records of a fetch or an input file, in the order they arrived.
///
/// Workplace ids and names are interned once, so a million records cost 24 bytes each rather than
/// a few strings each. Duplicates are kept as they came: deciding what they mean is aggregation's job.
public struct AccessDataset: Sendable {
    /// Every workplace seen, in order of first appearance.
    public private(set) var workplaces: [Workplace] = []
    /// Every record, in arrival order.
    public private(set) var records: [AccessRecord] = []
    /// The days the data was asked for (a fetch's or snapshot's query), or nil when unknown (raw API output).
    public var coverage: DateRange?
    /// The days known complete when they are not one range (a history store's coverage, with holes).
    ///
    /// Sorted, disjoint ranges. When set, it is what the history and the year-ago period use.
    public var coveredRanges: [DateRange]?
    private var index: [String: Int32] = [:]

    /// Creates an empty dataset.
    public init(coverage: DateRange? = nil) {
        self.coverage = coverage
    }

    /// Reserves room for `count` records.
    public mutating func reserveCapacity(_ count: Int) {
        records.reserveCapacity(count)
    }

    /// Adds one API item; the names replace the workplace's names when this date is the latest seen.
    public mutating func append(workplaceID: String, date: CalendarDate, pv: Int64, uv: Int64, names: [LocalizedName]) {
        let w = intern(workplaceID, date: date, names: names)
        records.append(AccessRecord(workplace: w, date: date, pv: pv, uv: uv))
    }

    /// Returns the index of `workplaceID`, adding it when new, and keeps the latest date's names.
    ///
    /// A record without names never replaces names already known.
    public mutating func intern(_ workplaceID: String, date: CalendarDate, names: [LocalizedName]) -> Int32 {
        if let w = index[workplaceID] {
            let i = Int(w)
            if Workplace.namesWin(names, dated: date, over: workplaces[i].names, dated: workplaces[i].namesDate) {
                if workplaces[i].names != names { workplaces[i].names = names }
                workplaces[i].namesDate = date
            }
            return w
        }
        let w = Int32(workplaces.count)
        workplaces.append(Workplace(id: workplaceID, names: names, namesDate: date))
        index[workplaceID] = w
        return w
    }

    /// Appends a record for a workplace already interned.
    public mutating func append(_ record: AccessRecord) {
        precondition(Int(record.workplace) < workplaces.count, "record names an unknown workplace")
        records.append(record)
    }

    /// The index of a workplace id, if the dataset has it.
    public func workplaceIndex(of id: String) -> Int32? {
        index[id]
    }

    /// Appends every record of `other` (used to merge shards).
    public mutating func append(contentsOf other: AccessDataset) {
        var map = [Int32](repeating: 0, count: other.workplaces.count)
        for (i, wp) in other.workplaces.enumerated() {
            map[i] = intern(wp.id, date: wp.namesDate, names: wp.names)
        }
        records.reserveCapacity(records.count + other.records.count)
        for r in other.records {
            records.append(AccessRecord(workplace: map[Int(r.workplace)], date: r.date, pv: r.pv, uv: r.uv))
        }
    }
}
