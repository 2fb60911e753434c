import FeishuAPI
import FeishuSimulator
import Foundation
import Testing

/// The simulator on its own, spoken to with raw HTTP: the seed's rules, tokens and the tenant's shape.
@Suite("The simulator")
struct SimulatorTests {
    static let search = "/open-apis/workplace/v1/custom_workplace_access_data/search"

    /// Sends a raw POST and returns (status, JSON object, headers).
    static func post(
        _ simulator: RunningSimulator, _ path: String, query: String = "", bearer: String? = nil, body: String? = nil
    ) async throws -> (Int, [String: Any], TransportResponse) {
        var headers: [(String, String)] = []
        if let bearer { headers.append(("Authorization", "Bearer " + bearer)) }
        if body != nil { headers.append(("Content-Type", "application/json; charset=utf-8")) }
        let response = try await HTTPClientTransport().send(
            TransportRequest(
                url: simulator.baseURL + path + (query.isEmpty ? "" : "?" + query), headers: headers,
                body: body.map { Array($0.utf8) }, timeout: .seconds(5)))
        let object = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any] ?? [:]
        return (response.status, object, response)
    }

    static func token(_ simulator: RunningSimulator) async throws -> String {
        let body = #"{"app_id":"\#(SimulatorConfig.demoAppID)","app_secret":"\#(SimulatorConfig.demoAppSecret)"}"#
        let (status, object, _) = try await post(
            simulator, "/open-apis/auth/v3/tenant_access_token/internal", body: body)
        #expect(status == 200)
        #expect(object["code"] as? Int == 0)
        #expect((7190...7200).contains(object["expire"] as? Int ?? 0))
        return object["tenant_access_token"] as? String ?? ""
    }

    @Test("the token endpoint answers 10003 / 10014 with HTTP 200, and the same token while it is fresh")
    func tokenEndpoint() async throws {
        try await Fixture.withSimulator(Fixture.smallTenant()) { simulator in
            let path = "/open-apis/auth/v3/tenant_access_token/internal"
            let (s1, unknown, _) = try await Self.post(simulator, path, body: #"{"app_id":"cli_x","app_secret":"y"}"#)
            #expect(s1 == 200 && unknown["code"] as? Int == 10003 && unknown["msg"] as? String == "invalid param")
            let wrong = #"{"app_id":"\#(SimulatorConfig.demoAppID)","app_secret":"nope"}"#
            let (s2, rejected, _) = try await Self.post(simulator, path, body: wrong)
            #expect(s2 == 200 && rejected["code"] as? Int == 10014)
            let first = try await Self.token(simulator)
            #expect(first.hasPrefix("t-") && first.count == 34)
            #expect(try await Self.token(simulator) == first)
        }
    }

    @Test("the seed's validation: 1621001, 1621002, page size, missing and unknown tokens")
    func validation() async throws {
        try await Fixture.withSimulator(Fixture.smallTenant()) { simulator in
            let token = try await Self.token(simulator)
            let cases: [(String, String?, Int, Int, String)] = [
                ("from_date=2026-1-5&to_date=2026-01-31", token, 400, 1621001, "invalid  time format"),
                ("from_date=2026-01-05", token, 400, 1621001, "invalid  time format"),
                (
                    "from_date=2026-02-01&to_date=2026-01-31", token, 400, 1621002,
                    "from_date can't be greater than to_date"
                ),
                (
                    "from_date=2026-01-01&to_date=2026-01-31&page_size=0", token, 400, 99992402,
                    "field validation failed"
                ),
                (
                    "from_date=2026-01-01&to_date=2026-01-31&page_size=101", token, 400, 99992402,
                    "field validation failed"
                ),
                ("from_date=2026-01-01&to_date=2026-01-31", nil, 400, 99991661, "Missing access token"),
                ("from_date=2026-01-01&to_date=2026-01-31", "t-unknown", 400, 99991663, "Invalid access token"),
            ]
            for (query, bearer, status, code, message) in cases {
                let (s, object, response) = try await Self.post(simulator, Self.search, query: query, bearer: bearer)
                #expect(s == status, "\(query)")
                #expect(object["code"] as? Int == code, "\(query)")
                #expect((object["msg"] as? String)?.hasPrefix(message) == true, "\(query)")
                let logID = response.header("X-Tt-Logid")
                #expect(logID != nil && (object["error"] as? [String: Any])?["log_id"] as? String == logID)
            }
        }
    }

    @Test("page tokens are opaque and tamper-evident; a token from another query is refused")
    func pageTokens() async throws {
        try await Fixture.withSimulator(Fixture.smallTenant()) { simulator in
            let token = try await Self.token(simulator)
            let query = "from_date=2026-01-01&to_date=2026-01-31&page_size=5"
            let (_, first, _) = try await Self.post(simulator, Self.search, query: query, bearer: token)
            let data = first["data"] as? [String: Any] ?? [:]
            #expect(data["has_more"] as? Bool == true)
            #expect((data["items"] as? [Any])?.count == 5)
            let pageToken = data["page_token"] as? String ?? ""
            #expect(pageToken.count == 40)
            let (s2, second, _) = try await Self.post(
                simulator, Self.search, query: query + "&page_token=" + pageToken, bearer: token)
            #expect(s2 == 200 && second["code"] as? Int == 0)
            // Flip one hex digit anywhere: refused.
            for position in [0, 10, 39] {
                var chars = Array(pageToken)
                chars[position] = chars[position] == "0" ? "1" : "0"
                let (s, object, _) = try await Self.post(
                    simulator, Self.search, query: query + "&page_token=" + String(chars), bearer: token)
                #expect(
                    s == 400 && object["code"] as? Int == 1621004 && object["msg"] as? String == "invalid page_token")
            }
            let other = "from_date=2026-01-01&to_date=2026-02-28&page_size=5&page_token=" + pageToken
            let (_, refused, _) = try await Self.post(simulator, Self.search, query: other, bearer: token)
            #expect(refused["code"] as? Int == 1621004)
        }
    }

    @Test("pages escape <, > and & as Go's encoder does, and carry emoji and CJK as raw UTF-8")
    func escaping() async throws {
        try await Fixture.withSimulator(Fixture.smallTenant()) { simulator in
            let token = try await Self.token(simulator)
            let (_, _, response) = try await Self.post(
                simulator, Self.search, query: "from_date=2026-03-01&to_date=2026-03-01", bearer: token)
            let text = String(decoding: response.body, as: UTF8.self)
            #expect(text.contains(#"\u003cscript\u003ealert('新品')\u003c/script\u003e"#))
            #expect(text.contains(#"\u003cb\u003eLaunch\u003c/b\u003e \u0026 \"Go\""#))
            #expect(text.contains("Line one\\nLine two\\t| tab"))
            #expect(text.contains("🚀"))
            #expect(!text.contains("<"))
        }
    }

    @Test("the limiter answers 429 with code 99991400 and x-ogw-ratelimit-reset past its requests/s")
    func rateLimit() async throws {
        var config = Fixture.smallTenant()
        config.rateLimit = true
        // A limit of 2 a second, asked 8 times one after another: a loaded machine answers each of them
        // well inside the second (120 at once, against 20/s, once timed out in the client's queue).
        config.requestsPerSecond = 1
        try await Fixture.withSimulator(config) { simulator in
            let token = try await Self.token(simulator)
            var answers: [TransportResponse] = []
            for _ in 0..<8 {
                answers.append(
                    try await Self.post(
                        simulator, Self.search, query: "from_date=2026-01-01&to_date=2026-01-01", bearer: token
                    ).2)
            }
            let limited = answers.filter { $0.status == 429 }
            for response in limited {
                let object = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any] ?? [:]
                #expect(object["code"] as? Int == 99991400)
                #expect(object["msg"] as? String == "request trigger frequency limit")
            }
            #expect(answers.prefix(1).allSatisfy { $0.status == 200 })
            #expect(limited.count >= 1)
            #expect(limited.allSatisfy { $0.header("x-ogw-ratelimit-reset") == "1" })
            #expect(limited.allSatisfy { $0.header("x-ogw-ratelimit-limit") == "1" })
        }
    }

    @Test("an expired token is refused with 99991663 and a new one is issued")
    func tokenExpiry() async throws {
        var config = Fixture.smallTenant()
        config.tokenLifetime = 1
        try await Fixture.withSimulator(config) { simulator in
            let path = "/open-apis/auth/v3/tenant_access_token/internal"
            let body = #"{"app_id":"\#(SimulatorConfig.demoAppID)","app_secret":"\#(SimulatorConfig.demoAppSecret)"}"#
            let (_, answer, _) = try await Self.post(simulator, path, body: body)
            let token = answer["tenant_access_token"] as? String ?? ""
            try await Task.sleep(for: .milliseconds(1100))
            let (status, object, _) = try await Self.post(
                simulator, Self.search, query: "from_date=2026-01-01&to_date=2026-01-01", bearer: token)
            #expect(status == 400 && object["code"] as? Int == 99991663)
            let (_, again, _) = try await Self.post(simulator, path, body: body)
            #expect(again["tenant_access_token"] as? String != token)
        }
    }

    @Test("same seed, same tenant; another seed, another tenant")
    func determinism() async throws {
        let a = try await Fixture.withSimulator(Fixture.smallTenant(seed: 5)) { $0.tenant }
        let b = try await Fixture.withSimulator(Fixture.smallTenant(seed: 5)) { $0.tenant }
        let c = try await Fixture.withSimulator(Fixture.smallTenant(seed: 6)) { $0.tenant }
        let first = SimulatedDay("2026-01-01")!
        let last = SimulatedDay("2026-03-31")!
        #expect(a.records(from: first, to: last) == b.records(from: first, to: last))
        #expect(a.workplaces == b.workplaces)
        #expect(a.records(from: first, to: last) != c.records(from: first, to: last))
    }

    @Test("the tenant has hostile names, a weekly rhythm, a mid-range launch, a rename and omitted zero days")
    func tenantShape() async throws {
        let tenant = try await Fixture.withSimulator(Fixture.smallTenant()) { $0.tenant }
        let first = SimulatedDay("2026-01-01")!
        let last = SimulatedDay("2026-03-31")!
        let records = tenant.records(from: first, to: last)
        #expect(records.count == tenant.recordCount)
        let names = tenant.workplaces.flatMap { $0.names.map(\.name) }
        #expect(names.contains { $0.contains("<script>") })
        #expect(names.contains { $0.contains("|") && $0.contains("**") })
        #expect(names.contains { $0.hasPrefix("=") })
        #expect(names.contains { $0.contains("🚀") })
        #expect(names.contains { $0.count > 250 })
        #expect(names.contains { $0.contains("\n") })
        // Sorted by (day, id), uv within 1…pv.
        #expect(records == records.sorted { ($0.day, $0.workplaceID) < ($1.day, $1.workplaceID) })
        #expect(records.allSatisfy { $0.uv >= 1 && $0.uv <= $0.pv })
        // One workplace starts mid-range.
        let launched = tenant.workplaces.filter { $0.launch > first }
        #expect(launched.count == 1)
        if let late = launched.first {
            let days = records.filter { $0.workplaceID == late.id }.map(\.day)
            #expect(days.min() == late.launch)
        }
        // Some workplace misses days (zero visits are omitted).
        let perWorkplace = Dictionary(grouping: records, by: \.workplaceID)
        #expect(perWorkplace.values.contains { $0.count < 90 && $0.first?.day == first })
        // Weekends are quieter than weekdays for the biggest workplace.
        let biggest = perWorkplace.values.max { $0.map(\.pv).reduce(0, +) < $1.map(\.pv).reduce(0, +) } ?? []
        func mean(_ r: [SimulatedRecord]) -> Double { Double(r.map(\.pv).reduce(0, +)) / Double(max(r.count, 1)) }
        #expect(mean(biggest.filter { $0.day.weekday >= 6 }) * 2 < mean(biggest.filter { $0.day.weekday < 6 }))
        // A workplace is renamed partway: its early records carry other names than its late ones.
        #expect(perWorkplace.values.contains { Set($0.map(\.names)).count > 1 })
    }

    @Test("the benchmark tenant is 200 workplaces × 365 days with no gaps: 730 pages of 100")
    func benchmarkTenant() async throws {
        let tenant = try await Fixture.withSimulator(SimulatorConfig.benchmark) { $0.tenant }
        #expect(tenant.workplaces.count == 200)
        #expect(tenant.recordCount == 73_000)
    }

    @Test("settings out of range are refused before binding")
    func badConfig() async throws {
        var config = SimulatorConfig()
        config.faults = FaultRates(internalError: 0.7, serverError: 0.7)
        await #expect(throws: SimulatorError.self) { try await Simulator.start(config) }
        config = SimulatorConfig()
        config.days = 0
        await #expect(throws: SimulatorError.self) { try await Simulator.start(config) }
    }
}
