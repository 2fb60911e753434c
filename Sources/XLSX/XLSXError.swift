import CXlsxWriter

/// A libxlsxwriter failure, with the context needed to find and fix it.
///
/// Every `lxw_error` and every NULL the C library returns becomes one of these: the library's own
/// error number and message (`lxw_strerror`), plus what we were doing, on which sheet and in which cell.
public struct XLSXError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The `lxw_error` number, or nil when the failure was found on the Swift side (a negative index,
    /// a closed workbook, a NULL return).
    public let code: Int?
    /// What went wrong: `lxw_strerror`'s text, or ours.
    public let message: String
    /// The operation that failed (`write string`, `add worksheet`, `close workbook` …).
    public let operation: String
    /// The worksheet involved, if any.
    public let sheet: String?
    /// The cell involved in A1 notation, if any (`XFD1048577` style names are kept as given).
    public let cell: String?

    /// Creates an error.
    public init(code: Int?, message: String, operation: String, sheet: String? = nil, cell: String? = nil) {
        self.code = code
        self.message = message
        self.operation = operation
        self.sheet = sheet
        self.cell = cell
    }

    /// `lxw_error` 23 (`LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE`): a row or column beyond Excel's grid.
    public static let indexOutOfRangeCode = Int(LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE.rawValue)

    public var description: String {
        var text = "xlsx: \(operation) failed"
        if let sheet { text += " on sheet '\(sheet)'" }
        if let cell { text += " at \(cell)" }
        text += ": \(message)"
        if let code { text += " (libxlsxwriter error \(code))" }
        return text
    }

    /// Wraps a C `lxw_error`, or returns nil for `LXW_NO_ERROR`.
    static func check(
        _ error: lxw_error, _ operation: String, sheet: String? = nil, cell: String? = nil
    ) -> XLSXError? {
        guard error != LXW_NO_ERROR else { return nil }
        let text = lxw_strerror(error).map { String(cString: $0) } ?? "unknown error"
        return XLSXError(code: Int(error.rawValue), message: text, operation: operation, sheet: sheet, cell: cell)
    }
}

/// Throws when `error` is not `LXW_NO_ERROR`.
func lxwCheck(_ error: lxw_error, _ operation: String, sheet: String? = nil, cell: String? = nil) throws {
    if let failure = XLSXError.check(error, operation, sheet: sheet, cell: cell) { throw failure }
}

/// The A1 name of a zero-based cell (`A1`, `XFD1048576`); used in error messages.
func cellName(row: Int, column: Int) -> String {
    var letters = ""
    var n = column
    if n < 0 { return "R\(row + 1)C\(column + 1)" }
    repeat {
        letters = String(UnicodeScalar(UInt8(65 + n % 26))) + letters
        n = n / 26 - 1
    } while n >= 0
    return "\(letters)\(row + 1)"
}
