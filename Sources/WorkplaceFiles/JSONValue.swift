/// A parsed JSON value, for the small parts of an input (a snapshot's query, an API answer's envelope).
///
/// The big arrays of records never become values: the reader walks them with ``JSONScanner``.
enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    /// A number, kept as its text so that no precision is lost before the caller decides its type.
    case number(String)
    case string(String)
    case array([JSONValue])
    /// Members in document order; a repeated key keeps every occurrence.
    case object([(key: String, value: JSONValue)])

    static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.number(let a), .number(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.array(let a), .array(let b)): return a == b
        case (.object(let a), .object(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: return false
        }
    }

    /// The value of the last member named `key`, when this is an object that has it.
    subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.last { $0.key == key }?.value
    }

    /// Parses one whole JSON text (whitespace around it allowed, nothing else).
    static func parse(_ bytes: [UInt8]) throws(JSONFailure) -> JSONValue {
        let result: Result<JSONValue, JSONFailure> = bytes.withUnsafeBufferPointer { buffer in
            var scanner = JSONScanner(buffer)
            do throws(JSONFailure) {
                let value = try scanner.value()
                scanner.skipWhitespace()
                guard scanner.isAtEnd else {
                    throw scanner.failure("expected the end of the input after the value but found \(scanner.found)")
                }
                return .success(value)
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }
}

extension JSONScanner {
    /// Reads one value of any kind into a ``JSONValue``.
    mutating func value(depth: Int = 0) throws(JSONFailure) -> JSONValue {
        skipWhitespace()
        guard let b = current else { throw failure("expected a value but found the end of the input") }
        switch b {
        case UInt8(ascii: "\""):
            return .string(text(try string()))
        case UInt8(ascii: "{"):
            guard depth < Self.maximumDepth else { throw failure("nesting deeper than \(Self.maximumDepth) levels") }
            var members: [(key: String, value: JSONValue)] = []
            guard try openObject() else { return .object(members) }
            repeat {
                let name = text(try key())
                members.append((name, try value(depth: depth + 1)))
            } while try nextMember()
            return .object(members)
        case UInt8(ascii: "["):
            guard depth < Self.maximumDepth else { throw failure("nesting deeper than \(Self.maximumDepth) levels") }
            var elements: [JSONValue] = []
            guard try openArray() else { return .array(elements) }
            repeat {
                elements.append(try value(depth: depth + 1))
            } while try nextElement()
            return .array(elements)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let range = try number()
            return .number(String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self))
        case UInt8(ascii: "t"):
            try literal("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try literal("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try literal("null")
            return .null
        default:
            throw failure("expected a value but found \(found)")
        }
    }
}
