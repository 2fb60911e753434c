/// Text rules of a cell: Excel's length limit.
public enum XLSXText {
    /// The most characters a cell holds (Excel: 32,767).
    public static let maxCellCharacters = 32_767

    /// `text` cut to fit a cell, ending in a visible "…" when it was cut.
    ///
    /// The limit is counted in UTF-16 code units, which is what Excel counts and never less than
    /// libxlsxwriter's count of code points, so the result fits both. The cut falls between whole
    /// characters (grapheme clusters): an emoji or a combining accent is never split.
    public static func clipped(_ text: String, limit: Int = maxCellCharacters) -> String {
        guard text.utf16.count > limit else { return text }
        let room = max(limit - 1, 0)
        var used = 0
        var end = text.startIndex
        for index in text.indices {
            let next = text.index(after: index)
            let width = text.utf16.distance(from: index, to: next)
            if used + width > room { break }
            used += width
            end = next
        }
        return String(text[..<end]) + "…"
    }

    /// `text` on one line: each line break or tab becomes one space, so a name with a newline does not
    /// spill over the next row in readers that draw unwrapped line breaks.
    public static func singleLine(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0 == "\n" || $0 == "\r" || $0 == "\t" }) else { return text }
        var result = String.UnicodeScalarView()
        var previousCR = false
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\r":
                result.append(" ")
                previousCR = true
                continue
            case "\n":
                if !previousCR { result.append(" ") }
            case "\t":
                result.append(" ")
            default:
                result.append(scalar)
            }
            previousCR = false
        }
        return String(result)
    }
}
