/// The words of the whole-workplace (overall) and blocks parts of every format, in the report's language
/// (`zh`, `en`, `ja`; any other code gets English).
///
/// Kept apart from ``Labels`` like ``HistoryWords``: a report without those datasets never uses them.
public struct WholeWorkplaceWords: Sendable {
    /// "Whole workplace" (the section heading).
    public let overallTitle: String
    /// The Overview sheet's name (at most 31 characters).
    public let sheetOverview: String
    /// The Blocks sheet's name (at most 31 characters).
    public let sheetBlocks: String
    /// "All-workplace PV".
    public let allPV: String
    /// "All-workplace UV" (one day's distinct users of the whole workplace).
    public let allUV: String
    /// "All-workplace UV-days".
    public let allUVDays: String
    /// "Avg daily users" (all-workplace UV-days ÷ days).
    public let avgDailyUsers: String
    /// "Default workplace PV".
    public let defaultPV: String
    /// "Default workplace UV".
    public let defaultUV: String
    /// "Default workplace UV-days".
    public let defaultUVDays: String
    /// "Custom workplaces PV".
    public let customPV: String
    /// "Custom share of PV".
    public let customShare: String
    /// The heading of the daily chart of the whole workplace.
    public let dailyChart: String
    /// "Blocks" (the section heading).
    public let blocksTitle: String
    /// "Block ID".
    public let blockID: String
    /// "Block".
    public let block: String
    /// "Top {n} blocks by PV".
    let topPattern: String
    /// The sentence shown when the period has no block data.
    public let noBlocks: String
    /// What all-workplace UV means, and why custom UV-days are not the same figure.
    public let overallNote: String
    /// How blocks are ranked and named.
    public let blocksNote: String

    /// The heading of the top blocks: `Top 10 blocks by PV`.
    public func topTitle(_ n: Int) -> String {
        topPattern.replacing("{n}", with: String(n))
    }

    /// The words for `language`, matched the same way as ``Labels/forLanguage(_:)``.
    public static func forLanguage(_ language: String) -> WholeWorkplaceWords {
        switch Labels.forLanguage(language).language {
        case "zh": return .zh
        case "ja": return .ja
        default: return .en
        }
    }

    /// English.
    public static let en = WholeWorkplaceWords(
        overallTitle: "Whole workplace", sheetOverview: "Overview", sheetBlocks: "Blocks",
        allPV: "All-workplace PV", allUV: "All-workplace UV", allUVDays: "All-workplace UV-days",
        avgDailyUsers: "Avg daily users", defaultPV: "Default workplace PV", defaultUV: "Default workplace UV",
        defaultUVDays: "Default workplace UV-days", customPV: "Custom workplaces PV",
        customShare: "Custom share of PV", dailyChart: "Daily PV and users (whole workplace)", blocksTitle: "Blocks",
        blockID: "Block ID", block: "Block", topPattern: "Top {n} blocks by PV",
        noBlocks: "No block access data for this period.",
        overallNote:
            "All-workplace UV is de-duplicated per day across the whole workplace: the number of distinct "
            + "people who opened the workplace that day, so avg daily users is the honest daily-users figure. "
            + "The custom workplaces' UV-days are not: they add up each workplace's daily UV, and a person "
            + "visiting two workplaces counts twice. The API does not promise that all-workplace PV equals "
            + "default plus custom PV.",
        blocksNote:
            "Blocks are ranked like workplaces (PV, then average daily UV, then id). Block UV is de-duplicated "
            + "per block and day only. A block without a configured name shows its id.")

    /// Simplified Chinese.
    public static let zh = WholeWorkplaceWords(
        overallTitle: "工作台整体", sheetOverview: "整体", sheetBlocks: "组件", allPV: "全部工作台 PV",
        allUV: "全部工作台 UV", allUVDays: "全部工作台用户·天", avgDailyUsers: "日均访问用户", defaultPV: "默认工作台 PV",
        defaultUV: "默认工作台 UV", defaultUVDays: "默认工作台用户·天", customPV: "定制工作台 PV",
        customShare: "定制工作台 PV 占比", dailyChart: "每日 PV 与访问用户（工作台整体）", blocksTitle: "组件",
        blockID: "组件 ID", block: "组件", topPattern: "PV 前 {n} 名组件", noBlocks: "本周期没有组件访问数据。",
        overallNote:
            "全部工作台 UV 按天在整个工作台范围内去重，即当天打开工作台的不同用户数，因此日均访问用户是真实的每日用户数。"
            + "定制工作台的用户·天不是：它把各工作台的每日 UV 相加，访问两个工作台的人计两次。"
            + "接口不保证全部工作台 PV 等于默认工作台与定制工作台 PV 之和。",
        blocksNote: "组件的排名方式与工作台相同（PV，其次日均 UV，再次 ID）。组件 UV 仅按组件和天去重。未配置名称的组件显示其 ID。")

    /// Japanese.
    public static let ja = WholeWorkplaceWords(
        overallTitle: "ワークプレース全体", sheetOverview: "全体", sheetBlocks: "ブロック", allPV: "全体 PV",
        allUV: "全体 UV", allUVDays: "全体 UV 延べ日数", avgDailyUsers: "1日平均ユーザー数", defaultPV: "デフォルト PV",
        defaultUV: "デフォルト UV", defaultUVDays: "デフォルト UV 延べ日数", customPV: "カスタム PV",
        customShare: "カスタムの PV 構成比", dailyChart: "日別 PV とユーザー数（ワークプレース全体）", blocksTitle: "ブロック",
        blockID: "ブロック ID", block: "ブロック", topPattern: "PV 上位 {n} ブロック",
        noBlocks: "この期間のブロックのアクセスデータはありません。",
        overallNote:
            "全体 UV はワークプレース全体で日ごとに重複を除いた値で、その日にワークプレースを開いた人数です。"
            + "そのため 1日平均ユーザー数が実際の日次ユーザー数です。カスタムワークプレースの UV 延べ日数は異なり、"
            + "各ワークプレースの日別 UV を合計するため、2 つを訪問した人は 2 回数えます。"
            + "API は全体 PV がデフォルトとカスタムの PV の和に等しいことを保証しません。",
        blocksNote:
            "ブロックはワークプレースと同じ方法で順位付けします（PV、1日平均 UV、ID の順）。ブロックの UV はブロックと日ごとにのみ"
            + "重複を除きます。名前が設定されていないブロックは ID を表示します。")
}
