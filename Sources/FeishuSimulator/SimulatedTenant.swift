/// One name of a simulated workplace in one language.
public struct SimulatedName: Hashable, Sendable {
    /// ISO 639-1 code as the API sends it (`zh`, `en`, `ja`).
    public let language: String
    /// The name.
    public let name: String
}

/// A simulated custom workplace.
public struct SimulatedWorkplace: Hashable, Sendable {
    /// `tpl_` and 24 hex digits, like the real ids.
    public let id: String
    /// Its names (some workplaces are renamed partway; these are the final ones).
    public let names: [SimulatedName]
    /// The first day it has data (one workplace launches mid-range).
    public let launch: SimulatedDay
}

/// One item of the search endpoint: a workplace's PV and UV on one day, with the names it had that day.
public struct SimulatedRecord: Hashable, Sendable {
    /// The workplace id.
    public let workplaceID: String
    /// The day.
    public let day: SimulatedDay
    /// Visits.
    public let pv: Int
    /// Distinct visitors that day (never more than `pv`).
    public let uv: Int
    /// The names on that day.
    public let names: [SimulatedName]
}

/// One item of the whole-workplace endpoint: the whole and the default workplace on one day.
public struct SimulatedOverallDay: Hashable, Sendable {
    /// The day.
    public let day: SimulatedDay
    /// Visits of the whole workplace (default and custom workplaces, and a little the API does not attribute).
    public let allPV: Int
    /// Distinct users of the whole workplace that day (at least the default's and any custom workplace's).
    public let allUV: Int
    /// Visits of the default workplace.
    public let defaultPV: Int
    /// Distinct users of the default workplace that day.
    public let defaultUV: Int
}

/// A simulated block (widget) of a custom workplace.
public struct SimulatedBlock: Hashable, Sendable {
    /// 18 digits, like the ids the workplace builder shows.
    public let id: String
    /// The custom workplace it sits in.
    public let workplaceID: String
    /// The part of the workplace's visits that open it, on average.
    public let share: Double
}

/// One item of the block endpoint: a block's PV and UV on one day.
public struct SimulatedBlockRecord: Hashable, Sendable {
    /// The block id.
    public let blockID: String
    /// The day.
    public let day: SimulatedDay
    /// Visits (at most its workplace's that day).
    public let pv: Int
    /// Distinct visitors (at most `pv` and its workplace's).
    public let uv: Int
}

/// The seeded synthetic tenant: the truth the simulator serves and the tests compare with.
///
/// Records are held sorted by (day, workplace id), the order the search endpoint pages through; days
/// on which a workplace had no visits are omitted, as the real API may do.
public struct SimulatedTenant: Sendable {
    /// Every workplace, in id order.
    public let workplaces: [SimulatedWorkplace]
    /// The first day with data.
    public let firstDay: SimulatedDay
    /// The number of days with data.
    public let days: Int
    /// All records, sorted by (day, id).
    let all: [SimulatedRecord]
    /// `dayStart[d]` is the index in `all` of the first record of day `firstDay + d`; one extra entry at the end.
    let dayStart: [Int]
    /// Per workplace id: its records in day order.
    let byWorkplace: [String: [SimulatedRecord]]
    /// The whole workplace, one entry a day from ``firstDay``.
    public let overallDays: [SimulatedOverallDay]
    /// Every block, in id order; block `i` of the generator sits in custom workplace `i % workplaces`.
    public let blocks: [SimulatedBlock]
    /// Every block record, sorted by (day, block id); days a block had no visits are omitted.
    let blockRecords: [SimulatedBlockRecord]
    /// `blockDayStart[d]`: the index in `blockRecords` of day `firstDay + d`'s first record; one extra at the end.
    let blockDayStart: [Int]
    /// Per block id: its records in day order.
    let byBlock: [String: [SimulatedBlockRecord]]

    /// The generator of the whole workplace and the blocks, seeded apart from the custom workplaces'.
    private static func otherRandom(_ config: SimulatorConfig) -> SeededRandom {
        SeededRandom(seed: config.seed ^ 0xB10C_0A11_D00D)
    }

    /// The first draws of the blocks' generator: each block's 18-digit id and its share of its workplace's
    /// visits, in generation order (block `i` sits in custom workplace `i % workplaces`).
    private static func blockDraws(_ random: inout SeededRandom, count: Int) -> [(id: String, share: Double)] {
        (0..<max(count, 0)).map { _ in
            let digits = String(random.next() % 10_000_000_000_000_000).leftPadded(to: 16)
            return ("28" + digits, 0.1 + 0.4 * random.unit())
        }
    }

    /// Names for the blocks of `config`'s tenant, by id, as an admin would give them in the config file's
    /// `blocks` map: the API has no block names, so the demo passes these to the report the same way.
    public static func blockNames(_ config: SimulatorConfig) -> [String: String] {
        guard config.workplaces > 0 else { return [:] }
        let labels = ["审批入口", "公告栏", "常用应用", "待办事项", "日程安排", "新人指南", "数据看板", "IT 服务台"]
        var random = otherRandom(config)
        var names: [String: String] = [:]
        for (b, draw) in blockDraws(&random, count: config.blocks).enumerated() {
            let label = labels[b % labels.count]
            names[draw.id] = b < labels.count ? label : "\(label) \(b / labels.count + 1)"
        }
        return names
    }

    /// Generates the tenant of `config` (same config, same tenant).
    init(_ config: SimulatorConfig) {
        var random = SeededRandom(seed: config.seed)
        let count = max(config.workplaces, 0)
        let dense = config.shape == .dense
        var plans: [(workplace: SimulatedWorkplace, early: [SimulatedName]?, base: Double, trend: Double)] = []
        for i in 0..<count {
            var hex = ""
            for _ in 0..<3 {
                let v = random.next()
                hex += String(String(v, radix: 16).suffix(8)).leftPadded(to: 8)
            }
            let id = "tpl_" + hex
            let (names, early) = Self.names(index: i)
            let launch = !dense && i == 1 ? config.firstDay.advanced(by: config.days / 2) : config.firstDay
            // A few big workplaces and a long tail; the last realistic one is tiny and often empty.
            var base = 3000 / Double(i + 1) * (0.7 + 0.6 * random.unit())
            if !dense && i == count - 1 && count > 2 { base = 0.6 }
            let trend = -0.3 + 0.9 * random.unit()
            plans.append((SimulatedWorkplace(id: id, names: names, launch: launch), dense ? nil : early, base, trend))
        }
        plans.sort { $0.workplace.id < $1.workplace.id }
        var all: [SimulatedRecord] = []
        var dayStart: [Int] = []
        let span = max(config.days, 0)
        all.reserveCapacity(span * count)
        for d in 0..<span {
            dayStart.append(all.count)
            let day = config.firstDay.advanced(by: d)
            let weekend = day.weekday >= 6
            for plan in plans where day >= plan.workplace.launch {
                let progress = Double(d) / Double(max(span, 1))
                let rhythm = weekend ? 0.25 : 1.0
                let noise = 0.8 + 0.4 * random.unit()
                var pv = Int((plan.base * rhythm * (1 + plan.trend * progress) * noise).rounded())
                if dense { pv = max(pv, 1) }
                guard pv > 0 else { continue }
                let uv = max(1, min(pv, Int((Double(pv) * (0.25 + 0.35 * random.unit())).rounded())))
                let names = plan.early.flatMap { d < span / 3 ? $0 : nil } ?? plan.workplace.names
                all.append(
                    SimulatedRecord(workplaceID: plan.workplace.id, day: day, pv: pv, uv: uv, names: names))
            }
        }
        dayStart.append(all.count)
        // The whole workplace and the blocks come from a generator of their own, so that the custom
        // workplaces' data stays what it was before these endpoints existed.
        var other = Self.otherRandom(config)
        let draws = plans.isEmpty ? [] : Self.blockDraws(&other, count: config.blocks)
        let blocks = draws.enumerated().map { b, draw in
            SimulatedBlock(id: draw.id, workplaceID: plans[b % plans.count].workplace.id, share: draw.share)
        }.sorted { $0.id < $1.id }
        var overall: [SimulatedOverallDay] = []
        var blockRecords: [SimulatedBlockRecord] = []
        var blockDayStart: [Int] = []
        let defaultBase = 1500 + 40 * Double(count)
        for d in 0..<span {
            let day = config.firstDay.advanced(by: d)
            let rhythm = day.weekday >= 6 ? 0.2 : 1.0
            let custom = all[dayStart[d]..<dayStart[d + 1]]
            let defaultPV = max(1, Int((defaultBase * rhythm * (0.85 + 0.3 * other.unit())).rounded()))
            let defaultUV = max(1, min(defaultPV, Int((Double(defaultPV) * (0.3 + 0.2 * other.unit())).rounded())))
            let customPV = custom.reduce(0) { $0 + $1.pv }
            let customUV = custom.reduce(0) { $0 + $1.uv }
            let largestUV = custom.map(\.uv).max() ?? 0
            // Not default + custom exactly: the API warns the totals need not add up.
            let allPV = defaultPV + customPV + Int((Double(defaultPV + customPV) * 0.02 * other.unit()).rounded())
            let allUV = min(
                allPV, max(defaultUV, largestUV) + Int((Double(customUV) * (0.15 + 0.1 * other.unit())).rounded()))
            overall.append(
                SimulatedOverallDay(day: day, allPV: allPV, allUV: allUV, defaultPV: defaultPV, defaultUV: defaultUV))
            blockDayStart.append(blockRecords.count)
            var ofWorkplace: [String: SimulatedRecord] = [:]
            for record in custom { ofWorkplace[record.workplaceID] = record }
            for block in blocks {
                guard let record = ofWorkplace[block.workplaceID] else { continue }
                let pv = min(record.pv, Int((Double(record.pv) * block.share * (0.8 + 0.4 * other.unit())).rounded()))
                guard pv > 0 else { continue }
                let uv = max(1, min(pv, record.uv, Int((Double(record.uv) * block.share * 1.2).rounded())))
                blockRecords.append(SimulatedBlockRecord(blockID: block.id, day: day, pv: pv, uv: uv))
            }
        }
        blockDayStart.append(blockRecords.count)
        self.overallDays = overall
        self.blocks = blocks
        self.blockRecords = blockRecords
        self.blockDayStart = blockDayStart
        self.byBlock = Dictionary(grouping: blockRecords, by: \.blockID)
        self.workplaces = plans.map(\.workplace)
        self.firstDay = config.firstDay
        self.days = span
        self.all = all
        self.dayStart = dayStart
        self.byWorkplace = Dictionary(grouping: all, by: \.workplaceID)
    }

    /// Every record from `from` to `to` (inclusive), of one workplace or all, in the order the API pages them.
    public func records(from: SimulatedDay, to: SimulatedDay, workplace: String? = nil) -> [SimulatedRecord] {
        Array(slice(from: from, to: to, workplace: workplace))
    }

    /// The total number of records.
    public var recordCount: Int { all.count }

    /// The records of a query without copying them.
    func slice(from: SimulatedDay, to: SimulatedDay, workplace: String?) -> ArraySlice<SimulatedRecord> {
        if let workplace { return Self.days(from: from, to: to, of: byWorkplace[workplace] ?? [], day: \.day) }
        guard let d = dayOffsets(from: from, to: to) else { return [] }
        return all[dayStart[d.lowerBound]..<dayStart[d.upperBound]]
    }

    /// The offsets from `firstDay` of the days from `from` to `to` that the tenant has; nil when it has none.
    private func dayOffsets(from: SimulatedDay, to: SimulatedDay) -> Range<Int>? {
        guard from <= to else { return nil }
        let a = min(max(from.ordinal - firstDay.ordinal, 0), days)
        let b = min(max(to.ordinal - firstDay.ordinal + 1, 0), days)
        return a < b ? a..<b : nil
    }

    /// The part of a day-sorted `list` dated from `from` to `to`.
    private static func days<T>(
        from: SimulatedDay, to: SimulatedDay, of list: [T], day: (T) -> SimulatedDay
    ) -> ArraySlice<T> {
        guard from <= to else { return [] }
        let lower = list.partitioningIndex { day($0) >= from }
        let upper = list.partitioningIndex { day($0) > to }
        return list[lower..<max(lower, upper)]
    }

    /// The whole workplace's days from `from` to `to` (inclusive), in day order.
    public func overall(from: SimulatedDay, to: SimulatedDay) -> [SimulatedOverallDay] {
        Array(overallSlice(from: from, to: to))
    }

    /// Every block record from `from` to `to` (inclusive), of one block or all, in the order the API pages them.
    public func blockRecords(from: SimulatedDay, to: SimulatedDay, block: String? = nil) -> [SimulatedBlockRecord] {
        Array(blockSlice(from: from, to: to, block: block))
    }

    /// The number of block records.
    public var blockRecordCount: Int { blockRecords.count }

    func overallSlice(from: SimulatedDay, to: SimulatedDay) -> ArraySlice<SimulatedOverallDay> {
        guard let d = dayOffsets(from: from, to: to) else { return [] }
        return overallDays[d]
    }

    func blockSlice(from: SimulatedDay, to: SimulatedDay, block: String?) -> ArraySlice<SimulatedBlockRecord> {
        if let block { return Self.days(from: from, to: to, of: byBlock[block] ?? [], day: \.day) }
        guard let d = dayOffsets(from: from, to: to) else { return [] }
        return blockRecords[blockDayStart[d.lowerBound]..<blockDayStart[d.upperBound]]
    }

    /// Names for workplace `index`: the first ones are hostile on purpose; one is renamed a third of the way in.
    static func names(index: Int) -> (final: [SimulatedName], early: [SimulatedName]?) {
        func zhEn(_ zh: String, _ en: String) -> [SimulatedName] {
            [SimulatedName(language: "zh", name: zh), SimulatedName(language: "en", name: en)]
        }
        switch index {
        case 0:
            return (
                zhEn("总部门户", "Headquarters Portal") + [SimulatedName(language: "ja", name: "本社ポータル")],
                zhEn("旧版门户", "Legacy Portal")
            )
        case 1: return (zhEn("<script>alert('新品')</script>发布", "<b>Launch</b> & \"Go\" <img src=x>"), nil)
        case 2: return (zhEn("销售 | 运营 | **重点**", "Sales | Ops | **Key** `x`"), nil)
        case 3: return (zhEn("=SUM(A1:A9) 财务", "=HYPERLINK(\"http://example.com\",\"Finance\")"), nil)
        case 4: return (zhEn("🚀 创新中心 👩‍💻", "🚀 Innovation Hub 👩‍💻"), nil)
        case 5:
            return (
                zhEn(
                    String(repeating: "超长名称的定制工作台", count: 30),
                    String(repeating: "A very long custom workplace name ", count: 12)), nil
            )
        case 6: return ([SimulatedName(language: "en", name: "Line one\nLine two\t| tab")], nil)
        case 7: return ([SimulatedName(language: "zh", name: "仅中文名称")], nil)
        default:
            let departments = [
                ("人力资源", "People"), ("研发", "Engineering"), ("市场", "Marketing"), ("客服", "Support"),
                ("法务", "Legal"), ("行政", "Facilities"), ("采购", "Procurement"), ("数据", "Data"),
                ("设计", "Design"), ("销售", "Sales"),
            ]
            let (zh, en) = departments[index % departments.count]
            let number = String(index).leftPadded(to: 3, with: "0")
            return (zhEn("\(zh)工作台 \(number)", "\(en) Workplace \(number)"), nil)
        }
    }
}

extension String {
    /// The string padded on the left to `width` characters.
    func leftPadded(to width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}

extension Array {
    /// The first index whose element satisfies `predicate`, for a predicate false then true along the array.
    func partitioningIndex(where predicate: (Element) -> Bool) -> Int {
        var low = 0
        var high = count
        while low < high {
            let mid = (low + high) / 2
            if predicate(self[mid]) { high = mid } else { low = mid + 1 }
        }
        return low
    }
}
