import ArgumentParser
import FeishuSimulator
import Foundation

/// `workplace-report simulate`: serve the simulated Feishu Open API until interrupted.
struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Serve a simulated Feishu Open API (token and search endpoints) on loopback.",
        discussion: """
            Prints the base URL and the demo credentials it accepts, then serves until Ctrl-C. Point the \
            tool (or any client) at it with --base-url or FEISHU_BASE_URL.
            """)

    @Option(help: "Address to bind.") var host: String = "127.0.0.1"
    @Option(help: "Port to bind (0 = any free port).") var port: Int = 0
    @Option(help: "Seed of the synthetic tenant, page tokens and faults.") var seed: UInt64 = 1
    @Option(help: "Number of custom workplaces.") var workplaces: Int = 12
    @Option(help: "Number of blocks, spread over the custom workplaces in turn.") var blocks: Int = 8
    @Option(help: "Delay before each search answer, in milliseconds.") var latencyMs: Int = 0
    @Option(help: "Each answer's delay varies by up to ± this many milliseconds (at most --latency-ms).")
    var latencyJitterMs: Int = 0
    @Option(help: "Share of search requests answered with 1621003 (0–1).") var internalErrorRate: Double = 0
    @Option(help: "Share of search requests answered with an HTTP 5xx error (0–1).") var serverErrorRate: Double = 0
    @Option(help: "Share of search requests whose connection is dropped (0–1).") var dropRate: Double = 0
    @Option(help: "Share of search pages whose JSON body is cut off halfway (0–1).") var truncateRate: Double = 0
    @Option(help: "Search requests per second per endpoint before HTTP 429 (the API's documented limit is 20).")
    var rateLimit: Int = 20
    @Flag(help: "Do not enforce the rate limit.") var noRateLimit = false
    @Flag(help: "Count the rate limit with a token bucket (forgives bursts) instead of a rolling 1 s window.")
    var tokenBucket = false
    @Option(help: "Search pages served before every search is answered HTTP 429 / 99991403 (monthly quota spent).")
    var monthlyQuota: Int?
    @Option(help: "Seconds an access token lives.") var tokenLifetime: Int = 7200

    func validate() throws {
        guard latencyMs >= 0 else { throw ValidationError("--latency-ms must not be negative") }
        guard (0...latencyMs).contains(latencyJitterMs) else {
            throw ValidationError("--latency-jitter-ms \(latencyJitterMs) is outside 0–\(latencyMs) (--latency-ms)")
        }
        if let monthlyQuota, monthlyQuota < 0 { throw ValidationError("--monthly-quota must not be negative") }
        for (name, rate) in [
            ("--internal-error-rate", internalErrorRate), ("--server-error-rate", serverErrorRate),
            ("--drop-rate", dropRate), ("--truncate-rate", truncateRate),
        ] where !(0...1).contains(rate) {
            throw ValidationError("\(name) \(rate) is outside 0–1")
        }
    }

    func run() async throws {
        var config = SimulatorConfig()
        config.host = host
        config.port = port
        config.seed = seed
        config.workplaces = workplaces
        config.blocks = blocks
        config.latency = .milliseconds(latencyMs)
        config.latencyJitter = .milliseconds(latencyJitterMs)
        config.faults = FaultRates(
            internalError: internalErrorRate, serverError: serverErrorRate, dropConnection: dropRate,
            truncatedBody: truncateRate)
        config.rateLimitMode = tokenBucket ? .tokenBucket : .rollingWindow
        config.monthlyQuota = monthlyQuota
        config.rateLimit = !noRateLimit
        config.requestsPerSecond = rateLimit
        config.tokenLifetime = tokenLifetime
        try await Simulator.run(config) { baseURL in
            let lines = [
                "simulator listening on \(baseURL)", "export FEISHU_BASE_URL=\(baseURL)",
                "export FEISHU_APP_ID=\(SimulatorConfig.demoAppID)",
                "export FEISHU_APP_SECRET=\(SimulatorConfig.demoAppSecret)  # a public demo value",
                "export FEISHU_WEBHOOK_URL=\(baseURL)/open-apis/bot/v2/hook/\(SimulatorConfig.demoWebhookToken)",
                "# the bot is in chat \(SimulatorConfig.demoChatID): --feishu-chat \(SimulatorConfig.demoChatID)",
            ]
            FileHandle.standardOutput.write(Data((lines.joined(separator: "\n") + "\n").utf8))
        }
    }
}
