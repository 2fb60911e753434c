import Foundation
import WorkplaceAnalytics
import WorkplaceModel
import XLSX

extension WorkbookLayout {
    /// The Summary shows names up to this many character cells (the Workplaces sheet has them whole),
    /// so the top table stays narrow and the bar chart keeps room for its bars.
    static let summaryNameCells = 30

    /// The first sheet: title, period, KPIs against the previous period, the top N, the daily
    /// totals that feed the line chart, and the two charts to the right.
    func writeSummary() throws -> XLSXSheet {
        let sheet = try book.addSheet(named: labels.sheetSummary)
        let s = styles
        let t = report.totals
        let top = report.top
        try sheet.hideGridlines()
        try sheet.setPageSetup(XLSXPageSetup(footer: "&L&A&R&P / &N"))

        let kpiNames = [labels.pv, labels.uvDays, labels.avgDailyUV, labels.activeWorkplaces]
        let firstWidth = max(
            kpiNames.map { ColumnWidth.display($0) }.max() ?? 0, ColumnWidth.display(labels.rank),
            ColumnWidth.display(labels.date), 10)
        try sheet.setColumns(0...0, width: ColumnWidth.fit(header: "", content: firstWidth))
        try sheet.setColumns(
            1...1,
            width: max(
                16, ColumnWidth.fit(header: labels.workplace, content: min(nameWidth, Self.summaryNameCells), cap: 32)))
        let numberHeaders = [
            labels.pv, labels.previousPeriod, labels.share, labels.changePct, labels.rankChange, labels.uvDays,
        ]
        let numberWidth = max(14, numberHeaders.map { ColumnWidth.fit(header: $0, content: 0) }.max() ?? 0)
        try sheet.setColumns(2...5, width: numberWidth)
        try sheet.setColumns(6...6, width: 3)

        try sheet.setRowHeight(0, height: 24)
        try sheet.write(.text(XLSXText.clipped(title)), row: 0, column: 0, format: s.title)
        try sheet.writeRow(
            [.text(labels.period), .text(Self.describe(report.period))], row: 1, formats: [s.label, s.text])
        try sheet.writeRow(
            [.text(labels.previousPeriod), .text(report.previousPeriod.map(Self.describe) ?? "—")], row: 2,
            formats: [s.label, s.text])
        try sheet.writeRow(
            [.text(labels.generatedAt), .text(ISO8601.utc(seconds: report.generatedAt))], row: 3,
            formats: [s.label, s.text])

        // KPIs: this period, the previous one and the change, as the model states them.
        let kpiHeader: [XLSXValue] = [
            .text(""), .text(report.period.label), .text(report.previousPeriod?.label ?? labels.previousPeriod),
            .text(labels.changePct),
        ]
        try sheet.writeRow(kpiHeader, row: 5, formats: [s.header, s.numberHeader, s.numberHeader, s.numberHeader])
        try sheet.writeRow(
            [
                .text(labels.pv), .integer(t.pv), t.previous.map { .integer($0.pv) } ?? .blank,
                Self.percent(t.pvChangePct),
            ],
            row: 6, formats: [s.label, s.integer, s.integer, s.change])
        try sheet.writeRow(
            [
                .text(labels.uvDays), .integer(t.uvDays), t.previous.map { .integer($0.uvDays) } ?? .blank,
                Self.percent(t.uvDaysChangePct),
            ], row: 7, formats: [s.label, s.integer, s.integer, s.change])
        try sheet.writeRow([.text(labels.avgDailyUV), .number(t.avgDailyUV)], row: 8, formats: [s.label, s.decimal])
        try sheet.writeRow(
            [.text(labels.activeWorkplaces), .integer(Int64(t.activeWorkplaces))], row: 9,
            formats: [s.label, s.integer])

        // Top N (left out when empty; with no data at all, a note says so instead).
        var row = 11
        let topTitle = labels.topTitle.replacingOccurrences(of: "{n}", with: String(top.count))
        let firstTopRow = row + 2
        if !top.isEmpty {
            try sheet.write(.text(topTitle), row: row, column: 0, format: s.subtitle)
            row += 1
            let topHeaders = [
                labels.rank, labels.workplace, labels.pv, labels.share, labels.changePct, labels.rankChange,
            ]
            try sheet.writeRow(
                topHeaders.map { .text($0) }, row: row,
                formats: [s.header, s.header, s.numberHeader, s.numberHeader, s.numberHeader, s.numberHeader])
            row += 1
            for (i, p) in top.enumerated() {
                try sheet.writeRow(
                    [
                        .integer(Int64(p.rank)), .text(ColumnWidth.shortened(names[i], cells: Self.summaryNameCells)),
                        .integer(p.pv), .number(p.share), Self.percent(p.pvChangePct), rankChange(p),
                    ], row: row, formats: [s.text, s.text, s.integer, s.percent, s.change, s.rankChange])
                row += 1
            }
        }
        if report.workplaces.isEmpty {
            try sheet.write(.text(labels.noData), row: row, column: 0, format: s.note)
            row += 1
        }

        // Daily totals over all workplaces: shown, and the line chart's data.
        row += 1
        try sheet.write(.text(labels.dailyTrend), row: row, column: 0, format: s.subtitle)
        row += 1
        let dailyHeaders = [labels.date, labels.pv, labels.uvDays]
        try sheet.writeRow(
            dailyHeaders.map { .text($0) }, row: row, formats: [s.header, s.numberHeader, s.numberHeader])
        row += 1
        let firstDailyRow = row
        for d in report.daily {
            try sheet.writeRow(
                [Self.date(d.date), .integer(d.pv), .integer(d.uvDays)], row: row,
                formats: [s.date, s.integer, s.integer])
            row += 1
        }

        // A trend of nothing but zeros says less than the note above it: no line chart then.
        if !report.daily.isEmpty && (t.pv > 0 || t.uvDays > 0) {
            let last = firstDailyRow + report.daily.count - 1
            let chart = try book.addChart(.line)
            try chart.setTitle(labels.dailyTrend)
            let dates = XLSXRange(firstRow: firstDailyRow, firstColumn: 0, lastRow: last, lastColumn: 0)
            try chart.addSeries(
                name: labels.pv, sheet: sheet, categories: dates,
                values: XLSXRange(firstRow: firstDailyRow, firstColumn: 1, lastRow: last, lastColumn: 1),
                color: WorkbookStyles.accent)
            try chart.addSeries(
                name: labels.uvDays, sheet: sheet, categories: dates,
                values: XLSXRange(firstRow: firstDailyRow, firstColumn: 2, lastRow: last, lastColumn: 2),
                color: WorkbookStyles.secondAccent)
            try chart.setCategoryAxis(numberFormat: "mm-dd")
            try chart.setValueAxis(numberFormat: "#,##0")
            try chart.setLegend(visible: true)
            try sheet.insertChart(chart, row: 1, column: 7, xScale: 1.6, yScale: 1.1)
        }
        if !top.isEmpty {
            let last = firstTopRow + top.count - 1
            let chart = try book.addChart(.bar)
            try chart.setTitle(topTitle)
            try chart.addSeries(
                name: labels.pv, sheet: sheet,
                categories: XLSXRange(firstRow: firstTopRow, firstColumn: 1, lastRow: last, lastColumn: 1),
                values: XLSXRange(firstRow: firstTopRow, firstColumn: 2, lastRow: last, lastColumn: 2),
                color: WorkbookStyles.accent)
            try chart.setCategoryAxis(reversed: true, everyLabel: true, labelSize: 9)
            try chart.setValueAxis(numberFormat: "#,##0")
            try chart.setLegend(visible: false)
            try sheet.insertChart(chart, row: 18, column: 7, xScale: 1.6, yScale: max(1.1, Double(top.count) * 0.16))
        }
        return sheet
    }

    /// The last sheet: where the data came from, the period, when it was made, what the metrics
    /// mean, and the warnings about the data.
    func writeAbout() throws {
        let sheet = try book.addSheet(named: labels.sheetAbout)
        let s = styles
        let valueWidth = 90.0
        try sheet.setColumns(
            0...0,
            width: ColumnWidth.fit(header: labels.previousPeriod, content: ColumnWidth.display(labels.generatedAt)))
        try sheet.setColumns(1...1, width: valueWidth)
        try sheet.setPageSetup(XLSXPageSetup(footer: "&L&A&R&P / &N"))
        try sheet.hideGridlines()

        var row = 0
        try sheet.setRowHeight(0, height: 24)
        try sheet.write(.text(XLSXText.clipped(title)), row: row, column: 0, format: s.title)
        row += 2

        /// Writes `label: text`, with the row tall enough for the wrapped text.
        func line(_ label: String, _ text: String) throws {
            let clipped = XLSXText.clipped(text)
            // Proportional text fits about 1.2 characters per width unit.
            let perLine = Int(valueWidth * 1.2)
            let lines = max(1, (ColumnWidth.display(clipped, limit: 100 * perLine) + perLine - 1) / perLine)
            if lines > 1 { try sheet.setRowHeight(row, height: Double(min(lines, 26)) * 15) }
            try sheet.writeRow([.text(label), .text(clipped)], row: row, formats: [s.label, s.wrapped])
            row += 1
        }

        let sources = [report.source.baseURL, report.source.input, report.source.fetchedAt].compactMap { $0 }
        try line(labels.source, sources.isEmpty ? "—" : sources.joined(separator: " · "))
        try line(labels.period, Self.describe(report.period))
        try line(labels.previousPeriod, report.previousPeriod.map(Self.describe) ?? "—")
        try line(labels.generatedAt, ISO8601.utc(seconds: report.generatedAt))
        row += 1
        try sheet.write(.text(labels.notes), row: row, column: 0, format: s.subtitle)
        row += 1
        for definition in labels.definitions { try line("", definition) }
        if report.workplaces.isEmpty { try line("", labels.noData) }
        row += 1
        try sheet.write(.text(labels.warnings), row: row, column: 0, format: s.subtitle)
        row += 1
        if report.warnings.isEmpty { try line("", "—") }
        for warning in report.warnings { try line("", warning) }
    }
}
