import WorkplaceAnalytics
import WorkplaceModel

/// The words of the report in one language: column headers, sheet names, KPI names and notes.
///
/// Every format takes its wording from here, so the workbook, the HTML page and the Markdown summary
/// say the same thing. Sums of daily UV are called user-days everywhere, never users.
public struct Labels: Sendable {
    /// The language code these labels are in (`zh`, `en`, `ja`).
    public let language: String
    /// Default report title ("Custom workplace access report").
    public let reportTitle: String
    /// "Period".
    public let period: String
    /// "Previous period".
    public let previousPeriod: String
    /// "Generated at".
    public let generatedAt: String
    /// "Source".
    public let source: String
    /// "Date".
    public let date: String
    /// "Rank".
    public let rank: String
    /// "Workplace ID".
    public let workplaceID: String
    /// "Workplace".
    public let workplace: String
    /// "PV".
    public let pv: String
    /// "UV" (one day's distinct visitors).
    public let uv: String
    /// "Share".
    public let share: String
    /// "UV-days" (summed daily UV).
    public let uvDays: String
    /// "Avg daily UV".
    public let avgDailyUV: String
    /// "Peak daily UV".
    public let peakDailyUV: String
    /// "Active days".
    public let activeDays: String
    /// "Previous PV".
    public let previousPV: String
    /// "Change %".
    public let changePct: String
    /// "Rank change".
    public let rankChange: String
    /// "New" (no record in the previous period).
    public let new: String
    /// "Active workplaces".
    public let activeWorkplaces: String
    /// "Top N workplaces by PV" (with `{n}` replaced by N).
    public let topTitle: String
    /// "Daily PV and UV-days".
    public let dailyTrend: String
    /// "Partial" (a week or month cut by the period's edges).
    public let partial: String
    /// "Days covered".
    public let daysCovered: String
    /// The sentence shown when the period has no data.
    public let noData: String
    /// "Notes".
    public let notes: String
    /// "Warnings".
    public let warnings: String
    /// Sheet names: Summary, Workplaces, Daily, Weekly, Monthly, About (at most 31 characters each).
    public let sheetSummary: String, sheetWorkplaces: String, sheetDaily: String
    /// Sheet names, continued.
    public let sheetWeekly: String, sheetMonthly: String, sheetAbout: String
    /// The metric definitions the report's notes explain, one sentence each.
    public let definitions: [String]
    /// The sentence of a conflicting-duplicates warning (see ``phrase(_:)`` for the placeholders).
    public let conflictingDuplicates: Wording
    /// The same for blocks: (block, date) pairs.
    public let conflictingBlockDuplicates: Wording
    /// The same for the whole workplace, which has one record a day: days, no id.
    public let conflictingOverallDuplicates: Wording
    /// The sentence of a UV-above-PV warning (see ``phrase(_:)`` for the placeholders).
    public let uvAbovePV: Wording

    /// A sentence with placeholders, in a singular and a plural form (the same in zh and ja).
    public struct Wording: Sendable {
        /// The sentence when the count is 1.
        public let one: String
        /// The sentence for any other count.
        public let other: String

        /// One sentence for every count (languages without plural forms).
        static func same(_ sentence: String) -> Wording { Wording(one: sentence, other: sentence) }
    }

    /// A warning as one sentence in this language.
    ///
    /// The wording's `{count}`, `{id}`, `{date}`, `{pv}` and `{uv}` become the warning's count and its
    /// first example's workplace id, date, PV and UV. The id is user text: callers escape as their
    /// format needs (the templates do it for every value).
    public func phrase(_ warning: ReportWarning) -> String {
        let wording: Wording
        switch warning.kind {
        case .conflictingDuplicates:
            switch warning.dataset {
            case .custom: wording = conflictingDuplicates
            case .blocks: wording = conflictingBlockDuplicates
            case .overall: wording = conflictingOverallDuplicates
            }
        case .uvAbovePV: wording = uvAbovePV
        }
        let example = warning.example
        // The id goes in last, so braces inside a user's id are never read as placeholders.
        return (warning.count == 1 ? wording.one : wording.other)
            .replacing("{count}", with: String(warning.count))
            .replacing("{date}", with: example.date.description)
            .replacing("{pv}", with: String(example.pv))
            .replacing("{uv}", with: String(example.uv))
            .replacing("{id}", with: example.workplaceID)
    }

    /// The labels for `language` (`zh`, `en`, `ja`); any other code gets English.
    public static func forLanguage(_ language: String) -> Labels {
        switch language.lowercased().prefix(2) {
        case "zh": return .zh
        case "ja": return .ja
        default: return .en
        }
    }

    /// English.
    public static let en = Labels(
        language: "en", reportTitle: "Custom workplace access report", period: "Period",
        previousPeriod: "Previous period", generatedAt: "Generated at", source: "Source", date: "Date",
        rank: "Rank", workplaceID: "Workplace ID", workplace: "Workplace", pv: "PV", uv: "UV", share: "Share",
        uvDays: "UV-days", avgDailyUV: "Avg daily UV", peakDailyUV: "Peak daily UV", activeDays: "Active days",
        previousPV: "Previous PV", changePct: "Change %", rankChange: "Rank change", new: "New",
        activeWorkplaces: "Active workplaces", topTitle: "Top {n} workplaces by PV",
        dailyTrend: "Daily PV and UV-days (all workplaces)", partial: "Partial", daysCovered: "Days covered",
        noData: "No access data for this period.", notes: "Notes", warnings: "Warnings", sheetSummary: "Summary",
        sheetWorkplaces: "Workplaces", sheetDaily: "Daily", sheetWeekly: "Weekly", sheetMonthly: "Monthly",
        sheetAbout: "About",
        definitions: [
            "PV: page views, the number of visits to a custom workplace.",
            "UV: distinct visitors of one workplace on one day (the API de-duplicates per day only).",
            "UV-days: daily UV summed over days (and over workplaces in totals). A person who visits on "
                + "three days counts three times, and a person visiting two workplaces counts twice: "
                + "it is not a count of unique users.",
            "Avg daily UV: UV-days divided by the days of the period (or of the week or month inside it).",
            "Peak daily UV: the highest single-day UV. Active days: days with at least one page view.",
            "Share: the workplace's PV divided by the PV of all workplaces. Change %: PV against the "
                + "previous period of equal length; empty when that period had no PV.",
            "A day with no record counts as zero. Weeks are ISO weeks (Monday to Sunday); a week or "
                + "month cut by the period's edges is marked partial.",
        ],
        conflictingDuplicates: Wording(
            one: "{count} (workplace, date) pair has conflicting duplicate records; the later one was kept "
                + "(first: {id} on {date})",
            other: "{count} (workplace, date) pairs have conflicting duplicate records; the later one was kept "
                + "(first: {id} on {date})"),
        conflictingBlockDuplicates: Wording(
            one: "{count} (block, date) pair has conflicting duplicate records; the later one was kept "
                + "(first: {id} on {date})",
            other: "{count} (block, date) pairs have conflicting duplicate records; the later one was kept "
                + "(first: {id} on {date})"),
        conflictingOverallDuplicates: Wording(
            one: "{count} day of the whole workplace has conflicting duplicate records; the later one was kept "
                + "(first: {date})",
            other: "{count} days of the whole workplace have conflicting duplicate records; the later one was kept "
                + "(first: {date})"),
        uvAbovePV: Wording(
            one: "{count} record has UV greater than PV (first: {id} on {date}, pv {pv}, uv {uv}); kept as reported",
            other: "{count} records have UV greater than PV (first: {id} on {date}, pv {pv}, uv {uv}); kept as reported"
        ))

    /// Simplified Chinese.
    public static let zh = Labels(
        language: "zh", reportTitle: "定制工作台访问报告", period: "统计周期", previousPeriod: "上一周期",
        generatedAt: "生成时间", source: "数据来源", date: "日期", rank: "排名", workplaceID: "工作台 ID",
        workplace: "工作台", pv: "访问次数 (PV)", uv: "访问用户数 (UV)", share: "占比", uvDays: "用户·天 (UV 日累计)",
        avgDailyUV: "日均 UV", peakDailyUV: "单日最高 UV", activeDays: "活跃天数", previousPV: "上期 PV",
        changePct: "环比 %", rankChange: "排名变化", new: "新上榜", activeWorkplaces: "活跃工作台",
        topTitle: "PV 前 {n} 名工作台", dailyTrend: "每日 PV 与 UV 日累计（全部工作台）", partial: "不完整",
        daysCovered: "覆盖天数", noData: "本周期没有访问数据。", notes: "说明", warnings: "警告",
        sheetSummary: "概览", sheetWorkplaces: "工作台", sheetDaily: "每日", sheetWeekly: "每周", sheetMonthly: "每月",
        sheetAbout: "关于",
        definitions: [
            "PV：访问次数，即定制工作台被访问的次数。",
            "UV：某个工作台在某一天的访问用户数（接口仅按天去重）。",
            "用户·天（UV 日累计）：按天（合计时还按工作台）累加的每日 UV。同一个人访问三天计三次，访问两个工作台计两次，"
                + "因此它不是去重后的用户数。",
            "日均 UV：用户·天除以周期（或周期内该周、该月）的天数。",
            "单日最高 UV：单日 UV 的最大值。活跃天数：至少有一次访问的天数。",
            "占比：该工作台 PV 占全部工作台 PV 的比例。环比 %：与等长的上一周期相比的 PV 变化；上一周期 PV 为 0 时留空。",
            "没有记录的日期按 0 计。周为 ISO 周（周一至周日）；被周期边界截断的周或月标记为不完整。",
        ],
        conflictingDuplicates: .same("{count} 组（工作台，日期）存在相互矛盾的重复记录，已保留较晚的一条（首个：{id}，{date}）"),
        conflictingBlockDuplicates: .same("{count} 组（组件，日期）存在相互矛盾的重复记录，已保留较晚的一条（首个：{id}，{date}）"),
        conflictingOverallDuplicates: .same("工作台整体有 {count} 天存在相互矛盾的重复记录，已保留较晚的一条（首个：{date}）"),
        uvAbovePV: .same("{count} 条记录的 UV 大于 PV（首条：{id}，{date}，PV {pv}，UV {uv}），已按原值保留"))

    /// Japanese.
    public static let ja = Labels(
        language: "ja", reportTitle: "カスタムワークプレース アクセスレポート", period: "期間", previousPeriod: "前期間",
        generatedAt: "作成日時", source: "データ元", date: "日付", rank: "順位", workplaceID: "ワークプレース ID",
        workplace: "ワークプレース", pv: "PV", uv: "UV", share: "構成比", uvDays: "UV 延べ日数", avgDailyUV: "1日平均 UV",
        peakDailyUV: "1日最大 UV", activeDays: "アクティブ日数", previousPV: "前期 PV", changePct: "増減 %",
        rankChange: "順位変動", new: "新規", activeWorkplaces: "アクティブなワークプレース",
        topTitle: "PV 上位 {n} ワークプレース", dailyTrend: "日別 PV と UV 延べ日数（全ワークプレース）", partial: "一部",
        daysCovered: "対象日数", noData: "この期間のアクセスデータはありません。", notes: "注記", warnings: "警告",
        sheetSummary: "概要", sheetWorkplaces: "ワークプレース", sheetDaily: "日別", sheetWeekly: "週別", sheetMonthly: "月別",
        sheetAbout: "このレポートについて",
        definitions: [
            "PV：カスタムワークプレースの閲覧回数。",
            "UV：1 つのワークプレースの 1 日のユニーク訪問者数（API は日単位でのみ重複を除外）。",
            "UV 延べ日数：日別 UV の合計（合計行ではワークプレース間でも合計）。3 日訪問した人は 3 回、"
                + "2 つのワークプレースを訪問した人は 2 回数えるため、ユニークユーザー数ではありません。",
            "1日平均 UV：UV 延べ日数を期間（または期間内の週・月）の日数で割った値。",
            "1日最大 UV：1 日の UV の最大値。アクティブ日数：1 回以上閲覧があった日数。",
            "構成比：全ワークプレースの PV に占める割合。増減 %：同じ長さの前期間との PV の比較（前期間の PV が 0 のときは空欄）。",
            "記録のない日は 0 とします。週は ISO 週（月曜〜日曜）で、期間の端で切れる週・月は「一部」と表示します。",
        ],
        conflictingDuplicates: .same(
            "（ワークプレース、日付）の組 {count} 件に矛盾する重複レコードがあり、後のレコードを採用しました（最初：{id}、{date}）"),
        conflictingBlockDuplicates: .same(
            "（ブロック、日付）の組 {count} 件に矛盾する重複レコードがあり、後のレコードを採用しました（最初：{id}、{date}）"),
        conflictingOverallDuplicates: .same(
            "ワークプレース全体の {count} 日分に矛盾する重複レコードがあり、後のレコードを採用しました（最初：{date}）"),
        uvAbovePV: .same("UV が PV を上回るレコードが {count} 件あります（最初：{id}、{date}、PV {pv}、UV {uv}）。報告どおり保持しています"))
}
