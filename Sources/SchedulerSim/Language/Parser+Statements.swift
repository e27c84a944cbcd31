extension Parser {
    // MARK: Blocks

    /// `:` then either NEWLINE INDENT statements DEDENT, or one statement on the same line.
    mutating func blockAfterColon(head: Token) throws -> [Stmt] {
        var headWord: String { if case .name(let w) = head.kind { return w } else { return "this line" } }
        try expectOp(.colon, hint: "a block starts with a line ending in ':'")
        if case .newline = kind {
            skip()
            guard case .indent = kind else {
                error("expected an indented block after '\(headWord)' on line \(head.loc.line)", at: head,
                      hint: "indent the block's statements with spaces; write 'pass' for an empty block")
                return []
            }
            return block()
        }
        if atLineEnd {
            error("expected an indented block after '\(headWord)' on line \(head.loc.line)", at: head,
                  hint: "indent the block's statements with spaces; write 'pass' for an empty block")
            return []
        }
        // `if x: pass` — one simple statement on the header line.
        var body: [Stmt] = []
        statementRecovering(into: &body)
        return body
    }

    /// At an INDENT: the statements of the block, through its DEDENT.
    mutating func block() -> [Stmt] {
        if depth >= Parser.maxDepth {
            if !reportedDepth {
                error("too deeply nested (more than \(Parser.maxDepth) levels)", at: tok,
                      hint: "split this into smaller defs")
                reportedDepth = true
            }
            skipBalanced()
            return []
        }
        skip() // INDENT
        depth += 1
        defer { depth -= 1 }
        var body: [Stmt] = []
        while true {
            switch kind {
            case .dedent:
                skip()
                return body
            case .eof:
                return body
            case .newline:
                skip()
            default:
                statementRecovering(into: &body)
            }
        }
    }

    mutating func statementRecovering(into body: inout [Stmt]) {
        let start = i
        do {
            body.append(try statement())
        } catch {
            recover()
            noteBrokenNames(from: start)
        }
        if i == start { skip() }
    }

    // MARK: Statements

    mutating func statement() throws -> Stmt {
        let head = tok
        let loc = head.loc
        if case .indent = kind {
            error("unexpected indent", at: head, hint: "statements of one block line up at the same column")
            skipBlock()
            throw SyntaxError()
        }
        guard case .name(let w) = kind else { return try simpleStatement() }
        let kw = head.word

        // A statement word used as a variable: `sleep = 1`, `set, x = ...`.
        if kw.isReserved && !kw.isLiteral {
            if case .op(let o) = peekKind(1), o == .assign || (o == .comma && kw != .print) {
                throw fail("'\(w)' is a reserved word and cannot be used as a name",
                           hint: "choose another name, e.g. '\(w)_'")
            }
        }

        switch kw {
        case .sleep, .cpu:
            skip()
            let d = try lineExpr("a duration after '\(w)'")
            return Stmt(w == "sleep" ? .sleep(d) : .cpu(d), at: loc)
        case .print:
            skip()
            return Stmt(.print(try printArgs()), at: loc)
        case .cancel, .acquire, .release, .task_done, .join, .set, .clear:
            skip()
            let e = try lineExpr("an operand after '\(w)'")
            let k: StmtKind
            switch kw {
            case .cancel: k = .cancel(e)
            case .acquire: k = .acquire(e)
            case .release: k = .release(e)
            case .task_done: k = .taskDone(e)
            case .join: k = .join(e)
            case .set: k = .set(e)
            default: k = .clear(e)
            }
            return Stmt(k, at: loc)
        case .put, .append:
            skip()
            if atLineEnd { throw failExpected("a \(w == "put" ? "queue" : "list") after '\(w)'") }
            let target = try parsePostfix()
            if atLineEnd {
                throw fail("'\(w)' needs a value", hint: "write: \(w) \(w == "put" ? "QUEUE" : "LIST") value")
            }
            let value = try parseExpr()
            try expectLineEnd()
            return Stmt(w == "put" ? .put(target, value) : .append(target, value), at: loc)
        case .wait:
            skip()
            let (items, mode, timeout, hasOption) = try waitTail()
            try expectLineEnd()
            if items.count == 1, !hasOption {
                if case .star = items[0].kind {} else { return Stmt(.waitEvent(items[0]), at: loc) }
            }
            return Stmt(.action(target: nil, .wait(items: items, mode: mode, timeout: timeout)), at: loc)
        case .to_thread, .await, .gather, .wait_for, .get:
            let a = try action()
            try expectLineEnd()
            return Stmt(.action(target: nil, a), at: loc)
        case .timeout:
            skip()
            let d = try parseExpr()
            return Stmt(.timeout(d, try blockAfterColon(head: head)), at: loc)
        case .taskgroup:
            skip()
            return Stmt(.taskgroup(try blockAfterColon(head: head)), at: loc)
        case .forever:
            skip()
            return Stmt(.forever(try blockAfterColon(head: head)), at: loc)
        case .with:
            skip()
            let r = try parseExpr()
            if isWord(.as) {
                throw fail("'with' takes no 'as'", hint: "'with' takes a lock or a semaphore: with NAME:")
            }
            return Stmt(.with(r, try blockAfterColon(head: head)), at: loc)
        case .repeat:
            skip()
            let n = try parseExpr()
            return Stmt(.repeatLoop(n, try blockAfterColon(head: head)), at: loc)
        case .while:
            skip()
            let c = try parseExpr()
            return Stmt(.whileLoop(c, try blockAfterColon(head: head)), at: loc)
        case .for:
            return try forStatement()
        case .if:
            return try ifStatement()
        case .try:
            return try tryStatement()
        case .raise:
            return try raiseStatement()
        case .break, .continue, .pass:
            skip()
            try expectLineEnd()
            return Stmt(w == "break" ? .breakLoop : w == "continue" ? .continueLoop : .pass, at: loc)
        case .return:
            skip()
            if atLineEnd {
                try expectLineEnd()
                return Stmt(.returnValue(nil), at: loc)
            }
            return Stmt(.returnValue(try lineExpr("a value")), at: loc)
        case .elif, .else:
            throw fail("'\(w)' without a matching 'if'", hint: "line it up with its 'if'")
        case .except, .finally:
            throw fail("'\(w)' without a matching 'try'", hint: "line it up with its 'try'")
        case .as_completed:
            throw fail("'as_completed' is used in a for loop", hint: "write: for x in as_completed a, b:")
        case .async:
            throw fail("'async' is not needed here", hint: "every def is a coroutine; 'with', 'for' and calls await by themselves")
        default:
            if kw.isReserved && Keywords.foreignKeywords.contains(w) {
                throw fail("'\(w)' is not part of the scenario language",
                           hint: w == "import" ? "nothing needs importing: asyncio is built in" : nil)
            }
            if kw.isReserved && Keywords.topLevelWords.contains(w) && w != "main" && w != "task" || w == "def" {
                if case .op(let o) = peekKind(1), o == .assign || o == .lparen || o == .lbracket {} else {
                    throw fail("'\(w)' is only allowed at the top level of a file",
                               hint: "declare it at column 1, outside any block")
                }
            }
            return try simpleStatement()
        }
    }

    /// One expression, then the end of the line. (`what` is only built for the error.)
    mutating func lineExpr(_ what: @autoclosure () -> String) throws -> Expr {
        if atLineEnd { throw failExpected(what()) }
        let e = try parseExpr()
        try expectLineEnd()
        return e
    }

    /// `print a, b` or `print(a, b)`.
    mutating func printArgs() throws -> [Expr] {
        if atLineEnd {
            try expectLineEnd()
            return []
        }
        if isOp(.lparen) {
            // Try the call form; if the line goes on after ')', it was an expression.
            let saveI = i, saveD = diagnostics.count
            skip()
            var args: [Expr] = []
            var ok = true
            do {
                while !isOp(.rparen) {
                    args.append(try parseExpr())
                    if isOp(.comma) { skip() } else if !isOp(.rparen) { ok = false; break }
                }
                if ok { skip() }
            } catch { ok = false }
            if ok, atLineEnd {
                try expectLineEnd()
                return args
            }
            i = saveI
            diagnostics.removeSubrange(saveD...)
        }
        let base = exprStack.count
        defer { if exprStack.count > base { exprStack.removeSubrange(base...) } }
        exprStack.append(try parseExpr())
        while isOp(.comma) {
            skip()
            exprStack.append(try parseExpr())
        }
        try expectLineEnd()
        return popExprs(from: base)
    }

    /// The value-giving statement words: `to_thread`, `await`, `gather`, `wait`, `wait_for`, `get`,
    /// or a plain expression.
    mutating func action() throws -> Action {
        guard case .name = kind else { return .expr(try parseExpr()) }
        switch tok.word {
        case .to_thread:
            skip()
            if atLineEnd { throw failExpected("a duration after 'to_thread'") }
            return .toThread(try parseExpr())
        case .await:
            skip()
            if atLineEnd { throw failExpected("a task after 'await'") }
            return .await(try parseExpr())
        case .gather:
            skip()
            let items = try items("gather")
            var rx = false
            while case .name(let opt) = kind {
                let t = advance()
                if opt == "return_exceptions" {
                    if rx { error("'return_exceptions' given twice", at: t) }
                    rx = true
                    if isOp(.assign) {
                        error(Parser.keywordArgumentMessage + " ('return_exceptions=')", at: t,
                              hint: "the option alone turns it on: gather a, b return_exceptions")
                        throw SyntaxError()
                    }
                } else {
                    error("unknown option '\(opt)' for 'gather'", at: t,
                          hint: Keywords.closest(to: opt, in: ["return_exceptions"]).map { "did you mean '\($0)'?" }
                              ?? "the only option of 'gather' is 'return_exceptions'")
                    throw SyntaxError()
                }
            }
            return .gather(items: items, returnExceptions: rx)
        case .wait:
            skip()
            let (items, mode, timeout, _) = try waitTail()
            return .wait(items: items, mode: mode, timeout: timeout)
        case .wait_for:
            skip()
            if atLineEnd { throw failExpected("a call or a task after 'wait_for'") }
            if isOp(.lparen) {
                // Python's `wait_for(f(), timeout=1)` / `wait_for(f(), 1)`: a clear error, not
                // "tuples are not supported".
                let saveI = i, saveD = diagnostics.count
                skip()
                if (try? parseExpr()) != nil, isOp(.comma) {
                    diagnostics.removeSubrange(saveD...)
                    skip()
                    if case .name(let n) = kind, case .op(.assign) = peekKind(1) {
                        error(Parser.keywordArgumentMessage + " ('\(n)=')", at: tok, hint: Parser.optionHint("wait_for", n))
                    } else {
                        error("the timeout of 'wait_for' is an option, not an argument", at: tok, hint: Parser.optionHint("wait_for", ""))
                    }
                    throw SyntaxError()
                }
                i = saveI
                diagnostics.removeSubrange(saveD...)
            }
            let e = try parseExpr()
            guard case .name(let opt) = kind else {
                throw fail("'wait_for' needs a timeout", hint: "write: wait_for \(Parser.shortForm(e)) timeout 2s")
            }
            if opt != "timeout" {
                throw fail("unknown option '\(opt)' for 'wait_for'",
                           hint: Keywords.closest(to: opt, in: ["timeout"]).map { "did you mean '\($0)'?" }
                               ?? "write: wait_for \(Parser.shortForm(e)) timeout 2s")
            }
            skip()
            if atLineEnd { throw failExpected("a duration after 'timeout'") }
            return .waitFor(e, timeout: try parseExpr())
        case .get:
            skip()
            if atLineEnd { throw failExpected("a queue after 'get'") }
            return .get(try parseExpr())
        default:
            return .expr(try parseExpr())
        }
    }

    /// Comma-separated items of gather / wait / as_completed; `*list` allowed.
    mutating func items(_ form: String) throws -> [Expr] {
        if atLineEnd || isOp(.colon) { throw failExpected("at least one item after '\(form)'") }
        if isOp(.lparen) {
            // Python's call form: `gather(a, b)`. If the line goes on with an operator after the
            // ')', it was an expression: parse again without the call form.
            let saveI = i, saveD = diagnostics.count
            skip()
            if let inner = try? itemList(form), isOp(.rparen) {
                skip()
                if atLineEnd || isOp(.colon) || word != nil { return inner }
            }
            // `gather(a, b, return_exceptions=True)`: that error stands (parsed again, the
            // parenthesis would read as a tuple).
            if diagnostics[saveD...].contains(where: { $0.message.hasPrefix(Parser.keywordArgumentMessage) }) {
                throw SyntaxError()
            }
            i = saveI
            diagnostics.removeSubrange(saveD...)
        }
        return try itemList(form)
    }

    static let keywordArgumentMessage = "keyword arguments are not part of the language"

    /// How the options of `form` are written, for a Python-style `name=value` or `, option`.
    static func optionHint(_ form: String, _ name: String) -> String {
        switch (form, name) {
        case ("gather", _): return "options follow the last item, without a comma: gather a, b return_exceptions"
        case ("wait", "timeout"), ("as_completed", "timeout"): return "write: \(form) a, b timeout 2s"
        case ("wait", _): return "the mode follows the last item, without a comma: wait a, b first_completed"
        case ("wait_for", _): return "write: wait_for f(…) timeout 2s"
        default: return "write: \(form) a, b timeout 2s"
        }
    }

    /// The options of `form` that a Python habit puts after a comma.
    static func optionWords(_ form: String) -> [String] {
        switch form {
        case "gather": return ["return_exceptions"]
        case "wait": return WaitMode.allCases.map(\.rawValue)
        default: return []
        }
    }

    mutating func itemList(_ form: String) throws -> [Expr] {
        let base = exprStack.count
        defer { if exprStack.count > base { exprStack.removeSubrange(base...) } }
        while true {
            if isOp(.star) {
                let star = advance()
                exprStack.append(Expr(.star(try parseExpr()), at: star.loc))
            } else {
                if case .name(let n) = kind, case .op(.assign) = peekKind(1) {
                    // `return_exceptions=True`, `timeout=1` (a reserved word), `return_when=…`.
                    error(Parser.keywordArgumentMessage + " ('\(n)=')", at: tok, hint: Parser.optionHint(form, n))
                    throw SyntaxError()
                }
                let e = try parseExpr()
                if case .name(let n) = e.kind {
                    // `gather a, b, return_exceptions`: an option after a comma read as an item.
                    if exprStack.count > base, Parser.optionWords(form).contains(n),
                       atLineEnd || isOp(.colon) || isOp(.rparen) || word != nil {
                        error("'\(n)' is an option of '\(form)', not an item", at: e.loc, length: n.unicodeScalars.count,
                              hint: Parser.optionHint(form, n))
                        throw SyntaxError()
                    }
                }
                exprStack.append(e)
            }
            if isOp(.comma) {
                skip()
                if atLineEnd || isOp(.colon) || isOp(.rparen) { break } // trailing comma
            } else {
                break
            }
        }
        return popExprs(from: base)
    }

    /// After `wait`: items, then options `first_completed | first_exception | all_completed`
    /// and `timeout D`.
    mutating func waitTail() throws -> ([Expr], WaitMode, Expr?, Bool) {
        let items = try items("wait")
        var mode: WaitMode?
        var timeout: Expr?
        while case .name(let opt) = kind {
            let t = advance()
            if let m = WaitMode(rawValue: opt) {
                if mode != nil { error("more than one wait mode", at: t) }
                mode = m
            } else if opt == "timeout" {
                if atLineEnd { throw failExpected("a duration after 'timeout'") }
                timeout = try parseExpr()
            } else {
                let options = WaitMode.allCases.map(\.rawValue) + ["timeout"]
                error("unknown option '\(opt)' for 'wait'", at: t,
                      hint: Keywords.closest(to: opt, in: options).map { "did you mean '\($0)'?" }
                          ?? "options of 'wait': first_completed, first_exception, all_completed, timeout D")
                throw SyntaxError()
            }
        }
        return (items, mode ?? .allCompleted, timeout, mode != nil || timeout != nil)
    }

    /// Assignment, or an expression standing alone (a call awaits it; `spawn` starts a task).
    mutating func simpleStatement() throws -> Stmt {
        let head = tok
        let first = try parseExpr()
        if isOp(.comma) || isOp(.assign) {
            let tgt: Target
            if isOp(.assign) {
                // One target (the usual case): no temporary arrays.
                skip()
                tgt = try target(from: first)
            } else {
                var lhs = [first]
                while isOp(.comma) {
                    skip()
                    lhs.append(try parseExpr())
                }
                guard isOp(.assign) else { throw failExpected("'='") }
                skip()
                var targets: [Target] = []
                targets.reserveCapacity(lhs.count)
                for e in lhs { targets.append(try target(from: e)) }
                tgt = .tuple(targets)
            }
            if atLineEnd { throw failExpected("a value after '='") }
            let a = try action()
            if isOp(.assign) { throw fail("chained assignment is not supported", hint: "write one assignment per line") }
            try expectLineEnd()
            return Stmt(.action(target: tgt, a), at: head.loc)
        }
        if case .name(let n) = first.kind {
            let near = Keywords.closest(to: n, in: Keywords.statementStarters)
            error("unknown statement '\(n)'", at: head,
                  hint: near.map { "did you mean '\($0)'?" }
                      ?? (atLineEnd ? "a name alone does nothing; print it with 'print \(n)'" : nil))
            throw SyntaxError()
        }
        switch first.kind {
        case .call, .spawn:
            try expectLineEnd()
            return Stmt(.action(target: nil, .expr(first)), at: head.loc)
        default:
            if !atLineEnd { throw failExpected("end of line") }
            error("this expression does nothing on its own", at: head,
                  hint: "assign it (x = ...) or print it")
            throw SyntaxError()
        }
    }

    /// How a hint names an expression the user wrote: `f(…)`, a name, or `…`.
    static func shortForm(_ e: Expr) -> String {
        switch e.kind {
        case .call(let n, _, _): return n + "(…)"
        case .name(let n): return n
        default: return "…"
        }
    }

    mutating func target(from e: Expr) throws -> Target {
        switch e.kind {
        case .name(let n): return .name(n, e.loc)
        case .index(let a, let b): return .index(a, b)
        case .none, .bool:
            // Python's words: "cannot assign to True".
            let word: String
            if case .bool(let b) = e.kind { word = b ? "True" : "False" } else { word = "None" }
            error("cannot assign to \(word)", at: e.loc, length: word.count, hint: "'\(word)' is a constant; choose a name")
            throw SyntaxError()
        default:
            error("cannot assign to this expression", at: e.loc,
                  hint: "the left of '=' is a name, 'a, b', or 'x[i]'")
            throw SyntaxError()
        }
    }

    /// The names of a `for` (or comprehension) target: `x`, `a, b`, `(a, b)`.
    mutating func forTarget() throws -> Target {
        var parts: [Target] = []
        let paren = isOp(.lparen)
        if paren { skip() }
        repeat {
            if !parts.isEmpty { skip() }
            let (n, l) = try bindingName("a loop variable")
            parts.append(.name(n, l))
        } while isOp(.comma)
        if paren { try expectOp(.rparen) }
        return parts.count == 1 ? parts[0] : .tuple(parts)
    }

    mutating func forStatement() throws -> Stmt {
        let head = advance()
        let t = try forTarget()
        guard isWord(.in) else { throw failExpected("'in'") }
        skip()
        if isWord(.as_completed) {
            skip()
            let its = try items("as_completed")
            var timeout: Expr?
            while case .name(let opt) = kind {
                let ot = advance()
                if opt == "timeout" {
                    timeout = try parseExpr()
                } else {
                    error("unknown option '\(opt)' for 'as_completed'", at: ot,
                          hint: Keywords.closest(to: opt, in: ["timeout"]).map { "did you mean '\($0)'?" }
                              ?? "the only option of 'as_completed' is 'timeout D'")
                    throw SyntaxError()
                }
            }
            let body = try blockAfterColon(head: head)
            return Stmt(.asCompleted(t, items: its, timeout: timeout, body: body), at: head.loc)
        }
        let it = try parseExpr()
        return Stmt(.forLoop(t, it, try blockAfterColon(head: head)), at: head.loc)
    }

    mutating func ifStatement() throws -> Stmt {
        let head = advance()
        var arms: [(Expr, [Stmt])] = []
        let c = try parseExpr()
        arms.append((c, try blockAfterColon(head: head)))
        var orElse: [Stmt]?
        while true {
            if isWord(.elif) {
                let h = advance()
                do {
                    let c = try parseExpr()
                    arms.append((c, try blockAfterColon(head: h)))
                } catch { recover() }
            } else if isWord(.else) {
                let h = advance()
                do { orElse = try blockAfterColon(head: h) } catch { recover() }
                break
            } else {
                break
            }
        }
        return Stmt(.ifChain(arms, orElse: orElse), at: head.loc)
    }

    mutating func tryStatement() throws -> Stmt {
        let head = advance()
        let body = try blockAfterColon(head: head)
        var handlers: [ExceptClause] = []
        var orElse: [Stmt]?
        var fin: [Stmt]?
        var bareSeen: Token?
        while isWord(.except) {
            let h = advance()
            do {
                if let b = bareSeen {
                    error("a bare 'except:' must be the last handler (see line \(b.loc.line))", at: b)
                    bareSeen = nil
                }
                var types: [String] = []
                var typeLocs: [SourceLocation] = []
                var binding: String?
                if isOp(.lparen) {
                    skip()
                    while !isOp(.rparen) {
                        guard case .name(let n) = kind else { throw failExpected("an exception name") }
                        typeLocs.append(advance().loc)
                        types.append(n)
                        if isOp(.comma) { skip() } else if !isOp(.rparen) { throw failExpected("',' or ')'") }
                    }
                    skip()
                    if types.isEmpty { error("empty exception list", at: h) }
                } else if case .name(let n) = kind, n != "as" {
                    typeLocs.append(advance().loc)
                    types.append(n)
                    if isOp(.comma) {
                        throw fail("several exception types go in parentheses", hint: "write: except (A, B):")
                    }
                }
                if isWord(.as) {
                    skip()
                    binding = try bindingName("a name after 'as'").0
                }
                if types.isEmpty && binding == nil { bareSeen = h }
                nameLocations[h.loc] = typeLocs
                let hb = try blockAfterColon(head: h)
                handlers.append(ExceptClause(types: types, binding: binding, body: hb, loc: h.loc))
            } catch { recover() }
        }
        if isWord(.else) {
            let h = advance()
            if handlers.isEmpty { error("'else' after 'try' needs an 'except' clause", at: h) }
            do { orElse = try blockAfterColon(head: h) } catch { recover() }
        }
        if isWord(.finally) {
            let h = advance()
            do { fin = try blockAfterColon(head: h) } catch { recover() }
        }
        if handlers.isEmpty && fin == nil && orElse == nil {
            error("'try' needs an 'except' or 'finally' clause", at: head)
        }
        return Stmt(.tryStmt(body: body, handlers: handlers, orElse: orElse, finally: fin), at: head.loc)
    }

    mutating func raiseStatement() throws -> Stmt {
        let head = advance()
        if atLineEnd {
            try expectLineEnd()
            return Stmt(.raise(type: nil, message: nil), at: head.loc)
        }
        guard case .name(let n) = kind, !tok.word.isReserved else {
            throw failExpected("an exception name after 'raise'", hint: "for example: raise ValueError \"bad input\"")
        }
        nameLocations[head.loc] = [advance().loc]
        var message: Expr?
        if isOp(.lparen), case .op(.rparen) = peekKind(1) {
            skip()
            skip()
        } else if !atLineEnd {
            message = try parseExpr()
        }
        try expectLineEnd()
        return Stmt(.raise(type: n, message: message), at: head.loc)
    }
}
