import Foundation
import Testing

@testable import WorkplaceAnalytics
@testable import WorkplaceRendering

/// The e-mail's HTML part (`mail.html`): no SVG, no style sheet, the charts as table cells of a width.
@Suite("Mail HTML part")
struct MailHTMLTests {
    let renderer: TemplateRenderer

    init() throws {
        renderer = try TemplateRenderer(overrideDirectory: nil)
    }

    @Test func mailHTMLHasNoSVGStyleSheetClassOrScript() throws {
        for report in [TemplateFixtures.week(), TemplateFixtures.month(), TemplateFixtures.empty()] {
            let html = try renderer.mailHTML(report).lowercased()
            for needle in ["<svg", "<style", "class=", "<script", "src=", "href="] {
                #expect(!html.contains(needle), "\(needle) in the mail HTML")
            }
            #expect(html.contains("width=\"640\""))
        }
        // The standalone page keeps its SVG charts.
        #expect(try renderer.html(TemplateFixtures.week()).contains("<svg"))
    }

    @Test func dailyBarsAreScaledToTheHighestDay() throws {
        let html = try renderer.mailHTML(TemplateFixtures.week())
        // Peak of the week: 3,500 PV on 2026-10-21 → 300 px. 2026-10-19: 2,000 PV → 171 px, 500 UV-days → 43 px.
        let day = try #require(row(of: "2026-10-19", in: html))
        #expect(day.contains("width=\"171\"") && day.contains("width=\"43\""))
        #expect(day.contains(">2,000<") && day.contains(">500<"))
        #expect(try #require(row(of: "2026-10-21", in: html)).contains("width=\"300\""))
    }

    @Test func topBarsAreScaledToTheFirstWorkplace() {
        // The top 2: 12,345 PV → 300 px; 5,000 → 121.5 → 122 px.
        let bars = MailView(TemplateFixtures.week()).topBars
        #expect(bars.map(\.width) == ["300", "122"])
        #expect(bars.map(\.value) == ["12,345", "5,000"])
        #expect(MailView.width(0, of: 0) == "0" && MailView.width(1, of: 1_000_000) == "1")
    }

    @Test func hostileNamesAreEscaped() throws {
        let html = try renderer.mailHTML(TemplateFixtures.week())
        #expect(!html.contains("<script>alert"))
        #expect(html.contains("&lt;script&gt;alert"))
    }

    @Test func aTemplatesFolderCanReplaceTheMailTemplate() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mail-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "<p>{{#report}}{{title}}{{/report}}: {{#daily}}{{date}}={{pv}};{{/daily}}</p>\n".write(
            to: dir.appendingPathComponent("mail.html.mustache"), atomically: true, encoding: .utf8)
        let custom = try TemplateRenderer(overrideDirectory: dir)
        let html = try custom.mailHTML(TemplateFixtures.week())
        #expect(html.hasPrefix("<p>Custom workplace access report: 2026-10-19=2,000;2026-10-20=3,000;"))
    }

    /// The line of the template's output holding `date` in a cell (each chart row is one line).
    private func row(of date: String, in html: String) -> Substring? {
        html.split(separator: "\n").first { $0.contains(">\(date)<") }
    }
}
