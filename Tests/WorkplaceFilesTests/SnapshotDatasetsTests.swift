import Foundation
import TestSupport
import Testing
import WorkplaceFiles
import WorkplaceModel

private func day(_ text: String) -> CalendarDate { CalendarDate(iso: text)! }

private let range = DateRange(from: day("2026-10-01"), to: day("2026-10-31"))!

private func metadata(_ kinds: [DatasetKind], blockIDs: [String] = []) -> SnapshotMetadata {
    SnapshotMetadata(
        query: SnapshotQuery(range: range, datasets: kinds, blockIDs: blockIDs), baseURL: "https://open.feishu.cn",
        fetchedAt: "2026-11-01T06:00:00Z")
}

/// (id, date, pv, uv) of every record, sorted, so arrival order does not matter.
private func rows(_ dataset: AccessDataset?) -> [String]? {
    dataset.map { d in d.records.map { "\(d.workplaces[Int($0.workplace)].id)|\($0.date)|\($0.pv)|\($0.uv)" }.sorted() }
}

private func rows(_ dataset: OverallDataset?) -> [String]? {
    dataset.map { d in d.records.map { "\($0.date)|\($0.allPV)|\($0.allUV)|\($0.defaultPV)|\($0.defaultUV)" }.sorted() }
}

private func decode(_ text: String) throws -> SnapshotInput {
    try SnapshotFile.decode(Array(text.utf8), name: "in.json")
}

private func failure(_ text: String) -> SnapshotError? {
    do {
        _ = try decode(text)
        return nil
    } catch let error as SnapshotError {
        return error
    } catch {
        return nil
    }
}

/// Random data of the three datasets, each present or not, with ids that need escaping.
private func randomData(_ g: inout SeededGenerator) -> WorkplaceData {
    func count() -> Int64 {
        [0, 1, Int64.max, Int64.random(in: 0...1_000_000, using: &g)].randomElement(using: &g)!
    }
    func date() -> CalendarDate { CalendarDate(dayNumber: range.from.dayNumber + Int32.random(in: 0...30, using: &g)) }
    let ids = ["tpl_a", "tpl_\"q\"", "b\\1", "283438293839422334", "名前\u{1}"]
    var data = WorkplaceData()
    if Bool.random(using: &g) {
        var custom = AccessDataset()
        for _ in 0..<Int.random(in: 0...20, using: &g) {
            custom.append(
                workplaceID: ids.randomElement(using: &g)!, date: date(), pv: count(), uv: count(),
                names: [LocalizedName(language: "zh", name: "名\n")])
        }
        data.custom = custom
    }
    if Bool.random(using: &g) {
        var overall = OverallDataset()
        for _ in 0..<Int.random(in: 0...20, using: &g) {
            overall.records.append(
                OverallRecord(date: date(), allPV: count(), allUV: count(), defaultPV: count(), defaultUV: count()))
        }
        data.overall = overall
    }
    if Bool.random(using: &g) || data.kinds.isEmpty {
        var blocks = AccessDataset()
        for _ in 0..<Int.random(in: 0...20, using: &g) {
            blocks.append(workplaceID: ids.randomElement(using: &g)!, date: date(), pv: count(), uv: count(), names: [])
        }
        data.blocks = blocks
    }
    return data
}

@Suite("Snapshot v2 and mixed raw input")
struct SnapshotDatasetsTests {
    @Test("every dataset written reads back, each absent one stays absent (random data)")
    func roundTripProperty() throws {
        var g = SeededGenerator(seed: 14)
        for _ in 0..<300 {
            let data = randomData(&g)
            let bytes = SnapshotFile.encode(data, metadata: metadata(data.kinds, blockIDs: ["b\\1"]))
            let input = try SnapshotFile.decode(bytes, name: "s.json")
            #expect(input.format == .snapshot)
            #expect(input.data.kinds == data.kinds)
            #expect(input.metadata?.query.datasets == data.kinds)
            #expect(input.metadata?.query.blockIDs == ["b\\1"])
            #expect(rows(input.data.custom) == rows(data.custom))
            #expect(rows(input.data.overall) == rows(data.overall))
            #expect(rows(input.data.blocks) == rows(data.blocks))
            #expect(input.data.blocks?.workplaces.allSatisfy { $0.names.isEmpty } ?? true)
            if data.overall != nil { #expect(input.data.overall?.coverage == range) }
            if data.blocks != nil { #expect(input.data.blocks?.coverage == range) }
            // Any JSON reader reads it, and record_count counts every array.
            let object = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
            #expect((object["record_count"] as? NSNumber)?.intValue == data.recordCount)
            #expect((object["overall_records"] != nil) == (data.overall != nil))
            #expect((object["block_records"] != nil) == (data.blocks != nil))
            #expect((object["records"] != nil) == (data.custom != nil))
        }
    }

    @Test("a version 1 snapshot still reads: custom workplaces only")
    func versionOne() throws {
        let input = try decode(
            #"{"schema": "workplace-report-snapshot", "version": 1, "query": {"from": "2026-10-01", "to": "2026-10-31", "workplace_ids": [], "page_size": 100}, "record_count": 1, "records": [{"custom_workplace_id": "tpl_1", "date": "2026-10-02", "access_data": {"pv": 3, "uv": 2}, "custom_workplace_name": []}]}"#
        )
        #expect(input.data.kinds == [.custom])
        #expect(input.metadata?.query.datasets == [.custom])
        #expect(rows(input.data.custom) == ["tpl_1|2026-10-02|3|2"])
        #expect(input.dataset.coverage == range)

        let more = failure(
            #"{"schema": "workplace-report-snapshot", "version": 1, "query": {"from": "2026-10-01", "to": "2026-10-31"}, "records": [], "block_records": []}"#
        )
        #expect(more?.kind == .unrecognizedFormat)
        #expect(more?.message.contains("version 1 snapshot holds custom workplaces only") == true)
    }

    @Test("a v2 snapshot whose query lists other datasets than it holds, or miscounts, is refused in one line")
    func inconsistentSnapshots() throws {
        let head =
            #"{"schema": "workplace-report-snapshot", "version": 2, "query": {"from": "2026-10-01", "to": "2026-10-31""#
        let listed = failure(head + #", "datasets": ["custom", "blocks"]}, "records": []}"#)
        #expect(listed?.message == "the snapshot's query lists the datasets custom, blocks but it holds custom")
        let unknown = failure(head + #", "datasets": ["widgets"]}, "records": []}"#)
        #expect(unknown?.message.contains(#"must hold "custom", "overall" or "blocks""#) == true)
        let counted = failure(
            head
                + #"}, "record_count": 1, "records": [], "overall_records": [{"date": "2026-10-01", "all_workplace": {"pv": 1, "uv": 1}, "default_workplace": {"pv": 1, "uv": 1}}], "block_records": [{"block_id": "b", "date": "2026-10-01", "access_data": {"pv": 1, "uv": 1}}]}"#
        )
        #expect(counted?.message == "the snapshot says it holds 1 records but holds 2; it may be cut off or edited")
        let none = failure(head + "}}")
        #expect(none?.message.contains("has none of the arrays") == true)
        let wrongArray = failure(
            head
                + #"}, "block_records": [{"custom_workplace_id": "tpl_1", "date": "2026-10-01", "access_data": {"pv": 1, "uv": 1}}]}"#
        )
        #expect(wrongArray?.kind == .badRecord(index: 1))
        #expect(wrongArray?.message.contains(#"custom_workplace_id in "block_records""#) == true)
        // Each line is one line, with the file and place.
        for error in [listed, unknown, counted, none, wrongArray] {
            let text = try #require(error).description
            #expect(text.hasPrefix("in.json:") && !text.contains("\n"))
        }
    }

    private static let customItem =
        #"{"custom_workplace_id": "tpl_1", "date": "2026-10-01", "access_data": {"pv": 5, "uv": 2}}"#
    private static let overallItem =
        #"{"date": "2026-10-01", "all_workplace": {"pv": 9, "uv": 4}, "default_workplace": {"pv": 3, "uv": 2}}"#
    private static let blockItem =
        #"{"access_data": {"pv": 2, "uv": 1}, "block_id": "283438293839422334", "date": "2026-10-01"}"#

    @Test("raw answers of the three endpoints, in every shape, mixed in one file")
    func mixedShapes() throws {
        let items = "[\(Self.customItem), \(Self.overallItem), \(Self.blockItem)]"
        let shapes: [(String, InputFormat)] = [
            (items, .itemsArray),
            (#"{"items": \#(items), "has_more": false}"#, .dataObject),
            (#"{"code": 0, "msg": "success", "data": {"items": \#(items)}}"#, .apiResponse),
            (
                #"{"code": 0, "data": {"items": [\#(Self.customItem)]}}"# + "\n"
                    + #"{"code": 0, "data": {"items": [\#(Self.overallItem)]}}"# + "\n\n"
                    + #"{"items": [\#(Self.blockItem)]}"# + "\n", .jsonLines(pages: 3)
            ),
        ]
        for (text, format) in shapes {
            let input = try decode(text)
            #expect(input.format == format)
            #expect(input.metadata == nil)
            #expect(input.data.kinds == [.custom, .overall, .blocks])
            #expect(rows(input.data.custom) == ["tpl_1|2026-10-01|5|2"])
            #expect(rows(input.data.overall) == ["2026-10-01|9|4|3|2"])
            #expect(rows(input.data.blocks) == ["283438293839422334|2026-10-01|2|1"])
            #expect(input.data.overall?.coverage == nil)
        }
    }

    @Test("an input without items of a sibling endpoint leaves it nil; custom stays, empty")
    func absentDatasets() throws {
        let onlyBlocks = try decode(#"{"code": 0, "data": {"items": [\#(Self.blockItem)]}}"#)
        #expect(onlyBlocks.data.overall == nil)
        #expect(onlyBlocks.data.custom?.records.isEmpty == true)
        #expect(onlyBlocks.data.blocks?.records.count == 1)
        let onlyCustom = try decode("[\(Self.customItem)]")
        #expect(onlyCustom.data.kinds == [.custom])
        let empty = try decode(#"{"code": 0, "data": {"items": []}}"#)
        #expect(empty.data.kinds == [.custom])
    }

    @Test("hostile or invalid sibling items: one line naming the record and the field")
    func hostileItems() throws {
        let cases: [(String, String)] = [
            (
                #"[{"date": "2026-10-01", "all_workplace": {"pv": -1, "uv": 1}, "default_workplace": {"pv": 1, "uv": 1}}]"#,
                "record 1: all_workplace.pv is -1; counts cannot be negative"
            ),
            (
                #"[{"date": "2026-10-01", "all_workplace": {"pv": 1, "uv": 1.5}, "default_workplace": {"pv": 1, "uv": 1}}]"#,
                "record 1: all_workplace.uv is 1.5; counts must be whole numbers"
            ),
            (
                #"[{"date": "2026-10-01", "all_workplace": {"pv": 1, "uv": 1}, "default_workplace": {"pv": 99999999999999999999, "uv": 1}}]"#,
                "record 1: default_workplace.pv is 99999999999999999999, larger than the largest count (9223372036854775807)"
            ),
            (
                #"[{"date": "2026-10-01", "all_workplace": {"pv": 1, "uv": 1}}]"#,
                "record 1: default_workplace is missing"
            ),
            (
                #"[{"date": "2026-10-01", "all_workplace": {"pv": 1, "uv": 1}, "default_workplace": {"pv": 1}}]"#,
                "record 1: default_workplace.uv is missing"
            ),
            (
                #"[{"date": "2026-10-01", "all_workplace": "lots", "default_workplace": {"pv": 1, "uv": 1}}]"#,
                "record 1: all_workplace must be an object"
            ),
            (
                #"[{"date": "2026-02-30", "all_workplace": {"pv": 1, "uv": 1}, "default_workplace": {"pv": 1, "uv": 1}}]"#,
                #"record 1: date "2026-02-30" is not a yyyy-MM-dd calendar date"#
            ),
            (
                "[\(Self.customItem), {\"block_id\": 283438293839422334, \"date\": \"2026-10-01\"}]",
                "record 2: block_id must be a string"
            ),
            (
                #"[{"block_id": "", "date": "2026-10-01", "access_data": {"pv": 1, "uv": 1}}]"#,
                "record 1: block_id is empty"
            ),
            (#"[{"block_id": "b", "date": "2026-10-01"}]"#, "record 1: access_data is missing"),
            (
                #"[{"block_id": "b", "date": "2026-10-01", "access_data": {"pv": null, "uv": 1}}]"#,
                "record 1: access_data.pv is null; counts must be whole numbers from 0"
            ),
            (#"[{"block_id": "b", "access_data": {"pv": 1, "uv": 1}}]"#, "record 1: date is missing"),
            (
                #"[{"block_id": "b", "custom_workplace_id": "tpl", "date": "2026-10-01", "access_data": {"pv": 1, "uv": 1}}]"#,
                "record 1: it has both custom_workplace_id and block_id; an item is of one endpoint only"
            ),
            (
                #"[{"date": "2026-10-01", "access_data": {"pv": 1, "uv": 1}}]"#,
                "record 1: custom_workplace_id is missing"
            ),
        ]
        for (text, message) in cases {
            let error = try #require(failure(text), "\(text)")
            #expect(error.message == message, "\(text)")
            #expect(error.category == .badData)
            #expect(!error.description.contains("\n"))
        }
        // A saved error answer of a sibling endpoint is still the API error it was.
        let apiError = try #require(failure(#"{"code": 1629002, "msg": "block not found", "data": {}}"#))
        #expect(apiError.kind == .apiError(code: 1_629_002))
    }
}
