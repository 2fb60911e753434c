import Foundation

/// An open-addressing hash table from byte strings to workplace indices, so a record's id is
/// found without building a `String` for it.
struct ByteKeyTable {
    private var slots: [Int32] = Array(repeating: -1, count: 64)
    private var hashes: [UInt64] = []
    private var starts: [Int] = [0]
    private var keys: [UInt8] = []
    private var values: [Int32] = []

    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes {
            h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3
        }
        return h ^ (h >> 29)
    }

    /// The value stored for `key`, if any.
    func find(_ key: UnsafeBufferPointer<UInt8>) -> Int32? {
        let h = Self.hash(key)
        let mask = slots.count - 1
        var s = Int(truncatingIfNeeded: h) & mask
        while true {
            let e = Int(slots[s])
            if e < 0 { return nil }
            if hashes[e] == h && starts[e + 1] - starts[e] == key.count {
                let equal = keys.withUnsafeBufferPointer { k in
                    key.count == 0 || memcmp(k.baseAddress! + starts[e], key.baseAddress!, key.count) == 0
                }
                if equal { return values[e] }
            }
            s = (s + 1) & mask
        }
    }

    /// Stores `value` for a key not yet in the table.
    mutating func insert(_ key: [UInt8], value: Int32) {
        let e = values.count
        let h = key.withUnsafeBufferPointer { Self.hash($0) }
        hashes.append(h)
        keys.append(contentsOf: key)
        starts.append(keys.count)
        values.append(value)
        if values.count * 2 > slots.count {
            slots = Array(repeating: -1, count: slots.count * 2)
            for i in 0..<values.count { place(i) }
        } else {
            place(e)
        }
    }

    private mutating func place(_ e: Int) {
        let mask = slots.count - 1
        var s = Int(truncatingIfNeeded: hashes[e]) & mask
        while slots[s] >= 0 { s = (s + 1) & mask }
        slots[s] = Int32(e)
    }
}
