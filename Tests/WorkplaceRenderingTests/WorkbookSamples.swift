import Foundation
import Testing
import WorkplaceAnalytics
import WorkplaceModel
import WorkplaceRendering

/// Small reports built by hand for the workbook tests, with numbers simple enough to check by hand.
///
/// October 2026 compared with September 2026 (the dataset covers both):
///
/// | id | name (en) | October | September |
/// | --- | --- | --- | --- |
/// | tpl_sales | Sales portal (zh 销售门户) | pv 100, uv 10 every day: 3,100 / 310 | pv 50, uv 5 every day: 1,500 / 150 |
/// | tpl_formula | `=1+1` | pv 20, uv 2 on Oct 1–10: 200 / 20 | none: new |
/// | tpl_html | `<b>HR</b> & 😀 team` | pv 5, uv 1 on Oct 5 | pv 10, uv 2 on Sep 5: change −50 % |
/// | tpl_minus | `-2+3` | pv 3, uv 1 on Oct 4 | none |
/// | tpl_at | `@SUM(A1:A2)` | pv 2, uv 1 on Oct 3 | none |
/// | tpl_long | `+` and 40,000 × `x` | pv 1, uv 1 on Oct 2 | none |
///
/// Totals: October pv 3,311, uv-days 334; September pv 1,510, uv-days 152. 45 records in October.
enum WorkbookSamples {
    static let generatedAt: Int64 = 1_793_512_800  // 2026-11-01T06:00:00Z
    static let longName = "+" + String(repeating: "x", count: 40_000)

    static func day(_ text: String) -> CalendarDate {
        guard let date = CalendarDate(iso: text) else { preconditionFailure("bad test date \(text)") }
        return date
    }

    static func october(language: String = "en", title: String? = nil) -> Report {
        var data = AccessDataset(coverage: DateRange(from: day("2026-09-01"), to: day("2026-10-31")))
        func add(_ id: String, _ en: String, zh: String? = nil, _ date: CalendarDate, pv: Int64, uv: Int64) {
            var names = [LocalizedName(language: "en_us", name: en)]
            if let zh { names.append(LocalizedName(language: "zh_cn", name: zh)) }
            data.append(workplaceID: id, date: date, pv: pv, uv: uv, names: names)
        }
        for d in 0..<30 {
            add("tpl_sales", "Sales portal", zh: "销售门户", day("2026-09-01").adding(days: d), pv: 50, uv: 5)
        }
        for d in 0..<31 {
            add("tpl_sales", "Sales portal", zh: "销售门户", day("2026-10-01").adding(days: d), pv: 100, uv: 10)
        }
        for d in 0..<10 { add("tpl_formula", "=1+1", day("2026-10-01").adding(days: d), pv: 20, uv: 2) }
        add("tpl_html", "<b>HR</b> & 😀 team", day("2026-09-05"), pv: 10, uv: 2)
        add("tpl_html", "<b>HR</b> & 😀 team", day("2026-10-05"), pv: 5, uv: 1)
        add("tpl_minus", "-2+3", day("2026-10-04"), pv: 3, uv: 1)
        add("tpl_at", "@SUM(A1:A2)", day("2026-10-03"), pv: 2, uv: 1)
        add("tpl_long", longName, day("2026-10-02"), pv: 1, uv: 1)
        guard let october = ReportPeriod.month(year: 2026, month: 10) else { preconditionFailure("no October") }
        return Aggregation.makeReport(
            dataset: data, period: october,
            options: ReportOptions(
                top: 5, language: language, title: title, generatedAt: generatedAt,
                source: ReportSource(baseURL: "https://open.feishu.cn", fetchedAt: "2026-11-01T05:59:00Z")))
    }

    static func empty(language: String = "en") -> Report {
        guard let october = ReportPeriod.month(year: 2026, month: 10) else { preconditionFailure("no October") }
        return Aggregation.makeReport(
            dataset: AccessDataset(), period: october,
            options: ReportOptions(language: language, generatedAt: generatedAt))
    }
}

/// Reads parts of a written .xlsx with the system `unzip`, so the checks do not trust our writer.
enum WorkbookZip {
    /// The part's text, or nil when the archive has no such part.
    static func part(_ name: String, of url: URL) throws -> String? {
        let data = try run(["-p", url.path, name])
        return data.isEmpty ? nil : String(decoding: data, as: UTF8.self)
    }

    /// Every part name in the archive.
    static func parts(of url: URL) throws -> [String] {
        String(decoding: try run(["-Z1", url.path]), as: UTF8.self).split(separator: "\n").map(String.init)
    }

    private static func run(_ arguments: [String]) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/unzip")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return process.terminationStatus == 0 ? data : Data()
    }

    /// The sheet names in tab order, read from `xl/workbook.xml`.
    static func sheetNames(of url: URL) throws -> [String] {
        guard let workbook = try part("xl/workbook.xml", of: url) else { return [] }
        return workbook.components(separatedBy: "<sheet name=\"").dropFirst().compactMap {
            $0.split(separator: "\"", maxSplits: 1).first.map(String.init)
        }
    }
}

/// A fresh empty directory for one test.
func workbookScratch(_ name: String = #function) throws -> URL {
    let safe = name.filter { $0.isLetter || $0.isNumber }
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("workbook-\(safe)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// The whole-workplace sample: ``WorkbookSamples/october(language:title:)``'s custom workplaces plus
/// overall and block data, with numbers simple enough to recompute by hand (and in
/// `Tests/interop/test_whole_workplace.py`, which does so independently).
///
/// Overall, for day `d` counted from 2026-09-01 (0 … 60): all pv `1000 + 7d`, all uv `300 + d`, default
/// pv `400 + 3d`, default uv `150 + d % 5`; 2026-10-10 has no record (a hole, zero), 2026-10-05 first
/// arrives with all pv 1 and then with the real figures (a conflicting duplicate, the later kept), and
/// 2026-10-06 arrives twice identically.
///
/// Blocks: `blk_approve` (named 审批入口) pv 30, uv 3 every October day and pv 10, uv 1 every September
/// day; `blk_news` (no name) pv 5, uv 1 on October 1–4 only (new); `blk_old` pv 4, uv 2 on September 2
/// only (absent in October).
enum WholeWorkplaceSample {
    static let blockNames = ["blk_approve": "审批入口"]

    static func data() -> WorkplaceData {
        let first = WorkbookSamples.day("2026-09-01")
        var overall = OverallDataset(coverage: DateRange(from: first, to: WorkbookSamples.day("2026-10-31")))
        for d in 0..<61 {
            let date = first.adding(days: d)
            if date == WorkbookSamples.day("2026-10-10") { continue }
            let record = OverallRecord(
                date: date, allPV: 1000 + 7 * Int64(d), allUV: 300 + Int64(d), defaultPV: 400 + 3 * Int64(d),
                defaultUV: 150 + Int64(d % 5))
            if date == WorkbookSamples.day("2026-10-05") {
                overall.records.append(
                    OverallRecord(date: date, allPV: 1, allUV: 1, defaultPV: 1, defaultUV: 1))
            }
            overall.records.append(record)
            if date == WorkbookSamples.day("2026-10-06") { overall.records.append(record) }
        }
        var blocks = AccessDataset(coverage: overall.coverage)
        for d in 0..<30 {
            blocks.append(workplaceID: "blk_approve", date: first.adding(days: d), pv: 10, uv: 1, names: [])
        }
        blocks.append(workplaceID: "blk_old", date: WorkbookSamples.day("2026-09-02"), pv: 4, uv: 2, names: [])
        for d in 0..<31 {
            blocks.append(
                workplaceID: "blk_approve", date: WorkbookSamples.day("2026-10-01").adding(days: d), pv: 30, uv: 3,
                names: [])
        }
        for d in 0..<4 {
            blocks.append(
                workplaceID: "blk_news", date: WorkbookSamples.day("2026-10-01").adding(days: d), pv: 5, uv: 1,
                names: [])
        }
        return WorkplaceData(custom: customOctober(), overall: overall, blocks: blocks)
    }

    /// The custom dataset of ``WorkbookSamples/october(language:title:)``, rebuilt from its report's records.
    private static func customOctober() -> AccessDataset {
        var data = AccessDataset(
            coverage: DateRange(from: WorkbookSamples.day("2026-09-01"), to: WorkbookSamples.day("2026-10-31")))
        for d in 0..<30 {
            data.append(
                workplaceID: "tpl_sales", date: WorkbookSamples.day("2026-09-01").adding(days: d), pv: 50, uv: 5,
                names: [LocalizedName(language: "en_us", name: "Sales portal")])
        }
        for d in 0..<31 {
            data.append(
                workplaceID: "tpl_sales", date: WorkbookSamples.day("2026-10-01").adding(days: d), pv: 100, uv: 10,
                names: [LocalizedName(language: "en_us", name: "Sales portal")])
        }
        for d in 0..<10 {
            data.append(
                workplaceID: "tpl_formula", date: WorkbookSamples.day("2026-10-01").adding(days: d), pv: 20, uv: 2,
                names: [LocalizedName(language: "en_us", name: "=1+1")])
        }
        data.append(workplaceID: "tpl_html", date: WorkbookSamples.day("2026-09-05"), pv: 10, uv: 2, names: [])
        data.append(workplaceID: "tpl_html", date: WorkbookSamples.day("2026-10-05"), pv: 5, uv: 1, names: [])
        data.append(workplaceID: "tpl_minus", date: WorkbookSamples.day("2026-10-04"), pv: 3, uv: 1, names: [])
        data.append(workplaceID: "tpl_at", date: WorkbookSamples.day("2026-10-03"), pv: 2, uv: 1, names: [])
        data.append(workplaceID: "tpl_long", date: WorkbookSamples.day("2026-10-02"), pv: 1, uv: 1, names: [])
        return data
    }

    static func report(language: String = "en", top: Int = 5) -> Report {
        guard let october = ReportPeriod.month(year: 2026, month: 10) else { preconditionFailure("no October") }
        return Aggregation.makeReport(
            data: data(), period: october,
            options: ReportOptions(
                top: top, language: language, generatedAt: WorkbookSamples.generatedAt, blockNames: blockNames))
    }
}

/// Writes the whole-workplace sample in every format into `$INTEROP_OUT` for
/// `Tests/interop/test_whole_workplace.py`; writes nothing when the variable is unset.
@Suite struct WholeWorkplaceFixture {
    @Test func writeInteropFiles() throws {
        guard let out = ProcessInfo.processInfo.environment["INTEROP_OUT"], !out.isEmpty else { return }
        let dir = URL(fileURLWithPath: out)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let renderer = try TemplateRenderer(overrideDirectory: nil)
        for language in ["en", "zh", "ja"] {
            let report = WholeWorkplaceSample.report(language: language)
            try WorkbookRenderer.write(
                report, to: dir.appendingPathComponent("whole-\(language).xlsx"),
                options: WorkbookOptions(memory: .inMemory))
            try WorkbookRenderer.write(
                report, to: dir.appendingPathComponent("whole-constant-\(language).xlsx"),
                options: WorkbookOptions(memory: .constant))
            try Data(renderer.html(report).utf8).write(to: dir.appendingPathComponent("whole-\(language).html"))
            try Data(renderer.markdown(report).utf8).write(to: dir.appendingPathComponent("whole-\(language).md"))
            try Data(renderer.mailHTML(report).utf8).write(
                to: dir.appendingPathComponent("whole-mail-\(language).html"))
            try Data(ReportJSON.render(report)).write(to: dir.appendingPathComponent("whole-\(language).json"))
        }
    }
}
