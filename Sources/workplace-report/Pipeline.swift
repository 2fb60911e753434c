import FeishuAPI
import Foundation
import Logging
import WorkplaceAnalytics
import WorkplaceFiles
import WorkplaceModel
import WorkplaceRendering

/// The one pipeline `report` and `demo` run: source → dataset → report → outputs → delivery.
enum Pipeline {
    /// Runs `job`: loads the templates (so a broken one fails before any API call), loads the records
    /// from the job's source, aggregates them into the report, writes every format, prints each path.
    /// - Returns: the files written, in the order asked.
    @discardableResult
    static func run(_ job: ReportJob, logger: Logger) async throws -> [WrittenFile] {
        let writer = try ReportWriter(templatesDirectory: job.templates)
        var phases = PhaseTimer()

        // 1. source → dataset
        let data = try await job.source.load(job.request, logger: logger)
        phases.lap(job.source.phase)
        if job.savesSnapshot, let metadata = data.metadata {
            try AtomicFile.ensureDirectory(job.outDir)
            let path = job.outDir.appendingPathComponent("snapshot-\(metadata.query.range).json").path
            try SnapshotFile.write(data.data, metadata: metadata, to: path)
            print(path)
        }

        // 2. dataset → report
        var options = job.options
        options.source = data.provenance
        let report = Aggregation.makeReport(data: data.data, period: job.period, options: options)
        phases.lap("aggregate")
        for warning in report.warnings { logger.warning("\(Labels.en.phrase(warning))") }

        // 3. report → outputs
        let files = try writer.write(report, formats: job.formats, to: job.outDir, mail: job.mail)
        phases.lap("render")
        if let summary = job.stepSummary { try StepSummary.append(try writer.markdown(report), to: summary) }
        for file in files { print(file.url.path) }
        if let timings = job.timings {
            for file in files { phases.record(file.format.rawValue, file.seconds) }
            phases.record("records", Double(data.data.recordCount))
            try phases.write(to: timings)
        }

        // 4. outputs → chats and group bots (the files stay written whatever happens here)
        if let delivery = job.delivery { try await delivery.run(report: report, files: files, logger: logger) }
        return files
    }
}

/// GitHub Actions' job summary: Markdown appended to the file GITHUB_STEP_SUMMARY names.
enum StepSummary {
    /// The job summary file GITHUB_STEP_SUMMARY names.
    /// - Throws: ``UsageError`` when it is not set.
    static func path(_ env: [String: String]) throws -> String {
        guard let path = env["GITHUB_STEP_SUMMARY"], !path.isEmpty else {
            throw UsageError("--step-summary needs GITHUB_STEP_SUMMARY (set by GitHub Actions) to name a file")
        }
        return path
    }

    /// Appends `markdown` (and a blank line) to the job summary at `path`.
    /// - Throws: ``OutputError`` when it cannot be written.
    static func append(_ markdown: String, to path: String) throws {
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw OutputError(path: path, reason: "the job summary file cannot be created")
            }
        }
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw OutputError(path: path, reason: "the job summary file is not writable")
        }
        defer { try? handle.close() }
        do {
            try handle.seekToEnd()
            try handle.write(contentsOf: Data((markdown + "\n").utf8))
        } catch {
            throw OutputError(path: path, reason: "the job summary could not be appended")
        }
    }
}
