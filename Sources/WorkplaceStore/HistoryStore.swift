import Foundation
import GRDB
import WorkplaceModel

/// Which API host and app a store holds the data of.
///
/// A store serves one tenant: a run with another
/// host or app id is refused, so two tenants' records never mix. No token or secret is ever stored.
public struct StoreTenant: Hashable, Sendable, CustomStringConvertible {
    /// The API host and port (`open.feishu.cn`, `127.0.0.1:8080`).
    public var apiHost: String
    /// The app id (`cli_…`), or nil when the run used a tenant access token (only the host is checked).
    public var appID: String?

    /// Creates a tenant.
    public init(apiHost: String, appID: String?) {
        self.apiHost = apiHost
        self.appID = appID
    }

    /// `open.feishu.cn (app cli_…)`.
    public var description: String {
        appID.map { "\(apiHost) (app \($0))" } ?? "\(apiHost) (no app id)"
    }
}

/// What `history status` says about one dataset.
public struct DatasetStatus: Hashable, Sendable {
    /// The dataset (`custom_workplace`).
    public var dataset: String
    /// The first and last day covered for every workplace, or nil when none is.
    public var first: CalendarDate?
    /// The last day covered for every workplace.
    public var last: CalendarDate?
    /// The days between ``first`` and ``last`` that were never fetched for every workplace.
    public var holes: [DateRange]
    /// Stored daily records.
    public var records: Int
    /// When the latest fetch of this dataset finished (seconds since 1970), or nil.
    public var lastFetchedAt: Int64?
    /// Workplaces fetched alone (`--workplace-id`) and the days covered for each.
    public var filtered: [String: [DateRange]]
}

/// What `history verify` found.
public struct VerifyResult: Sendable {
    /// SQLite's `integrity_check` lines other than `ok`.
    public var integrity: [String]
    /// Coverage rows or records that break the store's rules (bad dates, negative counts, unknown names).
    public var problems: [String]
    /// Records on days the coverage table does not list (imported from raw API output): allowed, counted.
    public var recordsOutsideCoverage: Int
    /// Records and coverage rows checked.
    public var records: Int
    /// Coverage rows checked.
    public var coverageRows: Int

    /// True when nothing is wrong.
    public var isClean: Bool { integrity.isEmpty && problems.isEmpty }
}

/// The history store: daily records keyed by (dataset, workplace id, date), and what was fetched when.
///
/// It keeps the records of every dataset the fetch stage knows, with the names of each workplace, and
/// the coverage table of what was fetched completely and when. SQLite in WAL mode through GRDB, with a busy timeout, so runs that
/// overlap (cron and a manual run) both finish; every write is one short `IMMEDIATE` transaction.
public final class HistoryStore: Sendable {
    /// The value of `meta.format` that marks a file as a store.
    public static let format = "workplace-report-history"
    /// The schema this version writes; a store with a later one is refused.
    public static let schemaVersion = 2
    /// The dataset of the custom-workplace access data (issue 14 adds more).
    public static let customWorkplaces = "custom_workplace"
    /// How long a run waits for another run's transaction before giving up (seconds).
    public static let defaultBusyTimeout: TimeInterval = 60

    /// The path as given.
    public let path: String
    private let queue: DatabaseQueue

    private init(path: String, queue: DatabaseQueue) {
        self.path = path
        self.queue = queue
    }

    // MARK: Opening

    /// Opens the store at `path`, creating it when it does not exist and `create` is true.
    ///
    /// A file that is not a store (another SQLite database, any other file, an empty one) is refused
    /// and never written to; a damaged one is refused; a store of a newer schema is refused, an older one
    /// migrated. A new store is built under a temporary name and linked into place, so a killed run
    /// never leaves a half-made store, and two runs creating one store at once end with one.
    /// - Throws: ``StoreError``.
    public static func open(
        path: String, create: Bool, busyTimeout: TimeInterval = defaultBusyTimeout
    ) throws -> HistoryStore {
        if !FileManager.default.fileExists(atPath: path) {
            guard create else {
                throw StoreError(
                    .missing, path: path, reason: "no such file (a store is made by fetch or report --store)")
            }
            try makeNew(at: path, busyTimeout: busyTimeout)
        }
        try checkHeader(path)
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration(busyTimeout: busyTimeout))
        } catch {
            throw map(error, path: path)
        }
        let store = HistoryStore(path: path, queue: queue)
        try store.checkAndMigrate()
        return store
    }

    private static func configuration(busyTimeout: TimeInterval) -> Configuration {
        var config = Configuration()
        config.busyMode = .timeout(busyTimeout)
        config.label = "history-store"
        return config
    }

    /// The 16 bytes every SQLite 3 database starts with.
    private static let sqliteHeader = Array("SQLite format 3\0".utf8)

    private static func checkHeader(_ path: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw StoreError(.cannotWrite, path: path, reason: "the file cannot be read")
        }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 100)) ?? Data()
        guard head.count == 100, Array(head.prefix(16)) == sqliteHeader else {
            throw StoreError(
                .notAStore, path: path, reason: "is not a history store (not an SQLite database); it was left as it is")
        }
    }

    private static func makeNew(at path: String, busyTimeout: TimeInterval) throws {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).new-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
            .path
        defer {
            for suffix in ["", "-wal", "-shm", "-journal"] { unlink(temporary + suffix) }
        }
        do {
            var config = configuration(busyTimeout: busyTimeout)
            config.journalMode = .wal
            let queue = try DatabaseQueue(path: temporary, configuration: config)
            try migrator.migrate(queue)
            try queue.close()
        } catch {
            throw StoreError(
                .cannotWrite, path: path, reason: "cannot be created: \(describe(error))")
        }
        // link(2) never replaces a file: when another run made the store first, its store is used.
        if link(temporary, path) != 0, errno != EEXIST {
            throw StoreError(.cannotWrite, path: path, reason: "cannot be created: \(String(cString: strerror(errno)))")
        }
    }

    /// The schema, one migration per version; each sets `meta.schema_version`.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);
                    CREATE TABLE name_set (id INTEGER PRIMARY KEY, names TEXT NOT NULL UNIQUE);
                    CREATE TABLE record (
                        dataset TEXT NOT NULL, workplace_id TEXT NOT NULL, date TEXT NOT NULL,
                        pv INTEGER NOT NULL, uv INTEGER NOT NULL, names INTEGER REFERENCES name_set(id),
                        PRIMARY KEY (dataset, workplace_id, date)) WITHOUT ROWID;
                    CREATE TABLE coverage (
                        id INTEGER PRIMARY KEY, dataset TEXT NOT NULL, filter TEXT NOT NULL,
                        first TEXT NOT NULL, last TEXT NOT NULL, fetched_at INTEGER NOT NULL);
                    CREATE INDEX coverage_by_dataset ON coverage (dataset, filter);
                    """)
            try db.execute(
                sql: "INSERT INTO meta (key, value) VALUES ('format', ?), ('schema_version', '1')",
                arguments: [format])
        }
        // v2: reading a period across every workplace goes by date.
        migrator.registerMigration("v2") { db in
            try db.execute(sql: "CREATE INDEX record_by_date ON record (dataset, date)")
            try db.execute(sql: "UPDATE meta SET value = '2' WHERE key = 'schema_version'")
        }
        return migrator
    }

    private func checkAndMigrate() throws {
        try guarded {
            let superseded: Bool = try queue.read { db in
                guard try db.tableExists("meta"),
                    try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'format'") == Self.format
                else {
                    throw StoreError(
                        .notAStore, path: path,
                        reason: "is an SQLite database but not a workplace-report history store; it was left as it is")
                }
                let version =
                    try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'schema_version'")
                    .flatMap { Int($0) } ?? 0
                if version > Self.schemaVersion { return true }
                return try Self.migrator.hasBeenSuperseded(db)
            }
            if superseded {
                let version = try queue.read { db in
                    try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'schema_version'") ?? "?"
                }
                throw StoreError(
                    .newerSchema, path: path,
                    reason:
                        "was written by a newer workplace-report (schema \(version); this one knows up to \(Self.schemaVersion)); upgrade the tool"
                )
            }
            try Self.migrator.migrate(queue)
        }
    }

    /// Runs `body`, turning SQLite's errors into ``StoreError``s naming this store.
    private func guarded<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw Self.map(error, path: path)
        }
    }

    private static func map(_ error: any Error, path: String) -> any Error {
        if error is StoreError { return error }
        guard let db = error as? DatabaseError else { return error }
        switch db.resultCode {
        case .SQLITE_CORRUPT, .SQLITE_NOTADB, .SQLITE_FORMAT:
            return StoreError(.damaged, path: path, reason: "is damaged (\(describe(error))); it was left as it is")
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return StoreError(
                .busy, path: path,
                reason: "is locked by another run for more than \(Int(defaultBusyTimeout)) s; try again")
        default:
            return StoreError(.cannotWrite, path: path, reason: "cannot be used: \(describe(error))")
        }
    }

    private static func describe(_ error: any Error) -> String {
        if let db = error as? DatabaseError { return db.message ?? "SQLite error \(db.resultCode.rawValue)" }
        return String(describing: error)
    }

    /// Closes the database; the store must not be used afterwards.
    public func close() throws {
        try guarded { try queue.close() }
    }

    // MARK: Tenant

    /// The tenant the store was made for, or nil when no fetch or import has claimed it yet.
    public func tenant() throws -> StoreTenant? {
        try guarded {
            try queue.read { db in try Self.readTenant(db) }
        }
    }

    /// The API origin the store's data was fetched from, as the first fetch gave it.
    public func baseURL() throws -> String? {
        try guarded {
            try queue.read { db in try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'base_url'") }
        }
    }

    private static func readTenant(_ db: Database) throws -> StoreTenant? {
        guard let host = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'api_host'") else {
            return nil
        }
        let app = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'app_id'")
        return StoreTenant(apiHost: host, appID: app)
    }

    /// Records `tenant` as the store's when it has none; otherwise checks that it is the same: the same
    /// host, and the same app id when both are known (a run with a token is checked by its host).
    /// - Throws: ``StoreError`` of kind ``StoreError/Kind/otherTenant`` naming both.
    public func claim(_ tenant: StoreTenant, baseURL: String) throws {
        try write { db in
            if let own = try Self.readTenant(db) {
                let sameApp = own.appID == nil || tenant.appID == nil || own.appID == tenant.appID
                guard own.apiHost == tenant.apiHost, sameApp else {
                    throw StoreError(
                        .otherTenant, path: self.path,
                        reason: "was made for \(own); this run uses \(tenant); use another --store file")
                }
                if own.appID == nil, let app = tenant.appID {
                    try db.execute(sql: "INSERT INTO meta (key, value) VALUES ('app_id', ?)", arguments: [app])
                }
                return
            }
            try db.execute(
                sql: "INSERT INTO meta (key, value) VALUES ('api_host', ?), ('base_url', ?)",
                arguments: [tenant.apiHost, baseURL])
            if let app = tenant.appID {
                try db.execute(sql: "INSERT INTO meta (key, value) VALUES ('app_id', ?)", arguments: [app])
            }
        }
    }

    // MARK: Writing

    private func write<T>(_ body: @escaping (Database) throws -> T) throws -> T {
        try guarded {
            try queue.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    return .commit
                }
                return result!
            }
        }
    }

    /// Stores one completed page chain in one transaction.
    ///
    /// The records of `range` (of `filter`'s workplace, or of every workplace) are replaced by
    /// `records`, and the coverage table gains the range. A day of the range without a record is thereby known to be zero.
    public func commit(
        dataset: String, filter: String?, range: DateRange, records: AccessDataset, fetchedAt: Int64
    ) throws {
        try write { db in
            if let filter {
                try db.execute(
                    sql: "DELETE FROM record WHERE dataset = ? AND workplace_id = ? AND date BETWEEN ? AND ?",
                    arguments: [dataset, filter, range.from.description, range.to.description])
            } else {
                try db.execute(
                    sql: "DELETE FROM record WHERE dataset = ? AND date BETWEEN ? AND ?",
                    arguments: [dataset, range.from.description, range.to.description])
            }
            try Self.insert(records, dataset: dataset, only: range, workplace: filter, db: db)
            try db.execute(
                sql: "INSERT INTO coverage (dataset, filter, first, last, fetched_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [dataset, filter ?? "", range.from.description, range.to.description, fetchedAt])
        }
    }

    /// Stores records whose days are not known to be complete (raw API output): each replaces the
    /// stored record of its (workplace, date); the coverage table does not change.
    public func merge(dataset: String, records: AccessDataset) throws {
        try write { db in try Self.insert(records, dataset: dataset, only: nil, workplace: nil, db: db) }
    }

    private static func insert(
        _ data: AccessDataset, dataset: String, only range: DateRange?, workplace filter: String?, db: Database
    ) throws {
        let statement = try db.cachedStatement(
            sql: "INSERT OR REPLACE INTO record (dataset, workplace_id, date, pv, uv, names) VALUES (?, ?, ?, ?, ?, ?)")
        var nameIDs: [Int32: Int64?] = [:]
        for (w, workplace) in data.workplaces.enumerated() where !workplace.names.isEmpty {
            nameIDs[Int32(w)] = try nameSetID(workplace.names, db: db)
        }
        var dates: [CalendarDate: String] = [:]
        for record in data.records {
            if let range, !range.contains(record.date) { continue }
            let workplace = data.workplaces[Int(record.workplace)]
            if let filter, workplace.id != filter { continue }
            // The names travel with the record they came from (the workplace's latest dated one).
            let names = record.date == workplace.namesDate ? nameIDs[record.workplace] ?? nil : nil
            let date: String
            if let known = dates[record.date] {
                date = known
            } else {
                date = record.date.description
                dates[record.date] = date
            }
            try statement.execute(arguments: [dataset, workplace.id, date, record.pv, record.uv, names])
        }
    }

    private static func nameSetID(_ names: [LocalizedName], db: Database) throws -> Int64 {
        let text = encodeNames(names)
        try db.execute(sql: "INSERT OR IGNORE INTO name_set (names) VALUES (?)", arguments: [text])
        guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM name_set WHERE names = ?", arguments: [text]) else {
            throw StoreError(.damaged, path: db.description, reason: "a name set vanished while it was written")
        }
        return id
    }

    /// Names as JSON: `[["zh_cn","名称"],["en_us","Name"]]`, in the order the API gave them.
    static func encodeNames(_ names: [LocalizedName]) -> String {
        "[" + names.map { "[\(JSONString.literal($0.language)),\(JSONString.literal($0.name))]" }.joined(separator: ",")
            + "]"
    }

    /// The names ``encodeNames(_:)`` wrote, or nil for text that is not such a list.
    static func decodeNames(_ text: String) -> [LocalizedName]? {
        guard let pairs = try? JSONDecoder().decode([[String]].self, from: Data(text.utf8)),
            pairs.allSatisfy({ $0.count == 2 })
        else { return nil }
        return pairs.map { LocalizedName(language: $0[0], name: $0[1]) }
    }

    // MARK: Reading

    /// Every coverage row of `dataset`, in the order they were written.
    public func coverage(dataset: String) throws -> [CoverageEntry] {
        try guarded {
            try queue.read { db in try Self.readCoverage(db, dataset: dataset, path: self.path) }
        }
    }

    private static func readCoverage(_ db: Database, dataset: String, path: String) throws -> [CoverageEntry] {
        var entries: [CoverageEntry] = []
        let rows = try Row.fetchCursor(
            db, sql: "SELECT filter, first, last, fetched_at FROM coverage WHERE dataset = ? ORDER BY id",
            arguments: [dataset])
        while let row = try rows.next() {
            let filter: String = row[0]
            guard let from = CalendarDate(iso: row[1] as String), let to = CalendarDate(iso: row[2] as String),
                let range = DateRange(from: from, to: to)
            else {
                throw StoreError(
                    .damaged, path: path, reason: "holds a coverage row that is not a range of days; run history verify"
                )
            }
            entries.append(CoverageEntry(filter: filter.isEmpty ? nil : filter, range: range, fetchedAt: row[3]))
        }
        return entries
    }

    /// The records of `dataset` in `range` (only `workplaceIDs`' when given), by date then id, with
    /// the names they were stored with; `coverage` is left nil for the caller to set.
    public func load(dataset: String, range: DateRange, workplaceIDs: [String] = []) throws -> AccessDataset {
        try guarded {
            try queue.read { db in
                var sql =
                    "SELECT workplace_id, date, pv, uv, names FROM record WHERE dataset = ? AND date BETWEEN ? AND ?"
                var arguments: StatementArguments = [dataset, range.from.description, range.to.description]
                if !workplaceIDs.isEmpty {
                    sql += " AND workplace_id IN (" + workplaceIDs.map { _ in "?" }.joined(separator: ",") + ")"
                    arguments += StatementArguments(workplaceIDs)
                }
                sql += " ORDER BY date, workplace_id"
                var names: [Int64: [LocalizedName]] = [:]
                for row in try Row.fetchAll(db, sql: "SELECT id, names FROM name_set") {
                    let text: String = row[1]
                    guard let decoded = Self.decodeNames(text) else {
                        throw StoreError(
                            .damaged, path: self.path, reason: "holds a name set that is not valid; run history verify")
                    }
                    names[row[0]] = decoded
                }
                var data = AccessDataset()
                var dates: [String: CalendarDate] = [:]
                let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
                while let row = try rows.next() {
                    let dateText: String = row[1]
                    let date: CalendarDate
                    if let known = dates[dateText] {
                        date = known
                    } else {
                        guard let parsed = CalendarDate(iso: dateText) else {
                            throw StoreError(
                                .damaged, path: self.path,
                                reason: "holds a record dated '\(dateText)'; run history verify")
                        }
                        date = parsed
                        dates[dateText] = parsed
                    }
                    let nameID: Int64? = row[4]
                    data.append(
                        workplaceID: row[0], date: date, pv: row[2], uv: row[3],
                        names: nameID.flatMap { names[$0] } ?? [])
                }
                return data
            }
        }
    }

    // MARK: Status and verification

    /// Per dataset: the days covered, the holes, the records, the last fetch.
    public func status() throws -> [DatasetStatus] {
        try guarded {
            try queue.read { db in
                let datasets = try String.fetchAll(
                    db, sql: "SELECT dataset FROM coverage UNION SELECT DISTINCT dataset FROM record ORDER BY 1")
                return try datasets.map { dataset in
                    let entries = try Self.readCoverage(db, dataset: dataset, path: self.path)
                    let all = Coverage.union(entries.filter { $0.filter == nil }.map(\.range))
                    var holes: [DateRange] = []
                    if let first = all.first, let last = all.last {
                        holes = Coverage.missing(DateRange(from: first.from, to: last.to)!, covered: all)
                    }
                    var filtered: [String: [DateRange]] = [:]
                    for entry in entries { if let f = entry.filter { filtered[f, default: []].append(entry.range) } }
                    for (k, v) in filtered { filtered[k] = Coverage.union(v) }
                    let records =
                        try Int.fetchOne(db, sql: "SELECT count(*) FROM record WHERE dataset = ?", arguments: [dataset])
                        ?? 0
                    return DatasetStatus(
                        dataset: dataset, first: all.first?.from, last: all.last?.to, holes: holes, records: records,
                        lastFetchedAt: entries.map(\.fetchedAt).max(), filtered: filtered)
                }
            }
        }
    }

    /// SQLite's integrity check, then the coverage table and the records against the store's rules.
    public func verify() throws -> VerifyResult {
        try guarded {
            try queue.read { db in
                let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check").filter { $0 != "ok" }
                var problems: [String] = []
                var coverageByDataset: [String: [CoverageEntry]] = [:]
                var coverageRows = 0
                let rows = try Row.fetchCursor(
                    db, sql: "SELECT id, dataset, filter, first, last FROM coverage ORDER BY id")
                while let row = try rows.next() {
                    coverageRows += 1
                    let id: Int64 = row[0]
                    guard let from = CalendarDate(iso: row[3] as String), let to = CalendarDate(iso: row[4] as String),
                        let range = DateRange(from: from, to: to)
                    else {
                        problems.append("coverage row \(id) is not a range of days")
                        continue
                    }
                    let filter: String = row[2]
                    coverageByDataset[row[1], default: []].append(
                        CoverageEntry(filter: filter.isEmpty ? nil : filter, range: range, fetchedAt: 0))
                }
                var covered: [String: [DateRange]] = [:]
                var coveredFor: [String: [String: [DateRange]]] = [:]
                for (dataset, entries) in coverageByDataset {
                    covered[dataset] = Coverage.union(entries.filter { $0.filter == nil }.map(\.range))
                    var byFilter: [String: [DateRange]] = [:]
                    for entry in entries { if let f = entry.filter { byFilter[f, default: []].append(entry.range) } }
                    coveredFor[dataset] = byFilter.mapValues(Coverage.union)
                }
                let nameSets = Set(try Int64.fetchAll(db, sql: "SELECT id FROM name_set"))
                for row in try Row.fetchAll(db, sql: "SELECT id, names FROM name_set") {
                    if Self.decodeNames(row[1]) == nil {
                        problems.append("name set \(row[0] as Int64) is not a list of names")
                    }
                }
                var outside = 0
                var records = 0
                let recordRows = try Row.fetchCursor(
                    db, sql: "SELECT dataset, workplace_id, date, pv, uv, names FROM record")
                while let row = try recordRows.next() {
                    records += 1
                    let dataset: String = row[0]
                    let id: String = row[1]
                    guard let date = CalendarDate(iso: row[2] as String) else {
                        if problems.count < 20 { problems.append("record \(id) has the date '\(row[2] as String)'") }
                        continue
                    }
                    if (row[3] as Int64) < 0 || (row[4] as Int64) < 0 {
                        if problems.count < 20 { problems.append("record \(id) \(date) has a negative PV or UV") }
                    }
                    if let n = row[5] as Int64?, !nameSets.contains(n) {
                        if problems.count < 20 { problems.append("record \(id) \(date) names a missing name set") }
                    }
                    let inAll = Self.contains(covered[dataset] ?? [], date)
                    if !inAll && !Self.contains(coveredFor[dataset]?[id] ?? [], date) { outside += 1 }
                }
                // A day of the whole workplace is two records, `all_workplace` and `default_workplace`: one
                // alone is damage that reading the day refuses.
                let halfDays = try String.fetchAll(
                    db,
                    sql: """
                        SELECT date FROM record WHERE dataset = ? GROUP BY date
                        HAVING COUNT(*) <> 2 OR SUM(workplace_id IN (?, ?)) <> 2 ORDER BY date LIMIT 20
                        """,
                    arguments: [Self.overall, Self.allWorkplaceID, Self.defaultWorkplaceID])
                for date in halfDays where problems.count < 20 {
                    problems.append("the whole-workplace day \(date) does not have both of its records")
                }
                return VerifyResult(
                    integrity: integrity, problems: problems, recordsOutsideCoverage: outside, records: records,
                    coverageRows: coverageRows)
            }
        }
    }

    private static func contains(_ ranges: [DateRange], _ date: CalendarDate) -> Bool {
        var lo = 0
        var hi = ranges.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if ranges[mid].to < date { lo = mid + 1 } else { hi = mid }
        }
        return lo < ranges.count && ranges[lo].contains(date)
    }

    /// The size of the store's files in bytes (the database and its write-ahead log).
    public func fileSize() -> Int64 {
        ["", "-wal"].reduce(0) { total, suffix in
            let size = (try? FileManager.default.attributesOfItem(atPath: path + suffix)[.size] as? NSNumber)?
                .int64Value
            return total + (size ?? 0)
        }
    }
}
