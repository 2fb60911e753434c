import FeishuAPI
import FeishuSimulator
import Foundation
import Logging
import WorkplaceModel

/// One fetch benchmark run.
struct FetchMeasurement {
    var label: String
    var pages: Int
    var records: Int
    var requests: Int
    var retries: Int
    var rateLimited: Int
    var seconds: Double
    /// The most search requests the simulator received in any rolling 1 s window.
    var maxInWindow: Int
    var limit: Int

    var pagesPerSecond: Double { Double(pages) / seconds }
}

/// 730 pages (200 workplaces × 365 days at page size 100) from the simulator's rolling 20/s window
/// with 100 ms ± 30 ms latency.
enum FetchBench {
    static func run(concurrency: Int, marginMs: Int) async throws -> FetchMeasurement {
        let config = SimulatorConfig.benchmark
        let simulator = try await Simulator.start(config)
        defer { Task { await simulator.stop() } }
        FileHandle.standardError.write(Data("bench: fetch, concurrency \(concurrency), margin \(marginMs) ms…\n".utf8))
        let client = try FeishuClient(
            configuration: FeishuClientConfiguration(
                baseURL: try FeishuBaseURL(simulator.baseURL),
                credentials: .app(id: SimulatorConfig.demoAppID, secret: SimulatorConfig.demoAppSecret),
                concurrency: concurrency, windowMargin: .milliseconds(marginMs)))
        let first = CalendarDate(iso: config.firstDay.description)!
        let query = try FetchQuery(from: first, to: first.adding(days: config.days - 1), pageSize: 100)
        let start = ContinuousClock.now
        let result = try await client.fetch(query, progress: nil)
        let seconds = Self.seconds(ContinuousClock.now - start)
        let s = result.statistics
        guard result.dataset.records.count == simulator.tenant.recordCount else {
            throw Shell.Failed(
                description:
                    "fetched \(result.dataset.records.count) records, the simulator has \(simulator.tenant.recordCount)"
            )
        }
        let stats = await simulator.statistics()
        return FetchMeasurement(
            label: "workplace-report, concurrency \(concurrency), 20 per "
                + String(format: "%.3f s", 1 + Double(marginMs) / 1000), pages: s.pages, records: s.records,
            requests: s.requests, retries: s.retries, rateLimited: stats.rateLimited, seconds: seconds,
            maxInWindow: stats.maxInWindow, limit: config.requestsPerSecond)
    }

    /// The official Python SDK (lark-oapi) paging through the same tenant in a sequential loop.
    ///
    /// It waits out each 429 for its `x-ogw-ratelimit-reset`, as its callers do. Nil when lark-oapi is not installed.
    static func runLarkSDK(work: URL) async throws -> FetchMeasurement? {
        guard (try? Shell.run(["python3", "-c", "import lark_oapi"])) == 0 else {
            FileHandle.standardError.write(
                Data("bench: lark-oapi is not installed (.ci/setup --python); skipped\n".utf8))
            return nil
        }
        let config = SimulatorConfig.benchmark
        let simulator = try await Simulator.start(config)
        defer { Task { await simulator.stop() } }
        FileHandle.standardError.write(Data("bench: fetch, lark-oapi sequential loop…\n".utf8))
        let script = work.appendingPathComponent("lark_loop.py")
        try AtomicFile.write(Array(larkLoop.utf8), to: script)
        let output = work.appendingPathComponent("lark_loop.json")
        try Shell.run([
            "python3", script.path, simulator.baseURL, config.firstDay.description, config.lastDay.description,
            output.path,
        ])
        let answer = try JSONSerialization.jsonObject(with: Data(contentsOf: output)) as? [String: Any] ?? [:]
        let stats = await simulator.statistics()
        guard let pages = answer["pages"] as? Int, let records = answer["records"] as? Int,
            let seconds = answer["seconds"] as? Double, records == simulator.tenant.recordCount
        else { throw Shell.Failed(description: "the lark-oapi loop did not fetch every record: \(answer)") }
        return FetchMeasurement(
            label: "lark-oapi sequential loop", pages: pages, records: records, requests: stats.searchRequests,
            retries: stats.rateLimited, rateLimited: stats.rateLimited, seconds: seconds,
            maxInWindow: stats.maxInWindow, limit: config.requestsPerSecond)
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }

    /// The Python side: `lark_loop.py URL FROM TO OUT`, writing pages, records and seconds as JSON.
    static let larkLoop = """
        import json, sys, time
        import lark_oapi as lark
        from lark_oapi.api.workplace.v1 import SearchCustomWorkplaceAccessDataRequest

        url, first, last, out = sys.argv[1:5]
        client = (lark.Client.builder().app_id("\(SimulatorConfig.demoAppID)")
                  .app_secret("\(SimulatorConfig.demoAppSecret)").domain(url)
                  .log_level(lark.LogLevel.ERROR).build())
        start = time.monotonic()
        pages, records, token = 0, 0, None
        while True:
            builder = SearchCustomWorkplaceAccessDataRequest.builder().from_date(first).to_date(last).page_size(100)
            if token:
                builder = builder.page_token(token)
            resp = client.workplace.v1.custom_workplace_access_data.search(builder.build())
            if resp.code == 99991400:
                time.sleep(int(resp.raw.headers.get("x-ogw-ratelimit-reset", "1")))
                continue
            if not resp.success():
                sys.exit(f"lark-oapi: {resp.code} {resp.msg}")
            pages += 1
            records += len(resp.data.items or [])
            if not resp.data.has_more:
                break
            token = resp.data.page_token
        seconds = time.monotonic() - start
        with open(out, "w") as f:
            json.dump({"pages": pages, "records": records, "seconds": seconds}, f)

        """
}
