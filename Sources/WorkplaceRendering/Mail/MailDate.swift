import WorkplaceModel

/// The RFC 5322 `Date:` value of a moment given in seconds since 1970-01-01T00:00:00Z, in UTC.
enum MailDate {
    private static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// The earliest and latest moments accepted: 1900-01-01T00:00:00Z and 9999-12-31T23:59:59Z.
    static let range: ClosedRange<Int64> = -2_208_988_800...CivilTime.fourDigitYears.upperBound

    /// `Sun, 01 Nov 2026 08:00:00 +0000` for `epochSeconds`.
    /// - Throws: ``MailError`` when the moment is outside ``range`` (a four-digit year).
    static func format(epochSeconds: Int64) throws(MailError) -> String {
        guard range.contains(epochSeconds) else {
            throw MailError(
                field: .date, value: String(epochSeconds),
                reason: "the date must fall in the years 1900 to 9999; give seconds since 1970-01-01 UTC")
        }
        let t = CivilTime(epochSeconds: epochSeconds)
        return "\(weekdays[t.isoWeekday % 7]), \(two(t.day)) \(months[t.month - 1]) \(t.year) "
            + "\(two(t.hour)):\(two(t.minute)):\(two(t.second)) +0000"
    }

    private static func two(_ value: Int) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }
}
