import Testing
import WorkplaceModel

@testable import FeishuAPI
@testable import FeishuSimulator

/// The whole-workplace and block endpoints through the same client as the custom one, over real HTTP.
@Suite("Whole workplace and blocks")
struct SiblingFetchTests {
    static let from = "2026-01-01"
    static let to = "2026-03-31"

    /// The simulator's whole-workplace days of `query`, as (date, all pv, all uv, default pv, default uv).
    static func overallTruth(_ simulator: RunningSimulator, _ query: FetchQuery) -> [OverallRecord] {
        simulator.tenant.overall(
            from: SimulatedDay(query.range.from.description)!, to: SimulatedDay(query.range.to.description)!
        ).map {
            OverallRecord(
                date: CalendarDate(iso: $0.day.description)!, allPV: Int64($0.allPV), allUV: Int64($0.allUV),
                defaultPV: Int64($0.defaultPV), defaultUV: Int64($0.defaultUV))
        }
    }

    /// The simulator's block records of `query` in the merge order: by block id as given, then (date, id).
    static func blockTruth(_ simulator: RunningSimulator, _ query: FetchQuery) -> [Row] {
        let from = SimulatedDay(query.range.from.description)!
        let to = SimulatedDay(query.range.to.description)!
        let ids: [String?] = query.workplaceIDs.isEmpty ? [nil] : query.workplaceIDs
        return ids.flatMap { id in
            simulator.tenant.blockRecords(from: from, to: to, block: id).map {
                Row(id: $0.blockID, date: $0.day.description, pv: Int64($0.pv), uv: Int64($0.uv))
            }
        }
    }

    static func faulty() -> SimulatorConfig {
        var config = Fixture.smallTenant()
        config.blocks = 20
        config.faults = FaultRates(internalError: 0.08, serverError: 0.05, dropConnection: 0.03, truncatedBody: 0.04)
        config.latency = .milliseconds(2)
        config.latencyJitter = .milliseconds(2)
        config.scriptedFaults = [3: .invalidPageToken, 7: .rateLimited(resetSeconds: nil, retryAfter: nil)]
        return config
    }

    static var patient: RetryPolicy {
        var retry = Fixture.fastRetry
        retry.maxAttempts = 12
        return retry
    }

    @Test("every whole-workplace day exactly once with faults on")
    func overallWithFaults() async throws {
        try await Fixture.withSimulator(Self.faulty()) { simulator in
            let client = try Fixture.client(simulator, retry: Self.patient)
            let query = try FetchQuery(fromText: Self.from, toText: Self.to, pageSize: 7, dataset: .overall)
            let result = try await client.fetchOverall(query)
            #expect(result.dataset.records == Self.overallTruth(simulator, query))
            #expect(result.dataset.records.count == 90)
            #expect(result.dataset.coverage == query.range)
            #expect(result.statistics.requests == (await simulator.statistics()).searchRequests)
            #expect(result.statistics.retries > 0)
        }
    }

    @Test("every block record exactly once with faults on, and the block filter")
    func blocksWithFaults() async throws {
        try await Fixture.withSimulator(Self.faulty()) { simulator in
            let client = try Fixture.client(simulator, retry: Self.patient)
            let all = try FetchQuery(fromText: Self.from, toText: Self.to, pageSize: 13, dataset: .blocks)
            let result = try await client.fetchBlocks(all)
            let rows = Fixture.rows(result.dataset)
            #expect(rows == Self.blockTruth(simulator, all))
            #expect(rows.count == simulator.tenant.blockRecordCount)
            // Blocks of the tiny workplace may have no visits at all; every other block shows up.
            #expect(Set(rows.map(\.id)).count >= 15)
            #expect(result.dataset.workplaces.allSatisfy { $0.names.isEmpty })

            let picked = [simulator.tenant.blocks[5].id, simulator.tenant.blocks[2].id]
            let filtered = try FetchQuery(
                fromText: Self.from, toText: Self.to, workplaceIDs: picked, pageSize: 9, dataset: .blocks)
            let some = Fixture.rows(try await client.fetchBlocks(filtered).dataset)
            #expect(some == Self.blockTruth(simulator, filtered))
            #expect(Set(some.map(\.id)) == Set(picked))
        }
    }

    @Test("page size 200 on the sibling endpoints: one call per 200 items per month")
    func pageSize200() async throws {
        var config = Fixture.smallTenant()
        config.blocks = 12
        try await Fixture.withSimulator(config) { simulator in
            let client = try Fixture.client(simulator, concurrency: 1)
            let blocks = try FetchQuery(fromText: Self.from, toText: Self.to, dataset: .blocks)
            #expect(blocks.pageSize == 200)
            let result = try await client.fetchBlocks(blocks)
            var expected = 0
            for (first, last) in [
                ("2026-01-01", "2026-01-31"), ("2026-02-01", "2026-02-28"), ("2026-03-01", "2026-03-31"),
            ] {
                let n = simulator.tenant.blockRecords(from: SimulatedDay(first)!, to: SimulatedDay(last)!).count
                expected += max(1, (n + 199) / 200)
            }
            #expect(result.statistics.requests == expected)
            #expect(result.statistics.pages == expected)
            let overall = try await client.fetchOverall(
                try FetchQuery(fromText: Self.from, toText: Self.to, dataset: .overall))
            #expect(overall.statistics.requests == 3)  // one per month: 31 days < 200
        }
    }

    @Test("a whole-workplace day is plausible: all ≥ default, blocks within their workplace")
    func tenantIsPlausible() {
        var config = Fixture.smallTenant()
        config.blocks = 40
        let simulator = SimulatedTenantProbe(config)
        for day in simulator.tenant.overallDays {
            #expect(day.allPV >= day.defaultPV && day.allUV >= day.defaultUV && day.allUV <= day.allPV)
        }
        let custom = Dictionary(
            uniqueKeysWithValues: simulator.tenant.records(from: config.firstDay, to: config.lastDay).map {
                ("\($0.workplaceID) \($0.day)", $0)
            })
        let owner = Dictionary(uniqueKeysWithValues: simulator.tenant.blocks.map { ($0.id, $0.workplaceID) })
        for r in simulator.tenant.blockRecords(from: config.firstDay, to: config.lastDay) {
            let w = custom["\(owner[r.blockID]!) \(r.day)"]
            #expect(w != nil && r.pv <= w!.pv && r.uv <= w!.uv && r.uv <= r.pv)
        }
    }

    @Test(
        "each endpoint's codes: refused → the query line, internal error retried, invalid page_token restarts",
        arguments: [
            (DatasetKind.overall, 1628001, "invalid time format"), (.overall, 1628002, "from_date can't be greater"),
            (.blocks, 1629001, "invalid time format"), (.blocks, 1629002, "from_date can't be greater"),
            (.blocks, 1629006, "invalid page_size"),
        ])
    func refusedCodes(dataset: DatasetKind, code: Int, message: String) async throws {
        var config = Fixture.smallTenant()
        config.scriptedFaults = [1: .platformError(status: 400, code: code, message: message)]
        try await Fixture.withSimulator(config) { simulator in
            let client = try Fixture.client(simulator, concurrency: 1)
            let query = try FetchQuery(fromText: Self.from, toText: "2026-01-31", dataset: dataset)
            let error = await #expect(throws: FeishuError.self) {
                if dataset == .overall {
                    _ = try await client.fetchOverall(query)
                } else {
                    _ = try await client.fetchBlocks(query)
                }
            }
            guard case .queryRejected(let context)? = error else {
                Issue.record("expected queryRejected, got \(String(describing: error))")
                return
            }
            #expect(context.endpoint == dataset.searchPath)
            #expect(error?.category == .usage)
            let line = error!.description
            #expect(!line.contains("\n"))
            #expect(line.contains("POST \(dataset.searchPath)") && line.contains("code \(code)"), "\(line)")
        }
    }

    @Test("1628003/1629004 are retried, 1628004/1629005 restart the chain", arguments: [DatasetKind.overall, .blocks])
    func transientAndRestart(dataset: DatasetKind) async throws {
        var config = Fixture.smallTenant()
        config.scriptedFaults = [1: .internalError, 2: .internalError, 4: .invalidPageToken]
        try await Fixture.withSimulator(config) { simulator in
            let client = try Fixture.client(simulator, concurrency: 1)
            let query = try FetchQuery(fromText: Self.from, toText: Self.to, pageSize: 10, dataset: dataset)
            let statistics: FetchProgress
            if dataset == .overall {
                let result = try await client.fetchOverall(query)
                #expect(result.dataset.records == Self.overallTruth(simulator, query))
                statistics = result.statistics
            } else {
                let result = try await client.fetchBlocks(query)
                #expect(Fixture.rows(result.dataset) == Self.blockTruth(simulator, query))
                statistics = result.statistics
            }
            #expect(statistics.retries == 2)
            #expect(statistics.chainRestarts == 1)
        }
    }

    @Test("internal errors that never stop: unavailable after the attempts, naming the endpoint")
    func unavailable() async throws {
        var config = Fixture.smallTenant()
        config.faults = FaultRates(internalError: 1)
        try await Fixture.withSimulator(config) { simulator in
            let client = try Fixture.client(simulator, concurrency: 1)
            let query = try FetchQuery(fromText: Self.from, toText: "2026-01-31", dataset: .blocks)
            let error = await #expect(throws: FeishuError.self) { _ = try await client.fetchBlocks(query) }
            #expect(error?.category == .unavailable)
            #expect(error?.description.contains("code 1629004") == true, "\(String(describing: error))")
            #expect(error?.description.contains(FeishuClient.blockPath) == true)
        }
    }

    @Test("a hostile item is one line naming its field")
    func hostileItems() throws {
        let cases: [(String, String)] = [
            (
                #"{"date":"2026-01-01","all_workplace":{"pv":-1,"uv":1},"default_workplace":{"pv":1,"uv":1}}"#,
                "all_workplace.pv is -1"
            ),
            (#"{"date":"2026-01-01","all_workplace":{"pv":1,"uv":1}}"#, "default_workplace is missing"),
            (
                #"{"date":"2026-02-30","all_workplace":{"pv":1,"uv":1},"default_workplace":{"pv":1,"uv":1}}"#,
                "is not a yyyy-MM-dd"
            ),
            (
                #"{"date":"2026-01-01","all_workplace":{"pv":1.5,"uv":1},"default_workplace":{"pv":1,"uv":1}}"#,
                "all_workplace.pv is 1.5"
            ),
        ]
        for (item, message) in cases {
            let body = #"{"code":0,"data":{"items":["# + item + #"],"has_more":false}}"#
            let page = try Wire.decode(Wire.Envelope<Wire.OverallItem>.self, from: Array(body.utf8)).get()
            #expect(throws: WireItemProblem.self) { _ = try page.data!.items![0].checked() }
            do {
                _ = try page.data!.items![0].checked()
            } catch {
                #expect(error.description.contains(message), "\(error.description)")
            }
        }
        let blocks: [(String, String)] = [
            (#"{"date":"2026-01-01","access_data":{"pv":1,"uv":1}}"#, "block_id is missing"),
            (#"{"block_id":"","date":"2026-01-01","access_data":{"pv":1,"uv":1}}"#, "block_id is empty"),
            (#"{"block_id":"1","date":"2026-01-01","access_data":{"pv":1}}"#, "access_data.uv is missing"),
        ]
        for (item, message) in blocks {
            let body = #"{"code":0,"data":{"items":["# + item + #"],"has_more":false}}"#
            let page = try Wire.decode(Wire.Envelope<Wire.BlockItem>.self, from: Array(body.utf8)).get()
            do {
                _ = try page.data!.items![0].checked()
                Issue.record("accepted \(item)")
            } catch {
                #expect(error.description.contains(message), "\(error.description)")
            }
        }
    }

    @Test("queries: page sizes per endpoint, no id for the whole workplace")
    func queries() throws {
        #expect(try FetchQuery(fromText: Self.from, toText: Self.to, dataset: .overall).pageSize == 200)
        #expect(try FetchQuery(fromText: Self.from, toText: Self.to).pageSize == 100)
        #expect(throws: FeishuError.self) {
            try FetchQuery(fromText: Self.from, toText: Self.to, pageSize: 201, dataset: .blocks)
        }
        #expect(throws: FeishuError.self) {
            try FetchQuery(fromText: Self.from, toText: Self.to, workplaceIDs: ["x"], dataset: .overall)
        }
        #expect(throws: FeishuError.self) {
            try FetchQuery(fromText: Self.from, toText: Self.to, workplaceIDs: ["a b"], dataset: .blocks)
        }
    }

    @Test("each endpoint has its own 20/s budget: 20 sends on each at once, none waits (injected clock)")
    func perEndpointBudget() async throws {
        let clock = TestClock()
        let configuration = FeishuClientConfiguration(
            baseURL: try FeishuBaseURL("http://127.0.0.1:9"), credentials: .tenantToken("t-test"), clock: clock)
        let client = try FeishuClient(configuration: configuration)
        let custom = try #require(client.budget(.custom))
        let overall = try #require(client.budget(.overall))
        let blocks = try #require(client.budget(.blocks))
        #expect(custom !== overall && overall !== blocks)
        var times: [[Duration]] = []
        for _ in 0..<20 {
            var round: [Duration] = []
            for limiter in [custom, overall, blocks] { round.append(try await limiter.acquire()) }
            times.append(round)
        }
        // Each endpoint spaces its own sends (90 % of 1.035 s / 20 apart) but never waits for another's:
        // 60 sends inside one second, the three of a round at the same moment.
        let last = times.flatMap { $0 }.max()!
        #expect(last < .seconds(1), "\(last)")
        #expect(times.allSatisfy { $0[0] == $0[1] && $0[1] == $0[2] })
        // The 21st on one endpoint waits for its window; the others are unaffected.
        let next = try await custom.acquire()
        #expect(next >= .seconds(1))
    }
}

/// A tenant built without a server, to look at its data.
struct SimulatedTenantProbe {
    let tenant: SimulatedTenant
    init(_ config: SimulatorConfig) {
        tenant = SimulatedTenant(config)
    }
}

/// The two sibling endpoints of the simulator, spoken to with raw HTTP.
@Suite("The simulator's sibling endpoints")
struct SimulatorSiblingTests {
    @Test("their own codes, the page_size range 1–200 and page tokens tied to one endpoint")
    func validation() async throws {
        try await Fixture.withSimulator(Fixture.smallTenant()) { simulator in
            let token = try await SimulatorTests.token(simulator)
            let overall = SimulatedEndpoint.overall.rawValue
            let blocks = SimulatedEndpoint.blocks.rawValue
            let cases: [(String, String, Int, String)] = [
                (overall, "from_date=2026-1-5&to_date=2026-01-31", 1628001, "invalid time format"),
                (overall, "from_date=2026-02-01&to_date=2026-01-31", 1628002, "from_date can't be greater"),
                (overall, "from_date=2026-01-01&to_date=2026-01-31&page_size=201", 99992402, "field validation"),
                (
                    overall, "from_date=2026-01-01&to_date=2026-01-31&page_size=5&page_token=x", 1628004,
                    "invalid page_token"
                ),
                (blocks, "from_date=2026-01-01", 1629001, "invalid time format"),
                (blocks, "from_date=2026-02-01&to_date=2026-01-31", 1629002, "from_date can't be greater"),
                (blocks, "from_date=2026-01-01&to_date=2026-01-31&page_size=0", 1629006, "invalid page_size"),
                (blocks, "from_date=2026-01-01&to_date=2026-01-31&page_size=201", 1629006, "invalid page_size"),
                (blocks, "from_date=2026-01-01&to_date=2026-01-31&page_token=zz", 1629005, "invalid page_token"),
            ]
            for (path, query, code, message) in cases {
                let (status, object, _) = try await SimulatorTests.post(simulator, path, query: query, bearer: token)
                #expect(status == 400, "\(path) \(query)")
                #expect(object["code"] as? Int == code, "\(path) \(query)")
                #expect((object["msg"] as? String)?.hasPrefix(message) == true, "\(path) \(query)")
            }
            // 200 items on one page; the next page's token is refused by the other endpoint.
            let (status, first, _) = try await SimulatorTests.post(
                simulator, blocks, query: "from_date=2026-01-01&to_date=2026-03-31&page_size=200", bearer: token)
            #expect(status == 200)
            let data = try #require(first["data"] as? [String: Any])
            #expect((data["items"] as? [Any])?.count == 200)
            #expect(data["has_more"] as? Bool == true)
            let next = try #require(data["page_token"] as? String)
            let (_, other, _) = try await SimulatorTests.post(
                simulator, SimulatedEndpoint.custom.rawValue,
                query: "from_date=2026-01-01&to_date=2026-03-31&page_size=100&page_token=" + next, bearer: token)
            #expect(other["code"] as? Int == 1621004)
            let (_, day, _) = try await SimulatorTests.post(
                simulator, overall, query: "from_date=2026-01-01&to_date=2026-01-01&page_size=1", bearer: token)
            let item = try #require(((day["data"] as? [String: Any])?["items"] as? [[String: Any]])?.first)
            #expect(Set(item.keys) == ["date", "all_workplace", "default_workplace"])
        }
    }

    @Test("the rate limit is per endpoint and the quota counts every search call")
    func limitsAndQuota() async throws {
        var config = Fixture.smallTenant()
        config.rateLimit = true
        config.requestsPerSecond = 3
        config.monthlyQuota = 100
        let state = SimulatorState(config: config, now: { .zero })
        for endpoint in SimulatedEndpoint.allCases {
            for _ in 0..<3 {
                if case .rateLimited = await state.decideSearch(authorization: nil, endpoint: endpoint) {
                    Issue.record("\(endpoint) limited before its own 3")
                }
            }
            guard case .rateLimited = await state.decideSearch(authorization: nil, endpoint: endpoint) else {
                Issue.record("\(endpoint) not limited after 3")
                continue
            }
        }
        let stats = await state.statistics
        #expect(stats.requestsByEndpoint == [.custom: 4, .overall: 4, .blocks: 4])
        #expect(stats.maxInWindow == 4)

        var quota = Fixture.smallTenant()
        quota.monthlyQuota = 2
        try await Fixture.withSimulator(quota) { simulator in
            let token = try await SimulatorTests.token(simulator)
            let query = "from_date=2026-01-01&to_date=2026-01-02&page_size=10"
            for path in [SimulatedEndpoint.overall.rawValue, SimulatedEndpoint.blocks.rawValue] {
                let (status, _, _) = try await SimulatorTests.post(simulator, path, query: query, bearer: token)
                #expect(status == 200)
            }
            let (status, object, _) = try await SimulatorTests.post(
                simulator, SimulatedEndpoint.custom.rawValue, query: query, bearer: token)
            #expect(status == 429 && object["code"] as? Int == 99991403)
        }
    }
}
