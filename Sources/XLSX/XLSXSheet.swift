import CXlsxWriter

/// A calendar date for a date cell: no time, no zone, so it never drifts by a day.
public struct XLSXDate: Hashable, Sendable {
    /// The year (1900–9999 for Excel).
    public var year: Int
    /// The month, 1–12.
    public var month: Int
    /// The day of the month, 1–31.
    public var day: Int

    /// Creates a date.
    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }
}

/// One cell's content.
///
/// There is no formula case: text is always written with `worksheet_write_string`, so `=1+1`,
/// `+cmd`, `@SUM(…)` stay the literal text the user typed.
public enum XLSXValue: Hashable, Sendable {
    /// A string cell (at most ``XLSXText/maxCellCharacters`` characters; see ``XLSXText/clipped(_:)``).
    case text(String)
    /// A number cell.
    case number(Double)
    /// A whole number (stored as an Excel double, exact up to 2^53).
    case integer(Int64)
    /// A real date cell: an Excel serial date shown with a date format.
    case date(XLSXDate)
    /// Nothing, or only the format when one is given.
    case blank
}

/// A rectangle of cells, zero-based and inclusive.
public struct XLSXRange: Hashable, Sendable {
    /// The first row.
    public var firstRow: Int
    /// The first column.
    public var firstColumn: Int
    /// The last row (inclusive).
    public var lastRow: Int
    /// The last column (inclusive).
    public var lastColumn: Int

    /// Creates a range.
    public init(firstRow: Int, firstColumn: Int, lastRow: Int, lastColumn: Int) {
        self.firstRow = firstRow
        self.firstColumn = firstColumn
        self.lastRow = lastRow
        self.lastColumn = lastColumn
    }
}

/// How a sheet prints.
public struct XLSXPageSetup: Sendable {
    /// Landscape rather than portrait.
    public var landscape: Bool
    /// Excel's paper code: 9 is A4, 1 is US Letter.
    public var paper: UInt8
    /// Pages wide to fit the print to (0 = no limit).
    public var fitWidth: Int
    /// Pages tall to fit the print to (0 = as many as needed).
    public var fitHeight: Int
    /// Rows printed at the top of every page (zero-based, inclusive): the header row, say.
    public var repeatRows: ClosedRange<Int>?
    /// Page footer in Excel's header/footer codes (`&P` page, `&N` pages).
    ///
    /// The codes are interpreted, so never pass user text here.
    public var footer: String?

    /// A4 landscape, one page wide, as many pages tall as needed.
    public init(
        landscape: Bool = true, paper: UInt8 = 9, fitWidth: Int = 1, fitHeight: Int = 0,
        repeatRows: ClosedRange<Int>? = nil, footer: String? = nil
    ) {
        self.landscape = landscape
        self.paper = paper
        self.fitWidth = fitWidth
        self.fitHeight = fitHeight
        self.repeatRows = repeatRows
        self.footer = footer
    }
}

/// A worksheet of an open ``XLSXWorkbook``.
///
/// Every call checks that the workbook is still open and converts indices with a throwing check,
/// then turns libxlsxwriter's `lxw_error` into an ``XLSXError`` naming the sheet and the cell.
public final class XLSXSheet {
    /// The sheet name as shown on its tab.
    public let name: String
    private let workbook: XLSXWorkbook
    private var pointer: UnsafeMutablePointer<lxw_worksheet>?

    init(workbook: XLSXWorkbook, pointer: UnsafeMutablePointer<lxw_worksheet>, name: String) {
        self.workbook = workbook
        self.pointer = pointer
        self.name = name
    }

    /// Called when the workbook closes: the C sheet is freed with it.
    func invalidate() {
        pointer = nil
    }

    private func live(
        _ operation: @autoclosure () -> String, cell: @autoclosure () -> String? = nil
    ) throws -> UnsafeMutablePointer<lxw_worksheet> {
        guard let pointer else {
            throw XLSXError(
                code: nil, message: "the workbook is already closed", operation: operation(), sheet: name,
                cell: cell())
        }
        return pointer
    }

    private func cFormat(
        _ format: XLSXFormat?, _ operation: @autoclosure () -> String
    ) throws -> UnsafeMutablePointer<lxw_format>? {
        guard let format else { return nil }
        guard format.workbook === workbook else {
            throw XLSXError(
                code: nil, message: "the format belongs to another workbook", operation: operation(), sheet: name)
        }
        return format.pointer
    }

    func row(_ row: Int, _ operation: @autoclosure () -> String, column: Int = 0) throws -> lxw_row_t {
        guard let value = lxw_row_t(exactly: row) else {
            throw XLSXError(
                code: XLSXError.indexOutOfRangeCode, message: "row \(row) is not a valid row index",
                operation: operation(), sheet: name, cell: cellName(row: row, column: column))
        }
        return value
    }

    func column(_ column: Int, _ operation: @autoclosure () -> String, row: Int = 0) throws -> lxw_col_t {
        guard let value = lxw_col_t(exactly: column) else {
            throw XLSXError(
                code: XLSXError.indexOutOfRangeCode, message: "column \(column) is not a valid column index",
                operation: operation(), sheet: name, cell: cellName(row: row, column: column))
        }
        return value
    }

    private func cRange(_ range: XLSXRange, _ operation: String) throws -> (
        lxw_row_t, lxw_col_t, lxw_row_t, lxw_col_t
    ) {
        (
            try row(range.firstRow, operation, column: range.firstColumn),
            try column(range.firstColumn, operation, row: range.firstRow),
            try row(range.lastRow, operation, column: range.lastColumn),
            try column(range.lastColumn, operation, row: range.lastRow)
        )
    }

    /// Writes one cell.
    ///
    /// Text always becomes a string cell, whatever it starts with. A date without a format gets
    /// `yyyy-mm-dd`, so it never shows as a bare serial number.
    /// - Throws: ``XLSXError`` for a row or column outside Excel's grid (error 23; in constant-memory
    ///   mode also a row before the current one), text over 32,767 characters (error 21), or a
    ///   closed workbook.
    public func write(_ value: XLSXValue, row r: Int, column c: Int, format: XLSXFormat? = nil) throws {
        // The hot path of a million-row sheet: the operation text and cell name are built only on failure.
        func operation() -> String {
            switch value {
            case .text: return "write string"
            case .number, .integer: return "write number"
            case .date: return "write date"
            case .blank: return "write blank"
            }
        }
        let sheet = try live(operation(), cell: cellName(row: r, column: c))
        let cRow = try row(r, operation(), column: c)
        let cColumn = try column(c, operation(), row: r)
        let cFormat = try cFormat(format, operation())
        let status: lxw_error
        switch value {
        case .text(let text):
            status = text.withCString { worksheet_write_string(sheet, cRow, cColumn, $0, cFormat) }
        case .number(let number):
            status = worksheet_write_number(sheet, cRow, cColumn, number, cFormat)
        case .integer(let number):
            status = worksheet_write_number(sheet, cRow, cColumn, Double(number), cFormat)
        case .date(let date):
            guard let year = Int32(exactly: date.year), let month = Int32(exactly: date.month),
                let day = Int32(exactly: date.day)
            else {
                throw XLSXError(
                    code: Int(LXW_ERROR_PARAMETER_VALIDATION.rawValue), message: "date \(date) out of range",
                    operation: operation(), sheet: name, cell: cellName(row: r, column: c))
            }
            var datetime = lxw_datetime(year: year, month: month, day: day, hour: 0, min: 0, sec: 0)
            let dateFormat = try cFormat ?? workbook.format(XLSXStyle(numberFormat: "yyyy-mm-dd")).pointer
            status = worksheet_write_datetime(sheet, cRow, cColumn, &datetime, dateFormat)
        case .blank:
            status = worksheet_write_blank(sheet, cRow, cColumn, cFormat)
        }
        if status != LXW_NO_ERROR {
            try lxwCheck(status, operation(), sheet: name, cell: cellName(row: r, column: c))
        }
    }

    /// Writes `values` into one row, from `column` rightwards, with one format per value (or none).
    /// - Throws: what ``write(_:row:column:format:)`` throws.
    public func writeRow(
        _ values: [XLSXValue], row r: Int, column first: Int = 0, formats: [XLSXFormat?] = []
    ) throws {
        for (offset, value) in values.enumerated() {
            let format = offset < formats.count ? formats[offset] : nil
            try write(value, row: r, column: first + offset, format: format)
        }
    }

    /// Sets the width (in characters of the default font) and default format of columns `first…last`.
    /// - Throws: ``XLSXError`` for a column outside the grid.
    public func setColumns(_ columns: ClosedRange<Int>, width: Double, format: XLSXFormat? = nil) throws {
        let operation = "set column width"
        let sheet = try live(operation)
        let first = try column(columns.lowerBound, operation)
        let last = try column(columns.upperBound, operation)
        try lxwCheck(
            worksheet_set_column(sheet, first, last, width, try cFormat(format, operation)), operation, sheet: name,
            cell: cellName(row: 0, column: columns.lowerBound))
    }

    /// Sets the height of one row in points.
    ///
    /// In constant-memory mode, only the current or a later row.
    /// - Throws: ``XLSXError`` for a row outside the grid.
    public func setRowHeight(_ r: Int, height: Double) throws {
        let operation = "set row height"
        let sheet = try live(operation)
        try lxwCheck(
            worksheet_set_row(sheet, try row(r, operation), height, nil), operation, sheet: name,
            cell: cellName(row: r, column: 0))
    }

    /// Freezes the rows above `row` and the columns left of `column` so they stay visible when scrolling.
    /// - Throws: ``XLSXError`` for an index outside the grid.
    public func freezePanes(row r: Int, column c: Int = 0) throws {
        let operation = "freeze panes"
        let sheet = try live(operation)
        worksheet_freeze_panes(sheet, try row(r, operation, column: c), try column(c, operation, row: r))
    }

    /// Adds filter buttons to the header row of `range` (its first row).
    /// - Throws: ``XLSXError`` for a range outside the grid.
    public func autofilter(_ range: XLSXRange) throws {
        let operation = "add autofilter"
        let sheet = try live(operation)
        let (r1, c1, r2, c2) = try cRange(range, operation)
        try lxwCheck(
            worksheet_autofilter(sheet, r1, c1, r2, c2), operation, sheet: name,
            cell: cellName(row: range.firstRow, column: range.firstColumn))
    }

    /// Makes `range` an Excel table (banded rows, filter buttons) whose first row holds `columns`.
    ///
    /// libxlsxwriter writes the header cells itself from `columns`; write the data rows below them.
    /// Refused in constant-memory mode, where libxlsxwriter does not support tables (use
    /// ``autofilter(_:)`` there).
    /// - Parameters:
    ///   - range: the header row and the data rows (at least one data row).
    ///   - columns: one header per column of `range`, unique.
    ///   - headerFormats: the format of each header cell (missing or nil: the table style's).
    ///   - name: the table name (letters, digits, underscores; unique in the workbook), or nil for `TableN`.
    /// - Throws: ``XLSXError`` for a bad range, header count, constant-memory mode or a library refusal.
    public func addTable(
        _ range: XLSXRange, columns: [String], headerFormats: [XLSXFormat?] = [], name tableName: String? = nil
    ) throws {
        let operation = "add table"
        let sheet = try live(operation)
        let cell = cellName(row: range.firstRow, column: range.firstColumn)
        if workbook.constantMemory {
            throw XLSXError(
                code: Int(LXW_ERROR_FEATURE_NOT_SUPPORTED.rawValue),
                message: "tables are not supported in constant-memory mode; use an autofilter",
                operation: operation, sheet: name, cell: cell)
        }
        guard columns.count == range.lastColumn - range.firstColumn + 1, range.lastRow > range.firstRow else {
            throw XLSXError(
                code: Int(LXW_ERROR_PARAMETER_VALIDATION.rawValue),
                message: "a table needs one header per column and at least one data row",
                operation: operation, sheet: name, cell: cell)
        }
        let (r1, c1, r2, c2) = try cRange(range, operation)
        let headerPointers = try columns.indices.map {
            try cFormat($0 < headerFormats.count ? headerFormats[$0] : nil, operation)
        }
        // One allocation for the columns and one for the NULL-terminated pointer list; the header
        // strings are duplicated for the call and freed after it (add_table copies what it keeps).
        let cColumns = UnsafeMutablePointer<lxw_table_column>.allocate(capacity: columns.count)
        let list = UnsafeMutablePointer<UnsafeMutablePointer<lxw_table_column>?>.allocate(capacity: columns.count + 1)
        var headers: [UnsafeMutablePointer<CChar>?] = []
        defer {
            headers.forEach { free($0) }
            cColumns.deinitialize(count: columns.count)
            cColumns.deallocate()
            list.deallocate()
        }
        for (i, header) in columns.enumerated() {
            let copy = strdup(header)
            headers.append(copy)
            var column = lxw_table_column()
            column.header = copy
            column.header_format = headerPointers[i]
            (cColumns + i).initialize(to: column)
            list[i] = cColumns + i
        }
        list[columns.count] = nil
        var options = lxw_table_options()
        options.style_type = UInt8(LXW_TABLE_STYLE_TYPE_MEDIUM.rawValue)
        options.style_type_number = 2
        options.columns = list
        let cName = tableName.map { strdup($0) } ?? nil
        defer { free(cName) }
        options.name = cName
        try lxwCheck(worksheet_add_table(sheet, r1, c1, r2, c2, &options), operation, sheet: name, cell: cell)
    }

    /// Shows a data bar in each cell of `range`, proportional to its value.
    /// - Throws: ``XLSXError`` for a range outside the grid.
    public func addDataBar(_ range: XLSXRange, color: UInt32) throws {
        let operation = "add data bar"
        let sheet = try live(operation)
        let (r1, c1, r2, c2) = try cRange(range, operation)
        var rule = lxw_conditional_format()
        rule.type = UInt8(LXW_CONDITIONAL_DATA_BAR.rawValue)
        rule.bar_color = lxw_color_t(color)
        rule.bar_solid = UInt8(LXW_TRUE.rawValue)
        try lxwCheck(
            worksheet_conditional_format_range(sheet, r1, c1, r2, c2, &rule), operation, sheet: name,
            cell: cellName(row: range.firstRow, column: range.firstColumn))
    }

    /// Places `chart` with its top-left corner in the cell at `row`, `column`.
    ///
    /// The size is scaled from the default 480 × 288 pixels. A chart can be placed once.
    /// - Throws: ``XLSXError`` for a cell outside the grid, a chart of another workbook, or a chart
    ///   already placed.
    public func insertChart(_ chart: XLSXChart, row r: Int, column c: Int, xScale: Double = 1, yScale: Double = 1)
        throws
    {
        let operation = "insert chart"
        let sheet = try live(operation)
        let cChart = try chart.live(operation)
        guard chart.workbook === workbook else {
            throw XLSXError(
                code: nil, message: "the chart belongs to another workbook", operation: operation, sheet: name)
        }
        var options = lxw_chart_options()
        options.x_scale = xScale
        options.y_scale = yScale
        try lxwCheck(
            worksheet_insert_chart_opt(sheet, try row(r, operation), try column(c, operation), cChart, &options),
            operation, sheet: name, cell: cellName(row: r, column: c))
    }

    /// Sets orientation, paper, fit-to-pages, repeated rows and footer for printing.
    /// - Throws: ``XLSXError`` for repeated rows outside the grid, page counts over 65,535, or a footer
    ///   over 255 characters.
    public func setPageSetup(_ setup: XLSXPageSetup) throws {
        let operation = "set page setup"
        let sheet = try live(operation)
        if setup.landscape { worksheet_set_landscape(sheet) } else { worksheet_set_portrait(sheet) }
        worksheet_set_paper(sheet, setup.paper)
        guard let wide = UInt16(exactly: setup.fitWidth), let tall = UInt16(exactly: setup.fitHeight) else {
            throw XLSXError(
                code: Int(LXW_ERROR_PARAMETER_VALIDATION.rawValue), message: "page counts must be 0…65535",
                operation: operation, sheet: name)
        }
        worksheet_fit_to_pages(sheet, wide, tall)
        if let rows = setup.repeatRows {
            try lxwCheck(
                worksheet_repeat_rows(sheet, try row(rows.lowerBound, operation), try row(rows.upperBound, operation)),
                "repeat rows", sheet: name)
        }
        if let footer = setup.footer {
            try lxwCheck(footer.withCString { worksheet_set_footer(sheet, $0) }, "set footer", sheet: name)
        }
    }

    /// Hides the grid lines on screen and in print.
    /// - Throws: ``XLSXError`` when the workbook is closed.
    public func hideGridlines() throws {
        worksheet_gridlines(try live("hide gridlines"), UInt8(LXW_HIDE_ALL_GRIDLINES.rawValue))
    }

    /// Makes this the sheet shown when the file opens.
    /// - Throws: ``XLSXError`` when the workbook is closed.
    public func activate() throws {
        worksheet_activate(try live("activate sheet"))
    }
}
