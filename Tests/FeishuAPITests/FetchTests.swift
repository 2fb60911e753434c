import FeishuAPI
import FeishuSimulator
import Synchronization
import Testing
import WorkplaceModel

@Suite("Fetching from the simulator over HTTP")
struct FetchTests {
    @Test("a three-month fetch returns every record once, in order")
    func wholeRange() async throws {
        try await Fixture.withSimulator(Fixture.smallTenant()) { simulator in
            let client = try Fixture.client(simulator)
            let query = try FetchQuery(fromText: "2026-01-01", toText: "2026-03-31", pageSize: 7)
            let result = try await Fixture.expectExactFetch(client, simulator, query)
            #expect(result.dataset.records.count == simulator.tenant.recordCount)
            #expect(result.statistics.tokenRequests == 1)
            #expect(result.statistics.retries == 0)
            let stats = await simulator.statistics()
            #expect(result.statistics.requests == stats.searchRequests)
            #expect(result.statistics.pages == stats.pagesServed)
        }
    }

    @Test("every workplace keeps the names of its latest record, hostile text byte for byte")
    func names() async throws {
        try await Fixture.withSimulator(Fixture.smallTenant()) { simulator in
            let client = try Fixture.client(simulator)
            let dataset = try await client.fetch(try FetchQuery(fromText: "2026-01-01", toText: "2026-03-31"))
            let truth = simulator.tenant.records(from: SimulatedDay("2026-01-01")!, to: SimulatedDay("2026-03-31")!)
            var latest: [String: [LocalizedName]] = [:]
            for record in truth {
                latest[record.workplaceID] = record.names.map { LocalizedName(language: $0.language, name: $0.name) }
            }
            #expect(dataset.workplaces.count == latest.count)
            for workplace in dataset.workplaces {
                #expect(workplace.names == latest[workplace.id])
            }
            let all = dataset.workplaces.flatMap(\.names).map(\.name)
            #expect(all.contains("<script>alert('新品')</script>发布"))
            #expect(all.contains("Line one\nLine two\t| tab"))
            #expect(all.contains("🚀 Innovation Hub 👩‍💻"))
        }
    }

    @Test("a fetch by workplace ids returns exactly their records, a repeated id once, an unknown id nothing")
    func byWorkplace() async throws {
        try await Fixture.withSimulator(Fixture.smallTenant()) { simulator in
            let client = try Fixture.client(simulator)
            let ids = simulator.tenant.workplaces.map(\.id)
            let query = try FetchQuery(
                fromText: "2026-01-20", toText: "2026-03-05", workplaceIDs: [ids[3], ids[0], ids[3], "tpl_unknown"],
                pageSize: 9)
            #expect(query.workplaceIDs == [ids[3], ids[0], "tpl_unknown"])
            let result = try await Fixture.expectExactFetch(client, simulator, query)
            #expect(Set(Fixture.rows(result.dataset).map(\.id)) == [ids[3], ids[0]])
        }
    }

    @Test("days outside the tenant's data are simply empty")
    func outsideData() async throws {
        try await Fixture.withSimulator(Fixture.smallTenant()) { simulator in
            let client = try Fixture.client(simulator)
            let before = try await client.fetch(try FetchQuery(fromText: "2025-11-01", toText: "2025-12-31"))
            #expect(before.records.isEmpty)
            #expect(
                before.coverage
                    == DateRange(from: CalendarDate(iso: "2025-11-01")!, to: CalendarDate(iso: "2025-12-31")!))
            try await Fixture.expectExactFetch(
                client, simulator, try FetchQuery(fromText: "2025-12-15", toText: "2026-01-10", pageSize: 13))
        }
    }

    @Test("concurrency 1 and 6 give the same records in the same order")
    func concurrencyIndependent() async throws {
        try await Fixture.withSimulator(Fixture.smallTenant()) { simulator in
            let query = try FetchQuery(fromText: "2026-01-03", toText: "2026-03-29", pageSize: 11)
            let one = try await Fixture.client(simulator, concurrency: 1).fetch(query)
            let six = try await Fixture.client(simulator, concurrency: 6).fetch(query)
            #expect(Fixture.rows(one) == Fixture.rows(six))
            #expect(one.workplaces == six.workplaces)
        }
    }

    @Test("progress reports grow to the final statistics")
    func progress() async throws {
        try await Fixture.withSimulator(Fixture.smallTenant()) { simulator in
            let client = try Fixture.client(simulator, concurrency: 3)
            let seen = Mutex<[FetchProgress]>([])
            let query = try FetchQuery(fromText: "2026-01-01", toText: "2026-03-31", pageSize: 25)
            let result = try await client.fetch(query) { progress in seen.withLock { $0.append(progress) } }
            let reports = seen.withLock { $0 }
            #expect(reports.count >= result.statistics.pages)
            #expect(reports.last?.records == result.dataset.records.count)
            #expect(reports.last?.shardsDone == reports.last?.shardsTotal)
            #expect(zip(reports, reports.dropFirst()).allSatisfy { $0.pages <= $1.pages && $0.elapsed <= $1.elapsed })
            #expect(result.statistics.requestsPerSecond > 0)
        }
    }

    @Test("a client shared by two concurrent fetches keeps one token and one limiter")
    func sharedClient() async throws {
        try await Fixture.withSimulator(Fixture.smallTenant()) { simulator in
            let client = try Fixture.client(simulator)
            let a = try FetchQuery(fromText: "2026-01-01", toText: "2026-01-31")
            let b = try FetchQuery(fromText: "2026-02-01", toText: "2026-03-31", pageSize: 17)
            async let first = client.fetch(a)
            async let second = client.fetch(b)
            let (x, y) = try await (first, second)
            #expect(Fixture.rows(x) == Fixture.truth(simulator, a))
            #expect(Fixture.rows(y) == Fixture.truth(simulator, b))
            #expect(await simulator.statistics().tokensIssued == 1)
        }
    }
}
