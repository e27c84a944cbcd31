/// Expressions, with Python's precedence (lowest first):
/// `or` < `and` < `not` < comparisons (chained; `is`, `is not`, `in`, `not in`) < `+ -`
/// < `* / // %` < unary `- +` < `**` (right-associative) < indexing and calls.
extension Parser {
    mutating func parseExpr() throws -> Expr {
        try enter()
        defer { leave() }
        return try parseOr()
    }

    mutating func parseOr() throws -> Expr {
        var l = try parseAnd()
        var links = 0
        defer { endChain(links) }
        while isWord(.or) {
            try chainLink(&links)
            skip()
            let r = try parseAnd()
            l = Expr(.or(l, r), at: l.loc)
        }
        return l
    }

    @inline(__always)
    mutating func parseAnd() throws -> Expr {
        var l = try parseNot()
        var links = 0
        defer { endChain(links) }
        while isWord(.and) {
            try chainLink(&links)
            skip()
            let r = try parseNot()
            l = Expr(.and(l, r), at: l.loc)
        }
        return l
    }

    mutating func parseNot() throws -> Expr {
        if isWord(.not) {
            let t = advance()
            try enter()
            defer { leave() }
            return Expr(.unary(.not, try parseNot()), at: t.loc)
        }
        return try parseComparison()
    }

    mutating func compareOp() -> CompareOp? {
        let t = tokens[i]
        switch t.word {
        case .in:
            skip()
            return .in
        case .is:
            skip()
            if isWord(.not) {
                skip()
                return .isNot
            }
            return .is
        case .not:
            if i + 1 < tokens.count, tokens[i + 1].word == .in {
                skip()
                skip()
                return .notIn
            }
            return nil
        case .other:
            guard case .op(let o) = t.kind else { return nil }
            let op: CompareOp
            switch o {
            case .eq: op = .eq
            case .ne: op = .ne
            case .lt: op = .lt
            case .le: op = .le
            case .gt: op = .gt
            case .ge: op = .ge
            default: return nil
            }
            skip()
            return op
        default:
            return nil
        }
    }

    @inline(__always)
    mutating func parseComparison() throws -> Expr {
        let first = try parseSum()
        var rest: [(CompareOp, Expr)] = []
        while let op = compareOp() {
            rest.append((op, try parseSum()))
        }
        return rest.isEmpty ? first : Expr(.compare(first, rest), at: first.loc)
    }

    @inline(__always)
    mutating func parseSum() throws -> Expr {
        var l = try parseTerm()
        var links = 0
        defer { endChain(links) }
        while let o = op, o == .plus || o == .minus {
            try chainLink(&links)
            let opTok = advance()
            try refuseAugmented(opTok, l)
            let r = try parseTerm()
            l = Expr(.binary(o == .plus ? .add : .sub, l, r), at: l.loc)
        }
        return l
    }

    @inline(__always)
    mutating func parseTerm() throws -> Expr {
        var l = try parseUnary()
        var links = 0
        defer { endChain(links) }
        while let o = op, let bop = Parser.termOp(o) {
            try chainLink(&links)
            let opTok = advance()
            try refuseAugmented(opTok, l)
            let r = try parseUnary()
            l = Expr(.binary(bop, l, r), at: l.loc)
        }
        return l
    }

    /// `x += 1` reads as `x +` then `= 1`: say what it is instead of "expected an expression".
    mutating func refuseAugmented(_ opTok: Token, _ left: Expr) throws {
        guard isOp(.assign), case .op(let o) = opTok.kind, tok.loc.line == opTok.loc.line,
              tok.loc.column == opTok.loc.column + opTok.length else { return }
        let hint: String
        if case .name(let n) = left.kind { hint = "write: \(n) = \(n) \(o.rawValue) …" } else { hint = "write the assignment out: x = x \(o.rawValue) …" }
        error("augmented assignment '\(o.rawValue)=' is not supported", at: opTok.loc, length: opTok.length + 1, hint: hint)
        throw SyntaxError()
    }

    static func termOp(_ o: TokenOp) -> BinaryOp? {
        switch o {
        case .star: return .mul
        case .slash: return .div
        case .floorDiv: return .floorDiv
        case .percent: return .mod
        default: return nil
        }
    }

    mutating func parseUnary() throws -> Expr {
        if let o = op, o == .minus || o == .plus {
            let t = advance()
            try enter()
            defer { leave() }
            return Expr(.unary(o == .minus ? .neg : .pos, try parseUnary()), at: t.loc)
        }
        return try parsePower()
    }

    @inline(__always)
    mutating func parsePower() throws -> Expr {
        let base = try parsePostfix()
        if isOp(.power) {
            let opTok = advance()
            try refuseAugmented(opTok, base)
            try enter()
            defer { leave() }
            let exp = try parseUnary()
            return Expr(.binary(.pow, base, exp), at: base.loc)
        }
        return base
    }

    mutating func parsePostfix() throws -> Expr {
        var e = try parseAtom()
        var links = 0
        defer { endChain(links) }
        while true {
            if isOp(.lbracket) {
                try chainLink(&links)
                skip()
                if isOp(.rbracket) { throw failExpected("an index") }
                let idx = try parseExpr()
                if isOp(.colon) { throw fail("slices are not supported", hint: "use an index: x[i]") }
                try expectOp(.rbracket)
                e = Expr(.index(e, idx), at: e.loc)
            } else if isOp(.lparen) {
                guard case .name(let n) = e.kind else {
                    throw fail("only a named def or built-in can be called")
                }
                let open = advance()
                let base = exprStack.count
                defer { if exprStack.count > base { exprStack.removeSubrange(base...) } }
                while !isOp(.rparen) {
                    exprStack.append(try parseExpr())
                    if isOp(.assign) {
                        throw fail("keyword arguments are not supported", hint: "pass arguments by position")
                    }
                    if isOp(.comma) { skip() } else if !isOp(.rparen) {
                        throw failExpected("',' or ')'", hint: "the call opened on line \(open.loc.line)")
                    }
                }
                skip()
                e = Expr(.call(name: n, nameLoc: e.loc, args: popExprs(from: base)), at: e.loc)
            } else if isOp(.dot) {
                throw fail("'.' is not part of the language",
                           hint: "methods are statements here: 'put q x', 'set e', 'append xs v', 'cancel t'")
            } else {
                return e
            }
        }
    }

    mutating func parseAtom() throws -> Expr {
        let t = tok
        switch t.kind {
        case .int(let v):
            skip()
            return Expr(.int(v), at: t.loc)
        case .float(let v):
            skip()
            return Expr(.float(v), at: t.loc)
        case .duration(let v, let text):
            skip()
            return Expr(.duration(v, text: text), at: t.loc)
        case .string(let segments):
            skip()
            return Expr(.string(try stringParts(segments)), at: t.loc)
        case .name(let n):
            switch t.word {
            case .noneWord, .None:
                skip()
                return Expr(.none, at: t.loc)
            case .True, .False:
                skip()
                return Expr(.bool(n == "True"), at: t.loc)
            case .spawn:
                return try parseSpawn()
            default:
                if t.word.isReserved {
                    throw fail("'\(n)' is a reserved word and cannot be used as a name",
                               hint: Keywords.statementWords.contains(n)
                                   ? "'\(n)' is a statement: write it at the start of a line" : nil)
                }
                skip()
                if case .string = kind, n == "f" || n == "F" {
                    error("no 'f' prefix is needed: every string interpolates {…}", at: t)
                    return try parseAtom()  // the string itself: one error, not a second at it
                }
                return Expr(.name(n), at: t.loc)
            }
        case .op(.lparen):
            skip()
            if isOp(.rparen) { throw fail("empty parentheses are not a value", hint: "use a list: []") }
            let e = try parseExpr()
            if isOp(.comma) { throw fail("tuples are not supported", hint: "use a list: [a, b]") }
            try expectOp(.rparen)
            return e
        case .op(.lbracket):
            return try parseList()
        case .op(.star):
            skip()
            try enter()
            defer { leave() }
            return Expr(.star(try parseUnary()), at: t.loc)
        default:
            throw failExpected("an expression")
        }
    }

    mutating func parseList() throws -> Expr {
        let open = advance()
        try enter()
        defer { leave() }
        if isOp(.rbracket) {
            skip()
            return Expr(.list([]), at: open.loc)
        }
        let first = try parseExpr()
        if isWord(.for) {
            skip()
            let target = try forTarget()
            guard isWord(.in) else { throw failExpected("'in'") }
            skip()
            let iterable = try parseOr()
            var cond: Expr?
            if isWord(.if) {
                skip()
                cond = try parseOr()
            }
            if isWord(.for) { throw fail("only one 'for' per comprehension is supported") }
            if isWord(.if) { throw fail("only one 'if' per comprehension is supported", hint: "join the conditions with 'and'") }
            try expectOp(.rbracket, hint: "the list opened on line \(open.loc.line)")
            return Expr(.comprehension(element: first, target: target, iterable: iterable, condition: cond), at: open.loc)
        }
        let base = exprStack.count
        defer { if exprStack.count > base { exprStack.removeSubrange(base...) } }
        exprStack.append(first)
        while isOp(.comma) {
            skip()
            if isOp(.rbracket) { break }
            exprStack.append(try parseExpr())
        }
        try expectOp(.rbracket, hint: "the list opened on line \(open.loc.line)")
        return Expr(.list(popExprs(from: base)), at: open.loc)
    }

    /// `spawn f(args) [as label]`
    mutating func parseSpawn() throws -> Expr {
        let t = advance()
        if atLineEnd { throw failExpected("a call after 'spawn'", hint: "write: spawn f(args)") }
        try enter()
        defer { leave() }
        let call = try parsePostfix()
        var label: Expr?
        if isWord(.as) {
            skip()
            label = try parseOr()
        }
        return Expr(.spawn(call: call, label: label), at: t.loc)
    }

    /// Parses the tokens of each `{expr}` of a string.
    mutating func stringParts(_ segments: [StringSegment]) throws -> [StringPart] {
        var parts: [StringPart] = []
        parts.reserveCapacity(segments.count)
        for seg in segments {
            switch seg {
            case .text(let s):
                parts.append(.text(s))
            case .interpolation(let toks, let spec, let loc):
                // Parse the fragment's tokens in place of the file's (no second parser).
                var fragment = toks
                if case .eof = fragment.last?.kind {} else {
                    let l = fragment.last.map { $0.loc } ?? SourceLocation(line: 1, column: 1)
                    fragment.append(Token(.eof, at: l, length: 0))
                }
                swap(&tokens, &fragment)
                let savedI = i, savedFragment = inFragment
                i = 0
                inFragment = true
                var e = Expr(.none, at: loc)
                do {
                    e = try parseExpr()
                    if case .eof = kind {} else {
                        error("unexpected \(kind.display) in '{…}'", at: tok,
                              hint: "put one expression between the braces")
                    }
                } catch {}
                swap(&tokens, &fragment)
                i = savedI
                inFragment = savedFragment
                parts.append(.interpolation(e, spec: spec))
            }
        }
        return parts
    }
}
