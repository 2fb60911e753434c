import Foundation
import Testing

@testable import WorkplaceRendering

@Suite("Report e-mail message")
struct MailMessageTests {
    static let envelope = MailEnvelope(
        from: "Report Bot <reports@example.com>", to: ["ops@example.com", "CTO <cto@example.org>"],
        subject: "Workplace access 2026-10", date: 1_793_520_000)
    static let workbook = (0..<1_000).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
    static let attachment = MailAttachment(fileName: "workplace-access-2026-10.xlsx", bytes: workbook)

    private func render(
        _ envelope: MailEnvelope = envelope, plain: String = "# Report\n\nTotal | 1\n",
        html: String = "<!doctype html>\n<p>Report</p>\n", attachment: MailAttachment? = attachment
    ) throws -> String {
        String(
            decoding: try MailMessage.render(envelope: envelope, plainText: plain, html: html, attachment: attachment),
            as: UTF8.self)
    }

    private func lines(_ message: String) -> [String] {
        message.components(separatedBy: "\r\n")
    }

    /// The top-level header block, unfolded: (name, value) in order.
    private func headers(_ message: String) -> [(String, String)] {
        var result: [(String, String)] = []
        for line in lines(message) {
            if line.isEmpty { break }
            if line.hasPrefix(" "), let last = result.popLast() {
                result.append((last.0, last.1 + line))
            } else if let colon = line.firstIndex(of: ":") {
                result.append((String(line[..<colon]), String(line[line.index(colon, offsetBy: 2)...])))
            }
        }
        return result
    }

    @Test func headersComeInOrderWithTheGivenValues() throws {
        let message = try render()
        let fields = headers(message)
        #expect(
            fields.map(\.0) == [
                "Date", "From", "To", "Subject", "Message-ID", "MIME-Version", "Auto-Submitted", "Content-Type",
            ])
        let values = Dictionary(fields, uniquingKeysWith: { first, _ in first })
        #expect(values["Date"] == "Sun, 01 Nov 2026 08:00:00 +0000")
        #expect(values["From"] == "Report Bot <reports@example.com>")
        #expect(values["To"] == "ops@example.com, CTO <cto@example.org>")
        #expect(values["Subject"] == "Workplace access 2026-10")
        #expect(values["MIME-Version"] == "1.0")
        let id = try #require(values["Message-ID"])
        #expect(id.wholeMatch(of: /<[0-9a-f]{32}@example\.com>/) != nil, "\(id)")
        let type = try #require(values["Content-Type"])
        #expect(type.wholeMatch(of: /multipart\/mixed; boundary="=_mixed_[0-9a-f]{24}"/) != nil, "\(type)")
    }

    @Test func everyLineEndsInCRLFAndRespectsTheLengthLimits() throws {
        let message = try render(
            MailEnvelope(
                from: "工作台报表机器人 <reports@example.com>",
                to: (1...8).map { "运营团队第\($0)组 <ops\($0)@example.com>" },
                subject: String(repeating: "飞书工作台访问月报 ", count: 6), date: 1_793_520_000),
            plain: String(repeating: "| 工作台 | 1,234 | 56.7% |\n", count: 50),
            html: "<p>" + String(repeating: "x", count: 3_000) + "</p>\n",
            attachment: MailAttachment(fileName: String(repeating: "工作台访问", count: 8) + ".xlsx", bytes: Self.workbook))
        let bytes = Array(message.utf8)
        for (index, byte) in bytes.enumerated() {
            if byte == 10 { #expect(index > 0 && bytes[index - 1] == 13) }
            if byte == 13 { #expect(index + 1 < bytes.count && bytes[index + 1] == 10) }
        }
        #expect(message.hasSuffix("--\r\n"))
        for line in lines(message) {
            #expect(line.utf8.count <= 998)
            // The one unbreakable token over 78: the workbook media type after "Content-Type: ".
            if line.utf8.count > 78 {
                #expect(line == "Content-Type: \(MailAttachment.xlsxContentType);")
            }
            #expect(line != ".")
        }
    }

    @Test func attachmentIsBase64In76CharacterLinesAndDecodesBack() throws {
        let message = try render()
        let all = lines(message)
        let disposition = try #require(all.firstIndex { $0.hasPrefix("Content-Disposition: attachment;") })
        #expect(all[disposition] == "Content-Disposition: attachment; filename=\"workplace-access-2026-10.xlsx\"")
        #expect(all[disposition - 1] == " name=\"workplace-access-2026-10.xlsx\"")
        #expect(all[disposition - 2] == "Content-Type: \(MailAttachment.xlsxContentType);")
        #expect(all[disposition + 1] == "Content-Transfer-Encoding: base64")
        #expect(all[disposition + 2] == "")
        let body = Array(all[(disposition + 3)...].prefix { !$0.hasPrefix("--") })
        #expect(body.count == (Self.workbook.count + 56) / 57)
        for line in body.dropLast() { #expect(line.count == 76) }
        #expect(Array(try #require(Data(base64Encoded: body.joined()))) == Self.workbook)
    }

    @Test func boundariesOccurOnlyAsDelimiters() throws {
        let message = try render(plain: "--=_mixed_ and =_ and --\n", html: "<p>=_alternative_</p>")
        let all = lines(message)
        let mixed = try #require(headers(message).last?.1.split(separator: "\"").dropFirst().first)
        let alt = try #require(
            message.firstMatch(of: /multipart\/alternative;\r\n boundary="(=_alternative_[0-9a-f]{24})"/)
        ).1
        #expect(all.filter { $0 == "--\(mixed)" }.count == 2)
        #expect(all.filter { $0 == "--\(mixed)--" }.count == 1)
        #expect(all.filter { $0 == "--\(alt)" }.count == 2)
        #expect(all.filter { $0 == "--\(alt)--" }.count == 1)
        #expect(message.components(separatedBy: mixed).count - 1 == 4)  // 3 delimiters + the header
        #expect(message.components(separatedBy: alt).count - 1 == 4)
        // The nesting: mixed opens, the alternative's two parts close before the attachment.
        let order = all.filter { $0.hasPrefix("--=_") }
        #expect(order == ["--\(mixed)", "--\(alt)", "--\(alt)", "--\(alt)--", "--\(mixed)", "--\(mixed)--"])
    }

    @Test func textPartsUseTheShorterEncoding() throws {
        let english = try render(plain: "Workplace access: 1,234 views.\n", html: "<p>工作台访问月报，工作台访问月报。</p>")
        let parts = english.components(separatedBy: "Content-Type: text/")
        #expect(parts.count == 3)
        #expect(parts[1].hasPrefix("plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"))
        // The text's final line break, then the CRLF that belongs to the delimiter.
        #expect(parts[1].contains("\r\n\r\nWorkplace access: 1,234 views.\r\n\r\n--"))
        #expect(parts[2].hasPrefix("html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"))
        let body = try #require(parts[2].components(separatedBy: "\r\n\r\n").dropFirst().first)
        let encoded = body.components(separatedBy: "\r\n").prefix { !$0.hasPrefix("--") }.joined()
        let decoded = try #require(Data(base64Encoded: encoded))
        #expect(String(data: decoded, encoding: .utf8) == "<p>工作台访问月报，工作台访问月报。</p>")
    }

    @Test func nonASCIISubjectNamesAndFileNameAreEncoded() throws {
        let subject = "飞书工作台访问月报 2026年10月 · Workplace access"
        let message = try render(
            MailEnvelope(
                from: "工作台报表 <reports@example.com>", to: ["运营团队 <ops@example.com>"], subject: subject,
                date: 1_793_520_000),
            attachment: MailAttachment(fileName: "访问月报 2026-10.xlsx", bytes: [1, 2, 3]))
        let values = Dictionary(headers(message), uniquingKeysWith: { first, _ in first })
        let subjectWords = try #require(values["Subject"]).split(separator: " ").map(String.init)
        #expect(try MailEncodingTests.decodeWords(subjectWords) == subject)
        let fromWords = try #require(values["From"]).split(separator: " ").map(String.init)
        #expect(fromWords.last == "<reports@example.com>")
        #expect(try MailEncodingTests.decodeWords(Array(fromWords.dropLast())) == "工作台报表")
        #expect(
            message.contains(
                "Content-Disposition: attachment;\r\n filename*=UTF-8''%E8%AE%BF%E9%97%AE%E6%9C%88%E6%8A%A5%202026-10.xlsx;\r\n filename=\"_ 2026-10.xlsx\"\r\n"
            ))
        #expect(!message.unicodeScalars.contains { !$0.isASCII }, "the message is 7-bit")
    }

    @Test func sameInputsGiveIdenticalBytesAndAnyChangeANewMessageID() throws {
        let first = try render()
        #expect(try render() == first)
        func id(_ message: String) -> String? {
            headers(message).first { $0.0 == "Message-ID" }?.1
        }
        var later = Self.envelope
        later.date += 1
        var changed = Self.workbook
        changed[500] ^= 1
        let variants = [
            try render(later),
            try render(plain: "# Report\n\nTotal | 2\n"),
            try render(html: "<p>other</p>"),
            try render(attachment: MailAttachment(fileName: Self.attachment.fileName, bytes: changed)),
            try render(attachment: nil),
        ]
        let ids = Set(([first] + variants).compactMap(id))
        #expect(ids.count == variants.count + 1)
    }

    @Test func validateAcceptsWhatRenderAccepts() throws {
        try Self.envelope.validate()
        var envelope = Self.envelope
        envelope.to = ["运营团队 <ops@example.com>", #""Doe, Jane" <jane@example.org>"#]
        envelope.subject = "飞书工作台访问月报"
        try envelope.validate()
        _ = try render(envelope)
    }

    @Test func withoutAnAttachmentTheAlternativeIsTheMessage() throws {
        let message = try render(attachment: nil)
        let type = try #require(headers(message).last)
        #expect(type.0 == "Content-Type" && type.1.hasPrefix("multipart/alternative; boundary=\"=_alternative_"))
        #expect(!message.contains("multipart/mixed") && !message.contains("Content-Disposition"))
    }

    @Test func messageIDDomainCanBeGiven() throws {
        var envelope = Self.envelope
        envelope.messageIDDomain = "workplace-report"
        #expect(try render(envelope).contains("@workplace-report>\r\n"))
        envelope.messageIDDomain = "bad domain>"
        #expect(
            throws: MailError(
                field: .messageIDDomain, value: "bad domain>", reason: "is not a host name like example.com")
        ) {
            try render(envelope)
        }
    }

    @Test(arguments: [
        (
            MailEnvelope(from: "a@example.com", to: ["b@example.com"], subject: "Hi\r\nBcc: x@example.com", date: 0),
            MailError.Field.subject
        ),
        (MailEnvelope(from: "a@example.com", to: ["b@example.com"], subject: "Hi\nthere", date: 0), .subject),
        (MailEnvelope(from: "a@example.com", to: ["b@example.com"], subject: " \t", date: 0), .subject),
        (MailEnvelope(from: "a@example.com", to: ["b@example.com"], subject: "Hi\u{2028}there", date: 0), .subject),
        (
            MailEnvelope(from: "a@example.com\r\nTo: x@example.com", to: ["b@example.com"], subject: "Hi", date: 0),
            .from
        ),
        (MailEnvelope(from: "", to: ["b@example.com"], subject: "Hi", date: 0), .from),
        (MailEnvelope(from: "a@example.com", to: [], subject: "Hi", date: 0), .to),
        (
            MailEnvelope(
                from: "a@example.com", to: ["b@example.com", "c@example.com\nBcc: d@x"], subject: "Hi", date: 0), .to
        ),
        (MailEnvelope(from: "a@example.com", to: ["b@example.com"], subject: "Hi", date: -3_000_000_000), .date),
    ])
    func badEnvelopesAreRefusedNamingTheFlag(envelope: MailEnvelope, field: MailError.Field) {
        #expect(throws: MailError.self) { try envelope.validate() }
        do {
            _ = try render(envelope)
            Issue.record("accepted \(envelope)")
        } catch let error as MailError {
            #expect(error.field == field)
            #expect(error.description.hasPrefix(field.rawValue + " "))
            #expect(!error.description.contains("\n"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test(arguments: [
        MailAttachment(fileName: "", bytes: []), MailAttachment(fileName: "../x.xlsx", bytes: []),
        MailAttachment(fileName: "a\r\nb.xlsx", bytes: []),
        MailAttachment(fileName: "a.xlsx", contentType: "xlsx", bytes: []),
        MailAttachment(fileName: "a.xlsx", contentType: "text/plain\r\nX: y", bytes: []),
    ])
    func badAttachmentsAreRefused(attachment: MailAttachment) {
        #expect(throws: MailError.self) { try render(attachment: attachment) }
    }
}
