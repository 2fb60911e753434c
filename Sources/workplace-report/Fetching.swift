import FeishuAPI
import Foundation
import Logging
import WorkplaceAnalytics
import WorkplaceFiles
import WorkplaceModel

/// The fetch stage as the commands use it: build the client from flags and environment, fetch, report progress.
enum Fetching {
    /// Fetches every record of `range` (only `workplaceIDs` when not empty) from `baseURL`.
    /// - Throws: ``FeishuError``.
    static func fetch(
        range: DateRange, workplaceIDs: [String] = [], pageSize: Int = 100, concurrency: Int = 4, baseURL: String,
        credentials: Credentials, quiet: Bool, logger: Logger
    ) async throws -> AccessDataset {
        let query = try FetchQuery(from: range.from, to: range.to, workplaceIDs: workplaceIDs, pageSize: pageSize)
        let configuration = FeishuClientConfiguration(
            baseURL: try FeishuBaseURL(baseURL), credentials: credentials, concurrency: concurrency)
        let client = try FeishuClient(configuration: configuration, logger: logger)
        let progress = ProgressLine(enabled: !quiet && isatty(STDERR_FILENO) == 1)
        let result = try await client.fetch(query, progress: { progress.show($0) })
        progress.finish()
        let s = result.statistics
        logger.info(
            "fetched \(s.records) records in \(s.pages) pages from \(configuration.baseURL) (\(s.requests) requests, \(s.retries) retries)"
        )
        return result.dataset
    }
}

/// The progress line on a terminal's stderr: pages, records, requests/s, retries; rewritten in place.
final class ProgressLine: Sendable {
    private let enabled: Bool

    init(enabled: Bool) {
        self.enabled = enabled
    }

    func show(_ p: FetchProgress) {
        guard enabled else { return }
        let line = String(
            format: "\r  %d/%d shards · %d pages · %d records · %.1f requests/s · %d retries ",
            p.shardsDone, p.shardsTotal, p.pages, p.records, p.requestsPerSecond, p.retries)
        FileHandle.standardError.write(Data(line.utf8))
    }

    func finish() {
        if enabled { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}

/// Reads `report --input`: the snapshot or raw API output, and what the report says about its source.
enum Inputs {
    /// The dataset of `path` and its source description.
    /// - Throws: `SnapshotError` naming the line that broke.
    static func read(path: String) throws -> (AccessDataset, ReportSource) {
        let input = try SnapshotFile.read(from: path)
        return (
            input.dataset,
            ReportSource(baseURL: input.metadata?.baseURL, fetchedAt: input.metadata?.fetchedAt, input: path)
        )
    }
}
