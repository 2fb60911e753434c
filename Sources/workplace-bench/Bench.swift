import ArgumentParser
import FeishuAPI
import FeishuSimulator
import Foundation
import Logging
import WorkplaceModel

/// `workplace-bench`: speed and memory of `workplace-report`, measured beside the pandas peer and the native floor.
///
/// Run it from the package root after a release build:
/// `swift build -c release && .build/release/workplace-bench`.
@main
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workplace-bench",
        abstract:
            "Benchmark report rendering (10k/100k/1M records), fetching (730 pages, rolling 20/s window, 100 ± 30 ms) "
            + "and the history store (12 monthly runs with and without it; 1M records imported and reported)."
    )

    @Option(help: "Input sizes, comma-separated (10k, 100k, 1M).") var sizes = "10k,100k,1M"
    @Option(help: "Work folder for inputs, outputs and the peer's virtualenv.") var work = ".build-bench"
    @Option(help: "The peer's folder (pandas + XlsxWriter + Jinja2).") var peer = "../shared/peer"
    @Option(help: "The workplace-report binary (default: beside this one).") var binary: String?
    @Option(help: "Runs of each program; the median is kept.") var runs = 1
    @Flag(help: "Skip the Python peer.") var skipPeer = false
    @Flag(help: "Skip the native libxlsxwriter floor.") var skipFloor = false
    @Flag(help: "Skip the fetch benchmark.") var skipFetch = false
    @Flag(help: "Skip the report benchmark.") var skipReport = false
    @Flag(help: "Skip the history store benchmark (12 monthly runs, the big import and report).") var skipStore = false
    @Option(
        help: """
            Rate window margins (ms) to fetch at concurrency 4 with, comma-separated \
            (default: the client's \(FeishuClientConfiguration.defaultWindowMarginMs)).
            """)
    var rateMarginsMs: String?
    @Option(help: "Input size of the history store's import and report benchmark.") var storeSize = "1M"
    @Option(
        help:
            "Only time the snapshot reader and writer on this input file (read it, write it as a snapshot, read that).")
    var snapshot: String?

    func run() async throws {
        let workURL = URL(fileURLWithPath: work, isDirectory: true)
        try FileManager.default.createDirectory(at: workURL, withIntermediateDirectories: true)
        if let snapshot {
            let written = workURL.appendingPathComponent("snapshot-roundtrip.json").path
            for run in 1...max(runs, 1) {
                for line in try SnapshotBenchmark.roundTrip(input: snapshot, through: written) {
                    print("run \(run) \(line)")
                }
            }
            return
        }
        var out = Results(machine: Machine.describe())
        let tool =
            binary
            ?? Bundle.main.executableURL!.deletingLastPathComponent()
            .appendingPathComponent("workplace-report").path
        let peerDir = URL(fileURLWithPath: peer, isDirectory: true)
        if !skipReport || !skipStore {
            guard FileManager.default.isExecutableFile(atPath: tool) else {
                throw ValidationError("\(tool) is missing: run `swift build -c release` first")
            }
            try Shell.ensureGNUTime()
        }
        if !skipReport {
            let python = skipPeer ? nil : try Shell.peerPython(work: workURL)
            let floor = skipFloor ? nil : try Shell.buildFloor(peer: peerDir, work: workURL)
            for size in sizes.split(separator: ",").map(String.init) {
                let items = try Shell.items(size: size, peer: peerDir, work: workURL)
                out.rows += try ReportBench(
                    size: size, items: items, tool: tool, work: workURL, peer: peerDir, python: python, floor: floor,
                    runs: runs
                ).run()
            }
        }
        if !skipFetch {
            let standard = FeishuClientConfiguration.defaultWindowMarginMs
            var margins = [standard]
            if let rateMarginsMs {
                margins = try rateMarginsMs.split(separator: ",").map {
                    guard let ms = Int($0.trimmingCharacters(in: .whitespaces)),
                        FeishuClientConfiguration.windowMarginRange.contains(ms)
                    else { throw ValidationError("--rate-margins-ms: '\($0)' is not a margin in ms (0–1000)") }
                    return ms
                }
            }
            for ms in margins { out.fetch.append(try await FetchBench.run(concurrency: 4, marginMs: ms)) }
            out.fetch.append(try await FetchBench.run(concurrency: 1, marginMs: standard))
            if !skipPeer, let lark = try await FetchBench.runLarkSDK(work: workURL) { out.fetch.append(lark) }
        }
        if !skipStore {
            out.monthly = try await StoreBench.monthlyRuns(tool: tool, work: workURL)
            let items = try Shell.items(size: storeSize, peer: peerDir, work: workURL)
            out.store = try StoreBench.million(tool: tool, items: items, size: storeSize, work: workURL, runs: runs)
        }
        let text = out.markdown()
        print(text)
        try AtomicFile.write(Array(text.utf8), to: workURL.appendingPathComponent("RESULTS.md"))
    }
}
