import WorkplaceModel

/// Builds a snapshot's bytes: a small header, then one record a line, sorted by (date, id).
///
/// Each workplace's id and names are escaped once; a record is then a few byte copies and two
/// integers. The buffer is handed to `flush` whenever it passes `flushThreshold`, so a million
/// records never sit in memory as text.
struct SnapshotEncoder {
    var buffer: [UInt8] = []
    let flushThreshold: Int
    let flush: (inout [UInt8]) throws -> Void

    init(flushThreshold: Int = 1 << 20, flush: @escaping (inout [UInt8]) throws -> Void) {
        self.flushThreshold = flushThreshold
        self.flush = flush
        buffer.reserveCapacity(min(flushThreshold, 1 << 20) + 4096)
    }

    /// Encodes the whole snapshot, then flushes what is left.
    ///
    /// The datasets written are those `data` holds (the query's `datasets` says so too), each in its
    /// own array: `records` (custom), `overall_records`, `block_records`.
    mutating func encode(_ data: WorkplaceData, metadata: SnapshotMetadata) throws {
        let query = metadata.query
        append("{\n  \"schema\": ")
        appendString(SnapshotFile.schema)
        append(",\n  \"version\": ")
        appendInteger(Int64(SnapshotFile.version))
        append(",\n  \"query\": {\"from\": \"")
        appendDate(query.range.from)
        append("\", \"to\": \"")
        appendDate(query.range.to)
        append("\", \"workplace_ids\": [")
        for (i, id) in query.workplaceIDs.enumerated() {
            if i > 0 { append(", ") }
            appendString(id)
        }
        append("], \"page_size\": ")
        appendInteger(Int64(query.pageSize))
        append(", \"datasets\": [")
        for (i, kind) in data.kinds.enumerated() {
            if i > 0 { append(", ") }
            appendString(kind.rawValue)
        }
        append("], \"block_ids\": [")
        for (i, id) in query.blockIDs.enumerated() {
            if i > 0 { append(", ") }
            appendString(id)
        }
        append("]},\n  \"base_url\": ")
        appendString(metadata.baseURL)
        append(",\n  \"api_host\": ")
        appendString(metadata.apiHost)
        append(",\n  \"fetched_at\": ")
        if let fetchedAt = metadata.fetchedAt { appendString(fetchedAt) } else { append("null") }
        append(",\n  \"record_count\": ")
        appendInteger(Int64(data.recordCount))
        if let custom = data.custom {
            append(",\n  \"records\": [")
            try encodeCustom(custom)
        }
        if let overall = data.overall {
            append(",\n  \"overall_records\": [")
            try encodeOverall(overall)
        }
        if let blocks = data.blocks {
            append(",\n  \"block_records\": [")
            try encodeBlocks(blocks)
        }
        append("\n}\n")
        try flush(&buffer)
    }

    /// The custom workplaces' items, as `custom_workplace_access_data` gives them, and the array's end.
    private mutating func encodeCustom(_ dataset: AccessDataset) throws {

        // Per workplace, once: `{"custom_workplace_id":"…","date":"` and `,"custom_workplace_name":[…]}`.
        var heads: [[UInt8]] = []
        var tails: [[UInt8]] = []
        heads.reserveCapacity(dataset.workplaces.count)
        tails.reserveCapacity(dataset.workplaces.count)
        let main = buffer
        for workplace in dataset.workplaces {
            buffer = []
            append("\n    {\"custom_workplace_id\": ")
            appendString(workplace.id)
            append(", \"date\": \"")
            heads.append(buffer)
            buffer = []
            append(", \"custom_workplace_name\": [")
            for (i, name) in workplace.names.enumerated() {
                if i > 0 { append(", ") }
                append("{\"language\": ")
                appendString(name.language)
                append(", \"name\": ")
                appendString(name.name)
                append("}")
            }
            append("]}")
            tails.append(buffer)
        }
        buffer = main

        var lastDate: CalendarDate?
        var dateText: [UInt8] = []
        for (n, r) in Self.sortedByDateAndID(dataset).enumerated() {
            let record = dataset.records[Int(r)]
            let w = Int(record.workplace)
            if n > 0 { buffer.append(UInt8(ascii: ",")) }
            buffer.append(contentsOf: heads[w])
            if record.date != lastDate {
                lastDate = record.date
                dateText = Array(record.date.description.utf8)
            }
            buffer.append(contentsOf: dateText)
            append("\", \"access_data\": {\"pv\": ")
            appendInteger(record.pv)
            append(", \"uv\": ")
            appendInteger(record.uv)
            buffer.append(UInt8(ascii: "}"))
            buffer.append(contentsOf: tails[w])
            if buffer.count >= flushThreshold { try flush(&buffer) }
        }
        append(dataset.records.isEmpty ? "]" : "\n  ]")
    }

    /// The whole workplace's items, as `workplace_access_data` gives them, by date, and the array's end.
    private mutating func encodeOverall(_ dataset: OverallDataset) throws {
        let order = dataset.records.indices.sorted {
            let a = dataset.records[$0].date
            let b = dataset.records[$1].date
            return a != b ? a < b : $0 < $1
        }
        for (n, i) in order.enumerated() {
            let record = dataset.records[i]
            if n > 0 { buffer.append(UInt8(ascii: ",")) }
            append("\n    {\"date\": \"")
            appendDate(record.date)
            append("\", \"all_workplace\": {\"pv\": ")
            appendInteger(record.allPV)
            append(", \"uv\": ")
            appendInteger(record.allUV)
            append("}, \"default_workplace\": {\"pv\": ")
            appendInteger(record.defaultPV)
            append(", \"uv\": ")
            appendInteger(record.defaultUV)
            append("}}")
            if buffer.count >= flushThreshold { try flush(&buffer) }
        }
        append(dataset.records.isEmpty ? "]" : "\n  ]")
    }

    /// The blocks' items, as `workplace_block_access_data` gives them, by (date, block id), and the array's end.
    private mutating func encodeBlocks(_ dataset: AccessDataset) throws {
        var heads: [[UInt8]] = []
        let main = buffer
        for block in dataset.workplaces {
            buffer = []
            append("\n    {\"block_id\": ")
            appendString(block.id)
            append(", \"date\": \"")
            heads.append(buffer)
        }
        buffer = main
        for (n, r) in Self.sortedByDateAndID(dataset).enumerated() {
            let record = dataset.records[Int(r)]
            if n > 0 { buffer.append(UInt8(ascii: ",")) }
            buffer.append(contentsOf: heads[Int(record.workplace)])
            appendDate(record.date)
            append("\", \"access_data\": {\"pv\": ")
            appendInteger(record.pv)
            append(", \"uv\": ")
            appendInteger(record.uv)
            append("}}")
            if buffer.count >= flushThreshold { try flush(&buffer) }
        }
        append(dataset.records.isEmpty ? "]" : "\n  ]")
    }

    /// Record indices in (date, workplace id, arrival) order.
    static func sortedByDateAndID(_ dataset: AccessDataset) -> [Int32] {
        let byID = dataset.workplaces.indices.sorted { dataset.workplaces[$0].id < dataset.workplaces[$1].id }
        var ordinal = [UInt64](repeating: 0, count: dataset.workplaces.count)
        for (o, w) in byID.enumerated() { ordinal[w] = UInt64(o) }
        // One sortable key a record: date (biased to unsigned) in the high bits, then id ordinal, then arrival.
        let records = dataset.records
        var keys = [(UInt64, Int32)]()
        keys.reserveCapacity(records.count)
        var sorted = true
        for (i, r) in records.enumerated() {
            let key = UInt64(UInt32(bitPattern: r.date.dayNumber) ^ 0x8000_0000) << 32 | ordinal[Int(r.workplace)]
            if let last = keys.last, last.0 > key { sorted = false }
            keys.append((key, Int32(i)))
        }
        if !sorted { keys.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 } }
        return keys.map(\.1)
    }

    // MARK: Pieces

    @inline(__always)
    mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { buffer.append(contentsOf: $0) }
    }

    mutating func appendDate(_ date: CalendarDate) {
        buffer.append(contentsOf: date.description.utf8)
    }

    /// Appends a decimal integer.
    @inline(__always)
    mutating func appendInteger(_ value: Int64) {
        var magnitude = value.magnitude
        if value < 0 { buffer.append(UInt8(ascii: "-")) }
        if magnitude < 10 {
            buffer.append(UInt8(truncatingIfNeeded: magnitude) + 0x30)
            return
        }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var i = 20
            while magnitude > 0 {
                i -= 1
                digits[i] = UInt8(truncatingIfNeeded: magnitude % 10) + 0x30
                magnitude /= 10
            }
            buffer.append(contentsOf: UnsafeBufferPointer(rebasing: digits[i..<20]))
        }
    }

    /// Appends `text` as a JSON string (the escaper the report writer uses too).
    mutating func appendString(_ text: String) {
        JSONString.append(text, to: &buffer)
    }
}
