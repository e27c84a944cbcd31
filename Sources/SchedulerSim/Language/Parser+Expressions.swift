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
        while isWord(.or) {
            _ = advance()
            let r = try parseAnd()
            l = Expr(.or(l, r), at: l.loc)
        }
        return l
    }

    mutating func parseAnd() throws -> Expr {
        var l = try parseNot()
        while isWord(.and) {
            _ = advance()
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
            _ = advance()
            return .in
        case .is:
            _ = advance()
            if isWord(.not) {
                _ = advance()
                return .isNot
            }
            return .is
        case .not:
            if i + 1 < tokens.count, tokens[i + 1].word == .in {
                _ = advance()
                _ = advance()
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
            _ = advance()
            return op
        default:
            return nil
        }
    }

    mutating func parseComparison() throws -> Expr {
        let first = try parseSum()
        var rest: [(CompareOp, Expr)] = []
        while let op = compareOp() {
            rest.append((op, try parseSum()))
        }
        return rest.isEmpty ? first : Expr(.compare(first, rest), at: first.loc)
    }

    mutating func parseSum() throws -> Expr {
        var l = try parseTerm()
        while case .op(let o) = kind, o == .plus || o == .minus {
            _ = advance()
            let r = try parseTerm()
            l = Expr(.binary(o == .plus ? .add : .sub, l, r), at: l.loc)
        }
        return l
    }

    mutating func parseTerm() throws -> Expr {
        var l = try parseUnary()
        while case .op(let o) = kind, let op = Parser.termOp(o) {
            _ = advance()
            let r = try parseUnary()
            l = Expr(.binary(op, l, r), at: l.loc)
        }
        return l
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
        if case .op(let o) = kind, o == .minus || o == .plus {
            let t = advance()
            try enter()
            defer { leave() }
            return Expr(.unary(o == .minus ? .neg : .pos, try parseUnary()), at: t.loc)
        }
        return try parsePower()
    }

    mutating func parsePower() throws -> Expr {
        let base = try parsePostfix()
        if isOp(.power) {
            _ = advance()
            try enter()
            defer { leave() }
            let exp = try parseUnary()
            return Expr(.binary(.pow, base, exp), at: base.loc)
        }
        return base
    }

    mutating func parsePostfix() throws -> Expr {
        var e = try parseAtom()
        while true {
            if isOp(.lbracket) {
                _ = advance()
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
                var args: [Expr] = []
                while !isOp(.rparen) {
                    args.append(try parseExpr())
                    if isOp(.assign) {
                        throw fail("keyword arguments are not supported", hint: "pass arguments by position")
                    }
                    if isOp(.comma) { _ = advance() } else if !isOp(.rparen) {
                        throw failExpected("',' or ')'", hint: "the call opened on line \(open.loc.line)")
                    }
                }
                _ = advance()
                e = Expr(.call(name: n, nameLoc: e.loc, args: args), at: e.loc)
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
            _ = advance()
            return Expr(.int(v), at: t.loc)
        case .float(let v):
            _ = advance()
            return Expr(.float(v), at: t.loc)
        case .duration(let v, let text):
            _ = advance()
            return Expr(.duration(v, text: text), at: t.loc)
        case .string(let segments):
            _ = advance()
            return Expr(.string(try stringParts(segments)), at: t.loc)
        case .name(let n):
            switch t.word {
            case .noneWord, .None:
                _ = advance()
                return Expr(.none, at: t.loc)
            case .True, .False:
                _ = advance()
                return Expr(.bool(n == "True"), at: t.loc)
            case .spawn:
                return try parseSpawn()
            default:
                if t.word.isReserved {
                    throw fail("'\(n)' is a reserved word and cannot be used as a name",
                               hint: Keywords.statementWords.contains(n)
                                   ? "'\(n)' is a statement: write it at the start of a line" : nil)
                }
                _ = advance()
                if case .string = kind, n == "f" || n == "F" {
                    error("no 'f' prefix is needed: every string interpolates {…}", at: t)
                }
                return Expr(.name(n), at: t.loc)
            }
        case .op(.lparen):
            _ = advance()
            if isOp(.rparen) { throw fail("empty parentheses are not a value", hint: "use a list: []") }
            let e = try parseExpr()
            if isOp(.comma) { throw fail("tuples are not supported", hint: "use a list: [a, b]") }
            try expectOp(.rparen)
            return e
        case .op(.lbracket):
            return try parseList()
        case .op(.star):
            _ = advance()
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
            _ = advance()
            return Expr(.list([]), at: open.loc)
        }
        let first = try parseExpr()
        if isWord(.for) {
            _ = advance()
            let target = try forTarget()
            guard isWord(.in) else { throw failExpected("'in'") }
            _ = advance()
            let iterable = try parseOr()
            var cond: Expr?
            if isWord(.if) {
                _ = advance()
                cond = try parseOr()
            }
            if isWord(.for) { throw fail("only one 'for' per comprehension is supported") }
            if isWord(.if) { throw fail("only one 'if' per comprehension is supported", hint: "join the conditions with 'and'") }
            try expectOp(.rbracket, hint: "the list opened on line \(open.loc.line)")
            return Expr(.comprehension(element: first, target: target, iterable: iterable, condition: cond), at: open.loc)
        }
        var items = [first]
        while isOp(.comma) {
            _ = advance()
            if isOp(.rbracket) { break }
            items.append(try parseExpr())
        }
        try expectOp(.rbracket, hint: "the list opened on line \(open.loc.line)")
        return Expr(.list(items), at: open.loc)
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
            _ = advance()
            label = try parseOr()
        }
        return Expr(.spawn(call: call, label: label), at: t.loc)
    }

    /// Parses the tokens of each `{expr}` of a string.
    mutating func stringParts(_ segments: [StringSegment]) throws -> [StringPart] {
        var parts: [StringPart] = []
        for seg in segments {
            switch seg {
            case .text(let s):
                parts.append(.text(s))
            case .interpolation(let toks, let spec, let loc):
                var sub = Parser(tokens: toks)
                sub.depth = depth
                sub.reportedDepth = true
                sub.inFragment = true
                var e = Expr(.none, at: loc)
                do {
                    e = try sub.parseExpr()
                    if sub.kind != .eof {
                        sub.error("unexpected \(sub.kind.display) in '{…}'", at: sub.tok,
                                  hint: "put one expression between the braces")
                    }
                } catch {}
                diagnostics += sub.diagnostics
                parts.append(.interpolation(e, spec: spec))
            }
        }
        return parts
    }
}
