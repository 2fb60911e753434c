import Foundation
import Testing

@testable import WorkplaceAnalytics
@testable import WorkplaceRendering

/// Writes report e-mails and their sources into `$INTEROP_OUT` for `Tests/interop/test_eml.py`.
///
/// For each case NAME: `mail-NAME.eml`, the `.md`, `.html` and `.xlsx` it was built from, and
/// `mail-NAME.json` with the envelope and file name. Writes nothing when the variable is unset.
@Suite("Mail interop fixtures")
struct MailInteropFixtures {
    @Test func writeFixtures() throws {
        guard let out = ProcessInfo.processInfo.environment["INTEROP_OUT"], !out.isEmpty else { return }
        let dir = URL(fileURLWithPath: out)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let renderer = try TemplateRenderer(overrideDirectory: nil)
        let cases: [(name: String, report: Report, envelope: MailEnvelope, fileName: String)] = [
            (
                "zh", TemplateFixtures.month(),
                MailEnvelope(
                    from: "工作台报表 <reports@example.com>",
                    to: ["运营团队 <ops@example.com>", "\"Doe, Jane\" <jane@example.org>", "cto@example.com"],
                    subject: "飞书工作台访问月报 2026年10月 · Workplace access report, October 2026", date: 1_793_520_000),
                "工作台访问月报-2026-10.xlsx"
            ),
            (
                "en", TemplateFixtures.week(),
                MailEnvelope(
                    from: "reports@example.com", to: ["ops@example.com"], subject: "Workplace access, week 43",
                    date: 1_761_523_200, messageIDDomain: "workplace-report"),
                "workplace-access-2026-W43.xlsx"
            ),
        ]
        for item in cases {
            let base = dir.appendingPathComponent("mail-" + item.name)
            let markdown = try renderer.markdown(item.report)
            let html = try renderer.mailHTML(item.report)
            let xlsxURL = base.appendingPathExtension("xlsx")
            try WorkbookRenderer.write(item.report, to: xlsxURL)
            let workbook = try Data(contentsOf: xlsxURL)
            let message = try MailMessage.render(
                envelope: item.envelope, plainText: markdown, html: html,
                attachment: MailAttachment(fileName: item.fileName, bytes: Array(workbook)))
            try Data(markdown.utf8).write(to: base.appendingPathExtension("md"))
            try Data(html.utf8).write(to: base.appendingPathExtension("html"))
            try Data(message).write(to: base.appendingPathExtension("eml"))
            let envelope: [String: Any] = [
                "from": item.envelope.from, "to": item.envelope.to, "subject": item.envelope.subject,
                "date": item.envelope.date, "fileName": item.fileName,
            ]
            let json = try JSONSerialization.data(withJSONObject: envelope, options: [.sortedKeys])
            try json.write(to: base.appendingPathExtension("json"))
            #expect(
                try MailMessage.render(
                    envelope: item.envelope, plainText: markdown, html: html,
                    attachment: MailAttachment(fileName: item.fileName, bytes: Array(workbook))) == message)
        }
    }
}
