import Foundation
import TestSupport
import Testing

@testable import WorkplaceFiles

/// Writes random JSON text on its own (not through the code under test), with random spacing,
/// escapes of every kind, non-ASCII text and numbers in every notation.
private struct DocumentWriter {
    var rng: SeededGenerator
    var out = ""

    mutating func space() {
        let choices = ["", "", " ", "\n", "\t", "\r\n  "]
        out += choices[Int.random(in: 0..<choices.count, using: &rng)]
    }

    mutating func value(depth: Int) {
        let kind = Int.random(in: 0..<(depth > 4 ? 5 : 7), using: &rng)
        switch kind {
        case 0: out += "null"
        case 1: out += Bool.random(using: &rng) ? "true" : "false"
        case 2, 3: number()
        case 4: string()
        case 5:
            out += "["
            let n = Int.random(in: 0...4, using: &rng)
            for i in 0..<n {
                if i > 0 { out += "," }
                space()
                value(depth: depth + 1)
                space()
            }
            if n == 0 { space() }
            out += "]"
        default:
            out += "{"
            let n = Int.random(in: 0...4, using: &rng)
            for i in 0..<n {
                if i > 0 { out += "," }
                space()
                out += "\"k\(i)"  // distinct keys, so dictionaries compare
                string(body: true)
                space()
                out += ":"
                space()
                value(depth: depth + 1)
                space()
            }
            if n == 0 { space() }
            out += "}"
        }
    }

    mutating func number() {
        if Bool.random(using: &rng) { out += "-" }
        out += Bool.random(using: &rng) ? "0" : String(Int.random(in: 1...999_999, using: &rng))
        if Bool.random(using: &rng) { out += "." + String(Int.random(in: 0...999, using: &rng)) }
        if Int.random(in: 0..<4, using: &rng) == 0 {
            out += ["e", "E", "e+", "e-", "E-"][Int.random(in: 0..<5, using: &rng)]
            out += String(Int.random(in: 0...12, using: &rng))
        }
    }

    /// A string; with `body`, only its content and closing quote (the caller wrote the opening).
    mutating func string(body: Bool = false) {
        if !body { out += "\"" }
        for _ in 0..<Int.random(in: 0...8, using: &rng) {
            switch Int.random(in: 0..<10, using: &rng) {
            case 0:
                out += ["\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t"][Int.random(in: 0..<8, using: &rng)]
            case 1: out += String(format: "\\u%04x", Int.random(in: 0...0xD7FF, using: &rng))
            case 2: out += String(format: "\\u%04X", Int.random(in: 0xE000...0xFFFF, using: &rng))
            case 3:
                // A surrogate pair for a scalar beyond the BMP.
                let scalar = Int.random(in: 0x10000...0x10FFFF, using: &rng) - 0x10000
                out += String(format: "\\u%04x\\u%04X", 0xD800 + (scalar >> 10), 0xDC00 + (scalar & 0x3FF))
            case 4: out += ["é", "中文", "🚀", "\u{7F}", "\u{2028}", "𝄞"][Int.random(in: 0..<6, using: &rng)]
            default:
                out += String(UnicodeScalar(UInt8(Int.random(in: 0x20...0x7E, using: &rng))))
                    .replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            }
        }
        out += "\""
    }
}

/// Whether our value and Foundation's agree.
private func same(_ ours: JSONValue, _ theirs: Any) -> Bool {
    switch ours {
    case .null: return theirs is NSNull
    case .bool(let b): return (theirs as? Bool) == b
    case .number(let text):
        guard let n = theirs as? NSNumber, let d = Double(text) else { return false }
        return n.doubleValue == d
    case .string(let s): return (theirs as? String) == s
    case .array(let elements):
        guard let other = theirs as? [Any], other.count == elements.count else { return false }
        return zip(elements, other).allSatisfy { same($0, $1) }
    case .object(let members):
        guard let other = theirs as? [String: Any], other.count == members.count else { return false }
        return members.allSatisfy { member in other[member.key].map { same(member.value, $0) } ?? false }
    }
}

/// Whether a value holds a number whose magnitude no Double can hold.
private func hasNumberBeyondDouble(_ value: JSONValue) -> Bool {
    switch value {
    case .number(let text): return !(Double(text)?.isFinite ?? false)
    case .array(let elements): return elements.contains(where: hasNumberBeyondDouble)
    case .object(let members): return members.contains { hasNumberBeyondDouble($0.value) }
    default: return false
    }
}

@Suite("JSON reader against Foundation")
struct SnapshotJSONPropertyTests {
    @Test("random documents parse to what JSONSerialization sees")
    func randomDocuments() throws {
        var writer = DocumentWriter(rng: SeededGenerator(seed: 20_261_126))
        for _ in 0..<2000 {
            writer.out = ""
            writer.space()
            writer.value(depth: 0)
            writer.space()
            let bytes = Array(writer.out.utf8)
            let theirs = try JSONSerialization.jsonObject(with: Data(bytes), options: .fragmentsAllowed)
            let ours = try JSONValue.parse(bytes)
            #expect(same(ours, theirs), "\(writer.out)")
        }
    }

    @Test("damaged documents are refused exactly when JSONSerialization refuses them")
    func damagedDocuments() throws {
        var writer = DocumentWriter(rng: SeededGenerator(seed: 7))
        var rng = SeededGenerator(seed: 11)
        let damage: [UInt8] = Array(#"{}[]",:\"0-.eE+tfnu a"#.utf8) + [0x0A, 0x00, 0x1F, 0xC3, 0xFF]
        var refused = 0
        for _ in 0..<3000 {
            writer.out = ""
            writer.value(depth: 0)
            var bytes = Array(writer.out.utf8)
            guard !bytes.isEmpty else { continue }
            let at = Int.random(in: 0..<bytes.count, using: &rng)
            switch Int.random(in: 0..<3, using: &rng) {
            case 0: bytes.remove(at: at)
            case 1: bytes.insert(damage[Int.random(in: 0..<damage.count, using: &rng)], at: at)
            default: bytes[at] = damage[Int.random(in: 0..<damage.count, using: &rng)]
            }
            // Two known differences, both on Foundation's side of RFC 8259: a NUL among the first
            // bytes makes it guess UTF-16 or UTF-32 (JSON text is UTF-8), and it refuses numbers
            // beyond Double's range (which we keep as text; no count can be that large anyway).
            if bytes.prefix(4).contains(0) { continue }
            let theirs = try? JSONSerialization.jsonObject(with: Data(bytes), options: .fragmentsAllowed)
            let ours = try? JSONValue.parse(bytes)
            let text = String(decoding: bytes, as: UTF8.self)
            if let ours, hasNumberBeyondDouble(ours) {
                #expect(theirs == nil, "\(text)")
                continue
            }
            #expect((ours == nil) == (theirs == nil), "\(text) ours: \(String(describing: ours))")
            if let ours, let theirs { #expect(same(ours, theirs), "\(text)") }
            if ours == nil { refused += 1 }
        }
        // The damage must actually break documents, or the test checks nothing.
        #expect(refused > 1000)
    }
}
