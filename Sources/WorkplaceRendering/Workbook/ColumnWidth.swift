/// Column widths that fit their content, in Excel's unit (characters of the default font).
enum ColumnWidth {
    /// The widest a column gets, so one long name cannot push the rest of the sheet off the page.
    static let cap = 60
    /// The narrowest a column gets.
    static let minimum = 6

    /// How many character cells `text` takes, counting no further than `limit`.
    ///
    /// East Asian wide and full-width characters and emoji count two, combining marks and joiners none.
    static func display(_ text: String, limit: Int = cap) -> Int {
        var width = 0
        for scalar in text.unicodeScalars {
            width += cells(scalar)
            if width >= limit { return limit }
        }
        return width
    }

    /// The cells one scalar takes.
    static func cells(_ scalar: Unicode.Scalar) -> Int {
        switch scalar.value {
        case 0x0300...0x036F, 0x200B...0x200F, 0xFE00...0xFE0F, 0x20D0...0x20FF: return 0
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
            0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
            0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
            return 2
        default: return 1
        }
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
            let width = character.unicodeScalars.reduce(0) { $0 + Self.cells($1) }
            if used + width > cells - 1 { break }
            used += width
            result.append(character)
        }
        return result + "…"
    }
}
