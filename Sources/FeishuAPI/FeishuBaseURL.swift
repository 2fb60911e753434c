import Foundation

/// The origin of the Open API (`https://open.feishu.cn`), checked so that tokens never travel in the clear.
///
/// Only an origin is accepted: a scheme, a host and an optional port, with no path, query, fragment or
/// user info. Plain `http` is allowed for loopback hosts only (the simulator); everything else must be
/// `https`.
public struct FeishuBaseURL: Sendable, Hashable, CustomStringConvertible {
    /// Feishu (China): `https://open.feishu.cn`.
    public static let feishu = FeishuBaseURL(scheme: "https", host: "open.feishu.cn", port: nil)
    /// Lark (international): `https://open.larksuite.com`.
    public static let lark = FeishuBaseURL(scheme: "https", host: "open.larksuite.com", port: nil)

    /// `https` or, for loopback hosts only, `http`.
    public let scheme: String
    /// The host, lower-cased; an IPv6 literal keeps its brackets.
    public let host: String
    /// The port when one was given.
    public let port: Int?

    private init(scheme: String, host: String, port: Int?) {
        self.scheme = scheme
        self.host = host
        self.port = port
    }

    /// Parses and checks a base URL such as `https://open.feishu.cn` or `http://127.0.0.1:8080`.
    /// - Throws: ``FeishuError/invalidBaseURL(_:reason:)`` saying what is wrong with it.
    public init(_ text: String) throws(FeishuError) {
        func bad(_ reason: String) -> FeishuError { .invalidBaseURL(text, reason: reason) }
        var rest = Substring(text)
        guard let schemeEnd = rest.range(of: "://") else {
            throw bad("it must start with https:// (for example https://open.feishu.cn)")
        }
        let scheme = rest[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "https" || scheme == "http" else {
            throw bad("the scheme must be https, not \(scheme)")
        }
        rest = rest[schemeEnd.upperBound...]
        if rest.hasSuffix("/") { rest = rest.dropLast() }
        if rest.contains(where: { "/?#".contains($0) }) {
            throw bad("give only the origin, without a path, query or fragment")
        }
        if rest.contains("@") { throw bad("it must not contain user info") }
        if rest.contains(where: { $0.isWhitespace || $0.asciiValue.map { $0 < 0x21 || $0 == 0x7F } ?? false }) {
            throw bad("it contains spaces or control characters")
        }
        var host: Substring
        var portText: Substring?
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { throw bad("the IPv6 address has no closing bracket") }
            host = rest[...close]
            let after = rest[rest.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw bad("unexpected text after the IPv6 address") }
                portText = after.dropFirst()
            }
        } else if let colon = rest.firstIndex(of: ":") {
            host = rest[..<colon]
            portText = rest[rest.index(after: colon)...]
        } else {
            host = rest
        }
        guard !host.isEmpty else { throw bad("the host is missing") }
        var port: Int?
        if let portText {
            guard let p = Int(portText), portText.allSatisfy(\.isASCII), (1...65535).contains(p) else {
                throw bad("the port must be a number from 1 to 65535")
            }
            port = p
        }
        let lowered = host.lowercased()
        if scheme == "http" && !Self.isLoopback(lowered) {
            throw bad("plain http is allowed only for 127.0.0.1, ::1 or localhost; use https")
        }
        self.init(scheme: scheme, host: lowered, port: port)
    }

    /// Whether `host` names this machine (the only hosts plain http may reach).
    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "[::1]" || host == "::1"
            || host.hasPrefix("127.")
                && host.split(separator: ".").count == 4
    }

    /// `scheme://host[:port]`.
    public var description: String {
        port.map { "\(scheme)://\(host):\($0)" } ?? "\(scheme)://\(host)"
    }

    /// The full URL of `path` with `query` percent-encoded.
    public func url(path: String, query: [(String, String)] = []) -> String {
        guard !query.isEmpty else { return description + path }
        let pairs = query.map { "\(Self.percentEncode($0.0))=\(Self.percentEncode($0.1))" }
        return description + path + "?" + pairs.joined(separator: "&")
    }

    /// Percent-encodes everything but RFC 3986's unreserved characters.
    static func percentEncode(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".unicodeScalars)
                out.unicodeScalars.append("%")
                out.unicodeScalars.append(hex[Int(byte >> 4)])
                out.unicodeScalars.append(hex[Int(byte & 0xF)])
            }
        }
        return out
    }
}
