import Foundation
import Testing

@testable import WorkplaceAnalytics
@testable import WorkplaceRendering

/// Golden files for the Markdown summary: `Snapshots/<name>.md` beside this file.
///
/// A failure shows the first differing line. To accept a change on purpose, run the tests with
/// `RECORD_SNAPSHOTS=1`: the goldens are rewritten and the test still fails ("recorded"), so a CI run
/// can never pass by writing its own goldens. Read the new golden before committing it.
@Suite("Template snapshots")
struct TemplateSnapshotTests {
    @Test func markdownWeekEnglish() throws {
        let renderer = try TemplateRenderer(overrideDirectory: nil)
        let report = TemplateFixtures.week(warnings: [TemplateFixtures.uvWarning(id: "wp-b")])
        try Self.assertSnapshot(try renderer.markdown(report), named: "markdownWeekEnglish.md")
    }

    @Test func markdownEmptyChinese() throws {
        let renderer = try TemplateRenderer(overrideDirectory: nil)
        try Self.assertSnapshot(
            try renderer.markdown(TemplateFixtures.empty(language: "zh")), named: "markdownEmptyChinese.md")
    }

    static func assertSnapshot(
        _ actual: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Snapshots").appendingPathComponent(name)
        let actual = actual.replacingOccurrences(of: "\r\n", with: "\n")
        if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] != nil {
            try FileManager.default.createDirectory(
                at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(actual.utf8).write(to: file)
            Issue.record(
                "Recorded new baseline \(file.path); read it, then rerun without RECORD_SNAPSHOTS",
                sourceLocation: sourceLocation)
            return
        }
        guard let data = FileManager.default.contents(atPath: file.path) else {
            Issue.record(
                "No golden \(file.path); run with RECORD_SNAPSHOTS=1 to write it", sourceLocation: sourceLocation)
            return
        }
        let expected = String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
        guard expected != actual else { return }
        let want = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let got = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let line = (0..<min(want.count, got.count)).first { want[$0] != got[$0] } ?? min(want.count, got.count)
        let wanted = line < want.count ? String(want[line]) : "(end of file)"
        let found = line < got.count ? String(got[line]) : "(end of file)"
        Issue.record(
            "\(name) differs at line \(line + 1):\n- expected: \(wanted)\n+ actual:   \(found)",
            sourceLocation: sourceLocation)
    }
}
