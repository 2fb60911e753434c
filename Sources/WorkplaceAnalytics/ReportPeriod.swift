import WorkplaceModel

/// The days a report covers, and how they were chosen (which decides the label and the previous period).
public struct ReportPeriod: Hashable, Sendable {
    /// How the period was chosen.
    public enum Kind: String, Hashable, Sendable {
        /// A calendar month (`--month`, `--last-month`): label `2026-10`.
        case month
        /// An ISO week (`--week`, `--last-week`): label `2026-W43`.
        case week
        /// Any from/to range: label `FROM_TO`.
        case range
    }

    /// The days, both ends included.
    public let range: DateRange
    /// How the period was chosen.
    public let kind: Kind

    /// Creates a period.
    public init(range: DateRange, kind: Kind) {
        self.range = range
        self.kind = kind
    }

    /// The first day.
    public var from: CalendarDate { range.from }
    /// The last day.
    public var to: CalendarDate { range.to }
    /// The number of days.
    public var days: Int { range.days }

    /// `2026-10`, `2026-W43` or `2026-10-01_2026-10-31`: used in file names and titles.
    public var label: String {
        switch kind {
        case .month: return from.monthLabel
        case .week: return from.weekLabel
        case .range: return range.description
        }
    }

    /// The period just before this one that the report compares against.
    ///
    /// A month compares with the previous calendar month (of its own length), a week with the
    /// previous ISO week, a range with the same number of days just before it.
    public var previous: ReportPeriod {
        switch kind {
        case .month:
            let end = from.adding(days: -1)
            return ReportPeriod(range: DateRange(from: end.startOfMonth, to: end)!, kind: .month)
        case .week:
            return ReportPeriod(range: DateRange(from: from.adding(days: -7), to: to.adding(days: -7))!, kind: .week)
        case .range:
            return ReportPeriod(
                range: DateRange(from: from.adding(days: -days), to: from.adding(days: -1))!, kind: .range)
        }
    }

    /// The calendar month `year`-`month`.
    public static func month(year: Int, month: Int) -> ReportPeriod? {
        guard let first = CalendarDate(year: year, month: month, day: 1) else { return nil }
        return ReportPeriod(range: DateRange(from: first, to: first.endOfMonth)!, kind: .month)
    }

    /// ISO week `week` of `year`, Monday to Sunday.
    public static func week(year: Int, week: Int) -> ReportPeriod? {
        guard let monday = CalendarDate.mondayOfISOWeek(year: year, week: week) else { return nil }
        return ReportPeriod(range: DateRange(from: monday, to: monday.adding(days: 6))!, kind: .week)
    }
}

/// Why a period flag's value was refused; the message names the flag and the fix.
public struct PeriodError: Error, Equatable, CustomStringConvertible {
    /// One line saying what was wrong and what is expected.
    public let description: String

    /// Creates the error.
    public init(_ description: String) {
        self.description = description
    }
}

/// Turns the period flags into a report period.
///
/// Pure: "today" is given, not read from a clock.
public enum PeriodSelection: Hashable, Sendable {
    /// `--from D --to D`.
    case range(from: String, to: String)
    /// `--month YYYY-MM`.
    case month(String)
    /// `--last-month`: the calendar month before today's.
    case lastMonth
    /// `--week YYYY-Www`.
    case week(String)
    /// `--last-week`: the ISO week before today's.
    case lastWeek

    /// The period this selection names, with `today` the current date in the report's time zone.
    /// - Throws: ``PeriodError`` naming the flag, for a malformed or impossible value.
    public func resolve(today: CalendarDate) throws(PeriodError) -> ReportPeriod {
        switch self {
        case .range(let fromText, let toText):
            let from = try Self.date(fromText, flag: "--from")
            let to = try Self.date(toText, flag: "--to")
            guard let range = DateRange(from: from, to: to) else {
                throw PeriodError("--to \(to) is before --from \(from); give the earlier date as --from")
            }
            return ReportPeriod(range: range, kind: .range)
        case .month(let text):
            let parts = text.split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count == 2, parts[0].count == 4, parts[1].count == 2,
                let y = Int(parts[0]), let m = Int(parts[1]), parts.allSatisfy({ $0.allSatisfy(\.isASCII) }),
                let period = ReportPeriod.month(year: y, month: m)
            else {
                throw PeriodError("--month '\(text)' is not a month; write it as YYYY-MM, for example 2026-10")
            }
            return period
        case .lastMonth:
            let end = today.startOfMonth.adding(days: -1)
            return ReportPeriod.month(year: end.year, month: end.month)!
        case .week(let text):
            let parts = text.split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count == 2, parts[0].count == 4, parts[1].count == 3, parts[1].first == "W",
                let y = Int(parts[0]), let w = Int(parts[1].dropFirst()), parts[1].dropFirst().allSatisfy(\.isNumber)
            else {
                throw PeriodError("--week '\(text)' is not an ISO week; write it as YYYY-Www, for example 2026-W43")
            }
            guard let period = ReportPeriod.week(year: y, week: w) else {
                let weeks = (1...9998).contains(y) ? CalendarDate.isoWeeksInYear(y) : 52
                throw PeriodError("--week '\(text)': \(y) has ISO weeks W01 to W\(weeks)")
            }
            return period
        case .lastWeek:
            let monday = today.startOfISOWeek.adding(days: -7)
            let w = monday.isoWeek
            return ReportPeriod.week(year: w.year, week: w.week)!
        }
    }

    private static func date(_ text: String, flag: String) throws(PeriodError) -> CalendarDate {
        guard let date = CalendarDate(iso: text) else {
            throw PeriodError("\(flag) '\(text)' is not a date; write it as yyyy-MM-dd, for example 2026-10-01")
        }
        return date
    }
}
