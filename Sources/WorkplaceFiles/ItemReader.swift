import Foundation
import WorkplaceModel

/// Reads the items of a file into the dataset, checking each with the model's ``ItemRules``.
extension InputDecoder {
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
        func bad(_ problem: ItemProblem, _ offset: Int) -> JSONFailure {
            Self.failure(problem, record: index, at: offset)
        }
        guard scanner.current == UInt8(ascii: "{") else {
            // Broken JSON is reported as such; a well-formed value of the wrong kind as a bad record.
            let found = scanner.found
            try scanner.skipValue()
            throw bad(.notAnObject(found: found), start)
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
                        throw bad(.wrongType(.workplaceID), at)
                    }
                    id = try scanner.string()
                } else if scanner.token(key, equals: "date") {
                    guard scanner.current == UInt8(ascii: "\"") else {
                        try scanner.skipValue()
                        throw bad(.wrongType(.date), at)
                    }
                    dateOffset = at
                    date = try scanner.string()
                } else if scanner.token(key, equals: "access_data") {
                    sawAccess = true
                    if scanner.consumeNull() { continue }
                    guard scanner.current == UInt8(ascii: "{") else {
                        try scanner.skipValue()
                        throw bad(.wrongType(.accessData), at)
                    }
                    guard try scanner.openObject() else { continue }
                    repeat {
                        let field = try scanner.key()
                        if scanner.token(field, equals: "pv") {
                            pv = try count(.pv, record: index)
                        } else if scanner.token(field, equals: "uv") {
                            uv = try count(.uv, record: index)
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
                        throw bad(.wrongType(.names), at)
                    }
                    try scanner.skipValue()
                    nameBytes = at..<scanner.position
                } else {
                    try scanner.skipValue()
                }
            } while try scanner.nextMember()
        }
        do throws(ItemProblem) {
            try ItemRules.checkWorkplaceID(byteCount: id?.range.count)
        } catch {
            throw bad(error, start)
        }
        // The id is there (checked just above); the date may not be.
        guard let id, let date else { throw bad(.missing(.date), start) }
        guard let day = calendarDate(date) else { throw bad(.notACalendarDate(scanner.text(date)), dateOffset) }
        let counts: (pv: Int64, uv: Int64)
        do throws(ItemProblem) {
            counts = try ItemRules.counts(hasAccessData: sawAccess, pv: pv, uv: uv)
        } catch {
            throw bad(error, start)
        }
        let workplace = try workplaceIndex(id, date: day, names: nameBytes, record: index)
        dataset.append(AccessRecord(workplace: workplace, date: day, pv: counts.pv, uv: counts.uv))
    }

    /// Reads a count (pv or uv) and checks it: a whole number from 0 to Int64.max, however it is written.
    private mutating func count(_ field: ItemField, record: Int) throws(JSONFailure) -> Int64 {
        let at = scanner.position
        let value: ItemCount
        if let b = scanner.current, b == UInt8(ascii: "-") || (b >= 0x30 && b <= 0x39) {
            let range = try scanner.number()
            func text() -> String {
                String(decoding: UnsafeBufferPointer(rebasing: scanner.bytes[range]), as: UTF8.self)
            }
            switch Self.exactInteger(scanner.bytes, range) {
            case .integer(let n): value = n >= 0 ? .integer(n) : .negative(text())
            case .fraction: value = .fraction(text())
            case .tooLarge: value = .tooLarge(text())
            }
        } else if scanner.consumeNull() {
            value = .null
        } else {
            try scanner.skipValue()
            value = .notANumber
        }
        do throws(ItemProblem) {
            return try ItemRules.count(value, field)
        } catch {
            throw Self.failure(error, record: record, at: at)
        }
    }

    /// A bad record `record` (1-based), at byte `offset`: `record 3: <the rule's message>`.
    static func failure(_ problem: ItemProblem, record: Int, at offset: Int) -> JSONFailure {
        JSONFailure(kind: .badData, offset: offset, message: "record \(record): \(problem)", record: record)
    }

    /// Decodes a checked `custom_workplace_name` array.
    func names(_ range: Range<Int>, record: Int) throws(JSONFailure) -> [LocalizedName] {
        var s = JSONScanner(scanner.bytes, position: range.lowerBound)
        var result: [LocalizedName] = []
        guard try s.openArray() else { return result }
        repeat {
            s.skipWhitespace()
            let at = s.position
            let n = result.count
            func bad(_ problem: ItemProblem.Name) -> JSONFailure {
                Self.failure(.badName(index: n, problem), record: record, at: at)
            }
            guard s.current == UInt8(ascii: "{") else { throw bad(.notAnObject) }
            var language: String?
            var name: String?
            if try s.openObject() {
                repeat {
                    let key = try s.key()
                    if s.token(key, equals: "language") {
                        guard s.current == UInt8(ascii: "\"") else { throw bad(.languageNotAString) }
                        language = s.text(try s.string())
                    } else if s.token(key, equals: "name") {
                        guard s.current == UInt8(ascii: "\"") else { throw bad(.nameNotAString) }
                        name = s.text(try s.string())
                    } else {
                        try s.skipValue()
                    }
                } while try s.nextMember()
            }
            do throws(ItemProblem) {
                result.append(try ItemRules.name(language: language, name: name, at: n))
            } catch {
                throw Self.failure(error, record: record, at: at)
            }
        } while try s.nextElement()
        return result
    }
}
