/// The words of the history parts of every format (the last 13 months, the same period a year
/// earlier), in the report's language (`zh`, `en`, `ja`; any other code gets English).
public struct HistoryWords: Sendable {
    /// "Last 13 months" (the section heading).
    public let title: String
    /// "Last 13 months" (the workbook sheet, at most 31 characters; Excel reserves the name "History").
    public let sheet: String
    /// "Month".
    public let month: String
    /// "First day".
    public let from: String
    /// "Last day".
    public let to: String
    /// "Covered" (a column of yes/no).
    public let covered: String
    /// "yes".
    public let yes: String
    /// "no".
    public let no: String
    /// "Same period last year".
    public let yearAgo: String
    /// "YoY change".
    public let yoyChange: String
    /// "vs same period last year".
    public let versusYearAgo: String
    /// A sentence saying what a month without figures means.
    public let notCoveredNote: String
    /// A sentence saying the year-ago period is not in the data.
    public let noYearAgo: String
    /// "Top {n} workplaces, PV by month" (with `{n}` replaced by the count).
    let trendPattern: String

    /// The heading of the top workplaces' monthly trend.
    public func trendTitle(_ n: Int) -> String {
        trendPattern.replacing("{n}", with: String(n))
    }

    /// The words for `language`, matched the same way as ``Labels/forLanguage(_:)``.
    public static func forLanguage(_ language: String) -> HistoryWords {
        switch Labels.forLanguage(language).language {
        case "zh": return .zh
        case "ja": return .ja
        default: return .en
        }
    }

    /// English.
    public static let en = HistoryWords(
        title: "Last 13 months", sheet: "Last 13 months", month: "Month", from: "First day", to: "Last day",
        covered: "Covered", yes: "yes", no: "no",
        yearAgo: "Same period last year", yoyChange: "YoY change", versusYearAgo: "vs same period last year",
        notCoveredNote: "A month shows – when the data does not hold every one of its days.",
        noYearAgo: "The data does not cover the same period last year.",
        trendPattern: "Top {n} workplaces, PV by month")

    /// Simplified Chinese.
    public static let zh = HistoryWords(
        title: "近 13 个月", sheet: "近13个月", month: "月份", from: "首日", to: "末日", covered: "数据完整", yes: "是", no: "否",
        yearAgo: "去年同期", yoyChange: "同比", versusYearAgo: "较去年同期",
        notCoveredNote: "数据未包含某月的全部日期时，该月显示为 –。", noYearAgo: "数据未覆盖去年同期。",
        trendPattern: "前 {n} 个工作台的每月 PV")

    /// Japanese.
    public static let ja = HistoryWords(
        title: "直近 13 か月", sheet: "直近13か月", month: "月", from: "初日", to: "最終日", covered: "データ完備", yes: "はい", no: "いいえ",
        yearAgo: "前年同期", yoyChange: "前年比", versusYearAgo: "前年同期比",
        notCoveredNote: "データにその月の全日が含まれない場合、その月は – と表示します。",
        noYearAgo: "データに前年同期が含まれていません。", trendPattern: "上位 {n} ワークプレースの月別 PV")
}
