import Testing

@testable import WorkplaceRendering

@Suite("Display formatting for the templates")
struct TemplateFormatTests {
    @Test(arguments: [
        (Int64(0), "0"), (999, "999"), (1_000, "1,000"), (1_234_567, "1,234,567"), (-1_234, "-1,234"),
        (Int64.max, "9,223,372,036,854,775,807"),
    ])
    func integersGetThousandsSeparators(value: Int64, text: String) {
        #expect(DisplayFormat.integer(value) == text)
    }

    @Test func decimalsRoundHalfAwayFromZero() {
        #expect(DisplayFormat.decimal(1_234.56) == "1,234.6")
        #expect(DisplayFormat.decimal(0.25) == "0.3")  // 0.25 is exact in binary: a true tie
        #expect(DisplayFormat.decimal(-0.25) == "-0.3")
        #expect(DisplayFormat.decimal(-0.04) == "0.0")
        #expect(DisplayFormat.decimal(520.714_285) == "520.7")
        #expect(DisplayFormat.decimal(.nan) == "–")
        #expect(DisplayFormat.decimal(.infinity) == "–")
        #expect(DisplayFormat.share(0.672_935) == "67.3%")
    }

    @Test func changesCarryArrows() {
        #expect(DisplayFormat.change(percent: 12.227).text == "▲ 12.2%")
        #expect(DisplayFormat.change(percent: -20).text == "▼ 20.0%")
        #expect(DisplayFormat.change(percent: 0.04) == ("0.0%", .flat))
        #expect(DisplayFormat.change(percent: nil) == ("–", .none))
        #expect(DisplayFormat.rankChange(2) == ("▲ 2", .up))
        #expect(DisplayFormat.rankChange(-1) == ("▼ 1", .down))
        #expect(DisplayFormat.rankChange(0) == ("=", .flat))
        #expect(DisplayFormat.rankChange(nil) == ("", .none))
    }

    @Test func timestampsAreUTC() {
        #expect(DisplayFormat.timestamp(0) == "1970-01-01 00:00 UTC")
        #expect(DisplayFormat.timestamp(1_793_512_800) == "2026-11-01 06:00 UTC")
        #expect(DisplayFormat.timestamp(-60) == "1969-12-31 23:59 UTC")
    }

    @Test func clippingCountsWideCharactersTwice() {
        #expect(DisplayFormat.clip("abcdef", columns: 6) == ("abcdef", false))
        #expect(DisplayFormat.clip("abcdefg", columns: 6) == ("abcdef…", true))
        #expect(DisplayFormat.clip("研发中心销售", columns: 6) == ("研发中…", true))
        // A family emoji is one grapheme of several scalars: it is kept whole or dropped whole.
        #expect(DisplayFormat.clip("ab👩‍👩‍👧cd", columns: 3) == ("ab…", true))
        #expect(DisplayFormat.clip("ab👩‍👩‍👧cd", columns: 4) == ("ab👩‍👩‍👧…", true))
    }

    @Test func controlCharactersBecomeSpaces() {
        #expect(DisplayFormat.oneLine("a\nb\r\nc\td\u{2028}e\u{7}") == "a b  c d e ")
    }

    @Test func markdownEscapingKeepsCellsWhole() {
        #expect(MarkdownContentType.escape("a|b") == "a\\|b")
        #expect(MarkdownContentType.escape("a\\|b") == "a\\\\\\|b")
        #expect(MarkdownContentType.escape("<b>&amp;</b>") == "&lt;b&gt;&amp;amp;&lt;/b&gt;")
        #expect(
            MarkdownContentType.escape("*x* _y_ `z` [l](u) ~s~ #h $m$ !")
                == "\\*x\\* \\_y\\_ \\`z\\` \\[l\\](u) \\~s\\~ \\#h \\$m\\$ \\!")
        #expect(MarkdownContentType.escape("line\nbreak") == "line break")
        #expect(MarkdownContentType.escape("1,234 ▲ 12.5% 2026-10-01") == "1,234 ▲ 12.5% 2026-10-01")
    }

    @Test func unicodeSparklinesScaleFromZero() {
        #expect(Sparkline.text([0, 2, 4, 6, 8, 10, 12, 14], limit: 31) == "▁▂▃▄▅▆▇█")
        #expect(Sparkline.text([0, 0, 0], limit: 31) == "▁▁▁")
        #expect(Sparkline.text([], limit: 31) == "")
        // 62 values in groups of two, averaged: 31 characters, rising.
        let rising = Sparkline.text((0..<62).map { Int64($0) }, limit: 31)
        #expect(rising.count == 31)
        #expect(rising.first == "▁" && rising.last == "█")
    }

    @Test func niceTicksCoverTheMaximum() {
        #expect(SVGCharts.niceTicks(max: 0) == [0, 1])
        #expect(SVGCharts.niceTicks(max: 7) == [0, 2, 4, 6, 8])
        #expect(SVGCharts.niceTicks(max: 12_345) == [0, 5_000, 10_000, 15_000])
        #expect(SVGCharts.niceTicks(max: 1_000) == [0, 200, 400, 600, 800, 1_000])
        #expect(SVGCharts.compact(950) == "950")
        #expect(SVGCharts.compact(120_000) == "120k")
        #expect(SVGCharts.compact(1_200_000) == "1.2M")
        #expect(SVGCharts.compact(3_000_000) == "3M")
    }

    @Test func svgTextIsEscaped() {
        let svg = SVGCharts.bars([SVGCharts.Bar(name: "<x y=\"1\">&'", value: 5, valueText: "5")], title: "T<")
        #expect(svg.contains("&lt;x y=&quot;1&quot;&gt;&amp;&#39;"))
        #expect(!svg.contains("<x "))
        #expect(svg.contains("aria-label=\"T&lt;\""))
    }
}
