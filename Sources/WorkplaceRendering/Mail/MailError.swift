/// An e-mail message that cannot be built from the given fields: a bad address, subject, date or file name.
///
/// The message names the flag to fix and shows the offending value with control characters escaped, so
/// an attempted header injection is visible but never echoed raw. It is a usage error: a flag needs fixing.
public struct MailError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The input a ``MailError`` is about, named as the user gives it.
    public enum Field: String, Sendable, Equatable {
        /// The sender, `--mail-from`.
        case from = "--mail-from"
        /// A recipient, `--mail-to`.
        case to = "--mail-to"
        /// The subject line, `--subject`.
        case subject = "--subject"
        /// The message date (from `SOURCE_DATE_EPOCH` or the clock).
        case date = "SOURCE_DATE_EPOCH"
        /// The domain after `@` in the Message-ID.
        case messageIDDomain = "Message-ID domain"
        /// The attachment's file name or media type.
        case attachment = "attachment"
    }

    /// The input at fault.
    public let field: Field
    /// The value given (shown escaped in ``description``).
    public let value: String
    /// What is wrong and how to fix it.
    public let reason: String

    /// Creates the error.
    public init(field: Field, value: String, reason: String) {
        self.field = field
        self.value = value
        self.reason = reason
    }

    /// One line: `--mail-to "value": reason`.
    public var description: String {
        "\(field.rawValue) \(value.debugDescription): \(reason)"
    }
}
