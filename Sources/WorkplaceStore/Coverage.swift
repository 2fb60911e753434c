import WorkplaceModel

/// One row of the coverage table: a range of days fetched completely for one filter, and when.
public struct CoverageEntry: Hashable, Sendable {
    /// The workplace the fetch was limited to, or nil when it asked for every workplace.
    public var filter: String?
    /// The days fetched, both ends included.
    public var range: DateRange
    /// When the fetch finished, seconds since 1970.
    public var fetchedAt: Int64

    /// Creates an entry.
    public init(filter: String?, range: DateRange, fetchedAt: Int64) {
        self.filter = filter
        self.range = range
        self.fetchedAt = fetchedAt
    }
}

/// The arithmetic of the coverage table: which days are known, which are missing, which must be fetched again.
///
/// A day is *covered* for a filter when an entry of that filter, or of every workplace (`filter` nil),
/// includes it. It is *settled* when such an entry was fetched more than `refetchDays` days after it:
/// the API's data of a day may still change for a few days, so a day fetched sooner is fetched again.
/// Days are the API's days, in China Standard Time (UTC+8), which is how ``fetchDay(_:)`` dates a fetch.
public enum Coverage {
    /// The API's day at `seconds` since 1970: the date in UTC+8.
    public static func fetchDay(_ seconds: Int64) -> CalendarDate {
        let local = seconds + 8 * 3600
        let day = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        return CalendarDate(dayNumber: Int32(clamping: day))
    }

    /// The days of `range` that entries were fetched for, before or after they settled.
    public static func covered(_ entries: [CoverageEntry], filter: String?) -> [DateRange] {
        union(entries.filter { $0.filter == nil || $0.filter == filter }.map(\.range))
    }

    /// The days entries cover for `filter` that had settled when they were fetched: a day `d` counts
    /// when an entry fetched on day `f` (``fetchDay(_:)``) includes it and `d < f - refetchDays`.
    public static func settled(_ entries: [CoverageEntry], filter: String?, refetchDays: Int) -> [DateRange] {
        var ranges: [DateRange] = []
        for entry in entries where entry.filter == nil || entry.filter == filter {
            let lastSettled = fetchDay(entry.fetchedAt).adding(days: -refetchDays - 1)
            if let part = DateRange(from: entry.range.from, to: min(entry.range.to, lastSettled)) {
                ranges.append(part)
            }
        }
        return union(ranges)
    }

    /// The days a run must fetch for `filter` within `range`: every day not settled, as few ranges as possible.
    public static func toFetch(
        _ range: DateRange, entries: [CoverageEntry], filter: String?, refetchDays: Int
    ) -> [DateRange] {
        missing(range, covered: settled(entries, filter: filter, refetchDays: refetchDays))
    }

    /// `ranges` sorted, with overlapping and adjacent ones merged.
    public static func union(_ ranges: [DateRange]) -> [DateRange] {
        let sorted = ranges.sorted { $0.from < $1.from }
        var result: [DateRange] = []
        for r in sorted {
            if let last = result.last, r.from.dayNumber <= last.to.dayNumber + 1 {
                if r.to > last.to { result[result.count - 1] = DateRange(from: last.from, to: r.to)! }
            } else {
                result.append(r)
            }
        }
        return result
    }

    /// The days of `range` outside every range of `covered`, as sorted maximal ranges.
    public static func missing(_ range: DateRange, covered: [DateRange]) -> [DateRange] {
        var gaps: [DateRange] = []
        var next = range.from
        for c in union(covered) where c.to >= range.from {
            if c.from > range.to { break }
            if c.from > next, let gap = DateRange(from: next, to: min(c.from.adding(days: -1), range.to)) {
                gaps.append(gap)
            }
            if c.to >= next { next = c.to.adding(days: 1) }
            if next > range.to { return gaps }
        }
        if next <= range.to { gaps.append(DateRange(from: next, to: range.to)!) }
        return gaps
    }

    /// The number of days in `ranges` (which must not overlap, as ``union(_:)`` returns them).
    public static func dayCount(_ ranges: [DateRange]) -> Int {
        ranges.reduce(0) { $0 + $1.days }
    }
}
