import Foundation
import Testing

/// What one run of the built binary did.
struct Run {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// The `workplace-report` executable SwiftPM built beside the test bundle (or `WORKPLACE_REPORT_BIN`).
let binary: URL = {
    if let path = ProcessInfo.processInfo.environment["WORKPLACE_REPORT_BIN"] { return URL(fileURLWithPath: path) }
    let here = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
    return here.deletingLastPathComponent().appendingPathComponent("workplace-report")
}()

/// Runs the binary with `arguments`, a clean environment (no FEISHU_* from the developer's shell) plus `env`,
/// and SOURCE_DATE_EPOCH fixed.
///
/// Waits without blocking a thread of the cooperative pool: the simulator in this same process needs
/// those threads to answer the child's requests.
func workplaceReport(_ arguments: [String], env: [String: String] = [:], cwd: URL? = nil) async throws -> Run {
    let process = Process()
    process.executableURL = binary
    process.arguments = arguments
    var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("FEISHU_") }
    environment["SOURCE_DATE_EPOCH"] = "1793520000"
    environment.merge(env) { $1 }
    process.environment = environment
    if let cwd { process.currentDirectoryURL = cwd }
    // Files rather than pipes: a chatty child can never block on a full pipe.
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let outURL = folder.appendingPathComponent("stdout")
    let errURL = folder.appendingPathComponent("stderr")
    FileManager.default.createFile(atPath: outURL.path, contents: nil)
    FileManager.default.createFile(atPath: errURL.path, contents: nil)
    let out = try FileHandle(forWritingTo: outURL)
    let err = try FileHandle(forWritingTo: errURL)
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, Error>) in
        process.terminationHandler = { _ in continuation.resume() }
        do {
            try process.run()
        } catch {
            process.terminationHandler = nil
            continuation.resume(throwing: error)
        }
    }
    try out.close()
    try err.close()
    return Run(
        status: process.terminationStatus, stdout: try String(contentsOf: outURL, encoding: .utf8),
        stderr: try String(contentsOf: errURL, encoding: .utf8))
}

/// A fresh empty folder under the system's temporary directory.
func temporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("wr-e2e-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// The JSON object in `url`.
func jsonObject(_ url: URL) throws -> [String: Any] {
    let data = try Data(contentsOf: url)
    return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
}
