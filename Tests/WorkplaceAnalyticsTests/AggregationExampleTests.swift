import Testing
import WorkplaceAnalytics
import WorkplaceModel

// Small reports whose every number was worked out by hand.

private func day(_ text: String) -> CalendarDate { CalendarDate(iso: text)! }

/// Two workplaces, 2026-W43 (Mon 10-19 … Sun 10-25) and the week before.
private func sample() -> AccessDataset {
    var d = AccessDataset()
    let a = [LocalizedName(language: "zh_cn", name: "甲"), LocalizedName(language: "en", name: "Alpha")]
    let b = [LocalizedName(language: "ja", name: "ベータ")]
    d.append(workplaceID: "tpl_a", date: day("2026-10-19"), pv: 10, uv: 4, names: a)
    d.append(workplaceID: "tpl_a", date: day("2026-10-20"), pv: 0, uv: 0, names: a)
    d.append(workplaceID: "tpl_a", date: day("2026-10-25"), pv: 5, uv: 5, names: a)
    d.append(workplaceID: "tpl_b", date: day("2026-10-21"), pv: 7, uv: 9, names: b)  // uv > pv: kept
    d.append(workplaceID: "tpl_b", date: day("2026-10-22"), pv: 8, uv: 2, names: b)
    d.append(workplaceID: "tpl_b", date: day("2026-10-22"), pv: 8, uv: 2, names: b)  // identical: merged
    d.append(workplaceID: "tpl_a", date: day("2026-10-12"), pv: 30, uv: 3, names: a)  // previous week
    d.append(workplaceID: "tpl_a", date: day("2026-10-26"), pv: 99, uv: 9, names: a)  // after the period
    return d
}

@Test func aWeekByHand() throws {
    let period = try PeriodSelection.week("2026-W43").resolve(today: day("2026-11-26"))
    let r = Aggregation.makeReport(
        dataset: sample(), period: period, options: ReportOptions(top: 1, language: "en", generatedAt: 0))
    // tpl_a: pv 10+0+5 = 15, uv 4+0+5 = 9; tpl_b: pv 7+8 = 15, uv 9+2 = 11.
    // Equal PV, so average daily UV decides: tpl_b (11/7) before tpl_a (9/7).
    #expect(r.workplaces.map(\.id) == ["tpl_b", "tpl_a"])
    #expect(r.totals.pv == 30 && r.totals.uvDays == 20 && r.totals.avgDailyUV == 20.0 / 7)
    #expect(r.totals.activeWorkplaces == 2)
    let b = r.workplaces[0]
    let a = r.workplaces[1]
    #expect(b.name == "ベータ", "no en name: falls back through zh, en, ja")
    #expect(a.name == "Alpha")
    #expect(a.pv == 15 && a.uvDays == 9 && a.peakDailyUV == 5 && a.activeDays == 2 && a.share == 0.5)
    #expect(b.peakDailyUV == 9 && b.activeDays == 2)
    #expect(r.topCount == 1 && r.top.map(\.id) == ["tpl_b"])
    // Raw API data with a record in the previous week: compared. tpl_a had 30 PV there (rank 1); tpl_b none.
    #expect(r.previousPeriod?.label == "2026-W42")
    #expect(a.previous?.pv == 30 && a.previous?.rank == 1 && a.pvChangePct == -50 && a.rankChange == -1)
    #expect(b.previous == nil && b.isNew && b.pvChangePct == nil)
    #expect(r.totals.previous?.pv == 30 && r.totals.previous?.uvDays == 3 && r.totals.previous?.activeWorkplaces == 1)
    #expect(r.totals.activeWorkplacesChangePct == 100)
    // Daily: Mon 10, Tue 0, Wed 7, Thu 8, Fri 0, Sat 0, Sun 5.
    #expect(r.daily.map(\.pv) == [10, 0, 7, 8, 0, 0, 5])
    #expect(r.weekly.count == 1 && r.weekly[0].label == "2026-W43" && !r.weekly[0].partial)
    #expect(r.monthly.count == 1 && r.monthly[0].label == "2026-10" && r.monthly[0].partial)
    #expect(r.monthly[0].daysCovered == 7)
    #expect(r.records.count == 5, "the identical duplicate is merged")
    // One record has UV above PV: tpl_b on 10-21 (pv 7, uv 9).
    #expect(
        r.warnings == [
            ReportWarning(
                kind: .uvAbovePV, count: 1,
                example: WarningExample(workplaceID: "tpl_b", date: day("2026-10-21"), pv: 7, uv: 9))
        ])
    #expect(a.trend == [10, 0, 0, 0, 0, 0, 5])
}

@Test func conflictingDuplicatesKeepTheLaterOne() {
    var d = AccessDataset()
    d.append(workplaceID: "tpl_a", date: day("2026-10-01"), pv: 5, uv: 1, names: [])
    d.append(workplaceID: "tpl_a", date: day("2026-10-01"), pv: 7, uv: 2, names: [])
    let period = ReportPeriod.month(year: 2026, month: 10)!
    let r = Aggregation.makeReport(dataset: d, period: period, options: ReportOptions(generatedAt: 0))
    #expect(r.totals.pv == 7 && r.totals.uvDays == 2)
    // One conflicting pair; its example is the record kept, the later one.
    #expect(
        r.warnings == [
            ReportWarning(
                kind: .conflictingDuplicates, count: 1,
                example: WarningExample(workplaceID: "tpl_a", date: day("2026-10-01"), pv: 7, uv: 2))
        ])
    #expect(r.workplaces[0].name == "tpl_a", "no names at all: the id")
    // Raw data with nothing in September: not compared, so nobody is new.
    #expect(r.previousPeriod == nil && !r.workplaces[0].isNew)
}

@Test func aMonthAcrossTheYearWithACoveringSnapshot() {
    var d = AccessDataset(coverage: DateRange(from: day("2026-11-01"), to: day("2027-01-31")))
    d.append(workplaceID: "tpl_a", date: day("2027-01-01"), pv: 4, uv: 2, names: [])
    let r = Aggregation.makeReport(
        dataset: d, period: ReportPeriod.month(year: 2027, month: 1)!, options: ReportOptions(generatedAt: 0))
    // January 2027 touches ISO weeks 2026-W53 (Jan 1–3) through 2027-W04 (Mon Jan 25 – Sun Jan 31).
    #expect(r.weekly.map(\.label) == ["2026-W53", "2027-W01", "2027-W02", "2027-W03", "2027-W04"])
    #expect(r.weekly[0].partial && r.weekly[0].daysCovered == 3 && r.weekly[0].pv == 4)
    #expect(!r.weekly[4].partial && r.weekly[4].from == day("2027-01-25"))
    // The snapshot's query covers December: compared, and tpl_a is new.
    #expect(r.previousPeriod?.label == "2026-12" && r.workplaces[0].isNew)
    #expect(r.totals.previous?.pv == 0)
}

@Test func noDataIsAReportWithZeroDays() {
    let r = Aggregation.makeReport(
        dataset: AccessDataset(), period: ReportPeriod.month(year: 2024, month: 2)!,
        options: ReportOptions(generatedAt: 0))
    #expect(r.workplaces.isEmpty && r.daily.count == 29 && r.totals.pv == 0 && r.totals.avgDailyUV == 0)
    #expect(r.warnings.isEmpty && r.topCount == 0)
}

/// The whole workplace over 2026-W43, worked out by hand: a hole, an identical and a conflicting duplicate.
@Test func theWholeWorkplaceByHand() throws {
    let period = try PeriodSelection.week("2026-W43").resolve(today: day("2026-11-26"))
    let overall = OverallDataset(records: [
        OverallRecord(date: day("2026-10-19"), allPV: 100, allUV: 20, defaultPV: 40, defaultUV: 10),
        OverallRecord(date: day("2026-10-20"), allPV: 50, allUV: 9, defaultPV: 20, defaultUV: 5),
        OverallRecord(date: day("2026-10-20"), allPV: 50, allUV: 9, defaultPV: 20, defaultUV: 5),  // identical
        OverallRecord(date: day("2026-10-21"), allPV: 70, allUV: 7, defaultPV: 30, defaultUV: 3),
        OverallRecord(date: day("2026-10-21"), allPV: 80, allUV: 8, defaultPV: 35, defaultUV: 4),  // later wins
        OverallRecord(date: day("2026-10-25"), allPV: 10, allUV: 4, defaultPV: 0, defaultUV: 0),
    ])
    let r = Aggregation.makeReport(
        data: WorkplaceData(custom: sample(), overall: overall), period: period,
        options: ReportOptions(top: 1, language: "en", generatedAt: 0))
    let o = try #require(r.overall)
    #expect(o.daily.map(\.allPV) == [100, 50, 80, 0, 0, 0, 10])
    #expect(o.daily.map(\.allUV) == [20, 9, 8, 0, 0, 0, 4])
    #expect(o.daily.map(\.customPV) == [10, 0, 7, 8, 0, 0, 5])
    #expect(o.totals.allPV == 240 && o.totals.allUVDays == 41 && o.totals.allAvgDailyUV == 41.0 / 7)
    #expect(o.totals.defaultPV == 95 && o.totals.defaultUVDays == 19)
    #expect(o.totals.customPV == 30 && o.totals.customShare == 30.0 / 240)
    // No overall record in W42 and no coverage: not compared, even though the custom data is.
    #expect(o.previousPeriod == nil && o.previous == nil && o.allPVChangePct == nil)
    let conflict = ReportWarning(
        kind: .conflictingDuplicates, count: 1,
        example: WarningExample(workplaceID: "all_workplace", date: day("2026-10-21"), pv: 80, uv: 8),
        dataset: .overall)
    #expect(o.warnings == [conflict])
    #expect(r.warnings.last == conflict)
    #expect(r.blocks == nil)
}

/// Blocks ranked like workplaces, named from the options, else by their id.
@Test func blocksByHand() throws {
    let period = try PeriodSelection.week("2026-W43").resolve(today: day("2026-11-26"))
    var blocks = AccessDataset()
    blocks.append(workplaceID: "blk_1", date: day("2026-10-19"), pv: 5, uv: 2, names: [])
    blocks.append(workplaceID: "blk_2", date: day("2026-10-20"), pv: 9, uv: 3, names: [])
    blocks.append(workplaceID: "blk_2", date: day("2026-10-12"), pv: 1, uv: 1, names: [])  // previous week
    var options = ReportOptions(top: 1, language: "en", generatedAt: 0)
    options.blockNames = ["blk_1": "News"]
    let r = Aggregation.makeReport(data: WorkplaceData(blocks: blocks), period: period, options: options)
    let b = try #require(r.blocks)
    #expect(r.overall == nil && r.workplaces.isEmpty)
    #expect(b.blocks.map(\.id) == ["blk_2", "blk_1"])
    #expect(b.blocks.map(\.name) == ["blk_2", "News"])
    #expect(b.totals.pv == 14 && b.topCount == 1 && b.top.map(\.id) == ["blk_2"])
    #expect(b.blocks[0].previous?.pv == 1 && b.blocks[0].pvChangePct == 800 && b.blocks[1].isNew)
    #expect(b.blocks[0].share == 9.0 / 14 && b.blocks[0].trend == [0, 9, 0, 0, 0, 0, 0])
}
