import Foundation
import Testing
import WorkplaceModel

@testable import WorkplaceAnalytics
@testable import WorkplaceRendering

@Suite("Feishu message card (JSON 2.0)")
struct CardTests {
    /// The card of `report`, parsed back with Foundation's JSON reader (not our writer).
    static func parsed(_ report: Report) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(ReportCard.render(report)))
        return try #require(object as? [String: Any])
    }

    static func elements(_ card: [String: Any]) throws -> [[String: Any]] {
        let body = try #require(card["body"] as? [String: Any])
        return try #require(body["elements"] as? [[String: Any]])
    }

    /// Every markdown `content` of the card, nested ones included, in order.
    static func markdowns(_ value: Any) -> [String] {
        if let list = value as? [Any] { return list.flatMap(markdowns) }
        guard let object = value as? [String: Any] else { return [] }
        var out: [String] = []
        if object["tag"] as? String == "markdown", let content = object["content"] as? String { out.append(content) }
        for key in object.keys.sorted() where key != "content" { out += markdowns(object[key]!) }
        return out
    }

    @Test func theCardIsAJSON2CardWithHeaderAndSummary() throws {
        let report = WorkbookSamples.october()
        let card = try Self.parsed(report)
        #expect(card["schema"] as? String == "2.0")
        let header = try #require(card["header"] as? [String: Any])
        let title = try #require(header["title"] as? [String: Any])
        #expect(title["tag"] as? String == "plain_text")
        #expect(title["content"] as? String == "Custom workplace access report")
        let subtitle = try #require(header["subtitle"] as? [String: Any])
        #expect(subtitle["content"] as? String == "2026-10-01 – 2026-10-31 · 31 days")
        let config = try #require(card["config"] as? [String: Any])
        let summary = try #require(config["summary"] as? [String: Any])
        #expect(summary["content"] as? String == "Custom workplace access report · 2026-10")
        let tags = try Self.elements(card).compactMap { $0["tag"] as? String }
        #expect(tags.contains("chart"))
        #expect(tags.contains("column_set"))
        #expect(ReportCard.componentCount(report) <= ReportCard.maximumComponents)
    }

    @Test func theCardsNumbersAreTheJSONModels() throws {
        let report = WorkbookSamples.october()
        let model = try #require(
            try JSONSerialization.jsonObject(with: Data(ReportJSON.render(report))) as? [String: Any])
        let totals = try #require(model["totals"] as? [String: Any])
        let card = try Self.parsed(report)
        let text = Self.markdowns(card).joined(separator: "\n")
        // Key figures: the model's totals and changes, formatted as the other reports show them.
        let pv = try #require((totals["pv"] as? NSNumber)?.int64Value)
        let uvDays = try #require((totals["uv_days"] as? NSNumber)?.int64Value)
        let pvChange = try #require((totals["pv_change_pct"] as? NSNumber)?.doubleValue)
        #expect(
            text.contains(
                "**PV**\n\(DisplayFormat.integer(pv))\n<font color='green'>\(DisplayFormat.change(percent: pvChange).text)</font>"
            ))
        #expect(text.contains("**UV-days**\n\(DisplayFormat.integer(uvDays))\n"))
        #expect(text.contains("3,311") && text.contains("▲ 119.3%"))
        // The top 5: rank, PV and share of the model's first five workplaces.
        let workplaces = try #require(model["workplaces"] as? [[String: Any]])
        let top = try #require(Self.markdowns(card).first { $0.hasPrefix("**Top ") })
        let lines = top.split(separator: "\n").dropFirst()
        #expect(lines.count == 5)
        for (line, wp) in zip(lines, workplaces.prefix(5)) {
            let rank = try #require((wp["rank"] as? NSNumber)?.intValue)
            let pv = try #require((wp["pv"] as? NSNumber)?.int64Value)
            let share = try #require((wp["share"] as? NSNumber)?.doubleValue)
            #expect(line.hasPrefix("\(rank). "))
            #expect(line.contains(" · \(DisplayFormat.integer(pv)) PV · \(DisplayFormat.share(share))"))
        }
        // The chart: one point a day, and each series sums to the model's total.
        let chart = try #require(try Self.elements(card).first { $0["tag"] as? String == "chart" })
        let spec = try #require(chart["chart_spec"] as? [String: Any])
        let values = try #require((spec["data"] as? [String: Any])?["values"] as? [[String: Any]])
        let daily = try #require(model["daily"] as? [[String: Any]])
        let pvPoints = values.filter { $0["series"] as? String == "PV" }
        #expect(pvPoints.count == daily.count)
        #expect(pvPoints.reduce(Int64(0)) { $0 + (($1["y"] as? NSNumber)?.int64Value ?? 0) } == pv)
        let uvPoints = values.filter { $0["series"] as? String == "UV-days" }
        #expect(uvPoints.reduce(Int64(0)) { $0 + (($1["y"] as? NSNumber)?.int64Value ?? 0) } == uvDays)
        // The UV-days note.
        #expect(text.contains("it is not a count of unique users"))
    }

    @Test func hostileNamesShowAsText() throws {
        var data = AccessDataset(coverage: DateRange(from: day("2026-09-01"), to: day("2026-10-31")))
        let hostile = [
            "<at id=all></at>", "[x](https://evil)", "<font color='red'>red</font>", "**bold** `code` ~~s~~ :OK:",
            "line\nbreak & <link url='https://evil'>l</link>",
        ]
        for (i, name) in hostile.enumerated() {
            data.append(
                workplaceID: "tpl_\(i)", date: day("2026-10-0\(i + 1)"), pv: Int64(100 - i), uv: 1,
                names: [LocalizedName(language: "en_us", name: name)])
        }
        let report = Aggregation.makeReport(
            dataset: data, period: ReportPeriod.month(year: 2026, month: 10)!,
            options: ReportOptions(top: 5, language: "en", title: "<at id=all></at> [t](https://evil)", generatedAt: 0))
        let markdown = Self.markdowns(try Self.parsed(report)).joined(separator: "\n")
        #expect(!markdown.contains("<at"))
        #expect(!markdown.contains("<link"))
        #expect(!markdown.contains("<font color='red'>"))
        #expect(!markdown.replacing("\\](", with: "").contains("]("), "only an escaped ] may precede (")
        #expect(!markdown.contains("**bold**"))
        #expect(!markdown.contains("https://"))
        #expect(markdown.contains("&lt;at id=all&gt;&lt;/at&gt;"))
        #expect(markdown.contains("\\[x\\](https\\://evil)"))
        #expect(markdown.contains("&lt;font color='red'&gt;red&lt;/font&gt;"))
        #expect(markdown.contains("\\*\\*bold\\*\\* \\`code\\` \\~\\~s\\~\\~ \\:OK\\:"))
        #expect(markdown.contains("line break &amp; &lt;link"))
        // The title is plain text in the header and the summary: no markup is read there.
        let card = try Self.parsed(report)
        let header = try #require(card["header"] as? [String: Any])
        #expect((header["title"] as? [String: Any])?["content"] as? String == "<at id=all></at> [t](https://evil)")
    }

    @Test func theCardStaysSmallAtFiveThousandWorkplaces() throws {
        // 5,000 workplaces with long hostile names over three years: the card does not grow with them.
        let from = day("2024-01-01")
        let to = day("2026-12-31")
        var data = AccessDataset(coverage: DateRange(from: from, to: to))
        let name = String(repeating: "<&>[x](y)😀漢", count: 40)
        for w in 0..<5_000 {
            for m in stride(from: 0, to: 1_096, by: 61) {
                data.append(
                    workplaceID: "tpl_\(w)", date: from.adding(days: m + w % 28), pv: Int64(1_000 + w), uv: 7,
                    names: [LocalizedName(language: "en_us", name: "\(w) \(name)")])
            }
        }
        let period = ReportPeriod(range: DateRange(from: from, to: to)!, kind: .range)
        let report = Aggregation.makeReport(
            dataset: data, period: period,
            options: ReportOptions(
                top: 100, language: "ja", title: String(repeating: "&<タイトル>", count: 500), generatedAt: 0))
        #expect(report.workplaces.count == 5_000)
        let bytes = ReportCard.render(report)
        #expect(bytes.count < ReportCard.maximumWebhookBytes, "\(bytes.count) bytes")
        #expect(bytes.count < 8 * 1024, "\(bytes.count) bytes: the card should not come near the limits")
        #expect(ReportCard.componentCount(report) <= ReportCard.maximumComponents)
        let card = try Self.parsed(report)
        let chart = try #require(try Self.elements(card).first { $0["tag"] as? String == "chart" })
        let values = try #require(
            ((chart["chart_spec"] as? [String: Any])?["data"] as? [String: Any])?["values"] as? [[String: Any]])
        #expect(values.count <= 2 * ReportCard.maximumChartPoints)
        #expect(values.count == 2 * 36)  // three years: monthly points
        // Every day of a long range is shown, as weeks or months, so the chart's PV is the period's PV.
        let pv = values.filter { $0["series"] as? String == Labels.ja.pv }
            .reduce(Int64(0)) { $0 + (($1["y"] as? NSNumber)?.int64Value ?? 0) }
        #expect(pv == report.totals.pv)
    }

    @Test func longRangesGroupMonthsBeyondTheChartLimit() throws {
        let from = day("2000-01-01")
        let to = day("2009-12-31")
        var data = AccessDataset(coverage: DateRange(from: from, to: to))
        for m in 0..<120 {
            data.append(workplaceID: "tpl_a", date: from.adding(days: m * 30), pv: 10, uv: 1, names: [])
        }
        let report = Aggregation.makeReport(
            dataset: data, period: ReportPeriod(range: DateRange(from: from, to: to)!, kind: .range),
            options: ReportOptions(language: "en", generatedAt: 0))
        let points = ReportCard.trendPoints(report)
        #expect(points.count <= ReportCard.maximumChartPoints)
        #expect(points.count == 60)
        #expect(points.first?.label == "2000-01")
        #expect(points.reduce(0) { $0 + $1.pv } == report.totals.pv)
    }

    @Test func theCardIsInTheReportsLanguage() throws {
        for (language, labels, words) in [("zh", Labels.zh, TemplateWords.zh), ("ja", Labels.ja, TemplateWords.ja)] {
            let report = WorkbookSamples.october(language: language)
            let card = try Self.parsed(report)
            let text = Self.markdowns(card).joined(separator: "\n")
            #expect(text.contains("**\(labels.pv)**"))
            #expect(text.contains(words.keyFigures))
            #expect(text.contains(labels.definitions[2]))
            let header = try #require(card["header"] as? [String: Any])
            #expect((header["title"] as? [String: Any])?["content"] as? String == labels.reportTitle)
        }
    }

    @Test func anEmptyReportSaysSoWithoutAChart() throws {
        let card = try Self.parsed(WorkbookSamples.empty())
        let tags = try Self.elements(card).compactMap { $0["tag"] as? String }
        #expect(!tags.contains("chart"))
        #expect(Self.markdowns(card).contains(Labels.en.noData))
    }

    @Test func theWriterWritesTheCardFileAtomically() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("card-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let report = WorkbookSamples.october()
        let files = try ReportWriter(templatesDirectory: nil).write(report, formats: [.card], to: directory)
        #expect(files.map(\.url.lastPathComponent) == ["workplace-access-2026-10.card.json"])
        let bytes = try Data(contentsOf: files[0].url)
        #expect(Array(bytes) == ReportCard.render(report) + [0x0A])
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(names == ["workplace-access-2026-10.card.json"])
    }

    private func day(_ text: String) -> CalendarDate { WorkbookSamples.day(text) }
}
