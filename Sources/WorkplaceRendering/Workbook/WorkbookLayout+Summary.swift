import Foundation
import WorkplaceAnalytics
import WorkplaceModel
import XLSX

extension WorkbookLayout {
    /// The Summary shows names up to this many character cells (the Workplaces sheet has them whole),
    /// so the top table stays narrow and the bar chart keeps room for its bars.
    static let summaryNameCells = 30

    /// Every sheet prints its first row (the title, or a table's header row) at the top of each page.
    static let printSetup = XLSXPageSetup(repeatRows: 0...0, footer: "&L&A&R&P / &N")

    /// The first sheet: title, period, KPIs against the previous period, the top N, the daily
    /// totals that feed the line chart, and the two charts to the right.
    func writeSummary() throws -> XLSXSheet {
        let sheet = try book.addSheet(named: labels.sheetSummary)
        try sheet.hideGridlines()
        try sheet.setPageSetup(Self.printSetup)
        try setSummaryColumns(sheet)
        try writeSummaryHeading(sheet)
        let kpiRows = try writeKPIs(sheet, row: 5)
        var row = 7 + kpiRows
        let topRows = try writeTopTable(sheet, row: &row)
        if report.workplaces.isEmpty {
            try sheet.write(.text(labels.noData), row: row, column: 0, format: styles.note)
            row += 1
        }
        let dailyRows = try writeDailyTotals(sheet, row: row + 1)
        try addTrendChart(sheet, dailyRows: dailyRows)
        try addTopChart(sheet, topRows: topRows)
        return sheet
    }

    /// The top-N heading: `Top 10 workplaces by PV`.
    private var topTitle: String {
        labels.topTitle.replacingOccurrences(of: "{n}", with: String(report.top.count))
    }

    /// Column widths: labels, names (short), numbers, and a narrow gap before the charts.
    private func setSummaryColumns(_ sheet: XLSXSheet) throws {
        var kpiNames = [labels.pv, labels.uvDays, labels.avgDailyUV, labels.activeWorkplaces]
        if report.overall != nil {
            let words = WholeWorkplaceWords.forLanguage(report.language)
            kpiNames += [words.allPV, words.avgDailyUsers]
        }
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
    }

    /// Rows 0–3: the title, the period, the previous period and when the report was generated.
    private func writeSummaryHeading(_ sheet: XLSXSheet) throws {
        let s = styles
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
    }

    /// The KPI block from `row`: a header, then each figure with this period, the previous one and the
    /// change, as the model states them (blank where the model has no value).
    ///
    /// With the whole-workplace data, all-workplace PV and average daily users follow. Returns the
    /// number of KPI rows.
    private func writeKPIs(_ sheet: XLSXSheet, row: Int) throws -> Int {
        let s = styles
        let t = report.totals
        let history = HistoryWords.forLanguage(report.language)
        // The same period a year earlier and the change against it, in the two columns after the change.
        let header: [XLSXValue] = [
            .text(""), .text(report.period.label), .text(report.previousPeriod?.label ?? labels.previousPeriod),
            .text(labels.changePct), .text(report.yearAgo?.period.label ?? history.yearAgo), .text(history.yoyChange),
        ]
        try sheet.setRowHeight(row, height: 30)  // room for a wrapped header
        try sheet.writeRow(
            header, row: row,
            formats: [s.header, s.numberHeader, s.numberHeader, s.numberHeader, s.numberHeader, s.numberHeader])
        let y = report.yearAgo
        var kpis:
            [(
                label: String, now: XLSXValue, before: XLSXValue?, change: Double?, yearAgo: XLSXValue?,
                yoy: Double?, format: XLSXFormat
            )] = [
                (
                    labels.pv, .integer(t.pv), t.previous.map { .integer($0.pv) }, t.pvChangePct,
                    y.map { .integer($0.pv) }, report.pvChangeYoYPct, s.integer
                ),
                (
                    labels.uvDays, .integer(t.uvDays), t.previous.map { .integer($0.uvDays) }, t.uvDaysChangePct,
                    y.map { .integer($0.uvDays) }, report.uvDaysChangeYoYPct, s.integer
                ),
                (
                    labels.avgDailyUV, .number(t.avgDailyUV), report.previousAvgDailyUV.map { .number($0) },
                    report.avgDailyUVChangePct, y.map { .number($0.avgDailyUV) }, report.avgDailyUVChangeYoYPct,
                    s.decimal
                ),
                (
                    labels.activeWorkplaces, .integer(Int64(t.activeWorkplaces)),
                    t.previous.map { .integer(Int64($0.activeWorkplaces)) }, t.activeWorkplacesChangePct, nil, nil,
                    s.integer
                ),
            ]
        if let o = report.overall {
            let words = WholeWorkplaceWords.forLanguage(report.language)
            kpis.append(
                (
                    words.allPV, .integer(o.totals.allPV), o.previous.map { .integer($0.allPV) }, o.allPVChangePct,
                    nil, nil, s.integer
                ))
            kpis.append(
                (
                    words.avgDailyUsers, .number(o.totals.allAvgDailyUV), o.previous.map { .number($0.allAvgDailyUV) },
                    o.allAvgDailyUVChangePct, nil, nil, s.decimal
                ))
        }
        for (offset, kpi) in kpis.enumerated() {
            try sheet.writeRow(
                [
                    .text(kpi.label), kpi.now, kpi.before ?? .blank, Self.percent(kpi.change), kpi.yearAgo ?? .blank,
                    Self.percent(kpi.yoy),
                ], row: row + 1 + offset, formats: [s.label, kpi.format, kpi.format, s.change, kpi.format, s.change])
        }
        return kpis.count
    }

    /// The top-N table from `row` (left out when empty), moving `row` past it; returns the rows of its
    /// workplaces, which feed the bar chart.
    private func writeTopTable(_ sheet: XLSXSheet, row: inout Int) throws -> ClosedRange<Int>? {
        let s = styles
        let top = report.top
        guard !top.isEmpty else { return nil }
        try sheet.write(.text(topTitle), row: row, column: 0, format: s.subtitle)
        row += 1
        let headers = [labels.rank, labels.workplace, labels.pv, labels.share, labels.changePct, labels.rankChange]
        try sheet.writeRow(
            headers.map { .text($0) }, row: row,
            formats: [s.header, s.header, s.numberHeader, s.numberHeader, s.numberHeader, s.numberHeader])
        row += 1
        let first = row
        for (i, p) in top.enumerated() {
            try sheet.writeRow(
                [
                    .integer(Int64(p.rank)), .text(ColumnWidth.shortened(names[i], cells: Self.summaryNameCells)),
                    .integer(p.pv), .number(p.share), Self.percent(p.pvChangePct), rankChange(p),
                ], row: row, formats: [s.text, s.text, s.integer, s.percent, s.change, s.rankChange])
            row += 1
        }
        return first...(row - 1)
    }

    /// The daily totals over all workplaces from `row`: a heading, a header and one row a day; returns
    /// the rows of the days, which feed the line chart.
    private func writeDailyTotals(_ sheet: XLSXSheet, row start: Int) throws -> ClosedRange<Int>? {
        let s = styles
        var row = start
        try sheet.write(.text(labels.dailyTrend), row: row, column: 0, format: s.subtitle)
        row += 1
        try sheet.writeRow(
            [labels.date, labels.pv, labels.uvDays].map { .text($0) }, row: row,
            formats: [s.header, s.numberHeader, s.numberHeader])
        row += 1
        let first = row
        for d in report.daily {
            try sheet.writeRow(
                [Self.date(d.date), .integer(d.pv), .integer(d.uvDays)], row: row,
                formats: [s.date, s.integer, s.integer])
            row += 1
        }
        return row > first ? first...(row - 1) : nil
    }

    /// The line chart of daily PV and UV-days, right of the tables.
    ///
    /// A trend of nothing but zeros says less than the note above it: no chart then.
    private func addTrendChart(_ sheet: XLSXSheet, dailyRows: ClosedRange<Int>?) throws {
        guard let rows = dailyRows, report.totals.pv > 0 || report.totals.uvDays > 0 else { return }
        func column(_ c: Int) -> XLSXRange {
            XLSXRange(firstRow: rows.lowerBound, firstColumn: c, lastRow: rows.upperBound, lastColumn: c)
        }
        let chart = try book.addChart(.line)
        try chart.setTitle(labels.dailyTrend)
        try chart.addSeries(
            name: labels.pv, sheet: sheet, categories: column(0), values: column(1), color: WorkbookStyles.accent)
        try chart.addSeries(
            name: labels.uvDays, sheet: sheet, categories: column(0), values: column(2),
            color: WorkbookStyles.secondAccent)
        try chart.setCategoryAxis(numberFormat: "mm-dd")
        try chart.setValueAxis(numberFormat: "#,##0")
        try chart.setLegend(visible: true)
        try sheet.insertChart(chart, row: 1, column: 7, xScale: 1.6, yScale: 1.1)
    }

    /// The bar chart of the top N by PV, below the line chart.
    private func addTopChart(_ sheet: XLSXSheet, topRows: ClosedRange<Int>?) throws {
        guard let rows = topRows else { return }
        let chart = try book.addChart(.bar)
        try chart.setTitle(topTitle)
        try chart.addSeries(
            name: labels.pv, sheet: sheet,
            categories: XLSXRange(firstRow: rows.lowerBound, firstColumn: 1, lastRow: rows.upperBound, lastColumn: 1),
            values: XLSXRange(firstRow: rows.lowerBound, firstColumn: 2, lastRow: rows.upperBound, lastColumn: 2),
            color: WorkbookStyles.accent)
        try chart.setCategoryAxis(reversed: true, everyLabel: true, labelSize: 9)
        try chart.setValueAxis(numberFormat: "#,##0")
        try chart.setLegend(visible: false)
        try sheet.insertChart(chart, row: 18, column: 7, xScale: 1.6, yScale: max(1.1, Double(rows.count) * 0.16))
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
        try sheet.setPageSetup(Self.printSetup)
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
        let words = WholeWorkplaceWords.forLanguage(report.language)
        if report.overall != nil { try line("", words.overallNote) }
        if report.blocks != nil { try line("", words.blocksNote) }
        if report.workplaces.isEmpty { try line("", labels.noData) }
        row += 1
        try sheet.write(.text(labels.warnings), row: row, column: 0, format: s.subtitle)
        row += 1
        if report.warnings.isEmpty { try line("", "—") }
        for warning in report.warnings { try line("", labels.phrase(warning)) }
    }
}
