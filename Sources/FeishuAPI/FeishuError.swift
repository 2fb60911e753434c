/// Where a failed exchange happened and what the API said, for error messages and support tickets.
///
/// Holds no token or secret: only the endpoint path, the page, the HTTP status, the API's code and
/// message, and the log id Feishu support asks for.
public struct APIErrorContext: Sendable, Hashable, CustomStringConvertible {
    /// The endpoint path (`/open-apis/workplace/v1/custom_workplace_access_data/search`).
    public var endpoint: String
    /// The 1-based page of the chain, for the search endpoint.
    public var page: Int?
    /// The shard (days and workplace) the request belonged to, for the search endpoint.
    public var shard: String?
    /// The HTTP status, when a response arrived.
    public var httpStatus: Int?
    /// The API's `code`, when the body had one.
    public var code: Int?
    /// The API's `msg`, when the body had one.
    public var message: String?
    /// `X-Tt-Logid` or `error.log_id`, when present.
    public var logID: String?

    /// Creates a context.
    public init(
        endpoint: String, page: Int? = nil, shard: String? = nil, httpStatus: Int? = nil, code: Int? = nil,
        message: String? = nil, logID: String? = nil
    ) {
        self.endpoint = endpoint
        self.page = page
        self.shard = shard
        self.httpStatus = httpStatus
        self.code = code
        self.message = message
        self.logID = logID
    }

    /// `POST /open-apis/… (page 3, 2026-10-01..2026-10-31): HTTP 400, code 1621003 "internal service error", log id …`.
    public var description: String {
        var location = "POST \(endpoint)"
        var place: [String] = []
        if let page { place.append("page \(page)") }
        if let shard { place.append(shard) }
        if !place.isEmpty { location += " (\(place.joined(separator: ", ")))" }
        var facts: [String] = []
        if let httpStatus { facts.append("HTTP \(httpStatus)") }
        if let code { facts.append("code \(code)" + (message.map { " \"\(Self.oneLine($0))\"" } ?? "")) }
        if let logID { facts.append("log id \(Self.oneLine(logID))") }
        return facts.isEmpty ? location : location + ": " + facts.joined(separator: ", ")
    }

    /// Keeps server text on one line and short.
    static func oneLine(_ text: String) -> String {
        let flat = String(text.map { $0.isNewline ? " " : $0 })
        return flat.count > 200 ? String(flat.prefix(200)) + "…" : flat
    }
}

/// Every way a fetch can fail, each with the context needed to fix it.
///
/// `description` is one line saying what happened and how to fix it; ``category`` tells the CLI
/// which exit code to use.
public enum FeishuError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The base URL is not an https origin (or an http loopback origin).
    case invalidBaseURL(String, reason: String)
    /// The query is invalid (dates, order, page size, ids); nothing was sent.
    case invalidQuery(String)
    /// A client setting is out of range (concurrency, retries, rate); nothing was sent.
    case invalidConfiguration(String)
    /// The token endpoint rejected the app id or secret (10003, 10014, 99991543).
    case credentialsRejected(APIErrorContext)
    /// The access token was rejected even after a refresh, or a given tenant token was rejected.
    case tokenRejected(APIErrorContext, refreshable: Bool)
    /// The app lacks the `workplace:workplace_using_data:read` scope (99991672, 99991676).
    case permissionDenied(APIErrorContext)
    /// The app is disabled or not installed in the tenant (99991662, 99991673).
    case appUnavailable(APIErrorContext)
    /// The API refused the query itself (1621001/1621002, 1628001/1628002, 1629001/1629002/1629006, or a
    /// page-size rule) although it passed local checks.
    case queryRejected(APIErrorContext)
    /// The API answered with a code this client does not know.
    case apiError(APIErrorContext)
    /// Transient failures (1621003, 1628003, 1629004, 5xx, timeouts, dropped connections) outlasted every retry.
    case unavailable(APIErrorContext, attempts: Int, lastProblem: String)
    /// The rate limit kept refusing requests after every allowed wait, or asked for an absurd wait.
    case rateLimited(APIErrorContext, attempts: Int)
    /// HTTP 429 / 99991403: the tenant's monthly API call quota is spent; nothing more was sent.
    /// `apiCalls` counts the search requests this client sent (every endpoint), `resetsOn` is the 1st of next month (UTC+8).
    case quotaExhausted(APIErrorContext, apiCalls: Int, resetsOn: String)
    /// The API kept answering 1621004, 1628004 or 1629005 (invalid page_token) although the chain restarted from page 1.
    case pageTokenRejected(APIErrorContext, restarts: Int)
    /// The API broke its paging contract (has_more without page_token, a repeated token, endless pages).
    case protocolViolation(APIErrorContext, detail: String)
    /// A response body was not the JSON the endpoint documents.
    case malformedResponse(APIErrorContext, detail: String)
    /// A bug or an impossible state in this program.
    case internalError(String)

    /// The kind of failure (the CLI's `Failure.swift` turns it into an exit code).
    public enum Category: Sendable, Hashable {
        /// Bad usage or argument.
        case usage
        /// The API was unavailable after retries.
        case unavailable
        /// Credentials or permission rejected.
        case credentials
        /// The API answered something that breaks its contract (the service is unusable as is).
        case protocolViolation
        /// A bug.
        case `internal`
        /// The tenant's monthly API quota is spent (try again later).
        case quotaExhausted
    }

    /// The kind of failure, which the CLI maps to an exit code.
    public var category: Category {
        switch self {
        case .invalidBaseURL, .invalidQuery, .invalidConfiguration, .queryRejected: return .usage
        case .credentialsRejected, .tokenRejected, .permissionDenied, .appUnavailable: return .credentials
        case .unavailable, .rateLimited: return .unavailable
        case .apiError, .pageTokenRejected, .protocolViolation, .malformedResponse: return .protocolViolation
        case .internalError: return .internal
        case .quotaExhausted: return .quotaExhausted
        }
    }

    /// The API context of the failure, when it came from an exchange.
    public var context: APIErrorContext? {
        switch self {
        case .credentialsRejected(let c), .tokenRejected(let c, _), .permissionDenied(let c), .appUnavailable(let c),
            .queryRejected(let c), .apiError(let c), .unavailable(let c, _, _), .rateLimited(let c, _),
            .quotaExhausted(let c, _, _), .pageTokenRejected(let c, _), .protocolViolation(let c, _),
            .malformedResponse(let c, _):
            return c
        case .invalidBaseURL, .invalidQuery, .invalidConfiguration, .internalError:
            return nil
        }
    }

    /// One line: what happened, where, and how to fix it.
    public var description: String {
        switch self {
        case .invalidBaseURL(let text, let reason):
            return
                "invalid base URL \"\(APIErrorContext.oneLine(text))\": \(reason) (set --base-url or FEISHU_BASE_URL)"
        case .invalidQuery(let message):
            return "invalid query: \(message)"
        case .invalidConfiguration(let message):
            return "invalid setting: \(message)"
        case .credentialsRejected(let c):
            return "the app id or secret was rejected (\(c)); check FEISHU_APP_ID and FEISHU_APP_SECRET"
                + " against the app's Credentials page in the developer console"
        case .tokenRejected(let c, let refreshable):
            if refreshable {
                return "the tenant access token was rejected even after a refresh (\(c)); check that the app"
                    + " is an internal app of this tenant and that FEISHU_BASE_URL is the right brand"
            }
            return "the tenant access token was rejected (\(c)); FEISHU_TENANT_ACCESS_TOKEN has expired or is"
                + " wrong: get a new one, or set FEISHU_APP_ID and FEISHU_APP_SECRET so it can be refreshed"
        case .permissionDenied(let c):
            return "the app may not read workplace data (\(c)); add the scope"
                + " workplace:workplace_using_data:read and publish a new app version"
        case .appUnavailable(let c):
            return "the app is disabled or not installed in this tenant (\(c)); ask the tenant admin to enable it"
        case .queryRejected(let c):
            return "the API rejected the query (\(c)); check --from, --to and --page-size"
        case .apiError(let c):
            return "the API answered an unexpected error (\(c)); quote the log id to Feishu support"
        case .unavailable(let c, let attempts, let problem):
            return "the API stayed unavailable after \(attempts) attempts (\(c); last: \(problem)); try again later"
        case .rateLimited(let c, let attempts):
            return "the API kept refusing requests for exceeding its rate limit after \(attempts) attempts (\(c));"
                + " lower --concurrency, check the tenant's monthly API quota, or try again later"
        case .quotaExhausted(let c, let calls, let resetsOn):
            return "the tenant's monthly API call quota is spent (\(c)); it resets on \(resetsOn) (the 1st of next"
                + " month, UTC+8); this run made \(calls) API call\(calls == 1 ? "" : "s"); try again then, or raise"
                + " the quota (upgrade the edition)"
        case .pageTokenRejected(let c, let restarts):
            return "the API rejected its own page_token again after \(restarts) restarts of the chain (\(c));"
                + " try again later"
        case .protocolViolation(let c, let detail):
            return "the API broke its paging contract: \(detail) (\(c)); check --base-url points at the Open API"
        case .malformedResponse(let c, let detail):
            return "the API returned a malformed response: \(detail) (\(c)); check --base-url points at the Open API"
        case .internalError(let message):
            return "internal error: \(message)"
        }
    }
}
