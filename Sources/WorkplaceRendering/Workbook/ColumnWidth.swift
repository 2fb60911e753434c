/// Column widths that fit their content, in Excel's unit (characters of the default font).
enum ColumnWidth {
    /// The widest a column gets, so one long name cannot push the rest of the sheet off the page.
    static let cap = 60
    /// The narrowest a column gets.
    static let minimum = 6

    /// How many character cells `text` takes, counting no further than `limit` (``DisplayWidth``, the
    /// table the HTML and Markdown reports use too).
    static func display(_ text: String, limit: Int = cap) -> Int {
        DisplayWidth.of(text, limit: limit)
    }

    /// Characters of a whole number shown with thousands separators (`1,234,567` is 9).
    static func integer(_ value: Int64) -> Int {
        let digits = String(value.magnitude).count
        return digits + (digits - 1) / 3 + (value < 0 ? 1 : 0)
    }

    /// The width for a column with this header and this widest content, padded, within the bounds.
    static func fit(header: String, content: Int, cap: Int = cap) -> Double {
        let widest = max(display(header, limit: cap), content)
        return Double(min(max(widest + 2, minimum), cap))
    }

    /// `text` cut to at most `cells` character cells, ending in "…" when it was cut; for places that
    /// show a name in passing (the Summary's top table and the bar chart labels).
    static func shortened(_ text: String, cells: Int) -> String {
        guard display(text, limit: cells + 1) > cells else { return text }
        var used = 0
        var result = ""
        for character in text {
            let width = DisplayWidth.of(character)
            if used + width > cells - 1 { break }
            used += width
            result.append(character)
        }
        return result + "…"
    }
}
