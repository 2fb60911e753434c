import WorkplaceModel

/// What the report shows besides the data: top N, language, title, time and source.
public struct ReportOptions: Sendable {
    /// The top N when none is chosen.
    public static let defaultTop = 10
    /// The top N a report may ask for.
    public static let topRange = 1...1000
    /// The language when none is chosen.
    public static let defaultLanguage = "zh"

    /// How many workplaces the top-N table and chart show.
    public var top: Int
    /// The language of names and headers: `zh`, `en` or `ja`.
    public var language: String
    /// A title chosen by the user, or nil for the default title.
    public var title: String?
    /// When the report was generated, seconds since 1970.
    public var generatedAt: Int64
    /// Where the data came from.
    public var source: ReportSource
    /// Only these workplaces, or every workplace when empty.
    public var workplaceIDs: Set<String>
    /// Names of blocks by block id (config `blocks`, `--block-name`); a block without one shows its id.
    public var blockNames: [String: String]

    /// Creates the options.
    public init(
        top: Int = defaultTop, language: String = defaultLanguage, title: String? = nil, generatedAt: Int64,
        source: ReportSource = ReportSource(), workplaceIDs: Set<String> = [], blockNames: [String: String] = [:]
    ) {
        self.top = top
        self.language = language
        self.title = title
        self.generatedAt = generatedAt
        self.source = source
        self.workplaceIDs = workplaceIDs
        self.blockNames = blockNames
    }
}

/// Rolls raw daily records up into the report model.
///
/// Pure: no clock, no files, no network.
public enum Aggregation {
    /// Periods up to this many days get a daily trend per workplace; longer ones a weekly trend.
    public static let dailyTrendLimit = 92

    /// Builds the report of `period` from `dataset`.
    ///
    /// Semantics (spec §5): records outside the period (and the previous period) are ignored;
    /// identical duplicates of (id, date) merge, conflicting ones keep the later and warn; a missing
    /// day counts as 0; the previous period is compared only when the data covers it.
    ///
    /// The steps: decide the scope (selection, comparison, id order), de-duplicate, tally every record
    /// once, rank, then build each part of the report from the tally.
    public static func makeReport(dataset: AccessDataset, period: ReportPeriod, options: ReportOptions) -> Report {
        let part = rankedPart(
            dataset: dataset, period: period, workplaceIDs: options.workplaceIDs, top: options.top,
            name: { displayName($0, language: options.language) })
        var report = Report(
            generatedAt: options.generatedAt, language: options.language, title: options.title,
            source: options.source, period: period, previousPeriod: part.previousPeriod, totals: part.totals,
            workplaces: part.items, topCount: part.topCount, daily: part.daily, weekly: part.weekly,
            monthly: part.monthly, workplaceWeekly: part.itemWeekly, workplaceMonthly: part.itemMonthly,
            records: part.records, warnings: part.warnings)
        (report.history, report.yearAgo) = history(
            dataset: dataset, period: period, selected: part.selected, top: report.top)
        return report
    }

    /// Builds the report of `period` from every dataset of a run: the custom workplaces as
    /// ``makeReport(dataset:period:options:)`` does (an empty dataset when `data.custom` is nil), plus
    /// the ``Report/overall`` and ``Report/blocks`` parts, each nil when its dataset is nil.
    ///
    /// Warnings of the overall and blocks data follow the custom ones in ``Report/warnings``.
    public static func makeReport(data: WorkplaceData, period: ReportPeriod, options: ReportOptions) -> Report {
        var report = makeReport(dataset: data.custom ?? AccessDataset(), period: period, options: options)
        if let overall = data.overall {
            let part = overallPart(overall, period: period, custom: data.custom == nil ? nil : report)
            report.overall = part
            report.warnings += part.warnings
        }
        if let blocks = data.blocks {
            let part = blocksPart(blocks, period: period, options: options)
            report.blocks = part
            report.warnings += part.warnings
        }
        return report
    }

    /// The blocks ranked exactly like workplaces (one code path): names from `options.blockNames`, else the id.
    static func blocksPart(_ dataset: AccessDataset, period: ReportPeriod, options: ReportOptions) -> BlocksPart {
        let part = rankedPart(
            dataset: dataset, period: period, workplaceIDs: [], top: options.top,
            name: { options.blockNames[$0.id].flatMap { $0.isEmpty ? nil : $0 } ?? $0.id })
        return BlocksPart(
            previousPeriod: part.previousPeriod, totals: part.totals, blocks: part.items, topCount: part.topCount,
            daily: part.daily, weekly: part.weekly, monthly: part.monthly, blockWeekly: part.itemWeekly,
            blockMonthly: part.itemMonthly,
            warnings: part.warnings.map {
                var warning = $0; warning.dataset = .blocks; return warning
            })
    }

    /// Everything ranked about a set of items (custom workplaces, or blocks) over a period.
    struct RankedPart {
        var previousPeriod: ReportPeriod?
        var totals: Totals
        var items: [WorkplaceSummary]
        var topCount: Int
        var daily: [DailyTotal]
        var weekly: [BucketTotal]
        var monthly: [BucketTotal]
        var itemWeekly: [WorkplaceBucket]
        var itemMonthly: [WorkplaceBucket]
        var records: [DailyRecord]
        var warnings: [ReportWarning]
        var selected: [Bool]
    }

    /// The steps: decide the scope (selection, comparison, id order), de-duplicate, tally every record
    /// once, rank, then build each part from the tally.
    static func rankedPart(
        dataset: AccessDataset, period: ReportPeriod, workplaceIDs: Set<String>, top: Int,
        name: (Workplace) -> String
    ) -> RankedPart {
        let scope = Scope(dataset: dataset, period: period, workplaceIDs: workplaceIDs)
        let deduped = deduplicate(
            dataset: dataset, selected: scope.selected, ordinal: scope.ordinal, window: scope.window)
        let tally = Tally(records: deduped.records, period: scope.current, workplaceCount: dataset.workplaces.count)
        let ranked = rankOrder(tally.current, ordinal: scope.ordinal)
        let summaries = workplaceSummaries(ranked: ranked, tally: tally, scope: scope, dataset: dataset, name: name)
        let (weekly, workplaceWeekly) = bucketRows(tally.weeks, tally.weekly, ranked: ranked)
        let (monthly, workplaceMonthly) = bucketRows(tally.months, tally.monthly, ranked: ranked)
        return RankedPart(
            previousPeriod: scope.compared ? scope.previousPeriod : nil,
            totals: totals(tally, ranked: ranked, compared: scope.compared), items: summaries,
            topCount: min(max(top, 0), summaries.count), daily: dailyTotals(tally, period: scope.current),
            weekly: weekly, monthly: monthly, itemWeekly: workplaceWeekly, itemMonthly: workplaceMonthly,
            records: dailyRecords(tally.periodRecords, ranked: ranked, workplaceCount: dataset.workplaces.count),
            warnings: warnings(deduped, tally, dataset: dataset), selected: scope.selected)
    }

    /// What the report covers: the two periods, the selected workplaces, whether it compares, and the
    /// order of workplaces by id.
    private struct Scope {
        let current: DateRange
        let previousPeriod: ReportPeriod
        let previous: DateRange
        /// By workplace index: chosen by `--workplace` (every workplace when none is given).
        let selected: [Bool]
        /// The data covers the previous period, so the report compares with it.
        let compared: Bool
        /// By workplace index: its position in id order (the tie-break and the Daily sheet's order).
        let ordinal: [Int32]

        init(dataset: AccessDataset, period: ReportPeriod, workplaceIDs: Set<String>) {
            current = period.range
            previousPeriod = period.previous
            let previous = previousPeriod.range
            self.previous = previous
            let selected = dataset.workplaces.map { workplaceIDs.isEmpty || workplaceIDs.contains($0.id) }
            self.selected = selected
            if let coverage = dataset.coverage {
                compared = coverage.covers(previous)
            } else {
                compared = dataset.records.contains { previous.contains($0.date) && selected[Int($0.workplace)] }
            }
            let byID = dataset.workplaces.indices.sorted { dataset.workplaces[$0].id < dataset.workplaces[$1].id }
            var ordinal = [Int32](repeating: 0, count: dataset.workplaces.count)
            for (position, workplace) in byID.enumerated() { ordinal[workplace] = Int32(position) }
            self.ordinal = ordinal
        }

        /// The days whose records count: the period, and the previous one when comparing.
        var window: DateRange {
            compared ? DateRange(from: previous.from, to: current.to)! : current
        }
    }

    /// Every de-duplicated record added up once: per workplace, per workplace and week or month, per
    /// day, and the records of the period itself.
    private struct Tally {
        let days: Int
        let weeks: [Bucket]
        let months: [Bucket]
        /// By workplace index: the period, and the previous period.
        var current: [Accumulator]
        var previous: [Accumulator]
        /// By workplace × bucket (`workplace * buckets.count + bucket`).
        var weekly: [Accumulator]
        var monthly: [Accumulator]
        /// By day offset into the period, over all workplaces.
        var dailyPV: [Int64]
        var dailyUV: [Int64]
        /// Periods up to ``Aggregation/dailyTrendLimit`` days keep PV per workplace and day.
        let dailyTrend: Bool
        /// By workplace × day (`workplace * days + day`), when `dailyTrend`.
        var trendPV: [Int64]
        /// The period's records, in (date, workplace id) order.
        var periodRecords: [AccessRecord] = []
        var uvAbovePV = 0
        var firstUVAbovePV: AccessRecord?

        init(records: [AccessRecord], period: DateRange, workplaceCount: Int) {
            days = period.days
            weeks = Aggregation.buckets(of: period, kind: .week)
            months = Aggregation.buckets(of: period, kind: .month)
            current = [Accumulator](repeating: Accumulator(), count: workplaceCount)
            previous = current
            weekly = [Accumulator](repeating: Accumulator(), count: workplaceCount * weeks.count)
            monthly = [Accumulator](repeating: Accumulator(), count: workplaceCount * months.count)
            dailyPV = [Int64](repeating: 0, count: days)
            dailyUV = dailyPV
            dailyTrend = days <= Aggregation.dailyTrendLimit
            trendPV = [Int64](repeating: 0, count: dailyTrend ? workplaceCount * days : 0)
            periodRecords.reserveCapacity(records.count)

            let weekOfDay = Aggregation.bucketIndexOfDay(weeks, period: period)
            let monthOfDay = Aggregation.bucketIndexOfDay(months, period: period)
            for record in records {
                let workplace = Int(record.workplace)
                guard period.contains(record.date) else {
                    previous[workplace].add(record)
                    continue
                }
                let day = period.from.days(to: record.date)
                current[workplace].add(record)
                weekly[workplace * weeks.count + weekOfDay[day]].add(record)
                monthly[workplace * months.count + monthOfDay[day]].add(record)
                dailyPV[day] += record.pv
                dailyUV[day] += record.uv
                if dailyTrend { trendPV[workplace * days + day] += record.pv }
                periodRecords.append(record)
                if record.uv > record.pv {
                    uvAbovePV += 1
                    if firstUVAbovePV == nil { firstUVAbovePV = record }
                }
            }
        }

        /// A workplace's PV per day of the period, or per week for longer periods: its sparkline.
        func trend(of workplace: Int) -> [Int64] {
            dailyTrend
                ? Array(trendPV[(workplace * days)..<(workplace * days + days)])
                : (0..<weeks.count).map { weekly[workplace * weeks.count + $0].pv }
        }
    }

    /// The workplaces with a record in `stats`, best first: PV desc, then average daily UV desc (same
    /// days, so user-days desc), then id asc.
    private static func rankOrder(_ stats: [Accumulator], ordinal: [Int32]) -> [Int] {
        stats.indices.filter { stats[$0].records > 0 }.sorted { a, b in
            if stats[a].pv != stats[b].pv { return stats[a].pv > stats[b].pv }
            if stats[a].uv != stats[b].uv { return stats[a].uv > stats[b].uv }
            return ordinal[a] < ordinal[b]
        }
    }

    /// One summary per ranked workplace, with its standing in the previous period when compared.
    private static func workplaceSummaries(
        ranked: [Int], tally: Tally, scope: Scope, dataset: AccessDataset, name: (Workplace) -> String
    ) -> [WorkplaceSummary] {
        var previousRank = [Int](repeating: 0, count: tally.previous.count)
        if scope.compared {
            for (index, workplace) in rankOrder(tally.previous, ordinal: scope.ordinal).enumerated() {
                previousRank[workplace] = index + 1
            }
        }
        let totalPV = tally.dailyPV.reduce(0, +)
        let days = Double(tally.days)
        var summaries: [WorkplaceSummary] = []
        summaries.reserveCapacity(ranked.count)
        for (index, workplace) in ranked.enumerated() {
            let now = tally.current[workplace]
            let before = tally.previous[workplace]
            let standing =
                scope.compared && before.records > 0
                ? PreviousStanding(pv: before.pv, rank: previousRank[workplace]) : nil
            let change = standing.flatMap { $0.pv > 0 ? Double(now.pv - $0.pv) / Double($0.pv) * 100 : nil }
            summaries.append(
                WorkplaceSummary(
                    id: dataset.workplaces[workplace].id,
                    name: name(dataset.workplaces[workplace]),
                    rank: index + 1, pv: now.pv, uvDays: now.uv, avgDailyUV: Double(now.uv) / days,
                    peakDailyUV: now.peak, activeDays: now.activeDays,
                    share: totalPV > 0 ? Double(now.pv) / Double(totalPV) : 0,
                    previous: standing, pvChangePct: change, isNew: scope.compared && before.records == 0,
                    trend: tally.trend(of: workplace)))
        }
        return summaries
    }

    /// The totals of each bucket over all workplaces, and every workplace × bucket in rank order.
    private static func bucketRows(
        _ buckets: [Bucket], _ stats: [Accumulator], ranked: [Int]
    ) -> ([BucketTotal], [WorkplaceBucket]) {
        var totals: [BucketTotal] = []
        var rows: [WorkplaceBucket] = []
        rows.reserveCapacity(buckets.count * ranked.count)
        for (index, bucket) in buckets.enumerated() {
            let days = Double(bucket.range.days)
            var pv: Int64 = 0
            var uv: Int64 = 0
            for (position, workplace) in ranked.enumerated() {
                let cell = stats[workplace * buckets.count + index]
                pv += cell.pv
                uv += cell.uv
                rows.append(
                    WorkplaceBucket(
                        workplace: position, label: bucket.label, pv: cell.pv, uvDays: cell.uv,
                        avgDailyUV: Double(cell.uv) / days, peakDailyUV: cell.peak, activeDays: cell.activeDays))
            }
            totals.append(
                BucketTotal(
                    label: bucket.label, from: bucket.range.from, to: bucket.range.to,
                    partial: bucket.range.days < bucket.fullDays, daysCovered: bucket.range.days, pv: pv,
                    uvDays: uv, avgDailyUV: Double(uv) / days))
        }
        return (totals, rows)
    }

    /// The period's totals over all workplaces, with the previous period's when compared.
    private static func totals(_ tally: Tally, ranked: [Int], compared: Bool) -> Totals {
        let pv = tally.dailyPV.reduce(0, +)
        let uvDays = tally.dailyUV.reduce(0, +)
        let previous =
            compared
            ? tally.previous.reduce((pv: Int64(0), uvDays: Int64(0), activeWorkplaces: 0)) {
                ($0.pv + $1.pv, $0.uvDays + $1.uv, $0.activeWorkplaces + ($1.pv > 0 ? 1 : 0))
            } : nil
        return Totals(
            pv: pv, uvDays: uvDays, avgDailyUV: Double(uvDays) / Double(tally.days),
            activeWorkplaces: ranked.count(where: { tally.current[$0].pv > 0 }), previous: previous)
    }

    /// Every day of the period over all workplaces, zero days included.
    private static func dailyTotals(_ tally: Tally, period: DateRange) -> [DailyTotal] {
        (0..<tally.days).map {
            DailyTotal(date: period.from.adding(days: $0), pv: tally.dailyPV[$0], uvDays: tally.dailyUV[$0])
        }
    }

    /// The period's records with their workplace as an index into the ranked list.
    private static func dailyRecords(_ records: [AccessRecord], ranked: [Int], workplaceCount: Int) -> [DailyRecord] {
        var position = [Int32](repeating: -1, count: workplaceCount)
        for (index, workplace) in ranked.enumerated() { position[workplace] = Int32(index) }
        return records.map {
            DailyRecord(date: $0.date, workplace: position[Int($0.workplace)], pv: $0.pv, uv: $0.uv)
        }
    }

    /// The warnings about the data: conflicting duplicates first, then UV above PV.
    private static func warnings(_ deduped: Deduplicated, _ tally: Tally, dataset: AccessDataset) -> [ReportWarning] {
        func example(_ record: AccessRecord) -> WarningExample {
            WarningExample(
                workplaceID: dataset.workplaces[Int(record.workplace)].id, date: record.date, pv: record.pv,
                uv: record.uv)
        }
        var warnings: [ReportWarning] = []
        if let first = deduped.firstConflict {
            warnings.append(
                ReportWarning(kind: .conflictingDuplicates, count: deduped.conflicts, example: example(first)))
        }
        if let first = tally.firstUVAbovePV {
            warnings.append(ReportWarning(kind: .uvAbovePV, count: tally.uvAbovePV, example: example(first)))
        }
        return warnings
    }

    /// The display name: the name in `language` (`zh` matches `zh`, `zh_cn`, `zh-CN`), else zh, en,
    /// ja, any other, else the id.
    public static func displayName(_ workplace: Workplace, language: String) -> String {
        func primary(_ code: String) -> Substring {
            code.split(whereSeparator: { $0 == "-" || $0 == "_" }).first.map { Substring($0.lowercased()) } ?? ""
        }
        let names = workplace.names.filter { !$0.name.isEmpty }
        for wanted in [language.lowercased(), "zh", "en", "ja"] {
            if let hit = names.first(where: { primary($0.language) == wanted }) { return hit.name }
        }
        return names.first?.name ?? workplace.id
    }

    /// Keeps one record per (workplace, date) inside `window`, sorted by (date, workplace id).
    static func deduplicate(
        dataset: AccessDataset, selected: [Bool], ordinal: [Int32], window: DateRange
    ) -> Deduplicated {
        var keyed: [(key: UInt64, seq: Int)] = []
        keyed.reserveCapacity(dataset.records.count)
        for (seq, r) in dataset.records.enumerated() where window.contains(r.date) && selected[Int(r.workplace)] {
            let day = UInt64(window.from.days(to: r.date))
            keyed.append((day << 32 | UInt64(ordinal[Int(r.workplace)]), seq))
        }
        // Stable on arrival order: within one key the last element is the latest record.
        keyed.sort { $0.key != $1.key ? $0.key < $1.key : $0.seq < $1.seq }
        var out = Deduplicated()
        out.records.reserveCapacity(keyed.count)
        var i = 0
        while i < keyed.count {
            var j = i
            while j + 1 < keyed.count && keyed[j + 1].key == keyed[i].key { j += 1 }
            let kept = dataset.records[keyed[j].seq]
            if j > i {
                let conflicting = (i..<j).contains {
                    let r = dataset.records[keyed[$0].seq]
                    return r.pv != kept.pv || r.uv != kept.uv
                }
                if conflicting {
                    out.conflicts += 1
                    if out.firstConflict == nil { out.firstConflict = kept }
                } else {
                    out.identical += j - i
                }
            }
            out.records.append(kept)
            i = j + 1
        }
        return out
    }

    struct Deduplicated {
        var records: [AccessRecord] = []
        var conflicts = 0
        var identical = 0
        var firstConflict: AccessRecord?
    }

    private struct Accumulator {
        var pv: Int64 = 0
        var uv: Int64 = 0
        var peak: Int64 = 0
        var activeDays = 0
        var records = 0

        mutating func add(_ r: AccessRecord) {
            pv += r.pv
            uv += r.uv
            if r.uv > peak { peak = r.uv }
            if r.pv > 0 { activeDays += 1 }
            records += 1
        }
    }

    struct Bucket {
        var label: String
        var range: DateRange
        var fullDays: Int
    }

    enum BucketKind { case week, month }

    /// For each day of `period` (by offset), the index of the bucket holding it.
    private static func bucketIndexOfDay(_ buckets: [Bucket], period: DateRange) -> [Int] {
        var result: [Int] = []
        result.reserveCapacity(period.days)
        for (b, bucket) in buckets.enumerated() {
            result.append(contentsOf: repeatElement(b, count: bucket.range.days))
        }
        return result
    }

    /// Every week or month touching `period`, clipped to it.
    static func buckets(of period: DateRange, kind: BucketKind) -> [Bucket] {
        var result: [Bucket] = []
        var start = kind == .week ? period.from.startOfISOWeek : period.from.startOfMonth
        while start <= period.to {
            let end = kind == .week ? start.adding(days: 6) : start.endOfMonth
            let clipped = DateRange(from: max(start, period.from), to: min(end, period.to))!
            result.append(
                Bucket(
                    label: kind == .week ? start.weekLabel : start.monthLabel, range: clipped,
                    fullDays: start.days(to: end) + 1))
            start = end.adding(days: 1)
        }
        return result
    }
}
