import ArgumentParser
import FeishuAPI
import Foundation
import WorkplaceFiles
import WorkplaceModel

/// `workplace-report fetch`: save the raw daily records of a range as a snapshot file.
struct FetchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "Fetch the daily records of a date range into a snapshot file.")

    @Option(help: "First day, yyyy-MM-dd.") var from: String
    @Option(help: "Last day, yyyy-MM-dd.") var to: String
    @Option(name: .shortAndLong, help: "Snapshot file to write (\"-\" for stdout).") var output: String
    @Option(help: "Time stamp of the snapshot: epoch seconds or ISO-8601 (default: SOURCE_DATE_EPOCH, else now).")
    var generatedAt: String?

    @OptionGroup var fetch: FetchOptions
    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        try await Failure.guarding {
            let logger = logging.logger("workplace-report")
            let query = try FetchQuery(
                fromText: from, toText: to, workplaceIDs: fetch.workplaceIDs, pageSize: fetch.pageSize ?? 100)
            let baseURL = Environment.baseURL(flag: fetch.baseURL)
            let fetchedAt = try Environment.generatedAt(flag: generatedAt)
            let dataset = try await Fetching.fetch(
                range: query.range, workplaceIDs: query.workplaceIDs, pageSize: query.pageSize,
                concurrency: fetch.concurrency ?? 4, baseURL: baseURL, credentials: Environment.credentials(),
                quiet: logging.quiet, logger: logger)
            let metadata = SnapshotMetadata(
                query: SnapshotQuery(range: query.range, workplaceIDs: query.workplaceIDs, pageSize: query.pageSize),
                baseURL: baseURL, fetchedAt: ISO8601.utc(seconds: fetchedAt))
            try SnapshotFile.write(dataset, metadata: metadata, to: output)
            if output != "-" { print(output) }
        }
    }
}
