/// Header-field text: RFC 2047 encoded-words, RFC 2231 parameters and folding (RFC 5322 §2.2.3).
enum MailHeaderEncoding {
    /// The line length headers are folded to (RFC 5322 §2.1.1 "SHOULD").
    static let foldWidth = 78
    /// The hard limit for any line, excluding CRLF (RFC 5322 §2.1.1 "MUST").
    static let hardLineLimit = 998
    /// The longest encoded-word made: 69 characters, so that `Subject: ` and one word fit in 78.
    static let encodedWordLength = 69

    /// Printable ASCII with no control character: the only text a header may carry unencoded.
    static func isPrintableASCII(_ scalar: Unicode.Scalar) -> Bool {
        (0x20...0x7E).contains(scalar.value)
    }

    /// Whether `text` holds a control character (C0, DEL or C1, CR and LF included) or a Unicode line or
    /// paragraph separator.
    static func hasControlCharacter(_ text: String) -> Bool {
        text.unicodeScalars.contains {
            $0.value < 0x20 || (0x7F...0x9F).contains($0.value) || $0 == "\u{2028}" || $0 == "\u{2029}"
        }
    }

    /// `text` as `=?UTF-8?B?…?=` encoded-words of at most ``encodedWordLength`` characters, each holding
    /// whole characters (RFC 2047 §5); white space between them is dropped by decoders.
    static func encodedWords(_ text: String) -> [String] {
        let prefix = "=?UTF-8?B?"
        let maxBytes = (encodedWordLength - prefix.count - 2) / 4 * 3
        var words: [String] = []
        var chunk: [UInt8] = []
        func flush() {
            guard !chunk.isEmpty else { return }
            words.append(prefix + String(decoding: MailBodyEncoding.base64(chunk), as: UTF8.self) + "?=")
            chunk.removeAll(keepingCapacity: true)
        }
        for scalar in text.unicodeScalars {
            let bytes = Array(String(scalar).utf8)
            if chunk.count + bytes.count > maxBytes { flush() }
            chunk.append(contentsOf: bytes)
        }
        flush()
        return words
    }

    /// The tokens of an unstructured value (a subject): its words when plain ASCII folds cleanly at single
    /// spaces, else encoded-words.
    ///
    /// Encoded-words are used for non-ASCII text, for text containing `=?` (which a reader would try to
    /// decode), and for spacing or words that folding could not carry unchanged.
    static func unstructuredTokens(_ text: String) -> [String] {
        let words = text.split(separator: " ", omittingEmptySubsequences: false)
        let plain =
            text.unicodeScalars.allSatisfy(isPrintableASCII) && !text.contains("=?")
            && words.allSatisfy { !$0.isEmpty && $0.utf8.count <= encodedWordLength }
        return plain ? words.map(String.init) : encodedWords(text)
    }

    /// `Name: token token …`, folded before any token that would take the line past ``foldWidth``.
    ///
    /// A token never breaks, so a line exceeds the width only when one token alone does. No final CRLF.
    static func fold(_ name: String, _ tokens: [String]) -> String {
        var lines: [String] = []
        var line = name + ":"
        var lineHasToken = false
        for token in tokens {
            if lineHasToken && line.utf8.count + 1 + token.utf8.count > foldWidth {
                lines.append(line)
                line = ""
            }
            line += " " + token
            lineHasToken = true
        }
        lines.append(line)
        return lines.joined(separator: "\r\n")
    }

    /// Characters of an RFC 2231 / RFC 5987 value that stay unencoded (`attr-char`).
    private static func isAttributeChar(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return Array("!#$&+-.^_`|~".utf8).contains(byte)
        }
    }

    /// Whether `value` can be sent as a quoted-string parameter with no escaping: printable ASCII
    /// without `"` or `\`.
    static func isPlainParameterValue(_ value: String) -> Bool {
        value.unicodeScalars.allSatisfy { isPrintableASCII($0) && $0 != "\"" && $0 != "\\" }
    }

    /// Parameter tokens for a file name, every token but the last ending in `;`.
    ///
    /// `name="value"` when that is plain ASCII and fits a line; else `name*=UTF-8''…` per RFC 2231 (in
    /// numbered sections `name*0*`, `name*1*`… when long), followed by `name="fallback"` for readers that
    /// know only the plain form.
    ///
    /// The extended form comes first: readers that know RFC 2231 (Python's `email` among them) take it,
    /// and the others skip it as an unknown parameter and read the plain one.
    static func fileNameParameters(_ parameter: String, value: String, fallback: String) -> [String] {
        let simple = "\(parameter)=\"\(value)\""
        if isPlainParameterValue(value) && simple.utf8.count + 2 <= foldWidth {
            return [simple]
        }
        // One unit per character, so that no section splits a UTF-8 sequence (readers may decode each alone).
        let digits = Array("0123456789ABCDEF")
        let units = value.unicodeScalars.map { scalar in
            String(scalar).utf8.map { byte in
                isAttributeChar(byte)
                    ? String(UnicodeScalar(byte))
                    : "%" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 15)])
            }.joined()
        }
        let whole = "\(parameter)*=UTF-8''" + units.joined()
        var tokens: [String]
        if whole.utf8.count + 2 <= foldWidth {
            tokens = [whole]
        } else {
            tokens = []
            var section = "\(parameter)*0*=UTF-8''"
            var sectionHasUnit = false
            for unit in units {
                if sectionHasUnit && section.utf8.count + unit.utf8.count + 2 > foldWidth {
                    tokens.append(section)
                    section = "\(parameter)*\(tokens.count)*="
                    sectionHasUnit = false
                }
                section += unit
                sectionHasUnit = true
            }
            tokens.append(section)
        }
        tokens.append("\(parameter)=\"\(fallback)\"")
        return tokens.enumerated().map { $0.offset < tokens.count - 1 ? $0.element + ";" : $0.element }
    }

    /// A plain-ASCII stand-in for `fileName`, at most 60 characters: each run of characters that cannot
    /// appear in a quoted parameter becomes `_`, the extension is kept, and a name left without a letter
    /// or digit becomes `attachment`.
    static func asciiFallback(_ fileName: String) -> String {
        var stem = fileName
        var suffix = ""
        if let dot = fileName.lastIndex(of: "."), dot != fileName.startIndex {
            let candidate = String(fileName[dot...])
            if candidate.count <= 10 && isPlainParameterValue(candidate) && !candidate.contains(" ") {
                stem = String(fileName[..<dot])
                suffix = candidate
            }
        }
        var plain = ""
        var lastWasReplaced = false
        for character in stem {
            if character.unicodeScalars.allSatisfy({ isPrintableASCII($0) && $0 != "\"" && $0 != "\\" }) {
                plain.append(character)
                lastWasReplaced = false
            } else if !lastWasReplaced {
                plain.append("_")
                lastWasReplaced = true
            }
        }
        if !plain.unicodeScalars.contains(where: { $0.properties.isAlphabetic || ("0"..."9").contains($0) }) {
            plain = "attachment"
        }
        return String(plain.prefix(60 - suffix.count)) + suffix
    }
}
