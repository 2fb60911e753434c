import WorkplaceAnalytics
import WorkplaceModel
import XLSX

extension WorkbookLayout {
    /// The "Last 13 months" sheet, when the report has a history.
    ///
    /// One row a month (month, first and last day, days covered, PV, UV-days, average daily UV,
    /// covered), then the PV of each trend workplace in a column of its own, and a native line chart
    /// of those columns. A month not covered has blank figures, so the chart's lines break there.
    func writeHistory() throws {
        guard let history = report.history else { return }
        let words = HistoryWords.forLanguage(report.language)
        let s = styles
        let sheet = try book.addSheet(named: words.sheet)
        try sheet.setPageSetup(Self.printSetup)
        let trendNames = history.topTrend.map { names[$0.workplace] }
        let headers =
            [
                words.month, words.from, words.to, labels.daysCovered, labels.pv, labels.uvDays, labels.avgDailyUV,
                words.covered,
            ]
            + history.topTrend.enumerated().map { "\($0.offset + 1). \(trendNames[$0.offset])" }
        let fixed: [Double] = [
            ColumnWidth.fit(header: words.month, content: 8), ColumnWidth.fit(header: words.from, content: 10),
            ColumnWidth.fit(header: words.to, content: 10), ColumnWidth.fit(header: labels.daysCovered, content: 3),
            ColumnWidth.fit(header: labels.pv, content: Self.widest(history.months.compactMap(\.pv))),
            ColumnWidth.fit(header: labels.uvDays, content: Self.widest(history.months.compactMap(\.uvDays))),
            ColumnWidth.fit(header: labels.avgDailyUV, content: 8),
            ColumnWidth.fit(header: words.covered, content: ColumnWidth.display(words.no)),
        ]
        for (column, width) in fixed.enumerated() { try sheet.setColumns(column...column, width: width) }
        for (i, trend) in history.topTrend.enumerated() {
            let column = fixed.count + i
            let header = ColumnWidth.display(headers[column], limit: 30)
            try sheet.setColumns(
                column...column,
                width: ColumnWidth.fit(
                    header: "", content: max(Self.widest(trend.pv.compactMap { $0 }), min(header, 24))))
        }
        try sheet.writeRow(
            headers.map { .text(XLSXText.clipped($0)) }, row: 0,
            formats: [s.header, s.header, s.header] + repeatElement(s.numberHeader, count: 4) + [s.header]
                + repeatElement(s.numberHeader, count: history.topTrend.count))
        try sheet.setRowHeight(0, height: 30)  // two lines: the wrapped names of the trend columns
        try sheet.freezePanes(row: 1)
        for (m, month) in history.months.enumerated() {
            let row: [XLSXValue] =
                [
                    .text(month.label), Self.date(month.from), Self.date(month.to), .integer(Int64(month.daysCovered)),
                    month.pv.map { .integer($0) } ?? .blank, month.uvDays.map { .integer($0) } ?? .blank,
                    month.avgDailyUV.map { .number($0) } ?? .blank, .text(month.covered ? words.yes : words.no),
                ] + history.topTrend.map { $0.pv[m].map { .integer($0) } ?? .blank }
            try sheet.writeRow(
                row, row: m + 1,
                formats: [s.text, s.date, s.date, s.integer, s.integer, s.integer, s.decimal, s.text]
                    + repeatElement(s.integer, count: history.topTrend.count))
        }
        let notesRow = history.months.count + 2
        try sheet.write(.text(words.notCoveredNote), row: notesRow, column: 0, format: s.note)
        if report.yearAgo == nil {
            try sheet.write(.text(words.noYearAgo), row: notesRow + 1, column: 0, format: s.note)
        }
        guard history.topTrend.contains(where: { $0.pv.contains { $0 != nil } }) else { return }
        let chart = try book.addChart(.line)
        let title = words.trendTitle(history.topTrend.count)
        try chart.setTitle(title)
        let last = history.months.count
        let colors: [UInt32] = [WorkbookStyles.accent, WorkbookStyles.secondAccent, 0x70AD47, 0x7030A0, 0xC00000]
        for (i, _) in history.topTrend.enumerated() {
            let column = fixed.count + i
            // A series name starting with `=` would be read as a reference: the rank prefix keeps it text.
            try chart.addSeries(
                name: XLSXText.clipped(headers[column], limit: 255), sheet: sheet,
                categories: XLSXRange(firstRow: 1, firstColumn: 0, lastRow: last, lastColumn: 0),
                values: XLSXRange(firstRow: 1, firstColumn: column, lastRow: last, lastColumn: column),
                color: colors[i % colors.count])
        }
        try chart.setValueAxis(numberFormat: "#,##0")
        try chart.setLegend(visible: true)
        try sheet.insertChart(chart, row: notesRow + 3, column: 0, xScale: 1.8, yScale: 1.3)
    }
}
