import Foundation
import WorkplaceAnalytics
import WorkplaceModel

/// A report file format.
public enum ReportFormat: String, CaseIterable, Sendable {
    /// The Excel workbook (libxlsxwriter).
    case xlsx
    /// The self-contained HTML page.
    case html
    /// The GitHub-flavoured Markdown summary.
    case md
    /// The JSON model, schema `workplace-report/v1`.
    case json
}

/// Writes a report in the chosen formats as `DIR/workplace-access-LABEL.EXT`, each file atomically.
public struct ReportWriter: Sendable {
    private let templates: TemplateRenderer

    /// Loads the templates: the built-in ones, overridden by any file of the same name in `templatesDirectory`.
    /// - Throws: `TemplateError` naming the file and line of a broken template.
    public init(templatesDirectory: URL?) throws {
        templates = try TemplateRenderer(overrideDirectory: templatesDirectory)
    }

    /// The path a format of `report` is written to in `directory`.
    public static func url(for format: ReportFormat, of report: Report, in directory: URL) -> URL {
        directory.appendingPathComponent("workplace-access-\(report.period.label).\(format.rawValue)")
    }

    /// Writes every format in `formats` and returns the paths written, in the order asked.
    ///
    /// Each file is written to a temporary name and renamed into place, so a failed run never leaves a
    /// partial file and keeps an older report of the same name. The workbook, by far the slowest, is
    /// written on its own thread while the text formats are rendered.
    /// - Throws: ``OutputError``, `XLSXError` or `TemplateError`.
    public func write(_ report: Report, formats: [ReportFormat], to directory: URL) throws -> [URL] {
        try AtomicFile.ensureDirectory(directory)
        let urls = formats.map { Self.url(for: $0, of: report, in: directory) }
        let workbook = formats.contains(.xlsx) ? Self.url(for: .xlsx, of: report, in: directory) : nil
        let xlsxResult = ResultBox()
        let thread = workbook.map { url in
            Thread {
                xlsxResult.set(Result { try AtomicFile.write(to: url) { try WorkbookRenderer.write(report, to: $0) } })
            }
        }
        thread?.start()
        var textError: Error?
        do {
            for format in formats {
                let url = Self.url(for: format, of: report, in: directory)
                switch format {
                case .xlsx: continue
                case .html: try AtomicFile.write(Array(try templates.html(report).utf8), to: url)
                case .md: try AtomicFile.write(Array(try templates.markdown(report).utf8), to: url)
                case .json: try AtomicFile.write(ReportJSON.render(report), to: url)
                }
            }
        } catch {
            textError = error
        }
        if thread != nil { try xlsxResult.wait().get() }
        if let textError { throw textError }
        return urls
    }
}

/// Hands one result from the workbook thread to the caller.
private final class ResultBox: @unchecked Sendable {
    // Safe: `value` is written once under `condition` and read only after the writer signalled.
    private let condition = NSCondition()
    private var value: Result<Void, Error>?

    func set(_ result: Result<Void, Error>) {
        condition.lock()
        value = result
        condition.signal()
        condition.unlock()
    }

    func wait() -> Result<Void, Error> {
        condition.lock()
        defer { condition.unlock() }
        while value == nil { condition.wait() }
        return value!
    }
}
