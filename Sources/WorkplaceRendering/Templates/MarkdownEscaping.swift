import Mustache

/// The `MARKDOWN` content type for Mustache: `{{% CONTENT_TYPE: MARKDOWN}}` at the top of a template
/// makes every `{{value}}` safe inside GitHub-flavoured Markdown text and table cells.
///
/// - Line breaks and other control characters become spaces, so a value never ends a table row.
/// - `\` and the Markdown specials `` ` * _ [ ] | # ~ $ ! `` get a backslash (GFM reads `\|` in a
///   table cell as a literal pipe, so every row keeps its columns).
/// - `<`, `>` and `&` become entities, so names are never read as HTML or character references.
///
/// The trap: a partial starts in the HTML content type again (swift-mustache resets it for each
/// partial), so a Markdown partial needs its own `{{% CONTENT_TYPE: MARKDOWN}}` line.
struct MarkdownContentType: MustacheContentType {
    /// The name templates use in the pragma.
    static let name = "MARKDOWN"

    /// Registers the type with swift-mustache's process-wide table, once, before any template is parsed.
    ///
    /// Parsing resolves the pragma, so this must run first; a `static let` is initialised exactly once.
    static let registered: Bool = {
        MustacheContentTypes.register(MarkdownContentType(), named: name)
        return true
    }()

    func escapeText(_ text: String) -> String {
        Self.escape(text)
    }

    /// Escapes `text` for a Markdown table cell or inline text.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in DisplayFormat.oneLine(text) {
            switch c {
            case "\\", "`", "*", "_", "[", "]", "|", "#", "~", "$", "!":
                out.append("\\")
                out.append(c)
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            default: out.append(c)
            }
        }
        return out
    }
}
