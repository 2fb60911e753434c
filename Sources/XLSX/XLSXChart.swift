import CXlsxWriter

/// A native Excel chart of an open ``XLSXWorkbook``, drawn from cell ranges of its sheets.
public final class XLSXChart {
    /// The chart types the report uses.
    public enum Kind: Sendable {
        /// Lines over categories (a trend).
        case line
        /// Horizontal bars (a ranking).
        case bar
        /// Vertical bars.
        case column

        var cValue: UInt8 {
            switch self {
            case .line: return UInt8(LXW_CHART_LINE.rawValue)
            case .bar: return UInt8(LXW_CHART_BAR.rawValue)
            case .column: return UInt8(LXW_CHART_COLUMN.rawValue)
            }
        }
    }

    let workbook: XLSXWorkbook
    private let pointer: UnsafeMutablePointer<lxw_chart>
    /// The chart type.
    public let kind: Kind

    init(workbook: XLSXWorkbook, pointer: UnsafeMutablePointer<lxw_chart>, kind: Kind) {
        self.workbook = workbook
        self.pointer = pointer
        self.kind = kind
    }

    /// The category and value axes: libxlsxwriter's `x_axis` is the category axis except in bar
    /// charts, whose categories run up the vertical `y_axis`.
    private func axes(_ chart: UnsafeMutablePointer<lxw_chart>) -> (
        category: UnsafeMutablePointer<lxw_chart_axis>?, value: UnsafeMutablePointer<lxw_chart_axis>?
    ) {
        kind == .bar ? (chart.pointee.y_axis, chart.pointee.x_axis) : (chart.pointee.x_axis, chart.pointee.y_axis)
    }

    func live(_ operation: String) throws -> UnsafeMutablePointer<lxw_chart> {
        _ = try workbook.live(operation)
        return pointer
    }

    /// libxlsxwriter reads a chart name that starts with `=` as a cell reference; refuse it.
    private static func literal(_ text: String, _ operation: String) throws -> String {
        guard !text.hasPrefix("=") else {
            throw XLSXError(
                code: Int(LXW_ERROR_PARAMETER_VALIDATION.rawValue),
                message: "chart text may not start with '=' (it would be read as a reference)", operation: operation)
        }
        return text
    }

    /// Adds a series: `values` of `sheet` plotted against `categories` of the same sheet (each one
    /// row or column), named `name`, drawn in `color` (0xRRGGBB) when given.
    /// - Throws: ``XLSXError`` for ranges outside the grid, a name starting with `=`, or a closed workbook.
    public func addSeries(
        name: String, sheet: XLSXSheet, categories: XLSXRange, values: XLSXRange, color: UInt32? = nil
    ) throws {
        let operation = "add chart series"
        let chart = try live(operation)
        let title = try Self.literal(name, operation)
        let c = (
            try sheet.row(categories.firstRow, operation), try sheet.column(categories.firstColumn, operation),
            try sheet.row(categories.lastRow, operation), try sheet.column(categories.lastColumn, operation)
        )
        let v = (
            try sheet.row(values.firstRow, operation), try sheet.column(values.firstColumn, operation),
            try sheet.row(values.lastRow, operation), try sheet.column(values.lastColumn, operation)
        )
        guard let series = chart_add_series(chart, nil, nil) else {
            throw XLSXError(code: nil, message: "libxlsxwriter returned no series", operation: operation)
        }
        // These calls copy the sheet name and series name (lxw_strdup) before returning.
        sheet.name.withCString { sheetName in
            chart_series_set_categories(series, sheetName, c.0, c.1, c.2, c.3)
            chart_series_set_values(series, sheetName, v.0, v.1, v.2, v.3)
        }
        title.withCString { chart_series_set_name(series, $0) }
        if let color {
            switch kind {
            case .line:
                var line = lxw_chart_line()
                line.color = lxw_color_t(color)
                line.width = 2.25
                chart_series_set_line(series, &line)
            default:
                var fill = lxw_chart_fill()
                fill.color = lxw_color_t(color)
                chart_series_set_fill(series, &fill)
            }
        }
    }

    /// Sets the chart title.
    /// - Throws: ``XLSXError`` for a title starting with `=` or a closed workbook.
    public func setTitle(_ title: String) throws {
        let operation = "set chart title"
        let chart = try live(operation)
        try Self.literal(title, operation).withCString { chart_title_set_name(chart, $0) }
    }

    /// Puts the legend at the bottom, or hides it.
    /// - Throws: ``XLSXError`` when the workbook is closed.
    public func setLegend(visible: Bool) throws {
        let chart = try live("set chart legend")
        let position = visible ? LXW_CHART_LEGEND_BOTTOM : LXW_CHART_LEGEND_NONE
        chart_legend_set_position(chart, UInt8(position.rawValue))
    }

    /// Formats the category axis.
    /// - Parameters:
    ///   - numberFormat: a number format for the labels (`mm-dd` for dates).
    ///   - reversed: the reverse order (a ranking drawn as bars then reads top-down).
    ///   - everyLabel: label every category, even when a reader would skip some to save room.
    ///   - labelSize: the label font size in points; nil for the default.
    /// - Throws: ``XLSXError`` when the workbook is closed.
    public func setCategoryAxis(
        numberFormat: String? = nil, reversed: Bool = false, everyLabel: Bool = false, labelSize: Double? = nil
    ) throws {
        let chart = try live("set chart axis")
        guard let axis = axes(chart).category else { return }
        if let numberFormat { numberFormat.withCString { chart_axis_set_num_format(axis, $0) } }
        if reversed { chart_axis_set_reverse(axis) }
        if everyLabel { chart_axis_set_interval_unit(axis, 1) }
        if let labelSize {
            // chart_axis_set_num_font copies the font's fields.
            var font = lxw_chart_font()
            font.size = labelSize
            chart_axis_set_num_font(axis, &font)
        }
    }

    /// Formats the value axis with an Excel number format such as `#,##0`.
    /// - Throws: ``XLSXError`` when the workbook is closed.
    public func setValueAxis(numberFormat: String) throws {
        let chart = try live("set chart axis")
        guard let axis = axes(chart).value else { return }
        numberFormat.withCString { chart_axis_set_num_format(axis, $0) }
    }
}
