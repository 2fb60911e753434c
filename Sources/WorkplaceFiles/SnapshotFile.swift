import Foundation
import WorkplaceModel

/// Reads and writes snapshot files, and reads the raw API output people save (`report --input`).
///
/// A snapshot is versioned JSON whose records keep the API's item shape, so any tool that knows
/// the API can read them:
/// ```
/// {"schema": "workplace-report-snapshot", "version": 2,
///  "query": {"from": "2026-10-01", "to": "2026-10-31", "workplace_ids": [], "page_size": 100,
///            "datasets": ["custom", "overall", "blocks"], "block_ids": []},
///  "base_url": "https://open.feishu.cn", "api_host": "open.feishu.cn",
///  "fetched_at": "2026-11-01T06:00:00Z", "record_count": 3,
///  "records": [{"custom_workplace_id": "tpl_1", "date": "2026-10-01",
///               "access_data": {"pv": 3, "uv": 2}, "custom_workplace_name": [{"language": "zh", "name": "…"}]}],
///  "overall_records": [{"date": "2026-10-01", "all_workplace": {"pv": 9, "uv": 4},
///                       "default_workplace": {"pv": 5, "uv": 3}}],
///  "block_records": [{"block_id": "283438293839422334", "date": "2026-10-01", "access_data": {"pv": 2, "uv": 1}}]}
/// ```
/// Each dataset's array is there only when the dataset was fetched; `record_count` counts all of them.
/// Version 1 files (custom workplaces only, no `datasets`) still read.
public enum SnapshotFile {
    /// The `schema` value of a snapshot file.
    public static let schema = "workplace-report-snapshot"
    /// The snapshot layout version this tool writes and reads.
    public static let version = 2
    /// The oldest snapshot layout version this tool still reads (version 1 holds the custom workplaces only).
    public static let oldestVersion = 1

    // MARK: Writing

    /// Writes `dataset` (custom workplaces only) as a snapshot to `path`; as the ``WorkplaceData`` overload does.
    public static func write(_ dataset: AccessDataset, metadata: SnapshotMetadata, to path: String) throws {
        try write(WorkplaceData(custom: dataset), metadata: metadata, to: path)
    }

    /// Writes every dataset `data` holds as a snapshot to `path`, or to standard output when `path` is `-`.
    ///
    /// Records are sorted by (date, id), custom ones carry their workplace's names. A file is
    /// written atomically: a temporary file in the same directory is renamed over `path` once
    /// complete, and on any failure it is removed and an older file at `path` is kept.
    /// - Throws: ``SnapshotError`` of kind `.unwritable`.
    public static func write(_ dataset: WorkplaceData, metadata: SnapshotMetadata, to path: String) throws {
        if path == "-" {
            try writeAll(dataset, metadata: metadata, fd: STDOUT_FILENO, name: path)
            return
        }
        let url = URL(fileURLWithPath: path)
        do {
            try AtomicFile.write(to: url) { temporary in
                let fd = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
                guard fd >= 0 else {
                    throw SnapshotError(
                        kind: .unwritable, file: path, message: "cannot create the file: \(errorText())")
                }
                do {
                    try writeAll(dataset, metadata: metadata, fd: fd, name: path)
                } catch {
                    close(fd)
                    throw error
                }
                guard close(fd) == 0 else {
                    throw SnapshotError(
                        kind: .unwritable, file: path, message: "cannot finish the file: \(errorText())")
                }
            }
        } catch let error as OutputError {
            throw SnapshotError(kind: .unwritable, file: path, message: error.reason)
        }
    }

    /// The bytes of the snapshot of `dataset` (custom workplaces only).
    public static func encode(_ dataset: AccessDataset, metadata: SnapshotMetadata) -> [UInt8] {
        encode(WorkplaceData(custom: dataset), metadata: metadata)
    }

    /// The bytes of the snapshot of `data`, as the writer writes them.
    public static func encode(_ dataset: WorkplaceData, metadata: SnapshotMetadata) -> [UInt8] {
        var result: [UInt8] = []
        var encoder = SnapshotEncoder(flushThreshold: .max) { buffer in
            result.append(contentsOf: buffer)
            buffer.removeAll(keepingCapacity: true)
        }
        // The in-memory flush cannot throw.
        try? encoder.encode(dataset, metadata: metadata)
        return result
    }

    private static func writeAll(_ dataset: WorkplaceData, metadata: SnapshotMetadata, fd: Int32, name: String) throws {
        var encoder = SnapshotEncoder { buffer in
            try buffer.withUnsafeBytes { raw in
                var done = 0
                while done < raw.count {
                    let n = Foundation.write(fd, raw.baseAddress! + done, raw.count - done)
                    if n < 0 {
                        if errno == EINTR { continue }
                        throw SnapshotError(kind: .unwritable, file: name, message: "write failed: \(errorText())")
                    }
                    done += n
                }
            }
            buffer.removeAll(keepingCapacity: true)
        }
        try encoder.encode(dataset, metadata: metadata)
    }

    // MARK: Reading

    /// Reads a snapshot or saved API output from `path` (`-` reads standard input), detecting its shape.
    ///
    /// Accepted: a snapshot; a whole API response `{"code":0,"data":{"items":[…]}}`; its bare `data`
    /// object; a JSON array of items; JSON Lines of responses, one page a line (blank lines allowed).
    /// - Throws: ``SnapshotError``: `.unreadable` when the file cannot be read, otherwise a bad-data
    ///   kind naming the line and column that broke.
    public static func read(from path: String) throws -> SnapshotInput {
        try read(from: path, releasingEvery: 16 << 20)
    }

    /// Reads `path`, handing walked pages of a mapped file back to the kernel every `chunk` bytes.
    static func read(from path: String, releasingEvery chunk: Int) throws(SnapshotError) -> SnapshotInput {
        let bytes = try InputBytes(path: path)
        return try bytes.withBuffer(releasingEvery: chunk) { (buffer, release) throws(SnapshotError) -> SnapshotInput in
            try decode(buffer, name: path, release: release)
        }
    }

    /// Reads a snapshot or saved API output from a file URL; see ``read(from:)``.
    public static func read(_ url: URL) throws -> SnapshotInput {
        try read(from: url.path)
    }

    /// Reads a snapshot or saved API output from bytes; `name` is used in error messages.
    public static func decode(_ bytes: [UInt8], name: String) throws -> SnapshotInput {
        let result: Result<SnapshotInput, SnapshotError> = bytes.withUnsafeBufferPointer { buffer in
            do throws(SnapshotError) {
                return .success(try decode(buffer, name: name, release: nil))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    static func decode(
        _ buffer: UnsafeBufferPointer<UInt8>, name: String, release: ((Int) -> Void)?
    ) throws(SnapshotError) -> SnapshotInput {
        var decoder = InputDecoder(buffer)
        decoder.release = release
        do {
            let (format, metadata) = try decoder.decode()
            return SnapshotInput(data: decoder.data, metadata: metadata, format: format)
        } catch {
            let kind: SnapshotError.Kind
            switch error.kind {
            case .syntax: kind = .syntax
            case .badData: kind = error.record.map { .badRecord(index: $0) } ?? .unrecognizedFormat
            case .notAnInput: kind = .unrecognizedFormat
            case .unsupportedVersion: kind = .unsupportedVersion
            case .apiError: kind = .apiError(code: error.apiCode ?? 0)
            }
            throw SnapshotError(
                kind: kind, file: name, location: SnapshotError.Location(offset: error.offset, in: buffer),
                message: error.message)
        }
    }

    static func errorText() -> String {
        String(cString: strerror(errno))
    }
}

/// The bytes of an input file: mapped when it is a regular file, read otherwise (a pipe, stdin).
///
/// While a mapped file is read, pages already walked are handed back to the kernel, so a big
/// file does not stay resident; they are read again from the file if an error message needs
/// to count lines.
private final class InputBytes {
    private let mapped: UnsafeMutableRawPointer?
    private let length: Int
    private let loaded: [UInt8]

    init(path: String) throws(SnapshotError) {
        let fd = path == "-" ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw SnapshotError(
                kind: .unreadable, file: path, message: "cannot open the input: \(SnapshotFile.errorText())")
        }
        defer { if fd != STDIN_FILENO { close(fd) } }
        var info = stat()
        if fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_size > 0,
            let address = mmap(nil, Int(info.st_size), PROT_READ, MAP_PRIVATE, fd, 0), address != MAP_FAILED
        {
            mapped = address
            length = Int(info.st_size)
            loaded = []
            _ = madvise(address, length, MADV_SEQUENTIAL)
            return
        }
        if info.st_mode & S_IFMT == S_IFDIR {
            throw SnapshotError(kind: .unreadable, file: path, message: "this is a directory, not an input file")
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = chunk.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw SnapshotError(
                    kind: .unreadable, file: path, message: "cannot read the input: \(SnapshotFile.errorText())")
            }
            if n == 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
        }
        mapped = nil
        length = bytes.count
        loaded = bytes
    }

    deinit {
        if let mapped { munmap(mapped, length) }
    }

    func withBuffer<T>(
        releasingEvery chunk: Int,
        _ body: (UnsafeBufferPointer<UInt8>, ((Int) -> Void)?) throws(SnapshotError) -> T
    ) throws(SnapshotError) -> T {
        guard let mapped else {
            let result: Result<T, SnapshotError> = loaded.withUnsafeBufferPointer { buffer in
                do throws(SnapshotError) {
                    return .success(try body(buffer, nil))
                } catch {
                    return .failure(error)
                }
            }
            return try result.get()
        }
        let start = UnsafeRawPointer(mapped)
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        var released = 0
        let release: (Int) -> Void = { offset in
            // Drop whole pages behind the reader, a chunk at a time.
            let end = offset / page * page
            guard end - released >= max(chunk, page) else { return }
            _ = madvise(mapped + released, end - released, MADV_DONTNEED)
            released = end
        }
        return try body(UnsafeBufferPointer(start: start.assumingMemoryBound(to: UInt8.self), count: length), release)
    }
}
