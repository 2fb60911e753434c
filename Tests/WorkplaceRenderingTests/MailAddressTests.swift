import Testing

@testable import WorkplaceRendering

@Suite("Mail addresses")
struct MailAddressTests {
    @Test func parsesTheThreeForms() throws {
        let bare = try MailAddress(parsing: " reports@example.com ", field: .from)
        #expect(bare.displayName.isEmpty && bare.address == "reports@example.com")
        #expect(bare.tokens == ["reports@example.com"])
        let named = try MailAddress(parsing: "Report Bot <bot@mail.example.com>", field: .from)
        #expect(named.tokens == ["Report", "Bot", "<bot@mail.example.com>"])
        #expect(named.domain == "mail.example.com")
        let quoted = try MailAddress(parsing: #""Ops, \"Night\" Team" <ops@example.com>"#, field: .to)
        #expect(quoted.displayName == #"Ops, "Night" Team"#)
        #expect(quoted.tokens == [#""Ops, \"Night\" Team""#, "<ops@example.com>"])
    }

    @Test func unquotedSpecialsAreQuotedOnOutput() throws {
        let address = try MailAddress(parsing: "Doe, Jane (IT) <jane@example.com>", field: .to)
        #expect(address.tokens == [#""Doe, Jane (IT)""#, "<jane@example.com>"])
    }

    @Test func nonASCIINamesBecomeEncodedWords() throws {
        let address = try MailAddress(parsing: "运营团队 <ops@example.com>", field: .to)
        #expect(address.tokens.count == 2)
        #expect(try MailEncodingTests.decodeWords(Array(address.tokens.dropLast())) == "运营团队")
        #expect(address.tokens.last == "<ops@example.com>")
    }

    @Test(arguments: [
        ("a@example.com\r\nBcc: victim@example.com", "control character"),
        ("Name\n <a@example.com>", "control character"),
        ("a@example.com\u{0}", "control character"),
        ("", "is empty"),
        ("   ", "is empty"),
        ("a@example.com, b@example.com", "its own --mail-to"),
        ("a@example.com b@example.com", "its own --mail-to"),
        ("example.com", "exactly one '@'"),
        ("a@b@example.com", "exactly one '@'"),
        ("@example.com", "exactly one '@'"),
        ("a..b@example.com", "local part"),
        ("a(b)@example.com", "local part"),
        ("a@exa_mple.com", "domain"),
        ("a@-example.com", "domain"),
        ("a@example..com", "domain"),
        ("张三@例子.中国", "non-ASCII address"),
        ("Name a@example.com>", "'>' without '<'"),
        ("Na\"me <a@example.com>", "quote the whole name"),
        ("\"Na\"me\" <a@example.com>", "unescaped"),
    ])
    func badAddressesAreRefusedNamingTheFlag(raw: String, reasonPart: String) {
        do {
            _ = try MailAddress(parsing: raw, field: .to)
            Issue.record("accepted \(raw.debugDescription)")
        } catch {
            #expect(error.field == .to)
            #expect(error.value == raw)
            #expect(error.reason.contains(reasonPart), "\(error.reason)")
            #expect(error.description.hasPrefix("--mail-to "))
            #expect(!error.description.contains("\r") && !error.description.contains("\n"))
        }
    }

    @Test func overlongPartsAreRefused() {
        let local = String(repeating: "l", count: 65)
        #expect(throws: MailError.self) { try MailAddress(parsing: "\(local)@example.com", field: .from) }
        let name = String(repeating: "n", count: 201)
        #expect(throws: MailError.self) { try MailAddress(parsing: "\(name) <a@example.com>", field: .from) }
        let domain = (0..<26).map { _ in "abcdefghi" }.joined(separator: ".")
        #expect(throws: MailError.self) { try MailAddress(parsing: "a@\(domain)", field: .from) }
    }
}
