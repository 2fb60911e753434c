import XLSX

/// The formats the workbook uses, created once per workbook.
struct WorkbookStyles {
    static let headerFill: UInt32 = 0xDDEBF7
    static let accent: UInt32 = 0x2F5597
    static let secondAccent: UInt32 = 0xED7D31

    let title: XLSXFormat
    let subtitle: XLSXFormat
    let label: XLSXFormat
    let header: XLSXFormat
    let numberHeader: XLSXFormat
    let text: XLSXFormat
    let wrapped: XLSXFormat
    let integer: XLSXFormat
    let decimal: XLSXFormat
    let percent: XLSXFormat
    let change: XLSXFormat
    let rankChange: XLSXFormat
    let date: XLSXFormat
    let note: XLSXFormat

    init(_ book: XLSXWorkbook) throws {
        title = try book.format(XLSXStyle(bold: true, fontSize: 16, fontColor: Self.accent))
        subtitle = try book.format(XLSXStyle(bold: true, fontSize: 12, fontColor: Self.accent))
        label = try book.format(XLSXStyle(bold: true, alignTop: true))
        header = try book.format(
            XLSXStyle(bold: true, fillColor: Self.headerFill, alignTop: true, wrap: true, bottomBorder: true))
        numberHeader = try book.format(
            XLSXStyle(
                bold: true, fillColor: Self.headerFill, alignment: .right, alignTop: true, wrap: true,
                bottomBorder: true))
        text = try book.format(XLSXStyle(alignment: .left))
        wrapped = try book.format(XLSXStyle(alignment: .left, alignTop: true, wrap: true))
        integer = try book.format(XLSXStyle(numberFormat: "#,##0"))
        decimal = try book.format(XLSXStyle(numberFormat: "#,##0.0"))
        percent = try book.format(XLSXStyle(numberFormat: "0.0%"))
        change = try book.format(XLSXStyle(numberFormat: "+0.0%;-0.0%;0.0%"))
        rankChange = try book.format(XLSXStyle(numberFormat: "+0;-0;0", alignment: .right))
        date = try book.format(XLSXStyle(numberFormat: "yyyy-mm-dd", alignment: .left))
        note = try book.format(XLSXStyle(italic: true, fontColor: 0x595959))
    }
}
