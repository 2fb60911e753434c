import Foundation
import Testing
import WorkplaceModel

@testable import WorkplaceAnalytics
@testable import WorkplaceRendering

@Suite("HTML and Markdown templates")
struct TemplateRendererTests {
    let renderer: TemplateRenderer

    init() throws {
        renderer = try TemplateRenderer(overrideDirectory: nil)
    }

    // MARK: - HTML

    @Test func htmlEscapesHostileNames() throws {
        let html = try renderer.html(TemplateFixtures.week())
        #expect(!html.lowercased().contains("<script"))
        #expect(!html.contains("wp-a\"<b>"))
        // The line break in the name is shown as a space.
        #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;S&quot; | O\\ *b* [x](y) z"))
        #expect(html.contains("wp-a&quot;&lt;b&gt;"))
    }

    @Test func htmlShowsTheModelsNumbers() throws {
        let html = try renderer.html(TemplateFixtures.week())
        // KPIs: 18,345 PV, ▲ 6.3% (1,095 / 17,250); UV-days 3,645, ▲ 21.5% (645 / 3,000);
        // avg daily UV 3,645 / 7 = 520.7, previous 3,000 / 7 = 428.6.
        for text in ["18,345", "17,250", "▲ 6.3%", "3,645", "3,000", "▲ 21.5%", "520.7", "428.6"] {
            #expect(html.contains(text), "missing \(text)")
        }
        // Rows: shares 12,345 / 18,345 = 67.3%, 5,000 / 18,345 = 27.3%, 1,000 / 18,345 = 5.5%;
        // changes 1,345 / 11,000 = ▲ 12.2%, -20 → ▼ 20.0%, the third is new; avg daily UV 335.0, 171.4, 14.3.
        for text in ["12,345", "67.3%", "27.3%", "5.5%", "▲ 12.2%", "▼ 20.0%", ">New<", "335.0", "171.4", "14.3"] {
            #expect(html.contains(text), "missing \(text)")
        }
        #expect(html.contains("2026-10-19 – 2026-10-25"))
        #expect(html.contains("2026-10-12 – 2026-10-18"))
        #expect(html.contains("2026-11-01 06:00 UTC"))
    }

    @Test func htmlIsSelfContainedWithChartsAndLanguage() throws {
        let html = try renderer.html(TemplateFixtures.week(language: "zh"))
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<html lang=\"zh-CN\">"))
        #expect(html.contains("<meta charset=\"utf-8\">"))
        #expect(html.contains(TemplateFixtures.chineseName))
        #expect(html.contains("定制工作台访问报告"))
        // One trend chart, one bar chart, a sparkline per row of the top-2 and the all-workplaces tables.
        #expect(html.components(separatedBy: "<svg ").count - 1 == 2 + 2 + 3)
        #expect(html.components(separatedBy: "class=\"spark\"").count - 1 == 5)
        #expect(!html.contains("src="))
        #expect(!html.contains("<link"))
        #expect(!html.contains("url("))
    }

    @Test func longNamesAreClippedWithTheFullNameInATooltip() throws {
        let html = try renderer.html(TemplateFixtures.week())
        let shown = String(repeating: "A", count: ReportView.nameDisplayLimit) + "…"
        #expect(html.contains(">\(shown)<"))
        #expect(html.contains("title=\"\(TemplateFixtures.longName)\""))
        #expect(html.contains(TemplateWords.en.nameShortened))
    }

    @Test func emptyReportSaysSo() throws {
        let report = TemplateFixtures.empty()
        let html = try renderer.html(report)
        #expect(html.contains(Labels.en.noData))
        #expect(html.contains("Empty &lt;month&gt;"))
        #expect(html.contains(TemplateWords.en.notCompared))
        #expect(!html.contains("<svg"))
        let markdown = try renderer.markdown(report)
        #expect(markdown.contains("> " + Labels.en.noData))
        #expect(markdown.contains("Empty &lt;month&gt;"))
    }

    @Test func allWorkplacesTableIsCutAtTheRowLimit() throws {
        var report = TemplateFixtures.week()
        let extra = ReportView.workplaceRowLimit + 2 - report.workplaces.count
        for i in 0..<extra {
            var w = report.workplaces[1]
            w.id = "wp-x\(i)"
            w.rank = 4 + i
            report.workplaces.append(w)
        }
        let html = try renderer.html(report)
        // 2 sparklines in the top table, 500 in the all-workplaces table, 2 rows left out.
        #expect(html.components(separatedBy: "class=\"spark\"").count - 1 == 2 + ReportView.workplaceRowLimit)
        #expect(html.contains("<p class=\"notice\">2 more workplaces are in the XLSX and JSON files.</p>"))
        #expect(html.contains(">wp-x496<"))
        #expect(!html.contains(">wp-x497<"))
    }

    @Test func totalsTableIsWeeklyUpTo92DaysThenMonthly() throws {
        var report = TemplateFixtures.week()
        var html = try renderer.html(report)
        #expect(html.contains("<h2>Weekly totals</h2>"))
        #expect(html.contains("<td>2026-W43</td>"))
        report.period = TemplateFixtures.period("2026-07-18", "2026-10-25", .range)  // 100 days
        html = try renderer.html(report)
        #expect(html.contains("<h2>Monthly totals</h2>"))
        #expect(html.contains("<td>2026-10 <span class=\"badge\">Partial</span></td>"))
        #expect(!html.contains("<td>2026-W43</td>"))
    }

    @Test func warningsAreShownEscaped() throws {
        let report = TemplateFixtures.week(warnings: [TemplateFixtures.uvWarning(id: "<wp-a>")])
        let html = try renderer.html(report)
        #expect(
            html.contains(
                "<li>1 record has UV greater than PV (first: &lt;wp-a&gt; on 2026-10-20, pv 3, uv 5); kept as reported</li>"
            ))
        let markdown = try renderer.markdown(report)
        #expect(
            markdown.contains(
                "- 1 record has UV greater than PV (first: &lt;wp-a&gt; on 2026-10-20, pv 3, uv 5); kept as reported\n")
        )
    }

    @Test func warningsArePhrasedInTheReportsLanguage() throws {
        let warnings = [TemplateFixtures.conflictWarning(id: "wp-b"), TemplateFixtures.uvWarning(id: "wp-a", count: 3)]
        // Each sentence written out by hand from the fixture values (2 pairs, wp-b, 2026-10-21; 3 records,
        // wp-a, 2026-10-20, pv 3, uv 5).
        let expected: [(String, [String])] = [
            (
                "en",
                [
                    "2 (workplace, date) pairs have conflicting duplicate records; the later one was kept (first: wp-b on 2026-10-21)",
                    "3 records have UV greater than PV (first: wp-a on 2026-10-20, pv 3, uv 5); kept as reported",
                ]
            ),
            (
                "zh",
                [
                    "2 组（工作台，日期）存在相互矛盾的重复记录，已保留较晚的一条（首个：wp-b，2026-10-21）",
                    "3 条记录的 UV 大于 PV（首条：wp-a，2026-10-20，PV 3，UV 5），已按原值保留",
                ]
            ),
            (
                "ja",
                [
                    "（ワークプレース、日付）の組 2 件に矛盾する重複レコードがあり、後のレコードを採用しました（最初：wp-b、2026-10-21）",
                    "UV が PV を上回るレコードが 3 件あります（最初：wp-a、2026-10-20、PV 3、UV 5）。報告どおり保持しています",
                ]
            ),
        ]
        for (language, sentences) in expected {
            let report = TemplateFixtures.week(language: language, warnings: warnings)
            #expect(ReportView(report).warnings == sentences, "\(language)")
            let html = try renderer.html(report)
            for sentence in sentences { #expect(html.contains("<li>\(sentence)</li>"), "\(language)") }
            let json = String(decoding: ReportJSON.render(report), as: UTF8.self)
            for sentence in sentences { #expect(json.contains("\"\(sentence)\""), "\(language)") }
        }
        // One record: the singular, in English.
        let one = TemplateFixtures.week(warnings: [TemplateFixtures.conflictWarning(id: "wp-b", count: 1)])
        #expect(
            ReportView(one).warnings == [
                "1 (workplace, date) pair has conflicting duplicate records; the later one was kept (first: wp-b on 2026-10-21)"
            ])
    }

    @Test func blockAndWholeWorkplaceConflictsNameWhatTheyAreAbout() {
        var block = TemplateFixtures.conflictWarning(id: "283438293839422334")
        block.dataset = .blocks
        var overall = TemplateFixtures.conflictWarning(id: "all_workplace", count: 1)
        overall.dataset = .overall
        // Written out by hand from the fixture values (2 pairs or 1 day, 2026-10-21).
        #expect(
            Labels.en.phrase(block)
                == "2 (block, date) pairs have conflicting duplicate records; the later one was kept (first: 283438293839422334 on 2026-10-21)"
        )
        #expect(
            Labels.en.phrase(overall)
                == "1 day of the whole workplace has conflicting duplicate records; the later one was kept (first: 2026-10-21)"
        )
        #expect(
            Labels.zh.phrase(block) == "2 组（组件，日期）存在相互矛盾的重复记录，已保留较晚的一条（首个：283438293839422334，2026-10-21）")
        #expect(Labels.zh.phrase(overall) == "工作台整体有 1 天存在相互矛盾的重复记录，已保留较晚的一条（首个：2026-10-21）")
        #expect(
            Labels.ja.phrase(overall) == "ワークプレース全体の 1 日分に矛盾する重複レコードがあり、後のレコードを採用しました（最初：2026-10-21）")
    }

    @Test func aWorkplaceIDWithPlaceholdersStaysAsWritten() {
        let warning = TemplateFixtures.uvWarning(id: "{count}{date}")
        #expect(Labels.en.phrase(warning).contains("(first: {count}{date} on 2026-10-20"))
    }

    // MARK: - Markdown

    @Test func markdownTablesKeepTheirColumns() throws {
        let markdown = try renderer.markdown(TemplateFixtures.week())
        let tables = Self.tables(in: markdown)
        #expect(tables.count == 2)
        for table in tables {
            let header = Self.cellCount(table[0])
            #expect(table.allSatisfy { Self.cellCount($0) == header }, "\(table)")
        }
        // KPI table: header, delimiter, four KPIs; top table: header, delimiter, two rows.
        #expect(tables.map(\.count) == [6, 4])
    }

    @Test func markdownEscapesCellText() throws {
        let markdown = try renderer.markdown(TemplateFixtures.week())
        #expect(!markdown.contains("<script"))
        let row = try #require(markdown.split(separator: "\n").first { $0.hasPrefix("| 1 ") })
        #expect(
            row.contains(
                "| &lt;script&gt;alert('x')&lt;/script&gt; &amp; \"S\" \\| O\\\\ \\*b\\* \\[x\\](y) z |"
            ))
        #expect(row.contains("| 12,345 | 67.3% | ▲ 12.2% | 335.0 | ▄▇█▇▇▄▅ |"))
        #expect(row.hasPrefix("| 1 ▲ 1 |"))
    }

    @Test func markdownShowsKPIsWithChanges() throws {
        let markdown = try renderer.markdown(TemplateFixtures.week())
        #expect(markdown.contains("| PV | 18,345 | ▲ 6.3% | 17,250 |"))
        #expect(markdown.contains("| UV-days | 3,645 | ▲ 21.5% | 3,000 |"))
        #expect(markdown.contains("| Active workplaces | 3 | ▲ 50.0% | 2 |"))
        #expect(markdown.contains("| 2 ▼ 1 | 研发中心 🚀 | 5,000 | 27.3% | ▼ 20.0% | 171.4 |"))
    }

    // MARK: - Templates

    @Test func overrideReplacesATemplateByFileName() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try "{{% CONTENT_TYPE: MARKDOWN}}# {{title}} | {{#top}}{{displayName}};{{/top}}\n".write(
            to: dir.appendingPathComponent("report.md.mustache"), atomically: true, encoding: .utf8)
        try "body { color: rebeccapurple; }\n".write(
            to: dir.appendingPathComponent("report.css.mustache"), atomically: true, encoding: .utf8)
        let custom = try TemplateRenderer(overrideDirectory: dir)
        let report = TemplateFixtures.week(language: "zh")
        let markdown = try custom.markdown(report)
        #expect(
            markdown
                == "# 定制工作台访问报告 | &lt;script&gt;alert('x')&lt;/script&gt; &amp; \"S\" \\| O\\\\ \\*b\\* \\[x\\](y) z;研发中心 🚀;\n"
        )
        let html = try custom.html(report)
        #expect(html.contains("body { color: rebeccapurple; }"))
        #expect(!html.contains("font-variant-numeric"))
        #expect(html.contains("<h1>定制工作台访问报告</h1>"))
    }

    @Test func brokenTemplateErrorNamesFileAndLine() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("report.html.mustache")
        try "<html>\n<h1>{{title}}</h1>\n<p>{{periodLabel</p>\n</html>\n".write(
            to: file, atomically: true, encoding: .utf8)
        let error = try #require(throws: TemplateError.self) { try TemplateRenderer(overrideDirectory: dir) }
        #expect(error.file == file.path)
        #expect(error.line == 3)
        #expect(error.lineText == "<p>{{periodLabel</p>")
        #expect(error.description.contains("report.html.mustache:3:"))
    }

    @Test func unclosedSectionIsReported() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("report.md.mustache")
        try "# {{title}}\n{{#top}}{{#isNew}}new{{/isNew}}\n{{#kpis}}\n| {{label}} |\n{{/kpis}}\n".write(
            to: file, atomically: true, encoding: .utf8)
        let error = try #require(throws: TemplateError.self) { try TemplateRenderer(overrideDirectory: dir) }
        // The parser stops at the end of the file; the error points at the section left open.
        #expect(error.file == file.path)
        #expect(error.line == 2)
        #expect(error.column == 1)
        #expect(error.reason.contains("'top'"))
        #expect(error.description.contains("(line: {{#top}}{{#isNew}}new{{/isNew}})"))
    }

    @Test func missingPartialIsReportedWithItsLine() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("report.html.mustache")
        try "<html>\n{{> report.css}}\n  {{> footer }}\n</html>\n".write(to: file, atomically: true, encoding: .utf8)
        let error = try #require(throws: TemplateError.self) { try TemplateRenderer(overrideDirectory: dir) }
        #expect(error.file == file.path)
        #expect(error.line == 3)
        #expect(error.reason.contains("'footer'"))
        // Adding the partial as a file makes the folder valid.
        try "<footer>{{title}}</footer>".write(
            to: dir.appendingPathComponent("footer.mustache"), atomically: true, encoding: .utf8)
        let renderer = try TemplateRenderer(overrideDirectory: dir)
        #expect(try renderer.html(TemplateFixtures.empty()).contains("<footer>Empty &lt;month&gt;</footer>"))
    }

    @Test func missingOverrideDirectoryIsAnError() throws {
        let dir = URL(fileURLWithPath: "/nonexistent/templates-\(UUID().uuidString)")
        let error = try #require(throws: TemplateError.self) { try TemplateRenderer(overrideDirectory: dir) }
        #expect(error.file == dir.path)
        #expect(error.line == nil)
        #expect(error.description.hasSuffix("or leave it out for the built-in templates"))
    }

    @Test func embeddedTemplatesMatchTemplateFiles() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("templates")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".mustache") }.sorted()
        #expect(DefaultTemplates.all.map { $0.name + ".mustache" } == names)
        for (name, text) in DefaultTemplates.all {
            let file = try String(contentsOf: folder.appendingPathComponent(name + ".mustache"), encoding: .utf8)
            #expect(
                text == file,
                "templates/\(name).mustache differs from the built-in copy: run python3 Tests/scripts/embed-templates.py"
            )
        }
        #expect(renderer.templateNames == ["mail.html", "report.css", "report.html", "report.md"])
    }

    // MARK: - Helpers

    static func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("templates-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// The pipe tables of a Markdown text: runs of lines starting with `|`.
    static func tables(in markdown: String) -> [[Substring]] {
        var tables: [[Substring]] = []
        var current: [Substring] = []
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("|") {
                current.append(line)
            } else if !current.isEmpty {
                tables.append(current)
                current = []
            }
        }
        if !current.isEmpty { tables.append(current) }
        return tables
    }

    /// Cells of a table row: pipes not escaped by a backslash, minus the outer two.
    static func cellCount(_ row: Substring) -> Int {
        var pipes = 0
        var escaped = false
        for c in row {
            if escaped {
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else if c == "|" {
                pipes += 1
            }
        }
        return pipes - 1
    }
}
