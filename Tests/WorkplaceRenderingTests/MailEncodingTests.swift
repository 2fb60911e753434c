import Foundation
import Testing

@testable import WorkplaceRendering

@Suite("Mail body and header encodings")
struct MailEncodingTests {
    private func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    @Test(arguments: [
        ("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="),
        ("foobar", "Zm9vYmFy"),
    ])
    func base64MatchesRFC4648Vectors(input: String, expected: String) {
        #expect(text(MailBodyEncoding.base64(Array(input.utf8))) == expected)
    }

    @Test(arguments: [0, 1, 56, 57, 58, 114, 1_000, 4_097])
    func base64LinesAreExactly76CharactersAndDecodeBack(count: Int) throws {
        let bytes = (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ 7) }
        let encoded = text(MailBodyEncoding.base64Lines(bytes))
        let lines = encoded.components(separatedBy: "\r\n")
        #expect(!encoded.contains("\n\n") && !encoded.hasSuffix("\r\n"))
        for line in lines.dropLast() { #expect(line.count == 76) }
        #expect((lines.last?.count ?? 0) <= 76)
        #expect(lines.count == max(1, (count + 56) / 57))  // 57 bytes make one 76-character line
        let decoded = try #require(Data(base64Encoded: lines.joined()))
        #expect(Array(decoded) == bytes)
    }

    @Test func quotedPrintableEncodesWhatMustBeEncoded() {
        #expect(text(MailBodyEncoding.quotedPrintable("a=b")) == "a=3Db")
        #expect(text(MailBodyEncoding.quotedPrintable("café")) == "caf=C3=A9")
        #expect(text(MailBodyEncoding.quotedPrintable("end \nnext\t")) == "end=20\r\nnext=09")
        #expect(text(MailBodyEncoding.quotedPrintable("a b\r\nc\rd\n")) == "a b\r\nc\r\nd\r\n")
    }

    @Test func quotedPrintableGuardsLineStartsForSendmailAndMbox() {
        #expect(text(MailBodyEncoding.quotedPrintable(".\n.x\na.")) == "=2E\r\n=2Ex\r\na.")
        #expect(text(MailBodyEncoding.quotedPrintable("From me\nFromage\n Fr")) == "=46rom me\r\nFromage\r\n Fr")
    }

    @Test func quotedPrintableSoftBreaksKeepLinesWithin76() {
        let exact = String(repeating: "x", count: 76)
        #expect(text(MailBodyEncoding.quotedPrintable(exact)) == exact)
        let long = String(repeating: "x", count: 100)
        #expect(
            text(MailBodyEncoding.quotedPrintable(long))
                == String(repeating: "x", count: 75) + "=\r\n" + String(repeating: "x", count: 25))
        // An escape is never split by a soft break: 74 x then é (=C3=A9) moves =C3 to the next line.
        let escaped = String(repeating: "x", count: 74) + "é"
        #expect(
            text(MailBodyEncoding.quotedPrintable(escaped)) == String(repeating: "x", count: 74) + "=\r\n=C3=A9")
        // A '.' that a soft break puts at the start of a line is encoded as well.
        let dotted = String(repeating: "x", count: 75) + ".y"
        #expect(text(MailBodyEncoding.quotedPrintable(dotted)) == String(repeating: "x", count: 75) + "=\r\n=2Ey")
        let mixed = String(repeating: "ab = 工作台 ", count: 40)
        for line in text(MailBodyEncoding.quotedPrintable(mixed)).components(separatedBy: "\r\n") {
            #expect(line.utf8.count <= 76)
        }
    }

    @Test func canonicalTextUsesCRLF() {
        #expect(text(MailBodyEncoding.canonicalText("a\nb\r\nc\rd")) == "a\r\nb\r\nc\r\nd")
    }

    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
    ])
    func sha256MatchesFIPSVectors(input: String, expected: String) {
        #expect(MailDigest.hex(MailDigest.hash(Array(input.utf8))) == expected)
    }

    @Test func sha256OfAMillionAsInUnevenPieces() {
        var digest = MailDigest()
        var left = 1_000_000
        var piece = 1
        while left > 0 {
            let size = min(piece, left)
            digest.update(repeatElement(UInt8(ascii: "a"), count: size))
            left -= size
            piece = piece * 3 + 1
        }
        #expect(MailDigest.hex(digest.finalize()) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    // Expected values from `date -u -R -d @SECONDS` (GNU coreutils).
    @Test(arguments: [
        (Int64(0), "Thu, 01 Jan 1970 00:00:00 +0000"),
        (-1, "Wed, 31 Dec 1969 23:59:59 +0000"),
        (951_782_400, "Tue, 29 Feb 2000 00:00:00 +0000"),
        (1_793_520_000, "Sun, 01 Nov 2026 08:00:00 +0000"),
        (1_709_251_199, "Thu, 29 Feb 2024 23:59:59 +0000"),
        (-2_208_988_800, "Mon, 01 Jan 1900 00:00:00 +0000"),
        (253_402_300_799, "Fri, 31 Dec 9999 23:59:59 +0000"),
    ])
    func datesAreRFC5322InUTC(seconds: Int64, expected: String) throws {
        #expect(try MailDate.format(epochSeconds: seconds) == expected)
    }

    @Test(arguments: [Int64(-2_208_988_801), 253_402_300_800, .min, .max])
    func datesOutsideFourDigitYearsAreRefused(seconds: Int64) {
        #expect(throws: MailError.self) { try MailDate.format(epochSeconds: seconds) }
        do {
            _ = try MailDate.format(epochSeconds: seconds)
        } catch {
            #expect(error.field == .date && error.value == String(seconds))
        }
    }

    /// Decodes `=?UTF-8?B?…?=` words independently of the encoder, with Foundation's base64.
    static func decodeWords(_ words: [String]) throws -> String {
        var bytes: [UInt8] = []
        for word in words {
            #expect(word.hasPrefix("=?UTF-8?B?") && word.hasSuffix("?="))
            let payload = word.dropFirst(10).dropLast(2)
            let data = try #require(Data(base64Encoded: String(payload)))
            #expect(String(data: data, encoding: .utf8) != nil, "each word holds whole characters")
            bytes += Array(data)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test func encodedWordsAreShortAndDecodeBack() throws {
        #expect(MailHeaderEncoding.encodedWords("月报") == ["=?UTF-8?B?5pyI5oql?="])
        let subject = "飞书工作台访问月报 2026-10 · 自定义工作台的访问量与访客数 🚀🇨🇳 Workplace access, October"
        let words = MailHeaderEncoding.encodedWords(subject)
        #expect(words.count > 2)
        for word in words { #expect(word.count <= 75) }
        #expect(try Self.decodeWords(words) == subject)
    }

    @Test func plainSubjectsStayReadableOthersAreEncoded() {
        #expect(
            MailHeaderEncoding.unstructuredTokens("Workplace access 2026-10") == ["Workplace", "access", "2026-10"])
        for subject in ["工作台", "a =?x?= b", "two  spaces", " lead", "trail ", String(repeating: "w", count: 70)] {
            #expect(
                MailHeaderEncoding.unstructuredTokens(subject).allSatisfy { $0.hasPrefix("=?UTF-8?B?") }, "\(subject)")
        }
    }

    @Test func foldingBreaksBetweenTokensAt78() {
        let tokens = (1...30).map { "word\($0)" }
        let folded = MailHeaderEncoding.fold("Subject", tokens)
        let lines = folded.components(separatedBy: "\r\n")
        #expect(lines.count > 1)
        for line in lines { #expect(line.count <= 78) }
        for line in lines.dropFirst() { #expect(line.hasPrefix(" ") && !line.hasPrefix("  ")) }
        // Unfolding (removing each CRLF) gives back the single-line header.
        #expect(folded.replacingOccurrences(of: "\r\n", with: "") == "Subject: " + tokens.joined(separator: " "))
        // One token longer than the width still goes on the header's own line.
        let long = String(repeating: "a", count: 90)
        #expect(MailHeaderEncoding.fold("To", [long]) == "To: " + long)
    }

    @Test func plainFileNamesStayPlain() {
        #expect(
            MailHeaderEncoding.fileNameParameters("filename", value: "workplace-access-2026-10.xlsx", fallback: "x")
                == ["filename=\"workplace-access-2026-10.xlsx\""])
    }

    @Test func nonASCIIFileNamesUseRFC2231WithAFallback() {
        #expect(
            MailHeaderEncoding.fileNameParameters("filename", value: "月报 10.xlsx", fallback: "_ 10.xlsx") == [
                "filename*=UTF-8''%E6%9C%88%E6%8A%A5%2010.xlsx;", "filename=\"_ 10.xlsx\"",
            ])
    }

    @Test func longFileNamesAreSplitIntoNumberedSections() throws {
        let name = String(repeating: "访问", count: 20) + ".xlsx"
        let tokens = MailHeaderEncoding.fileNameParameters("filename", value: name, fallback: "attachment.xlsx")
        #expect(tokens.count > 3)
        #expect(tokens[0].hasPrefix("filename*0*=UTF-8''%E8%AE%BF"))
        #expect(tokens[1].hasPrefix("filename*1*=%"))
        #expect(tokens.last == "filename=\"attachment.xlsx\"")
        var encoded = ""
        for (index, token) in tokens.dropLast().enumerated() {
            #expect(token.count + 1 <= 78 && token.hasSuffix(";"))  // after the folding space
            let value = try #require(token.split(separator: "=", maxSplits: 1).last).dropLast()
            encoded += index == 0 ? String(value.dropFirst("UTF-8''".count)) : String(value)
        }
        #expect(encoded.removingPercentEncoding == name)
    }

    @Test(arguments: [
        ("月报.xlsx", "attachment.xlsx"), ("访问报告 2026-10.xlsx", "_ 2026-10.xlsx"), ("a\"b\\c.xlsx", "a_b_c.xlsx"),
        ("report", "report"), ("Übersicht Oktober.xlsx", "_bersicht Oktober.xlsx"),
        (String(repeating: "r", count: 80) + ".xlsx", String(repeating: "r", count: 55) + ".xlsx"),
    ])
    func asciiFallbacksKeepTheExtension(name: String, expected: String) {
        #expect(MailHeaderEncoding.asciiFallback(name) == expected)
    }
}
