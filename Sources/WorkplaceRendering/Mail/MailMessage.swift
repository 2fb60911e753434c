/// Who a report message goes to, from whom, about what, and when.
public struct MailEnvelope: Sendable, Equatable {
    /// The sender, `--mail-from`: `user@example.com` or `Name <user@example.com>` (the name in any language).
    public var from: String
    /// The recipients, one `--mail-to` each, in the same forms as ``from``; at least one.
    public var to: [String]
    /// The subject line, `--subject`, in any language.
    public var subject: String
    /// The `Date:` of the message, in seconds since 1970-01-01T00:00:00Z (`SOURCE_DATE_EPOCH` or the clock).
    public var date: Int64
    /// The part after `@` of the Message-ID; nil uses the domain of ``from``.
    public var messageIDDomain: String?

    /// Creates an envelope.
    public init(from: String, to: [String], subject: String, date: Int64, messageIDDomain: String? = nil) {
        self.from = from
        self.to = to
        self.subject = subject
        self.date = date
        self.messageIDDomain = messageIDDomain
    }

    /// Checks every field as ``MailMessage/render(envelope:plainText:html:attachment:)`` does, so that a
    /// command can refuse bad flags before it fetches anything.
    /// - Throws: ``MailError`` naming the flag at fault.
    public func validate() throws(MailError) {
        _ = try CheckedEnvelope(self)
    }
}

/// A file attached to a report message.
public struct MailAttachment: Sendable, Equatable {
    /// The media type of an XLSX workbook.
    public static let xlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    /// The file name shown to the reader (any language; no path separators or control characters).
    public var fileName: String
    /// The media type, `type/subtype`.
    public var contentType: String
    /// The file's bytes.
    public var bytes: [UInt8]

    /// Creates an attachment; the media type defaults to ``xlsxContentType``.
    public init(fileName: String, contentType: String = MailAttachment.xlsxContentType, bytes: [UInt8]) {
        self.fileName = fileName
        self.contentType = contentType
        self.bytes = bytes
    }
}

/// Builds the report e-mail: an RFC 5322 / MIME message ready for `sendmail -t < file.eml`.
///
/// The message is `multipart/mixed`: a `multipart/alternative` (the Markdown as `text/plain`, the HTML page
/// as `text/html`, both UTF-8), then the attachment. Without an attachment the alternative is the whole
/// message. Every line ends in CRLF. Each text part is quoted-printable or base64, whichever is shorter:
/// quoted-printable keeps English reports readable in the raw file, base64 keeps Chinese and Japanese ones
/// a third larger instead of up to three times. Date, Message-ID and boundaries derive from the inputs
/// only, so equal inputs give byte-identical messages.
public enum MailMessage {
    /// The message bytes for `envelope`, with `plainText` and `html` as alternatives and an optional attachment.
    ///
    /// Pure: no clock, no I/O. The Message-ID is `<32 hex digits@domain>`, the digits being the start of a
    /// SHA-256 of every input; the boundaries start with `=_`, which neither base64 nor quoted-printable
    /// can produce, so they never occur in a part.
    /// - Throws: ``MailError`` naming the flag: a bad or empty `--mail-from`/`--mail-to`, an empty
    ///   `--subject`, a line break or other control character anywhere (header injection), a date outside
    ///   the years 1900–9999, or a bad Message-ID domain, attachment name or media type.
    public static func render(
        envelope: MailEnvelope, plainText: String, html: String, attachment: MailAttachment?
    ) throws(MailError) -> [UInt8] {
        let checked = try CheckedEnvelope(envelope)
        let (from, recipients, date, domain) = (checked.from, checked.recipients, checked.date, checked.domain)
        if let attachment { try check(attachment) }

        var digest = MailDigest()
        for field in [String(envelope.date), from.displayName, from.address, envelope.subject, plainText, html] {
            digest.updateField(field.utf8)
        }
        for recipient in recipients {
            digest.updateField(recipient.displayName.utf8)
            digest.updateField(recipient.address.utf8)
        }
        if let attachment {
            digest.updateField(attachment.fileName.utf8)
            digest.updateField(attachment.contentType.utf8)
            digest.updateField(attachment.bytes)
        }
        let hash = MailDigest.hex(digest.finalize())
        let mixedBoundary = "=_mixed_" + hash.suffix(24)
        let alternativeBoundary = "=_alternative_" + hash.suffix(24)

        var toTokens: [String] = []
        for (index, recipient) in recipients.enumerated() {
            var tokens = recipient.tokens
            if index < recipients.count - 1, let last = tokens.popLast() { tokens.append(last + ",") }
            toTokens += tokens
        }
        var message = MessageBuilder()
        message.header(MailHeaderEncoding.fold("Date", [date]))
        message.header(MailHeaderEncoding.fold("From", from.tokens))
        message.header(MailHeaderEncoding.fold("To", toTokens))
        message.header(MailHeaderEncoding.fold("Subject", checked.subjectTokens))
        message.header("Message-ID: <\(hash.prefix(32))@\(domain)>")
        message.header("MIME-Version: 1.0")
        // RFC 3834: a scheduled report; autoresponders (vacation notices) must not answer it.
        message.header("Auto-Submitted: auto-generated")

        let alternative = { (builder: inout MessageBuilder) in
            builder.header(
                MailHeaderEncoding.fold(
                    "Content-Type", ["multipart/alternative;", "boundary=\"\(alternativeBoundary)\""]))
            builder.blankLine()
            builder.boundary(alternativeBoundary)
            builder.textPart("text/plain", plainText)
            builder.boundary(alternativeBoundary)
            builder.textPart("text/html", html)
            builder.boundary(alternativeBoundary, closing: true)
        }
        if let attachment {
            message.header(
                MailHeaderEncoding.fold("Content-Type", ["multipart/mixed;", "boundary=\"\(mixedBoundary)\""]))
            message.blankLine()
            message.boundary(mixedBoundary)
            alternative(&message)
            message.boundary(mixedBoundary)
            let fallback = MailHeaderEncoding.asciiFallback(attachment.fileName)
            message.header(
                MailHeaderEncoding.fold(
                    "Content-Type",
                    [attachment.contentType + ";"]
                        + MailHeaderEncoding.fileNameParameters("name", value: attachment.fileName, fallback: fallback)
                ))
            message.header(
                MailHeaderEncoding.fold(
                    "Content-Disposition",
                    ["attachment;"]
                        + MailHeaderEncoding.fileNameParameters(
                            "filename", value: attachment.fileName, fallback: fallback)))
            message.header("Content-Transfer-Encoding: base64")
            message.blankLine()
            message.body(MailBodyEncoding.base64Lines(attachment.bytes))
            message.boundary(mixedBoundary, closing: true)
        } else {
            alternative(&message)
        }
        return message.bytes
    }

    private static func check(_ attachment: MailAttachment) throws(MailError) {
        let name = attachment.fileName
        if name.isEmpty || MailHeaderEncoding.hasControlCharacter(name) || name.contains("/") || name.contains("\\") {
            throw MailError(
                field: .attachment, value: name,
                reason: "is not a plain file name (empty, a path, or a control character)")
        }
        let typeParts = attachment.contentType.split(separator: "/", omittingEmptySubsequences: false)
        let tokenSpecials = Array("()<>@,;:\\\"/[]?= ".unicodeScalars)
        let isToken: (Substring) -> Bool = { part in
            !part.isEmpty
                && part.unicodeScalars.allSatisfy { (0x21...0x7E).contains($0.value) && !tokenSpecials.contains($0) }
        }
        guard typeParts.count == 2, typeParts.allSatisfy(isToken) else {
            throw MailError(
                field: .attachment, value: attachment.contentType, reason: "is not a media type like type/subtype")
        }
    }
}

/// The fields of a ``MailEnvelope``, checked and parsed.
private struct CheckedEnvelope {
    let from: MailAddress
    let recipients: [MailAddress]
    let subjectTokens: [String]
    let date: String
    let domain: String

    init(_ envelope: MailEnvelope) throws(MailError) {
        from = try MailAddress(parsing: envelope.from, field: .from)
        guard !envelope.to.isEmpty else {
            throw MailError(field: .to, value: "", reason: "no recipient; give at least one --mail-to")
        }
        var recipients: [MailAddress] = []
        for raw in envelope.to { recipients.append(try MailAddress(parsing: raw, field: .to)) }
        self.recipients = recipients
        subjectTokens = try Self.subjectTokens(envelope.subject)
        date = try MailDate.format(epochSeconds: envelope.date)
        domain = try Self.messageIDDomain(envelope.messageIDDomain, from: from)
    }

    private static func subjectTokens(_ subject: String) throws(MailError) -> [String] {
        if MailHeaderEncoding.hasControlCharacter(subject) {
            throw MailError(
                field: .subject, value: subject,
                reason: "contains a line break or another control character; header injection is refused")
        }
        guard subject.contains(where: { !$0.isWhitespace }) else {
            throw MailError(field: .subject, value: subject, reason: "is empty; give the subject line")
        }
        return MailHeaderEncoding.unstructuredTokens(subject)
    }

    private static func messageIDDomain(_ given: String?, from: MailAddress) throws(MailError) -> String {
        guard let given else { return String(from.domain) }
        let labels = given.split(separator: ".", omittingEmptySubsequences: false)
        let valid =
            !given.isEmpty && given.utf8.count <= 253
            && labels.allSatisfy { label in
                !label.isEmpty
                    && label.unicodeScalars.allSatisfy {
                        ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "-"
                    }
            }
        guard valid else {
            throw MailError(
                field: .messageIDDomain, value: given, reason: "is not a host name like example.com")
        }
        return given
    }

}

/// Appends header lines, boundaries and bodies, each followed by CRLF.
private struct MessageBuilder {
    private(set) var bytes: [UInt8] = []

    mutating func header(_ line: String) {
        bytes.append(contentsOf: line.utf8)
        bytes.append(contentsOf: [13, 10])
    }

    mutating func blankLine() {
        bytes.append(contentsOf: [13, 10])
    }

    /// A body followed by the CRLF that belongs to the next boundary delimiter (RFC 2046 §5.1.1).
    mutating func body(_ encoded: [UInt8]) {
        bytes.append(contentsOf: encoded)
        bytes.append(contentsOf: [13, 10])
    }

    mutating func boundary(_ boundary: String, closing: Bool = false) {
        header("--" + boundary + (closing ? "--" : ""))
    }

    /// A UTF-8 text part, quoted-printable or base64, whichever is shorter (quoted-printable on a tie).
    mutating func textPart(_ type: String, _ text: String) {
        let quoted = MailBodyEncoding.quotedPrintable(text)
        let base64 = MailBodyEncoding.base64Lines(MailBodyEncoding.canonicalText(text))
        let useQuoted = quoted.count <= base64.count
        header("Content-Type: \(type); charset=utf-8")
        header("Content-Transfer-Encoding: " + (useQuoted ? "quoted-printable" : "base64"))
        blankLine()
        body(useQuoted ? quoted : base64)
    }
}
