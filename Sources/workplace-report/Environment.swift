import FeishuAPI
import Foundation
import WorkplaceModel

/// What the process environment contributes: credentials, API host, clock, zone.
///
/// Read here, once, and passed down as values: library targets never read the environment.
enum Environment {
    static var variables: [String: String] { ProcessInfo.processInfo.environment }

    /// The credentials from FEISHU_APP_ID + FEISHU_APP_SECRET, else FEISHU_TENANT_ACCESS_TOKEN.
    /// - Throws: ``UsageError`` when neither is set (or only half of the app pair).
    static func credentials() throws -> Credentials {
        let env = variables
        let id = env["FEISHU_APP_ID"].flatMap { $0.isEmpty ? nil : $0 }
        let secret = env["FEISHU_APP_SECRET"].flatMap { $0.isEmpty ? nil : $0 }
        switch (id, secret) {
        case (let id?, let secret?): return .app(id: id, secret: secret)
        case (.some, nil): throw UsageError("FEISHU_APP_ID is set but FEISHU_APP_SECRET is not; export both")
        case (nil, .some): throw UsageError("FEISHU_APP_SECRET is set but FEISHU_APP_ID is not; export both")
        case (nil, nil): break
        }
        if let token = env["FEISHU_TENANT_ACCESS_TOKEN"], !token.isEmpty { return .tenantToken(token) }
        throw UsageError(
            "no credentials: export FEISHU_APP_ID and FEISHU_APP_SECRET (internal app) or FEISHU_TENANT_ACCESS_TOKEN")
    }

    /// The API base URL: the flag, else FEISHU_BASE_URL, else Feishu's open platform.
    static func baseURL(flag: String?) -> String {
        flag ?? variables["FEISHU_BASE_URL"].flatMap { $0.isEmpty ? nil : $0 } ?? "https://open.feishu.cn"
    }

    /// Seconds since 1970 to stamp the report with: --generated-at, else SOURCE_DATE_EPOCH, else now.
    /// - Throws: ``UsageError`` for a value that is neither epoch seconds nor an ISO-8601 UTC time.
    static func generatedAt(flag: String?) throws -> Int64 {
        if let flag { return try parseTimestamp(flag, name: "--generated-at") }
        if let epoch = variables["SOURCE_DATE_EPOCH"], !epoch.isEmpty {
            return try parseTimestamp(epoch, name: "SOURCE_DATE_EPOCH")
        }
        return Int64(Date().timeIntervalSince1970)
    }

    private static func parseTimestamp(_ text: String, name: String) throws -> Int64 {
        if let seconds = Int64(text), seconds >= 0 { return seconds }
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return Int64(date.timeIntervalSince1970) }
        throw UsageError("\(name) '\(text)' is not a time; give epoch seconds or 2026-11-01T06:00:00Z")
    }

    /// Today's date in `zone` (an IANA name such as Asia/Shanghai), or the system zone when nil.
    /// - Throws: ``UsageError`` for an unknown zone.
    static func today(timeZone zone: String?) throws -> CalendarDate {
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
        let c = calendar.dateComponents([.year, .month, .day], from: Date())
        return CalendarDate(year: c.year!, month: c.month!, day: c.day!)!
    }
}
