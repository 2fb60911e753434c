/// Escaping of user text (names, ids, the title, paths) for the markdown component of a Feishu card.
///
/// A card's markdown (JSON 2.0) is CommonMark plus HTML-like tags: `<at id=all></at>` mentions,
/// `<font color='red'>` colours, `<link>` and `<text_tag>`, links `[x](https://…)`, emoji codes such as
/// `:OK:`. User text must show as typed and never become one of them:
///
/// - `<`, `>` and `&` become the entities `&lt;`, `&gt;` and `&amp;`, so no tag (and no character
///   reference) can be opened;
/// - the characters CommonMark or the card give a meaning to inside a line get a backslash
///   (`\ ` * _ [ ] # ~ | $ ! :`), so no link, emphasis, code, strikethrough, emoji code (`\:OK\:`) or
///   autolink (`https\://…`) forms (the card never starts a line with user text, so list and heading
///   markers need nothing);
/// - line breaks and other control characters become spaces, so a name stays on its line.
enum CardMarkdown {
    /// `text` as literal card-markdown text on one line.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        for c in DisplayFormat.oneLine(text) {
            switch c {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\\", "`", "*", "_", "[", "]", "#", "~", "|", "$", "!", ":":
                out.append("\\")
                out.append(c)
            default: out.append(c)
            }
        }
        return out
    }

    /// `text` in the colour the card names `color` (`green`, `red`, `grey`); `text` must already be escaped.
    static func font(_ color: String, _ text: String) -> String {
        "<font color='\(color)'>\(text)</font>"
    }
}
