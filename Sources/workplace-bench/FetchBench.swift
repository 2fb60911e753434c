import FeishuAPI
import FeishuSimulator
import Foundation
import Logging
import WorkplaceModel

/// One fetch benchmark run.
struct FetchMeasurement {
    var concurrency: Int
    var pages: Int
    var records: Int
    var requests: Int
    var retries: Int
    var rateLimited: Int
    var seconds: Double
    var limit: Int

    var requestsPerSecond: Double { Double(requests) / seconds }
}

/// 730 pages (200 workplaces × 365 days at page size 100) from the simulator at 20 requests/s, 100 ms latency.
enum FetchBench {
    static func run(concurrency: Int) async throws -> FetchMeasurement {
        let config = SimulatorConfig.benchmark
        let simulator = try await Simulator.start(config)
        defer { Task { await simulator.stop() } }
        FileHandle.standardError.write(Data("bench: fetch, concurrency \(concurrency)…\n".utf8))
        let client = try FeishuClient(
            configuration: FeishuClientConfiguration(
                baseURL: try FeishuBaseURL(simulator.baseURL),
                credentials: .app(id: SimulatorConfig.demoAppID, secret: SimulatorConfig.demoAppSecret),
                concurrency: concurrency))
        let first = CalendarDate(iso: config.firstDay.description)!
        let query = try FetchQuery(from: first, to: first.adding(days: config.days - 1), pageSize: 100)
        let start = ContinuousClock.now
        let result = try await client.fetch(query, progress: nil)
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        let s = result.statistics
        guard result.dataset.records.count == simulator.tenant.recordCount else {
            throw Shell.Failed(
                description:
                    "fetched \(result.dataset.records.count) records, the simulator has \(simulator.tenant.recordCount)"
            )
        }
        return FetchMeasurement(
            concurrency: concurrency, pages: s.pages, records: s.records, requests: s.requests, retries: s.retries,
            rateLimited: s.rateLimited, seconds: seconds, limit: config.requestsPerSecond)
    }
}
