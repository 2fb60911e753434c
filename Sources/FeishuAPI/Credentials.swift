/// How the client proves who it is: an internal app's id and secret, or a tenant token obtained elsewhere.
///
/// The secret and the token never appear in `description`, `debugDescription` or a mirror, so a
/// credentials value can be logged or dumped without leaking them.
public enum Credentials: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// An internal (self-built) app: the client fetches and refreshes a `tenant_access_token` itself.
    case app(id: String, secret: String)
    /// A ready `tenant_access_token` (`t-…`); it cannot be refreshed, so its expiry ends the fetch.
    case tenantToken(String)

    /// Whether the client can obtain a new token when the current one is rejected.
    public var canRefresh: Bool {
        if case .app = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .app(let id, _): return "app \(id) (secret redacted)"
        case .tenantToken: return "tenant access token (redacted)"
        }
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(self, children: ["credentials": description], displayStyle: .enum)
    }
}
