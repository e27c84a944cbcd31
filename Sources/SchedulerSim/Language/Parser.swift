/// Recursive-descent parser from tokens to the `Scenario` tree. On a syntax error it records a
/// diagnostic, skips the rest of the line (and a block the line opened is still parsed for its own
/// errors), and goes on: every error of a file is reported. Nesting is capped, so no input can
/// overflow the stack.
public struct Parser {
    public var diagnostics: [Diagnostic] = []
    var tokens: [Token]
    var i = 0
    /// Current nesting (blocks and expressions), capped at `maxDepth`.
    var depth = 0
    static let maxDepth = 100
    /// Operators chained on one level (`1 + 1 + …`, `a and b and …`, `x[0][0]…`) build a tree as
    /// deep as the chain is long without nesting the parser: the checker, the compiler and the
    /// exports walk the tree recursively (and freeing it recurses too), so its height is capped as
    /// well. `chainHeight` counts the links of the chains being parsed (they stack: `(1+…) + …`).
    var chainHeight = 0
    static let maxChainHeight = 1000
    var reportedDepth = false
    /// Parsing the expression of a string's `{…}`.
    var inFragment = false
    /// See `Scenario.nameLocations`.
    var nameLocations: [SourceLocation: [SourceLocation]] = [:]
    var namesOnBrokenLines: Set<String> = []
    var brokenTopLevel = false
    /// Expressions of the lists being parsed (arguments, items; nested lists stack above their
    /// outer one): each list's array is then made once, at its size.
    var exprStack: [Expr] = []
    /// Streaming (`init(source:)`): the lexer that supplies the tokens, a top-level form at a time.
    /// Tokens before the current form are dropped, so the whole file's tokens never coexist.
    var lexer: LexerState?

    struct SyntaxError: Error {}

    public init(tokens: [Token]) {
        self.tokens = tokens
        if tokens.last?.kind != .eof {
            let l = tokens.last.map { $0.loc } ?? SourceLocation(line: 1, column: 1)
            self.tokens.append(Token(.eof, at: l, length: 0))
        }
    }

    /// Parses `source`, lexing it as parsing goes (same tokens and diagnostics as
    /// `Lexer.tokenize` then `init(tokens:)`; the lexer's diagnostics are in `lexerDiagnostics`).
    init(source: String) {
        let bytes = Array(source.utf8)
        lexer = LexerState(bytes: bytes, start: 0, end: bytes.count, line: 1, column: 1,
                           fragment: false, chunkTokens: 4096)
        tokens = []
        extend()
        if tokens.count == 1 { extend() }
    }

    /// The lexer's diagnostics (streaming).
    var lexerDiagnostics: [Diagnostic] { lexer?.diagnostics ?? [] }

    /// Streaming: lexes on (through the first token of a later top-level line, or to the end of
    /// the file) and appends. Keeps a token after the current one whenever the file has one, so
    /// lookahead sees what the whole token list would show.
    mutating func extend() {
        guard lexer != nil, !lexer!.finished, !inFragment else { return }
        swap(&tokens, &lexer!.tokens)
        lexer!.run()
        swap(&tokens, &lexer!.tokens)
    }

    /// Streaming, between top-level forms (nothing refers to earlier tokens): drops the tokens
    /// before the current one once there are many.
    mutating func dropConsumedTokens() {
        guard i >= 4096 else { return }
        tokens.removeSubrange(0..<i)
        i = 0
    }

    // MARK: Token helpers

    var tok: Token { tokens[i] }
    var kind: TokenKind { tokens[i].kind }

    func peekKind(_ offset: Int) -> TokenKind {
        let j = i + offset
        return j < tokens.count ? tokens[j].kind : .eof
    }

    /// Moves past the current token (stays on the final EOF).
    @inline(__always)
    mutating func skip() {
        if i < tokens.count - 1 {
            i += 1
            if i == tokens.count - 1 && lexer != nil { extend() }
        }
    }

    /// The current token's operator, if it is one (without copying the token).
    var op: TokenOp? {
        if case .op(let o) = tokens[i].kind { return o }
        return nil
    }

    mutating func advance() -> Token {
        let t = tokens[i]
        skip()
        return t
    }

    func isOp(_ o: TokenOp) -> Bool {
        if case .op(let x) = tokens[i].kind { return x == o }
        return false
    }

    func isWord(_ w: Word) -> Bool { tokens[i].word == w }

    var word: String? {
        if case .name(let x) = kind { return x }
        return nil
    }

    var atLineEnd: Bool {
        switch kind {
        case .newline, .eof, .dedent: return true
        default: return false
        }
    }

    mutating func error(_ message: String, at t: Token, hint: String? = nil) {
        diagnostics.append(Diagnostic(at: t.loc, length: max(1, t.length), message, hint: hint))
    }

    mutating func error(_ message: String, at loc: SourceLocation, length: Int = 1, hint: String? = nil) {
        diagnostics.append(Diagnostic(at: loc, length: length, message, hint: hint))
    }

    /// Records an error at the current token and returns the error to throw.
    /// An error at a closing bracket the lexer made up for a bracket never closed (a zero-length
    /// token) is not recorded: it follows from the "was never closed" error already given, and it
    /// would point at a ')' the user never wrote, possibly past the end of the file.
    mutating func fail(_ message: String, hint: String? = nil) -> SyntaxError {
        if !isSyntheticCloser { error(message, at: tok, hint: hint) }
        return SyntaxError()
    }

    var isSyntheticCloser: Bool {
        tok.length == 0 && (isOp(.rparen) || isOp(.rbracket))
    }

    mutating func failExpected(_ what: String, hint: String? = nil) -> SyntaxError {
        let found = inFragment && kind == .eof ? "the end of '{…}'" : kind.display
        return fail("expected \(what), found \(found)", hint: hint)
    }

    mutating func expectOp(_ o: TokenOp, hint: String? = nil) throws {
        guard isOp(o) else { throw failExpected("'\(o.rawValue)'", hint: hint) }
        skip()
    }

    mutating func expectWord(_ w: Word) throws {
        guard isWord(w) else { throw failExpected("'\(w.rawValue)'") }
        skip()
    }

    mutating func expectLineEnd() throws {
        switch kind {
        case .newline: skip()
        case .eof, .dedent: break
        default: throw failExpected("end of line")
        }
    }

    mutating func enter() throws {
        depth += 1
        if depth > Parser.maxDepth {
            depth -= 1
            throw fail("too deeply nested (more than \(Parser.maxDepth) levels)",
                       hint: "split this into smaller pieces")
        }
    }

    mutating func leave() { depth -= 1 }

    /// One more link in an operator chain (see `chainHeight`); `links` counts this chain's links,
    /// to give back with `endChain`.
    @inline(__always)
    mutating func chainLink(_ links: inout Int) throws {
        links += 1
        chainHeight += 1
        if chainHeight > Parser.maxChainHeight {
            throw fail("expression too long (more than \(Parser.maxChainHeight) operators in a row)",
                       hint: "split it: compute parts into variables, or loop over a list")
        }
    }

    @inline(__always)
    mutating func endChain(_ links: Int) { chainHeight -= links }

    /// The expressions pushed on `exprStack` since `base`, as an array of their number; pops them.
    mutating func popExprs(from base: Int) -> [Expr] {
        var out: [Expr] = []
        out.reserveCapacity(exprStack.count - base)
        out.append(contentsOf: exprStack[base...])
        exprStack.removeSubrange(base...)
        return out
    }

    /// A name that is being bound (a parameter, a declaration, a target): reserved words are
    /// reported, and parsing goes on.
    mutating func bindingName(_ what: String) throws -> (String, SourceLocation) {
        guard case .name(let n) = kind else { throw failExpected(what) }
        let t = advance()
        if t.word.isReserved {
            error("'\(n)' is a reserved word and cannot be used as a name", at: t,
                  hint: "choose another name, e.g. '\(n)_'")
        }
        return (n, t.loc)
    }

    // MARK: Recovery

    /// Skips to the end of the logical line. If the line opened a block, the block is parsed for
    /// its own errors and dropped.
    mutating func recover() {
        let start = i
        defer { noteBrokenNames(from: start) }
        while true {
            switch kind {
            case .newline:
                skip()
                if case .indent = kind { skipBlock() }
                return
            case .eof, .dedent:
                return
            case .indent:
                skipBlock()
                return
            default:
                skip()
            }
        }
    }

    /// Remembers the words of tokens `start..<i`, which belong to dropped lines.
    mutating func noteBrokenNames(from start: Int) {
        var j = start
        while j < i {
            if case .name(let n) = tokens[j].kind { namesOnBrokenLines.insert(n) }
            j += 1
        }
    }

    /// At an INDENT: parses the block's statements (for their diagnostics) and drops them.
    mutating func skipBlock() {
        guard case .indent = kind else { return }
        if depth >= Parser.maxDepth {
            skipBalanced()
            return
        }
        skip()
        depth += 1
        defer { depth -= 1 }
        var dropped: [Stmt] = []
        while true {
            switch kind {
            case .dedent: skip(); return
            case .eof: return
            default: statementRecovering(into: &dropped)
            }
            dropped.removeAll()
        }
    }

    /// Skips an indented block without parsing it (iteratively: any depth).
    mutating func skipBalanced() {
        var level = 0
        repeat {
            switch kind {
            case .indent: level += 1
            case .dedent: level -= 1
            case .eof: return
            default: break
            }
            skip()
        } while level > 0
    }

    // MARK: Top level

    public mutating func parseScenario() -> Scenario {
        var scenario = Scenario()
        while true {
            if lexer != nil { dropConsumedTokens() }
            switch kind {
            case .eof:
                scenario.nameLocations = nameLocations
                scenario.namesOnBrokenLines = namesOnBrokenLines
                scenario.brokenTopLevel = brokenTopLevel
                return scenario
            case .newline, .dedent:
                skip()
            case .indent:
                error("unexpected indent", at: tok, hint: "top-level forms start at column 1")
                // An indented top-level form (`    main:`) is read as one, so the only error is
                // the indent (it gave "empty scenario" and "'main' is a reserved word" too);
                // anything else is checked as a block of statements and dropped.
                if case .name(let w) = peekKind(1), Keywords.topLevelWords.contains(w) {
                    skip()
                } else {
                    skipBlock()
                }
            default:
                let start = i
                do {
                    try topLevel(&scenario)
                } catch {
                    brokenTopLevel = true
                    recover()
                    noteBrokenNames(from: start)
                }
                if i == start { skip() }
            }
        }
    }

    mutating func topLevel(_ s: inout Scenario) throws {
        let head = tok
        guard case .name(let w) = kind else {
            throw fail("expected a top-level form (title, note, seed, until, workers, var, lock, semaphore, event, queue, def, task or main:), found \(kind.display)")
        }
        switch head.word {
        case .title, .note:
            skip()
            let text = try plainString(w)
            if w == "title" {
                if s.title != nil { error("duplicate 'title'", at: head, hint: "use 'note' for more lines") }
                s.title = text
            } else {
                s.notes.append(text)
            }
            try expectLineEnd()
        case .seed:
            skip()
            s.seed = try intLiteral("seed", allowNegative: true)
            try expectLineEnd()
        case .workers:
            skip()
            let t = tok
            let n = try intLiteral("workers", allowNegative: false)
            if n < 1 { error("'workers' must be at least 1", at: t) }
            if n > 10_000 { error("'workers' is at most 10000", at: t, hint: "a to_thread pool has a few workers (CPython's default is min(32, CPUs + 4))") }
            s.workers = min(max(1, n), 10_000)
            try expectLineEnd()
        case .until:
            skip()
            let t = tok
            var v: Double
            switch kind {
            case .duration(let d, _): v = d
            case .int(let n): v = Double(n)
            case .float(let f): v = f
            default: throw failExpected("a duration after 'until'", hint: "for example: until 10s")
            }
            skip()
            if !(v > 0) || !v.isFinite {
                error("'until' must be a positive duration", at: t)
                v = 300
            }
            s.until = v
            try expectLineEnd()
        case .var:
            skip()
            let (name, _) = try bindingName("a variable name after 'var'")
            try expectOp(.assign, hint: "write: var \(name) = value")
            let value = try parseExpr()
            s.vars.append(VarDecl(name: name, value: value, loc: head.loc))
            try expectLineEnd()
        case .lock, .event:
            skip()
            let (name, _) = try bindingName("a name after '\(w)'")
            s.resources.append(ResourceDecl(kind: w == "lock" ? .lock : .event, name: name, size: nil, loc: head.loc))
            if !atLineEnd, case .name(let opt) = kind {
                throw fail("unknown option '\(opt)' for '\(w)'", hint: "'\(w) NAME' takes no options")
            }
            try expectLineEnd()
        case .semaphore:
            skip()
            let (name, _) = try bindingName("a name after 'semaphore'")
            if atLineEnd {
                throw fail("'semaphore' needs an initial value", hint: "for example: semaphore \(name) 3")
            }
            let size = try parseExpr()
            s.resources.append(ResourceDecl(kind: .semaphore, name: name, size: size, loc: head.loc))
            try expectLineEnd()
        case .queue:
            skip()
            let (name, _) = try bindingName("a name after 'queue'")
            var size: Expr?
            if case .name(let opt) = kind {
                if opt == "maxsize" {
                    skip()
                    size = try parseExpr()
                } else {
                    let near = Keywords.closest(to: opt, in: ["maxsize"])
                    throw fail("unknown option '\(opt)' for 'queue'",
                               hint: near.map { "did you mean '\($0)'?" } ?? "write: queue \(name) maxsize N")
                }
            } else if !atLineEnd {
                throw failExpected("'maxsize' or end of line", hint: "write: queue \(name) maxsize N")
            }
            s.resources.append(ResourceDecl(kind: .queue, name: name, size: size, loc: head.loc))
            try expectLineEnd()
        case .def:
            skip()
            let (name, _) = try bindingName("a function name after 'def'")
            try expectOp(.lparen, hint: "write: def \(name)(params):")
            var params: [Param] = []
            while !isOp(.rparen) {
                let (p, ploc) = try bindingName("a parameter name")
                params.append(Param(name: p, loc: ploc))
                if isOp(.assign) { throw fail("default parameter values are not supported") }
                if isOp(.comma) { skip() } else if !isOp(.rparen) { throw failExpected("',' or ')'") }
            }
            skip()
            let body = try blockAfterColon(head: head)
            s.defs.append(FunctionDef(name: name, params: params, body: body, loc: head.loc))
        case .task:
            skip()
            let (name, _) = try bindingName("a task name after 'task'")
            let body = try blockAfterColon(head: head)
            s.tasks.append(TaskBlock(name: name, body: body, loc: head.loc))
        case .main:
            skip()
            let body = try blockAfterColon(head: head)
            if let first = s.mainLoc {
                error("duplicate 'main:' block (the first is on line \(first.line))", at: head)
            } else {
                s.main = body
                s.mainLoc = head.loc
            }
        case .async:
            throw fail("'async' is not needed: every def is a coroutine", hint: "write: def NAME(params):")
        default:
            if Keywords.statementStarters.contains(w) {
                throw fail("'\(w)' must be inside 'main:', a 'task' block or a 'def'",
                           hint: "put the statements of the program in a 'main:' block")
            }
            let near = Keywords.closest(to: w, in: Keywords.topLevelWords)
            throw fail("unknown top-level form '\(w)'", hint: near.map { "did you mean '\($0)'?" }
                       ?? "a file holds title, note, seed, until, workers, var, lock, semaphore, event, queue, def, task and main:")
        }
    }

    mutating func plainString(_ form: String) throws -> String {
        guard case .string(let segments) = kind else {
            throw failExpected("a string after '\(form)'", hint: "for example: \(form) \"text\"")
        }
        let t = advance()
        var out = ""
        for seg in segments {
            switch seg {
            case .text(let s): out += s
            case .interpolation:
                error("'\(form)' takes plain text: '{…}' is not interpolated here", at: t,
                      hint: "write {{ and }} for literal braces")
            }
        }
        return out
    }

    mutating func intLiteral(_ form: String, allowNegative: Bool) throws -> Int {
        var sign = 1
        if allowNegative && isOp(.minus) {
            skip()
            sign = -1
        }
        guard case .int(let n) = kind else { throw failExpected("an integer after '\(form)'") }
        skip()
        return sign * n
    }
}
