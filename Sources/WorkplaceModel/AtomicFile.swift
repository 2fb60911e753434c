import Foundation

/// Why an output file could not be written (a cannot-create-output failure).
public struct OutputError: Error, CustomStringConvertible {
    /// The file that was being written.
    public let path: String
    /// What went wrong, in one line.
    public let reason: String

    /// Creates the error.
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "cannot write \(path): \(reason)" }
}

/// Writes files so that a reader sees either the old file or the whole new one, never a part.
///
/// The content goes to a hidden temporary file in the same directory, which is renamed over the
/// target only when it is complete; on any failure the temporary file is removed and an older
/// report with the same name is kept.
public enum AtomicFile {
    /// Writes `bytes` to `url` atomically.
    /// - Throws: ``OutputError`` when the directory is missing or not writable.
    public static func write(_ bytes: [UInt8], to url: URL) throws {
        try write(to: url) { temporary in
            guard FileManager.default.createFile(atPath: temporary.path, contents: Data(bytes)) else {
                throw OutputError(path: url.path, reason: reason(forDirectoryOf: url))
            }
        }
    }

    /// Lets `body` write the content to a temporary path, then renames it to `url`.
    ///
    /// If `body` throws, the temporary file is removed and the error is passed on unchanged.
    /// - Throws: what `body` throws, or ``OutputError`` when the rename fails.
    public static func write(to url: URL, _ body: (URL) throws -> Void) throws {
        let directory = url.deletingLastPathComponent()
        let temporary = directory.appendingPathComponent(
            ".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).\(UInt32.random(in: 0...UInt32.max)).tmp"
        )
        do {
            try body(temporary)
            guard rename(temporary.path, url.path) == 0 else {
                let message = String(cString: strerror(errno))
                throw OutputError(path: url.path, reason: message)
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }

    /// Creates `directory` (and its parents) when it does not exist.
    /// - Throws: ``OutputError`` when it cannot be created or is a file.
    public static func ensureDirectory(_ directory: URL) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw OutputError(path: directory.path, reason: "it is a file, not a directory")
            }
            return
        }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw OutputError(path: directory.path, reason: "the directory cannot be created")
        }
    }

    private static func reason(forDirectoryOf url: URL) -> String {
        let directory = url.deletingLastPathComponent().path
        if !FileManager.default.fileExists(atPath: directory) { return "the directory \(directory) does not exist" }
        if !FileManager.default.isWritableFile(atPath: directory) {
            return "the directory \(directory) is not writable"
        }
        return "the file could not be created"
    }
}
