/// Terminal-cell arithmetic for the text export: display widths, truncation with an ellipsis,
/// word wrapping, and making scenario text safe to print (control characters escaped; 7-bit only
/// when asked).
/// Fitting texts into columns, for the viewer too.
public enum TextFit {
    /// A task name cut to `maxWidth` columns with `ellipsis`, keeping a `#k` suffix.
    public static func name(_ s: String, to maxWidth: Int, ellipsis: String) -> String {
        TextCells.truncateName(s, to: maxWidth, ellipsis: ellipsis)
    }

    /// Terminal columns a character takes (2 for East Asian wide and emoji, 0 for a lone
    /// combining mark or a zero-width space, 1 otherwise).
    public static func width(_ c: Character) -> Int { TextCells.width(c) }

    /// Terminal columns a text takes.
    public static func width(_ s: some StringProtocol) -> Int { TextCells.width(s) }

    /// `s` cut to at most `maxWidth` columns, ending in `ellipsis` when cut.
    public static func truncate(_ s: String, to maxWidth: Int, ellipsis: String) -> String {
        TextCells.truncate(s, to: maxWidth, ellipsis: ellipsis)
    }
}

enum TextCells {
    /// Scenario text made safe to show: control characters escaped, and with `ascii` every
    /// non-ASCII scalar written as `\xNN`, `\uNNNN` or `\UNNNNNNNN`.
    static func clean(_ s: String, ascii: Bool) -> String {
        let escaped = TextEscaping.escapeControls(s)
        guard ascii, !escaped.unicodeScalars.allSatisfy({ $0.isASCII }) else { return escaped }
        var out = ""
        for u in escaped.unicodeScalars {
            if u.isASCII { out.unicodeScalars.append(u); continue }
            let hex = String(u.value, radix: 16)
            if u.value <= 0xFF { out += "\\x" + zeroPad(hex, 2) }
            else if u.value <= 0xFFFF { out += "\\u" + zeroPad(hex, 4) }
            else { out += "\\U" + zeroPad(hex, 8) }
        }
        return out
    }

    private static func zeroPad(_ s: String, _ n: Int) -> String {
        String(repeating: "0", count: max(0, n - s.count)) + s
    }

    /// Terminal columns a character takes: 2 for East Asian wide and emoji, 0 for a lone combining
    /// mark, 1 otherwise.
    static func width(_ c: Character) -> Int {
        guard let u = c.unicodeScalars.first else { return 0 }
        let v = u.value
        if v < 0x300 { return 1 }
        if (0x300...0x36F).contains(v) || (0x200B...0x200F).contains(v) { return 0 }
        if (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
            || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
            || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1F64F).contains(v) || (0x1F900...0x1F9FF).contains(v)
            || (0x20000...0x3FFFD).contains(v) {
            return 2
        }
        return 1
    }

    static func width(_ s: some StringProtocol) -> Int {
        var n = 0
        for c in s { n += width(c) }
        return n
    }

    /// `s` cut to at most `maxWidth` columns, ending in `ellipsis` when cut.
    static func truncate(_ s: String, to maxWidth: Int, ellipsis: String) -> String {
        if maxWidth <= 0 { return "" }
        if width(s) <= maxWidth { return s }
        let ew = width(ellipsis)
        if ew > maxWidth { return prefix(s, maxWidth) }
        return prefix(s, maxWidth - ew) + ellipsis
    }

    /// A task name cut to fit, keeping a `#k` suffix: `download#10` in 9 columns is `downl…#10`,
    /// not `download…`, so the rows of one def stay apart.
    static func truncateName(_ s: String, to maxWidth: Int, ellipsis: String) -> String {
        if width(s) <= maxWidth { return s }
        if let hash = s.lastIndex(of: "#"), s.index(after: hash) < s.endIndex,
           s[s.index(after: hash)...].allSatisfy({ $0.isASCII && $0.isNumber }) {
            let suffix = String(s[hash...])
            let room = maxWidth - width(ellipsis) - width(suffix)
            let head = s[..<hash]
            let indent = head.prefix(while: { $0 == " " }).count
            if room > indent + 1 { return prefix(String(head), room) + ellipsis + suffix }
        }
        return truncate(s, to: maxWidth, ellipsis: ellipsis)
    }

    /// The longest prefix of `s` that fits in `maxWidth` columns.
    static func prefix(_ s: String, _ maxWidth: Int) -> String {
        var out = "", w = 0
        for c in s {
            let cw = width(c)
            if w + cw > maxWidth { break }
            out.append(c); w += cw
        }
        return out
    }

    static func padRight(_ s: String, to w: Int) -> String {
        let n = width(s)
        return n >= w ? s : s + String(repeating: " ", count: w - n)
    }

    static func padLeft(_ s: String, to w: Int) -> String {
        let n = width(s)
        return n >= w ? s : String(repeating: " ", count: w - n) + s
    }

    /// Word-wraps `s` to `maxWidth` columns; continuation lines start with `indent`. Words longer
    /// than a line are cut.
    static func isUnitWord(_ w: Substring) -> Bool {
        let core = w.prefix { $0.isLetter }
        guard ["s", "ms", "us", "µs"].contains(String(core)) else { return false }
        return w.dropFirst(core.count).allSatisfy { ".,;:)".contains($0) }
    }

    static func wrap(_ s: String, to maxWidth: Int, indent: String = "") -> [String] {
        let firstIndent = String(s.prefix(while: { $0 == " " }))
        var words: [String] = []
        for w in s.split(separator: " ", omittingEmptySubsequences: true) {
            // A unit stays with its number: "2.5 s" is not cut after "2.5".
            if let last = words.last, last.last?.isNumber == true, isUnitWord(w) {
                words[words.count - 1] = last + " " + w
            } else {
                words.append(String(w))
            }
        }
        if words.isEmpty { return [""] }
        var lines: [String] = []
        var line = ""
        for word in words {
            var word = word
            while true {
                let lead = lines.isEmpty ? firstIndent : indent
                let current = line.isEmpty ? lead : line + " "
                if width(current) + width(word) <= maxWidth {
                    line = current + word
                    break
                }
                if !line.isEmpty {
                    lines.append(line); line = ""
                    continue
                }
                // A word longer than a whole line: cut it.
                let room = max(1, maxWidth - width(lead))
                let head = prefix(word, room)
                let taken = head.isEmpty ? String(word.prefix(1)) : head
                lines.append(lead + taken)
                word = String(word.dropFirst(taken.count))
                if word.isEmpty { break }
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }

    /// A Python `repr` shortened to fit: a list or tuple keeps whole leading items and ends in
    /// `, ...]` (as `reprlib` does); anything else is cut with the ellipsis.
    static func shortenRepr(_ s: String, to maxWidth: Int, ellipsis: String) -> String {
        if width(s) <= maxWidth { return s }
        let chars = Array(s)
        if let open = chars.first, let close = chars.last, chars.count >= 2,
           (open == "[" && close == "]") || (open == "(" && close == ")") {
            // Top-level comma positions, skipping nested brackets and quoted strings.
            var cuts: [Int] = []
            var depth = 0
            var quote: Character? = nil
            var i = 1
            while i < chars.count - 1 {
                let c = chars[i]
                if let q = quote {
                    if c == "\\" { i += 1 } else if c == q { quote = nil }
                } else if c == "'" || c == "\"" {
                    quote = c
                } else if "[({".contains(c) {
                    depth += 1
                } else if "])}".contains(c) {
                    depth -= 1
                } else if c == "," && depth == 0 {
                    cuts.append(i)
                }
                i += 1
            }
            for cut in cuts.reversed() {
                let candidate = String(chars[0..<cut]) + ", ..." + String(close)
                if width(candidate) <= maxWidth { return candidate }
            }
        }
        return truncate(s, to: maxWidth, ellipsis: ellipsis)
    }
}
