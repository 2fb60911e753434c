/// Why a history store cannot be used; the command line maps each kind to one exit code.
public struct StoreError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What went wrong.
    public enum Kind: Sendable, Equatable {
        /// The file exists but is not a history store (another SQLite database, a text file, an empty file).
        case notAStore
        /// The file is a store that SQLite cannot read whole (a damaged page, a truncated file).
        case damaged
        /// The store was written by a newer version of the tool (its schema is not known here).
        case newerSchema
        /// The store was made for another API host or app.
        case otherTenant
        /// The store does not exist and may not be created here (`report --offline`, `history status`…).
        case missing
        /// The store cannot be created or written (a folder that does not exist, no permission, disk full).
        case cannotWrite
        /// Another run held the store locked for longer than the busy timeout.
        case busy
    }

    /// What went wrong.
    public let kind: Kind
    /// The store's path, as given.
    public let path: String
    /// The rest of the sentence, after `store PATH:`.
    public let reason: String

    /// Creates an error.
    public init(_ kind: Kind, path: String, reason: String) {
        self.kind = kind
        self.path = path
        self.reason = reason
    }

    /// `store FILE: REASON`, one line.
    public var description: String { "store \(path): \(reason)" }
}
