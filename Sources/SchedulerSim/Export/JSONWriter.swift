/// A small JSON document model and writer, without Foundation: keys keep the order they are given
/// in, strings are escaped per RFC 8259 (control characters as `\n`, `\t`, … or `\u00XX`; U+2028
/// and U+2029 escaped too so the text is also valid JavaScript; other non-ASCII kept as UTF-8),
/// numbers are written from integers or preformatted decimal text, never from a `Double`.
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int64)
    /// A number already written as JSON text (e.g. `TimeFormat.seconds`).
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        JSONWriter.compact(a) == JSONWriter.compact(b)
    }

    public static func int(_ v: Int) -> JSONValue { .int(Int64(v)) }
    /// Microseconds as seconds (`3.0`, `0.0015`).
    public static func seconds(_ us: Micros) -> JSONValue { .number(TimeFormat.seconds(us)) }
    public static func optional(_ s: String?) -> JSONValue { s.map { .string($0) } ?? .null }

    var isContainer: Bool {
        switch self {
        case .array, .object: true
        default: false
        }
    }
}

public enum JSONWriter {
    /// One line: `{"a": 1, "b": [1, 2]}`.
    public static func compact(_ v: JSONValue) -> String {
        var out = ""
        writeCompact(v, into: &out)
        return out
    }

    /// The layout of the exports: the top-level object one key per line; a list of objects or
    /// lists one item per line; everything else compact. Ends with a newline.
    public static func document(_ v: JSONValue) -> String {
        var out = ""
        writeLaidOut(v, indent: "", into: &out)
        out += "\n"
        return out
    }

    static func writeLaidOut(_ v: JSONValue, indent: String, into out: inout String) {
        let inner = indent + "  "
        switch v {
        case .object(let members) where !members.isEmpty:
            out += "{\n"
            for (i, (k, value)) in members.enumerated() {
                out += inner
                writeString(k, into: &out)
                out += ": "
                writeLaidOut(value, indent: inner, into: &out)
                out += i == members.count - 1 ? "\n" : ",\n"
            }
            out += indent + "}"
        case .array(let items) where !items.isEmpty && items.contains(where: \.isContainer):
            out += "[\n"
            for (i, item) in items.enumerated() {
                out += inner
                writeCompact(item, into: &out)
                out += i == items.count - 1 ? "\n" : ",\n"
            }
            out += indent + "]"
        default:
            writeCompact(v, into: &out)
        }
    }

    static func writeCompact(_ v: JSONValue, into out: inout String) {
        switch v {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .number(let n): out += n
        case .string(let s): writeString(s, into: &out)
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += ", " }
                writeCompact(item, into: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (i, (k, value)) in members.enumerated() {
                if i > 0 { out += ", " }
                writeString(k, into: &out)
                out += ": "
                writeCompact(value, into: &out)
            }
            out += "}"
        }
    }

    /// A JSON string literal.
    public static func quote(_ s: String) -> String {
        var out = ""
        writeString(s, into: &out)
        return out
    }

    static func writeString(_ s: String, into out: inout String) {
        out += "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{8}": out += "\\b"
            case "\u{C}": out += "\\f"
            default:
                if u.value < 0x20 || u.value == 0x7F || u.value == 0x2028 || u.value == 0x2029 {
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        out += "\""
    }
}
