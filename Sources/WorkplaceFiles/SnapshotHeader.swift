import Foundation
import WorkplaceModel

/// The members of a snapshot besides its records: schema, version, query, where and when it was fetched.
extension InputDecoder.TopObject {
    func snapshotMetadata() throws(JSONFailure) -> SnapshotMetadata {
        func bad(_ message: String, _ offset: Int) -> JSONFailure {
            JSONFailure(kind: .badData, offset: offset, message: message)
        }
        guard let (version, versionOffset) = version else {
            throw JSONFailure(kind: .unsupportedVersion, offset: start, message: "the snapshot has no \"version\"")
        }
        let layout = try InputDecoder.checkVersion(version, at: versionOffset)
        var arrays: [DatasetKind] = []
        if records != nil { arrays.append(.custom) }
        if overallRecords != nil { arrays.append(.overall) }
        if blockRecords != nil { arrays.append(.blocks) }
        if layout == 1 {
            guard records != nil else { throw bad("the snapshot has no \"records\" array", start) }
            if let (_, offset) = overallRecords ?? blockRecords {
                throw bad(
                    "a version 1 snapshot holds custom workplaces only, but this one has more arrays of records",
                    offset)
            }
        } else if arrays.isEmpty {
            throw bad(
                "the snapshot has none of the arrays \"records\", \"overall_records\", \"block_records\"", start)
        }
        let held = [records, overallRecords, blockRecords].compactMap { $0 }
        let total = held.reduce(0) { $0 + $1.count }
        if let (declared, offset) = recordCount {
            guard case .number(let text) = declared, let n = Int(text), n >= 0 else {
                throw bad("\"record_count\" must be a whole number", offset)
            }
            guard n == total else {
                throw bad(
                    "the snapshot says it holds \(n) records but holds \(total); it may be cut off or edited",
                    held.last!.offset)
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
        var datasets = arrays
        switch query["datasets"] ?? .null {
        case .null: break
        case .array(let elements) where layout >= 2:
            var listed: [DatasetKind] = []
            for element in elements {
                guard case .string(let name) = element, let kind = DatasetKind(rawValue: name) else {
                    throw bad(
                        "the snapshot's query \"datasets\" must hold \"custom\", \"overall\" or \"blocks\"", queryOffset
                    )
                }
                listed.append(kind)
            }
            guard listed.sorted() == arrays else {
                let names = arrays.map(\.rawValue).joined(separator: ", ")
                throw bad(
                    "the snapshot's query lists the datasets \(listed.map(\.rawValue).joined(separator: ", ")) but it holds \(names.isEmpty ? "none" : names)",
                    queryOffset)
            }
            datasets = arrays
        default: throw bad("the snapshot's query \"datasets\" must be an array of dataset names", queryOffset)
        }
        var blockIDs: [String] = []
        switch query["block_ids"] ?? .null {
        case .null: break
        case .array(let elements):
            for element in elements {
                guard case .string(let id) = element else {
                    throw bad("the snapshot's query \"block_ids\" must hold strings", queryOffset)
                }
                blockIDs.append(id)
            }
        default: throw bad("the snapshot's query \"block_ids\" must be an array of strings", queryOffset)
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
            query: SnapshotQuery(
                range: range, workplaceIDs: workplaceIDs, pageSize: pageSize, datasets: datasets, blockIDs: blockIDs),
            baseURL: baseURL, fetchedAt: fetched)
    }
}

extension InputDecoder {
    /// Checks a snapshot's `version` and returns it: one this tool reads (1 or 2).
    @discardableResult
    static func checkVersion(_ version: JSONValue, at offset: Int) throws(JSONFailure) -> Int {
        guard case .number(let text) = version, let n = Int(text) else {
            throw JSONFailure(
                kind: .badData, offset: offset, message: "the snapshot's \"version\" must be a whole number")
        }
        guard n >= SnapshotFile.oldestVersion && n <= SnapshotFile.version else {
            let hint =
                n > SnapshotFile.version
                ? "it is newer than this tool reads (\(SnapshotFile.version)); use a newer workplace-report"
                : "this tool reads versions \(SnapshotFile.oldestVersion) to \(SnapshotFile.version)"
            throw JSONFailure(kind: .unsupportedVersion, offset: offset, message: "snapshot version \(n): \(hint)")
        }
        return n
    }

}
