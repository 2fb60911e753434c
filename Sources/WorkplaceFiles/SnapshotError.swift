/// Why an input file could not be read or a snapshot could not be written, in one line.
///
/// The description reads like a compiler diagnostic, `items.json:3:17: expected ',' or '}' after a
/// value but found 'x'`, so an editor can jump to the place. ``category`` tells the CLI the exit code.
public struct SnapshotError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What went wrong, and so how the CLI should exit.
    public enum Kind: Sendable, Equatable {
        /// The bytes are not JSON (exit 65).
        case syntax
        /// Valid JSON holding a bad record: a missing field, a bad date, a negative or fractional count (exit 65).
        case badRecord(index: Int)
        /// Valid JSON that is not one of the accepted input shapes (exit 65).
        case unrecognizedFormat
        /// A snapshot of an unknown schema or a newer version (exit 65).
        case unsupportedVersion
        /// A saved API answer whose `code` is not 0 (exit 65).
        case apiError(code: Int64)
        /// The input file cannot be opened or read (exit 66, or 64 if the CLI prefers "bad argument").
        case unreadable
        /// The snapshot cannot be written (exit 73).
        case unwritable
    }

    /// How the CLI should treat the error.
    public enum Category: Sendable, Equatable {
        /// Corrupt or unusable input data: sysexits 65 (EX_DATAERR).
        case badData
        /// The input file is missing or unreadable: sysexits 66 (EX_NOINPUT).
        case cannotRead
        /// The output cannot be created: sysexits 73 (EX_CANTCREAT).
        case cannotWrite
    }

    /// Where in a file an error is: 1-based line and column (in Unicode scalars) and the 0-based byte offset.
    public struct Location: Sendable, Equatable, CustomStringConvertible {
        /// The line, from 1.
        public let line: Int
        /// The column in Unicode scalars, from 1.
        public let column: Int
        /// The byte offset from the start of the file, from 0.
        public let offset: Int

        /// Creates a location.
        public init(line: Int, column: Int, offset: Int) {
            self.line = line
            self.column = column
            self.offset = offset
        }

        /// `line:column`.
        public var description: String { "\(line):\(column)" }
    }

    /// What went wrong.
    public let kind: Kind
    /// The file as the user named it (`-` for standard input or output).
    public let file: String
    /// Where in the file, when the error is about a place in it.
    public let location: Location?
    /// What was expected or what is wrong, without the file and location.
    public let message: String

    /// Creates an error.
    public init(kind: Kind, file: String, location: Location? = nil, message: String) {
        self.kind = kind
        self.file = file
        self.location = location
        self.message = message
    }

    /// How the CLI should treat the error (65, 66 or 73).
    public var category: Category {
        switch kind {
        case .syntax, .badRecord, .unrecognizedFormat, .unsupportedVersion, .apiError: return .badData
        case .unreadable: return .cannotRead
        case .unwritable: return .cannotWrite
        }
    }

    /// The sysexits code of ``category``: 65, 66 or 73.
    public var exitCode: Int32 {
        switch category {
        case .badData: return 65
        case .cannotRead: return 66
        case .cannotWrite: return 73
        }
    }

    /// `file:line:column: message`, or `file: message` when there is no location.
    public var description: String {
        let name = file == "-" ? "<stdin>" : file
        if let location { return "\(name):\(location): \(message)" }
        return "\(name): \(message)"
    }
}

extension SnapshotError.Location {
    /// The line and column of byte `offset` in `bytes`.
    init(offset: Int, in bytes: UnsafeBufferPointer<UInt8>) {
        let end = min(max(offset, 0), bytes.count)
        var line = 1
        var lineStart = 0
        for i in 0..<end where bytes[i] == 0x0A {
            line += 1
            lineStart = i + 1
        }
        // Count scalars, not bytes: a UTF-8 continuation byte does not start a column.
        var column = 1
        for i in lineStart..<end where bytes[i] & 0xC0 != 0x80 {
            column += 1
        }
        self.init(line: line, column: column, offset: end)
    }
}
