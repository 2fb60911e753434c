import Foundation
import Mustache

/// A report template that cannot be used: missing, unreadable, or not valid Mustache.
///
/// The message names the file and, for a syntax error, the line and column with the line's text, and
/// says how to fix it. It is a usage error: the `--templates` argument needs fixing.
public struct TemplateError: Error, Sendable, CustomStringConvertible {
    /// The template file (a path for `--templates` files, `templates/NAME.mustache (built in)` for defaults).
    public let file: String
    /// The 1-based line of the problem, when known.
    public let line: Int?
    /// The 1-based column of the problem, when known.
    public let column: Int?
    /// The text of that line, when known.
    public let lineText: String?
    /// What is wrong.
    public let reason: String
    /// How to fix it.
    public let fix: String

    /// The usual fix for a bad template file.
    public static let fixTemplate = "fix the template or remove it from the --templates folder to use the built-in one"

    /// Creates the error.
    public init(
        file: String, line: Int? = nil, column: Int? = nil, lineText: String? = nil, reason: String,
        fix: String = TemplateError.fixTemplate
    ) {
        self.file = file
        self.line = line
        self.column = column
        self.lineText = lineText
        self.reason = reason
        self.fix = fix
    }

    /// One line: `template FILE:LINE:COLUMN: reason (line: …); fix`.
    public var description: String {
        var location = "template \(file)"
        if let line { location += ":\(line)" }
        if let column { location += ":\(column)" }
        var text = "\(location): \(reason)"
        let shownLine = DisplayFormat.oneLine(lineText ?? "").trimmingPrefix(while: { $0 == " " }).description
        if !shownLine.isEmpty {
            text += " (line: \(DisplayFormat.clip(shownLine, to: 80).text))"
        }
        return text + "; " + fix
    }

    /// The error for a swift-mustache parser failure in `file`, whose text is `text`.
    ///
    /// For a section that is never closed, the parser stops at the end of the file; the error then
    /// points at the line that opened the section instead, which is where the fix goes.
    static func parse(_ error: any Error, file: String, text: String) -> TemplateError {
        guard let parserError = error as? MustacheTemplate.ParserError else {
            return TemplateError(file: file, reason: "cannot parse the template: \(error)")
        }
        if case .expectedSectionEnd? = parserError.error as? MustacheTemplate.Error,
            let open = unclosedSection(in: text)
        {
            return TemplateError(
                file: file, line: open.line, column: open.column, lineText: open.lineText,
                reason: "the section '\(open.name)' opened here is never closed (add {{/\(open.name)}})")
        }
        let context = parserError.context
        return TemplateError(
            file: file, line: context.lineNumber, column: context.columnNumber, lineText: context.line,
            reason: explain(parserError.error))
    }

    /// The first `{{#name}}` or `{{^name}}` section without its `{{/name}}`, scanning the default
    /// delimiters only; nil when every section is closed.
    static func unclosedSection(in text: String) -> (name: String, line: Int, column: Int, lineText: String)? {
        var open: [(name: String, line: Int, column: Int, lineText: String)] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var rest = line[...]
            while let tag = rest.firstRange(of: "{{") {
                let body = rest[tag.upperBound...]
                guard let close = body.firstRange(of: "}}") else { break }
                let inside = body[..<close.lowerBound]
                rest = body[close.upperBound...]
                guard let kind = inside.first, kind == "#" || kind == "^" || kind == "/" else { continue }
                let name = inside.dropFirst().trimmingCharacters(in: .whitespaces)
                if kind == "/" {
                    if let last = open.lastIndex(where: { $0.name == name }) { open.removeSubrange(last...) }
                } else {
                    let column = line.distance(from: line.startIndex, to: tag.lowerBound) + 1
                    open.append((name, index + 1, column, String(line)))
                }
            }
        }
        return open.first
    }

    private static func explain(_ error: any Error) -> String {
        guard let error = error as? MustacheTemplate.Error else { return "\(error)" }
        switch error {
        case .sectionCloseNameIncorrect: return "a section is closed with another name than the one it opened with"
        case .unfinishedName: return "a tag is not finished (a missing '}}' or a bad character in the name)"
        case .expectedSectionEnd: return "a section is opened ({{#name}} or {{^name}}) but never closed"
        case .invalidSetDelimiter: return "a set-delimiter tag {{=<% %>=}} is malformed"
        case .transformAppliedToInheritanceSection: return "a transform is applied to an inheritance section"
        case .illegalTokenInsideInheritSection: return "an inheritance section contains a tag it may not contain"
        case .textInsideInheritSection: return "an inheritance section contains text outside its blocks"
        case .invalidConfigVariableSyntax: return "a pragma is malformed; write it as {{% CONTENT_TYPE: HTML}}"
        case .unrecognisedConfigVariable:
            return "unknown pragma or content type; the content types are HTML, TEXT and \(MarkdownContentType.name)"
        }
    }
}
