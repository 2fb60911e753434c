import Testing
import WorkplaceModel

@testable import FeishuAPI

@Suite("Configuration checked before any request")
struct ConfigurationTests {
    @Test(
        "https origins and loopback http are accepted",
        arguments: [
            ("https://open.feishu.cn", "https://open.feishu.cn"),
            ("https://open.larksuite.com/", "https://open.larksuite.com"),
            ("HTTPS://Open.Feishu.CN:8443", "https://open.feishu.cn:8443"),
            ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
            ("http://localhost:1", "http://localhost:1"),
            ("http://[::1]:9000", "http://[::1]:9000"),
        ])
    func acceptedBaseURL(text: String, normalised: String) throws {
        #expect(try FeishuBaseURL(text).description == normalised)
    }

    @Test(
        "everything else is rejected with a reason",
        arguments: [
            ("http://open.feishu.cn", "plain http"),
            ("http://127.0.0.1.evil.com", "plain http"),
            ("https://open.feishu.cn/open-apis", "only the origin"),
            ("https://open.feishu.cn?x=1", "only the origin"),
            ("ftp://open.feishu.cn", "scheme"),
            ("open.feishu.cn", "https://"),
            ("https://user:pw@open.feishu.cn", "user info"),
            ("https://open.feishu.cn:0", "port"),
            ("https://open.feishu.cn:99999", "port"),
            ("https://open.feishu.cn:80a", "port"),
            ("https://", "host"),
            ("https://open feishu.cn", "spaces"),
        ])
    func rejectedBaseURL(text: String, reason: String) {
        #expect {
            try FeishuBaseURL(text)
        } throws: { error in
            guard case .invalidBaseURL(let given, let why)? = error as? FeishuError else { return false }
            return given == text && why.contains(reason) && (error as? FeishuError)?.category == .usage
        }
    }

    @Test("the query rejects bad dates, order, page size and ids, naming the flag")
    func queryValidation() {
        let cases: [(() throws -> FetchQuery, String)] = [
            ({ try FetchQuery(fromText: "2026-1-5", toText: "2026-01-31") }, "--from \"2026-1-5\""),
            ({ try FetchQuery(fromText: "2026-01-01", toText: "2026-02-30") }, "--to \"2026-02-30\""),
            ({ try FetchQuery(fromText: "2026-02-01", toText: "2026-01-31") }, "after --to"),
            ({ try FetchQuery(fromText: "2026-01-01", toText: "2026-01-31", pageSize: 0) }, "--page-size 0"),
            ({ try FetchQuery(fromText: "2026-01-01", toText: "2026-01-31", pageSize: 101) }, "--page-size 101"),
            ({ try FetchQuery(fromText: "2026-01-01", toText: "2026-01-31", workplaceIDs: [""]) }, "--workplace-id"),
            ({ try FetchQuery(fromText: "2026-01-01", toText: "2026-01-31", workplaceIDs: ["a b"]) }, "--workplace-id"),
            ({ try FetchQuery(fromText: "2000-01-01", toText: "2026-01-31") }, "at most 3700"),
        ]
        for (make, fragment) in cases {
            #expect {
                _ = try make()
            } throws: { error in
                guard case .invalidQuery(let message)? = error as? FeishuError else { return false }
                return message.contains(fragment)
            }
        }
    }

    @Test("repeated workplace ids are fetched once, in the order first given")
    func duplicateIDs() throws {
        let query = try FetchQuery(fromText: "2026-01-01", toText: "2026-01-31", workplaceIDs: ["b", "a", "b"])
        #expect(query.workplaceIDs == ["b", "a"])
        #expect(query.pageSize == 100)
    }

    @Test("client settings out of range fail before any request")
    func clientSettings() throws {
        let app = Credentials.app(id: "cli_x", secret: "s")
        let bad: [FeishuClientConfiguration] = [
            FeishuClientConfiguration(credentials: app, concurrency: 0),
            FeishuClientConfiguration(credentials: app, requestsPerSecond: 0),
            FeishuClientConfiguration(credentials: .app(id: "", secret: "s")),
            FeishuClientConfiguration(credentials: .tenantToken("t-abc def")),
            FeishuClientConfiguration(credentials: app, retry: RetryPolicy(maxAttempts: 0)),
        ]
        for configuration in bad {
            #expect(throws: FeishuError.self) { try FeishuClient(configuration: configuration) }
        }
        _ = try FeishuClient(configuration: FeishuClientConfiguration(credentials: app))
    }

    @Test("credentials never show their secret or token")
    func redaction() {
        let secret = "s3cr3t-value"
        let token = "t-0123456789abcdef"
        for credentials in [Credentials.app(id: "cli_demo", secret: secret), .tenantToken(token)] {
            var dumped = ""
            dump(credentials, to: &dumped)
            let texts = [
                credentials.description, String(reflecting: credentials), "\(credentials)", dumped,
                String(describing: FeishuClientConfiguration(credentials: credentials)),
            ]
            for text in texts {
                #expect(!text.contains(secret))
                #expect(!text.contains(token))
            }
        }
        #expect(Credentials.app(id: "cli_demo", secret: secret).description.contains("cli_demo"))
    }

    @Test("backoff doubles from the base, stays under the cap, and keeps at least half as jitter's floor")
    func backoff() {
        let policy = RetryPolicy(baseDelay: .milliseconds(100), maxDelay: .seconds(1))
        for _ in 0..<50 {
            let first = policy.backoff(afterAttempt: 1)
            #expect(first >= .milliseconds(50) && first <= .milliseconds(100))
            let third = policy.backoff(afterAttempt: 3)
            #expect(third >= .milliseconds(200) && third <= .milliseconds(400))
            let late = policy.backoff(afterAttempt: 40)
            #expect(late >= .milliseconds(500) && late <= .seconds(1))
        }
    }
}

@Suite("Shards")
struct ShardTests {
    static func days(_ shards: [FetchShard]) -> [String: [String]] {
        var covered: [String: [String]] = [:]
        for shard in shards {
            var day = shard.range.from
            while day <= shard.range.to {
                covered[shard.workplaceID ?? "*", default: []].append(day.description)
                day = day.adding(days: 1)
            }
        }
        return covered
    }

    /// Every day of the range, listed independently of the shard code.
    static func expectedDays(_ from: String, _ to: String) -> [String] {
        var out: [String] = []
        var day = CalendarDate(iso: from)!
        let last = CalendarDate(iso: to)!
        while day <= last {
            out.append(day.description)
            day = CalendarDate(dayNumber: day.dayNumber + 1)
        }
        return out
    }

    @Test("a range is cut at month ends")
    func byMonth() throws {
        let query = try FetchQuery(fromText: "2026-01-15", toText: "2026-03-10")
        let shards = query.shards()
        #expect(
            shards.map(\.description) == ["2026-01-15..2026-01-31", "2026-02-01..2026-02-28", "2026-03-01..2026-03-10"])
    }

    @Test("ids multiply the shards, id-major")
    func byID() throws {
        let query = try FetchQuery(fromText: "2026-01-30", toText: "2026-02-02", workplaceIDs: ["x", "y"])
        #expect(
            query.shards().map(\.description) == [
                "2026-01-30..2026-01-31 x", "2026-02-01..2026-02-02 x", "2026-01-30..2026-01-31 y",
                "2026-02-01..2026-02-02 y",
            ])
    }

    @Test("a short range is split further to feed every concurrent chain")
    func split() throws {
        let query = try FetchQuery(fromText: "2026-10-01", toText: "2026-10-31")
        #expect(
            query.shards(minimumCount: 4).map(\.description) == [
                "2026-10-01..2026-10-08", "2026-10-09..2026-10-16", "2026-10-17..2026-10-24", "2026-10-25..2026-10-31",
            ])
        let oneDay = try FetchQuery(fromText: "2026-10-01", toText: "2026-10-01")
        #expect(oneDay.shards(minimumCount: 8).count == 1)
    }

    @Test("chains start longest first, ties in plan order, so the fetch does not end on a long chain alone")
    func startOrder() throws {
        let query = try FetchQuery(fromText: "2026-01-15", toText: "2026-04-30", workplaceIDs: ["x", "y"])
        let shards = query.shards()
        // Jan 15–31 (17 days), Feb (28), Mar (31), Apr (30), for x then y.
        #expect(shards.map(\.range.days) == [17, 28, 31, 30, 17, 28, 31, 30])
        #expect(FeishuClient.longestFirst(shards) == [2, 6, 3, 7, 1, 5, 0, 4])
    }

    @Test(
        "shards cover every day of every id exactly once, in order",
        arguments: [
            ("2026-01-01", "2026-01-01", 1), ("2025-12-31", "2026-01-01", 4), ("2024-02-10", "2024-03-05", 4),
            ("2025-01-01", "2026-12-31", 4), ("2026-05-03", "2026-05-29", 7), ("2026-02-01", "2026-02-28", 64),
        ])
    func coverage(from: String, to: String, minimum: Int) throws {
        for ids in [[String](), ["a"], ["a", "b", "c"]] {
            let query = try FetchQuery(fromText: from, toText: to, workplaceIDs: ids)
            let shards = query.shards(minimumCount: minimum)
            let covered = Self.days(shards)
            for id in ids.isEmpty ? ["*"] : ids {
                #expect(covered[id] == Self.expectedDays(from, to))
            }
            #expect(shards.count >= min(minimum, Self.expectedDays(from, to).count * max(ids.count, 1)))
            for shard in shards { #expect(shard.range.from.month == shard.range.to.month) }
        }
    }
}
