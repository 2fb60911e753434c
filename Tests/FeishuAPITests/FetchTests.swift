import FeishuAPI
import FeishuSimulator
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
        }
    }
}
