import WorkplaceModel

/// The whole workplace's and the blocks' datasets in the store, beside the custom workplaces.
///
/// Both live in the same `record` and `coverage` tables as the custom workplaces, under their own
/// dataset name, so commit, merge, coverage, status and verify treat them alike:
/// - `blocks` (``HistoryStore/blocks``): one record per (block id, date), the block id in the
///   workplace-id column, no names. Use the generic ``HistoryStore/commit(dataset:filter:range:records:fetchedAt:)``,
///   ``HistoryStore/merge(dataset:records:)``, ``HistoryStore/load(dataset:range:workplaceIDs:)`` and
///   ``HistoryStore/coverage(dataset:)`` with it; a `--block-id` fetch commits with the block id as its filter.
/// - `overall` (``HistoryStore/overall``): two records a day under the fixed ids ``HistoryStore/allWorkplaceID``
///   (`all_workplace.pv/uv`) and ``HistoryStore/defaultWorkplaceID`` (`default_workplace.pv/uv`).
///   ``HistoryStore/commitOverall(range:records:fetchedAt:)``, ``HistoryStore/mergeOverall(_:)`` and
///   ``HistoryStore/loadOverall(range:)`` turn them into ``OverallDataset``s and back.
extension HistoryStore {
    /// The dataset of the whole workplace's daily access data (`workplace_access_data`).
    public static let overall = "overall"
    /// The dataset of the blocks' daily access data (`workplace_block_access_data`); ids are block ids.
    public static let blocks = "blocks"
    /// The id of the `overall` record holding a day's `all_workplace` counts.
    public static let allWorkplaceID = "all_workplace"
    /// The id of the `overall` record holding a day's `default_workplace` counts.
    public static let defaultWorkplaceID = "default_workplace"

    /// The store's dataset name of a ``DatasetKind``.
    public static func datasetName(_ kind: DatasetKind) -> String {
        switch kind {
        case .custom: return customWorkplaces
        case .overall: return overall
        case .blocks: return blocks
        }
    }

    /// Stores one completed fetch of the whole workplace for `range` in one transaction: the days of
    /// `range` are replaced by `records` and the coverage table of `overall` gains the range.
    public func commitOverall(range: DateRange, records: OverallDataset, fetchedAt: Int64) throws {
        try commit(
            dataset: Self.overall, filter: nil, range: range, records: Self.pairs(records), fetchedAt: fetchedAt)
    }

    /// Stores whole-workplace days whose completeness is unknown (raw API output); coverage does not change.
    public func mergeOverall(_ records: OverallDataset) throws {
        try merge(dataset: Self.overall, records: Self.pairs(records))
    }

    /// The whole workplace's days in `range`, by date; `coverage` is left nil for the caller to set.
    /// - Throws: ``StoreError`` `.damaged` when a day has only one of its two records.
    public func loadOverall(range: DateRange) throws -> OverallDataset {
        let rows = try load(dataset: Self.overall, range: range)
        guard let all = rows.workplaceIndex(of: Self.allWorkplaceID) else {
            guard rows.records.isEmpty else { throw Self.halfDay(path, rows.records[0].date) }
            return OverallDataset()
        }
        let standard = rows.workplaceIndex(of: Self.defaultWorkplaceID)
        var result = OverallDataset()
        var i = 0
        let records = rows.records
        // Rows come by date, then id: `all_workplace` sorts before `default_workplace`.
        while i < records.count {
            guard i + 1 < records.count, records[i].workplace == all, records[i + 1].workplace == standard,
                records[i].date == records[i + 1].date
            else { throw Self.halfDay(path, records[i].date) }
            let a = records[i]
            let d = records[i + 1]
            result.records.append(
                OverallRecord(date: a.date, allPV: a.pv, allUV: a.uv, defaultPV: d.pv, defaultUV: d.uv))
            i += 2
        }
        return result
    }

    private static func halfDay(_ path: String, _ date: CalendarDate) -> StoreError {
        StoreError(
            .damaged, path: path,
            reason: "holds a whole-workplace day (\(date)) without both of its records; run history verify")
    }

    /// The whole workplace's days as records of the two fixed ids.
    static func pairs(_ data: OverallDataset) -> AccessDataset {
        var rows = AccessDataset(coverage: data.coverage)
        rows.reserveCapacity(data.records.count * 2)
        let origin = CalendarDate(dayNumber: 0)
        let all = rows.intern(allWorkplaceID, date: origin, names: [])
        let standard = rows.intern(defaultWorkplaceID, date: origin, names: [])
        for r in data.records {
            rows.append(AccessRecord(workplace: all, date: r.date, pv: r.allPV, uv: r.allUV))
            rows.append(AccessRecord(workplace: standard, date: r.date, pv: r.defaultPV, uv: r.defaultUV))
        }
        return rows
    }
}
