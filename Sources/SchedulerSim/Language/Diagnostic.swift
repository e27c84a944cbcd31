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
        self.message = message
        self.hint = hint
    }

    /// Renders in the compiler style the SPEC asks for:
    /// `path:line:col: error: message`, the source line, a caret, and the hint.
    public func rendered(path: String, source: String) -> String {
        var out = "\(path):\(location.line):\(location.column): \(severity.rawValue): \(message)\n"
        // Split on the scalar "\n": as Characters, "\r\n" is one grapheme and would not split.
        let lines = source.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
        if location.line >= 1 && location.line <= lines.count {
            var text = String(String.UnicodeScalarView(lines[location.line - 1]))
            if text.hasSuffix("\r") { text.removeLast() }
            let shown = TextEscaping.escapeControls(text)
            out += "  \(shown)\n"
            let col = max(1, location.column)
            // Keep the caret under the character even when earlier characters were escaped.
            let prefix = String(text.unicodeScalars.prefix(col - 1).map(Character.init))
            let pad = TextEscaping.escapeControls(prefix).unicodeScalars.count
            out += "  " + String(repeating: " ", count: pad) + String(repeating: "^", count: max(1, min(length, 200))) + "\n"
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
