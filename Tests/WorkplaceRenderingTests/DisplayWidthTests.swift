import Testing

@testable import WorkplaceRendering

/// The HTML/Markdown view and the workbook measure text with one table, so a name clipped for the page
/// and a column sized in the workbook agree on emoji and CJK.
@Suite("Display width")
struct DisplayWidthTests {
    /// Each sample with its width worked out by hand: ASCII 1, CJK and kana 2, emoji 2 (a joined
    /// family or a flag is one character of 2), a combining accent 0, half-width katakana 1.
    static let samples: [(text: String, columns: Int)] = [
        ("Finance", 7),
        ("研发中心", 8),
        ("🚀", 2),
        ("研发中心 🚀", 11),
        ("ワークプレース", 14),
        ("한국", 4),
        ("👨\u{200D}👩\u{200D}👧", 2),
        ("🇯🇵", 2),
        ("e\u{0301}", 1),
        ("ｶﾀｶﾅ", 4),
        ("ＡＢ", 4),
    ]

    @Test func bothViewsMeasureAlike() {
        for sample in Self.samples {
            let html = sample.text.reduce(0) { $0 + DisplayFormat.columns($1) }
            let workbook = ColumnWidth.display(sample.text, limit: 1_000)
            #expect(html == sample.columns, "HTML view: \(sample.text)")
            #expect(workbook == sample.columns, "workbook: \(sample.text)")
        }
    }

    @Test func bothViewsClipAtTheSamePlace() {
        // 10 columns: "研发中心 🚀" is 11 wide, so both cut before the rocket. The HTML view keeps 9
        // columns and adds "…"; the workbook keeps 9 columns minus one for its "…".
        let name = "研发中心 🚀"
        #expect(DisplayFormat.clip(name, columns: 10).text == "研发中心 …")
        #expect(ColumnWidth.shortened(name, cells: 10) == "研发中心 …")
        // Wide enough: both keep the whole name.
        #expect(DisplayFormat.clip(name, columns: 11) == (text: name, clipped: false))
        #expect(ColumnWidth.shortened(name, cells: 11) == name)
        // The rocket alone in 1 column: neither keeps half of it.
        #expect(DisplayFormat.clip("🚀🚀", columns: 3).text == "🚀…")
        #expect(ColumnWidth.shortened("🚀🚀", cells: 3) == "🚀…")
    }
}
