/// Turns scenario text into tokens, Python style: NEWLINE ends a logical line, INDENT / DEDENT
/// mark blocks, and lines are joined inside `(` and `[`. Works on UTF-8 bytes; columns count
/// Unicode scalars. Never fails: every problem becomes a diagnostic and lexing goes on.
public enum Lexer {
    public static func tokenize(_ source: String, diagnostics: inout [Diagnostic]) -> [Token] {
        let bytes = Array(source.utf8)
        var lexer = LexerState(bytes: bytes, start: 0, end: bytes.count,
                               line: 1, column: 1, fragment: false)
        lexer.run()
        diagnostics += lexer.diagnostics
        return lexer.tokens
    }

    /// Duration units and how many decimal places of the unit stay on the microsecond grid.
    static let units: [String: (scale: Int, decimals: Int)] = ["s": (6, 6), "ms": (3, 3), "us": (0, 0)]
}

struct LexerState {
    let bytes: [UInt8]
    var pos: Int
    var end: Int
    var line: Int
    var column: Int
    /// An interpolated expression inside a string: no lines, no indentation.
    var fragment: Bool
    var tokens: [Token] = []
    var diagnostics: [Diagnostic] = []
    /// Open indentation levels (none for a fragment).
    var indents: [(width: Int, phantom: Bool)]
    /// Open brackets: the byte, its location, and the indentation of the line it opened on.
    var brackets: [(byte: UInt8, loc: SourceLocation, lineIndent: Int)] = []
    var atLineStart = true
    var currentIndent = 0
    /// A carriage return without a line feed was reported (once a file).
    var reportedLoneCR = false
    /// The segments of the strings being lexed (nested strings stack above their outer one):
    /// each string's array is then made once, at its size.
    var segmentStack: [StringSegment] = []
    /// Lexing in chunks (`Frontend`): `run()` returns after the first token of a top-level line
    /// once the buffer holds this many tokens. `Int.max`: the whole file in one go.
    var chunkTokens = Int.max
    /// The end of the file was reached (and the final tokens emitted).
    var finished = false
    var spellings: SpellingTable

    init(bytes: [UInt8], start: Int, end: Int, line: Int, column: Int, fragment: Bool, chunkTokens: Int = .max) {
        self.chunkTokens = chunkTokens
        self.bytes = bytes
        self.pos = start
        self.end = end
        self.line = line
        self.column = column
        self.fragment = fragment
        self.atLineStart = !fragment
        spellings = SpellingTable()
        indents = fragment ? [] : [(0, false)]
        tokens.reserveCapacity(fragment ? 4 : min((end - start) / 3 + 16, chunkTokens))
    }

    var loc: SourceLocation { SourceLocation(line: line, column: column) }

    mutating func error(_ message: String, at loc: SourceLocation, length: Int = 1, hint: String? = nil) {
        diagnostics.append(Diagnostic(at: loc, length: length, message, hint: hint))
    }

    mutating func emit(_ kind: TokenKind, at loc: SourceLocation, length: Int) {
        tokens.append(Token(kind, at: loc, length: length))
    }

    /// Whether the last token is a NEWLINE (without copying it).
    var endsWithNewline: Bool {
        guard !tokens.isEmpty else { return false }
        if case .newline = tokens[tokens.count - 1].kind { return true }
        return false
    }

    /// Advances one byte, counting a column for every byte that starts a scalar.
    @inline(__always) mutating func bump() {
        if bytes[pos] & 0xC0 != 0x80 { column += 1 }
        pos += 1
        // Keep columns right for multi-byte scalars: continuation bytes do not count.
        while pos < end && bytes[pos] & 0xC0 == 0x80 { pos += 1 }
    }

    func peek(_ offset: Int = 0) -> UInt8 {
        let p = pos + offset
        return p < end ? bytes[p] : 0
    }

    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    static func isIdentStart(_ b: UInt8) -> Bool { (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F }
    static func isIdent(_ b: UInt8) -> Bool { isIdentStart(b) || isDigit(b) }

    func text(_ from: Int, _ to: Int) -> String { String(decoding: bytes[from..<to], as: UTF8.self) }

    /// The scalar at `pos` as readable text for a message.
    func scalarText() -> String {
        var e = pos + 1
        while e < end && bytes[e] & 0xC0 == 0x80 { e += 1 }
        return TextEscaping.escapeControls(text(pos, e))
    }

    mutating func run() {
        // In chunks: the token count after which to stop (set at the start of a top-level line).
        var pauseAfter = Int.max
        while pos < end {
            if tokens.count > pauseAfter { return }
            if atLineStart && brackets.isEmpty && !fragment {
                if !lineStart() { continue }
                if currentIndent == 0 && tokens.count >= chunkTokens { pauseAfter = tokens.count }
            }
            let b = bytes[pos]
            switch b {
            case 0x0A: // newline
                if fragment {
                    bump()
                    continue
                }
                pos += 1
                if brackets.isEmpty {
                    if !tokens.isEmpty && !endsWithNewline {
                        emit(.newline, at: SourceLocation(line: line, column: column), length: 1)
                    }
                    atLineStart = true
                    line += 1
                    column = 1
                } else {
                    line += 1
                    column = 1
                    closeBracketsIfAbandoned()
                }
            case 0x0D where !reportedLoneCR && !fragment && (pos + 1 >= end || bytes[pos + 1] != 0x0A):
                // Old Mac line endings: the whole file read as one line, with confusing errors.
                reportedLoneCR = true
                error("carriage return without a line feed: lines must end with \\n (or \\r\\n)", at: loc,
                      hint: "the file has old Mac line endings (CR): save it with Unix (LF) line endings")
                bump()
            case 0x20, 0x09, 0x0D, 0x0C:
                bump()
            case 0x23: // '#'
                while pos < end && bytes[pos] != 0x0A { bump() }
            case 0x22, 0x27:
                lexString()
            default:
                if LexerState.isDigit(b) || (b == 0x2E && LexerState.isDigit(peek(1))) {
                    lexNumber()
                } else if LexerState.isIdentStart(b) {
                    let start = pos, l = loc
                    var h = SpellingTable.start
                    while pos < end {
                        let c = bytes[pos]
                        guard LexerState.isIdent(c) else { break }
                        h = SpellingTable.step(h, c)
                        pos += 1
                    }
                    column += pos - start
                    let (name, word) = spellings.name(bytes, start, pos, hash: h)
                    tokens.append(Token(.name(name), at: l, length: pos - start, word: word))
                } else {
                    lexOperator()
                }
            }
        }
        finish()
    }

    /// Handles the indentation of a new physical line. Returns false if the line was blank.
    mutating func lineStart() -> Bool {
        var p = pos
        var width = 0
        var tab: SourceLocation?
        var col = 1
        while p < end {
            let c = bytes[p]
            if c == 0x20 { width += 1 } else if c == 0x09 {
                if tab == nil { tab = SourceLocation(line: line, column: col) }
                width += 8 - width % 8
            } else if c == 0x0C { width = 0 } else { break }
            p += 1
            col += 1
        }
        // Blank or comment-only line: no tokens.
        if p >= end || bytes[p] == 0x0A || bytes[p] == 0x23 || (bytes[p] == 0x0D && (p + 1 >= end || bytes[p + 1] == 0x0A)) {
            while p < end && bytes[p] != 0x0A { p += 1 }
            if p < end { p += 1 }
            pos = p
            line += 1
            column = 1
            return false
        }
        pos = p
        column = col
        atLineStart = false
        if let tab {
            error("tab in indentation: indent with spaces", at: tab,
                  hint: "blocks are indented with spaces, as in Python (4 spaces per level is usual)")
        }
        currentIndent = width
        let l = loc
        if width > indents[indents.count - 1].width {
            indents.append((width, false))
            emit(.indent, at: l, length: 0)
        } else {
            while width < indents[indents.count - 1].width {
                let top = indents.removeLast()
                if !top.phantom { emit(.dedent, at: l, length: 0) }
            }
            if width > indents[indents.count - 1].width {
                error("unindent does not match any outer indentation level", at: l,
                      hint: "line this statement up with the block it belongs to")
                indents.append((width, true))
            }
        }
        return true
    }

    /// Inside brackets, a line that goes back to (or before) the indentation of the line where the
    /// outermost bracket opened, and does not close it, means a bracket was never closed: report it
    /// at the bracket and go on as if it had been closed, so the rest of the file still parses.
    mutating func closeBracketsIfAbandoned() {
        var p = pos
        var width = 0
        while p < end && (bytes[p] == 0x20 || bytes[p] == 0x09) { width += 1; p += 1 }
        if p >= end { return }
        let c = bytes[p]
        if c == 0x0A || c == 0x23 || c == 0x0D || c == 0x29 || c == 0x5D { return }
        guard let outer = brackets.first, width <= outer.lineIndent else { return }
        // Close where the last token ends: blank or comment lines may lie between it and here.
        let closeAt = tokens.last.map { SourceLocation(line: $0.loc.line, column: $0.loc.column + $0.length) }
            ?? SourceLocation(line: line - 1, column: 1)
        closeAllBrackets(at: closeAt)
        if let last = tokens.last, last.kind != .newline {
            emit(.newline, at: tokens.last.map { SourceLocation(line: $0.loc.line, column: $0.loc.column + $0.length) } ?? loc, length: 1)
        }
        atLineStart = true
    }

    mutating func closeAllBrackets(at closeLoc: SourceLocation) {
        while let open = brackets.popLast() {
            let ch = open.byte == 0x28 ? "(" : "["
            error("'\(ch)' was never closed", at: open.loc, hint: "add the matching '\(ch == "(" ? ")" : "]")'")
            emit(.op(ch == "(" ? .rparen : .rbracket), at: closeLoc, length: 0)
        }
    }

    mutating func finish() {
        if fragment {
            if !brackets.isEmpty { closeAllBrackets(at: loc) }
            emit(.eof, at: loc, length: 0)
            return
        }
        finished = true
        if !brackets.isEmpty { closeAllBrackets(at: loc) }
        if let last = tokens.last, last.kind != .newline {
            emit(.newline, at: loc, length: 1)
        }
        let l = SourceLocation(line: line, column: 1)
        while indents.count > 1 {
            let top = indents.removeLast()
            if !top.phantom { emit(.dedent, at: l, length: 0) }
        }
        emit(.eof, at: l, length: 0)
    }

    // MARK: Numbers

    mutating func lexNumber() {
        let start = pos, l = loc
        var fraction = 0  // digits after the '.'
        var isFloat = false
        var exponent: Int?
        while pos < end && (LexerState.isDigit(bytes[pos]) || bytes[pos] == 0x5F) { pos += 1 }
        if pos < end && bytes[pos] == 0x2E && LexerState.isDigit(peek(1)) {
            isFloat = true
            pos += 1
            while pos < end && (LexerState.isDigit(bytes[pos]) || bytes[pos] == 0x5F) {
                if bytes[pos] != 0x5F { fraction += 1 }
                pos += 1
            }
        }
        let mantissaEnd = pos
        if pos < end && (bytes[pos] == 0x65 || bytes[pos] == 0x45)
            && (LexerState.isDigit(peek(1)) || ((peek(1) == 0x2B || peek(1) == 0x2D) && LexerState.isDigit(peek(2)))) {
            isFloat = true
            pos += 1
            var sign = 1
            if bytes[pos] == 0x2B || bytes[pos] == 0x2D { sign = bytes[pos] == 0x2D ? -1 : 1; pos += 1 }
            var e = 0
            while pos < end && LexerState.isDigit(bytes[pos]) {
                e = min(e * 10 + Int(bytes[pos] - 0x30), 100_000)
                pos += 1
            }
            exponent = sign * e
        }
        let numberEnd = pos
        var unitStart: Int?
        if pos < end && LexerState.isIdentStart(bytes[pos]) {
            unitStart = pos
            while pos < end && LexerState.isIdent(bytes[pos]) { pos += 1 }
        }
        column += pos - start
        let length = pos - start
        if let unitStart, exponent == nil, let value = fastDuration(start, mantissaEnd, fraction: fraction, unitStart: unitStart) {
            var h = SpellingTable.start
            for k in start..<pos { h = SpellingTable.step(h, bytes[k]) }
            let (written, _) = spellings.name(bytes, start, pos, hash: h)
            if let value {
                emit(.duration(value, text: written), at: l, length: length)
            } else {
                error("'\(written)' has more than 6 decimals of a second", at: l, length: length,
                      hint: "the clock counts whole microseconds; the smallest duration is 1us")
                emit(.duration(slowDurationValue(start, mantissaEnd, fraction: fraction, unitStart: unitStart), text: written),
                     at: l, length: length)
            }
            return
        }
        if let unitStart {
            let unit = text(unitStart, pos)
            let written = text(start, pos)
            guard let u = Lexer.units[unit] else {
                error("unknown duration unit '\(unit)' in '\(written)'", at: l, length: length,
                      hint: "durations use us, ms or s (for example 200ms or 1.5s)")
                emit(.duration(0, text: written), at: l, length: length)
                return
            }
            if exponent != nil {
                error("a duration cannot have an exponent", at: l, length: length,
                      hint: "write it with a smaller unit, e.g. 5ms instead of 5e-3s")
                emit(.duration(0, text: written), at: l, length: length)
                return
            }
            // The mantissa digits without '.' and '_'; decimals that matter: trailing zeros of the
            // fraction do not.
            var digits: [UInt8] = []
            for b in bytes[start..<mantissaEnd] where LexerState.isDigit(b) { digits.append(b) }
            var frac = fraction
            while frac > 0 && digits.last == 0x30 { digits.removeLast(); frac -= 1 }
            if frac > u.decimals {
                error("'\(written)' has more than 6 decimals of a second", at: l, length: length,
                      hint: "the clock counts whole microseconds; the smallest duration is 1us")
            }
            let mantissa = digits.isEmpty ? "0" : String(decoding: digits, as: UTF8.self)
            let value = Double(mantissa + "e\(-(frac + 6 - u.scale))") ?? 0
            emit(.duration(value, text: written), at: l, length: length)
            return
        }
        if isFloat {
            var numText = ""
            numText.unicodeScalars.reserveCapacity(numberEnd - start)
            for b in bytes[start..<numberEnd] where b != 0x5F { numText.unicodeScalars.append(Unicode.Scalar(b)) }
            emit(.float(Double(numText) ?? .infinity), at: l, length: length)
            return
        }
        var v = 0
        var overflow = false
        for b in bytes[start..<numberEnd] where b != 0x5F {
            let (m, o1) = v.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(Int(b &- 0x30))
            v = a
            if o1 || o2 { overflow = true; break }
        }
        if !overflow {
            emit(.int(v), at: l, length: length)
        } else {
            error("integer literal '\(text(start, pos))' is too large", at: l, length: length,
                  hint: "integers in a scenario must fit in 64 bits")
            emit(.int(0), at: l, length: length)
        }
    }

    /// Powers of ten that a `Double` holds exactly.
    static let exactPowersOfTen: [Double] = (0...22).map { k in (0..<k).reduce(1.0) { x, _ in x * 10 } }

    /// The value of a duration `digits[.fraction]unit` without building strings, when that is exact:
    /// nil if the unit is not s / ms / us or the mantissa is too long for the fast path;
    /// `.some(nil)` if it has more decimals than the microsecond grid allows (an error).
    /// The value is `M / 10^k` with M < 2^53 and k ≤ 22, both exact doubles, so the division
    /// rounds exactly as parsing the decimal text does.
    func fastDuration(_ start: Int, _ mantissaEnd: Int, fraction: Int, unitStart: Int) -> Double?? {
        let unitLength = pos - unitStart
        let u0 = bytes[unitStart]
        let scale: Int
        if unitLength == 1 && u0 == 0x73 { scale = 6 } // s
        else if unitLength == 2 && bytes[unitStart + 1] == 0x73 && (u0 == 0x6D || u0 == 0x75) { scale = u0 == 0x6D ? 3 : 0 } // ms, us
        else { return nil }
        var m: UInt64 = 0
        var digits = 0
        for k in start..<mantissaEnd {
            let b = bytes[k]
            guard LexerState.isDigit(b) else { continue }
            digits += 1
            if digits > 18 { return nil }
            m = m * 10 + UInt64(b - 0x30)
        }
        var frac = fraction
        while frac > 0 && m % 10 == 0 && m != 0 { m /= 10; frac -= 1 }
        if m == 0 { frac = 0 }
        if frac > scale { return .some(nil) }
        let k = frac + 6 - scale
        guard m <= 1 << 53, k <= 22 else { return nil }
        return .some(Double(m) / LexerState.exactPowersOfTen[k])
    }

    /// The value of a duration by parsing its decimal text (used after an error).
    func slowDurationValue(_ start: Int, _ mantissaEnd: Int, fraction: Int, unitStart: Int) -> Double {
        let unit = text(unitStart, pos)
        guard let u = Lexer.units[unit] else { return 0 }
        var digits: [UInt8] = []
        for b in bytes[start..<mantissaEnd] where LexerState.isDigit(b) { digits.append(b) }
        var frac = fraction
        while frac > 0 && digits.last == 0x30 { digits.removeLast(); frac -= 1 }
        let mantissa = digits.isEmpty ? "0" : String(decoding: digits, as: UTF8.self)
        return Double(mantissa + "e\(-(frac + 6 - u.scale))") ?? 0
    }

    // MARK: Operators

    mutating func lexOperator() {
        let l = loc
        let b = bytes[pos]
        let next: UInt8 = pos + 1 < end ? bytes[pos + 1] : 0
        var two: TokenOp?
        if next == 0x3D {
            switch b {
            case 0x3D: two = .eq
            case 0x21: two = .ne
            case 0x3C: two = .le
            case 0x3E: two = .ge
            default: break
            }
        } else if next == b {
            if b == 0x2F { two = .floorDiv } else if b == 0x2A { two = .power }
        }
        if let two {
            pos += 2
            column += 2
            tokens.append(Token(.op(two), at: l, length: 2, word: .other))
            return
        }
        switch b {
        case 0x28, 0x5B: // ( [
            brackets.append((b, l, currentIndent))
            bump()
            emit(.op(b == 0x28 ? .lparen : .lbracket), at: l, length: 1)
        case 0x29, 0x5D: // ) ]
            let ch = b == 0x29 ? ")" : "]"
            bump()
            guard let open = brackets.popLast() else {
                error("unmatched '\(ch)'", at: l)
                return
            }
            let expected = open.byte == 0x28 ? ")" : "]"
            if expected != ch {
                error("'\(ch)' does not match '\(open.byte == 0x28 ? "(" : "[")' on line \(open.loc.line)", at: l,
                      hint: "close it with '\(expected)'")
            }
            emit(.op(expected == ")" ? .rparen : .rbracket), at: l, length: 1)
        case 0x2B, 0x2D, 0x2A, 0x2F, 0x25, 0x3C, 0x3E, 0x3D, 0x2C, 0x3A, 0x2E:
            bump()
            let op: TokenOp
            switch b {
            case 0x2B: op = .plus
            case 0x2D: op = .minus
            case 0x2A: op = .star
            case 0x2F: op = .slash
            case 0x25: op = .percent
            case 0x3C: op = .lt
            case 0x3E: op = .gt
            case 0x3D: op = .assign
            case 0x2C: op = .comma
            case 0x3A: op = .colon
            default: op = .dot
            }
            tokens.append(Token(.op(op), at: l, length: 1, word: .other))
        default:
            // Collapse a run of characters the language does not use into one error.
            let shown = scalarText()
            let what = b == 0 ? "NUL byte" : "character '\(shown)'"
            var n = 0
            while pos < end && !isTokenStart(bytes[pos]) { bump(); n += 1 }
            if n == 0 { bump(); n = 1 }
            var hint: String?
            if b == 0x7B || b == 0x7D { hint = "braces are only used for interpolation inside strings" }
            else if b == 0x3B { hint = "write one statement per line" }
            else if b == 0x21 { hint = "use 'not' for negation, and '!=' for inequality" }
            else if b == 0 || b >= 0x80 && n > 3 { hint = "is this a scenario file? scenarios are UTF-8 text" }
            error("unexpected \(what)", at: l, length: n, hint: hint)
        }
    }

    func isTokenStart(_ b: UInt8) -> Bool {
        if LexerState.isIdent(b) { return true }
        switch b {
        case 0x0A, 0x20, 0x09, 0x0D, 0x0C, 0x23, 0x22, 0x27, 0x28, 0x29, 0x5B, 0x5D,
             0x2B, 0x2D, 0x2A, 0x2F, 0x25, 0x3C, 0x3E, 0x3D, 0x2C, 0x3A, 0x2E:
            return true
        default:
            return false
        }
    }

    // MARK: Strings

    mutating func lexString() {
        let quote = bytes[pos]
        let l = loc
        pos += 1 // the quote (ASCII)
        column += 1
        let base = segmentStack.count
        // The text since the last segment: `pending` (only after an escape or a doubled brace)
        // followed by the raw bytes `runStart..<pos`.
        var pending: [UInt8] = []
        var runStart = pos
        while true {
            // Plain text: one scan, no per-character work beyond counting columns.
            while pos < end {
                let c = bytes[pos]
                if c == quote || c == 0x0A || c == 0x5C || c == 0x7B || c == 0x7D { break }
                if c & 0xC0 != 0x80 { column += 1 }
                pos += 1
            }
            guard pos < end, bytes[pos] != 0x0A else {
                error("unterminated string", at: l, hint: "close it with \(quote == 0x22 ? "\"" : "'") on the same line")
                break
            }
            let c = bytes[pos]
            if c == quote {
                break
            }
            if c == 0x5C { // backslash
                pending.append(contentsOf: bytes[runStart..<pos])
                let el = loc
                bump()
                guard pos < end, bytes[pos] != 0x0A else { runStart = pos; continue }
                let e = bytes[pos]
                switch e {
                case 0x6E: pending.append(0x0A)
                case 0x74: pending.append(0x09)
                case 0x5C, 0x22, 0x27: pending.append(e)
                default:
                    error("unknown escape sequence '\\\(scalarText())'", at: el, length: 2,
                          hint: "strings know \\n, \\t, \\\\ and \\\"; write {{ and }} for braces")
                }
                bump()
                runStart = pos
                continue
            }
            if c == 0x7B { // {
                if peek(1) == 0x7B {
                    pending.append(contentsOf: bytes[runStart..<pos])
                    pending.append(0x7B)
                    pos += 2
                    column += 2
                    runStart = pos
                    continue
                }
                flushText(&pending, runStart)
                if let seg = lexInterpolation(quote: quote) { segmentStack.append(seg) }
                runStart = pos
                continue
            }
            // }
            pending.append(contentsOf: bytes[runStart..<pos])
            if peek(1) == 0x7D {
                pending.append(0x7D)
                pos += 2
                column += 2
                runStart = pos
                continue
            }
            error("single '}' is not allowed in a string", at: loc, hint: "write '}}' for a literal brace")
            pos += 1
            column += 1
            runStart = pos
        }
        flushText(&pending, runStart)
        if pos < end && bytes[pos] == quote {
            pos += 1
            column += 1
        }
        let length = (l.line == line) ? max(1, column - l.column) : 1
        var segments: [StringSegment] = []
        segments.reserveCapacity(segmentStack.count - base)
        segments.append(contentsOf: segmentStack[base...])
        segmentStack.removeSubrange(base...)
        emit(.string(segments), at: l, length: length)
    }

    /// Ends a text segment: `pending` then the bytes `runStart..<pos`.
    @inline(__always)
    mutating func flushText(_ pending: inout [UInt8], _ runStart: Int) {
        if pending.isEmpty {
            if runStart < pos {
                segmentStack.append(.text(String(decoding: bytes[runStart..<pos], as: UTF8.self)))
            }
        } else {
            pending.append(contentsOf: bytes[runStart..<pos])
            segmentStack.append(.text(String(decoding: pending, as: UTF8.self)))
            pending.removeAll(keepingCapacity: true)
        }
    }

    /// At a `{` inside a string: scans `{expr}` or `{expr:spec}` and tokenizes the expression
    /// where it stands in the file.
    mutating func lexInterpolation(quote: UInt8) -> StringSegment? {
        let braceLoc = loc
        bump()
        let exprStart = pos
        let exprLoc = loc
        var depth = 0
        var exprEnd: Int?
        var specStart: Int?
        var inner: UInt8? // a quote of the other kind, inside the expression
        while pos < end {
            let c = bytes[pos]
            if c == 0x0A || (c == quote && inner == nil) { break }
            if let q = inner {
                if c == q { inner = nil }
                bump()
                continue
            }
            if specStart != nil {
                if c == 0x7D { break }
                if c == 0x7B {
                    error("nested '{' in a format spec is not supported", at: loc)
                }
                bump()
                continue
            }
            switch c {
            case 0x22, 0x27: inner = c
            case 0x28, 0x5B, 0x7B: depth += 1
            case 0x29, 0x5D: depth = max(0, depth - 1)
            case 0x7D:
                if depth == 0 { exprEnd = pos } else { depth -= 1 }
            case 0x3A:
                if depth == 0 { exprEnd = pos; specStart = pos + 1 }
            default: break
            }
            if exprEnd != nil && specStart == nil { break }
            bump()
        }
        guard pos < end, bytes[pos] == 0x7D, let exprEnd else {
            error("'{' is never closed in this string", at: braceLoc,
                  hint: "close the interpolation with '}', or write '{{' for a literal brace")
            return nil
        }
        let spec = specStart.map { text($0, pos) }
        bump() // }
        var blank = true
        for k in exprStart..<exprEnd where bytes[k] != 0x20 {
            blank = false
            break
        }
        if blank {
            error("empty expression in '{}'", at: braceLoc, length: 2,
                  hint: "put an expression between the braces, or write '{{' and '}}' for literal braces")
            return nil
        }
        // Lex the expression with this lexer (its names join this file's table), as a fragment:
        // its own tokens and brackets, then everything is put back.
        let saved = (pos: pos, end: end, line: line, column: column, fragment: fragment,
                     atLineStart: atLineStart, currentIndent: currentIndent)
        var fragmentTokens: [Token] = []
        fragmentTokens.reserveCapacity(4)
        var outerBrackets: [(byte: UInt8, loc: SourceLocation, lineIndent: Int)] = []
        swap(&tokens, &fragmentTokens)
        swap(&brackets, &outerBrackets)
        pos = exprStart
        end = exprEnd
        line = exprLoc.line
        column = exprLoc.column
        fragment = true
        atLineStart = false
        currentIndent = 0
        run()
        swap(&tokens, &fragmentTokens)
        swap(&brackets, &outerBrackets)
        pos = saved.pos
        end = saved.end
        line = saved.line
        column = saved.column
        fragment = saved.fragment
        atLineStart = saved.atLineStart
        currentIndent = saved.currentIndent
        return .interpolation(tokens: fragmentTokens, spec: spec, loc: exprLoc)
    }
}
