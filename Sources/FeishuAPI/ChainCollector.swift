import Foundation
import WorkplaceModel

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// What one endpoint's page chains collect, and how its items become records.
protocol ChainCollector: SendableMetatype {
    /// One item of the endpoint's `data.items`.
    associatedtype Element: Decodable
    /// A chain's (and the whole fetch's) records.
    associatedtype Output: Sendable
    /// An empty output for `shard`.
    static func empty(_ shard: FetchShard) -> Output
    /// The records in `output`.
    static func count(_ output: Output) -> Int
    /// Checks `item` and adds it to `output`; false when it lies outside the shard's days or id (a stray).
    static func add(_ item: Element, shard: FetchShard, to output: inout Output) throws(WireItemProblem) -> Bool
    /// The chains' outputs joined in shard order, covering `coverage`.
    static func merge(_ parts: [Output], coverage: DateRange) -> Output
}

/// `custom_workplace_access_data`: records with workplace names.
enum CustomCollector: ChainCollector {
    static func empty(_ shard: FetchShard) -> AccessDataset { AccessDataset(coverage: shard.range) }
    static func count(_ output: AccessDataset) -> Int { output.records.count }

    static func add(_ item: Wire.Item, shard: FetchShard, to output: inout AccessDataset) throws(WireItemProblem)
        -> Bool
    {
        let checked: Wire.CheckedItem
        do throws(ItemProblem) {
            checked = try item.checked()
        } catch {
            throw WireItemProblem(error.description)
        }
        guard shard.range.contains(checked.date), shard.workplaceID == nil || shard.workplaceID == checked.id else {
            return false
        }
        output.append(
            workplaceID: checked.id, date: checked.date, pv: checked.pv, uv: checked.uv, names: checked.names)
        return true
    }

    static func merge(_ parts: [AccessDataset], coverage: DateRange) -> AccessDataset {
        var dataset = AccessDataset(coverage: coverage)
        dataset.reserveCapacity(parts.reduce(0) { $0 + $1.records.count })
        for part in parts { dataset.append(contentsOf: part) }
        dataset.coverage = coverage
        return dataset
    }
}

/// `workplace_access_data`: one record a day.
enum OverallCollector: ChainCollector {
    static func empty(_ shard: FetchShard) -> OverallDataset { OverallDataset(coverage: shard.range) }
    static func count(_ output: OverallDataset) -> Int { output.records.count }

    static func add(_ item: Wire.OverallItem, shard: FetchShard, to output: inout OverallDataset)
        throws(WireItemProblem) -> Bool
    {
        let record = try item.checked()
        guard shard.range.contains(record.date) else { return false }
        output.records.append(record)
        return true
    }

    static func merge(_ parts: [OverallDataset], coverage: DateRange) -> OverallDataset {
        OverallDataset(records: parts.flatMap(\.records), coverage: coverage)
    }
}

/// `workplace_block_access_data`: records whose workplace ids are block ids, without names.
enum BlockCollector: ChainCollector {
    static func empty(_ shard: FetchShard) -> AccessDataset { AccessDataset(coverage: shard.range) }
    static func count(_ output: AccessDataset) -> Int { output.records.count }

    static func add(_ item: Wire.BlockItem, shard: FetchShard, to output: inout AccessDataset)
        throws(WireItemProblem) -> Bool
    {
        let checked = try item.checked()
        guard shard.range.contains(checked.date), shard.workplaceID == nil || shard.workplaceID == checked.id else {
            return false
        }
        output.append(workplaceID: checked.id, date: checked.date, pv: checked.pv, uv: checked.uv, names: [])
        return true
    }

    static func merge(_ parts: [AccessDataset], coverage: DateRange) -> AccessDataset {
        CustomCollector.merge(parts, coverage: coverage)
    }
}
