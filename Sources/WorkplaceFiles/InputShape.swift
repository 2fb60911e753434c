import Foundation
import WorkplaceModel

extension InputDecoder {
    // MARK: The file and its shape

    /// Reads the whole input and returns its shape and, for a snapshot, its metadata.
    mutating func decode() throws(JSONFailure) -> (InputFormat, SnapshotMetadata?) {
        let bytes = scanner.bytes
        // A UTF-8 byte order mark, as some editors save it.
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { scanner.position = 3 }
        scanner.skipWhitespace()
        guard !scanner.isAtEnd else {
            throw JSONFailure(
                kind: .notAnInput, offset: scanner.position,
                message: "the input is empty; expected a snapshot, an API response, its data object, "
                    + "an array of items or JSON Lines of responses")
        }
        var first: InputFormat?
        var metadata: SnapshotMetadata?
        var pages = 0
        while true {
            let start = scanner.position
            let shape: InputFormat
            switch scanner.current {
            case UInt8(ascii: "["):
                guard first == nil else { throw notOneResponseALine(at: start) }
                try items()
                shape = .itemsArray
            case UInt8(ascii: "{"):
                let top = try topObject()
                (shape, metadata) = try top.classify()
                if shape == .snapshot {
                    var arrays: Set<DatasetKind> = []
                    if top.records != nil { arrays.insert(.custom) }
                    if top.overallRecords != nil { arrays.insert(.overall) }
                    if top.blockRecords != nil { arrays.insert(.blocks) }
                    snapshotArrays = arrays
                }
                if first != nil && shape != .apiResponse && shape != .dataObject {
                    throw notOneResponseALine(at: start)
                }
            default:
                throw scanner.failure(
                    first == nil
                        ? "expected '{' or '[' at the start of the input but found \(scanner.found)"
                        : "expected an API response object on this line but found \(scanner.found)")
            }
            pages += 1
            if let first, first != .apiResponse && first != .dataObject {
                throw JSONFailure(
                    kind: .syntax, offset: start,
                    message: "expected the end of the input after the \(first), but another value follows")
            }
            if first == nil { first = shape }
            // Between values: the rest of the line must be blank.
            while let b = scanner.current, b == 0x20 || b == 0x09 || b == 0x0D { scanner.position += 1 }
            if scanner.isAtEnd { break }
            guard scanner.current == 0x0A else {
                throw scanner.failure(
                    "expected a line break or the end of the input after the value but found \(scanner.found)")
            }
            scanner.skipWhitespace()
            if scanner.isAtEnd { break }
        }
        finish()
        if let metadata {
            dataset.coverage = metadata.query.range
            overall.coverage = metadata.query.range
            blocks.coverage = metadata.query.range
        }
        let format: InputFormat = pages > 1 ? .jsonLines(pages: pages) : first ?? .itemsArray
        return (format, metadata)
    }

    fileprivate func notOneResponseALine(at offset: Int) -> JSONFailure {
        JSONFailure(
            kind: .notAnInput, offset: offset,
            message: "JSON Lines input must hold one API response object a line")
    }

    // MARK: Objects at the top

    /// The members of a top-level object that decide what it is.
    struct TopObject {
        var start: Int
        var schema: (String, Int)?
        var version: (JSONValue, Int)?
        var query: (JSONValue, Int)?
        var baseURL: (JSONValue, Int)?
        var fetchedAt: (JSONValue, Int)?
        var recordCount: (JSONValue, Int)?
        var records: (count: Int, offset: Int)?
        var overallRecords: (count: Int, offset: Int)?
        var blockRecords: (count: Int, offset: Int)?
        var code: (Int64, Int)?
        var message: JSONValue?
        var data: Int?
        var items: Int?

        func classify() throws(JSONFailure) -> (InputFormat, SnapshotMetadata?) {
            if schema != nil { return (.snapshot, try snapshotMetadata()) }
            if let (code, offset) = code, code != 0 {
                var text = "the saved API response is an error: code \(code)"
                if case .string(let msg) = message { text += ", msg \"\(msg)\"" }
                var failure = JSONFailure(kind: .apiError, offset: offset, message: text)
                failure.apiCode = code
                throw failure
            }
            if code != nil || data != nil {
                guard data != nil else {
                    throw JSONFailure(
                        kind: .notAnInput, offset: start, message: "the API response has no \"data\" object")
                }
                return (.apiResponse, nil)
            }
            if items != nil { return (.dataObject, nil) }
            throw JSONFailure(
                kind: .notAnInput, offset: start,
                message: "this object is not a snapshot, an API response or its data object "
                    + "(it has none of the keys \"schema\", \"code\", \"data\", \"items\")")
        }

    }

    fileprivate mutating func topObject() throws(JSONFailure) -> TopObject {
        var top = TopObject(start: scanner.position)
        guard try scanner.openObject() else { return top }
        repeat {
            let keyStart = scanner.position
            let key = try scanner.key()
            let at = scanner.position
            func duplicate() -> JSONFailure {
                JSONFailure(kind: .badData, offset: keyStart, message: "the key \"\(scanner.text(key))\" appears twice")
            }
            if scanner.token(key, equals: "records") {
                guard top.records == nil else { throw duplicate() }
                let before = recordCount
                if case .number(let text) = top.recordCount?.0, let n = Int(text), n > 0 {
                    // Trust the count only as far as the file could hold it.
                    dataset.reserveCapacity(min(n, scanner.bytes.count / 64))
                }
                try items(.custom)
                top.records = (recordCount - before, at)
            } else if scanner.token(key, equals: "overall_records") {
                guard top.overallRecords == nil else { throw duplicate() }
                let before = recordCount
                try items(.overall)
                top.overallRecords = (recordCount - before, at)
            } else if scanner.token(key, equals: "block_records") {
                guard top.blockRecords == nil else { throw duplicate() }
                let before = recordCount
                try items(.blocks)
                top.blockRecords = (recordCount - before, at)
            } else if scanner.token(key, equals: "items") {
                guard top.items == nil else { throw duplicate() }
                try items()
                top.items = at
            } else if scanner.token(key, equals: "data") {
                guard top.data == nil else { throw duplicate() }
                top.data = at
                if !scanner.consumeNull() { try dataObject() }
            } else if scanner.token(key, equals: "code") {
                guard scanner.current == UInt8(ascii: "-") || scanner.current.map({ $0 >= 0x30 && $0 <= 0x39 }) == true,
                    case .integer(let code) = Self.exactInteger(scanner.bytes, try scanner.number())
                else {
                    throw JSONFailure(
                        kind: .notAnInput, offset: at, message: "the response's \"code\" must be an integer")
                }
                top.code = (code, at)
            } else if scanner.token(key, equals: "msg") {
                top.message = try scanner.value()
            } else if scanner.token(key, equals: "schema") {
                let value = try scanner.value()
                guard case .string(let schema) = value, schema == SnapshotFile.schema else {
                    let shown = if case .string(let s) = value { "\"\(s)\"" } else { "not a string" }
                    throw JSONFailure(
                        kind: .unsupportedVersion, offset: at,
                        message:
                            "not a workplace-report snapshot: \"schema\" is \(shown), expected \"\(SnapshotFile.schema)\""
                    )
                }
                top.schema = (schema, at)
            } else if scanner.token(key, equals: "version") {
                let value = try scanner.value()
                // Refuse a newer snapshot before reading records it may lay out differently.
                if top.schema != nil { try Self.checkVersion(value, at: at) }
                top.version = (value, at)
            } else if scanner.token(key, equals: "query") {
                top.query = (try scanner.value(), at)
            } else if scanner.token(key, equals: "base_url") {
                top.baseURL = (try scanner.value(), at)
            } else if scanner.token(key, equals: "fetched_at") {
                top.fetchedAt = (try scanner.value(), at)
            } else if scanner.token(key, equals: "record_count") {
                top.recordCount = (try scanner.value(), at)
            } else {
                try scanner.skipValue()
            }
        } while try scanner.nextMember()
        return top
    }

    /// Reads the `data` object of an API response.
    fileprivate mutating func dataObject() throws(JSONFailure) {
        guard scanner.current == UInt8(ascii: "{") else {
            throw JSONFailure(
                kind: .notAnInput, offset: scanner.position,
                message: "expected the response's \"data\" to be an object but found \(scanner.found)")
        }
        guard try scanner.openObject() else { return }
        var sawItems = false
        repeat {
            let keyStart = scanner.position
            let key = try scanner.key()
            if scanner.token(key, equals: "items") {
                guard !sawItems else {
                    throw JSONFailure(kind: .badData, offset: keyStart, message: "the key \"items\" appears twice")
                }
                sawItems = true
                try items()
            } else {
                try scanner.skipValue()
            }
        } while try scanner.nextMember()
    }
}
