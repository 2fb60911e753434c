import CXlsxWriter
import Foundation

/// How a workbook is written.
public struct XLSXOptions: Sendable {
    /// libxlsxwriter's constant-memory mode: each row goes to a temporary file as soon as the next
    /// row starts, so memory stays flat however long a sheet is.
    ///
    /// The mode applies to every sheet of the workbook, and its rules apply with it: rows must be
    /// written in ascending order on each sheet (an earlier row fails with error 23), tables
    /// (``XLSXSheet/addTable(_:columns:headerFormat:name:)``) are refused, strings are stored inline
    /// rather than shared, and chart data caches stay empty (readers recompute them).
    public var constantMemory: Bool
    /// Where libxlsxwriter keeps its temporary files; nil for the system default.
    public var temporaryDirectory: URL?
    /// The document properties (File › Properties).
    public var properties: XLSXDocumentProperties

    /// Creates options.
    public init(
        constantMemory: Bool = false, temporaryDirectory: URL? = nil,
        properties: XLSXDocumentProperties = XLSXDocumentProperties()
    ) {
        self.constantMemory = constantMemory
        self.temporaryDirectory = temporaryDirectory
        self.properties = properties
    }
}

/// The document properties stored in `docProps/core.xml`.
public struct XLSXDocumentProperties: Sendable {
    /// Title.
    public var title: String?
    /// Subject.
    public var subject: String?
    /// Author.
    public var author: String?
    /// Comments.
    public var comments: String?
    /// Creation time in seconds since 1970.
    ///
    /// Set it for reproducible files: otherwise libxlsxwriter stamps the current time and two runs differ.
    public var created: Int64?

    /// Creates properties.
    public init(
        title: String? = nil, subject: String? = nil, author: String? = nil, comments: String? = nil,
        created: Int64? = nil
    ) {
        self.title = title
        self.subject = subject
        self.author = author
        self.comments = comments
        self.created = created
    }
}

/// An open workbook: the one owner of libxlsxwriter's `lxw_workbook`.
///
/// Only ``write(to:options:_:)`` creates one, and it closes it exactly once when the body returns or
/// throws. `workbook_close` frees the workbook with every sheet, format and chart in it, so the
/// handles handed out here check that their workbook is still open and throw otherwise: a handle
/// that escapes the closure is inert, never a dangling pointer.
public final class XLSXWorkbook {
    private var pointer: UnsafeMutablePointer<lxw_workbook>?
    private var sheets: [XLSXSheet] = []
    private var formats: [XLSXStyle: UnsafeMutablePointer<lxw_format>] = [:]
    /// Whether the workbook is in constant-memory mode (see ``XLSXOptions/constantMemory``).
    public let constantMemory: Bool
    /// The file being written.
    public let url: URL

    private init(url: URL, options: XLSXOptions) throws {
        self.url = url
        self.constantMemory = options.constantMemory
        let created: UnsafeMutablePointer<lxw_workbook>? = url.path.withCString { path in
            var cOptions = lxw_workbook_options()
            cOptions.constant_memory = options.constantMemory ? UInt8(LXW_TRUE.rawValue) : 0
            cOptions.use_zip64 = 0
            guard let tmp = options.temporaryDirectory else {
                return workbook_new_opt(path, &cOptions)
            }
            // workbook_new_opt copies tmpdir (lxw_strdup), so the pointer only has to live for the call.
            return tmp.path.withCString { dir in
                cOptions.tmpdir = UnsafeMutablePointer(mutating: dir)
                return workbook_new_opt(path, &cOptions)
            }
        }
        guard let created else {
            throw XLSXError(
                code: nil, message: "libxlsxwriter could not allocate a workbook", operation: "new workbook")
        }
        pointer = created
        do {
            try setProperties(options.properties)
        } catch {
            // Free it through the documented path; the caller removes the file.
            _ = workbook_close(created)
            pointer = nil
            throw error
        }
    }

    /// Creates the workbook at `url`, lets `body` fill it, and closes it exactly once.
    ///
    /// The file appears only when the workbook closes. If `body` throws, the workbook is still closed
    /// (freeing everything libxlsxwriter holds), the file is removed and the body's error is rethrown;
    /// if closing fails, the file is removed and the close error is thrown.
    /// - Parameters:
    ///   - url: the file to write (normally a temporary name the caller renames into place).
    ///   - options: constant-memory mode, temporary directory and document properties.
    ///   - body: adds sheets, formats and charts through the workbook it is given.
    /// - Throws: ``XLSXError`` for any libxlsxwriter failure, or whatever `body` throws.
    public static func write(
        to url: URL, options: XLSXOptions = XLSXOptions(), _ body: (XLSXWorkbook) throws -> Void
    ) throws {
        let book = try XLSXWorkbook(url: url, options: options)
        do {
            try body(book)
        } catch {
            _ = book.close()
            try? FileManager.default.removeItem(at: url)
            throw error
        }
        if let failure = book.close() {
            try? FileManager.default.removeItem(at: url)
            throw failure
        }
    }

    /// Closes the workbook once: libxlsxwriter writes the file and frees the workbook.
    private func close() -> XLSXError? {
        guard let open = pointer else { return nil }
        pointer = nil
        formats.removeAll()
        for sheet in sheets { sheet.invalidate() }
        let status = workbook_close(open)
        return XLSXError.check(status, "close workbook (write \(url.path))")
    }

    /// The live C workbook, or an error once it is closed.
    func live(_ operation: String) throws -> UnsafeMutablePointer<lxw_workbook> {
        guard let pointer else {
            throw XLSXError(code: nil, message: "the workbook is already closed", operation: operation)
        }
        return pointer
    }

    /// Adds a worksheet after the existing ones.
    ///
    /// The name is checked first with `workbook_validate_sheet_name` (at most 31 characters, none of
    /// `[ ] : * ? / \`, no apostrophe at either end, not already used) and against Excel's reserved
    /// name `History`, so a bad name is an error that says why, and libxlsxwriter prints no warning.
    /// - Throws: ``XLSXError`` naming the sheet and the rule it broke.
    public func addSheet(named name: String) throws -> XLSXSheet {
        let operation = "add worksheet"
        let book = try live(operation)
        if name.lowercased() == "history" {
            throw XLSXError(
                code: Int(LXW_ERROR_PARAMETER_VALIDATION.rawValue),
                message: "'History' is a name Excel reserves", operation: operation, sheet: name)
        }
        if name.isEmpty {
            throw XLSXError(
                code: Int(LXW_ERROR_PARAMETER_VALIDATION.rawValue), message: "a sheet name cannot be empty",
                operation: operation, sheet: name)
        }
        let sheet: UnsafeMutablePointer<lxw_worksheet>? = try name.withCString { cName in
            try lxwCheck(workbook_validate_sheet_name(book, cName), operation, sheet: name)
            return workbook_add_worksheet(book, cName)
        }
        guard let sheet else {
            throw XLSXError(
                code: nil, message: "libxlsxwriter returned no worksheet", operation: operation, sheet: name)
        }
        let handle = XLSXSheet(workbook: self, pointer: sheet, name: name)
        sheets.append(handle)
        return handle
    }

    /// The format for `style`, created on first use and shared after that.
    ///
    /// libxlsxwriter keeps every format until the workbook closes, so creating one per cell would
    /// grow the styles part; equal styles always give the same format here.
    /// - Throws: ``XLSXError`` when the workbook is closed or the format cannot be allocated.
    public func format(_ style: XLSXStyle) throws -> XLSXFormat {
        let book = try live("add format")
        if let existing = formats[style] { return XLSXFormat(workbook: self, pointer: existing) }
        guard let format = workbook_add_format(book) else {
            throw XLSXError(code: nil, message: "libxlsxwriter returned no format", operation: "add format")
        }
        style.apply(to: format)
        formats[style] = format
        return XLSXFormat(workbook: self, pointer: format)
    }

    /// Adds a chart; insert it on a sheet with ``XLSXSheet/insertChart(_:row:column:size:)``.
    /// - Throws: ``XLSXError`` when the workbook is closed or the chart cannot be allocated.
    public func addChart(_ kind: XLSXChart.Kind) throws -> XLSXChart {
        let book = try live("add chart")
        guard let chart = workbook_add_chart(book, kind.cValue) else {
            throw XLSXError(code: nil, message: "libxlsxwriter returned no chart", operation: "add chart")
        }
        return XLSXChart(workbook: self, pointer: chart, kind: kind)
    }

    private func setProperties(_ properties: XLSXDocumentProperties) throws {
        let book = try live("set document properties")
        // workbook_set_properties copies every string (lxw_strdup), so they only live for the call.
        let strings = [properties.title, properties.subject, properties.author, properties.comments]
        let copies = strings.map { $0.map { strdup($0) } ?? nil }
        defer { copies.forEach { free($0) } }
        var cProperties = lxw_doc_properties()
        cProperties.title = copies[0]
        cProperties.subject = copies[1]
        cProperties.author = copies[2]
        cProperties.comments = copies[3]
        if let created = properties.created {
            guard let seconds = time_t(exactly: created) else {
                throw XLSXError(
                    code: nil, message: "creation time \(created) does not fit time_t",
                    operation: "set document properties")
            }
            cProperties.created = seconds
        }
        try lxwCheck(workbook_set_properties(book, &cProperties), "set document properties")
    }
}

/// A cell format owned by a workbook; get one from ``XLSXWorkbook/format(_:)``.
public struct XLSXFormat: Equatable {
    let workbook: XLSXWorkbook
    let pointer: UnsafeMutablePointer<lxw_format>

    /// Two formats are equal when they are the same libxlsxwriter format.
    public static func == (a: XLSXFormat, b: XLSXFormat) -> Bool {
        a.pointer == b.pointer
    }
}
