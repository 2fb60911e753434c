/// Why the bytes could not be read, at a byte offset; the reader turns it into a ``SnapshotError``.
struct JSONFailure: Error {
    /// What kind of failure it is: broken JSON, or valid JSON holding bad data.
    enum Kind {
        case syntax
        case badData
        case notAnInput
        case unsupportedVersion
        case apiError
    }

    let kind: Kind
    /// The byte offset the message is about.
    let offset: Int
    let message: String
    /// The 1-based record number, for bad data in a record.
    var record: Int? = nil
    /// The API code, for an API error answer.
    var apiCode: Int64? = nil
}

/// A string as it appears in the input: the bytes between the quotes, still escaped.
struct StringToken {
    /// The offsets of the raw content, quotes excluded.
    let range: Range<Int>
    /// Whether the content has a backslash escape (so the raw bytes are not the text).
    let hasEscapes: Bool
}

/// A forward-only reader over the bytes of one JSON text: whitespace, punctuation, strings, numbers.
///
/// It never builds a tree: callers walk the structure they expect and skip what they do not know,
/// and every byte it accepts has been checked against RFC 8259 (strings must be valid UTF-8, with
/// paired surrogates in `\u` escapes; numbers follow the grammar exactly). It only lives inside a
/// `withUnsafeBufferPointer` scope over the input.
struct JSONScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var position: Int
    /// Nesting deeper than this is refused rather than risking the stack.
    static let maximumDepth = 256

    init(_ bytes: UnsafeBufferPointer<UInt8>, position: Int = 0) {
        self.bytes = bytes
        self.position = position
    }

    var isAtEnd: Bool { position >= bytes.count }

    /// The byte at the cursor, or nil at the end.
    var current: UInt8? { position < bytes.count ? bytes[position] : nil }

    func failure(_ message: String, at offset: Int? = nil) -> JSONFailure {
        JSONFailure(kind: .syntax, offset: offset ?? position, message: message)
    }

    /// Moves past spaces, tabs, carriage returns and line feeds.
    @inline(__always)
    mutating func skipWhitespace() {
        while position < bytes.count {
            let b = bytes[position]
            guard b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 else { return }
            position += 1
        }
    }

    /// Consumes `byte` when it is next, after whitespace.
    @inline(__always)
    mutating func consume(_ byte: UInt8) -> Bool {
        skipWhitespace()
        if position < bytes.count && bytes[position] == byte {
            position += 1
            return true
        }
        return false
    }

    /// A description of the byte at the cursor for error messages: `'x'`, `end of input`, `byte 0xFF`.
    var found: String {
        guard let b = current else { return "the end of the input" }
        if b >= 0x21 && b < 0x7F { return "'\(Character(Unicode.Scalar(b)))'" }
        switch b {
        case 0x20: return "a space"
        case 0x0A: return "a line break"
        case 0x0D: return "a carriage return"
        case 0x09: return "a tab"
        default: return "byte 0x" + String(b, radix: 16, uppercase: true)
        }
    }

    // MARK: Objects and arrays

    /// Consumes `{` and reports whether the object has members (false for `{}`).
    mutating func openObject() throws(JSONFailure) -> Bool {
        skipWhitespace()
        guard position < bytes.count, bytes[position] == UInt8(ascii: "{") else {
            throw failure("expected '{' but found \(found)")
        }
        position += 1
        return !consume(UInt8(ascii: "}"))
    }

    /// Reads a member's key and the colon after it, leaving the cursor at the value.
    mutating func key() throws(JSONFailure) -> StringToken {
        skipWhitespace()
        guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
            throw failure("expected a string key in double quotes but found \(found)")
        }
        let token = try string()
        guard consume(UInt8(ascii: ":")) else { throw failure("expected ':' after an object key but found \(found)") }
        skipWhitespace()
        return token
    }

    /// After a member's value: true when a `,` announces another member, false at the closing `}`.
    @inline(__always)
    mutating func nextMember() throws(JSONFailure) -> Bool {
        skipWhitespace()
        if position < bytes.count {
            let b = bytes[position]
            position += 1
            if b == UInt8(ascii: ",") { return true }
            if b == UInt8(ascii: "}") { return false }
            position -= 1
        }
        throw failure("expected ',' or '}' after a value but found \(found)")
    }

    /// Consumes `[` and reports whether the array has elements (false for `[]`).
    mutating func openArray() throws(JSONFailure) -> Bool {
        skipWhitespace()
        guard position < bytes.count, bytes[position] == UInt8(ascii: "[") else {
            throw failure("expected '[' but found \(found)")
        }
        position += 1
        return !consume(UInt8(ascii: "]"))
    }

    /// After an element: true when a `,` announces another element, false at the closing `]`.
    @inline(__always)
    mutating func nextElement() throws(JSONFailure) -> Bool {
        skipWhitespace()
        if position < bytes.count {
            let b = bytes[position]
            position += 1
            if b == UInt8(ascii: ",") { return true }
            if b == UInt8(ascii: "]") { return false }
            position -= 1
        }
        throw failure("expected ',' or ']' after a value but found \(found)")
    }

    // MARK: Values

    /// Checks and skips one value of any kind.
    mutating func skipValue(depth: Int = 0) throws(JSONFailure) {
        skipWhitespace()
        guard let b = current else { throw failure("expected a value but found the end of the input") }
        switch b {
        case UInt8(ascii: "\""):
            _ = try string()
        case UInt8(ascii: "{"):
            guard depth < Self.maximumDepth else { throw failure("nesting deeper than \(Self.maximumDepth) levels") }
            guard try openObject() else { return }
            repeat {
                _ = try key()
                try skipValue(depth: depth + 1)
            } while try nextMember()
        case UInt8(ascii: "["):
            guard depth < Self.maximumDepth else { throw failure("nesting deeper than \(Self.maximumDepth) levels") }
            guard try openArray() else { return }
            repeat {
                try skipValue(depth: depth + 1)
            } while try nextElement()
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            _ = try number()
        case UInt8(ascii: "t"):
            try literal("true")
        case UInt8(ascii: "f"):
            try literal("false")
        case UInt8(ascii: "n"):
            try literal("null")
        default:
            throw failure("expected a value but found \(found)")
        }
    }

    /// Consumes the literal `true`, `false` or `null`.
    mutating func literal(_ word: StaticString) throws(JSONFailure) {
        let start = position
        let n = word.utf8CodeUnitCount
        let ok = word.withUTF8Buffer { w in
            guard position + n <= bytes.count else { return false }
            for i in 0..<n where bytes[position + i] != w[i] { return false }
            return true
        }
        guard ok else { throw failure("expected a value but found \(found)", at: start) }
        position += n
    }

    /// Consumes `null` when it is next (after whitespace).
    mutating func consumeNull() -> Bool {
        skipWhitespace()
        guard position + 4 <= bytes.count, bytes[position] == UInt8(ascii: "n"),
            bytes[position + 1] == UInt8(ascii: "u"), bytes[position + 2] == UInt8(ascii: "l"),
            bytes[position + 3] == UInt8(ascii: "l")
        else { return false }
        position += 4
        return true
    }

    /// Checks and consumes a number, returning the offsets of its text.
    mutating func number() throws(JSONFailure) -> Range<Int> {
        let start = position
        var i = position
        let n = bytes.count
        func isDigit(_ i: Int) -> Bool { i < n && bytes[i] >= 0x30 && bytes[i] <= 0x39 }
        if i < n && bytes[i] == UInt8(ascii: "-") { i += 1 }
        guard isDigit(i) else {
            position = i
            throw failure("expected a digit in a number but found \(found)")
        }
        if bytes[i] == UInt8(ascii: "0") {
            i += 1
            if isDigit(i) {
                position = i
                throw failure("a number must not start with 0 followed by more digits")
            }
        } else {
            while isDigit(i) { i += 1 }
        }
        if i < n && bytes[i] == UInt8(ascii: ".") {
            i += 1
            guard isDigit(i) else {
                position = i
                throw failure("expected a digit after the decimal point but found \(found)")
            }
            while isDigit(i) { i += 1 }
        }
        if i < n && (bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E")) {
            i += 1
            if i < n && (bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-")) { i += 1 }
            guard isDigit(i) else {
                position = i
                throw failure("expected a digit in the exponent but found \(found)")
            }
            while isDigit(i) { i += 1 }
        }
        position = i
        return start..<i
    }

    /// Checks and consumes a string (the cursor is at its opening quote).
    @inline(__always)
    mutating func string() throws(JSONFailure) -> StringToken {
        let open = position
        var i = position + 1
        let n = bytes.count
        var escaped = false
        while true {
            // The common case: printable ASCII that needs no attention.
            while i < n {
                let b = bytes[i]
                guard b >= 0x20, b < 0x80, b != 0x22, b != 0x5C else { break }
                i += 1
            }
            guard i < n else {
                throw failure("the string that starts here is not closed with '\"'", at: open)
            }
            let b = bytes[i]
            if b == 0x22 {
                position = i + 1
                return StringToken(range: (open + 1)..<i, hasEscapes: escaped)
            } else if b == 0x5C {
                escaped = true
                i = try escape(at: i)
            } else if b < 0x20 {
                throw failure(
                    "a control character (0x\(String(b, radix: 16, uppercase: true))) must be escaped in a string",
                    at: i)
            } else {
                i = try utf8Sequence(at: i)
            }
        }
    }

    /// Checks the escape at `i` (a backslash) and returns the offset after it.
    private func escape(at i: Int) throws(JSONFailure) -> Int {
        guard i + 1 < bytes.count else { throw failure("the string is cut off inside an escape", at: i) }
        switch bytes[i + 1] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
            UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            return i + 2
        case UInt8(ascii: "u"):
            let unit = try hex4(at: i + 2)
            if unit >= 0xD800 && unit < 0xDC00 {
                guard i + 11 < bytes.count, bytes[i + 6] == 0x5C, bytes[i + 7] == UInt8(ascii: "u") else {
                    throw failure("a high surrogate \\u escape must be followed by a low surrogate \\u escape", at: i)
                }
                let low = try hex4(at: i + 8)
                guard low >= 0xDC00 && low < 0xE000 else {
                    throw failure("a high surrogate \\u escape must be followed by a low surrogate \\u escape", at: i)
                }
                return i + 12
            }
            guard unit < 0xDC00 || unit >= 0xE000 else {
                throw failure("a low surrogate \\u escape without a high surrogate before it", at: i)
            }
            return i + 6
        default:
            throw failure("unknown escape '\\\(Character(Unicode.Scalar(bytes[i + 1])))' in a string", at: i)
        }
    }

    /// The value of four hex digits at `i`.
    private func hex4(at i: Int) throws(JSONFailure) -> UInt32 {
        guard i + 4 <= bytes.count else { throw failure("expected four hex digits after \\u", at: i) }
        var value: UInt32 = 0
        for k in i..<(i + 4) {
            let c = bytes[k]
            let digit: UInt8
            switch c {
            case 0x30...0x39: digit = c - 0x30
            case 0x41...0x46: digit = c - 0x41 + 10
            case 0x61...0x66: digit = c - 0x61 + 10
            default: throw failure("expected four hex digits after \\u", at: k)
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    /// Checks the multi-byte UTF-8 sequence at `i` and returns the offset after it.
    private func utf8Sequence(at i: Int) throws(JSONFailure) -> Int {
        let b = bytes[i]
        let length: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch b {
        case 0xC2...0xDF: length = 2
        case 0xE0:
            length = 3
            low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED:
            length = 3
            high = 0x9F
        case 0xF0:
            length = 4
            low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4:
            length = 4
            high = 0x8F
        default: throw failure("invalid UTF-8 (byte 0x\(String(b, radix: 16, uppercase: true)))", at: i)
        }
        guard i + length <= bytes.count else { throw failure("invalid UTF-8: a character is cut off", at: i) }
        let second = bytes[i + 1]
        guard second >= low && second <= high else { throw failure("invalid UTF-8 sequence", at: i) }
        for k in (i + 2)..<(i + length) where bytes[k] & 0xC0 != 0x80 {
            throw failure("invalid UTF-8 sequence", at: i)
        }
        return i + length
    }

    // MARK: Decoding checked tokens

    /// The text of a checked string token.
    func text(_ token: StringToken) -> String {
        if !token.hasEscapes {
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[token.range]), as: UTF8.self)
        }
        var scratch: [UInt8] = []
        decode(token, into: &scratch)
        return String(decoding: scratch, as: UTF8.self)
    }

    /// Appends the UTF-8 bytes of a checked string token to `out`, escapes resolved.
    func decode(_ token: StringToken, into out: inout [UInt8]) {
        var i = token.range.lowerBound
        let end = token.range.upperBound
        out.reserveCapacity(out.count + token.range.count)
        while i < end {
            let b = bytes[i]
            guard b == 0x5C else {
                out.append(b)
                i += 1
                continue
            }
            let e = bytes[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = hexValue(at: i)
                i += 4
                if scalar >= 0xD800 && scalar < 0xDC00 {
                    let low = hexValue(at: i + 2)
                    i += 6
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                appendUTF8(scalar, to: &out)
            default: out.append(e)  // " \ /
            }
        }
    }

    /// Whether a checked string token's text is exactly `expected` (ASCII).
    @inline(__always)
    func token(_ token: StringToken, equals expected: StaticString) -> Bool {
        let n = expected.utf8CodeUnitCount
        if !token.hasEscapes {
            guard token.range.count == n else { return false }
            return expected.withUTF8Buffer { w in
                var k = 0
                var i = token.range.lowerBound
                while k < n {
                    if bytes[i] != w[k] { return false }
                    k += 1
                    i += 1
                }
                return true
            }
        }
        var scratch: [UInt8] = []
        decode(token, into: &scratch)
        return expected.withUTF8Buffer { w in scratch.elementsEqual(w) }
    }

    private func hexValue(at i: Int) -> UInt32 {
        var value: UInt32 = 0
        for k in i..<(i + 4) {
            let c = bytes[k]
            let digit = c <= 0x39 ? c - 0x30 : (c | 0x20) - 0x61 + 10
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    private func appendUTF8(_ scalar: UInt32, to out: inout [UInt8]) {
        switch scalar {
        case 0..<0x80:
            out.append(UInt8(scalar))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | scalar >> 6))
            out.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            out.append(UInt8(0xE0 | scalar >> 12))
            out.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            out.append(UInt8(0x80 | scalar & 0x3F))
        default:
            out.append(UInt8(0xF0 | scalar >> 18))
            out.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            out.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            out.append(UInt8(0x80 | scalar & 0x3F))
        }
    }
}
