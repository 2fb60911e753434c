/// The RFC 5322 `Date:` value of a moment given in seconds since 1970-01-01T00:00:00Z, in UTC.
enum MailDate {
    private static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// The earliest and latest moments accepted: 1900-01-01T00:00:00Z and 9999-12-31T23:59:59Z.
    static let range: ClosedRange<Int64> = -2_208_988_800...253_402_300_799

    /// `Sun, 01 Nov 2026 08:00:00 +0000` for `epochSeconds`.
    /// - Throws: ``MailError`` when the moment is outside ``range`` (a four-digit year).
    static func format(epochSeconds: Int64) throws(MailError) -> String {
        guard range.contains(epochSeconds) else {
            throw MailError(
                field: .date, value: String(epochSeconds),
                reason: "the date must fall in the years 1900 to 9999; give seconds since 1970-01-01 UTC")
        }
        let days = epochSeconds >= 0 ? epochSeconds / 86_400 : (epochSeconds - 86_399) / 86_400
        let seconds = epochSeconds - days * 86_400
        let (year, month, day) = civil(daysSince1970: days)
        let weekday = Int(((days % 7) + 11) % 7)  // 1970-01-01 was a Thursday (4)
        return "\(weekdays[weekday]), \(two(day)) \(months[month - 1]) \(year) "
            + "\(two(seconds / 3600)):\(two(seconds / 60 % 60)):\(two(seconds % 60)) +0000"
    }

    /// The proleptic Gregorian (year, month 1–12, day 1–31) of a day count from 1970-01-01.
    ///
    /// Counts from 0000-03-01 in 400-year eras of 146,097 days, so that the leap day ends a year.
    private static func civil(daysSince1970: Int64) -> (year: Int64, month: Int, day: Int64) {
        let z = daysSince1970 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = Int(shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9)
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func two(_ value: Int64) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }
}
