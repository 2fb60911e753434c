import CXlsxWriter

/// What a cell looks like: font, fill, number format, alignment, border.
///
/// A value type, so equal styles share one libxlsxwriter format (``XLSXWorkbook/format(_:)``).
public struct XLSXStyle: Hashable, Sendable {
    /// Horizontal alignment.
    public enum Alignment: Hashable, Sendable {
        /// Left.
        case left
        /// Centre.
        case center
        /// Right.
        case right

        var cValue: UInt8 {
            switch self {
            case .left: return UInt8(LXW_ALIGN_LEFT.rawValue)
            case .center: return UInt8(LXW_ALIGN_CENTER.rawValue)
            case .right: return UInt8(LXW_ALIGN_RIGHT.rawValue)
            }
        }
    }

    /// Bold font.
    public var bold = false
    /// Italic font.
    public var italic = false
    /// Font size in points; nil keeps the default 11.
    public var fontSize: Double?
    /// Font colour as 0xRRGGBB.
    public var fontColor: UInt32?
    /// Solid background colour as 0xRRGGBB.
    public var fillColor: UInt32?
    /// An Excel number format such as `#,##0`, `0.0%` or `yyyy-mm-dd`.
    public var numberFormat: String?
    /// Horizontal alignment; nil lets Excel align by type.
    public var alignment: Alignment?
    /// Align to the top of the cell rather than the bottom.
    public var alignTop = false
    /// Wrap long text inside the cell.
    public var wrap = false
    /// A thin line under the cell.
    public var bottomBorder = false

    /// Creates a style; every property defaults to Excel's default.
    public init(
        bold: Bool = false, italic: Bool = false, fontSize: Double? = nil, fontColor: UInt32? = nil,
        fillColor: UInt32? = nil, numberFormat: String? = nil, alignment: Alignment? = nil,
        alignTop: Bool = false, wrap: Bool = false, bottomBorder: Bool = false
    ) {
        self.bold = bold
        self.italic = italic
        self.fontSize = fontSize
        self.fontColor = fontColor
        self.fillColor = fillColor
        self.numberFormat = numberFormat
        self.alignment = alignment
        self.alignTop = alignTop
        self.wrap = wrap
        self.bottomBorder = bottomBorder
    }

    func apply(to format: UnsafeMutablePointer<lxw_format>) {
        if bold { format_set_bold(format) }
        if italic { format_set_italic(format) }
        if let fontSize { format_set_font_size(format, fontSize) }
        if let fontColor { format_set_font_color(format, lxw_color_t(fontColor)) }
        if let fillColor {
            format_set_pattern(format, UInt8(LXW_PATTERN_SOLID.rawValue))
            format_set_bg_color(format, lxw_color_t(fillColor))
        }
        // format_set_num_format copies the text into the format.
        if let numberFormat { numberFormat.withCString { format_set_num_format(format, $0) } }
        if let alignment { format_set_align(format, alignment.cValue) }
        if alignTop { format_set_align(format, UInt8(LXW_ALIGN_VERTICAL_TOP.rawValue)) }
        if wrap { format_set_text_wrap(format) }
        if bottomBorder { format_set_bottom(format, UInt8(LXW_BORDER_THIN.rawValue)) }
    }
}
