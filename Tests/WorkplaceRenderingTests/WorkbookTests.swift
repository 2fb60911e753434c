import Foundation
import Testing
import WorkplaceAnalytics
import XLSX

@testable import WorkplaceRendering

@Test func sampleReportHasTheNumbersTheTestsAssume() {
    // The sample's totals, counted by hand in WorkbookSamples' table.
    let report = WorkbookSamples.october()
    #expect(report.totals.pv == 3_311 && report.totals.uvDays == 334)
    #expect(report.totals.previous?.pv == 1_510 && report.totals.previous?.uvDays == 152)
    #expect(report.records.count == 45)
    #expect(report.workplaces.map(\.id) == ["tpl_sales", "tpl_formula", "tpl_html", "tpl_minus", "tpl_at", "tpl_long"])
}

@Test func sheetsComeInReadingOrderWithSummaryActive() throws {
    let url = try workbookScratch().appendingPathComponent("r.xlsx")
    try WorkbookRenderer.write(WorkbookSamples.october(), to: url)
    #expect(try WorkbookZip.sheetNames(of: url) == ["Summary", "Workplaces", "Daily", "Weekly", "Monthly", "About"])
    let workbook = try #require(try WorkbookZip.part("xl/workbook.xml", of: url))
    #expect(!workbook.contains("activeTab="))  // 0, the default: Summary
    let zh = try workbookScratch().appendingPathComponent("zh.xlsx")
    try WorkbookRenderer.write(WorkbookSamples.october(language: "zh"), to: zh)
    #expect(try WorkbookZip.sheetNames(of: zh) == ["概览", "工作台", "每日", "每周", "每月", "关于"])
}

@Test func hostileNamesStayTextAndTheLongOneIsClipped() throws {
    let url = try workbookScratch().appendingPathComponent("r.xlsx")
    try WorkbookRenderer.write(WorkbookSamples.october(title: "=cmd|' /C calc'!A0"), to: url)
    for part in try WorkbookZip.parts(of: url) where part.hasPrefix("xl/worksheets/sheet") {
        let xml = try #require(try WorkbookZip.part(part, of: url))
        #expect(!xml.contains("<f>"), "formula in \(part)")
    }
    let strings = try #require(try WorkbookZip.part("xl/sharedStrings.xml", of: url))
    for text in ["=1+1", "-2+3", "@SUM(A1:A2)", "&lt;b&gt;HR&lt;/b&gt; &amp; 😀 team", "=cmd|' /C calc'!A0"] {
        #expect(strings.contains("<t>\(text)</t>"), "\(text)")
    }
    let start = try #require(strings.range(of: "<t>+xxx"))
    let end = try #require(strings.range(of: "</t>", range: start.upperBound..<strings.endIndex))
    let clipped = String(strings[strings.index(start.lowerBound, offsetBy: 3)..<end.lowerBound])
    #expect(clipped.hasPrefix("+xxx") && clipped.utf16.count == 32_767)
    #expect(clipped.hasSuffix("x…"))
}

@Test func sameReportGivesIdenticalBytes() throws {
    let dir = try workbookScratch()
    let a = dir.appendingPathComponent("a.xlsx")
    let b = dir.appendingPathComponent("b.xlsx")
    try WorkbookRenderer.write(WorkbookSamples.october(), to: a)
    Thread.sleep(forTimeInterval: 1.1)  // a clock-derived stamp would now differ
    try WorkbookRenderer.write(WorkbookSamples.october(), to: b)
    #expect(try Data(contentsOf: a) == Data(contentsOf: b))
    let core = try #require(try WorkbookZip.part("docProps/core.xml", of: a))
    #expect(core.contains(">2026-11-01T06:00:00Z</dcterms:created>"))
    #expect(core.contains("<dc:title>Custom workplace access report</dc:title>"))
}

@Test func longTablesContinueOnNumberedSheets() throws {
    let url = try workbookScratch().appendingPathComponent("r.xlsx")
    try WorkbookRenderer.write(WorkbookSamples.october(), to: url, options: WorkbookOptions(rowsPerSheet: 20))
    // 45 records → 20 + 20 + 5; 6 workplaces × 5 ISO weeks touching October 2026 = 30 → 20 + 10.
    #expect(
        try WorkbookZip.sheetNames(of: url) == [
            "Summary", "Workplaces", "Daily", "Daily 2", "Daily 3", "Weekly", "Weekly 2", "Monthly", "About",
        ])
    let daily3 = try #require(try WorkbookZip.part("xl/worksheets/sheet5.xml", of: url))
    #expect(daily3.contains("<dimension ref=\"A1:E6\"/>"))
    #expect(daily3.contains("<tablePart "))
}

@Test func constantMemoryUsesFilteredRangesInsteadOfTables() throws {
    let dir = try workbookScratch()
    let url = dir.appendingPathComponent("r.xlsx")
    try WorkbookRenderer.write(WorkbookSamples.october(), to: url, options: WorkbookOptions(memory: .constant))
    let parts = try WorkbookZip.parts(of: url)
    #expect(!parts.contains { $0.hasPrefix("xl/tables/") })
    #expect(parts.contains("xl/charts/chart1.xml") && parts.contains("xl/charts/chart2.xml"))
    let daily = try #require(try WorkbookZip.part("xl/worksheets/sheet3.xml", of: url))
    #expect(daily.contains("<autoFilter ref=\"A1:E46\"/>"))
    #expect(daily.contains("<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"))
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["r.xlsx"])

    let inMemory = dir.appendingPathComponent("m.xlsx")
    try WorkbookRenderer.write(WorkbookSamples.october(), to: inMemory, options: WorkbookOptions(memory: .inMemory))
    #expect(try WorkbookZip.parts(of: inMemory).filter { $0.hasPrefix("xl/tables/table") }.count == 4)
}

@Test func dailyDatesAreDateCells() throws {
    let url = try workbookScratch().appendingPathComponent("r.xlsx")
    try WorkbookRenderer.write(WorkbookSamples.october(), to: url)
    let daily = try #require(try WorkbookZip.part("xl/worksheets/sheet3.xml", of: url))
    // Row 2 is the first record: 2026-10-01 (serial 46296, counted by hand from 1899-12-30), tpl_sales.
    let row2 = try #require(daily.range(of: "<row r=\"2\""))
    let rowText = String(daily[row2.lowerBound...].prefix(400))
    #expect(rowText.contains("<c r=\"A2\" s=\"") && rowText.contains("<v>46296</v>"))
    #expect(rowText.contains("<c r=\"D2\" s=\"") && rowText.contains("<v>100</v>"))
}

@Test func emptyReportIsAValidWorkbookThatSaysSo() throws {
    let url = try workbookScratch().appendingPathComponent("r.xlsx")
    try WorkbookRenderer.write(WorkbookSamples.empty(), to: url)
    #expect(try WorkbookZip.sheetNames(of: url).count == 6)
    let strings = try #require(try WorkbookZip.part("xl/sharedStrings.xml", of: url))
    #expect(strings.contains(Labels.en.noData))
    #expect(!strings.contains("Top 0"))
    #expect(!(try WorkbookZip.parts(of: url)).contains { $0.hasPrefix("xl/charts/") })
}

@Test func unwritableTargetIsAnErrorAndLeavesNothing() throws {
    let url = URL(fileURLWithPath: "/nonexistent-\(UUID().uuidString)/r.xlsx")
    let error = #expect(throws: WorkbookError.self) { try WorkbookRenderer.write(WorkbookSamples.october(), to: url) }
    #expect(error?.description.contains(url.path) == true)
}

@Test func widthsCountWideCharactersDouble() {
    #expect(ColumnWidth.display("abc") == 3)
    #expect(ColumnWidth.display("销售门户") == 8)
    #expect(ColumnWidth.display("ワーク") == 6)
    #expect(ColumnWidth.display("😀") == 2)
    #expect(ColumnWidth.display("e\u{301}") == 1)
    #expect(ColumnWidth.display(String(repeating: "x", count: 1000)) == ColumnWidth.cap)
    #expect(ColumnWidth.integer(1_234_567) == 9)
    #expect(ColumnWidth.fit(header: "PV", content: 3) == 6)
    #expect(ColumnWidth.fit(header: "Workplace", content: 200) == Double(ColumnWidth.cap))
}

@Test func continuationNamesStayWithinThirtyOneCharacters() {
    #expect(WorkbookLayout.continuation("Daily", 2) == "Daily 2")
    let long = WorkbookLayout.continuation(String(repeating: "d", count: 31), 12)
    #expect(long.unicodeScalars.count == 31 && long.hasSuffix(" 12"))
}

/// Writes sample workbooks into `$INTEROP_OUT` for `Tests/interop/test_xlsx.py`; nothing when unset.
@Suite struct WorkbookFixture {
    @Test func writeInteropWorkbooks() throws {
        guard let out = ProcessInfo.processInfo.environment["INTEROP_OUT"], !out.isEmpty else { return }
        let dir = URL(fileURLWithPath: out)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let hostileTitle = "=HYPERLINK(\"http://example.com\",\"x\") <script>"
        try WorkbookRenderer.write(
            WorkbookSamples.october(title: hostileTitle), to: dir.appendingPathComponent("sample-en.xlsx"))
        try WorkbookRenderer.write(
            WorkbookSamples.october(language: "zh"), to: dir.appendingPathComponent("sample-zh.xlsx"))
        try WorkbookRenderer.write(
            WorkbookSamples.october(language: "ja"), to: dir.appendingPathComponent("sample-ja.xlsx"))
        try WorkbookRenderer.write(
            WorkbookSamples.october(title: hostileTitle), to: dir.appendingPathComponent("split-en.xlsx"),
            options: WorkbookOptions(rowsPerSheet: 20))
        try WorkbookRenderer.write(
            WorkbookSamples.october(title: hostileTitle), to: dir.appendingPathComponent("constant-en.xlsx"),
            options: WorkbookOptions(memory: .constant))
        try WorkbookRenderer.write(WorkbookSamples.empty(), to: dir.appendingPathComponent("empty-en.xlsx"))
        try WorkbookRenderer.write(TemplateFixtures.history(), to: dir.appendingPathComponent("history-en.xlsx"))
        try WorkbookRenderer.write(
            TemplateFixtures.history(), to: dir.appendingPathComponent("history-constant-en.xlsx"),
            options: WorkbookOptions(memory: .constant))
    }
}

@Test func shortenedNamesFitTheirCells() {
    #expect(ColumnWidth.shortened("Sales portal", cells: 30) == "Sales portal")
    #expect(ColumnWidth.shortened("abcdefghij", cells: 5) == "abcd…")
    #expect(ColumnWidth.shortened("销售门户销售门户", cells: 7) == "销售门…")
    #expect(ColumnWidth.display(ColumnWidth.shortened(String(repeating: "😀", count: 40), cells: 30)) <= 30)
}

@Test func topZeroShowsNoTopButDoesNotClaimThereIsNoData() throws {
    var report = WorkbookSamples.october()
    report.topCount = 0
    let url = try workbookScratch().appendingPathComponent("r.xlsx")
    try WorkbookRenderer.write(report, to: url)
    let strings = try #require(try WorkbookZip.part("xl/sharedStrings.xml", of: url))
    #expect(!strings.contains(Labels.en.noData))
    #expect(!strings.contains("Top 0 workplaces by PV"))
    let parts = try WorkbookZip.parts(of: url)
    #expect(parts.contains("xl/charts/chart1.xml") && !parts.contains("xl/charts/chart2.xml"))
}
