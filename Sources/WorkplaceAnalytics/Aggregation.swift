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

    /// Creates the options.
    public init(
        top: Int = defaultTop, language: String = defaultLanguage, title: String? = nil, generatedAt: Int64,
        source: ReportSource = ReportSource(), workplaceIDs: Set<String> = []
    ) {
        self.top = top
        self.language = language
        self.title = title
        self.generatedAt = generatedAt
        self.source = source
        self.workplaceIDs = workplaceIDs
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
    public static func makeReport(dataset: AccessDataset, period: ReportPeriod, options: ReportOptions) -> Report {
        let current = period.range
        let previousPeriod = period.previous
        let prev = previousPeriod.range
        let selected = selection(dataset: dataset, ids: options.workplaceIDs)

        let compared: Bool
        if let coverage = dataset.coverage {
            compared = coverage.covers(prev)
        } else {
            compared = dataset.records.contains { prev.contains($0.date) && selected[Int($0.workplace)] }
        }

        // Order workplaces by id once: the tie-break and the Daily sheet's order both use it.
        let byID = dataset.workplaces.indices.sorted { dataset.workplaces[$0].id < dataset.workplaces[$1].id }
        var ordinal = [Int32](repeating: 0, count: dataset.workplaces.count)
        for (o, w) in byID.enumerated() { ordinal[w] = Int32(o) }

        let deduped = deduplicate(
            dataset: dataset, selected: selected, ordinal: ordinal,
            window: compared ? DateRange(from: prev.from, to: current.to)! : current)

        let weeks = buckets(of: current, kind: .week)
        let months = buckets(of: current, kind: .month)
        let workplaceCount = dataset.workplaces.count
        let days = current.days
        let weekIndexOfDay = bucketIndexOfDay(weeks, period: current)
        let monthIndexOfDay = bucketIndexOfDay(months, period: current)

        var stats = [Accumulator](repeating: Accumulator(), count: workplaceCount)
        var previousStats = [Accumulator](repeating: Accumulator(), count: workplaceCount)
        var weekStats = [Accumulator](repeating: Accumulator(), count: workplaceCount * weeks.count)
        var monthStats = [Accumulator](repeating: Accumulator(), count: workplaceCount * months.count)
        var dailyPV = [Int64](repeating: 0, count: days)
        var dailyUV = [Int64](repeating: 0, count: days)
        let dailyTrend = days <= dailyTrendLimit
        var trendPV = [Int64](repeating: 0, count: dailyTrend ? workplaceCount * days : 0)
        var periodRecords: [AccessRecord] = []
        periodRecords.reserveCapacity(deduped.records.count)
        var uvAbovePV = 0
        var firstUVAbovePV: AccessRecord?

        for r in deduped.records {
            let w = Int(r.workplace)
            if current.contains(r.date) {
                let d = current.from.days(to: r.date)
                stats[w].add(r)
                weekStats[w * weeks.count + weekIndexOfDay[d]].add(r)
                monthStats[w * months.count + monthIndexOfDay[d]].add(r)
                dailyPV[d] += r.pv
                dailyUV[d] += r.uv
                if dailyTrend { trendPV[w * days + d] += r.pv }
                periodRecords.append(r)
                if r.uv > r.pv {
                    uvAbovePV += 1
                    if firstUVAbovePV == nil { firstUVAbovePV = r }
                }
            } else {
                previousStats[w].add(r)
            }
        }

        // Rank the period's workplaces: PV desc, then average daily UV desc (same days, so user-days
        // desc), then id asc.
        let present = (0..<workplaceCount).filter { stats[$0].records > 0 }
        let ranked = present.sorted { a, b in
            if stats[a].pv != stats[b].pv { return stats[a].pv > stats[b].pv }
            if stats[a].uv != stats[b].uv { return stats[a].uv > stats[b].uv }
            return ordinal[a] < ordinal[b]
        }
        var previousRank = [Int](repeating: 0, count: workplaceCount)
        if compared {
            let before = (0..<workplaceCount).filter { previousStats[$0].records > 0 }.sorted { a, b in
                if previousStats[a].pv != previousStats[b].pv { return previousStats[a].pv > previousStats[b].pv }
                if previousStats[a].uv != previousStats[b].uv { return previousStats[a].uv > previousStats[b].uv }
                return ordinal[a] < ordinal[b]
            }
            for (i, w) in before.enumerated() { previousRank[w] = i + 1 }
        }

        let totalPV = dailyPV.reduce(0, +)
        let totalUV = dailyUV.reduce(0, +)
        var position = [Int32](repeating: -1, count: workplaceCount)
        var summaries: [WorkplaceSummary] = []
        summaries.reserveCapacity(ranked.count)
        for (i, w) in ranked.enumerated() {
            position[w] = Int32(i)
            let s = stats[w]
            let standing =
                compared && previousStats[w].records > 0
                ? PreviousStanding(pv: previousStats[w].pv, rank: previousRank[w]) : nil
            let change: Double? = standing.flatMap { $0.pv > 0 ? Double(s.pv - $0.pv) / Double($0.pv) * 100 : nil }
            let trend: [Int64] =
                dailyTrend
                ? Array(trendPV[(w * days)..<(w * days + days)])
                : (0..<weeks.count).map { weekStats[w * weeks.count + $0].pv }
            summaries.append(
                WorkplaceSummary(
                    id: dataset.workplaces[w].id,
                    name: displayName(dataset.workplaces[w], language: options.language),
                    rank: i + 1, pv: s.pv, uvDays: s.uv, avgDailyUV: Double(s.uv) / Double(days),
                    peakDailyUV: s.peak, activeDays: s.activeDays,
                    share: totalPV > 0 ? Double(s.pv) / Double(totalPV) : 0,
                    previous: standing, pvChangePct: change, isNew: compared && previousStats[w].records == 0,
                    trend: trend))
        }

        func bucketRows(_ list: [Bucket], _ acc: [Accumulator]) -> ([BucketTotal], [WorkplaceBucket]) {
            var totals: [BucketTotal] = []
            var rows: [WorkplaceBucket] = []
            rows.reserveCapacity(list.count * ranked.count)
            for (b, bucket) in list.enumerated() {
                var pv: Int64 = 0
                var uv: Int64 = 0
                for (i, w) in ranked.enumerated() {
                    let a = acc[w * list.count + b]
                    pv += a.pv
                    uv += a.uv
                    rows.append(
                        WorkplaceBucket(
                            workplace: i, label: bucket.label, pv: a.pv, uvDays: a.uv,
                            avgDailyUV: Double(a.uv) / Double(bucket.range.days), peakDailyUV: a.peak,
                            activeDays: a.activeDays))
                }
                totals.append(
                    BucketTotal(
                        label: bucket.label, from: bucket.range.from, to: bucket.range.to,
                        partial: bucket.range.days < bucket.fullDays, daysCovered: bucket.range.days, pv: pv,
                        uvDays: uv, avgDailyUV: Double(uv) / Double(bucket.range.days)))
            }
            return (totals, rows)
        }
        let (weekly, workplaceWeekly) = bucketRows(weeks, weekStats)
        let (monthly, workplaceMonthly) = bucketRows(months, monthStats)

        var warnings = deduped.warnings(dataset)
        if let r = firstUVAbovePV {
            warnings.append(
                "\(uvAbovePV) record\(uvAbovePV == 1 ? " has" : "s have") UV greater than PV (first: "
                    + "\(dataset.workplaces[Int(r.workplace)].id) on \(r.date), pv \(r.pv), uv \(r.uv)); kept as reported"
            )
        }

        var previousTotals: (pv: Int64, uvDays: Int64)?
        if compared {
            previousTotals = previousStats.reduce((pv: Int64(0), uvDays: Int64(0))) {
                ($0.pv + $1.pv, $0.uvDays + $1.uv)
            }
        }
        let totals = Totals(
            pv: totalPV, uvDays: totalUV, avgDailyUV: Double(totalUV) / Double(days),
            activeWorkplaces: ranked.count(where: { stats[$0].pv > 0 }), previous: previousTotals)

        return Report(
            generatedAt: options.generatedAt, language: options.language, title: options.title,
            source: options.source, period: period, previousPeriod: compared ? previousPeriod : nil,
            totals: totals, workplaces: summaries, topCount: min(max(options.top, 0), summaries.count),
            daily: (0..<days).map {
                DailyTotal(date: current.from.adding(days: $0), pv: dailyPV[$0], uvDays: dailyUV[$0])
            },
            weekly: weekly, monthly: monthly, workplaceWeekly: workplaceWeekly, workplaceMonthly: workplaceMonthly,
            records: periodRecords.map {
                DailyRecord(date: $0.date, workplace: position[Int($0.workplace)], pv: $0.pv, uv: $0.uv)
            },
            warnings: warnings)
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

    private static func selection(dataset: AccessDataset, ids: Set<String>) -> [Bool] {
        dataset.workplaces.map { ids.isEmpty || ids.contains($0.id) }
    }

    /// Keeps one record per (workplace, date) inside `window`, sorted by (date, workplace id).
    private static func deduplicate(
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

    private struct Deduplicated {
        var records: [AccessRecord] = []
        var conflicts = 0
        var identical = 0
        var firstConflict: AccessRecord?

        func warnings(_ dataset: AccessDataset) -> [String] {
            guard let r = firstConflict else { return [] }
            return [
                "\(conflicts) (workplace, date) pair\(conflicts == 1 ? " has" : "s have") conflicting duplicate "
                    + "records; the later one was kept (first: \(dataset.workplaces[Int(r.workplace)].id) on \(r.date))"
            ]
        }
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

    private struct Bucket {
        var label: String
        var range: DateRange
        var fullDays: Int
    }

    private enum BucketKind { case week, month }

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
    private static func buckets(of period: DateRange, kind: BucketKind) -> [Bucket] {
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
