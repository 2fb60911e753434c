import Foundation
import Testing

@testable import XLSX

struct ThrownOnPurpose: Error, Equatable {}

@Test func writesAFileWithSheetsInOrder() throws {
    let dir = try scratchDirectory()
    let url = dir.appendingPathComponent("book.xlsx")
    try XLSXWorkbook.write(to: url) { book in
        let first = try book.addSheet(named: "First")
        try first.write(.text("hello"), row: 0, column: 0)
        _ = try book.addSheet(named: "概览")
    }
    let workbook = try #require(try Zip.part("xl/workbook.xml", of: url))
    let first = try #require(workbook.range(of: "name=\"First\""))
    let second = try #require(workbook.range(of: "name=\"概览\""))
    #expect(first.lowerBound < second.lowerBound)
}

@Test func rowPastExcelsGridIsAnErrorWithContext() throws {
    let dir = try scratchDirectory()
    let url = dir.appendingPathComponent("book.xlsx")
    var caught: XLSXError?
    do {
        try XLSXWorkbook.write(to: url) { book in
            let sheet = try book.addSheet(named: "Data")
            try sheet.write(.integer(1), row: 1_048_575, column: 0)  // the last row is fine
            try sheet.write(.integer(1), row: 1_048_576, column: 0)
        }
    } catch let error as XLSXError {
        caught = error
    }
    let error = try #require(caught)
    #expect(error.code == 23)
    #expect(error.message.lowercased().contains("range"))  // lxw_strerror's text, not ours
    #expect(error.sheet == "Data")
    #expect(error.cell == "A1048577")
    #expect(error.operation == "write number")
    #expect(error.description.contains("A1048577") && error.description.contains("'Data'"))
    #expect(!FileManager.default.fileExists(atPath: url.path))
}

@Test func negativeAndHugeIndicesAreErrorsNotTraps() throws {
    let dir = try scratchDirectory()
    try XLSXWorkbook.write(to: dir.appendingPathComponent("book.xlsx")) { book in
        let sheet = try book.addSheet(named: "Data")
        #expect(throws: XLSXError.self) { try sheet.write(.text("x"), row: -1, column: 0) }
        #expect(throws: XLSXError.self) { try sheet.write(.text("x"), row: 0, column: 70_000) }
        #expect(throws: XLSXError.self) { try sheet.write(.text("x"), row: Int(UInt32.max) + 1, column: 0) }
        // Column 16,384 fits lxw_col_t but is past Excel's XFD: the library's own check.
        let beyond = #expect(throws: XLSXError.self) { try sheet.write(.text("x"), row: 0, column: 16_384) }
        #expect(beyond?.code == 23)
    }
}

// Codes counted in common.h's lxw_error: 13 parameter validation, 14 length, 15 character,
// 16 apostrophe, 17 already used.
@Test(arguments: [
    ("a/b", 15), ("[x]", 15), ("what?", 15), (String(repeating: "n", count: 32), 14), ("'quoted'", 16),
    ("Taken", 17), ("TAKEN", 17), ("History", 13), ("", 13),
])
func badSheetNamesAreRefusedWithTheReason(name: String, code: Int) throws {
    let dir = try scratchDirectory()
    try XLSXWorkbook.write(to: dir.appendingPathComponent("book.xlsx")) { book in
        _ = try book.addSheet(named: "Taken")
        let error = #expect(throws: XLSXError.self) { _ = try book.addSheet(named: name) }
        #expect(error?.code == code)
        #expect(error?.sheet == name)
        #expect(error?.operation == "add worksheet")
        #expect(error.map { !$0.message.isEmpty } == true)
    }
}

@Test func thirtyOneCharacterNamesAreAllowedCountingCharactersNotBytes() throws {
    let dir = try scratchDirectory()
    try XLSXWorkbook.write(to: dir.appendingPathComponent("book.xlsx")) { book in
        _ = try book.addSheet(named: String(repeating: "n", count: 31))
        _ = try book.addSheet(named: String(repeating: "日", count: 31))
    }
}

@Test func textThatLooksLikeAFormulaStaysText() throws {
    let dir = try scratchDirectory()
    let url = dir.appendingPathComponent("book.xlsx")
    let hostile = ["=1+1", "+1+1", "-1+1", "@SUM(A1)", "=HYPERLINK(\"http://x\")", "<b>bold</b>", "a & b"]
    try XLSXWorkbook.write(to: url) { book in
        let sheet = try book.addSheet(named: "Data")
        for (i, text) in hostile.enumerated() { try sheet.write(.text(text), row: i, column: 0) }
    }
    let sheet = try #require(try Zip.part("xl/worksheets/sheet1.xml", of: url))
    let strings = try #require(try Zip.part("xl/sharedStrings.xml", of: url))
    #expect(!sheet.contains("<f>"))
    #expect(occurrences(of: "t=\"s\"", in: sheet) == hostile.count)
    #expect(strings.contains("<t>=1+1</t>"))
    #expect(strings.contains("<t>@SUM(A1)</t>"))
    #expect(strings.contains("<t>&lt;b&gt;bold&lt;/b&gt;</t>"))
    #expect(strings.contains("<t>a &amp; b</t>"))
}

@Test func datesAreRealDateCellsWithoutDrift() throws {
    let dir = try scratchDirectory()
    let url = dir.appendingPathComponent("book.xlsx")
    try XLSXWorkbook.write(to: url) { book in
        let sheet = try book.addSheet(named: "Data")
        try sheet.write(.date(XLSXDate(year: 2026, month: 10, day: 1)), row: 0, column: 0)
        try sheet.write(.date(XLSXDate(year: 2024, month: 2, day: 29)), row: 1, column: 0)
    }
    let sheet = try #require(try Zip.part("xl/worksheets/sheet1.xml", of: url))
    let styles = try #require(try Zip.part("xl/styles.xml", of: url))
    // Excel serials counted by hand from 1899-12-30: 1970-01-01 is 25569; 2026-10-01 is 20727 days
    // later (56 years with 14 leap days, plus 273 days of 2026); 2024-02-29 is 19782 days later.
    #expect(sheet.contains("<v>46296</v>"))
    #expect(sheet.contains("<v>45351</v>"))
    #expect(styles.contains("formatCode=\"yyyy-mm-dd\""))
    #expect(sheet.contains("<c r=\"A1\" s=\"1\">"))
}

@Test func bodyErrorRemovesTheFileAndPassesTheErrorOn() throws {
    let dir = try scratchDirectory()
    let url = dir.appendingPathComponent("book.xlsx")
    #expect(throws: ThrownOnPurpose()) {
        try XLSXWorkbook.write(to: url) { book in
            let sheet = try book.addSheet(named: "Data")
            try sheet.write(.text("partial"), row: 0, column: 0)
            throw ThrownOnPurpose()
        }
    }
    #expect(!FileManager.default.fileExists(atPath: url.path))
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
}

@Test func closeFailureIsAnErrorNamingTheFile() throws {
    let url = URL(fileURLWithPath: "/nonexistent-dir-\(UUID().uuidString)/book.xlsx")
    let error = #expect(throws: XLSXError.self) {
        try XLSXWorkbook.write(to: url) { book in _ = try book.addSheet(named: "Data") }
    }
    #expect(error?.code == 2)  // LXW_ERROR_CREATING_XLSX_FILE
    #expect(error?.operation.contains(url.path) == true)
}

@Test func handlesThatEscapeTheClosureAreInert() throws {
    let dir = try scratchDirectory()
    var escaped: XLSXSheet?
    var escapedBook: XLSXWorkbook?
    try XLSXWorkbook.write(to: dir.appendingPathComponent("book.xlsx")) { book in
        escaped = try book.addSheet(named: "Data")
        escapedBook = book
    }
    let sheet = try #require(escaped)
    let error = #expect(throws: XLSXError.self) { try sheet.write(.text("late"), row: 0, column: 0) }
    #expect(error?.message.contains("closed") == true)
    #expect(throws: XLSXError.self) { _ = try escapedBook?.addSheet(named: "More") }
    #expect(throws: XLSXError.self) { _ = try escapedBook?.format(XLSXStyle(bold: true)) }
}

@Test func equalStylesShareOneFormat() throws {
    let dir = try scratchDirectory()
    let url = dir.appendingPathComponent("book.xlsx")
    try XLSXWorkbook.write(to: url) { book in
        let sheet = try book.addSheet(named: "Data")
        for row in 0..<50 {
            try sheet.write(
                .integer(Int64(row)), row: row, column: 0, format: try book.format(XLSXStyle(numberFormat: "#,##0")))
            try sheet.write(.text("x"), row: row, column: 1, format: try book.format(XLSXStyle(bold: true)))
        }
    }
    let styles = try #require(try Zip.part("xl/styles.xml", of: url))
    #expect(styles.contains("<cellXfs count=\"3\">"))  // the default plus our two
}

@Test func constantMemoryKeepsItsRules() throws {
    let dir = try scratchDirectory()
    let url = dir.appendingPathComponent("book.xlsx")
    try XLSXWorkbook.write(to: url, options: XLSXOptions(constantMemory: true, temporaryDirectory: dir)) { book in
        let sheet = try book.addSheet(named: "Data")
        try sheet.write(.text("=1+1"), row: 0, column: 0)
        try sheet.write(.integer(2), row: 5, column: 0)
        let back = #expect(throws: XLSXError.self) { try sheet.write(.integer(3), row: 2, column: 0) }
        #expect(back?.code == 23)
        let table = #expect(throws: XLSXError.self) {
            try sheet.addTable(
                XLSXRange(firstRow: 0, firstColumn: 0, lastRow: 5, lastColumn: 0), columns: ["A"])
        }
        #expect(table?.code == 11)  // LXW_ERROR_FEATURE_NOT_SUPPORTED
        try sheet.autofilter(XLSXRange(firstRow: 0, firstColumn: 0, lastRow: 5, lastColumn: 0))
    }
    let sheet = try #require(try Zip.part("xl/worksheets/sheet1.xml", of: url))
    #expect(sheet.contains("t=\"inlineStr\"") && sheet.contains("=1+1") && !sheet.contains("<f>"))
    #expect(sheet.contains("<autoFilter ref=\"A1:A6\"/>"))
    // The temporary files are gone once the workbook is closed.
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["book.xlsx"])
}

@Test func fixedCreationTimeGivesIdenticalBytes() throws {
    let dir = try scratchDirectory()
    func make(_ name: String) throws -> Data {
        let url = dir.appendingPathComponent(name)
        let properties = XLSXDocumentProperties(title: "T", subject: "S", author: "A", created: 1_793_512_800)
        try XLSXWorkbook.write(to: url, options: XLSXOptions(properties: properties)) { book in
            let sheet = try book.addSheet(named: "Data")
            try sheet.write(.text("x"), row: 0, column: 0)
            try sheet.addTable(XLSXRange(firstRow: 2, firstColumn: 0, lastRow: 3, lastColumn: 1), columns: ["a", "b"])
        }
        return try Data(contentsOf: url)
    }
    let first = try make("a.xlsx")
    Thread.sleep(forTimeInterval: 1.1)
    #expect(first == (try make("b.xlsx")))
    let core = try #require(try Zip.part("docProps/core.xml", of: dir.appendingPathComponent("a.xlsx")))
    // 1,793,512,800 s = 20,758 days + 6 h after 1970-01-01: 2026-11-01T06:00:00Z.
    #expect(core.contains("<dcterms:created xsi:type=\"dcterms:W3CDTF\">2026-11-01T06:00:00Z</dcterms:created>"))
    #expect(core.contains("<dc:title>T</dc:title>") && core.contains("<dc:creator>A</dc:creator>"))
}

@Test func chartsAndPrintSetupLandInTheFile() throws {
    let dir = try scratchDirectory()
    let url = dir.appendingPathComponent("book.xlsx")
    try XLSXWorkbook.write(to: url) { book in
        let sheet = try book.addSheet(named: "Data 1")
        for row in 0..<3 {
            try sheet.writeRow([.text("n\(row)"), .integer(Int64(row * 10))], row: row)
        }
        let chart = try book.addChart(.bar)
        try chart.addSeries(
            name: "PV", sheet: sheet, categories: XLSXRange(firstRow: 0, firstColumn: 0, lastRow: 2, lastColumn: 0),
            values: XLSXRange(firstRow: 0, firstColumn: 1, lastRow: 2, lastColumn: 1))
        #expect(throws: XLSXError.self) { try chart.setTitle("=A1") }
        try sheet.insertChart(chart, row: 0, column: 3)
        try sheet.setPageSetup(XLSXPageSetup(repeatRows: 0...0))
        try sheet.addDataBar(XLSXRange(firstRow: 0, firstColumn: 1, lastRow: 2, lastColumn: 1), color: 0x638EC6)
    }
    let chart = try #require(try Zip.part("xl/charts/chart1.xml", of: url))
    #expect(chart.contains("<c:barChart>"))
    #expect(chart.contains("<c:f>'Data 1'!$B$1:$B$3</c:f>"))
    let sheet = try #require(try Zip.part("xl/worksheets/sheet1.xml", of: url))
    #expect(sheet.contains("orientation=\"landscape\"") && sheet.contains("paperSize=\"9\""))
    #expect(sheet.contains("<pageSetUpPr fitToPage=\"1\"/>") && sheet.contains("fitToHeight=\"0\""))
    #expect(sheet.contains("<dataBar>"))
    let workbook = try #require(try Zip.part("xl/workbook.xml", of: url))
    #expect(workbook.contains("_xlnm.Print_Titles"))
}

@Test func clippingKeepsWholeCharactersAndShowsAnEllipsis() {
    #expect(XLSXText.clipped("short") == "short")
    let long = String(repeating: "a", count: 40_000)
    let cut = XLSXText.clipped(long)
    #expect(cut.utf16.count == 32_767 && cut.hasSuffix("…"))
    // Emoji take two UTF-16 units; the cut never splits one.
    let emoji = String(repeating: "😀", count: 20_000)
    let cutEmoji = XLSXText.clipped(emoji)
    #expect(cutEmoji.utf16.count <= 32_767)
    #expect(cutEmoji.dropLast().allSatisfy { $0 == "😀" })
    #expect(cutEmoji.count == 16_383 + 1)
    #expect(XLSXText.clipped("abcdef", limit: 4) == "abc…")
}

@Test func singleLineTurnsEachBreakIntoOneSpace() {
    #expect(XLSXText.singleLine("plain") == "plain")
    #expect(XLSXText.singleLine("a\nb") == "a b")
    #expect(XLSXText.singleLine("a\r\nb\rc\td") == "a b c d")
    #expect(XLSXText.singleLine("a\n\nb") == "a  b")
}
