import Foundation
import PropertyBased
import Testing
import WorkplaceModel

// The one epoch → civil date/time conversion: known moments (checked by hand against Python's
// datetime), agreement with Foundation, and no trap anywhere in Int64.

@Test(arguments: [
    (Int64(0), "1970-01-01T00:00:00Z", 4),
    (-1, "1969-12-31T23:59:59Z", 3),
    (1_793_520_000, "2026-11-01T08:00:00Z", 7),
    (951_782_400, "2000-02-29T00:00:00Z", 2),
    (1_709_164_800, "2024-02-29T00:00:00Z", 4),
    (253_402_300_799, "9999-12-31T23:59:59Z", 5),
    (-62_135_596_800, "0001-01-01T00:00:00Z", 1),
])
func knownMoments(seconds: Int64, iso: String, weekday: Int) {
    let t = CivilTime(epochSeconds: seconds)
    #expect(t.iso8601 == iso)
    #expect(ISO8601.utc(seconds: seconds) == iso)
    #expect(t.isoWeekday == weekday)
}

@Test func theFourDigitYearsAreExactlyYears1To9999() {
    #expect(CivilTime(epochSeconds: CivilTime.fourDigitYears.lowerBound).year == 1)
    #expect(CivilTime(epochSeconds: CivilTime.fourDigitYears.lowerBound - 1).year == 0)
    #expect(CivilTime(epochSeconds: CivilTime.fourDigitYears.upperBound).year == 9999)
    #expect(CivilTime(epochSeconds: CivilTime.fourDigitYears.upperBound + 1).year == 10000)
}

@Test(arguments: [Int64.max, Int64.min, Int64.max - 1, Int64.min + 1, 999_999_999_999_999, -999_999_999_999_999])
func extremeSecondsNeverTrap(seconds: Int64) {
    let t = CivilTime(epochSeconds: seconds)
    #expect((1...12).contains(t.month) && (1...31).contains(t.day))
    #expect((0...23).contains(t.hour) && (0...59).contains(t.minute) && (0...59).contains(t.second))
    #expect(!ISO8601.utc(seconds: seconds).isEmpty)
}

@Test func agreesWithFoundationAcrossTheFourDigitYears() async {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    await propertyCheck(count: 2000, input: Gen.int(in: -12_000_000_000...253_402_300_799)) { seconds in
        let t = CivilTime(epochSeconds: Int64(seconds))
        let c = calendar.dateComponents(
            [.year, .month, .day, .hour, .minute, .second], from: Date(timeIntervalSince1970: Double(seconds)))
        #expect(t.year == Int64(c.year!) && t.month == c.month && t.day == c.day)
        #expect(t.hour == c.hour && t.minute == c.minute && t.second == c.second)
        #expect(CivilTime.daysSince1970(year: t.year, month: t.month, day: t.day) == t.daysSince1970)
    }
}
