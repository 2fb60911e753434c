/// A calendar date with no time and no zone, as the Feishu API reports it (`yyyy-MM-dd`).
///
/// Stored as the number of days since 1970-01-01, so comparing, hashing and stepping are integer
/// operations. The conversions are ``CivilTime``'s (the proleptic Gregorian calendar, no Foundation
/// and no time zone involved), so a date never shifts by a day the way a midnight `Date` can.
public struct CalendarDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Days since 1970-01-01 (negative before it).
    public let dayNumber: Int32

    /// Creates a date from its day number (days since 1970-01-01).
    public init(dayNumber: Int32) {
        self.dayNumber = dayNumber
    }

    /// Creates a date from its parts, or returns nil when they name no real day (2026-02-30).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...CalendarDate.daysInMonth(year: year, month: month)).contains(day)
        else { return nil }
        dayNumber = Int32(CivilTime.daysSince1970(year: Int64(year), month: month, day: day))
    }

    /// Parses a strict `yyyy-MM-dd` date; anything else (2026-1-5, 2026-02-30, trailing text) is nil.
    public init?(iso text: some StringProtocol) {
        let bytes = Array(text.utf8)
        guard let date = CalendarDate(isoBytes: bytes[...]) else { return nil }
        self = date
    }

    /// Parses a strict `yyyy-MM-dd` date from UTF-8 bytes.
    public init?(isoBytes b: ArraySlice<UInt8>) {
        guard b.count == 10 else { return nil }
        let s = b.startIndex
        guard b[s + 4] == UInt8(ascii: "-"), b[s + 7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for i in range {
                let c = b[s + i]
                guard c >= 48, c <= 57 else { return nil }
                value = value * 10 + Int(c - 48)
            }
            return value
        }
        guard let y = number(0..<4), let m = number(5..<7), let d = number(8..<10),
            let date = CalendarDate(year: y, month: m, day: d)
        else { return nil }
        self = date
    }

    /// The year, month and day of this date.
    public var components: (year: Int, month: Int, day: Int) {
        let date = CivilTime.date(daysSince1970: Int64(dayNumber))
        return (Int(date.year), date.month, date.day)
    }

    /// The year of this date.
    public var year: Int { components.year }
    /// The month of this date, 1–12.
    public var month: Int { components.month }
    /// The day of the month, 1–31.
    public var day: Int { components.day }

    /// ISO-8601 weekday: 1 = Monday … 7 = Sunday.
    public var isoWeekday: Int {
        // 1970-01-01 was a Thursday (4).
        let r = (Int(dayNumber) + 3) % 7
        return (r < 0 ? r + 7 : r) + 1
    }

    /// The Monday that starts this date's ISO week.
    public var startOfISOWeek: CalendarDate { adding(days: 1 - isoWeekday) }

    /// The ISO-8601 week-numbering year and week (2027-01-01 is in 2026-W53).
    public var isoWeek: (year: Int, week: Int) {
        // The week belongs to the year of its Thursday.
        let thursday = adding(days: 4 - isoWeekday)
        let year = thursday.year
        let jan1 = CalendarDate(year: year, month: 1, day: 1)!
        return (year, Int(thursday.dayNumber - jan1.dayNumber) / 7 + 1)
    }

    /// The first day of this date's month.
    public var startOfMonth: CalendarDate {
        let c = components
        return CalendarDate(year: c.year, month: c.month, day: 1)!
    }

    /// The last day of this date's month.
    public var endOfMonth: CalendarDate {
        let c = components
        return CalendarDate(year: c.year, month: c.month, day: CalendarDate.daysInMonth(year: c.year, month: c.month))!
    }

    /// This date moved by `days` (negative goes back).
    public func adding(days: Int) -> CalendarDate {
        CalendarDate(dayNumber: dayNumber + Int32(days))
    }

    /// Days from `self` to `other` (positive when `other` is later).
    public func days(to other: CalendarDate) -> Int {
        Int(other.dayNumber) - Int(dayNumber)
    }

    /// `yyyy-MM-dd`.
    public var description: String {
        let c = components
        return Self.pad(c.year, 4) + "-" + Self.pad(c.month, 2) + "-" + Self.pad(c.day, 2)
    }

    /// `yyyy-MM`, the label of this date's calendar month.
    public var monthLabel: String {
        let c = components
        return Self.pad(c.year, 4) + "-" + Self.pad(c.month, 2)
    }

    /// `yyyy-Www`, the label of this date's ISO week (`2026-W43`).
    public var weekLabel: String {
        let w = isoWeek
        return Self.pad(w.year, 4) + "-W" + Self.pad(w.week, 2)
    }

    /// Days in a month of the proleptic Gregorian calendar.
    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Whether `year` has a February 29th.
    public static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    /// The number of ISO weeks (52 or 53) in an ISO week-numbering year.
    public static func isoWeeksInYear(_ year: Int) -> Int {
        // A year has 53 weeks when its December 28th is in week 53.
        CalendarDate(year: year, month: 12, day: 28)!.isoWeek.week
    }

    /// The Monday of ISO week `week` of `year`, or nil when the year has no such week.
    public static func mondayOfISOWeek(year: Int, week: Int) -> CalendarDate? {
        guard (1...9998).contains(year), week >= 1, week <= isoWeeksInYear(year) else { return nil }
        // January 4th is always in week 1.
        let jan4 = CalendarDate(year: year, month: 1, day: 4)!
        return jan4.startOfISOWeek.adding(days: (week - 1) * 7)
    }

    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        lhs.dayNumber < rhs.dayNumber
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let s = String(value)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}

/// A closed range of calendar dates, both ends included.
public struct DateRange: Hashable, Sendable, CustomStringConvertible {
    /// The first day.
    public let from: CalendarDate
    /// The last day (not before `from`).
    public let to: CalendarDate

    /// Creates the range, or returns nil when `to` is before `from`.
    public init?(from: CalendarDate, to: CalendarDate) {
        guard from <= to else { return nil }
        self.from = from
        self.to = to
    }

    /// The number of days in the range.
    public var days: Int { from.days(to: to) + 1 }

    /// Whether `date` lies in the range.
    public func contains(_ date: CalendarDate) -> Bool {
        date >= from && date <= to
    }

    /// Whether every day of `other` lies in this range.
    public func covers(_ other: DateRange) -> Bool {
        other.from >= from && other.to <= to
    }

    /// `from_to` as in `2026-10-01_2026-10-31`.
    public var description: String { "\(from)_\(to)" }
}
