import Foundation
import WorkplaceModel

@testable import WorkplaceAnalytics

/// Hand-built reports for the template tests.
///
/// Every number is written out here, and the expected display strings in the tests are worked out by
/// hand from them (noted next to each assertion).
enum TemplateFixtures {
    /// A name with HTML, a script, quotes, a pipe, a backslash, Markdown specials and a line break.
    static let hostileName = "<script>alert('x')</script> & \"S\" | O\\ *b* [x](y)\nz"
    /// A Chinese name with an emoji.
    static let chineseName = "研发中心 🚀"
    /// A 40,000-character name.
    static let longName = String(repeating: "A", count: 40_000)

    /// A UV-above-PV warning: `count` records, the first of `id` on 2026-10-20 with pv 3, uv 5.
    static func uvWarning(id: String, count: Int = 1) -> ReportWarning {
        ReportWarning(
            kind: .uvAbovePV, count: count,
            example: WarningExample(workplaceID: id, date: date("2026-10-20"), pv: 3, uv: 5))
    }

    /// A conflicting-duplicates warning: `count` pairs, the first of `id` on 2026-10-21 (pv 8, uv 2 kept).
    static func conflictWarning(id: String, count: Int = 2) -> ReportWarning {
        ReportWarning(
            kind: .conflictingDuplicates, count: count,
            example: WarningExample(workplaceID: id, date: date("2026-10-21"), pv: 8, uv: 2))
    }

    static func date(_ text: String) -> CalendarDate {
        guard let d = CalendarDate(iso: text) else { preconditionFailure("bad fixture date \(text)") }
        return d
    }

    static func period(_ from: String, _ to: String, _ kind: ReportPeriod.Kind) -> ReportPeriod {
        guard let range = DateRange(from: date(from), to: date(to)) else { preconditionFailure("bad range") }
        return ReportPeriod(range: range, kind: kind)
    }

    /// ISO week 2026-W43 (2026-10-19 … 2026-10-25), compared with W42, three workplaces.
    ///
    /// Totals: PV 12,345 + 5,000 + 1,000 = 18,345; UV-days 2,345 + 1,200 + 100 = 3,645;
    /// avg daily UV 3,645 / 7 = 520.71…; previous PV 11,000 + 6,250 = 17,250, previous UV-days 3,000.
    static func week(language: String = "en", warnings: [ReportWarning] = []) -> Report {
        let daily: [(String, Int64, Int64)] = [
            ("2026-10-19", 2000, 500), ("2026-10-20", 3000, 600), ("2026-10-21", 3500, 700),
            ("2026-10-22", 3200, 650), ("2026-10-23", 3145, 595), ("2026-10-24", 1500, 300),
            ("2026-10-25", 2000, 300),
        ]
        let workplaces = [
            WorkplaceSummary(
                id: "wp-a\"<b>", name: hostileName, rank: 1, pv: 12_345, uvDays: 2_345, avgDailyUV: 2_345.0 / 7,
                peakDailyUV: 480, activeDays: 7, share: 12_345.0 / 18_345,
                previous: PreviousStanding(pv: 11_000, rank: 2), pvChangePct: 1_345.0 / 11_000 * 100, isNew: false,
                trend: [1000, 2000, 2500, 2200, 2145, 1000, 1500]),
            WorkplaceSummary(
                id: "wp-b", name: chineseName, rank: 2, pv: 5_000, uvDays: 1_200, avgDailyUV: 1_200.0 / 7,
                peakDailyUV: 230, activeDays: 7, share: 5_000.0 / 18_345,
                previous: PreviousStanding(pv: 6_250, rank: 1), pvChangePct: -20, isNew: false,
                trend: [900, 800, 800, 800, 800, 400, 500]),
            WorkplaceSummary(
                id: "wp-c", name: longName, rank: 3, pv: 1_000, uvDays: 100, avgDailyUV: 100.0 / 7,
                peakDailyUV: 30, activeDays: 5, share: 1_000.0 / 18_345,
                previous: nil, pvChangePct: nil, isNew: true,
                trend: [100, 200, 200, 200, 200, 100, 0]),
        ]
        return Report(
            generatedAt: 1_793_512_800,  // 2026-11-01T06:00:00Z
            language: language, title: nil,
            source: ReportSource(baseURL: "https://open.feishu.cn", fetchedAt: nil, input: nil),
            period: period("2026-10-19", "2026-10-25", .week),
            previousPeriod: period("2026-10-12", "2026-10-18", .week),
            totals: Totals(
                pv: 18_345, uvDays: 3_645, avgDailyUV: 3_645.0 / 7, activeWorkplaces: 3,
                previous: (pv: 17_250, uvDays: 3_000, activeWorkplaces: 2)),
            workplaces: workplaces, topCount: 2,
            daily: daily.map { DailyTotal(date: date($0.0), pv: $0.1, uvDays: $0.2) },
            weekly: [
                BucketTotal(
                    label: "2026-W43", from: date("2026-10-19"), to: date("2026-10-25"), partial: false,
                    daysCovered: 7, pv: 18_345, uvDays: 3_645, avgDailyUV: 3_645.0 / 7)
            ],
            monthly: [
                BucketTotal(
                    label: "2026-10", from: date("2026-10-19"), to: date("2026-10-25"), partial: true,
                    daysCovered: 7, pv: 18_345, uvDays: 3_645, avgDailyUV: 3_645.0 / 7)
            ],
            workplaceWeekly: [], workplaceMonthly: [], records: [], warnings: warnings)
    }

    /// Names that GitHub's Markdown renderer (cmark-gfm with its extensions) would turn into a link, an
    /// image, raw HTML, a heading, a list, a task or strikethrough if they were not escaped.
    static let markdownHostileNames = [
        "=HYPERLINK(\"http://example.com\",\"Finance\")", "mail someone@example.com", "www.example.com/path",
        "WWW.UPPER.EXAMPLE", "ftp://files.example.com", "<https://angle.example.com>", "xmpp:chat@example.com",
        "mailto:a@example.com", "![img](http://x.example/y.png)", "[link](http://x.example)",
        "<img src=x onerror=alert(1)>", "<b>bold</b>", "~~struck~~ and ~one~", "# Heading", "- item",
        "1. item", "+ item", "[ ] task", "[x] done", "https://example.com/a_b_c",
    ]

    /// The week of ``week(language:warnings:)`` with a top table of ``markdownHostileNames``, a hostile
    /// title, and warnings whose workplace ids are hostile too.
    static func markdownHostile() -> Report {
        var report = week(warnings: [
            uvWarning(id: "- www.example.com"), conflictWarning(id: "1. someone@example.com"),
        ])
        report.title = "- [x] ~~Q4~~ www.example.com <b>x</b>"
        let names = markdownHostileNames
        report.workplaces = names.indices.map { i in
            let pv = Int64(1_000 - i * 10)
            return WorkplaceSummary(
                id: "wp-\(i)", name: names[i], rank: i + 1, pv: pv, uvDays: pv / 2, avgDailyUV: Double(pv / 2) / 7,
                peakDailyUV: pv / 10, activeDays: 7, share: Double(pv) / 18_345, previous: nil, pvChangePct: nil,
                isNew: true, trend: [pv, pv, pv, pv, pv, pv, pv])
        }
        report.topCount = names.count
        return report
    }

    /// A month with no data at all and no previous period.
    static func empty(language: String = "en") -> Report {
        let october = period("2026-10-01", "2026-10-31", .month)
        return Report(
            generatedAt: 1_793_512_800, language: language, title: "Empty <month>", source: ReportSource(),
            period: october, previousPeriod: nil,
            totals: Totals(pv: 0, uvDays: 0, avgDailyUV: 0, activeWorkplaces: 0, previous: nil),
            workplaces: [], topCount: 0,
            daily: (0..<31).map { DailyTotal(date: october.from.adding(days: $0), pv: 0, uvDays: 0) },
            weekly: [], monthly: [], workplaceWeekly: [], workplaceMonthly: [], records: [], warnings: [])
    }

    /// October 2026, compared with September, from a synthetic tenant of 24 workplaces.
    ///
    /// Built through the real aggregation: weekday rhythm, a workplace launched mid-month, one gone
    /// quiet, hostile names. It is for looking at and for the interop checks, which compute their
    /// expectations from its JSON.
    static func month(language: String = "zh") -> Report {
        let names: [(zh: String, en: String)] = [
            ("全员门户", "All-hands portal"), ("销售工作台", "Sales desk"), ("研发中心 🚀", "R&D center 🚀"),
            ("人力资源服务", "HR services"), ("财务报销", "Expenses"), ("客户成功", "Customer success"),
            ("IT 服务台", "IT help desk"), ("<script>alert(1)</script>", "<b>bold</b> & \"quotes\""),
            ("市场 | 品牌", "Marketing | Brand"), ("=SUM(A1)", "=cmd|' /C calc'!A0"), ("法务合规", "Legal"),
            ("行政服务", "Facilities"), ("供应链协同", "Supply chain"), ("培训学院", "Academy"),
            ("数据看板", "Dashboards"), ("采购平台", "Procurement"), ("质量管理", "Quality"),
            ("海外业务（新加坡）", "Overseas (Singapore)"), ("新员工入职", "Onboarding"), ("董事会", "Board"),
            ("项目管理办公室", "PMO"), ("安全中心", "Security"),
            (String(repeating: "超长名称", count: 30), String(repeating: "Very long name ", count: 20)),
            ("新上线：智能助手", "New: AI assistant"),
        ]
        var dataset = AccessDataset(coverage: DateRange(from: date("2026-09-01"), to: date("2026-10-31")))
        var seed: UInt64 = 20_261_031
        func random(_ bound: Int64) -> Int64 {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int64((seed >> 33) % UInt64(bound))
        }
        let start = date("2026-09-01")
        for day in 0..<61 {
            let d = start.adding(days: day)
            let weekend = d.isoWeekday >= 6
            for (i, name) in names.enumerated() {
                if i == 23 && d < date("2026-10-12") { continue }  // launched mid-October
                if i == 19 && d > date("2026-10-09") { continue }  // quiet after early October
                let base = Int64(4_000 / (i + 2)) * (weekend ? 3 : 10) / 10
                let growth = Int64(day) * Int64(24 - i) / 12
                let pv = max(0, base + growth + random(base / 3 + 5) - base / 6)
                if pv == 0 { continue }
                let uv = max(1, pv * (30 + random(25)) / 100)
                dataset.append(
                    workplaceID: "wp_\(String(1000 + i * 37))", date: d, pv: pv, uv: uv,
                    names: [
                        LocalizedName(language: "zh_cn", name: name.zh),
                        LocalizedName(language: "en_us", name: name.en),
                    ])
            }
        }
        let options = ReportOptions(
            top: 10, language: language, generatedAt: 1_793_512_800,
            source: ReportSource(baseURL: "https://open.feishu.cn", fetchedAt: "2026-11-01T05:59:00Z"))
        guard let october = ReportPeriod.month(year: 2026, month: 10) else { preconditionFailure("bad month") }
        return Aggregation.makeReport(dataset: dataset, period: october, options: options)
    }

    /// October 2026 (or 2026-W43) with 14 months of history (2025-09-01 … 2026-10-31).
    ///
    /// A store-like coverage with a hole: April 2026 was never fetched, so that month has no figures.
    /// Six workplaces with hostile names, growing month by month; through the real aggregation.
    static func history(language: String = "en", weekly: Bool = false) -> Report {
        let names = [
            "All-hands portal", "=SUM(A1) | <b>x</b>", "研发中心 🚀", "Sales *desk*", "HR", "Quiet one",
        ]
        var dataset = AccessDataset()
        dataset.coveredRanges = [
            DateRange(from: date("2025-09-01"), to: date("2026-03-31"))!,
            DateRange(from: date("2026-05-01"), to: date("2026-10-31"))!,
        ]
        var day = date("2025-09-01")
        var month = 0
        while day <= date("2026-10-31") {
            if day.day == 1 && day != date("2025-09-01") { month += 1 }
            if day.month != 4 || day.year != 2026 {
                for (i, name) in names.enumerated() {
                    if i == 5 && month > 3 { continue }  // gone quiet after 2025-12
                    let pv = Int64(600 / (i + 1) + month * (12 - 2 * i) + (day.isoWeekday >= 6 ? 0 : 40))
                    dataset.append(
                        workplaceID: "wp_h\(i)", date: day, pv: pv, uv: max(1, pv / 4),
                        names: [LocalizedName(language: "en_us", name: name)])
                }
            }
            day = day.adding(days: 1)
        }
        let period =
            weekly
            ? ReportPeriod.week(year: 2026, week: 43)! : ReportPeriod.month(year: 2026, month: 10)!
        let options = ReportOptions(
            top: 10, language: language, generatedAt: 1_793_512_800,
            source: ReportSource(input: "history.sqlite", apiCalls: 0))
        return Aggregation.makeReport(dataset: dataset, period: period, options: options)
    }
}
