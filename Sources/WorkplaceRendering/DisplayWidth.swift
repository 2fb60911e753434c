/// How many columns text takes in a monospaced view: the one width table that the HTML and
/// Markdown reports (clipping long names) and the workbook (column widths, shortened names) share.
///
/// East Asian wide and full-width characters and emoji take two columns; combining marks, joiners and
/// variation selectors none; everything else one. A character (grapheme) takes the widest of its
/// scalars, so an emoji sequence joined with U+200D or a flag counts two. An approximation by code
/// point range, good enough for clipping and column widths.
enum DisplayWidth {
    /// The columns one character takes.
    static func of(_ character: Character) -> Int {
        var widest = 0
        for scalar in character.unicodeScalars {
            widest = max(widest, cells(scalar))
        }
        return widest
    }

    /// The columns `text` takes, counting no further than `limit`.
    static func of(_ text: String, limit: Int = .max) -> Int {
        var width = 0
        for character in text {
            width += of(character)
            if width >= limit { return limit }
        }
        return width
    }

    /// The columns one scalar takes on its own.
    static func cells(_ scalar: Unicode.Scalar) -> Int {
        switch scalar.value {
        case 0x0300...0x036F, 0x200B...0x200F, 0x2060...0x2064, 0x20D0...0x20FF, 0xFE00...0xFE0F,
            0xE0100...0xE01EF:
            return 0
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
            0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
            0xFFE0...0xFFE6, 0x1F1E6...0x1F1FF, 0x1F300...0x1F64F, 0x1F680...0x1F6FF, 0x1F7E0...0x1F7EB,
            0x1F900...0x1FAFF, 0x20000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }
}
