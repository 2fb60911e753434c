/// UTC timestamps as ISO-8601 text (`2026-11-01T06:00:00Z`), computed without Foundation or a zone.
public enum ISO8601 {
    /// The UTC timestamp of `seconds` since 1970-01-01T00:00:00Z.
    public static func utc(seconds: Int64) -> String {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let rest = Int(seconds - days * 86_400)
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(CalendarDate(dayNumber: Int32(days)))T\(two(rest / 3600)):\(two(rest / 60 % 60)):\(two(rest % 60))Z"
    }
}
