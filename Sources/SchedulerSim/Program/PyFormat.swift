#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Python's `str`, `repr` and format mini-language, so that what a scenario prints equals what
/// its Python twin prints, character for character.
public enum PyFormat {
    public static func str(_ v: Value) -> String {
        switch v {
        case .str(let s): return s
        case .exception(let e): return e.message
        default: return repr(v)
        }
    }

    public static func repr(_ v: Value) -> String {
        switch v {
        case .none: return "None"
        case .bool(let b): return b ? "True" : "False"
        case .int(let i): return String(i)
        case .float(let d): return floatRepr(d)
        case .str(let s): return stringRepr(s)
        case .list(let l): return "[" + l.items.map(repr).joined(separator: ", ") + "]"
        case .task(let id): return "<Task #\(id)>"
        case .resource(let id): return "<resource #\(id)>"
        case .exception(let e): return e.repr
        case .coroutine: return "<coroutine object>"
        case .iterator: return "<iterator>"
        case .unbound: return "<unbound>"
        }
    }

    /// Python's `repr(str)`: single quotes unless the text has a single quote and no double quote.
    public static func stringRepr(_ s: String) -> String {
        let useDouble = s.contains("'") && !s.contains("\"")
        let q: Character = useDouble ? "\"" : "'"
        var out = String(q)
        for u in s.unicodeScalars {
            switch u {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if Character(u) == q { out += "\\" + String(q); continue }
                if u.value < 0x20 || u.value == 0x7F {
                    let h = String(u.value, radix: 16)
                    out += "\\x" + (h.count < 2 ? "0" : "") + h
                } else if u.value >= 0x80 && u.value < 0xA0 {
                    out += "\\x" + String(u.value, radix: 16)
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        out.append(q)
        return out
    }

    /// Python's `repr(float)`: the shortest digits that round-trip, in fixed notation when the
    /// decimal exponent is in [-4, 16), scientific otherwise.
    public static func floatRepr(_ d: Double) -> String {
        if d.isNaN { return "nan" }
        if d.isInfinite { return d < 0 ? "-inf" : "inf" }
        if d == 0 { return d.sign == .minus ? "-0.0" : "0.0" }
        let (neg, digits, decpt) = shortestDigits(d)
        var out = neg ? "-" : ""
        if decpt > 16 || decpt < -3 {
            out += String(digits.first!)
            if digits.count > 1 { out += "." + digits.dropFirst() }
            let e = decpt - 1
            out += "e" + (e < 0 ? "-" : "+") + (abs(e) < 10 ? "0" : "") + String(abs(e))
        } else if decpt <= 0 {
            out += "0." + String(repeating: "0", count: -decpt) + digits
        } else if decpt >= digits.count {
            out += digits + String(repeating: "0", count: decpt - digits.count) + ".0"
        } else {
            let i = digits.index(digits.startIndex, offsetBy: decpt)
            out += digits[..<i] + "." + digits[i...]
        }
        return out
    }

    /// Digits and decimal-point position of the shortest round-tripping representation
    /// (value = 0.DIGITS × 10^decpt), taken from Swift's own shortest printer.
    static func shortestDigits(_ d: Double) -> (Bool, String, Int) {
        var s = abs(d).description
        var exp = 0
        if let e = s.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exp = Int(s[s.index(after: e)...])!
            s = String(s[..<e])
        }
        var intPart = s
        var frac = ""
        if let dot = s.firstIndex(of: ".") {
            intPart = String(s[..<dot])
            frac = String(s[s.index(after: dot)...])
        }
        var digits = intPart + frac
        var decpt = intPart.count + exp
        while digits.hasPrefix("0") && digits.count > 1 {
            digits.removeFirst()
            decpt -= 1
        }
        while digits.hasSuffix("0") && digits.count > 1 { digits.removeLast() }
        return (d < 0, digits, decpt)
    }

    // MARK: - format(value, spec)

    struct Spec {
        var fill: Character = " "
        var align: Character? = nil
        var sign: Character = "-"
        var alternate = false
        var zero = false
        var width = 0
        var grouping: Character? = nil
        var precision: Int? = nil
        var type: Character? = nil
    }

    static func parseSpec(_ spec: String) -> Spec? {
        var s = Spec()
        let c = Array(spec)
        var i = 0
        func isAlign(_ ch: Character) -> Bool { ch == "<" || ch == ">" || ch == "^" || ch == "=" }
        if c.count >= 2 && isAlign(c[1]) {
            s.fill = c[0]; s.align = c[1]; i = 2
        } else if c.count >= 1 && isAlign(c[0]) {
            s.align = c[0]; i = 1
        }
        if i < c.count && (c[i] == "+" || c[i] == "-" || c[i] == " ") { s.sign = c[i]; i += 1 }
        if i < c.count && c[i] == "#" { s.alternate = true; i += 1 }
        if i < c.count && c[i] == "0" { s.zero = true; i += 1 }
        var w = 0
        var sawWidth = false
        while i < c.count, let dv = c[i].wholeNumberValue, c[i].isASCII { w = w * 10 + dv; i += 1; sawWidth = true; if w > 10_000 { return nil } }
        if sawWidth { s.width = w }
        if i < c.count && (c[i] == "," || c[i] == "_") { s.grouping = c[i]; i += 1 }
        if i < c.count && c[i] == "." {
            i += 1
            var p = 0
            var saw = false
            while i < c.count, let dv = c[i].wholeNumberValue, c[i].isASCII { p = p * 10 + dv; i += 1; saw = true; if p > 1000 { return nil } }
            if !saw { return nil }
            s.precision = p
        }
        if i < c.count { s.type = c[i]; i += 1 }
        if i != c.count { return nil }
        return s
    }

    /// The type letter of a well-formed `spec` that `v`'s type does not know (`{1:s}`,
    /// `{1.5:d}`), for CPython's "Unknown format code" message; nil otherwise.
    static func unknownCode(_ v: Value, spec: String) -> Character? {
        guard let s = parseSpec(spec), let t = s.type else { return nil }
        let known: String
        switch v {
        case .int, .bool: known = "bcdoxXneEfFgG%"
        case .float: known = "eEfFgGn%"
        case .str: known = "s"
        default: return nil
        }
        return known.contains(t) ? nil : t
    }

    /// `format(value, spec)`; nil when the spec does not apply to the value (Python raises
    /// ValueError "Invalid format specifier").
    public static func format(_ v: Value, spec: String) -> String? {
        if spec.isEmpty { return str(v) }
        guard let s = parseSpec(spec) else { return nil }
        switch v {
        case .bool(let b):
            if s.type == nil && s.precision == nil { return pad(b ? "True" : "False", s, numeric: false) }
            return format(.int(b ? 1 : 0), spec: spec)
        case .int(let i):
            switch s.type {
            case nil, "d", "n": if s.precision != nil { return nil }; return padNumber(digits: String(i.magnitude), negative: i < 0, s)
            case "x": return padNumber(digits: (s.alternate ? "0x" : "") + String(i.magnitude, radix: 16), negative: i < 0, s)
            case "X": return padNumber(digits: (s.alternate ? "0X" : "") + String(i.magnitude, radix: 16).uppercased(), negative: i < 0, s)
            case "b": return padNumber(digits: (s.alternate ? "0b" : "") + String(i.magnitude, radix: 2), negative: i < 0, s)
            case "o": return padNumber(digits: (s.alternate ? "0o" : "") + String(i.magnitude, radix: 8), negative: i < 0, s)
            case "e", "E", "f", "F", "g", "G", "%": return formatFloat(Double(i), s)
            case "c":
                // The character with that code point, as Python's format(65, "c") is "A".
                guard s.sign == "-", s.precision == nil, s.alternate == false, s.grouping == nil,
                      i >= 0, i < 0x110000, let u = Unicode.Scalar(UInt32(i)) else { return nil }
                return pad(String(Character(u)), s, numeric: false)
            default: return nil
            }
        case .float(let d):
            return formatFloat(d, s)
        case .str(let str):
            if s.type != nil && s.type != "s" { return nil }
            if s.sign != "-" || s.grouping != nil || s.alternate { return nil }
            var t = str
            if let p = s.precision { t = String(t.prefix(p)) }
            return pad(t, s, numeric: false)
        default:
            if s.type != nil || s.precision != nil { return nil }
            return pad(str(v), s, numeric: false)
        }
    }

    static func formatFloat(_ d: Double, _ s: Spec) -> String? {
        var type = s.type
        var value = d
        var suffix = ""
        if type == "%" { value *= 100; type = "f"; suffix = "%" }
        let negative = value.sign == .minus && !(value == 0 && type == nil && false)
        let mag = abs(value)
        var body: String
        if mag.isNaN { body = type.map { $0.isUppercase } == true ? "NAN" : "nan" }
        else if mag.isInfinite { body = type.map { $0.isUppercase } == true ? "INF" : "inf" }
        else {
            switch type {
            case nil:
                if let p = s.precision {
                    body = cFormat(mag, precision: max(p, 1), conv: "g", alternate: s.alternate)
                    if !body.contains(".") && !body.contains("e") && !body.contains("inf") { body += ".0" }
                } else {
                    body = floatRepr(mag)
                }
            case "f", "F": body = cFormat(mag, precision: s.precision ?? 6, conv: "f", alternate: s.alternate)
            case "e", "E": body = cFormat(mag, precision: s.precision ?? 6, conv: type == "e" ? "e" : "E", alternate: s.alternate)
            case "g", "G", "n": body = cFormat(mag, precision: max(s.precision ?? 6, 1), conv: type == "G" ? "G" : "g", alternate: s.alternate)
            default: return nil
            }
        }
        if let g = s.grouping {
            let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
            let intDigits = String(parts[0])
            if intDigits.allSatisfy({ $0.isNumber }) {
                body = group(intDigits, g) + (parts.count > 1 ? "." + parts[1] : "")
            }
        }
        return padNumber(digits: body + suffix, negative: negative, s, grouped: true)
    }

    static func cFormat(_ d: Double, precision: Int, conv: Character, alternate: Bool) -> String {
        let fmt = "%" + (alternate ? "#" : "") + ".*" + String(conv)
        var buf = [CChar](repeating: 0, count: 512 + max(0, precision))
        let n = withVaList([Int32(precision), d]) { args in
            vsnprintf(&buf, buf.count, fmt, args)
        }
        if n < 0 { return String(d) }
        if Int(n) >= buf.count {
            buf = [CChar](repeating: 0, count: Int(n) + 1)
            _ = withVaList([Int32(precision), d]) { args in vsnprintf(&buf, buf.count, fmt, args) }
        }
        return String(decoding: buf.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func group(_ digits: String, _ sep: Character) -> String {
        var out: [Character] = []
        for (i, ch) in digits.reversed().enumerated() {
            if i > 0 && i % 3 == 0 { out.append(sep) }
            out.append(ch)
        }
        return String(out.reversed())
    }

    static func padNumber(digits: String, negative: Bool, _ s: Spec, grouped: Bool = false) -> String {
        var body = digits
        if !grouped, let g = s.grouping, digits.allSatisfy({ $0.isNumber }) { body = group(digits, g) }
        let signStr: String = negative ? "-" : (s.sign == "+" ? "+" : (s.sign == " " ? " " : ""))
        var spec = s
        if s.zero && s.align == nil { spec.fill = "0"; spec.align = "=" }
        if spec.align == "=" {
            let n = signStr.count + body.count
            if n >= spec.width { return signStr + body }
            return signStr + String(repeating: spec.fill, count: spec.width - n) + body
        }
        return pad(signStr + body, spec, numeric: true)
    }

    static func pad(_ text: String, _ s: Spec, numeric: Bool) -> String {
        let n = text.count
        if n >= s.width { return text }
        let fill = s.width - n
        let align = s.align ?? (numeric ? ">" : "<")
        let f = String(s.fill)
        switch align {
        case ">": return String(repeating: f, count: fill) + text
        case "^": return String(repeating: f, count: fill / 2) + text + String(repeating: f, count: fill - fill / 2)
        default: return text + String(repeating: f, count: fill)
        }
    }
}
