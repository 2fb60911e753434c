extension InputDecoder {
    // MARK: Numbers

    /// The exact value of a checked number token, when it is a whole number.
    enum ExactInteger: Equatable {
        case integer(Int64)
        case fraction
        case tooLarge
    }

    /// The exact value of a checked number: `12`, `12.0`, `1.2e1` and `120e-1` are all 12; `12.5` is a fraction.
    static func exactInteger(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> ExactInteger {
        var i = range.lowerBound
        let end = range.upperBound
        // The common case: up to 18 plain digits cannot overflow.
        if end - i <= 18 {
            var value: Int64 = 0
            var k = i
            while k < end {
                let d = bytes[k] &- 0x30
                guard d < 10 else { break }
                value = value &* 10 &+ Int64(d)
                k += 1
            }
            if k == end { return .integer(value) }
        }
        let negative = bytes[i] == UInt8(ascii: "-")
        if negative { i += 1 }
        var digits: [UInt8] = []
        var exponent = 0
        var inFraction = false
        while i < end {
            let b = bytes[i]
            if b == UInt8(ascii: ".") {
                inFraction = true
            } else if b == UInt8(ascii: "e") || b == UInt8(ascii: "E") {
                i += 1
                var sign = 1
                if bytes[i] == UInt8(ascii: "-") {
                    sign = -1
                    i += 1
                } else if bytes[i] == UInt8(ascii: "+") {
                    i += 1
                }
                var e = 0
                while i < end {
                    e = min(e * 10 + Int(bytes[i] - 0x30), 1_000_000_000)
                    i += 1
                }
                exponent += sign * e
                break
            } else {
                if !(digits.isEmpty && b == 0x30) { digits.append(b - 0x30) }  // no leading zeros
                if inFraction { exponent -= 1 }
            }
            i += 1
        }
        while let last = digits.last, last == 0 {
            digits.removeLast()
            exponent += 1
        }
        if digits.isEmpty { return .integer(0) }
        if exponent < 0 { return .fraction }
        if digits.count + exponent > 19 { return .tooLarge }
        var magnitude: UInt64 = 0
        for d in digits + [UInt8](repeating: 0, count: exponent) {
            let (m, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (s, o2) = m.addingReportingOverflow(UInt64(d))
            if o1 || o2 { return .tooLarge }
            magnitude = s
        }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return .tooLarge }
            return .integer(magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude))
        }
        guard magnitude <= UInt64(Int64.max) else { return .tooLarge }
        return .integer(Int64(magnitude))
    }
}
