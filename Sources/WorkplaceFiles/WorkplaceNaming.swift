import Foundation
import WorkplaceModel

extension InputDecoder {
    /// Hands the names each workplace ended with to the dataset.
    mutating func finish() {
        for w in nameStates.indices where nameStates[w].changed {
            let id = dataset.workplaces[w].id
            _ = dataset.intern(id, date: nameStates[w].date, names: nameStates[w].names)
        }
    }

    /// A checked date token as a calendar date, or nil when it is not a strict `yyyy-MM-dd` date.
    mutating func calendarDate(_ token: StringToken) -> CalendarDate? {
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
    mutating func workplaceIndex(
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
        // The model's naming rule (`Workplace.namesWin`), checked here so the dataset is told once.
        guard let nameBytes else { return w }
        let i = Int(w)
        let same = nameStates[i].raw.withUnsafeBufferPointer { raw in
            raw.count == nameBytes.count
                && (raw.count == 0
                    || memcmp(raw.baseAddress!, bytes.baseAddress! + nameBytes.lowerBound, raw.count) == 0)
        }
        let newNames = same ? nameStates[i].names : try names(nameBytes, record: record)
        guard Workplace.namesWin(newNames, dated: date, over: nameStates[i].names, dated: nameStates[i].date) else {
            return w
        }
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

}
