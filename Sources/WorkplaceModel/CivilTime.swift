/// A moment in UTC split into calendar parts: the one epoch → civil date/time conversion every module uses
/// (ISO-8601 stamps, the report's "generated at", the e-mail's `Date:` header, ``CalendarDate``).
///
/// Proleptic Gregorian calendar (Howard Hinnant's `civil_from_days` / `days_from_civil`) in 64-bit
/// integers, with no Foundation and no time zone. Total: every `Int64` of seconds gives a value and
/// nothing traps; callers that need a four-digit year check ``fourDigitYears`` first.
public struct CivilTime: Hashable, Sendable {
    /// The moments whose year has four digits: 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z.
    public static let fourDigitYears: ClosedRange<Int64> = -62_135_596_800...253_402_300_799

    /// Days since 1970-01-01 (negative before it).
    public let daysSince1970: Int64
    /// The year (may be below 1 or above 9999 outside ``fourDigitYears``).
    public let year: Int64
    /// The month, 1–12.
    public let month: Int
    /// The day of the month, 1–31.
    public let day: Int
    /// The hour, 0–23.
    public let hour: Int
    /// The minute, 0–59.
    public let minute: Int
    /// The second, 0–59.
    public let second: Int

    /// The UTC parts of `epochSeconds` seconds since 1970-01-01T00:00:00Z.
    public init(epochSeconds: Int64) {
        // Floor division without `seconds - 86_399`, which would overflow near Int64.min.
        var days = epochSeconds / 86_400
        var rest = epochSeconds % 86_400
        if rest < 0 {
            days -= 1
            rest += 86_400
        }
        daysSince1970 = days
        (year, month, day) = Self.date(daysSince1970: days)
        hour = Int(rest / 3600)
        minute = Int(rest / 60 % 60)
        second = Int(rest % 60)
    }

    /// ISO-8601 weekday: 1 = Monday … 7 = Sunday.
    public var isoWeekday: Int {
        // 1970-01-01 was a Thursday (4).
        let r = Int((daysSince1970 + 3) % 7)
        return (r < 0 ? r + 7 : r) + 1
    }

    /// `2026-11-01T06:00:00Z`.
    public var iso8601: String {
        "\(dateText)T\(Self.pad(hour, 2)):\(Self.pad(minute, 2)):\(Self.pad(second, 2))Z"
    }

    /// `2026-11-01`.
    public var dateText: String {
        let y = year < 0 ? "-" + Self.pad(Int(-year), 4) : Self.pad(Int(year), 4)
        return "\(y)-\(Self.pad(month, 2))-\(Self.pad(day, 2))"
    }

    /// The (year, month 1–12, day 1–31) of a day count from 1970-01-01; total for every `Int64`.
    ///
    /// Counts from 0000-03-01 in 400-year eras of 146,097 days, so that the leap day ends a year.
    public static func date(daysSince1970: Int64) -> (year: Int64, month: Int, day: Int) {
        // Far outside any calendar anyone uses, but keep the arithmetic below far from overflow.
        let z = daysSince1970.clamped(to: -(1 << 50)...(1 << 50)) + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = Int(dayOfYear - (153 * shiftedMonth + 2) / 5 + 1)
        let month = Int(shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9)
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Days from 1970-01-01 to `year`-`month`-`day` (which the caller has checked is a real date).
    public static func daysSince1970(year: Int64, month: Int, day: Int) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = Int64((153 * ((month + 9) % 12) + 2) / 5 + day - 1)
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let s = String(value)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}

extension Comparable {
    fileprivate func clamped(to range: ClosedRange<Self>) -> Self {
        min(max(self, range.lowerBound), range.upperBound)
    }
}

/// UTC timestamps as ISO-8601 text (`2026-11-01T06:00:00Z`), computed without Foundation or a zone.
public enum ISO8601 {
    /// The UTC timestamp of `seconds` since 1970-01-01T00:00:00Z (never traps; see ``CivilTime``).
    public static func utc(seconds: Int64) -> String {
        CivilTime(epochSeconds: seconds).iso8601
    }
}
