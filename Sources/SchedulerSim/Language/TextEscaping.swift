/// Text from a scenario is shown in terminals and exports; escaping control characters keeps a
/// scenario from sending escape sequences to the user's terminal.
public enum TextEscaping {
    public static func escapeControls(_ s: String) -> String {
        var needs = false
        for u in s.unicodeScalars where isControl(u) { needs = true; break }
        if !needs { return s }
        var out = ""
        for u in s.unicodeScalars {
            if isControl(u) {
                switch u {
                case "\n": out += "\\n"
                case "\t": out += "\\t"
                case "\r": out += "\\r"
                default:
                    let hex = String(u.value, radix: 16)
                    if u.value <= 0xFF { out += "\\x" + String(repeating: "0", count: 2 - hex.count) + hex }
                    else { out += "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex }
                }
            } else {
                out.unicodeScalars.append(u)
            }
        }
        return out
    }

    static func isControl(_ u: Unicode.Scalar) -> Bool {
        u.value < 0x20 || u.value == 0x7F || (u.value >= 0x80 && u.value < 0xA0)
            || u.value == 0x2028 || u.value == 0x2029 || (u.value >= 0x202A && u.value <= 0x202E)
            || (u.value >= 0x2066 && u.value <= 0x2069)
    }
}
