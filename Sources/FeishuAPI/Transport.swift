import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// One HTTP request as the client sends it: always a POST.
public struct TransportRequest: Sendable {
    /// The full URL with its query string.
    public var url: String
    /// Header names and values (the `Authorization` value is a secret: never log it).
    public var headers: [(String, String)]
    /// The body, or nil for none (the search endpoint sends none).
    public var body: [UInt8]?
    /// How long the exchange may take.
    public var timeout: Duration

    /// Creates a request.
    public init(url: String, headers: [(String, String)], body: [UInt8]?, timeout: Duration) {
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }
}

extension TransportRequest {
    /// The headers with every credential-bearing value (`Authorization`, cookies) replaced by `<redacted>`.
    public var redactedHeaders: [(String, String)] {
        headers.map { name, value in
            ["authorization", "cookie", "proxy-authorization"].contains(name.lowercased())
                ? (name, "<redacted>") : (name, value)
        }
    }
}

/// One HTTP response: status, headers and the whole body.
public struct TransportResponse: Sendable {
    /// The HTTP status code.
    public var status: Int
    /// Header names (any case) and values.
    public var headers: [(String, String)]
    /// The body bytes.
    public var body: [UInt8]

    /// Creates a response.
    public init(status: Int, headers: [(String, String)], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first value of header `name`, compared case-insensitively.
    public func header(_ name: String) -> String? {
        let lower = name.lowercased()
        return headers.first { $0.0.lowercased() == lower }?.1
    }
}

/// Why an exchange produced no response; both kinds are retried.
public enum TransportError: Error, Sendable, Hashable {
    /// No complete response within the timeout.
    case timedOut
    /// The connection failed or dropped (refused, reset, closed mid-response).
    case connectionFailed(String)
    /// The body exceeded the size limit.
    case responseTooLarge(Int)
}

/// Sends one request and returns the whole response; the seam tests replace to script exchanges.
public protocol FeishuTransport: Sendable {
    /// Sends `request`.
    /// - Throws: ``TransportError`` for timeouts and connection failures, `CancellationError` when cancelled.
    func send(_ request: TransportRequest) async throws -> TransportResponse
}

/// The production transport over AsyncHTTPClient (HTTP/1.1 and HTTP/2, TLS).
public struct HTTPClientTransport: FeishuTransport {
    /// The largest body accepted (a page of 100 items is a few tens of KB).
    public static let maximumBodyBytes = 16 << 20

    /// The process-wide client of this transport, never shut down.
    ///
    /// No redirects (a token must never follow one), no silent reconnect loop (a refused connection fails at once and the client's own retry
    /// backs off), a 10 s connect timeout.
    public static let sharedClient: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout.connect = .seconds(10)
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    private let client: HTTPClient

    /// Uses `client`, by default ``sharedClient``.
    public init(client: HTTPClient = HTTPClientTransport.sharedClient) {
        self.client = client
    }

    public func send(_ request: TransportRequest) async throws -> TransportResponse {
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = .POST
        for (name, value) in request.headers { outgoing.headers.add(name: name, value: value) }
        if let body = request.body { outgoing.body = .bytes(ByteBuffer(bytes: body)) }
        let nanoseconds =
            request.timeout.components.seconds * 1_000_000_000
            + request.timeout.components.attoseconds / 1_000_000_000
        let deadline = NIODeadline.now() + .nanoseconds(nanoseconds)
        do {
            let response = try await client.execute(outgoing, deadline: deadline)
            let body = try await response.body.collect(upTo: Self.maximumBodyBytes)
            return TransportResponse(
                status: Int(response.status.code),
                headers: response.headers.map { ($0.name, $0.value) },
                body: Array(buffer: body))
        } catch let error as HTTPClientError {
            if Task.isCancelled { throw CancellationError() }
            switch error {
            case .deadlineExceeded, .readTimeout, .writeTimeout, .connectTimeout, .tlsHandshakeTimeout,
                .getConnectionFromPoolTimeout:
                throw TransportError.timedOut
            case .remoteConnectionClosed:
                throw TransportError.connectionFailed("the server closed the connection mid-response")
            default:
                throw TransportError.connectionFailed(Self.plain(error))
            }
        } catch is NIOTooManyBytesError {
            throw TransportError.responseTooLarge(Self.maximumBodyBytes)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            if Task.isCancelled { throw CancellationError() }
            throw TransportError.connectionFailed(Self.plain(error))
        }
    }

    /// A short phrase for a connection error (NIO's descriptions nest several layers).
    private static func plain(_ error: any Error) -> String {
        let text = String(describing: error)
        for (needle, phrase) in [
            ("Connection refused", "connection refused"), ("Connection reset", "connection reset"),
            ("Broken pipe", "connection closed"), ("No route to host", "no route to host"),
            ("Name or service not known", "unknown host"), ("nodename nor servname", "unknown host"),
        ] where text.contains(needle) {
            return phrase
        }
        return text.count > 160 ? String(text.prefix(160)) + "…" : text
    }
}
