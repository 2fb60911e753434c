import WorkplaceAnalytics
import WorkplaceModel
import XLSX

/// One workbook being laid out: the sheets in reading order, each written top to bottom.
struct WorkbookLayout {
    let report: Report
    let labels: Labels
    let title: String
    let book: XLSXWorkbook
    let rowsPerSheet: Int
    let styles: WorkbookStyles
    /// Workplace names on one line and cut to a cell, by index into `report.workplaces` (computed once).
    let names: [String]
    /// The widest workplace name and id, in character cells.
    let nameWidth: Int
    let idWidth: Int

    init(report: Report, labels: Labels, title: String, book: XLSXWorkbook, rowsPerSheet: Int) throws {
        self.report = report
        self.labels = labels
        self.title = title
        self.book = book
        self.rowsPerSheet = rowsPerSheet
        self.styles = try WorkbookStyles(book)
        names = report.workplaces.map { XLSXText.clipped(XLSXText.singleLine($0.name)) }
        nameWidth = names.reduce(0) { max($0, ColumnWidth.display($1)) }
        idWidth = report.workplaces.reduce(0) { max($0, ColumnWidth.display($1.id)) }
    }

    func writeAll() throws {
        let summary = try writeSummary()
        if let overall = report.overall { try writeOverview(overall) }
        try writeWorkplaces()
        if let blocks = report.blocks { try writeBlocks(blocks) }
        try writeDaily()
        try writeBuckets(labels.sheetWeekly, table: "Weekly", rows: report.workplaceWeekly, buckets: report.weekly)
        try writeBuckets(labels.sheetMonthly, table: "Monthly", rows: report.workplaceMonthly, buckets: report.monthly)
        try writeHistory()
        try writeAbout()
        try summary.activate()
    }

    // MARK: - Shared pieces

    static func date(_ d: CalendarDate) -> XLSXValue {
        let c = d.components
        return .date(XLSXDate(year: c.year, month: c.month, day: c.day))
    }

    /// `2026-10 (2026-10-01 – 2026-10-31)`.
    static func describe(_ period: ReportPeriod) -> String {
        period.kind == .range ? "\(period.from) – \(period.to)" : "\(period.label) (\(period.from) – \(period.to))"
    }

    /// A change in percent from the model (12.5 means +12.5 %) as a fraction for a `%` format.
    static func percent(_ value: Double?) -> XLSXValue {
        value.map { .number($0 / 100) } ?? .blank
    }

    /// The widest of some whole numbers, shown with separators.
    static func widest<S: Sequence>(_ values: S) -> Int where S.Element == Int64 {
        values.reduce(0) { max($0, ColumnWidth.integer($1)) }
    }

    /// A long table: header row, frozen, filter buttons, printed with the header on every page,
    /// continued on `Name 2`, `Name 3` … past `rowsPerSheet` rows.
    ///
    /// In memory it is an Excel table; in constant-memory mode (no tables there) an autofilter.
    @discardableResult
    func writeTable(
        sheetName: String, tableName: String, headers: [String], widths: [Double], formats: [XLSXFormat?],
        count: Int, dataBarColumn: Int? = nil, row: (Int) -> [XLSXValue]
    ) throws -> [XLSXSheet] {
        var sheets: [XLSXSheet] = []
        let parts = max(1, (count + rowsPerSheet - 1) / rowsPerSheet)
        for part in 0..<parts {
            let name = part == 0 ? sheetName : Self.continuation(sheetName, part + 1)
            let sheet = try book.addSheet(named: name)
            sheets.append(sheet)
            for (column, width) in widths.enumerated() {
                try sheet.setColumns(column...column, width: width)
            }
            let lower = part * rowsPerSheet
            let upper = min(count, lower + rowsPerSheet)
            let last = headers.count - 1
            let range = XLSXRange(firstRow: 0, firstColumn: 0, lastRow: upper - lower, lastColumn: last)
            // Headers of number columns line up with their numbers, on the right.
            let headerFormats = formats.indices.map { isNumber(formats[$0]) ? styles.numberHeader : styles.header }
            if upper > lower && !book.constantMemory {
                let suffix = part == 0 ? "" : "\(part + 1)"
                try sheet.addTable(range, columns: headers, headerFormats: headerFormats, name: tableName + suffix)
            } else {
                try sheet.writeRow(headers.map { .text($0) }, row: 0, formats: headerFormats)
                try sheet.autofilter(range)
            }
            try sheet.freezePanes(row: 1)
            try sheet.setPageSetup(Self.printSetup)
            // Text cells need no style of their own: left alignment is text's default. Leaving it out
            // keeps ` s="N"` off two or three cells a row, some 3% of a million-row workbook's time.
            let cellFormats = formats.map { $0 == styles.text ? nil : $0 }
            for index in lower..<upper {
                try sheet.writeRow(row(index), row: index - lower + 1, formats: cellFormats)
            }
            if let column = dataBarColumn, upper > lower {
                try sheet.addDataBar(
                    XLSXRange(firstRow: 1, firstColumn: column, lastRow: upper - lower, lastColumn: column),
                    color: 0x9BC2E6)
            }
        }
        return sheets
    }

    /// Whether a column shows numbers (its format is one of the number formats).
    func isNumber(_ format: XLSXFormat?) -> Bool {
        guard let format else { return true }  // ranks
        return ![styles.text, styles.date].contains { $0 == format }
    }

    /// `Daily 2`: the base name shortened when needed so the whole stays within Excel's 31 characters.
    static func continuation(_ base: String, _ number: Int) -> String {
        let suffix = " \(number)"
        var scalars = String.UnicodeScalarView()
        for scalar in base.unicodeScalars.prefix(31 - suffix.unicodeScalars.count) { scalars.append(scalar) }
        return String(scalars) + suffix
    }

    // MARK: - Workplaces

    func writeWorkplaces() throws {
        try writeRanked(
            report.workplaces, names: names, nameWidth: nameWidth, idWidth: idWidth,
            sheetName: labels.sheetWorkplaces, tableName: "Workplaces", idHeader: labels.workplaceID,
            nameHeader: labels.workplace)
    }

    /// The Blocks sheet: the Workplaces sheet's columns, for blocks.
    func writeBlocks(_ part: BlocksPart) throws {
        let words = WholeWorkplaceWords.forLanguage(report.language)
        let blockNames = part.blocks.map { XLSXText.clipped(XLSXText.singleLine($0.name)) }
        try writeRanked(
            part.blocks, names: blockNames, nameWidth: blockNames.reduce(0) { max($0, ColumnWidth.display($1)) },
            idWidth: part.blocks.reduce(0) { max($0, ColumnWidth.display($1.id)) }, sheetName: words.sheetBlocks,
            tableName: "Blocks", idHeader: words.blockID, nameHeader: words.block)
    }

    /// A ranked sheet (workplaces or blocks): rank, id, name, the figures, the comparison.
    private func writeRanked(
        _ w: [WorkplaceSummary], names: [String], nameWidth: Int, idWidth: Int, sheetName: String,
        tableName: String, idHeader: String, nameHeader: String
    ) throws {
        let headers = [
            labels.rank, idHeader, nameHeader, labels.pv, labels.share, labels.uvDays,
            labels.avgDailyUV, labels.peakDailyUV, labels.activeDays, labels.previousPV, labels.changePct,
            labels.rankChange,
        ]
        let s = styles
        let pvWidth = Self.widest(w.map(\.pv))
        let widths: [Double] = [
            ColumnWidth.fit(header: labels.rank, content: 4),
            ColumnWidth.fit(header: idHeader, content: idWidth),
            ColumnWidth.fit(header: nameHeader, content: nameWidth),
            ColumnWidth.fit(header: labels.pv, content: pvWidth + 4),
            ColumnWidth.fit(header: labels.share, content: 6),
            ColumnWidth.fit(header: labels.uvDays, content: Self.widest(w.map(\.uvDays))),
            ColumnWidth.fit(header: labels.avgDailyUV, content: Self.widest(w.map { Int64($0.avgDailyUV) }) + 2),
            ColumnWidth.fit(header: labels.peakDailyUV, content: Self.widest(w.map(\.peakDailyUV))),
            ColumnWidth.fit(header: labels.activeDays, content: 4),
            ColumnWidth.fit(header: labels.previousPV, content: Self.widest(w.compactMap { $0.previous?.pv })),
            ColumnWidth.fit(header: labels.changePct, content: 8),
            ColumnWidth.fit(header: labels.rankChange, content: ColumnWidth.display(labels.new)),
        ]
        let formats: [XLSXFormat?] = [
            nil, s.text, s.text, s.integer, s.percent, s.integer, s.decimal, s.integer, s.integer, s.integer,
            s.change, s.rankChange,
        ]
        try writeTable(
            sheetName: sheetName, tableName: tableName, headers: headers, widths: widths,
            formats: formats, count: w.count, dataBarColumn: 3
        ) { i in
            let p = w[i]
            return [
                .integer(Int64(p.rank)), .text(XLSXText.clipped(p.id)), .text(names[i]), .integer(p.pv),
                .number(p.share), .integer(p.uvDays), .number(p.avgDailyUV), .integer(p.peakDailyUV),
                .integer(Int64(p.activeDays)), p.previous.map { .integer($0.pv) } ?? .blank,
                Self.percent(p.pvChangePct), rankChange(p),
            ]
        }
    }

    // MARK: - Overview

    /// The Overview sheet: the whole workplace per day (all, default and custom PV; all and default
    /// UV) as a table, and a native line chart of it to the right.
    func writeOverview(_ part: OverallPart) throws {
        let words = WholeWorkplaceWords.forLanguage(report.language)
        let days = part.daily
        let hasCustom = days.first?.customPV != nil
        var headers = [labels.date, words.allPV, words.allUV, words.defaultPV, words.defaultUV]
        if hasCustom { headers.append(words.customPV) }
        let s = styles
        var widths: [Double] = [ColumnWidth.fit(header: labels.date, content: 10)]
        let columns: [[Int64]] = [
            days.map(\.allPV), days.map(\.allUV), days.map(\.defaultPV), days.map(\.defaultUV),
            days.map { $0.customPV ?? 0 },
        ]
        for (index, header) in headers.enumerated().dropFirst() {
            widths.append(ColumnWidth.fit(header: header, content: Self.widest(columns[index - 1])))
        }
        let formats: [XLSXFormat?] = [s.date] + Array(repeating: s.integer, count: headers.count - 1)
        let sheets = try writeTable(
            sheetName: words.sheetOverview, tableName: "Overview", headers: headers, widths: widths,
            formats: formats, count: days.count
        ) { i in
            let d = days[i]
            var row: [XLSXValue] = [
                Self.date(d.date), .integer(d.allPV), .integer(d.allUV), .integer(d.defaultPV), .integer(d.defaultUV),
            ]
            if let custom = d.customPV { row.append(.integer(custom)) }
            return row
        }
        guard let sheet = sheets.first, !days.isEmpty else { return }
        let last = min(days.count, rowsPerSheet)
        func column(_ c: Int) -> XLSXRange {
            XLSXRange(firstRow: 1, firstColumn: c, lastRow: last, lastColumn: c)
        }
        let chart = try book.addChart(.line)
        try chart.setTitle(words.dailyChart)
        let colors: [UInt32] = [
            WorkbookStyles.accent, WorkbookStyles.secondAccent, 0x7F7F7F, 0xBFBFBF, 0x70AD47,
        ]
        for c in 1..<headers.count {
            try chart.addSeries(
                name: headers[c], sheet: sheet, categories: column(0), values: column(c), color: colors[c - 1])
        }
        try chart.setCategoryAxis(numberFormat: "mm-dd")
        try chart.setValueAxis(numberFormat: "#,##0")
        try chart.setLegend(visible: true)
        try sheet.insertChart(chart, row: 1, column: headers.count + 1, xScale: 1.6, yScale: 1.3)
    }

    /// `+2`, `-1`, `New`, or nothing when not compared.
    func rankChange(_ p: WorkplaceSummary) -> XLSXValue {
        if p.isNew { return .text(labels.new) }
        return p.rankChange.map { .integer(Int64($0)) } ?? .blank
    }

    // MARK: - Daily

    func writeDaily() throws {
        let records = report.records
        let headers = [labels.date, labels.workplaceID, labels.workplace, labels.pv, labels.uv]
        let s = styles
        let widths: [Double] = [
            ColumnWidth.fit(header: labels.date, content: 10),
            ColumnWidth.fit(header: labels.workplaceID, content: idWidth),
            ColumnWidth.fit(header: labels.workplace, content: nameWidth),
            ColumnWidth.fit(header: labels.pv, content: Self.widest(records.lazy.map(\.pv))),
            ColumnWidth.fit(header: labels.uv, content: Self.widest(records.lazy.map(\.uv))),
        ]
        let ids = report.workplaces.map { XLSXText.clipped($0.id) }
        try writeTable(
            sheetName: labels.sheetDaily, tableName: "Daily", headers: headers, widths: widths,
            formats: [s.date, s.text, s.text, s.integer, s.integer], count: records.count
        ) { i in
            let r = records[i]
            let w = Int(r.workplace)
            let known = ids.indices.contains(w)
            return [
                Self.date(r.date), .text(known ? ids[w] : ""), .text(known ? names[w] : ""), .integer(r.pv),
                .integer(r.uv),
            ]
        }
    }

    // MARK: - Weekly and monthly

    func writeBuckets(_ sheetName: String, table: String, rows: [WorkplaceBucket], buckets: [BucketTotal]) throws {
        var bucketByLabel: [String: BucketTotal] = [:]
        for b in buckets { bucketByLabel[b.label] = b }
        let headers = [
            labels.period, labels.workplaceID, labels.workplace, labels.pv, labels.uvDays, labels.avgDailyUV,
            labels.peakDailyUV, labels.activeDays, labels.daysCovered, labels.partial,
        ]
        let s = styles
        let widths: [Double] = [
            ColumnWidth.fit(header: labels.period, content: 8),
            ColumnWidth.fit(header: labels.workplaceID, content: idWidth),
            ColumnWidth.fit(header: labels.workplace, content: nameWidth),
            ColumnWidth.fit(header: labels.pv, content: Self.widest(rows.lazy.map(\.pv))),
            ColumnWidth.fit(header: labels.uvDays, content: Self.widest(rows.lazy.map(\.uvDays))),
            ColumnWidth.fit(
                header: labels.avgDailyUV, content: Self.widest(rows.lazy.map { Int64($0.avgDailyUV) }) + 2),
            ColumnWidth.fit(header: labels.peakDailyUV, content: Self.widest(rows.lazy.map(\.peakDailyUV))),
            ColumnWidth.fit(header: labels.activeDays, content: 3),
            ColumnWidth.fit(header: labels.daysCovered, content: 3),
            ColumnWidth.fit(header: labels.partial, content: ColumnWidth.display(labels.partial)),
        ]
        let formats: [XLSXFormat?] = [
            s.text, s.text, s.text, s.integer, s.integer, s.decimal, s.integer, s.integer, s.integer, s.text,
        ]
        let ids = report.workplaces.map { XLSXText.clipped($0.id) }
        try writeTable(
            sheetName: sheetName, tableName: table, headers: headers, widths: widths, formats: formats,
            count: rows.count
        ) { i in
            let r = rows[i]
            let known = ids.indices.contains(r.workplace)
            let bucket = bucketByLabel[r.label]
            return [
                .text(r.label), .text(known ? ids[r.workplace] : ""), .text(known ? names[r.workplace] : ""),
                .integer(r.pv), .integer(r.uvDays), .number(r.avgDailyUV), .integer(r.peakDailyUV),
                .integer(Int64(r.activeDays)), bucket.map { .integer(Int64($0.daysCovered)) } ?? .blank,
                bucket?.partial == true ? .text(labels.partial) : .blank,
            ]
        }
    }
}
