import Foundation

/// The body encodings of a MIME part: base64 and quoted-printable (RFC 2045 §6.7–6.8), both with CRLF lines.
enum MailBodyEncoding {
    /// The longest encoded body line, excluding CRLF (RFC 2045).
    static let lineLength = 76

    private static let hexDigits = Array("0123456789ABCDEF".utf8)
    private static let crlf: [UInt8] = [13, 10]

    /// Base64 of `bytes` on one line, with `=` padding.
    static func base64(_ bytes: [UInt8]) -> [UInt8] {
        Array(Data(bytes).base64EncodedData())
    }

    /// Base64 of `bytes` in lines of exactly 76 characters (the last may be shorter), joined by CRLF,
    /// with no CRLF after the last line.
    static func base64Lines(_ bytes: [UInt8]) -> [UInt8] {
        Array(
            Data(bytes).base64EncodedData(options: [
                .lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed,
            ]))
    }

    /// The lines of `text`, split at CRLF, LF or a lone CR; a trailing line break gives a last empty line.
    static func lines(_ text: String) -> [ArraySlice<UInt8>] {
        let bytes = Array(text.utf8)
        var result: [ArraySlice<UInt8>] = []
        var start = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 10 || byte == 13 {
                result.append(bytes[start..<index])
                index += byte == 13 && index + 1 < bytes.count && bytes[index + 1] == 10 ? 2 : 1
                start = index
            } else {
                index += 1
            }
        }
        result.append(bytes[start..<bytes.count])
        return result
    }

    /// `text` in canonical form for a `text/*` part: UTF-8 with every line break as CRLF (RFC 2046 §4.1.1).
    static func canonicalText(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + text.utf8.count / 32)
        for (number, line) in lines(text).enumerated() {
            if number > 0 { out.append(contentsOf: crlf) }
            out.append(contentsOf: line)
        }
        return out
    }

    /// Quoted-printable of `text` in canonical form: lines of at most 76 characters (soft breaks as `=`),
    /// joined by CRLF, with no CRLF after the last line.
    ///
    /// Beyond RFC 2045, a `.` or the `F` of `From ` that would start an encoded line is encoded too, so no
    /// line is a lone `.` (which ends `sendmail` input without `-i`) and no mbox writer adds a `>`.
    static func quotedPrintable(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count * 2)
        for (number, line) in lines(text).enumerated() {
            if number > 0 { out.append(contentsOf: crlf) }
            var width = 0
            var index = line.startIndex
            while index < line.endIndex {
                let isLast = index == line.index(before: line.endIndex)
                var token = qpToken(line, at: index, atLineStart: width == 0, isLast: isLast)
                if width + token.count > (isLast ? lineLength : lineLength - 1) {
                    out.append(UInt8(ascii: "="))
                    out.append(contentsOf: crlf)
                    width = 0
                    token = qpToken(line, at: index, atLineStart: true, isLast: isLast)
                }
                out.append(contentsOf: token)
                width += token.count
                index = line.index(after: index)
            }
        }
        return out
    }

    private static func qpToken(_ line: ArraySlice<UInt8>, at index: Int, atLineStart: Bool, isLast: Bool) -> [UInt8] {
        let byte = line[index]
        let literal: Bool
        switch byte {
        case 32, 9: literal = !isLast
        case UInt8(ascii: "."): literal = !atLineStart
        case UInt8(ascii: "F"): literal = !(atLineStart && line[index...].starts(with: Array("From ".utf8)))
        case UInt8(ascii: "="): literal = false
        case 33...126: literal = true
        default: literal = false
        }
        return literal ? [byte] : [UInt8(ascii: "="), hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 15)]]
    }
}
