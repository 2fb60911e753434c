import Foundation
import WorkplaceModel

/// Recognises the shape of an input file and reads its records straight from the bytes.
///
/// Its jobs live in one file each: ``decode()`` and the top-level shapes in `InputShape.swift`, a
/// snapshot's header in `SnapshotHeader.swift`, the items in `ItemReader.swift`, the workplaces and
/// their names in `WorkplaceNaming.swift`, exact whole numbers in `ExactInteger.swift`, and the id
/// lookup in `ByteKeyTable.swift`.
///
/// Records go into an ``AccessDataset`` without a tree in between. Workplace ids are looked up by
/// their bytes, dates by their ten characters, and a record's names are decoded only when their
/// bytes differ from the last names seen for that workplace, so a million records cost little more
/// than a walk over the file.
struct InputDecoder {
    var scanner: JSONScanner
    var dataset = AccessDataset()
    /// The whole workplace's items read so far.
    var overall = OverallDataset()
    /// The blocks' items read so far (block ids as workplace ids, no names).
    var blocks = AccessDataset()
    var blockIDs = ByteKeyTable()
    /// Block items read so far.
    var blockCount = 0
    /// For a snapshot: which of its dataset arrays it has.
    var snapshotArrays: Set<DatasetKind>?
    /// Records read so far, over every page of the file.
    var recordCount = 0
    /// Called now and then with the offset below which the bytes are no longer needed.
    var release: ((Int) -> Void)?

    var ids = ByteKeyTable()
    var nameStates: [NameState] = []
    var scratch: [UInt8] = []
    var lastDateKey: (UInt64, UInt16) = (0, 0)
    var lastDate: CalendarDate?
    var dates: [DateKey: CalendarDate] = [:]

    /// The latest names of a workplace as the dataset's rule picks them, kept here so the dataset
    /// is only told once, at the end.
    struct NameState {
        var names: [LocalizedName]
        var date: CalendarDate
        var raw: [UInt8]
        var changed: Bool
    }

    struct DateKey: Hashable {
        let head: UInt64
        let tail: UInt16
    }

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        scanner = JSONScanner(bytes)
    }

    /// What the input held, once ``decode()`` has read it: a snapshot's datasets are those it has
    /// an array for; raw output always has the custom dataset, and the others when an item was of them.
    var data: WorkplaceData {
        if let arrays = snapshotArrays {
            return WorkplaceData(
                custom: arrays.contains(.custom) ? dataset : nil, overall: arrays.contains(.overall) ? overall : nil,
                blocks: arrays.contains(.blocks) ? blocks : nil)
        }
        return WorkplaceData(
            custom: dataset, overall: overall.records.isEmpty ? nil : overall, blocks: blockCount == 0 ? nil : blocks)
    }
}
