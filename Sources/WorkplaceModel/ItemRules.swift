/// The rules an access-data item must meet to become a record.
///
/// Each broken rule has one message (``ItemProblem``). The API client and the file reader both
/// check items with these.
public enum ItemRules {
    /// Checks a workplace id given its length in UTF-8 bytes (nil when the item has none).
    @inlinable
    public static func checkWorkplaceID(byteCount: Int?) throws(ItemProblem) {
        guard let byteCount else { throw .missing(.workplaceID) }
        guard byteCount > 0 else { throw .emptyWorkplaceID }
    }

    /// The day of a `date` text: a strict `yyyy-MM-dd` calendar date.
    public static func date(_ text: String?) throws(ItemProblem) -> CalendarDate {
        guard let text else { throw .missing(.date) }
        guard let date = CalendarDate(iso: text) else { throw .notACalendarDate(text) }
        return date
    }

    /// A checked count (pv or uv): a whole number from 0 to `Int64.max`.
    @inlinable
    public static func count(_ value: ItemCount, _ field: ItemField) throws(ItemProblem) -> Int64 {
        switch value {
        case .integer(let n):
            guard n >= 0 else { throw .badCount(field, .negative(String(n))) }
            return n
        case .negative(let text): throw .badCount(field, .negative(text))
        case .fraction(let text): throw .badCount(field, .fraction(text))
        case .tooLarge(let text): throw .badCount(field, .tooLarge(text))
        case .null: throw .badCount(field, .null)
        case .notANumber: throw .wrongType(field)
        }
    }

    /// The two counts of an item, once each has been checked with ``count(_:_:)``.
    @inlinable
    public static func counts(hasAccessData: Bool, pv: Int64?, uv: Int64?) throws(ItemProblem) -> (pv: Int64, uv: Int64)
    {
        guard hasAccessData else { throw .missing(.accessData) }
        guard let pv else { throw .missing(.pv) }
        guard let uv else { throw .missing(.uv) }
        return (pv, uv)
    }

    /// One checked entry of `custom_workplace_name`: both its language and its name are required.
    public static func name(language: String?, name: String?, at index: Int) throws(ItemProblem) -> LocalizedName {
        guard let language else { throw .badName(index: index, .noLanguage) }
        guard let name else { throw .badName(index: index, .noName) }
        return LocalizedName(language: language, name: name)
    }
}

/// A field of an access-data item, by its name in the API.
public enum ItemField: String, Sendable, Hashable {
    case workplaceID = "custom_workplace_id"
    case date = "date"
    case accessData = "access_data"
    case pv = "access_data.pv"
    case uv = "access_data.uv"
    case names = "custom_workplace_name"
    /// `block_id` of a `workplace_block_access_data` item.
    case blockID = "block_id"
    /// `all_workplace` of a `workplace_access_data` item, and its counts.
    case allWorkplace = "all_workplace"
    case allPV = "all_workplace.pv"
    case allUV = "all_workplace.uv"
    /// `default_workplace` of a `workplace_access_data` item, and its counts.
    case defaultWorkplace = "default_workplace"
    case defaultPV = "default_workplace.pv"
    case defaultUV = "default_workplace.uv"

    /// What the field must be, for a message about a value of the wrong type.
    var expected: String {
        switch self {
        case .workplaceID, .blockID: return "a string"
        case .date: return "a yyyy-MM-dd string"
        case .accessData, .allWorkplace, .defaultWorkplace: return "an object"
        case .pv, .uv, .allPV, .allUV, .defaultPV, .defaultUV: return "a number"
        case .names: return "an array of {language, name}"
        }
    }
}

/// A count as it was read, before ``ItemRules/count(_:_:)`` checks it.
public enum ItemCount: Sendable, Hashable {
    /// A whole number that fits in an `Int64`.
    case integer(Int64)
    /// A negative number, as written (when the reader did not turn it into an integer).
    case negative(String)
    /// A number with a fractional part, as written.
    case fraction(String)
    /// A whole number larger than `Int64.max`, as written.
    case tooLarge(String)
    /// `null`.
    case null
    /// A value that is not a number (a string, an object …).
    case notANumber
}

/// Why an item is not a valid record, phrased the same whichever way it arrived.
public enum ItemProblem: Error, Sendable, Hashable, CustomStringConvertible {
    /// What a bad count is.
    public enum Count: Sendable, Hashable {
        case null
        case negative(String)
        case fraction(String)
        case tooLarge(String)
    }

    /// What is wrong with one entry of `custom_workplace_name`.
    public enum Name: Sendable, Hashable {
        case notAnObject
        case languageNotAString
        case nameNotAString
        case noLanguage
        case noName
    }

    /// The item is not an object; `found` describes what it is.
    case notAnObject(found: String)
    /// A required field is absent.
    case missing(ItemField)
    /// A field holds a value of the wrong type.
    case wrongType(ItemField)
    /// `custom_workplace_id` is the empty string.
    case emptyWorkplaceID
    /// `date` is a string but not a strict `yyyy-MM-dd` calendar date.
    case notACalendarDate(String)
    /// A count is not a whole number from 0.
    case badCount(ItemField, Count)
    /// Entry `index` of `custom_workplace_name` is unusable.
    case badName(index: Int, Name)

    /// The message, without the item's place (the caller adds `record 3: ` or `item 2 `).
    public var description: String {
        switch self {
        case .notAnObject(let found): return "expected an item object but found \(found)"
        case .missing(let field): return "\(field.rawValue) is missing"
        case .wrongType(let field): return "\(field.rawValue) must be \(field.expected)"
        case .emptyWorkplaceID: return "custom_workplace_id is empty"
        case .notACalendarDate(let text): return "date \"\(text)\" is not a yyyy-MM-dd calendar date"
        case .badCount(let field, .null): return "\(field.rawValue) is null; counts must be whole numbers from 0"
        case .badCount(let field, .negative(let text)): return "\(field.rawValue) is \(text); counts cannot be negative"
        case .badCount(let field, .fraction(let text)):
            return "\(field.rawValue) is \(text); counts must be whole numbers"
        case .badCount(let field, .tooLarge(let text)):
            return "\(field.rawValue) is \(text), larger than the largest count (\(Int64.max))"
        case .badName(let index, let problem):
            let entry = "\(ItemField.names.rawValue)[\(index)]"
            switch problem {
            case .notAnObject: return "\(entry) must be an object {language, name}"
            case .languageNotAString: return "\(entry) language must be a string"
            case .nameNotAString: return "\(entry) name must be a string"
            case .noLanguage: return "\(entry) has no language"
            case .noName: return "\(entry) has no name"
            }
        }
    }
}
