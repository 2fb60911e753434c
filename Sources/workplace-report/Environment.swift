import FeishuAPI
import Foundation
import WorkplaceModel

/// What the process environment contributes: credentials, API host, clock, zone.
///
/// Read here, once, and passed down as values: library targets never read the environment.
enum Environment {
    /// The process environment.
    static var variables: [String: String] { ProcessInfo.processInfo.environment }

    /// The moments `--generated-at` and `SOURCE_DATE_EPOCH` may name: 1970-01-01T00:00:00Z to
    /// 9999-12-31T23:59:59Z (a four-digit year, which the workbook, the JSON and the e-mail's Date need).
    static let timestamps: ClosedRange<Int64> = 0...CivilTime.fourDigitYears.upperBound

    /// The settings the environment gives: the API host from FEISHU_BASE_URL.
    static func settings(_ env: [String: String]) -> JobSettings {
        var s = JobSettings()
        s.baseURL = nonEmpty(env["FEISHU_BASE_URL"])
        return s
    }

    /// The credentials from FEISHU_APP_ID + FEISHU_APP_SECRET, else FEISHU_TENANT_ACCESS_TOKEN.
    /// - Throws: ``UsageError`` when neither is set (or only half of the app pair).
    static func credentials(_ env: [String: String]) throws -> Credentials {
        let id = nonEmpty(env["FEISHU_APP_ID"])
        let secret = nonEmpty(env["FEISHU_APP_SECRET"])
        switch (id, secret) {
        case (let id?, let secret?): return .app(id: id, secret: secret)
        case (.some, nil): throw UsageError("FEISHU_APP_ID is set but FEISHU_APP_SECRET is not; export both")
        case (nil, .some): throw UsageError("FEISHU_APP_SECRET is set but FEISHU_APP_ID is not; export both")
        case (nil, nil): break
        }
        if let token = nonEmpty(env["FEISHU_TENANT_ACCESS_TOKEN"]) { return .tenantToken(token) }
        throw UsageError(
            "no credentials: export FEISHU_APP_ID and FEISHU_APP_SECRET (internal app) or FEISHU_TENANT_ACCESS_TOKEN")
    }

    /// Seconds since 1970 to stamp the run with: `flag` (--generated-at), else SOURCE_DATE_EPOCH, else `now`.
    /// - Throws: ``UsageError`` for a value that is not epoch seconds or an ISO-8601 UTC time in ``timestamps``.
    static func generatedAt(flag: String?, _ env: [String: String], now: Date) throws -> Int64 {
        if let flag { return try parseTimestamp(flag, name: "--generated-at") }
        if let epoch = nonEmpty(env["SOURCE_DATE_EPOCH"]) {
            return try parseTimestamp(epoch, name: "SOURCE_DATE_EPOCH")
        }
        return Int64(now.timeIntervalSince1970)
    }

    /// Parses epoch seconds or `2026-11-01T06:00:00Z`, inside ``timestamps``.
    static func parseTimestamp(_ text: String, name: String) throws -> Int64 {
        let seconds: Int64?
        let digits = text.hasPrefix("-") ? text.dropFirst() : Substring(text)
        if !digits.isEmpty, digits.allSatisfy({ ("0"..."9").contains($0) }) {
            // Digits too many for Int64 are outside the range as well.
            seconds = Int64(text) ?? (text.hasPrefix("-") ? Int64.min : Int64.max)
        } else if let date = ISO8601DateFormatter().date(from: text) {
            let interval = date.timeIntervalSince1970.rounded(.down)
            seconds = interval.magnitude < 1e18 ? Int64(interval) : Int64.max
        } else {
            seconds = nil
        }
        guard let seconds else {
            throw UsageError("\(name) '\(text)' is not a time; give epoch seconds or 2026-11-01T06:00:00Z")
        }
        guard timestamps.contains(seconds) else {
            throw UsageError(
                "\(name) '\(text)' is outside the accepted range: epoch seconds \(timestamps.lowerBound) to "
                    + "\(timestamps.upperBound) (\(ISO8601.utc(seconds: timestamps.lowerBound)) to "
                    + "\(ISO8601.utc(seconds: timestamps.upperBound)))")
        }
        return seconds
    }

    /// The date at `now` in `zone` (an IANA name such as Asia/Shanghai), or in the system zone when nil.
    /// - Throws: ``UsageError`` for an unknown zone.
    static func today(timeZone zone: String?, now: Date) throws -> CalendarDate {
        let tz: TimeZone
        if let zone {
            guard let named = TimeZone(identifier: zone) else {
                throw UsageError(
                    "--timezone '\(zone)' is not a known time zone; use an IANA name such as Asia/Shanghai")
            }
            tz = named
        } else {
            tz = .current
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = tz
        let c = calendar.dateComponents([.year, .month, .day], from: now)
        return CalendarDate(year: c.year!, month: c.month!, day: c.day!)!
    }

    private static func nonEmpty(_ value: String?) -> String? {
        value.flatMap { $0.isEmpty ? nil : $0 }
    }
}
