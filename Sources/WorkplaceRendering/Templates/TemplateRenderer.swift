import Foundation
import Mustache
import WorkplaceAnalytics

/// Renders the HTML and Markdown reports from Mustache templates.
///
/// The defaults are `templates/*.mustache`, compiled into the binary (``DefaultTemplates``), so an
/// installed executable renders from any directory with no resource folder beside it. A folder given
/// as `overrideDirectory` (`--templates DIR`) replaces any of them by file name (`report.html.mustache`
/// replaces the HTML page, `report.css.mustache` only its style sheet) and may add partials of its own.
/// Every template is parsed, and every `{{> partial}}` checked, when the renderer is created: a bad
/// template fails then, with its file and line, not halfway through a report.
///
/// ```swift
/// let renderer = try TemplateRenderer(overrideDirectory: nil)
/// let page = try renderer.html(report)
/// ```
public struct TemplateRenderer: Sendable {
    /// The template name of the HTML page (file `report.html.mustache`).
    public static let htmlTemplate = "report.html"
    /// The template name of the e-mail's HTML part (file `mail.html.mustache`): no SVG, no style sheet.
    public static let mailTemplate = "mail.html"
    /// The template name of the Markdown summary (file `report.md.mustache`).
    public static let markdownTemplate = "report.md"
    /// The file name extension of template files.
    public static let fileExtension = ".mustache"

    private let library: MustacheLibrary
    /// Where each registered template came from, for messages.
    private let files: [String: String]

    /// Loads the built-in templates, then those of `overrideDirectory` over them.
    ///
    /// - Parameter overrideDirectory: a folder of `NAME.mustache` files, or nil for the built-in templates.
    /// - Throws: ``TemplateError`` when the folder cannot be read, a file is not UTF-8, a template does
    ///   not parse (with its line and column), or a template includes a partial that does not exist.
    public init(overrideDirectory: URL? = nil) throws(TemplateError) {
        _ = MarkdownContentType.registered
        var texts: [String: (text: String, file: String)] = [:]
        for (name, text) in DefaultTemplates.all {
            texts[name] = (text, "templates/\(name)\(Self.fileExtension) (built in)")
        }
        if let overrideDirectory {
            for (name, entry) in try Self.load(directory: overrideDirectory) {
                texts[name] = entry
            }
        }
        var library = MustacheLibrary()
        var files: [String: String] = [:]
        for name in texts.keys.sorted() {
            guard let entry = texts[name] else { continue }
            do {
                library.register(try MustacheTemplate(string: entry.text), named: name)
            } catch {
                throw TemplateError.parse(error, file: entry.file, text: entry.text)
            }
            files[name] = entry.file
        }
        for name in texts.keys.sorted() {
            guard let entry = texts[name] else { continue }
            for include in Self.partials(in: entry.text) where files[include.name] == nil {
                throw TemplateError(
                    file: entry.file, line: include.line, lineText: include.lineText,
                    reason: "includes the partial '\(include.name)', which is neither built in nor a file "
                        + "'\(include.name)\(Self.fileExtension)' in the --templates folder")
            }
        }
        self.library = library
        self.files = files
    }

    /// The HTML page of `report`.
    /// - Throws: ``TemplateError`` if the HTML template is missing (it never is: it is built in).
    public func html(_ report: Report) throws(TemplateError) -> String {
        try render(ReportView(report), template: Self.htmlTemplate)
    }

    /// The HTML part of the report e-mail: inline styles and tables only, charts as table bars.
    /// - Throws: ``TemplateError`` if the mail template is missing (it never is: it is built in).
    public func mailHTML(_ report: Report) throws(TemplateError) -> String {
        guard let text = library.render(MailView(report), withTemplate: Self.mailTemplate) else {
            throw TemplateError(
                file: Self.mailTemplate + Self.fileExtension, reason: "no such template",
                fix: "use one of \(templateNames.joined(separator: ", "))")
        }
        return text
    }

    /// The Markdown summary of `report`.
    /// - Throws: ``TemplateError`` if the Markdown template is missing (it never is: it is built in).
    public func markdown(_ report: Report) throws(TemplateError) -> String {
        try render(ReportView(report), template: Self.markdownTemplate)
    }

    /// Renders `view` with the template registered as `name` (a file name without `.mustache`).
    /// - Throws: ``TemplateError`` when no template has that name.
    public func render(_ view: ReportView, template name: String) throws(TemplateError) -> String {
        guard let text = library.render(view, withTemplate: name) else {
            throw TemplateError(
                file: name + Self.fileExtension, reason: "no such template",
                fix: "use one of \(templateNames.joined(separator: ", "))")
        }
        return text
    }

    /// The names of the registered templates, sorted.
    public var templateNames: [String] { files.keys.sorted() }

    // MARK: - Loading

    private static func load(directory: URL) throws(TemplateError) -> [String: (text: String, file: String)] {
        let path = directory.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw TemplateError(
                file: path, reason: "the --templates folder does not exist or is not a folder",
                fix: "give --templates a folder of NAME.mustache files, or leave it out for the built-in templates")
        }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: path)
        } catch {
            throw TemplateError(
                file: path, reason: "cannot list the --templates folder (\(error.localizedDescription))",
                fix: "check the folder's permissions")
        }
        var out: [String: (text: String, file: String)] = [:]
        for fileName in names.sorted() where fileName.hasSuffix(fileExtension) && !fileName.hasPrefix(".") {
            let name = String(fileName.dropLast(fileExtension.count))
            let file = directory.appendingPathComponent(fileName).path
            let data: Data
            do {
                data = try Data(contentsOf: URL(fileURLWithPath: file))
            } catch {
                throw TemplateError(file: file, reason: "cannot read the template (\(error.localizedDescription))")
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw TemplateError(file: file, reason: "the template is not UTF-8 text")
            }
            out[name] = (text, file)
        }
        return out
    }

    /// The `{{> name}}` partials a template includes, with their lines.
    ///
    /// Dynamic `{{>*name}}` partials are resolved at render time and skipped. Only the default `{{ }}`
    /// delimiters are recognised.
    static func partials(in text: String) -> [(name: String, line: Int, lineText: String)] {
        var found: [(name: String, line: Int, lineText: String)] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var rest = line[...]
            while let open = rest.firstRange(of: "{{>") {
                rest = rest[open.upperBound...]
                let body = rest.drop(while: { $0 == " " || $0 == "\t" })
                guard body.first != "*", let close = body.firstRange(of: "}}") else { continue }
                let name = body[..<close.lowerBound].trimmingCharacters(in: .whitespaces)
                if !name.isEmpty { found.append((name, index + 1, String(line))) }
            }
        }
        return found
    }
}
