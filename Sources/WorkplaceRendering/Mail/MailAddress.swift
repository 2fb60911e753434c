/// One mailbox of a `From:` or `To:` header: an optional display name and an ASCII address.
struct MailAddress: Equatable {
    /// The display name, any language; empty when none was given.
    let displayName: String
    /// The address, `local@domain`, checked against RFC 5322 `dot-atom` forms.
    let address: String

    /// The domain part of ``address``.
    var domain: Substring {
        address[address.index(after: address.lastIndex(of: "@") ?? address.startIndex)...]
    }

    private static let atomSpecials = Array("!#$%&'*+-/=?^_`{|}~".unicodeScalars)
    private static let longestName = 200

    /// Parses `Name <user@example.com>`, `"Name, Inc." <user@example.com>` or `user@example.com`.
    /// - Throws: ``MailError`` naming `field` for control characters (header injection), a list where one
    ///   address belongs, a malformed or non-ASCII address, or an overlong name.
    init(parsing raw: String, field: MailError.Field) throws(MailError) {
        func fail(_ reason: String) -> MailError { MailError(field: field, value: raw, reason: reason) }
        if MailHeaderEncoding.hasControlCharacter(raw) {
            throw fail("contains a line break or another control character; header injection is refused")
        }
        let text = Self.trimmed(raw)
        guard !text.isEmpty else { throw fail("is empty; give an address like reports@example.com") }
        var name = ""
        var address = text
        if text.hasSuffix(">") {
            guard let open = text.lastIndex(of: "<") else {
                throw fail("has a '>' without '<'; write Name <user@example.com>")
            }
            address = Self.trimmed(String(text[text.index(after: open)..<text.index(before: text.endIndex)]))
            name = try Self.displayName(Self.trimmed(String(text[..<open])), fail: fail)
        }
        if address.contains(",") || address.contains(" ") || address.contains("<") || address.contains(">") {
            throw fail("is not one address; give each recipient its own \(MailError.Field.to.rawValue)")
        }
        try Self.checkAddress(address, fail: fail)
        guard name.count <= Self.longestName else {
            throw fail("has a display name longer than \(Self.longestName) characters")
        }
        self.displayName = name
        self.address = address
    }

    /// The header tokens of this mailbox: the name as atoms, a quoted-string or encoded-words, then `<address>`.
    var tokens: [String] {
        guard !displayName.isEmpty else { return [address] }
        let words = displayName.split(separator: " ", omittingEmptySubsequences: false)
        let isAtoms = words.allSatisfy { word in
            !word.isEmpty
                && word.unicodeScalars.allSatisfy { Self.isAtext($0) }
        }
        let nameTokens: [String]
        if isAtoms && !displayName.contains("=?") {
            nameTokens = words.map(String.init)
        } else if displayName.unicodeScalars.allSatisfy(MailHeaderEncoding.isPrintableASCII)
            && !displayName.contains("=?")
        {
            var quoted = "\""
            for character in displayName {
                if character == "\"" || character == "\\" { quoted.append("\\") }
                quoted.append(character)
            }
            nameTokens = [quoted + "\""]
        } else {
            nameTokens = MailHeaderEncoding.encodedWords(displayName)
        }
        return nameTokens + ["<\(address)>"]
    }

    private static func isAtext(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
            || atomSpecials.contains(scalar)
    }

    private static func trimmed(_ text: String) -> String {
        String(
            text.drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed()
        )
    }

    /// The display name with surrounding quotes and their backslash escapes removed.
    private static func displayName(_ text: String, fail: (String) -> MailError) throws(MailError) -> String {
        guard text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") else {
            if text.contains("\"") || text.contains("<") || text.contains(">") {
                throw fail("has '\"', '<' or '>' in the name; quote the whole name: \"Name\" <user@example.com>")
            }
            return text
        }
        var name = ""
        var escaped = false
        for character in text.dropFirst().dropLast() {
            if escaped {
                name.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "\"" {
                throw fail("has an unescaped '\"' inside the quoted name; write it as \\\"")
            } else {
                name.append(character)
            }
        }
        if escaped { throw fail("ends the quoted name with a lone '\\'") }
        return name
    }

    /// Checks `local@domain`: ASCII dot-atom local part (≤ 64), host-name domain (≤ 253), 254 in all.
    private static func checkAddress(_ address: String, fail: (String) -> MailError) throws(MailError) {
        guard address.unicodeScalars.allSatisfy(\.isASCII) else {
            throw fail("has a non-ASCII address, which needs SMTPUTF8; use an ASCII address (the name may be any text)")
        }
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, let local = parts.first, let domain = parts.last, !local.isEmpty, !domain.isEmpty
        else {
            throw fail("is not an address like user@example.com (exactly one '@' with text on both sides)")
        }
        let localAtoms = local.split(separator: ".", omittingEmptySubsequences: false)
        guard local.utf8.count <= 64, localAtoms.allSatisfy({ !$0.isEmpty && $0.unicodeScalars.allSatisfy(isAtext) })
        else {
            throw fail("has a local part (before '@') that is not a plain dot-separated name of at most 64 characters")
        }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        let isLabel: (Substring) -> Bool = { label in
            !label.isEmpty && label.utf8.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                && label.unicodeScalars.allSatisfy {
                    ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "-"
                }
        }
        guard domain.utf8.count <= 253, labels.allSatisfy(isLabel) else {
            throw fail("has a domain (after '@') that is not a host name like example.com")
        }
        guard address.utf8.count <= 254 else { throw fail("is longer than 254 characters") }
    }
}
