/// A problem found in a scenario. It is a value: the CLI decides how to print it, and tests
/// compare its fields instead of parsing text.
public struct Diagnostic: Error, Hashable, Sendable {
    public enum Severity: String, Sendable { case error, warning }

    public var severity: Severity
    public var location: SourceLocation
    /// How many columns the caret should cover (at least one).
    public var length: Int
    public var message: String
    public var hint: String?

    public init(_ severity: Severity = .error, at location: SourceLocation, length: Int = 1,
                _ message: String, hint: String? = nil) {
        self.severity = severity
        self.location = location
        self.length = max(1, length)
        self.message = message.utf8.count > Diagnostic.longMessage ? Diagnostic.shortenQuotes(message) : message
        self.hint = hint
    }

    static let longMessage = 160

    /// A message that quotes a huge piece of the source (a 5 MB number, a 100 KB name) keeps the
    /// ends of each long quote: `'1111111111…1111111111'`.
    static func shortenQuotes(_ message: String) -> String {
        var out = ""
        var quoted: [Character] = []
        var inQuote = false
        for ch in message {
            if ch == "'" {
                if inQuote {
                    if quoted.count > 40 {
                        out += String(quoted.prefix(20)) + "…" + String(quoted.suffix(10))
                    } else {
                        out += String(quoted)
                    }
                    quoted.removeAll()
                }
                inQuote.toggle()
                out.append(ch)
            } else if inQuote {
                quoted.append(ch)
            } else {
                out.append(ch)
            }
        }
        out += String(quoted)
        return out
    }

    /// Source lines longer than this many columns are shown as a window around the caret.
    static let shownColumns = 120

    /// Renders in the compiler style the SPEC asks for:
    /// `path:line:col: error: message`, the source line, a caret, and the hint.
    public func rendered(path: String, source: String) -> String {
        rendered(path: path, lines: Diagnostic.lines(of: source))
    }

    /// Renders all of `items` (the source is split into lines once, not once per diagnostic).
    public static func render(_ items: [Diagnostic], path: String, source: String) -> String {
        let lines = Diagnostic.lines(of: source)
        var out = ""
        for d in items { out += d.rendered(path: path, lines: lines) }
        return out
    }

    // Split on the scalar "\n": as Characters, "\r\n" is one grapheme and would not split.
    static func lines(of source: String) -> [Substring.UnicodeScalarView] {
        source.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
    }

    func rendered(path: String, lines: [Substring.UnicodeScalarView]) -> String {
        var out = "\(path):\(location.line):\(location.column): \(severity.rawValue): \(message)\n"
        if location.line >= 1 && location.line <= lines.count {
            var scalars = lines[location.line - 1]
            if scalars.last == "\r" { scalars.removeLast() }
            var col = max(1, location.column)
            var caret = max(1, min(length, 200))
            var lead = "", tail = ""
            if scalars.count > Diagnostic.shownColumns {
                // A window of the line around the caret, with '…' where it was cut.
                let from = max(0, min(col - 1 - 40, scalars.count - Diagnostic.shownColumns))
                let to = min(scalars.count, from + Diagnostic.shownColumns)
                if from > 0 { lead = "…" }
                if to < scalars.count { tail = "…" }
                let start = scalars.index(scalars.startIndex, offsetBy: from)
                let end = scalars.index(scalars.startIndex, offsetBy: to)
                scalars = scalars[start..<end]
                col = col - from + (lead.isEmpty ? 0 : 1)
                caret = max(1, min(caret, to - (location.column - 1)))
            }
            let text = String(String.UnicodeScalarView(scalars))
            out += "  " + lead + TextEscaping.escapeControls(text) + tail + "\n"
            // Keep the caret under the character even when earlier characters were escaped, or
            // take two terminal columns (CJK, emoji) or none (a combining accent).
            let shown = lead + text
            let prefix = String(String.UnicodeScalarView(shown.unicodeScalars.prefix(col - 1)))
            let pad = TextCells.width(TextEscaping.escapeControls(prefix))
            let marked = String(String.UnicodeScalarView(shown.unicodeScalars.dropFirst(col - 1).prefix(caret)))
            let markedWidth = TextCells.width(TextEscaping.escapeControls(marked))
            let carets = marked.unicodeScalars.count == caret && markedWidth > 0 ? markedWidth : caret
            out += "  " + String(repeating: " ", count: pad) + String(repeating: "^", count: carets) + "\n"
        }
        if let hint { out += "  hint: \(hint)\n" }
        return out
    }
}

extension Array where Element == Diagnostic {
    /// Diagnostics in the order a reader meets them: by position, then by message.
    public func sortedByPosition() -> [Diagnostic] {
        self.enumerated().sorted { a, b in
            if a.element.location != b.element.location { return a.element.location < b.element.location }
            return a.offset < b.offset
        }.map(\.element)
    }
}
