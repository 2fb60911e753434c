import Testing
import WorkplaceFiles
import WorkplaceModel

/// Decodes `text` as an input file named `in.json`.
private func decode(_ text: String) throws -> SnapshotInput {
    try SnapshotFile.decode(Array(text.utf8), name: "in.json")
}

/// The error decoding `text` gives, or nil when it decodes.
private func failure(_ text: String) -> SnapshotError? {
    do {
        _ = try decode(text)
        return nil
    } catch let error as SnapshotError {
        return error
    } catch {
        Issue.record("unexpected error type: \(error)")
        return nil
    }
}

/// The records of a dataset as (id, date, pv, uv), in dataset order.
private func rows(_ dataset: AccessDataset) -> [String] {
    dataset.records.map { "\(dataset.workplaces[Int($0.workplace)].id) \($0.date) \($0.pv) \($0.uv)" }
}

private func date(_ text: String) -> CalendarDate {
    CalendarDate(iso: text)!
}

private let twoItems = """
    [{"custom_workplace_id": "tpl_a", "access_data": {"pv": 12, "uv": 5}, "date": "2026-10-01",
      "custom_workplace_name": [{"language": "zh", "name": "销售"}, {"language": "en", "name": "Sales"}]},
     {"custom_workplace_id": "tpl_b", "access_data": {"pv": 0, "uv": 0}, "date": "2026-10-02"}]
    """

@Suite("Input shapes")
struct SnapshotInputShapeTests {
    @Test("a JSON array of items")
    func itemsArray() throws {
        let input = try decode(twoItems)
        #expect(input.format == .itemsArray)
        #expect(input.metadata == nil)
        #expect(input.dataset.coverage == nil)
        #expect(rows(input.dataset) == ["tpl_a 2026-10-01 12 5", "tpl_b 2026-10-02 0 0"])
        #expect(
            input.dataset.workplaces[0].names == [
                LocalizedName(language: "zh", name: "销售"), LocalizedName(language: "en", name: "Sales"),
            ])
        #expect(input.dataset.workplaces[1].names.isEmpty)
    }

    @Test("a whole API response, keys in any order")
    func response() throws {
        let text = """
            {"data": {"has_more": false, "items": \(twoItems)}, "msg": "success", "code": 0}
            """
        let input = try decode(text)
        #expect(input.format == .apiResponse)
        #expect(rows(input.dataset).count == 2)
        #expect(input.dataset.coverage == nil)
    }

    @Test("a bare data object")
    func dataObject() throws {
        let input = try decode(#"{"items": \#(twoItems), "has_more": true, "page_token": "x"}"#)
        #expect(input.format == .dataObject)
        #expect(rows(input.dataset).count == 2)
    }

    @Test("JSON Lines of responses, with blank lines and CRLF")
    func jsonLines() throws {
        let page1 =
            #"{"code":0,"msg":"success","data":{"items":[{"custom_workplace_id":"a","date":"2026-10-01","access_data":{"pv":1,"uv":1}}],"has_more":true,"page_token":"t"}}"#
        let page2 =
            #"{"code":0,"msg":"success","data":{"items":[{"custom_workplace_id":"b","date":"2026-10-01","access_data":{"pv":2,"uv":2}},{"custom_workplace_id":"a","date":"2026-10-02","access_data":{"pv":3,"uv":1}}],"has_more":false}}"#
        let input = try decode(page1 + "\r\n\r\n" + page2 + "\r\n")
        #expect(input.format == .jsonLines(pages: 2))
        #expect(rows(input.dataset) == ["a 2026-10-01 1 1", "b 2026-10-01 2 2", "a 2026-10-02 3 1"])
    }

    @Test("pretty-printed responses one after another read as pages")
    func prettyPages() throws {
        let page = """
            {
              "code": 0,
              "data": {
                "items": [
                  {"custom_workplace_id": "a", "date": "2026-10-01", "access_data": {"pv": 1, "uv": 1}}
                ]
              }
            }
            """
        let input = try decode(page + "\n" + page + "\n")
        #expect(input.format == .jsonLines(pages: 2))
        #expect(input.dataset.records.count == 2)
    }

    @Test("empty inputs of each shape give an empty dataset")
    func empty() throws {
        for text in ["[]", " [ ] \n", #"{"code":0,"msg":"ok","data":{"has_more":false}}"#, #"{"items":null}"#] {
            let input = try decode(text)
            #expect(input.dataset.records.isEmpty, "\(text)")
            #expect(input.dataset.workplaces.isEmpty, "\(text)")
        }
    }

    @Test("unknown keys are skipped, however deep")
    func unknownKeys() throws {
        let text = """
            [{"extra": {"a": [1, 2.5e-3, {"b": null}], "c": "\\u00e9"}, "date": "2026-10-01",
              "access_data": {"note": [true, false], "uv": 2, "pv": 3},
              "custom_workplace_name": [{"name": "N", "flag": {}, "language": "en"}],
              "custom_workplace_id": "tpl_x", "tail": -0}]
            """
        let input = try decode(text)
        #expect(rows(input.dataset) == ["tpl_x 2026-10-01 3 2"])
        #expect(input.dataset.workplaces[0].names == [LocalizedName(language: "en", name: "N")])
    }

    @Test("a UTF-8 byte order mark is allowed")
    func byteOrderMark() throws {
        let input = try SnapshotFile.decode([0xEF, 0xBB, 0xBF] + Array("[]".utf8), name: "bom.json")
        #expect(input.format == .itemsArray)
    }

    @Test("escapes in ids and names decode, surrogate pairs included")
    func escapes() throws {
        let text = #"""
            [{"custom_workplace_id": "tpl_\u0041\"\\\/", "date": "2026-10-01", "access_data": {"pv": 1, "uv": 1},
              "custom_workplace_name": [{"language": "z\u0068", "name": "\ud83d\ude80 caf\u00E9\n\t\b\f\r|=<b>"}]}]
            """#
        let input = try decode(text)
        #expect(input.dataset.workplaces[0].id == "tpl_A\"\\/")
        #expect(
            input.dataset.workplaces[0].names == [LocalizedName(language: "zh", name: "🚀 café\n\t\u{8}\u{C}\r|=<b>")])
    }

    @Test("an escaped id is the same workplace as its plain spelling")
    func escapedIDMatchesPlain() throws {
        let text = #"""
            [{"custom_workplace_id": "tpl_a", "date": "2026-10-01", "access_data": {"pv": 1, "uv": 1}},
             {"custom_workplace_id": "tpl_\u0061", "date": "2026-10-02", "access_data": {"pv": 2, "uv": 1}}]
            """#
        let input = try decode(text)
        #expect(input.dataset.workplaces.count == 1)
        #expect(input.dataset.records.map(\.workplace) == [0, 0])
    }

    @Test("names of the latest date win, whatever the order; a record without names keeps them")
    func latestNames() throws {
        func item(_ day: String, _ name: String?) -> String {
            let names = name.map { #", "custom_workplace_name": [{"language": "en", "name": "\#($0)"}]"# } ?? ""
            return #"{"custom_workplace_id": "w", "date": "\#(day)", "access_data": {"pv": 1, "uv": 1}\#(names)}"#
        }
        let text =
            "["
            + [
                item("2026-10-02", "Two"), item("2026-10-03", "Three"), item("2026-10-01", "One"),
                item("2026-10-04", nil),
            ]
            .joined(separator: ",\n") + "]"
        let input = try decode(text)
        // The same rule, applied by AccessDataset itself one record at a time, is the reference.
        var reference = AccessDataset()
        reference.append(
            workplaceID: "w", date: date("2026-10-02"), pv: 1, uv: 1, names: [.init(language: "en", name: "Two")])
        reference.append(
            workplaceID: "w", date: date("2026-10-03"), pv: 1, uv: 1, names: [.init(language: "en", name: "Three")])
        reference.append(
            workplaceID: "w", date: date("2026-10-01"), pv: 1, uv: 1, names: [.init(language: "en", name: "One")])
        reference.append(workplaceID: "w", date: date("2026-10-04"), pv: 1, uv: 1, names: [])
        #expect(input.dataset.workplaces == reference.workplaces)
        #expect(input.dataset.workplaces[0].names == [LocalizedName(language: "en", name: "Three")])
        #expect(input.dataset.workplaces[0].namesDate == date("2026-10-03"))
    }

    @Test("repeated identical names still move the names date forward")
    func namesDateFollowsRepeats() throws {
        let item = { (day: String) in
            #"{"custom_workplace_id": "w", "date": "\#(day)", "access_data": {"pv": 1, "uv": 1}, "custom_workplace_name": [{"language": "en", "name": "N"}]}"#
        }
        let input = try decode("[" + item("2026-10-01") + "," + item("2026-10-05") + "," + item("2026-10-03") + "]")
        #expect(input.dataset.workplaces[0].namesDate == date("2026-10-05"))
    }

    @Test("counts written as whole numbers in other notations are accepted")
    func wholeNumberNotations() throws {
        let cases: [(String, Int64)] = [
            ("0", 0), ("-0", 0), ("12.0", 12), ("1e2", 100), ("1.5e1", 15), ("120e-1", 12), ("0.0e5", 0),
            ("9223372036854775807", Int64.max), ("922337203685477580.7e1", Int64.max),
        ]
        for (text, value) in cases {
            let input = try decode(
                #"[{"custom_workplace_id": "a", "date": "2026-10-01", "access_data": {"pv": \#(text), "uv": 0}}]"#)
            #expect(input.dataset.records.first?.pv == value, "\(text)")
        }
    }
}

@Suite("Input errors")
struct SnapshotInputErrorTests {
    @Test("a missing comma names its line and column")
    func missingComma() throws {
        let error = try #require(failure("[\n  {\"a\": 1 \"b\"}\n]"))
        #expect(error.kind == .syntax)
        #expect(error.location == SnapshotError.Location(line: 2, column: 11, offset: 12))
        #expect(error.description == "in.json:2:11: expected ',' or '}' after a value but found '\"'")
        #expect(error.category == .badData)
    }

    @Test("columns count characters, not bytes")
    func columnsCountScalars() throws {
        let error = try #require(failure(#"[{"é": 1 x}]"#))
        #expect(error.location == SnapshotError.Location(line: 1, column: 10, offset: 10))
    }

    @Test("a truncated file: cut inside a string")
    func truncatedInString() throws {
        let error = try #require(failure(#"[{"custom_workplace_id": "tp"#))
        #expect(error.kind == .syntax)
        #expect(error.location?.line == 1)
        #expect(error.location?.column == 26)
        #expect(error.message.contains("not closed"))
    }

    @Test("a truncated file: cut after an item")
    func truncatedAfterItem() throws {
        let text =
            "[\n" + #"{"custom_workplace_id": "a", "date": "2026-10-01", "access_data": {"pv": 1, "uv": 1}},"# + "\n"
        let error = try #require(failure(text))
        #expect(error.kind == .syntax)
        #expect(error.location?.line == 3)
        #expect(error.location?.column == 1)
        #expect(error.message == "expected a value but found the end of the input")
    }

    @Test("a truncated snapshot is an error, not fewer records")
    func truncatedSnapshot() throws {
        var dataset = AccessDataset()
        for day in 1...9 {
            dataset.append(workplaceID: "w", date: date("2026-10-0\(day)"), pv: 1, uv: 1, names: [])
        }
        let metadata = SnapshotMetadata(
            query: SnapshotQuery(range: DateRange(from: date("2026-10-01"), to: date("2026-10-31"))!),
            baseURL: "https://open.feishu.cn", fetchedAt: nil)
        let bytes = SnapshotFile.encode(dataset, metadata: metadata)
        // Cut at every possible length: none may decode.
        for length in 0..<(bytes.count - 2) {
            #expect(throws: SnapshotError.self) { try SnapshotFile.decode(Array(bytes[0..<length]), name: "cut.json") }
        }
    }

    @Test("a bad literal")
    func badLiteral() throws {
        let error = try #require(failure(#"{"items": [], "has_more": tru}"#))
        #expect(error.location == SnapshotError.Location(line: 1, column: 27, offset: 26))
        #expect(error.message == "expected a value but found 't'")
    }

    @Test("JSON that is no input shape")
    func notAnInput() throws {
        let object = try #require(failure(#"{"foo": 1}"#))
        #expect(object.kind == .unrecognizedFormat)
        #expect(object.location?.line == 1 && object.location?.column == 1)

        let scalar = try #require(failure("\n  42"))
        #expect(scalar.kind == .syntax)
        #expect(scalar.description == "in.json:2:3: expected '{' or '[' at the start of the input but found '4'")

        let empty = try #require(failure(" \n"))
        #expect(empty.kind == .unrecognizedFormat)
        #expect(empty.message.hasPrefix("the input is empty"))

        let noData = try #require(failure(#"{"code": 0, "msg": "success"}"#))
        #expect(noData.kind == .unrecognizedFormat)
    }

    @Test("two values on one line, or a snapshot followed by more")
    func trailingValues() throws {
        let sameLine = try #require(failure("[] []"))
        #expect(sameLine.location == SnapshotError.Location(line: 1, column: 4, offset: 3))

        let arrays = try #require(failure("[]\n[]"))
        #expect(arrays.location?.line == 2)

        let responseThenArray = try #require(failure("{\"code\":0,\"data\":{}}\n[]"))
        #expect(responseThenArray.message == "JSON Lines input must hold one API response object a line")
    }

    @Test("a broken second line of JSON Lines names line 2")
    func brokenSecondLine() throws {
        let error = try #require(failure("{\"code\":0,\"data\":{\"items\":[]}}\n{\"code\":0,\"data\":{\"items\":[}}"))
        #expect(error.kind == .syntax)
        #expect(error.location == SnapshotError.Location(line: 2, column: 28, offset: 58))
    }

    @Test("a saved error answer names its code and msg")
    func apiError() throws {
        let error = try #require(failure(#"{"code": 1621002, "msg": "invalid page_size", "data": {}}"#))
        #expect(error.kind == .apiError(code: 1_621_002))
        #expect(error.category == .badData)
        #expect(
            error.description
                == #"in.json:1:10: the saved API response is an error: code 1621002, msg "invalid page_size""#)
    }

    /// One item whose `access_data` is on line 3 with `pv` at column 7.
    private func itemWithPV(_ pv: String) -> String {
        """
        [
        {"custom_workplace_id": "a", "date": "2026-10-01", "access_data": {"uv": 0,
        "pv": \(pv)}}
        ]
        """
    }

    @Test("negative, fractional, huge and non-number counts are bad data at the value")
    func badCounts() throws {
        let cases: [(String, String)] = [
            ("-3", "access_data.pv is -3; counts cannot be negative"),
            ("1.5", "access_data.pv is 1.5; counts must be whole numbers"),
            ("1.25e1", "access_data.pv is 1.25e1; counts must be whole numbers"),
            ("1e-1", "access_data.pv is 1e-1; counts must be whole numbers"),
            (
                "9223372036854775808",
                "access_data.pv is 9223372036854775808, larger than the largest count (9223372036854775807)"
            ),
            ("1e19", "access_data.pv is 1e19, larger than the largest count (9223372036854775807)"),
            ("1e999999999999", "access_data.pv is 1e999999999999, larger than the largest count (9223372036854775807)"),
            ("null", "access_data.pv is null; counts must be whole numbers from 0"),
            ("\"12\"", "access_data.pv must be a number"),
        ]
        for (pv, message) in cases {
            let error = try #require(failure(itemWithPV(pv)), "\(pv)")
            #expect(error.kind == .badRecord(index: 1), "\(pv)")
            #expect(error.location?.line == 3 && error.location?.column == 7, "\(pv)")
            #expect(error.message == "record 1: " + message)
        }
    }

    @Test("missing fields are bad data at the record")
    func missingFields() throws {
        let cases: [(String, String)] = [
            (#"{"date": "2026-10-01", "access_data": {"pv": 1, "uv": 1}}"#, "custom_workplace_id is missing"),
            (
                #"{"custom_workplace_id": "", "date": "2026-10-01", "access_data": {"pv": 1, "uv": 1}}"#,
                "custom_workplace_id is empty"
            ),
            (#"{"custom_workplace_id": "a", "access_data": {"pv": 1, "uv": 1}}"#, "date is missing"),
            (#"{"custom_workplace_id": "a", "date": "2026-10-01"}"#, "access_data is missing"),
            (
                #"{"custom_workplace_id": "a", "date": "2026-10-01", "access_data": {"uv": 1}}"#,
                "access_data.pv is missing"
            ),
            (
                #"{"custom_workplace_id": "a", "date": "2026-10-01", "access_data": {"pv": 1}}"#,
                "access_data.uv is missing"
            ),
            (#"{}"#, "custom_workplace_id is missing"),
        ]
        for (item, message) in cases {
            let good = #"{"custom_workplace_id": "a", "date": "2026-10-01", "access_data": {"pv": 1, "uv": 1}}"#
            let error = try #require(failure("[" + good + ",\n  " + item + "]"), "\(item)")
            #expect(error.kind == .badRecord(index: 2))
            #expect(error.location?.line == 2 && error.location?.column == 3, "\(item)")
            #expect(error.message == "record 2: " + message)
        }
    }

    @Test("dates must be strict yyyy-MM-dd calendar dates")
    func badDates() throws {
        for text in ["2026-02-30", "2026-1-05", "2026-10-01T00:00:00Z", "", "20261001", "2026-13-01"] {
            let item = #"[{"custom_workplace_id": "a", "date": "\#(text)", "access_data": {"pv": 1, "uv": 1}}]"#
            let error = try #require(failure(item), "\(text)")
            #expect(error.kind == .badRecord(index: 1))
            #expect(error.location?.column == 39, "\(text)")
            #expect(error.message == "record 1: date \"\(text)\" is not a yyyy-MM-dd calendar date")
        }
        let number = try #require(failure(#"[{"custom_workplace_id": "a", "date": 20261001}]"#))
        #expect(number.message == "record 1: date must be a yyyy-MM-dd string")
    }

    @Test("record numbers run on across the pages of JSON Lines")
    func recordNumbersAcrossPages() throws {
        let good = #"{"custom_workplace_id": "a", "date": "2026-10-01", "access_data": {"pv": 1, "uv": 1}}"#
        let bad = #"{"custom_workplace_id": "a", "date": "2026-10-02", "access_data": {"pv": -1, "uv": 1}}"#
        let text =
            #"{"code":0,"data":{"items":[\#(good),\#(good)]}}"# + "\n" + #"{"code":0,"data":{"items":[\#(bad)]}}"#
        let error = try #require(failure(text))
        #expect(error.kind == .badRecord(index: 3))
        #expect(error.location?.line == 2)
    }

    @Test("malformed names are bad data")
    func badNames() throws {
        let base =
            #"{"custom_workplace_id": "a", "date": "2026-10-01", "access_data": {"pv": 1, "uv": 1}, "custom_workplace_name": "#
        let cases: [(String, String)] = [
            (#""Sales""#, "custom_workplace_name must be an array of {language, name}"),
            (#"[{"language": "en"}]"#, "custom_workplace_name[0] has no name"),
            (#"[{"language": "en", "name": "A"}, {"name": "B"}]"#, "custom_workplace_name[1] has no language"),
            (#"[{"language": "en", "name": 5}]"#, "custom_workplace_name[0] name must be a string"),
            (#"["x"]"#, "custom_workplace_name[0] must be an object {language, name}"),
        ]
        for (names, message) in cases {
            let error = try #require(failure("[" + base + names + "}]"), "\(names)")
            #expect(error.kind == .badRecord(index: 1))
            #expect(error.message == "record 1: " + message)
        }
    }

    @Test("invalid strings: raw control characters, bad escapes, lone surrogates, invalid UTF-8")
    func badStrings() throws {
        let cases: [[UInt8]] = [
            Array(#"["a"#.utf8) + [0x0A] + Array(#"b"]"#.utf8),
            Array(#"["\x"]"#.utf8),
            Array(#"["\u12"]"#.utf8),
            Array(#"["\ud800"]"#.utf8),
            Array(#"["\udc00"]"#.utf8),
            Array(#"["\ud800\u0041"]"#.utf8),
            [0x5B, 0x22, 0xC3, 0x28, 0x22, 0x5D],  // a lead byte followed by ASCII
            [0x5B, 0x22, 0xED, 0xA0, 0x80, 0x22, 0x5D],  // an encoded surrogate
            [0x5B, 0x22, 0xC0, 0xAF, 0x22, 0x5D],  // an overlong encoding
            [0x5B, 0x22, 0xF4, 0x90, 0x80, 0x80, 0x22, 0x5D],  // beyond U+10FFFF
        ]
        for bytes in cases {
            #expect(throws: SnapshotError.self, "\(bytes)") {
                try SnapshotFile.decode(bytes, name: "s.json")
            }
        }
        let error = try #require(failure(#"["\q"]"#))
        #expect(error.kind == .syntax)
        #expect(error.location?.column == 3)
    }

    @Test("deep nesting is refused, not a crash")
    func deepNesting() throws {
        let text = #"[{"x": "# + String(repeating: "[", count: 100_000)
        let error = try #require(failure(text))
        #expect(error.message.contains("nesting deeper than"))
    }
}
