import Foundation
import PropertyBased
import Testing
import WorkplaceAnalytics
import WorkplaceModel

/// Foundation's ISO-8601 calendar in UTC: an implementation we did not write, to check ours against.
private let isoCalendar: Calendar = {
    var c = Calendar(identifier: .iso8601)
    c.timeZone = TimeZone(identifier: "UTC")!
    return c
}()

@Test func calendarDateAgreesWithFoundation() async {
    await propertyCheck(count: 2000, input: Gen.int(in: -30_000...60_000)) { day in
        let date = CalendarDate(dayNumber: Int32(day))
        let foundation = Date(timeIntervalSince1970: Double(day) * 86_400)
        let c = isoCalendar.dateComponents(
            [.year, .month, .day, .weekday, .weekOfYear, .yearForWeekOfYear], from: foundation)
        #expect(date.year == c.year && date.month == c.month && date.day == c.day)
        #expect(date.isoWeek.year == c.yearForWeekOfYear && date.isoWeek.week == c.weekOfYear)
        // Foundation: 1 = Sunday … 7 = Saturday.
        #expect(date.isoWeekday == (c.weekday! + 5) % 7 + 1)
        #expect(CalendarDate(iso: date.description) == date)
        #expect(CalendarDate(year: date.year, month: date.month, day: date.day) == date)
    }
}

@Test func isoWeeksAroundTheTurnOfTheYear() {
    // Checked against a printed calendar: 2026 starts on a Thursday, so it has 53 ISO weeks.
    #expect(CalendarDate(iso: "2027-01-01")!.weekLabel == "2026-W53")
    #expect(CalendarDate(iso: "2027-01-04")!.weekLabel == "2027-W01")
    #expect(CalendarDate(iso: "2024-12-30")!.weekLabel == "2025-W01")
    #expect(CalendarDate.isoWeeksInYear(2026) == 53)
    #expect(CalendarDate.isoWeeksInYear(2027) == 52)
    #expect(CalendarDate.mondayOfISOWeek(year: 2026, week: 53)?.description == "2026-12-28")
    #expect(CalendarDate.mondayOfISOWeek(year: 2027, week: 53) == nil)
    #expect(CalendarDate(iso: "1970-01-01")!.isoWeekday == 4)
}

@Test func strictDateParsing() {
    #expect(CalendarDate(iso: "2024-02-29") != nil)
    for bad in ["2025-02-29", "2026-13-01", "2026-1-05", "2026-01-5", "2026/01/05", "2026-01-05 ", "", "２０２６-01-05"] {
        #expect(CalendarDate(iso: bad) == nil, "\(bad) must be refused")
    }
}

@Test func periodsResolveFromTheirFlags() throws {
    let today = CalendarDate(iso: "2026-11-26")!
    let lastMonth = try PeriodSelection.lastMonth.resolve(today: today)
    #expect(lastMonth.label == "2026-10" && lastMonth.from.description == "2026-10-01" && lastMonth.days == 31)
    #expect(lastMonth.previous.label == "2026-09" && lastMonth.previous.days == 30)
    let march = try PeriodSelection.month("2024-03").resolve(today: today)
    #expect(march.previous.from.description == "2024-02-01" && march.previous.days == 29)
    let lastWeek = try PeriodSelection.lastWeek.resolve(today: today)
    #expect(lastWeek.label == "2026-W47" && lastWeek.from.description == "2026-11-16")
    #expect(lastWeek.previous.label == "2026-W46")
    let w53 = try PeriodSelection.week("2026-W53").resolve(today: today)
    #expect(w53.from.description == "2026-12-28" && w53.to.description == "2027-01-03")
    let range = try PeriodSelection.range(from: "2026-10-05", to: "2026-10-14").resolve(today: today)
    #expect(range.label == "2026-10-05_2026-10-14" && range.days == 10)
    #expect(range.previous.from.description == "2026-09-25" && range.previous.to.description == "2026-10-04")
    // --last-month in January reaches back into the previous year.
    let december = try PeriodSelection.lastMonth.resolve(today: CalendarDate(iso: "2027-01-01")!)
    #expect(december.label == "2026-12")
}

@Test(arguments: [
    (PeriodSelection.month("2026-13"), "--month"), (.month("2026-1"), "--month"), (.month("26-10"), "--month"),
    (.week("2026-W54"), "W53"), (.week("2027-W53"), "W52"), (.week("2026-W00"), "--week"), (.week("2026W43"), "--week"),
    (.range(from: "2026-10-31", to: "2026-10-01"), "before"), (.range(from: "2026-10-01", to: "2026-02-30"), "--to"),
])
func invalidPeriodsSayWhatIsWrong(selection: PeriodSelection, mentions: String) {
    #expect {
        try selection.resolve(today: CalendarDate(iso: "2026-11-26")!)
    } throws: { error in
        (error as? PeriodError)?.description.contains(mentions) == true
    }
}
