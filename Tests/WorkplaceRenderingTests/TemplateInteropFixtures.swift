import Foundation
import Testing

@testable import WorkplaceAnalytics
@testable import WorkplaceRendering

/// Writes the HTML, Markdown and JSON of the template fixtures into `$INTEROP_OUT`.
///
/// The Python checks in `Tests/interop/test_html_md.py` read them with real HTML and CommonMark
/// parsers. Writes nothing when the variable is unset.
@Suite("Template interop fixtures")
struct TemplateInteropFixtures {
    /// One warning of each kind, with plain ids: the zh and ja reports must phrase them in their language.
    static let warnings = [
        TemplateFixtures.conflictWarning(id: "wp-b"), TemplateFixtures.uvWarning(id: "wp-a", count: 3),
    ]

    @Test func writeFixtures() throws {
        guard let out = ProcessInfo.processInfo.environment["INTEROP_OUT"], !out.isEmpty else { return }
        let dir = URL(fileURLWithPath: out)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let renderer = try TemplateRenderer(overrideDirectory: nil)
        let reports = [
            ("template-week-en", TemplateFixtures.week(warnings: [TemplateFixtures.uvWarning(id: "<wp-a> | x")])),
            ("template-week-zh", TemplateFixtures.week(language: "zh", warnings: Self.warnings)),
            ("template-week-ja", TemplateFixtures.week(language: "ja", warnings: Self.warnings)),
            ("template-empty-en", TemplateFixtures.empty()),
            ("template-hostile-en", TemplateFixtures.markdownHostile()),
            ("template-month-zh", TemplateFixtures.month()),
            ("template-month-en", TemplateFixtures.month(language: "en")),
            ("template-history-en", TemplateFixtures.history()),
            ("template-history-zh", TemplateFixtures.history(language: "zh")),
            ("template-history-week-ja", TemplateFixtures.history(language: "ja", weekly: true)),
        ]
        for (name, report) in reports {
            try Data(renderer.html(report).utf8).write(to: dir.appendingPathComponent(name + ".html"))
            try Data(renderer.markdown(report).utf8).write(to: dir.appendingPathComponent(name + ".md"))
            try Data(ReportJSON.render(report)).write(to: dir.appendingPathComponent(name + ".json"))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).count >= reports.count * 3)
    }
}
