import ArgumentParser
import FeishuAPI
import Foundation
import WorkplaceFiles
import WorkplaceModel

/// `workplace-report fetch`: save the raw daily records of a range as a snapshot file.
///
/// The pipeline's first stage alone: the same ``FeishuAPISource`` as `report`, then the snapshot writer.
struct FetchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "Fetch the daily records of a date range into a snapshot file.")

    @Option(help: "First day, yyyy-MM-dd.") var from: String
    @Option(help: "Last day, yyyy-MM-dd.") var to: String
    @Option(name: .shortAndLong, help: "Snapshot file to write (\"-\" for stdout); optional with --store.")
    var output: String?
    @Option(help: "Time stamp of the snapshot: epoch seconds or ISO-8601 (default: SOURCE_DATE_EPOCH, else now).")
    var generatedAt: String?

    @OptionGroup var fetch: FetchOptions
    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        let env = Environment.variables
        let settings = JobSettings.merged([fetch.settings, Environment.settings(env), .defaults])
        let query = try FetchQuery(
            fromText: from, toText: to, workplaceIDs: settings.workplaceIDs ?? [], pageSize: settings.pageSize!)
        let fetchedAt = try Environment.generatedAt(flag: generatedAt, env, now: Date())
        guard output != nil || settings.store != nil else {
            throw UsageError("--output is missing; give the snapshot file to write (or --store FILE to fill a store)")
        }
        let api = try FeishuAPISource(settings, env: env, quiet: logging.quiet)
        let source: any DataSource =
            settings.store.map { StoreSource(path: $0, refetchDays: settings.refetchDays!, api: api) } ?? api
        let data = try await source.load(
            DataRequest(
                range: query.range, workplaceIDs: query.workplaceIDs, fetchedAt: fetchedAt,
                datasets: settings.datasets!, blockIDs: settings.blockIDs ?? []),
            logger: logging.logger())
        guard let output else { return }
        try SnapshotFile.write(data.data, metadata: data.metadata!, to: output)
        if output != "-" { print(output) }
    }
}
