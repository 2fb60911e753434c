import Testing
import WorkplaceFiles
import WorkplaceModel

/// The primitives the file formats share with other modules: the JSON escaper and the naming rule.
@Suite("Shared rules")
struct SharedRulesTests {
    @Test("the JSON escaper escapes quotes, backslashes and every control character, and keeps other text")
    func escaper() {
        #expect(JSONString.literal("") == #""""#)
        #expect(JSONString.literal("a\"b\\c") == #""a\"b\\c""#)
        #expect(JSONString.literal("\n\r\t\u{08}\u{0C}") == #""\n\r\t\b\f""#)
        #expect(JSONString.literal("\u{00}\u{01}\u{1F}") == #""\u0000\u0001\u001f""#)
        #expect(JSONString.literal("café 🚀 </b> / \u{7F}") == "\"café 🚀 </b> / \u{7F}\"")
    }

    @Test("a snapshot writes names through the shared escaper and reads them back")
    func snapshotEscapes() throws {
        var dataset = AccessDataset()
        let day = try #require(CalendarDate(iso: "2026-10-01"))
        dataset.append(
            workplaceID: "tpl_\"x\"", date: day, pv: 1, uv: 1,
            names: [LocalizedName(language: "en", name: "a\u{08}b\u{0C}c\u{01}")])
        let metadata = SnapshotMetadata(
            query: SnapshotQuery(range: try #require(DateRange(from: day, to: day))), baseURL: "https://open.feishu.cn",
            fetchedAt: nil)
        let bytes = SnapshotFile.encode(dataset, metadata: metadata)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains(#"{"custom_workplace_id": "tpl_\"x\"", "date": "2026-10-01""#))
        #expect(text.contains(#"{"language": "en", "name": "a\bb\fc\u0001"}"#))
        let back = try SnapshotFile.decode(bytes, name: "s.json")
        #expect(back.dataset.workplaces.map(\.names) == dataset.workplaces.map(\.names))
    }

    @Test("the latest dated names win; a record without names changes nothing")
    func namingRule() throws {
        let early = try #require(CalendarDate(iso: "2026-10-01"))
        let late = try #require(CalendarDate(iso: "2026-10-05"))
        let old = [LocalizedName(language: "en", name: "Old")]
        let new = [LocalizedName(language: "en", name: "New")]
        #expect(Workplace.namesWin(new, dated: late, over: old, dated: early))
        #expect(Workplace.namesWin(new, dated: early, over: old, dated: early))
        #expect(!Workplace.namesWin(new, dated: early, over: old, dated: late))
        #expect(!Workplace.namesWin([], dated: late, over: old, dated: early))
        #expect(Workplace.namesWin(new, dated: early, over: [], dated: late))
    }

    @Test("a file and the dataset agree on the names: the latest dated record's, whatever the order")
    func fileFollowsTheRule() throws {
        let text = #"""
            [{"custom_workplace_id": "a", "date": "2026-10-05", "access_data": {"pv": 1, "uv": 1},
              "custom_workplace_name": [{"language": "en", "name": "Late"}]},
             {"custom_workplace_id": "a", "date": "2026-10-01", "access_data": {"pv": 1, "uv": 1},
              "custom_workplace_name": [{"language": "en", "name": "Early"}]},
             {"custom_workplace_id": "a", "date": "2026-10-09", "access_data": {"pv": 1, "uv": 1}}]
            """#
        let input = try SnapshotFile.decode(Array(text.utf8), name: "in.json")
        #expect(input.dataset.workplaces.map(\.names) == [[LocalizedName(language: "en", name: "Late")]])
        var dataset = AccessDataset()
        for (date, name) in [("2026-10-05", "Late"), ("2026-10-01", "Early")] {
            dataset.append(
                workplaceID: "a", date: try #require(CalendarDate(iso: date)), pv: 1, uv: 1,
                names: [LocalizedName(language: "en", name: name)])
        }
        #expect(dataset.workplaces.map(\.names) == input.dataset.workplaces.map(\.names))
    }
}
