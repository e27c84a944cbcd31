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
        if case .list = v {
            var open: [ObjectIdentifier] = []
            return listRepr(v, &open)
        }
        return scalarRepr(v)
    }

    /// A list's repr, `[...]` for a list inside itself (as `reprlib.recursive_repr` prints it).
    static func listRepr(_ v: Value, _ open: inout [ObjectIdentifier]) -> String {
        guard case .list(let l) = v else { return scalarRepr(v) }
        let id = ObjectIdentifier(l)
        if open.contains(id) { return "[...]" }
        open.append(id)
        defer { open.removeLast() }
        var out = "["
        for (i, x) in l.items.enumerated() {
            if i > 0 { out += ", " }
            out += listRepr(x, &open)
        }
        return out + "]"
    }

    static func scalarRepr(_ v: Value) -> String {
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
        case .iterator(let it):
            guard case .range(let start, let stop, let step) = it.source else { return "<iterator>" }
            return step == 1 ? "range(\(start), \(stop))" : "range(\(start), \(stop), \(step))"
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

    /// Why `format(value, spec)` fails: the Python exception type and message.
    public struct FormatError: Error, Sendable {
        public let type: String
        public let message: String
        init(_ type: String, _ message: String) {
            self.type = type
            self.message = message
        }
        /// A ValueError.
        init(_ message: String) { self.init("ValueError", message) }
    }

    struct Spec {
        var fill: Character = " "
        var fillSpecified = false
        var align: Character? = nil
        var sign: Character = "-"
        var signSpecified = false
        var noNegZero = false
        var alternate = false
        var zero = false
        var width = 0
        var grouping: Character? = nil
        var precision: Int? = nil
        var type: Character? = nil
    }

    /// CPython's `parse_internal_render_format_spec`; nil when the spec is malformed
    /// ("Invalid format specifier").
    static func parseSpec(_ spec: String) throws(FormatError) -> Spec? {
        var s = Spec()
        let c = Array(spec)
        var i = 0
        func isAlign(_ ch: Character) -> Bool { ch == "<" || ch == ">" || ch == "^" || ch == "=" }
        if c.count >= 2 && isAlign(c[1]) {
            s.fill = c[0]; s.fillSpecified = true; s.align = c[1]; i = 2
        } else if c.count >= 1 && isAlign(c[0]) {
            s.align = c[0]; i = 1
        }
        if i < c.count && (c[i] == "+" || c[i] == "-" || c[i] == " ") { s.sign = c[i]; s.signSpecified = true; i += 1 }
        if i < c.count && c[i] == "z" { s.noNegZero = true; i += 1 }
        if i < c.count && c[i] == "#" { s.alternate = true; i += 1 }
        // The 0 flag is a fill only when no fill was given (then it is a digit of the width).
        if !s.fillSpecified && i < c.count && c[i] == "0" { s.zero = true; i += 1 }
        var w = 0
        var sawWidth = false
        while i < c.count, let dv = c[i].wholeNumberValue, c[i].isASCII { w = w * 10 + dv; i += 1; sawWidth = true; if w > 10_000 { return nil } }
        if sawWidth { s.width = w }
        if i < c.count && (c[i] == "," || c[i] == "_") {
            s.grouping = c[i]; i += 1
            if i < c.count && (c[i] == "," || c[i] == "_") {
                if c[i] == s.grouping { throw FormatError("Cannot specify '\(c[i])' with '\(c[i])'.") }
                throw FormatError("Cannot specify both ',' and '_'.")
            }
        }
        if i < c.count && c[i] == "." {
            i += 1
            var p = 0
            var saw = false
            while i < c.count, let dv = c[i].wholeNumberValue, c[i].isASCII { p = p * 10 + dv; i += 1; saw = true; if p > 1000 { return nil } }
            if !saw { throw FormatError("Format specifier missing precision") }
            s.precision = p
        }
        if i < c.count { s.type = c[i]; i += 1 }
        if i != c.count { return nil }
        if let g = s.grouping {
            switch s.type {
            case nil, "d", "e", "f", "g", "E", "G", "%", "F": break
            case "b", "o", "x", "X": if g != "_" { throw FormatError("Cannot specify '\(g)' with '\(s.type!)'.") }
            default: throw FormatError("Cannot specify '\(g)' with '\(s.type!)'.")
            }
        }
        return s
    }

    /// `format(value, spec)`; nil when Python raises (see `formatChecked`).
    public static func format(_ v: Value, spec: String) -> String? {
        try? formatChecked(v, spec: spec, typeName: "object")
    }

    /// `format(value, spec)` with the exception Python raises when the spec does not apply;
    /// `typeName` names the value's type in the messages.
    public static func formatChecked(_ v: Value, spec: String, typeName: String) throws(FormatError) -> String {
        if spec.isEmpty { return str(v) }
        switch v {
        case .bool, .int, .float, .str: break
        default: throw FormatError("TypeError", "unsupported format string passed to \(typeName).__format__")
        }
        guard let s = try parseSpec(spec) else {
            throw FormatError("Invalid format specifier '\(spec)' for object of type '\(typeName)'")
        }
        switch v {
        case .bool(let b): return try formatInt(b ? 1 : 0, s, typeName)
        case .int(let i): return try formatInt(i, s, typeName)
        case .float(let d):
            switch s.type {
            case nil, "e", "E", "f", "F", "g", "G", "n", "%": return formatFloat(d, s)
            default: throw FormatError("Unknown format code '\(s.type!)' for object of type '\(typeName)'")
            }
        case .str(let str):
            if s.type == nil, let g = s.grouping { throw FormatError("Cannot specify '\(g)' with 's'.") }
            if let t = s.type, t != "s" { throw FormatError("Unknown format code '\(t)' for object of type '\(typeName)'") }
            if s.signSpecified { throw FormatError(s.sign == " " ? "Space not allowed in string format specifier" : "Sign not allowed in string format specifier") }
            if s.noNegZero { throw FormatError("Negative zero coercion (z) not allowed in string format specifier") }
            if s.alternate { throw FormatError("Alternate form (#) not allowed in string format specifier") }
            if s.align == "=" { throw FormatError("'=' alignment not allowed in string format specifier") }
            var t = str
            if let p = s.precision { t = String(t.prefix(p)) }
            var sp = s
            if s.zero { sp.fill = "0" }
            return pad(t, sp, numeric: false)
        default:
            throw FormatError("TypeError", "unsupported format string passed to \(typeName).__format__")
        }
    }

    static func formatInt(_ i: Int, _ s: Spec, _ typeName: String) throws(FormatError) -> String {
        switch s.type {
        case nil, "d", "n", "b", "o", "x", "X", "c": break
        case "e", "E", "f", "F", "g", "G", "%": return formatFloat(Double(i), s)
        default: throw FormatError("Unknown format code '\(s.type!)' for object of type '\(typeName)'")
        }
        if s.precision != nil { throw FormatError("Precision not allowed in integer format specifier") }
        if s.noNegZero { throw FormatError("Negative zero coercion (z) not allowed in integer format specifier") }
        let radix: Int, prefix: String
        switch s.type {
        case "c":
            if s.signSpecified { throw FormatError("Sign not allowed with integer format specifier 'c'") }
            if s.alternate { throw FormatError("Alternate form (#) not allowed with integer format specifier 'c'") }
            guard i >= 0, i < 0x110000, let u = Unicode.Scalar(UInt32(i)) else {
                throw FormatError("OverflowError", "%c arg not in range(0x110000)")
            }
            return padNumber(intPart: String(Character(u)), negative: false, s)
        case "x": radix = 16; prefix = "0x"
        case "X": radix = 16; prefix = "0X"
        case "b": radix = 2; prefix = "0b"
        case "o": radix = 8; prefix = "0o"
        default: radix = 10; prefix = ""
        }
        var digits = String(i.magnitude, radix: radix)
        if s.type == "X" { digits = digits.uppercased() }
        return padNumber(intPart: digits, prefix: s.alternate ? prefix : "", negative: i < 0, s, groupSize: radix == 10 ? 3 : 4)
    }

    static func formatFloat(_ d: Double, _ s: Spec) -> String {
        var type = s.type
        var value = d
        var suffix = ""
        if type == "%" { value *= 100; type = "f"; suffix = "%" }
        var negative = value.sign == .minus
        let mag = abs(value)
        var body: String
        if mag.isNaN { body = type.map { $0.isUppercase } == true ? "NAN" : "nan" }
        else if mag.isInfinite { body = type.map { $0.isUppercase } == true ? "INF" : "inf" }
        else {
            switch type {
            case nil:
                if let p = s.precision {
                    // CPython: 'g' with at least one digit after the point, so the switch to an
                    // exponent comes one digit earlier (format(1.5, '.1') is '2e+00').
                    let prec = max(p, 1)
                    body = gFormat(mag, precision: prec, upper: false, alternate: s.alternate)
                    if !body.contains("e") {
                        let intDigits = body.prefix(while: { $0 != "." })
                        if intDigits.count >= prec && (intDigits != "0" || mag == 0) {
                            body = cFormat(mag, precision: prec - 1, conv: "e", alternate: s.alternate)
                            if !s.alternate, let e = body.firstIndex(of: "e"), body[..<e].contains(".") {
                                var mant = String(body[..<e])
                                while mant.hasSuffix("0") { mant.removeLast() }
                                if mant.hasSuffix(".") { mant.removeLast() }
                                body = mant + body[e...]
                            }
                        } else if !body.contains(".") {
                            body += ".0"
                        }
                    }
                } else {
                    body = floatRepr(mag)
                    // `#`: the point is always there ('1.e+22').
                    if s.alternate, !body.contains("."), let e = body.firstIndex(of: "e") { body.insert(".", at: e) }
                }
            case "f", "F": body = cFormat(mag, precision: s.precision ?? 6, conv: "f", alternate: s.alternate)
            case "e", "E": body = cFormat(mag, precision: s.precision ?? 6, conv: type == "e" ? "e" : "E", alternate: s.alternate)
            case "n": body = gFormat(mag, precision: max(s.precision ?? 6, 1), upper: false, alternate: s.alternate)
            default: body = gFormat(mag, precision: max(s.precision ?? 6, 1), upper: type == "G", alternate: s.alternate)
            }
            // `z`: a result that rounds to zero loses its minus sign.
            if s.noNegZero && body.prefix(while: { $0 != "e" && $0 != "E" }).allSatisfy({ $0 == "0" || $0 == "." }) { negative = false }
        }
        let intPart = String(body.prefix(while: { $0.isASCII && $0.isNumber }))
        let rest = String(body.dropFirst(intPart.count)) + suffix
        if intPart.isEmpty {
            var plain = s
            plain.grouping = nil  // inf, nan
            return padNumber(intPart: body + suffix, negative: negative, plain)
        }
        return padNumber(intPart: intPart, rest: rest, negative: negative, s)
    }

    /// `%g` as CPython does it (glibc's `%#g` loses the zeros of a mantissa that rounds up to
    /// the next power of ten: `%#.3g` of 999.5 is "1.e+03" there, "1.00e+03" in Python).
    static func gFormat(_ d: Double, precision p: Int, upper: Bool, alternate: Bool) -> String {
        let e = cFormat(d, precision: p - 1, conv: "e", alternate: alternate)
        guard let ei = e.firstIndex(of: "e"), let x = Int(e[e.index(after: ei)...]) else { return e }
        var body: String
        var tail = ""
        if x < -4 || x >= p {
            body = String(e[..<ei])
            tail = String(e[ei...])
        } else {
            body = cFormat(d, precision: p - 1 - x, conv: "f", alternate: alternate)
        }
        if !alternate, body.contains(".") {
            while body.hasSuffix("0") { body.removeLast() }
            if body.hasSuffix(".") { body.removeLast() }
        }
        let out = body + tail
        return upper ? out.uppercased() : out
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

    static func group(_ digits: String, _ sep: Character, size: Int = 3) -> String {
        var out: [Character] = []
        for (i, ch) in digits.reversed().enumerated() {
            if i > 0 && i % size == 0 { out.append(sep) }
            out.append(ch)
        }
        return String(out.reversed())
    }

    /// A number's sign, prefix, integer digits (grouped when asked) and the rest, padded as
    /// CPython's `fill_number` does: with a `0` fill and `=` alignment the padding is digits
    /// too, separators included.
    static func padNumber(intPart: String, rest: String = "", prefix: String = "", negative: Bool, _ s: Spec, groupSize: Int = 3) -> String {
        let signStr: String = negative ? "-" : (s.sign == "+" ? "+" : (s.sign == " " ? " " : ""))
        var spec = s
        if s.zero {
            spec.fill = "0"
            if s.align == nil { spec.align = "=" }
        }
        let digitsOnly = intPart.allSatisfy { $0.isASCII && ($0.isNumber || $0.isLetter) }
        func grouped(_ d: String) -> String {
            guard let g = s.grouping, digitsOnly else { return d }
            return group(d, g, size: groupSize)
        }
        if spec.align == "=" {
            let lead = signStr.count + prefix.count + rest.count
            if spec.fill == "0" && s.grouping != nil && digitsOnly {
                var d = intPart
                while lead + grouped(d).count < spec.width { d = "0" + d }
                return signStr + prefix + grouped(d) + rest
            }
            let body = grouped(intPart)
            let n = lead + body.count
            if n >= spec.width { return signStr + prefix + body + rest }
            return signStr + prefix + String(repeating: spec.fill, count: spec.width - n) + body + rest
        }
        return pad(signStr + prefix + grouped(intPart) + rest, spec, numeric: true)
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
