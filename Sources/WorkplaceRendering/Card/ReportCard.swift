import WorkplaceAnalytics
import WorkplaceModel

/// The report as a Feishu message card, JSON 2.0 (`"schema": "2.0"`): what `--formats card` writes and
/// what chat and group-bot delivery post.
///
/// The card holds the title and period (header), the key figures with their change against the previous
/// period (▲ green, ▼ red), the top 5 workplaces, a line chart of daily PV and UV-days (the `chart`
/// component; weekly or monthly points for long periods), the note that UV-days are not unique users,
/// and `config.summary` for the chat list. Every word comes from ``Labels`` and ``TemplateWords``, every
/// number from the report model, formatted as in the HTML and Markdown reports.
///
/// Its size does not grow with the tenant: 15 components, 5 workplaces with names cut to
/// ``nameColumns`` columns, at most ``maximumChartPoints`` points per series and a title cut to
/// ``titleCharacters`` characters keep it well under ``maximumWebhookBytes`` (20 KB, the group bot's
/// limit) whatever the report holds. User text in markdown goes through ``CardMarkdown/escape(_:)``.
public enum ReportCard {
    /// The most components the platform accepts in a JSON 2.0 card.
    public static let maximumComponents = 200
    /// The largest card the message API accepts (30 KB); the card must be smaller.
    public static let maximumBytes = 30 * 1024
    /// The largest request body a custom bot (webhook) accepts (20 KB).
    public static let maximumWebhookBytes = 20 * 1024
    /// How many workplaces the card lists.
    public static let topCount = 5
    /// Names wider than this many columns are cut with "…" (CJK and emoji count two).
    public static let nameColumns = 40
    /// Titles longer than this many characters are cut with "…".
    public static let titleCharacters = 100
    /// The most points of each chart series.
    public static let maximumChartPoints = 62

    /// The card of `report` as compact JSON (UTF-8, no trailing newline): the text a message's
    /// `content` carries.
    public static func render(_ report: Report) -> [UInt8] {
        card(report).bytes
    }

    /// The number of components (objects with a `tag`) in the card of `report`.
    public static func componentCount(_ report: Report) -> Int {
        card(report).componentCount
    }

    /// The card title: `--title`, else the default title, on one line and cut to ``titleCharacters``.
    public static func title(_ report: Report) -> String {
        let labels = Labels.forLanguage(report.language)
        return DisplayFormat.clip(DisplayFormat.oneLine(report.title ?? labels.reportTitle), to: titleCharacters).text
    }

    static func card(_ report: Report) -> CardJSON {
        let labels = Labels.forLanguage(report.language)
        let words = TemplateWords.forLanguage(report.language)
        let title = title(report)
        var elements: [CardJSON] = []

        // Key figures, against the previous period.
        if let previous = report.previousPeriod {
            elements.append(
                markdown(
                    "**\(words.keyFigures)** · \(words.versusPrevious) \(DisplayFormat.range(previous.from, previous.to))"
                ))
        } else {
            elements.append(markdown("**\(words.keyFigures)** · \(words.notCompared)"))
        }
        let totals = report.totals
        var figures: [(String, String, Double?)] = [
            (labels.pv, DisplayFormat.integer(totals.pv), totals.pvChangePct),
            (labels.uvDays, DisplayFormat.integer(totals.uvDays), totals.uvDaysChangePct),
            (labels.avgDailyUV, DisplayFormat.decimal(totals.avgDailyUV), report.avgDailyUVChangePct),
            (
                labels.activeWorkplaces, DisplayFormat.integer(Int64(totals.activeWorkplaces)),
                totals.activeWorkplacesChangePct
            ),
        ]
        // The whole workplace: all-workplace PV and average daily users, two short figures.
        if let overall = report.overall {
            let whole = WholeWorkplaceWords.forLanguage(report.language)
            figures += [
                (whole.allPV, DisplayFormat.integer(overall.totals.allPV), overall.allPVChangePct),
                (
                    whole.avgDailyUsers, DisplayFormat.decimal(overall.totals.allAvgDailyUV),
                    overall.allAvgDailyUVChangePct
                ),
            ]
        }
        for pair in stride(from: 0, to: figures.count, by: 2) {
            let columns = figures[pair..<min(pair + 2, figures.count)].map { label, value, change in
                CardJSON.object([
                    ("tag", .string("column")), ("width", .string("weighted")), ("weight", .integer(1)),
                    ("elements", .array([markdown("**\(label)**\n\(value)\n\(coloured(change))")])),
                ])
            }
            elements.append(.object([("tag", .string("column_set")), ("columns", .array(columns))]))
        }

        // The top workplaces.
        let top = report.workplaces.prefix(topCount)
        if top.isEmpty {
            elements.append(markdown(labels.noData))
        } else {
            var lines = ["**\(labels.topTitle.replacing("{n}", with: String(top.count)))**"]
            for wp in top {
                let name = CardMarkdown.escape(DisplayFormat.clip(wp.name, columns: nameColumns).text)
                var line = "\(wp.rank). \(name) · \(DisplayFormat.integer(wp.pv)) PV · \(DisplayFormat.share(wp.share))"
                if wp.isNew {
                    line += " " + CardMarkdown.font("green", labels.new)
                } else if report.previousPeriod != nil {
                    line += " " + coloured(wp.pvChangePct)
                }
                lines.append(line)
            }
            elements.append(markdown(lines.joined(separator: "\n")))
        }

        // The trend.
        let points = trendPoints(report)
        if !top.isEmpty, !points.isEmpty {
            var values: [CardJSON] = []
            for (series, pick) in [(labels.pv, \TrendPoint.pv), (labels.uvDays, \TrendPoint.uvDays)] {
                for point in points {
                    values.append(
                        .object([
                            ("x", .string(point.label)), ("y", .integer(point[keyPath: pick])),
                            ("series", .string(series)),
                        ]))
                }
            }
            elements.append(markdown("**\(labels.dailyTrend)**"))
            elements.append(
                .object([
                    ("tag", .string("chart")), ("aspect_ratio", .string("2:1")), ("color_theme", .string("brand")),
                    (
                        "chart_spec",
                        .object([
                            ("type", .string("line")),
                            ("data", .object([("values", .array(values))])),
                            ("xField", .string("x")), ("yField", .string("y")), ("seriesField", .string("series")),
                            ("legends", .object([("visible", .bool(true)), ("orient", .string("bottom"))])),
                        ])
                    ),
                ]))
        }

        // The UV-days note and the time stamp.
        let note = labels.definitions.count > 2 ? labels.definitions[2] : ""
        elements.append(notation(CardMarkdown.font("grey", note)))
        elements.append(
            notation(CardMarkdown.font("grey", "\(labels.generatedAt): \(DisplayFormat.timestamp(report.generatedAt))"))
        )

        let subtitle =
            "\(DisplayFormat.range(report.period.from, report.period.to)) · \(words.days(report.period.days))"
        return .object([
            ("schema", .string("2.0")),
            (
                "config",
                .object([
                    ("update_multi", .bool(true)),
                    ("summary", .object([("content", .string("\(title) · \(report.period.label)"))])),
                ])
            ),
            (
                "header",
                .object([
                    ("title", plainText(title)), ("subtitle", plainText(subtitle)), ("template", .string("blue")),
                ])
            ),
            ("body", .object([("elements", .array(elements))])),
        ])
    }

    /// A change as `▲ 8.1%` in green, `▼ 2.4%` in red, `0.0%` or `–` in grey.
    private static func coloured(_ percent: Double?) -> String {
        let (text, direction) = DisplayFormat.change(percent: percent)
        switch direction {
        case .up: return CardMarkdown.font("green", text)
        case .down: return CardMarkdown.font("red", text)
        case .flat, .none: return CardMarkdown.font("grey", text)
        }
    }

    private static func markdown(_ content: String) -> CardJSON {
        .object([("tag", .string("markdown")), ("content", .string(content))])
    }

    private static func notation(_ content: String) -> CardJSON {
        .object([("tag", .string("markdown")), ("content", .string(content)), ("text_size", .string("notation"))])
    }

    private static func plainText(_ content: String) -> CardJSON {
        .object([("tag", .string("plain_text")), ("content", .string(content))])
    }

    /// One point of the chart.
    struct TrendPoint: Equatable {
        var label: String
        var pv: Int64
        var uvDays: Int64
    }

    /// The chart's points: days (`10-01`) for periods up to ``maximumChartPoints`` days, else ISO weeks,
    /// else months; when even the months are too many, runs of months are summed under their first label.
    static func trendPoints(_ report: Report) -> [TrendPoint] {
        if report.daily.count <= maximumChartPoints {
            return report.daily.map {
                TrendPoint(label: String($0.date.description.suffix(5)), pv: $0.pv, uvDays: $0.uvDays)
            }
        }
        if report.weekly.count <= maximumChartPoints {
            return report.weekly.map { TrendPoint(label: $0.label, pv: $0.pv, uvDays: $0.uvDays) }
        }
        let months = report.monthly.map { TrendPoint(label: $0.label, pv: $0.pv, uvDays: $0.uvDays) }
        guard months.count > maximumChartPoints else { return months }
        let size = (months.count + maximumChartPoints - 1) / maximumChartPoints
        return stride(from: 0, to: months.count, by: size).map { start in
            let run = months[start..<min(start + size, months.count)]
            return TrendPoint(
                label: run.first!.label, pv: run.reduce(0) { $0 + $1.pv }, uvDays: run.reduce(0) { $0 + $1.uvDays })
        }
    }
}
