import SchedulerSim

/// The REPL's scenario being typed (SPEC §4): the entries accepted so far, the block being typed,
/// and the text of the input line. Pure: `submit` decides, the caller re-simulates.
///
/// Rules (as in Python 3.13's REPL):
/// - a line ending in `:` opens a block; the following lines belong to it (prompt `...`) until an
///   empty (or blank) line closes it;
/// - after a line ending in `:` the input line is pre-filled with its indentation + 4 spaces, after
///   another line of a block with that line's indentation (backspace removes it);
/// - an entry (a line, or a whole block) is checked with the rest of the scenario before it is
///   added: if the scenario would have an error, the entry is NOT added, the error is shown as
///   `line:col: message`, and a rejected single line stays in the input line to be fixed;
/// - the only error tolerated is "no `main:` block yet": a scenario being typed starts that way.
struct ReplSession: Hashable, Sendable {
    /// Accepted entries, each a line or a block (its lines).
    private(set) var entries: [[String]] = []
    /// The lines of the block being typed, when one is open.
    private(set) var pending: [String]?
    /// The input line being edited.
    var input = ""
    /// Lines submitted, oldest first, for ↑ / ↓.
    private(set) var history: [String] = []
    /// Position in `history` while browsing with ↑ / ↓ (nil: editing a new line).
    var historyIndex: Int?

    static let indentUnit = "    "

    enum Outcome: Hashable, Sendable {
        /// Nothing changed (an empty line outside a block).
        case nothing
        /// A block was opened or continued.
        case continued
        /// The entry was added: the scenario changed.
        case added
        /// The entry was rejected: the message to show (`line:col: message`).
        case rejected(String)
    }

    /// The accepted scenario text.
    var text: String { Self.join(entries) }

    /// The accepted lines, then the pending block's (what the Source pane shows while typing).
    var lines: [String] { entries.flatMap { $0 } + (pending ?? []) }

    var prompt: String { pending == nil ? ">>> " : "... " }

    var isEmpty: Bool { entries.isEmpty && pending == nil }

    static func join(_ entries: [[String]]) -> String {
        let all = entries.flatMap { $0 }
        return all.isEmpty ? "" : all.joined(separator: "\n") + "\n"
    }

    /// Submits the input line (Enter).
    mutating func submit() -> Outcome {
        let line = input
        input = ""
        historyIndex = nil
        let blank = line.allSatisfy { $0 == " " || $0 == "\t" }
        if !blank, history.last != line { history.append(line) }
        if var block = pending {
            if blank {
                pending = nil
                return add(block, restoreInput: nil)
            }
            block.append(line)
            pending = block
            input = Self.indent(after: line)
            return .continued
        }
        if blank { return .nothing }
        if Self.opensBlock(line) {
            pending = [line]
            input = Self.indent(after: line)
            return .continued
        }
        return add([line], restoreInput: line)
    }

    private mutating func add(_ entry: [String], restoreInput: String?) -> Outcome {
        let candidate = entries + [entry]
        if let error = Self.firstError(Self.join(candidate)) {
            if let restoreInput { input = restoreInput }
            return .rejected(error)
        }
        entries = candidate
        return .added
    }

    /// `:undo`: drops the open block if there is one, else the last entry. Returns what was removed.
    mutating func undo() -> String? {
        if let block = pending {
            pending = nil
            input = ""
            return Self.describe(block)
        }
        guard let last = entries.popLast() else { return nil }
        return Self.describe(last)
    }

    /// `:clear`: an empty scenario.
    mutating func clear() {
        entries = []
        pending = nil
        input = ""
    }

    /// ↑: the previous line from the history.
    mutating func historyUp() {
        guard !history.isEmpty else { return }
        let i = max(0, (historyIndex ?? history.count) - 1)
        historyIndex = i
        input = history[i]
    }

    /// ↓: the next line from the history, or an empty line after the last.
    mutating func historyDown() {
        guard let i = historyIndex else { return }
        if i + 1 < history.count {
            historyIndex = i + 1
            input = history[i + 1]
        } else {
            historyIndex = nil
            input = ""
        }
    }

    static func describe(_ entry: [String]) -> String {
        let first = entry.first?.trimmingTrailingSpaces ?? ""
        return entry.count == 1 ? first : "\(first) (\(entry.count) lines)"
    }

    /// Whether a line opens a block: it ends in `:` once a trailing comment is removed.
    static func opensBlock(_ line: String) -> Bool {
        stripComment(line).trimmingTrailingSpaces.hasSuffix(":")
    }

    /// The indentation to pre-fill after `line`.
    static func indent(after line: String) -> String {
        let lead = String(line.prefix { $0 == " " || $0 == "\t" })
        return opensBlock(line) ? lead + indentUnit : lead
    }

    /// The line without a `#` comment (a `#` inside a string literal is kept).
    static func stripComment(_ line: String) -> String {
        var quote: Character?
        var escaped = false
        var out = ""
        for ch in line {
            if let q = quote {
                if escaped { escaped = false } else if ch == "\\" { escaped = true } else if ch == q { quote = nil }
            } else if ch == "\"" || ch == "'" {
                quote = ch
            } else if ch == "#" {
                break
            }
            out.append(ch)
        }
        return out
    }

    /// The scenario's first error as `line:col: message`, ignoring "no main block yet"; nil when the
    /// text is fine so far.
    static func firstError(_ text: String) -> String? {
        guard !text.isEmpty else { return nil }
        switch Frontend.load(source: text) {
        case .success: return nil
        case .failure(let d):
            let errors = d.items.filter { $0.severity == .error && !isMissingMain($0) }
            guard let e = errors.first else { return nil }
            return "\(e.location.line):\(e.location.column): \(e.message)"
                + (errors.count > 1 ? " (+\(errors.count - 1) more)" : "")
        }
    }

    static func isMissingMain(_ d: Diagnostic) -> Bool {
        d.message.hasPrefix("empty scenario")
    }
}

extension String {
    var trimmingTrailingSpaces: String {
        var s = self
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return s
    }
}
