import Foundation
import WorkplaceModel

/// Reads the items of a file into the datasets, checking each with the model's ``ItemRules``.
///
/// An item's endpoint is told by its keys: `custom_workplace_id` (custom workplaces), `block_id`
/// (blocks), `all_workplace` or `default_workplace` (the whole workplace); an item with none of them
/// is checked as a custom workplace's, as before there were three endpoints.
extension InputDecoder {
    /// Reads an array of API items (null counts as none): of the `expected` endpoint only, or of any
    /// endpoint, each told by its keys, when `expected` is nil.
    mutating func items(_ expected: DatasetKind? = nil) throws(JSONFailure) {
        if scanner.consumeNull() { return }
        guard scanner.current == UInt8(ascii: "[") else {
            throw JSONFailure(
                kind: .notAnInput, offset: scanner.position,
                message: "expected an array of items but found \(scanner.found)")
        }
        guard try scanner.openArray() else { return }
        repeat {
            try item(expected)
            if recordCount & 0xFFF == 0, let release { release(scanner.position) }
        } while try scanner.nextElement()
    }

    /// Reads one item and appends it to the dataset of its endpoint.
    private mutating func item(_ expected: DatasetKind?) throws(JSONFailure) {
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
        var blockID: StringToken?
        var blockOffset = start
        var all: (pv: Int64?, uv: Int64?)?
        var standard: (pv: Int64?, uv: Int64?)?
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
                } else if scanner.token(key, equals: "block_id") {
                    guard scanner.current == UInt8(ascii: "\"") else {
                        try scanner.skipValue()
                        throw bad(.wrongType(.blockID), at)
                    }
                    blockOffset = at
                    blockID = try scanner.string()
                } else if scanner.token(key, equals: "all_workplace") {
                    all = try pair(.allWorkplace, .allPV, .allUV, record: index)
                } else if scanner.token(key, equals: "default_workplace") {
                    standard = try pair(.defaultWorkplace, .defaultPV, .defaultUV, record: index)
                } else {
                    try scanner.skipValue()
                }
            } while try scanner.nextMember()
        }
        if expected != .custom && (blockID != nil || all != nil || standard != nil || expected != nil) {
            try otherItem(
                expected, index: index, start: start, customID: id, date: date, dateOffset: dateOffset,
                block: blockID.map { ($0, blockOffset) }, access: sawAccess ? (pv, uv) : nil, all: all,
                standard: standard)
            return
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

    /// Checks and appends an item of the whole workplace or of a block (or one whose keys mix endpoints).
    private mutating func otherItem(
        _ expected: DatasetKind?, index: Int, start: Int, customID: StringToken?, date: StringToken?,
        dateOffset: Int, block: (StringToken, Int)?, access: (Int64?, Int64?)?, all: (pv: Int64?, uv: Int64?)?,
        standard: (pv: Int64?, uv: Int64?)?
    ) throws(JSONFailure) {
        func bad(_ problem: ItemProblem, _ offset: Int) -> JSONFailure {
            Self.failure(problem, record: index, at: offset)
        }
        var keys: [String] = []
        if customID != nil { keys.append(ItemField.workplaceID.rawValue) }
        if block != nil { keys.append(ItemField.blockID.rawValue) }
        if all != nil || standard != nil {
            keys.append(all != nil ? ItemField.allWorkplace.rawValue : ItemField.defaultWorkplace.rawValue)
        }
        guard keys.count <= 1 else {
            throw JSONFailure(
                kind: .badData, offset: start,
                message: "record \(index): it has both \(keys[0]) and \(keys[1]); an item is of one endpoint only",
                record: index)
        }
        let kind = expected ?? (block != nil ? .blocks : .overall)
        if kind == .overall && (customID != nil || block != nil) || kind == .blocks && customID != nil {
            let array = kind == .overall ? "overall_records" : "block_records"
            throw JSONFailure(
                kind: .badData, offset: start,
                message: "record \(index): \(keys[0]) in \"\(array)\", which holds "
                    + (kind == .overall ? "whole-workplace" : "block") + " items only",
                record: index)
        }
        guard let date else { throw bad(.missing(.date), start) }
        guard let day = calendarDate(date) else { throw bad(.notACalendarDate(scanner.text(date)), dateOffset) }
        if kind == .blocks {
            guard let (id, idOffset) = block else { throw bad(.missing(.blockID), start) }
            guard id.range.count > 0 else {
                throw JSONFailure(
                    kind: .badData, offset: idOffset, message: "record \(index): block_id is empty", record: index)
            }
            let counts: (pv: Int64, uv: Int64)
            do throws(ItemProblem) {
                counts = try ItemRules.counts(hasAccessData: access != nil, pv: access?.0, uv: access?.1)
            } catch {
                throw bad(error, start)
            }
            let b: Int32
            if id.hasEscapes {
                scratch.removeAll(keepingCapacity: true)
                scanner.decode(id, into: &scratch)
                b = scratch.withUnsafeBufferPointer { blockIDs.find($0) } ?? internBlock(id)
            } else {
                b = blockIDs.find(UnsafeBufferPointer(rebasing: scanner.bytes[id.range])) ?? internBlock(id)
            }
            blocks.append(AccessRecord(workplace: b, date: day, pv: counts.pv, uv: counts.uv))
            blockCount += 1
            return
        }
        guard let all else { throw bad(.missing(.allWorkplace), start) }
        guard let standard else { throw bad(.missing(.defaultWorkplace), start) }
        guard let allPV = all.pv else { throw bad(.missing(.allPV), start) }
        guard let allUV = all.uv else { throw bad(.missing(.allUV), start) }
        guard let defaultPV = standard.pv else { throw bad(.missing(.defaultPV), start) }
        guard let defaultUV = standard.uv else { throw bad(.missing(.defaultUV), start) }
        overall.records.append(
            OverallRecord(date: day, allPV: allPV, allUV: allUV, defaultPV: defaultPV, defaultUV: defaultUV))
    }

    private mutating func internBlock(_ id: StringToken) -> Int32 {
        let text = scanner.text(id)
        let b = blocks.intern(text, date: CalendarDate(dayNumber: 0), names: [])
        blockIDs.insert(Array(text.utf8), value: b)
        return b
    }

    /// Reads `{"pv": …, "uv": …}` of `field` (null counts as absent counts, which the caller reports).
    private mutating func pair(
        _ field: ItemField, _ pvField: ItemField, _ uvField: ItemField, record: Int
    ) throws(JSONFailure) -> (pv: Int64?, uv: Int64?) {
        var result: (pv: Int64?, uv: Int64?) = (nil, nil)
        if scanner.consumeNull() { return result }
        guard scanner.current == UInt8(ascii: "{") else {
            let at = scanner.position
            try scanner.skipValue()
            throw Self.failure(.wrongType(field), record: record, at: at)
        }
        guard try scanner.openObject() else { return result }
        repeat {
            let key = try scanner.key()
            if scanner.token(key, equals: "pv") {
                result.pv = try count(pvField, record: record)
            } else if scanner.token(key, equals: "uv") {
                result.uv = try count(uvField, record: record)
            } else {
                try scanner.skipValue()
            }
        } while try scanner.nextMember()
        return result
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
