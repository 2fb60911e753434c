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
    /// An RFC 5322 e-mail: the Markdown and HTML as alternatives, the workbook attached.
    case eml
    /// A Feishu message card, JSON 2.0 (`workplace-access-LABEL.card.json`).
    case card

    /// The file name's ending: the format's name, `card.json` for the card.
    public var fileExtension: String {
        self == .card ? "card.json" : rawValue
    }
}

/// One file a ``ReportWriter`` wrote.
public struct WrittenFile: Sendable {
    /// The format.
    public let format: ReportFormat
    /// Where it is.
    public let url: URL
    /// Seconds spent rendering and writing it.
    public let seconds: Double
}

/// Writes a report in the chosen formats as `DIR/workplace-access-LABEL.EXT`, each file atomically.
public struct ReportWriter: Sendable {
    private let templates: TemplateRenderer

    /// Loads the templates: the built-in ones, overridden by any file of the same name in `templatesDirectory`.
    /// - Throws: `TemplateError` naming the file and line of a broken template.
    public init(templatesDirectory: URL?) throws {
        templates = try TemplateRenderer(overrideDirectory: templatesDirectory)
    }

    /// The Markdown summary of `report`, for a CI job summary.
    /// - Throws: `TemplateError`.
    public func markdown(_ report: Report) throws -> String {
        try templates.markdown(report)
    }

    /// The path a format of `report` is written to in `directory`.
    public static func url(for format: ReportFormat, of report: Report, in directory: URL) -> URL {
        directory.appendingPathComponent("workplace-access-\(report.period.label).\(format.fileExtension)")
    }

    /// Writes every format in `formats` and returns the files written, in the order asked.
    ///
    /// Each file is written to a temporary name and renamed into place, so a failed run never leaves a
    /// partial file and keeps an older report of the same name. The workbook, by far the slowest, is
    /// written on its own thread while the text formats are rendered.
    /// - Throws: ``OutputError``, ``WorkbookError``, ``TemplateError`` or ``MailError``.
    /// - Parameter mail: sender, recipients and subject; required when `formats` holds ``ReportFormat/eml``.
    public func write(
        _ report: Report, formats: [ReportFormat], to directory: URL, mail: MailEnvelope? = nil
    ) throws -> [WrittenFile] {
        try AtomicFile.ensureDirectory(directory)
        if formats.contains(.eml) {
            guard let mail else {
                throw MailError(field: .from, value: "", reason: "--formats eml needs --mail-from and --mail-to")
            }
            try mail.validate()
        }
        let xlsxResult = ResultBox()
        let thread =
            formats.contains(.xlsx)
            ? Thread {
                let url = Self.url(for: .xlsx, of: report, in: directory)
                xlsxResult.set(
                    Result {
                        try Self.timed(.xlsx, url) {
                            try AtomicFile.write(to: url) { try WorkbookRenderer.write(report, to: $0) }
                        }
                    })
            } : nil
        thread?.stackSize = 8 << 20
        thread?.start()
        var written: [ReportFormat: WrittenFile] = [:]
        var textError: (any Error)?
        do {
            for format in formats where format != .xlsx && format != .eml {
                let url = Self.url(for: format, of: report, in: directory)
                written[format] = try Self.timed(format, url) {
                    switch format {
                    case .xlsx, .eml: break
                    case .html: try AtomicFile.write(Array(try templates.html(report).utf8), to: url)
                    case .md: try AtomicFile.write(Array(try templates.markdown(report).utf8), to: url)
                    case .json: try AtomicFile.write(ReportJSON.render(report), to: url)
                    case .card: try AtomicFile.write(ReportCard.render(report) + [0x0A], to: url)
                    }
                }
            }
        } catch {
            textError = error
        }
        if thread != nil { written[.xlsx] = try xlsxResult.wait().get() }
        if let textError { throw textError }
        if formats.contains(.eml), let mail {
            let url = Self.url(for: .eml, of: report, in: directory)
            written[.eml] = try Self.timed(.eml, url) {
                try AtomicFile.write(try email(report, mail: mail, workbook: written[.xlsx]?.url), to: url)
            }
        }
        return formats.compactMap { written[$0] }
    }

    /// The e-mail of `report`: its Markdown as the plain text, its HTML, and the workbook attached (read
    /// from `workbook` when it was just written, else rendered to a temporary file and removed).
    private func email(_ report: Report, mail: MailEnvelope, workbook: URL?) throws -> [UInt8] {
        let name = Self.url(for: .xlsx, of: report, in: URL(fileURLWithPath: "/")).lastPathComponent
        let bytes: [UInt8]
        if let workbook {
            bytes = Array(try Data(contentsOf: workbook))
        } else {
            let temporary = FileManager.default.temporaryDirectory
                .appendingPathComponent("workplace-report-\(UUID().uuidString).xlsx")
            defer { try? FileManager.default.removeItem(at: temporary) }
            try WorkbookRenderer.write(report, to: temporary)
            bytes = Array(try Data(contentsOf: temporary))
        }
        return try MailMessage.render(
            envelope: mail, plainText: try templates.markdown(report), html: try templates.mailHTML(report),
            attachment: MailAttachment(fileName: name, bytes: bytes))
    }

    private static func timed(_ format: ReportFormat, _ url: URL, _ body: () throws -> Void) rethrows -> WrittenFile {
        let start = ContinuousClock.now
        try body()
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        return WrittenFile(format: format, url: url, seconds: seconds)
    }
}

/// Hands one result from the workbook thread to the caller.
private final class ResultBox: @unchecked Sendable {
    // Safe: `value` is written once under `condition` and read only after the writer signalled.
    private let condition = NSCondition()
    private var value: Result<WrittenFile, any Error>?

    func set(_ result: Result<WrittenFile, any Error>) {
        condition.lock()
        value = result
        condition.signal()
        condition.unlock()
    }

    func wait() -> Result<WrittenFile, any Error> {
        condition.lock()
        defer { condition.unlock() }
        while value == nil { condition.wait() }
        return value!
    }
}
