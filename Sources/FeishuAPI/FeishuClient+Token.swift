extension FeishuClient {
    /// The tenant access token to send now: the client's cached one, fetched or refreshed as the fetch
    /// does it (for the other Open API endpoints this app calls, such as message delivery).
    /// - Throws: ``FeishuError`` when the token endpoint refuses the app or is unavailable.
    public func accessToken() async throws -> String {
        try await tokens.current()
    }

    /// Forgets `token` after an endpoint rejected it, so the next ``accessToken()`` fetches a new one.
    public func rejectAccessToken(_ token: String) async {
        await tokens.invalidate(token)
    }
}
