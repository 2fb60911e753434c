import Foundation
import Testing
import WorkplaceFiles
import WorkplaceModel

private func date(_ text: String) -> CalendarDate {
    CalendarDate(iso: text)!
}

private let october = SnapshotMetadata(
    query: SnapshotQuery(
        range: DateRange(from: date("2026-10-01"), to: date("2026-10-31"))!, workplaceIDs: ["tpl_b", "tpl_\"q\""],
        pageSize: 50),
    baseURL: "https://open.feishu.cn", fetchedAt: "2026-11-01T06:00:00Z")

/// Names that break naive writers: quotes, backslashes, every control character, markup, emoji,
/// a line separator, a leading `=`, and a very long name.
private let hostileNames: [LocalizedName] = [
    LocalizedName(language: "zh", name: "<b>人事</b> & \"运营\" \\ / 🚀"),
    LocalizedName(language: "en", name: (0..<32).map { String(UnicodeScalar(UInt8($0))) }.joined() + "\u{7F}|=SUM(A1)"),
    LocalizedName(language: "ja\n", name: "\u{2028}\u{2029}\u{FEFF}𝄞" + String(repeating: "長い", count: 2000)),
]

/// A dataset out of (date, id) order, with a duplicate, names of several workplaces, one without names.
private func sampleDataset() -> AccessDataset {
    var dataset = AccessDataset()
    dataset.append(workplaceID: "tpl_b", date: date("2026-10-02"), pv: 7, uv: 3, names: hostileNames)
    dataset.append(workplaceID: "tpl_a", date: date("2026-10-02"), pv: 0, uv: 0, names: [])
    dataset.append(
        workplaceID: "tpl_\"q\"", date: date("2026-10-01"), pv: Int64.max, uv: 1,
        names: [LocalizedName(language: "en", name: "Q")])
    dataset.append(workplaceID: "tpl_b", date: date("2026-10-01"), pv: 5, uv: 9, names: hostileNames)
    dataset.append(workplaceID: "tpl_a", date: date("2026-10-02"), pv: 1, uv: 1, names: [])
    return dataset
}

/// (id, date, pv, uv) of every record.
private func rows(_ dataset: AccessDataset) -> [String] {
    dataset.records.map { "\(dataset.workplaces[Int($0.workplace)].id)|\($0.date)|\($0.pv)|\($0.uv)" }
}

/// A fresh empty directory.
private func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("snapshot-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

@Suite("Snapshot files")
struct SnapshotFileTests {
    @Test("write then read gives the dataset back, sorted by (date, id), with the metadata")
    func roundTrip() throws {
        let dataset = sampleDataset()
        let bytes = SnapshotFile.encode(dataset, metadata: october)
        let input = try SnapshotFile.decode(bytes, name: "snap.json")

        #expect(input.format == .snapshot)
        #expect(input.metadata == october)
        #expect(input.dataset.coverage == october.query.range)
        // Sorted by hand: 10-01 tpl_"q" < tpl_b (the quote sorts before 'b'), then 10-02 tpl_a ×2 in arrival order, tpl_b.
        #expect(
            rows(input.dataset) == [
                "tpl_\"q\"|2026-10-01|\(Int64.max)|1", "tpl_b|2026-10-01|5|9", "tpl_a|2026-10-02|0|0",
                "tpl_a|2026-10-02|1|1", "tpl_b|2026-10-02|7|3",
            ])
        let names = Dictionary(uniqueKeysWithValues: input.dataset.workplaces.map { ($0.id, $0.names) })
        #expect(names["tpl_b"] == hostileNames)
        #expect(names["tpl_a"] == [])
        #expect(names["tpl_\"q\""] == [LocalizedName(language: "en", name: "Q")])
    }

    @Test("the snapshot is valid JSON to an independent reader, strings intact")
    func independentReader() throws {
        let bytes = SnapshotFile.encode(sampleDataset(), metadata: october)
        #expect(String(validating: bytes, as: UTF8.self) != nil)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        #expect(object["schema"] as? String == "workplace-report-snapshot")
        #expect((object["version"] as? NSNumber)?.intValue == 2)
        #expect(object["api_host"] as? String == "open.feishu.cn")
        let query = try #require(object["query"] as? [String: Any])
        #expect(query["workplace_ids"] as? [String] == ["tpl_b", "tpl_\"q\""])
        #expect((query["page_size"] as? NSNumber)?.intValue == 50)
        let records = try #require(object["records"] as? [[String: Any]])
        #expect(records.count == 5)
        let second = records[1]
        #expect(second["custom_workplace_id"] as? String == "tpl_b")
        #expect(second["date"] as? String == "2026-10-01")
        let access = try #require(second["access_data"] as? [String: Any])
        #expect((access["pv"] as? NSNumber)?.int64Value == 5)
        let names = try #require(second["custom_workplace_name"] as? [[String: Any]])
        #expect(names.map { $0["name"] as? String } == hostileNames.map(\.name))
        #expect(names.map { $0["language"] as? String } == hostileNames.map(\.language))
        #expect((records[0]["access_data"] as? [String: Any])?["pv"] as? NSNumber == NSNumber(value: Int64.max))
    }

    @Test("writing is deterministic")
    func deterministic() throws {
        #expect(
            SnapshotFile.encode(sampleDataset(), metadata: october)
                == SnapshotFile.encode(sampleDataset(), metadata: october))
    }

    @Test("an empty dataset writes and reads back empty; a null fetched_at stays nil")
    func empty() throws {
        var metadata = october
        metadata.fetchedAt = nil
        let input = try SnapshotFile.decode(SnapshotFile.encode(AccessDataset(), metadata: metadata), name: "e.json")
        #expect(input.dataset.records.isEmpty)
        #expect(input.metadata == metadata)
    }

    @Test("a file is written atomically and read back through the file system")
    func fileRoundTrip() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("snap.json").path
        try Data("old".utf8).write(to: URL(fileURLWithPath: path))
        try SnapshotFile.write(sampleDataset(), metadata: october, to: path)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["snap.json"])
        let input = try SnapshotFile.read(from: path)
        #expect(rows(input.dataset).count == 5)
        #expect(input.metadata == october)
    }

    @Test("a failed write leaves no temporary file and keeps what was there")
    func failedWrite() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // The target is a non-empty directory, so the final rename must fail.
        let target = directory.appendingPathComponent("snap.json")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: false)
        try Data("keep".utf8).write(to: target.appendingPathComponent("inside"))
        let error = try #require(throws: SnapshotError.self) {
            try SnapshotFile.write(sampleDataset(), metadata: october, to: target.path)
        }
        #expect(error.kind == .unwritable)
        #expect(error.category == .cannotWrite)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["snap.json"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: target.path) == ["inside"])
    }

    @Test("writing into a missing directory is a cannot-write error naming the path")
    func missingDirectory() throws {
        let path = "/nonexistent-\(UUID().uuidString)/snap.json"
        let error = try #require(throws: SnapshotError.self) {
            try SnapshotFile.write(sampleDataset(), metadata: october, to: path)
        }
        #expect(error.category == .cannotWrite)
        #expect(error.description.hasPrefix(path + ": "))
    }

    @Test("a missing input file is a cannot-read error")
    func missingInput() throws {
        let error = try #require(throws: SnapshotError.self) {
            try SnapshotFile.read(from: "/nonexistent-\(UUID().uuidString).json")
        }
        #expect(error.kind == .unreadable)
        #expect(error.category == .cannotRead)
    }

    @Test("a bad record in a file on disk names its line")
    func badRecordOnDisk() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("items.json").path
        var lines = ["["]
        for i in 0..<5000 {
            lines.append(
                #"{"custom_workplace_id": "w\#(i % 7)", "date": "2026-10-01", "access_data": {"pv": \#(i == 4321 ? "2.5" : "1"), "uv": 1}},"#
            )
        }
        lines.append(#"{"custom_workplace_id": "w", "date": "2026-10-01", "access_data": {"pv": 1, "uv": 1}}]"#)
        try Data(lines.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: path))
        let error = try #require(throws: SnapshotError.self) { try SnapshotFile.read(from: path) }
        #expect(error.kind == .badRecord(index: 4322))
        #expect(error.location?.line == 4323)
        #expect(error.description.hasPrefix(path + ":4323:"))
    }

    @Test("an unknown schema or a newer version is refused with a clear message")
    func versions() throws {
        let other = try #require(throws: SnapshotError.self) {
            try SnapshotFile.decode(
                Array(#"{"schema": "something-else", "version": 1, "records": []}"#.utf8), name: "s.json")
        }
        #expect(other.kind == .unsupportedVersion)
        #expect(
            other.description
                == #"s.json:1:12: not a workplace-report snapshot: "schema" is "something-else", expected "workplace-report-snapshot""#
        )

        // A newer version is refused before its records are read, whatever they look like.
        let newer = try #require(throws: SnapshotError.self) {
            try SnapshotFile.decode(
                Array(#"{"schema": "workplace-report-snapshot", "version": 3, "records": [{"v3": true}]}"#.utf8),
                name: "s.json")
        }
        #expect(newer.kind == .unsupportedVersion)
        #expect(
            newer.message == "snapshot version 3: it is newer than this tool reads (2); use a newer workplace-report")

        let missing = try #require(throws: SnapshotError.self) {
            try SnapshotFile.decode(
                Array(#"{"schema": "workplace-report-snapshot", "records": []}"#.utf8), name: "s.json")
        }
        #expect(missing.kind == .unsupportedVersion)
    }

    @Test("a snapshot whose record count disagrees with its records is refused")
    func recordCount() throws {
        var text = String(decoding: SnapshotFile.encode(sampleDataset(), metadata: october), as: UTF8.self)
        text = text.replacingOccurrences(of: #""record_count": 5"#, with: #""record_count": 6"#)
        let error = try #require(throws: SnapshotError.self) {
            try SnapshotFile.decode(Array(text.utf8), name: "s.json")
        }
        #expect(error.message == "the snapshot says it holds 6 records but holds 5; it may be cut off or edited")
    }

    @Test("a snapshot's query must be a real date range")
    func badQuery() throws {
        let text =
            #"{"schema": "workplace-report-snapshot", "version": 1, "query": {"from": "2026-10-31", "to": "2026-10-01"}, "records": []}"#
        let error = try #require(throws: SnapshotError.self) {
            try SnapshotFile.decode(Array(text.utf8), name: "s.json")
        }
        #expect(error.category == .badData)
        #expect(error.message == "the snapshot's query runs from 2026-10-31 back to 2026-10-01")
    }

    @Test("the API host is the authority of the base URL")
    func apiHost() {
        let cases = [
            ("https://open.feishu.cn", "open.feishu.cn"), ("https://open.larksuite.com/", "open.larksuite.com"),
            ("http://127.0.0.1:8080/base?x=1", "127.0.0.1:8080"), ("open.feishu.cn", "open.feishu.cn"),
        ]
        for (url, host) in cases {
            #expect(SnapshotMetadata(query: october.query, baseURL: url, fetchedAt: nil).apiHost == host)
        }
    }
}
