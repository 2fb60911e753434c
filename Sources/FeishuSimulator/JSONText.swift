/// Writes the seed's JSON by hand, independent of any client type.
enum JSONText {
    /// `text` as a JSON string literal: quotes, backslashes and control characters escaped, and, as Go's
    /// `encoding/json` (the platform's likely encoder) does, `<`, `>`, `&`, U+2028 and U+2029 as `\u` escapes.
    static func string(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _
            where scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029 || scalar == "<"
                || scalar == ">" || scalar == "&":
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// `{"code":…,"msg":…,"error":{"log_id":…}}`, the shape of every failed answer.
    static func failure(code: Int, message: String, logID: String) -> String {
        "{\"code\":\(code),\"msg\":\(string(message)),\"error\":{\"log_id\":\(string(logID))}}"
    }

    /// A search page in the seed's wire format.
    static func page(_ records: ArraySlice<SimulatedRecord>, hasMore: Bool, pageToken: String?) -> String {
        var out = "{\"code\":0,\"msg\":\"success\",\"data\":{\"items\":["
        var first = true
        for r in records {
            if !first { out += "," }
            first = false
            out += "{\"custom_workplace_id\":\(string(r.workplaceID)),"
            out += "\"access_data\":{\"pv\":\(r.pv),\"uv\":\(r.uv)},"
            out += "\"date\":\"\(r.day)\",\"custom_workplace_name\":["
            out += r.names.map { "{\"language\":\(string($0.language)),\"name\":\(string($0.name))}" }
                .joined(separator: ",")
            out += "]}"
        }
        out += "],\"has_more\":\(hasMore)"
        if let pageToken { out += ",\"page_token\":\(string(pageToken))" }
        return out + "}}"
    }

    /// A page of `workplace_access_data/search`.
    static func overallPage(_ days: ArraySlice<SimulatedOverallDay>, hasMore: Bool, pageToken: String?) -> String {
        var out = "{\"code\":0,\"msg\":\"success\",\"data\":{\"items\":["
        out += days.map { d in
            "{\"date\":\"\(d.day)\",\"all_workplace\":{\"pv\":\(d.allPV),\"uv\":\(d.allUV)},"
                + "\"default_workplace\":{\"pv\":\(d.defaultPV),\"uv\":\(d.defaultUV)}}"
        }.joined(separator: ",")
        out += "],\"has_more\":\(hasMore)"
        if let pageToken { out += ",\"page_token\":\(string(pageToken))" }
        return out + "}}"
    }

    /// A page of `workplace_block_access_data/search`.
    static func blockPage(_ records: ArraySlice<SimulatedBlockRecord>, hasMore: Bool, pageToken: String?) -> String {
        var out = "{\"code\":0,\"msg\":\"success\",\"data\":{\"items\":["
        out += records.map { r in
            "{\"date\":\"\(r.day)\",\"block_id\":\(string(r.blockID)),"
                + "\"access_data\":{\"pv\":\(r.pv),\"uv\":\(r.uv)}}"
        }.joined(separator: ",")
        out += "],\"has_more\":\(hasMore)"
        if let pageToken { out += ",\"page_token\":\(string(pageToken))" }
        return out + "}}"
    }
}
