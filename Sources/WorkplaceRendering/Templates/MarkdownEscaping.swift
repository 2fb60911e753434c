import Mustache

/// The `MARKDOWN` content type for Mustache: `{{% CONTENT_TYPE: MARKDOWN}}` at the top of a template
/// makes every `{{value}}` plain text inside GitHub-flavoured Markdown text and table cells, read by
/// GitHub's renderer (cmark-gfm with the table, autolink, strikethrough, tagfilter and tasklist
/// extensions): no value becomes a link, image, raw HTML, heading, list, task or strikethrough.
///
/// - Line breaks and other control characters become spaces, so a value never ends a table row.
/// - `\` and the Markdown specials `` ` * _ [ ] | # ~ $ ! `` get a backslash (GFM reads `\|` in a
///   table cell as a literal pipe, so every row keeps its columns).
/// - `<`, `>` and `&` become entities, so names are never read as HTML or character references.
/// - Autolinks: `:` before `/` (`http://`, `ftp://`) and the `.` after `www` get a backslash; `@` is
///   followed by a word joiner (`&#8288;`, invisible), because cmark-gfm finds e-mail addresses in the
///   text after escapes are resolved, where a backslash no longer helps.
/// - A value that starts with `-`, `+` or digits and `.` / `)` gets a backslash there, so at the start
///   of a list item it cannot open a nested list.
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
        let characters = Array(DisplayFormat.oneLine(text))
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for (index, c) in characters.enumerated() {
            switch c {
            case "\\", "`", "*", "_", "[", "]", "|", "#", "~", "$", "!":
                out.append("\\")
                out.append(c)
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "@": out += "@&#8288;"
            case ":" where index + 1 < characters.count && characters[index + 1] == "/":
                out += "\\:"
            case "." where followsWWW(characters, index) || isListNumber(characters, index):
                out += "\\."
            case ")" where isListNumber(characters, index):
                out += "\\)"
            case "-" where index == 0 && endsMarker(characters, index),
                "+" where index == 0 && endsMarker(characters, index):
                out.append("\\")
                out.append(c)
            default: out.append(c)
            }
        }
        return out
    }

    /// `www` (any case) comes just before `index`: cmark-gfm links `www.example.com`.
    private static func followsWWW(_ characters: [Character], _ index: Int) -> Bool {
        index >= 3 && characters[(index - 3)..<index].allSatisfy { $0 == "w" || $0 == "W" }
    }

    /// Only digits (one to nine of them) come before `index`, and a space or the end after it: `1.` or
    /// `1)` would start an ordered list.
    private static func isListNumber(_ characters: [Character], _ index: Int) -> Bool {
        (1...9).contains(index) && characters[..<index].allSatisfy { $0.isASCII && $0.isNumber }
            && endsMarker(characters, index)
    }

    /// A space or the end of the value follows `index`: what a list marker needs after it.
    private static func endsMarker(_ characters: [Character], _ index: Int) -> Bool {
        index + 1 == characters.count || characters[index + 1] == " "
    }
}
