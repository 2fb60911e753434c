import Foundation
import WorkplaceAnalytics
import WorkplaceModel
import XLSX

/// Why the workbook could not be written: libxlsxwriter's failure, named by the operation, sheet and cell.
///
/// The render module's own error, so that callers need not know the XLSX layer (a cannot-create-output failure).
public struct WorkbookError: Error, Sendable, CustomStringConvertible {
    /// What libxlsxwriter (or the Swift layer over it) reported, in one line.
    public let reason: String

    /// Creates the error.
    public init(reason: String) {
        self.reason = reason
    }

    /// `cannot write the workbook: xlsx: … failed …`.
    public var description: String { "cannot write the workbook: \(reason)" }
}

/// How the workbook deals with big inputs.
public struct WorkbookOptions: Sendable {
    /// When to use libxlsxwriter's constant-memory mode.
    public enum Memory: Sendable {
        /// Constant memory when the longest sheet has more than ``WorkbookOptions/constantMemoryThreshold`` rows.
        case automatic
        /// Always constant memory: every table becomes a filtered range.
        case constant
        /// Never: every sheet is held in memory until the file is written.
        case inMemory
    }

    /// Above this many data rows on one sheet, `.automatic` switches to constant memory.
    public static let constantMemoryThreshold = 100_000
    /// The most data rows a sheet holds: Excel's 1,048,576 rows minus the header row.
    public static let excelDataRows = 1_048_575

    /// When to use constant-memory mode.
    public var memory: Memory
    /// Data rows per sheet before a long table continues on the next sheet (`Daily 2`, …).
    public var rowsPerSheet: Int
    /// Where libxlsxwriter keeps temporary files; nil for the output file's directory.
    public var temporaryDirectory: URL?

    /// Creates options: automatic memory mode, Excel's row limit.
    public init(memory: Memory = .automatic, rowsPerSheet: Int = excelDataRows, temporaryDirectory: URL? = nil) {
        self.memory = memory
        self.rowsPerSheet = rowsPerSheet
        self.temporaryDirectory = temporaryDirectory
    }
}

/// Writes the report as an XLSX workbook (spec §6): Summary, Workplaces, Daily, Weekly, Monthly, About;
/// with the whole-workplace data an Overview sheet after Summary, with block data a Blocks sheet after
/// Workplaces.
///
/// The layout only formats what the report model decided: ranks, shares, changes and buckets come
/// from `Report`. Names are user text and are always written as strings, cut to Excel's 32,767
/// characters with a visible "…". A table longer than a sheet continues on `Daily 2`, `Daily 3` ….
///
/// Big inputs: above ``WorkbookOptions/constantMemoryThreshold`` rows on one sheet the workbook
/// is written in libxlsxwriter's constant-memory mode, where rows stream to a temporary file and
/// memory stays flat. libxlsxwriter has no tables in that mode, so the long sheets then get a
/// header row with filter buttons (an autofilter) instead of an Excel table; everything else is
/// the same. Every sheet is written top to bottom, which is what that mode requires.
public enum WorkbookRenderer {
    /// Writes `report` to exactly `url` (the caller renames it into place).
    /// - Throws: ``WorkbookError`` when libxlsxwriter fails; no file is left behind then.
    public static func write(_ report: Report, to url: URL) throws {
        try write(report, to: url, options: WorkbookOptions())
    }

    /// Writes `report` to exactly `url` with explicit memory and row-limit options.
    /// - Throws: ``WorkbookError`` when libxlsxwriter fails; no file is left behind then.
    public static func write(_ report: Report, to url: URL, options: WorkbookOptions) throws {
        do {
            try writeWorkbook(report, to: url, options: options)
        } catch let error as XLSXError {
            throw WorkbookError(reason: error.description)
        }
    }

    private static func writeWorkbook(_ report: Report, to url: URL, options: WorkbookOptions) throws {
        let longest = max(
            report.records.count, report.workplaceWeekly.count, report.workplaceMonthly.count,
            report.blocks?.blocks.count ?? 0)
        let constant: Bool
        switch options.memory {
        case .automatic: constant = longest > WorkbookOptions.constantMemoryThreshold
        case .constant: constant = true
        case .inMemory: constant = false
        }
        let labels = Labels.forLanguage(report.language)
        let title = report.title ?? labels.reportTitle
        let xlsxOptions = XLSXOptions(
            constantMemory: constant,
            temporaryDirectory: options.temporaryDirectory ?? url.deletingLastPathComponent(),
            properties: XLSXDocumentProperties(
                title: XLSXText.clipped(title, limit: 255), subject: "\(labels.period) \(report.period.label)",
                author: "workplace-report", created: report.generatedAt))
        try XLSXWorkbook.write(to: url, options: xlsxOptions) { book in
            let layout = try WorkbookLayout(
                report: report, labels: labels, title: title, book: book,
                rowsPerSheet: max(1, min(options.rowsPerSheet, WorkbookOptions.excelDataRows)))
            try layout.writeAll()
        }
    }
}
