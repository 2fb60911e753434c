import WorkplaceModel

/// Display formatting for the HTML and Markdown reports: numbers with thousands separators, fixed
/// decimals, percentages, ▲▼ changes and dates.
///
/// Everything here is for display only; the model keeps exact values. The output does not depend on
/// the machine's locale (no Foundation formatters), so two runs give the same bytes everywhere.
enum DisplayFormat {
    /// The sign shown for a missing value ("–").
    static let none = "–"

    /// `1234567` → `1,234,567`.
    static func integer(_ value: Int64) -> String {
        let digits = String(value.magnitude)
        var out = ""
        out.reserveCapacity(digits.count + digits.count / 3 + 1)
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return value < 0 ? "-" + out : out
    }

    /// `1234.56` with one place as `1,234.6` (half away from zero); non-finite values show "–".
    static func decimal(_ value: Double, places: Int = 1) -> String {
        guard value.isFinite else { return none }
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let scaled = (value.magnitude * scale).rounded(.toNearestOrAwayFromZero)
        guard scaled < 9.0e18 else { return none }
        let units = Int64(scaled)
        let whole = units / Int64(scale)
        let fraction = units % Int64(scale)
        var text = integer(whole)
        if places > 0 {
            let f = String(fraction)
            text += "." + String(repeating: "0", count: places - f.count) + f
        }
        return value < 0 && units != 0 ? "-" + text : text
    }

    /// A fraction as a percentage: `0.1234` → `12.3%`.
    static func share(_ fraction: Double) -> String {
        decimal(fraction * 100) + "%"
    }

    /// A direction of change, for colouring.
    enum Direction: String {
        /// Higher than before.
        case up
        /// Lower than before.
        case down
        /// The same, after rounding to the shown precision.
        case flat
        /// Not compared, or no base to compare with.
        case none
    }

    /// A percent change (`12.5` = +12.5%) as `▲ 12.5%`, `▼ 3.0%` or `0.0%`, with its direction.
    static func change(percent: Double?) -> (text: String, direction: Direction) {
        guard let percent, percent.isFinite else { return (none, .none) }
        let magnitude = decimal(percent.magnitude)
        if magnitude == "0.0" { return ("0.0%", .flat) }
        return percent > 0 ? ("▲ \(magnitude)%", .up) : ("▼ \(magnitude)%", .down)
    }

    /// A rank change (places gained) as `▲ 2`, `▼ 1` or `=`.
    static func rankChange(_ places: Int?) -> (text: String, direction: Direction) {
        guard let places else { return ("", .none) }
        if places == 0 { return ("=", .flat) }
        return places > 0 ? ("▲ \(places)", .up) : ("▼ \(-places)", .down)
    }

    /// `2026-10-01 – 2026-10-31`, or the single date when both ends are the same day.
    static func range(_ from: CalendarDate, _ to: CalendarDate) -> String {
        from == to ? from.description : "\(from) – \(to)"
    }

    /// Seconds since 1970 as `2026-11-01 06:00 UTC`.
    static func timestamp(_ seconds: Int64) -> String {
        let t = CivilTime(epochSeconds: seconds)
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(t.dateText) \(two(t.hour)):\(two(t.minute)) UTC"
    }

    /// User text made safe to show on one line: control characters (newlines included) become spaces.
    static func oneLine(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            out.append(isControl(scalar) ? " " : scalar)
        }
        return String(out)
    }

    /// `text` cut to at most `limit` characters (whole graphemes, so emoji stay whole), with "…" when cut.
    static func clip(_ text: String, to limit: Int) -> (text: String, clipped: Bool) {
        clip(text, width: limit) { _ in 1 }
    }

    /// `text` cut to at most `limit` columns, where wide characters (CJK, emoji) take two, with "…" when cut.
    static func clip(_ text: String, columns limit: Int) -> (text: String, clipped: Bool) {
        clip(text, width: limit, of: columns)
    }

    private static func clip(
        _ text: String, width limit: Int, of width: (Character) -> Int
    ) -> (text: String, clipped: Bool) {
        var index = text.startIndex
        var used = 0
        while index < text.endIndex {
            used += width(text[index])
            if used > limit { return (String(text[..<index]) + "…", true) }
            text.formIndex(after: &index)
        }
        return (text, false)
    }

    /// The columns a character takes in a monospaced view (``DisplayWidth``, shared with the workbook).
    static func columns(_ c: Character) -> Int {
        DisplayWidth.of(c)
    }

    /// C0 and C1 controls, DEL, and the Unicode line and paragraph separators.
    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0..<0x20, 0x7F..<0xA0, 0x2028, 0x2029: return true
        default: return false
        }
    }
}
