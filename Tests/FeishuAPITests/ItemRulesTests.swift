import Testing
import WorkplaceModel

@testable import FeishuAPI

/// The API path checks items with the model's rules: the same messages a file's items get.
@Suite("API items meet the shared item rules")
struct ItemRulesTests {
    /// The problem checking one decoded API item gives, or nil when it passes.
    private func problem(_ item: String) throws -> String? {
        let body = #"{"code":0,"data":{"items":["# + item + "]}}"
        let envelope = try Wire.decode(Wire.SearchEnvelope.self, from: Array(body.utf8)).get()
        let decoded = try #require(envelope.data?.items?.first)
        do throws(ItemProblem) {
            _ = try decoded.checked()
            return nil
        } catch {
            return error.description
        }
    }

    @Test("a bad count, id, date or name is refused with the file reader's message")
    func refused() throws {
        let cases: [(String, String)] = [
            (
                #"{"custom_workplace_id":"a","date":"2026-10-01","access_data":{"pv":-3,"uv":1}}"#,
                "access_data.pv is -3; counts cannot be negative"
            ),
            (
                #"{"custom_workplace_id":"a","date":"2026-10-01","access_data":{"pv":1,"uv":1.5}}"#,
                "access_data.uv is 1.5; counts must be whole numbers"
            ),
            (
                #"{"custom_workplace_id":"a","date":"2026-10-01","access_data":{"pv":null,"uv":1}}"#,
                "access_data.pv is null; counts must be whole numbers from 0"
            ),
            (
                #"{"custom_workplace_id":"a","date":"2026-10-01","access_data":{"pv":"7","uv":1}}"#,
                "access_data.pv must be a number"
            ),
            (#"{"custom_workplace_id":"a","date":"2026-10-01","access_data":{"uv":1}}"#, "access_data.pv is missing"),
            (#"{"custom_workplace_id":"a","date":"2026-10-01"}"#, "access_data is missing"),
            (#"{"date":"2026-10-01","access_data":{"pv":1,"uv":1}}"#, "custom_workplace_id is missing"),
            (
                #"{"custom_workplace_id":"","date":"2026-10-01","access_data":{"pv":1,"uv":1}}"#,
                "custom_workplace_id is empty"
            ),
            (#"{"custom_workplace_id":"a","access_data":{"pv":1,"uv":1}}"#, "date is missing"),
            (
                #"{"custom_workplace_id":"a","date":"2026-02-30","access_data":{"pv":1,"uv":1}}"#,
                "date \"2026-02-30\" is not a yyyy-MM-dd calendar date"
            ),
            (
                #"{"custom_workplace_id":"a","date":"2026-10-01","access_data":{"pv":1,"uv":1},"custom_workplace_name":[{"name":"A"}]}"#,
                "custom_workplace_name[0] has no language"
            ),
            (
                #"{"custom_workplace_id":"a","date":"2026-10-01","access_data":{"pv":1,"uv":1},"custom_workplace_name":[{"language":"en","name":"A"},{"language":"zh"}]}"#,
                "custom_workplace_name[1] has no name"
            ),
        ]
        for (item, message) in cases {
            #expect(try problem(item) == message, "\(item)")
        }
    }

    @Test("a whole item passes with its counts and names")
    func accepted() throws {
        let body =
            #"{"code":0,"data":{"items":[{"custom_workplace_id":"tpl_a","date":"2026-10-01","access_data":{"pv":12,"uv":0},"#
            + #""custom_workplace_name":[{"language":"en","name":"Sales"}]}]}}"#
        let envelope = try Wire.decode(Wire.SearchEnvelope.self, from: Array(body.utf8)).get()
        let item = try #require(envelope.data?.items?.first).checked()
        #expect(item.id == "tpl_a")
        #expect(item.date == CalendarDate(iso: "2026-10-01"))
        #expect(item.pv == 12)
        #expect(item.uv == 0)
        #expect(item.names == [LocalizedName(language: "en", name: "Sales")])
    }
}
