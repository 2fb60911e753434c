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

extension InputDecoder {
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

}
