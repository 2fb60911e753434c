import Foundation
import WorkplaceModel

/// Recognises the shape of an input file and reads its records straight from the bytes.
///
/// Records go into an ``AccessDataset`` without a tree in between. Workplace ids are looked up by
/// their bytes, dates by their ten characters, and a record's names are decoded only when their
/// bytes differ from the last names seen for that workplace, so a million records cost little more
/// than a walk over the file.
struct InputDecoder {
    var scanner: JSONScanner
    private(set) var dataset = AccessDataset()
    /// Records read so far, over every page of the file.
    private(set) var recordCount = 0
    /// Called now and then with the offset below which the bytes are no longer needed.
    var release: ((Int) -> Void)?

    private var ids = ByteKeyTable()
    private var nameStates: [NameState] = []
    private var scratch: [UInt8] = []
    private var lastDateKey: (UInt64, UInt16) = (0, 0)
    private var lastDate: CalendarDate?
    private var dates: [DateKey: CalendarDate] = [:]

    /// The latest names of a workplace as the dataset's rule picks them, kept here so the dataset
    /// is only told once, at the end.
    private struct NameState {
        var names: [LocalizedName]
        var date: CalendarDate
        var raw: [UInt8]
        var changed: Bool
    }

    private struct DateKey: Hashable {
        let head: UInt64
        let tail: UInt16
    }

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        scanner = JSONScanner(bytes)
    }

    // MARK: The file

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
        if let metadata { dataset.coverage = metadata.query.range }
        let format: InputFormat = pages > 1 ? .jsonLines(pages: pages) : first ?? .itemsArray
        return (format, metadata)
    }

    private func notOneResponseALine(at offset: Int) -> JSONFailure {
        JSONFailure(
            kind: .notAnInput, offset: offset,
            message: "JSON Lines input must hold one API response object a line")
    }

    /// Hands the names each workplace ended with to the dataset.
    private mutating func finish() {
        for w in nameStates.indices where nameStates[w].changed {
            let id = dataset.workplaces[w].id
            _ = dataset.intern(id, date: nameStates[w].date, names: nameStates[w].names)
        }
    }

    // MARK: Objects at the top

    /// The members of a top-level object that decide what it is.
    private struct TopObject {
        var start: Int
        var schema: (String, Int)?
        var version: (JSONValue, Int)?
        var query: (JSONValue, Int)?
        var baseURL: (JSONValue, Int)?
        var fetchedAt: (JSONValue, Int)?
        var recordCount: (JSONValue, Int)?
        var records: (count: Int, offset: Int)?
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

        private func snapshotMetadata() throws(JSONFailure) -> SnapshotMetadata {
            func bad(_ message: String, _ offset: Int) -> JSONFailure {
                JSONFailure(kind: .badData, offset: offset, message: message)
            }
            guard let (version, versionOffset) = version else {
                throw JSONFailure(kind: .unsupportedVersion, offset: start, message: "the snapshot has no \"version\"")
            }
            try InputDecoder.checkVersion(version, at: versionOffset)
            guard let records else { throw bad("the snapshot has no \"records\" array", start) }
            if let (declared, offset) = recordCount {
                guard case .number(let text) = declared, let n = Int(text), n >= 0 else {
                    throw bad("\"record_count\" must be a whole number", offset)
                }
                guard n == records.count else {
                    throw bad(
                        "the snapshot says it holds \(n) records but holds \(records.count); it may be cut off or edited",
                        records.offset)
                }
            }
            guard let (query, queryOffset) = query else { throw bad("the snapshot has no \"query\"", start) }
            guard case .string(let fromText) = query["from"] ?? .null, let from = CalendarDate(iso: fromText),
                case .string(let toText) = query["to"] ?? .null, let to = CalendarDate(iso: toText)
            else { throw bad("the snapshot's query needs \"from\" and \"to\" as yyyy-MM-dd dates", queryOffset) }
            guard let range = DateRange(from: from, to: to) else {
                throw bad("the snapshot's query runs from \(from) back to \(to)", queryOffset)
            }
            var workplaceIDs: [String] = []
            switch query["workplace_ids"] ?? .null {
            case .null: break
            case .array(let elements):
                for element in elements {
                    guard case .string(let id) = element else {
                        throw bad("the snapshot's query \"workplace_ids\" must hold strings", queryOffset)
                    }
                    workplaceIDs.append(id)
                }
            default: throw bad("the snapshot's query \"workplace_ids\" must be an array of strings", queryOffset)
            }
            var pageSize = 100
            if let value = query["page_size"], value != .null {
                guard case .number(let text) = value, let n = Int(text) else {
                    throw bad("the snapshot's query \"page_size\" must be a whole number", queryOffset)
                }
                pageSize = n
            }
            var baseURL = ""
            if let (value, offset) = self.baseURL {
                guard case .string(let text) = value else { throw bad("\"base_url\" must be a string", offset) }
                baseURL = text
            }
            var fetched: String?
            if let (value, offset) = fetchedAt {
                switch value {
                case .null: break
                case .string(let text): fetched = text
                default: throw bad("\"fetched_at\" must be a string or null", offset)
                }
            }
            return SnapshotMetadata(
                query: SnapshotQuery(range: range, workplaceIDs: workplaceIDs, pageSize: pageSize),
                baseURL: baseURL, fetchedAt: fetched)
        }
    }

    static func checkVersion(_ version: JSONValue, at offset: Int) throws(JSONFailure) {
        guard case .number(let text) = version, let n = Int(text) else {
            throw JSONFailure(
                kind: .badData, offset: offset, message: "the snapshot's \"version\" must be a whole number")
        }
        guard n == SnapshotFile.version else {
            let hint =
                n > SnapshotFile.version
                ? "it is newer than this tool reads (\(SnapshotFile.version)); use a newer workplace-report"
                : "this tool reads version \(SnapshotFile.version)"
            throw JSONFailure(kind: .unsupportedVersion, offset: offset, message: "snapshot version \(n): \(hint)")
        }
    }

    /// Reads a top-level object: a snapshot, an API response or a `data` object, keys in any order.
    private mutating func topObject() throws(JSONFailure) -> TopObject {
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
                try items()
                top.records = (recordCount - before, at)
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
    private mutating func dataObject() throws(JSONFailure) {
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

    // MARK: Items

    /// Reads an array of API items (null counts as none).
    mutating func items() throws(JSONFailure) {
        if scanner.consumeNull() { return }
        guard scanner.current == UInt8(ascii: "[") else {
            throw JSONFailure(
                kind: .notAnInput, offset: scanner.position,
                message: "expected an array of items but found \(scanner.found)")
        }
        guard try scanner.openArray() else { return }
        repeat {
            try item()
            if recordCount & 0xFFF == 0, let release { release(scanner.position) }
        } while try scanner.nextElement()
    }

    /// Reads one item and appends it to the dataset.
    private mutating func item() throws(JSONFailure) {
        recordCount += 1
        let index = recordCount
        scanner.skipWhitespace()
        let start = scanner.position
        func bad(_ message: String, _ offset: Int) -> JSONFailure {
            JSONFailure(kind: .badData, offset: offset, message: "record \(index): \(message)", record: index)
        }
        guard scanner.current == UInt8(ascii: "{") else {
            // Broken JSON is reported as such; a well-formed value of the wrong kind as a bad record.
            let found = scanner.found
            try scanner.skipValue()
            throw bad("expected an item object but found \(found)", start)
        }
        var id: StringToken?
        var date: StringToken?
        var dateOffset = start
        var pv: Int64?
        var uv: Int64?
        var sawAccess = false
        var nameBytes: Range<Int>?
        if try scanner.openObject() {
            repeat {
                let key = try scanner.key()
                let at = scanner.position
                if scanner.token(key, equals: "custom_workplace_id") {
                    guard scanner.current == UInt8(ascii: "\"") else {
                        try scanner.skipValue()
                        throw bad("custom_workplace_id must be a string", at)
                    }
                    id = try scanner.string()
                } else if scanner.token(key, equals: "date") {
                    guard scanner.current == UInt8(ascii: "\"") else {
                        try scanner.skipValue()
                        throw bad("date must be a yyyy-MM-dd string", at)
                    }
                    dateOffset = at
                    date = try scanner.string()
                } else if scanner.token(key, equals: "access_data") {
                    sawAccess = true
                    if scanner.consumeNull() { continue }
                    guard scanner.current == UInt8(ascii: "{") else {
                        try scanner.skipValue()
                        throw bad("access_data must be an object", at)
                    }
                    guard try scanner.openObject() else { continue }
                    repeat {
                        let field = try scanner.key()
                        if scanner.token(field, equals: "pv") {
                            pv = try count("access_data.pv", record: index)
                        } else if scanner.token(field, equals: "uv") {
                            uv = try count("access_data.uv", record: index)
                        } else {
                            try scanner.skipValue()
                        }
                    } while try scanner.nextMember()
                } else if scanner.token(key, equals: "custom_workplace_name") {
                    if scanner.consumeNull() {
                        nameBytes = nil
                        continue
                    }
                    guard scanner.current == UInt8(ascii: "[") else {
                        try scanner.skipValue()
                        throw bad("custom_workplace_name must be an array of {language, name}", at)
                    }
                    try scanner.skipValue()
                    nameBytes = at..<scanner.position
                } else {
                    try scanner.skipValue()
                }
            } while try scanner.nextMember()
        }
        guard let id else { throw bad("custom_workplace_id is missing", start) }
        guard !id.range.isEmpty else { throw bad("custom_workplace_id is empty", start) }
        guard let date else { throw bad("date is missing", start) }
        guard let day = calendarDate(date) else {
            throw bad("date \"\(scanner.text(date))\" is not a yyyy-MM-dd calendar date", dateOffset)
        }
        guard sawAccess else { throw bad("access_data is missing", start) }
        guard let pv else { throw bad("access_data.pv is missing", start) }
        guard let uv else { throw bad("access_data.uv is missing", start) }

        let workplace = try workplaceIndex(id, date: day, names: nameBytes, record: index)
        dataset.append(AccessRecord(workplace: workplace, date: day, pv: pv, uv: uv))
    }

    /// Reads a count (pv or uv): a whole number from 0 to Int64.max, however it is written.
    private mutating func count(_ field: String, record: Int) throws(JSONFailure) -> Int64 {
        let at = scanner.position
        func bad(_ message: String) -> JSONFailure {
            JSONFailure(kind: .badData, offset: at, message: "record \(record): \(message)", record: record)
        }
        guard let b = scanner.current, b == UInt8(ascii: "-") || (b >= 0x30 && b <= 0x39) else {
            if scanner.consumeNull() { throw bad("\(field) is null; counts must be whole numbers from 0") }
            try scanner.skipValue()
            throw bad("\(field) must be a number")
        }
        let range = try scanner.number()
        let text = String(decoding: UnsafeBufferPointer(rebasing: scanner.bytes[range]), as: UTF8.self)
        switch Self.exactInteger(scanner.bytes, range) {
        case .integer(let value):
            guard value >= 0 else { throw bad("\(field) is \(text); counts cannot be negative") }
            return value
        case .fraction: throw bad("\(field) is \(text); counts must be whole numbers")
        case .tooLarge: throw bad("\(field) is \(text), larger than the largest count (\(Int64.max))")
        }
    }

    /// A checked date token as a calendar date, or nil when it is not a strict `yyyy-MM-dd` date.
    private mutating func calendarDate(_ token: StringToken) -> CalendarDate? {
        let bytes = scanner.bytes
        guard !token.hasEscapes, token.range.count == 10 else {
            var decoded: [UInt8] = []
            scanner.decode(token, into: &decoded)
            return CalendarDate(isoBytes: decoded[...])
        }
        let s = token.range.lowerBound
        var head: UInt64 = 0
        for i in s..<(s + 8) { head = head << 8 | UInt64(bytes[i]) }
        let tail = UInt16(bytes[s + 8]) << 8 | UInt16(bytes[s + 9])
        if let lastDate, lastDateKey == (head, tail) { return lastDate }
        let key = DateKey(head: head, tail: tail)
        let date: CalendarDate
        if let known = dates[key] {
            date = known
        } else {
            guard let parsed = CalendarDate(isoBytes: Array(UnsafeBufferPointer(rebasing: bytes[token.range]))[...])
            else { return nil }
            date = parsed
            dates[key] = parsed
        }
        lastDateKey = (head, tail)
        lastDate = date
        return date
    }

    /// The dataset index of the record's workplace, interning it and following its names.
    private mutating func workplaceIndex(
        _ id: StringToken, date: CalendarDate, names nameBytes: Range<Int>?, record: Int
    ) throws(JSONFailure) -> Int32 {
        let bytes = scanner.bytes
        let found: Int32?
        if id.hasEscapes {
            scratch.removeAll(keepingCapacity: true)
            scanner.decode(id, into: &scratch)
            found = scratch.withUnsafeBufferPointer { ids.find($0) }
        } else {
            found = ids.find(UnsafeBufferPointer(rebasing: bytes[id.range]))
        }
        guard let w = found else {
            var decodedNames: [LocalizedName] = []
            var raw: [UInt8] = []
            if let nameBytes {
                decodedNames = try names(nameBytes, record: record)
                raw = Array(UnsafeBufferPointer(rebasing: bytes[nameBytes]))
            }
            let text = scanner.text(id)
            let w = dataset.intern(text, date: date, names: decodedNames)
            ids.insert(Array(text.utf8), value: w)
            nameStates.append(NameState(names: decodedNames, date: date, raw: raw, changed: false))
            return w
        }
        // The dataset's rule: names from the latest date win; a record without names changes nothing.
        guard let nameBytes else { return w }
        let i = Int(w)
        let same = nameStates[i].raw.withUnsafeBufferPointer { raw in
            raw.count == nameBytes.count
                && (raw.count == 0
                    || memcmp(raw.baseAddress!, bytes.baseAddress! + nameBytes.lowerBound, raw.count) == 0)
        }
        let newNames = same ? nameStates[i].names : try names(nameBytes, record: record)
        guard !newNames.isEmpty, date >= nameStates[i].date || nameStates[i].names.isEmpty else { return w }
        if !same {
            nameStates[i].names = newNames
            nameStates[i].raw = Array(UnsafeBufferPointer(rebasing: bytes[nameBytes]))
        }
        if nameStates[i].date != date || !same {
            nameStates[i].date = date
            nameStates[i].changed = true
        }
        return w
    }

    /// Decodes a checked `custom_workplace_name` array.
    private func names(_ range: Range<Int>, record: Int) throws(JSONFailure) -> [LocalizedName] {
        var s = JSONScanner(scanner.bytes, position: range.lowerBound)
        var result: [LocalizedName] = []
        guard try s.openArray() else { return result }
        repeat {
            s.skipWhitespace()
            let at = s.position
            let n = result.count
            func bad(_ message: String) -> JSONFailure {
                JSONFailure(
                    kind: .badData, offset: at, message: "record \(record): custom_workplace_name[\(n)] \(message)",
                    record: record)
            }
            guard s.current == UInt8(ascii: "{") else { throw bad("must be an object {language, name}") }
            var language: String?
            var name: String?
            if try s.openObject() {
                repeat {
                    let key = try s.key()
                    if s.token(key, equals: "language") {
                        guard s.current == UInt8(ascii: "\"") else { throw bad("language must be a string") }
                        language = s.text(try s.string())
                    } else if s.token(key, equals: "name") {
                        guard s.current == UInt8(ascii: "\"") else { throw bad("name must be a string") }
                        name = s.text(try s.string())
                    } else {
                        try s.skipValue()
                    }
                } while try s.nextMember()
            }
            guard let language else { throw bad("has no language") }
            guard let name else { throw bad("has no name") }
            result.append(LocalizedName(language: language, name: name))
        } while try s.nextElement()
        return result
    }

    // MARK: Numbers

    /// The exact value of a checked number token, when it is a whole number.
    enum ExactInteger: Equatable {
        case integer(Int64)
        case fraction
        case tooLarge
    }

    /// The exact value of a checked number: `12`, `12.0`, `1.2e1` and `120e-1` are all 12; `12.5` is a fraction.
    static func exactInteger(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> ExactInteger {
        var i = range.lowerBound
        let end = range.upperBound
        // The common case: up to 18 plain digits cannot overflow.
        if end - i <= 18 {
            var value: Int64 = 0
            var k = i
            while k < end {
                let d = bytes[k] &- 0x30
                guard d < 10 else { break }
                value = value &* 10 &+ Int64(d)
                k += 1
            }
            if k == end { return .integer(value) }
        }
        let negative = bytes[i] == UInt8(ascii: "-")
        if negative { i += 1 }
        var digits: [UInt8] = []
        var exponent = 0
        var inFraction = false
        while i < end {
            let b = bytes[i]
            if b == UInt8(ascii: ".") {
                inFraction = true
            } else if b == UInt8(ascii: "e") || b == UInt8(ascii: "E") {
                i += 1
                var sign = 1
                if bytes[i] == UInt8(ascii: "-") {
                    sign = -1
                    i += 1
                } else if bytes[i] == UInt8(ascii: "+") {
                    i += 1
                }
                var e = 0
                while i < end {
                    e = min(e * 10 + Int(bytes[i] - 0x30), 1_000_000_000)
                    i += 1
                }
                exponent += sign * e
                break
            } else {
                if !(digits.isEmpty && b == 0x30) { digits.append(b - 0x30) }  // no leading zeros
                if inFraction { exponent -= 1 }
            }
            i += 1
        }
        while let last = digits.last, last == 0 {
            digits.removeLast()
            exponent += 1
        }
        if digits.isEmpty { return .integer(0) }
        if exponent < 0 { return .fraction }
        if digits.count + exponent > 19 { return .tooLarge }
        var magnitude: UInt64 = 0
        for d in digits + [UInt8](repeating: 0, count: exponent) {
            let (m, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (s, o2) = m.addingReportingOverflow(UInt64(d))
            if o1 || o2 { return .tooLarge }
            magnitude = s
        }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return .tooLarge }
            return .integer(magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude))
        }
        guard magnitude <= UInt64(Int64.max) else { return .tooLarge }
        return .integer(Int64(magnitude))
    }
}

/// An open-addressing hash table from byte strings to workplace indices, so a record's id is
/// found without building a `String` for it.
struct ByteKeyTable {
    private var slots: [Int32] = Array(repeating: -1, count: 64)
    private var hashes: [UInt64] = []
    private var starts: [Int] = [0]
    private var keys: [UInt8] = []
    private var values: [Int32] = []

    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes {
            h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3
        }
        return h ^ (h >> 29)
    }

    /// The value stored for `key`, if any.
    func find(_ key: UnsafeBufferPointer<UInt8>) -> Int32? {
        let h = Self.hash(key)
        let mask = slots.count - 1
        var s = Int(truncatingIfNeeded: h) & mask
        while true {
            let e = Int(slots[s])
            if e < 0 { return nil }
            if hashes[e] == h && starts[e + 1] - starts[e] == key.count {
                let equal = keys.withUnsafeBufferPointer { k in
                    key.count == 0 || memcmp(k.baseAddress! + starts[e], key.baseAddress!, key.count) == 0
                }
                if equal { return values[e] }
            }
            s = (s + 1) & mask
        }
    }

    /// Stores `value` for a key not yet in the table.
    mutating func insert(_ key: [UInt8], value: Int32) {
        let e = values.count
        let h = key.withUnsafeBufferPointer { Self.hash($0) }
        hashes.append(h)
        keys.append(contentsOf: key)
        starts.append(keys.count)
        values.append(value)
        if values.count * 2 > slots.count {
            slots = Array(repeating: -1, count: slots.count * 2)
            for i in 0..<values.count { place(i) }
        } else {
            place(e)
        }
    }

    private mutating func place(_ e: Int) {
        let mask = slots.count - 1
        var s = Int(truncatingIfNeeded: hashes[e]) & mask
        while slots[s] >= 0 { s = (s + 1) & mask }
        slots[s] = Int32(e)
    }
}
