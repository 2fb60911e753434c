/// Why an input file could not be read or a snapshot could not be written, in one line.
///
/// The description reads like a compiler diagnostic, `items.json:3:17: expected ',' or '}' after a
/// value but found 'x'`, so an editor can jump to the place. ``category`` says what kind of failure it is.
public struct SnapshotError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What went wrong.
    public enum Kind: Sendable, Equatable {
        /// The bytes are not JSON.
        case syntax
        /// Valid JSON holding a bad record: a missing field, a bad date, a negative or fractional count.
        case badRecord(index: Int)
        /// Valid JSON that is not one of the accepted input shapes.
        case unrecognizedFormat
        /// A snapshot of an unknown schema or a newer version.
        case unsupportedVersion
        /// A saved API answer whose `code` is not 0.
        case apiError(code: Int64)
        /// The input file cannot be opened or read.
        case unreadable
        /// The snapshot cannot be written.
        case unwritable
    }

    /// The kind of failure (the CLI's `Failure.swift` turns it into an exit code).
    public enum Category: Sendable, Equatable {
        /// Corrupt or unusable input data.
        case badData
        /// The input file is missing or unreadable.
        case cannotRead
        /// The output cannot be created.
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

    /// The kind of failure: bad data, an unreadable input, an unwritable output.
    public var category: Category {
        switch kind {
        case .syntax, .badRecord, .unrecognizedFormat, .unsupportedVersion, .apiError: return .badData
        case .unreadable: return .cannotRead
        case .unwritable: return .cannotWrite
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
