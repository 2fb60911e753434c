import WorkplaceModel

/// A JSON value of a message card, built in order and written compactly (no spaces, keys in the order
/// given), so the same report always gives the same bytes and the card stays small.
indirect enum CardJSON {
    case string(String)
    case integer(Int64)
    case bool(Bool)
    case array([CardJSON])
    case object([(String, CardJSON)])

    /// The compact UTF-8 text of this value.
    var bytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(8 << 10)
        write(to: &out)
        return out
    }

    private func write(to out: inout [UInt8]) {
        switch self {
        case .string(let text): JSONString.append(text, to: &out)
        case .integer(let n): out.append(contentsOf: String(n).utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                item.write(to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let fields):
            out.append(UInt8(ascii: "{"))
            for (i, (key, value)) in fields.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                JSONString.append(key, to: &out)
                out.append(UInt8(ascii: ":"))
                value.write(to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// The components (objects with a `tag`) in this value, nested ones included: what the platform
    /// counts against a card's limit of 200.
    var componentCount: Int {
        switch self {
        case .string, .integer, .bool: return 0
        case .array(let items): return items.reduce(0) { $0 + $1.componentCount }
        case .object(let fields):
            let own = fields.contains { $0.0 == "tag" } ? 1 : 0
            return own + fields.reduce(0) { $0 + $1.1.componentCount }
        }
    }
}
