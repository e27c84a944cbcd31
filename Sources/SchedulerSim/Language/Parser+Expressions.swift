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
        while isWord("or") {
            _ = advance()
            let r = try parseAnd()
            l = Expr(.or(l, r), at: l.loc)
        }
        return l
    }

    mutating func parseAnd() throws -> Expr {
        var l = try parseNot()
        while isWord("and") {
            _ = advance()
            let r = try parseNot()
            l = Expr(.and(l, r), at: l.loc)
        }
        return l
    }

    mutating func parseNot() throws -> Expr {
        if isWord("not") {
            let t = advance()
            try enter()
            defer { leave() }
            return Expr(.unary(.not, try parseNot()), at: t.loc)
        }
        return try parseComparison()
    }

    mutating func compareOp() -> CompareOp? {
        switch kind {
        case .op(let o):
            switch o {
            case "==": _ = advance(); return .eq
            case "!=": _ = advance(); return .ne
            case "<": _ = advance(); return .lt
            case "<=": _ = advance(); return .le
            case ">": _ = advance(); return .gt
            case ">=": _ = advance(); return .ge
            default: return nil
            }
        case .name("in"):
            _ = advance()
            return .in
        case .name("is"):
            _ = advance()
            if isWord("not") {
                _ = advance()
                return .isNot
            }
            return .is
        case .name("not"):
            if case .name("in") = peekKind(1) {
                _ = advance()
                _ = advance()
                return .notIn
            }
            return nil
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
        while case .op(let o) = kind, o == "+" || o == "-" {
            _ = advance()
            let r = try parseTerm()
            l = Expr(.binary(o == "+" ? .add : .sub, l, r), at: l.loc)
        }
        return l
    }

    mutating func parseTerm() throws -> Expr {
        var l = try parseUnary()
        while case .op(let o) = kind, let op = Parser.termOps[o] {
            _ = advance()
            let r = try parseUnary()
            l = Expr(.binary(op, l, r), at: l.loc)
        }
        return l
    }

    static let termOps: [String: BinaryOp] = ["*": .mul, "/": .div, "//": .floorDiv, "%": .mod]

    mutating func parseUnary() throws -> Expr {
        if case .op(let o) = kind, o == "-" || o == "+" {
            let t = advance()
            try enter()
            defer { leave() }
            return Expr(.unary(o == "-" ? .neg : .pos, try parseUnary()), at: t.loc)
        }
        return try parsePower()
    }

    mutating func parsePower() throws -> Expr {
        let base = try parsePostfix()
        if isOp("**") {
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
            if isOp("[") {
                _ = advance()
                if isOp("]") { throw failExpected("an index") }
                let idx = try parseExpr()
                if isOp(":") { throw fail("slices are not supported", hint: "use an index: x[i]") }
                try expectOp("]")
                e = Expr(.index(e, idx), at: e.loc)
            } else if isOp("(") {
                guard case .name(let n) = e.kind else {
                    throw fail("only a named def or built-in can be called")
                }
                let open = advance()
                var args: [Expr] = []
                while !isOp(")") {
                    args.append(try parseExpr())
                    if isOp("=") {
                        throw fail("keyword arguments are not supported", hint: "pass arguments by position")
                    }
                    if isOp(",") { _ = advance() } else if !isOp(")") {
                        throw failExpected("',' or ')'", hint: "the call opened on line \(open.loc.line)")
                    }
                }
                _ = advance()
                e = Expr(.call(name: n, nameLoc: e.loc, args: args), at: e.loc)
            } else if isOp(".") {
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
            switch n {
            case "none", "None":
                _ = advance()
                return Expr(.none, at: t.loc)
            case "True", "False":
                _ = advance()
                return Expr(.bool(n == "True"), at: t.loc)
            case "spawn":
                return try parseSpawn()
            default:
                if Keywords.isReserved(n) {
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
        case .op("("):
            _ = advance()
            if isOp(")") { throw fail("empty parentheses are not a value", hint: "use a list: []") }
            let e = try parseExpr()
            if isOp(",") { throw fail("tuples are not supported", hint: "use a list: [a, b]") }
            try expectOp(")")
            return e
        case .op("["):
            return try parseList()
        case .op("*"):
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
        if isOp("]") {
            _ = advance()
            return Expr(.list([]), at: open.loc)
        }
        let first = try parseExpr()
        if isWord("for") {
            _ = advance()
            let target = try forTarget()
            guard isWord("in") else { throw failExpected("'in'") }
            _ = advance()
            let iterable = try parseOr()
            var cond: Expr?
            if isWord("if") {
                _ = advance()
                cond = try parseOr()
            }
            if isWord("for") { throw fail("only one 'for' per comprehension is supported") }
            if isWord("if") { throw fail("only one 'if' per comprehension is supported", hint: "join the conditions with 'and'") }
            try expectOp("]", hint: "the list opened on line \(open.loc.line)")
            return Expr(.comprehension(element: first, target: target, iterable: iterable, condition: cond), at: open.loc)
        }
        var items = [first]
        while isOp(",") {
            _ = advance()
            if isOp("]") { break }
            items.append(try parseExpr())
        }
        try expectOp("]", hint: "the list opened on line \(open.loc.line)")
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
        if isWord("as") {
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
