/// Static checks on a parsed scenario: names resolve (Python-like scoping), resources are used as
/// what they are, calls have the right number of arguments, loops and blocks are well formed.
///
/// Scoping: `var`s, resources and defs are module globals, visible everywhere; assigning to a
/// `var` anywhere writes the global (the Python twin declares it `global`). In a def, its params and
/// every name it assigns are locals; a `task` block and `main:` have their own locals likewise.
/// A comprehension's variables are local to it. `except … as e` binds a local.
public enum Checker {
    /// After syntax errors some statements were dropped: checks that could be their echo (a name
    /// that a dropped line may have assigned, a missing `main:`) are left out.
    public static func check(_ s: Scenario) -> [Diagnostic] {
        var c = CheckContext()
        c.nameLocations = s.nameLocations
        c.brokenNames = s.namesOnBrokenLines
        c.run(s)
        return c.diagnostics
    }
}

enum GlobalKind {
    case variable
    case resource(ResourceKind)
    case def(params: Int)

    var noun: String {
        switch self {
        case .variable: return "a variable"
        case .resource(let k): return k.withArticle
        case .def: return "a def"
        }
    }
}

enum Resolved {
    case local
    case global(GlobalKind)
    case builtin(ClosedRange<Int>)
}

struct CheckContext {
    var diagnostics: [Diagnostic] = []
    /// Every name the checker has bound or declared, as an id; the arrays below are by id.
    var table = NameTable(capacity: 256)
    /// The global a name denotes (var, resource, def), if any.
    var globalOf: [(kind: GlobalKind, loc: SourceLocation)?] = []
    var builtinOf: [ClosedRange<Int>?] = []
    /// In how many open scopes a name is local.
    var localCount: [Int32] = []
    /// The names of each open scope (the body's locals, then comprehensions), innermost last.
    var scopes: [[Int]] = []
    var loopDepth = 0
    var exceptDepth = 0
    var inVarInit = false
    var brokenNames: Set<String> = []
    var nameLocations: [SourceLocation: [SourceLocation]] = [:]

    init() {
        for (n, r) in Keywords.builtins { builtinOf[intern(n)] = r }
    }

    mutating func error(_ message: String, at loc: SourceLocation, length: Int = 1, hint: String? = nil) {
        diagnostics.append(Diagnostic(at: loc, length: length, message, hint: hint))
    }

    /// The id of a name, added to the table if new.
    mutating func intern(_ n: String) -> Int {
        let id = table.id(n)
        if id == localCount.count {
            globalOf.append(nil)
            builtinOf.append(nil)
            localCount.append(0)
        }
        return id
    }

    mutating func openScope(_ ids: [Int]) {
        for id in ids { localCount[id] += 1 }
        scopes.append(ids)
    }

    mutating func closeScope() {
        for id in scopes.removeLast() { localCount[id] -= 1 }
    }

    // MARK: The file

    mutating func run(_ s: Scenario) {
        // main / task blocks.
        if s.main == nil && s.tasks.isEmpty && !s.brokenTopLevel {
            error("empty scenario: there is no 'main:' block and no 'task' block",
                  at: SourceLocation(line: 1, column: 1),
                  hint: "add a 'main:' block with the statements to run, or 'task NAME:' blocks")
        }
        if let mainLoc = s.mainLoc, let firstTask = s.tasks.first {
            let later = mainLoc < firstTask.loc ? firstTask.loc : mainLoc
            error("a scenario has either a 'main:' block or 'task' blocks, not both", at: later,
                  length: later == mainLoc ? 4 : 4,
                  hint: "with 'main:', start the other work with 'spawn'")
        }
        var taskNames: [String: SourceLocation] = [:]
        for t in s.tasks {
            if let first = taskNames[t.name] {
                error("duplicate task '\(t.name)' (the first is on line \(first.line))", at: t.loc, length: 4)
            } else {
                taskNames[t.name] = t.loc
            }
        }

        // Globals, in file order: the later of two definitions is the error.
        var decls: [(String, GlobalKind, SourceLocation, Int)] = []
        for v in s.vars { decls.append((v.name, .variable, v.loc, 3)) }
        for r in s.resources { decls.append((r.name, .resource(r.kind), r.loc, r.kind.rawValue.count)) }
        for d in s.defs { decls.append((d.name, .def(params: d.params.count), d.loc, 3)) }
        decls.sort { $0.2 < $1.2 }
        for (name, kind, loc, len) in decls {
            let id = intern(name)
            if let first = globalOf[id] {
                error("'\(name)' is already defined as \(first.kind.noun) on line \(first.loc.line)", at: loc, length: len,
                      hint: "give each def, resource and var its own name")
            } else {
                globalOf[id] = (kind, loc)
            }
        }

        // Initial values run at module level: before any task, so they cannot await.
        for v in s.vars {
            inVarInit = true
            checkExpr(v.value)
            inVarInit = false
        }
        for r in s.resources {
            if let size = r.size {
                inVarInit = true
                checkExpr(size)
                inVarInit = false
                if let lit = negativeLiteral(size) {
                    error("a \(r.kind.rawValue) size cannot be negative ('\(lit)')", at: size.loc, length: lit.count)
                } else if let what = nonNumberLiteral(size) {
                    error("a \(r.kind.rawValue) size must be an integer, not \(what)", at: size.loc)
                }
            }
        }

        for d in s.defs {
            var params: [Int] = []
            params.reserveCapacity(d.params.count)
            var seen = Set<Int>()
            for p in d.params {
                let id = intern(p.name)
                if d.params.count > 8 ? !seen.insert(id).inserted : params.contains(id) {
                    error("duplicate parameter '\(p.name)' in def '\(d.name)'", at: p.loc, length: p.name.count)
                }
                params.append(id)
            }
            checkBody(d.body, params: params)
        }
        for t in s.tasks { checkBody(t.body, params: []) }
        if let main = s.main { checkBody(main, params: []) }
    }

    mutating func checkBody(_ body: [Stmt], params: [Int]) {
        var locals = params
        collectLocals(body, into: &locals)
        openScope(locals)
        loopDepth = 0
        exceptDepth = 0
        checkBlock(body)
        closeScope()
    }

    // MARK: Locals

    mutating func collectLocals(_ body: [Stmt], into locals: inout [Int]) {
        for s in body { collectLocals(s, into: &locals) }
    }

    mutating func bind(_ t: Target, into locals: inout [Int]) {
        switch t {
        case .name(let n, let loc):
            let id = intern(n)
            if let g = globalOf[id] {
                switch g.kind {
                case .variable: return // writes the shared var
                case .resource, .def:
                    error("cannot assign to '\(n)': it is \(g.kind.noun) (line \(g.loc.line))", at: loc, length: n.count,
                          hint: "use another name for the variable")
                    return
                }
            }
            locals.append(id)
        case .index: return
        case .tuple(let ts): for x in ts { bind(x, into: &locals) }
        }
    }

    mutating func collectLocals(_ s: Stmt, into locals: inout [Int]) {
        switch s.kind {
        case .action(let t, _):
            if let t { bind(t, into: &locals) }
        case .ifChain(let arms, let orElse):
            for arm in arms { collectLocals(arm.1, into: &locals) }
            if let orElse { collectLocals(orElse, into: &locals) }
        case .whileLoop(_, let b), .repeatLoop(_, let b), .forever(let b), .timeout(_, let b),
             .taskgroup(let b), .with(_, let b):
            collectLocals(b, into: &locals)
        case .forLoop(let t, _, let b):
            bind(t, into: &locals)
            collectLocals(b, into: &locals)
        case .asCompleted(let t, _, _, let b):
            bind(t, into: &locals)
            collectLocals(b, into: &locals)
        case .tryStmt(let body, let handlers, let orElse, let fin):
            collectLocals(body, into: &locals)
            for h in handlers {
                if let b = h.binding { bind(.name(b, h.loc), into: &locals) }
                collectLocals(h.body, into: &locals)
            }
            if let orElse { collectLocals(orElse, into: &locals) }
            if let fin { collectLocals(fin, into: &locals) }
        default:
            break
        }
    }

    // MARK: Names

    func resolve(_ n: String) -> Resolved? {
        guard let id = table.lookup(n) else { return nil }
        if localCount[id] > 0 { return .local }
        if let g = globalOf[id] { return .global(g.kind) }
        if let b = builtinOf[id] { return .builtin(b) }
        return nil
    }

    func visibleNames() -> [String] {
        var names = Set<String>()
        for s in scopes { for id in s { names.insert(table.names[id]) } }
        for (id, g) in globalOf.enumerated() where g != nil { names.insert(table.names[id]) }
        names.formUnion(Keywords.builtins.keys)
        names.formUnion(["True", "False", "none"])
        return names.sorted()
    }

    mutating func undefined(_ n: String, at loc: SourceLocation) {
        if brokenNames.contains(n) { return }
        var hint = Keywords.closest(to: n, in: visibleNames()).map { "did you mean '\($0)'?" }
        if hint == nil, n.first?.isUppercase == true {
            hint = "exception names are only free in 'raise' and 'except'"
        }
        error("undefined name '\(n)'", at: loc, length: n.count, hint: hint)
    }

    // MARK: Statements

    mutating func checkBlock(_ body: [Stmt]) {
        for s in body { checkStmt(s) }
    }

    mutating func loopBody(_ body: [Stmt]) {
        loopDepth += 1
        checkBlock(body)
        loopDepth -= 1
    }

    mutating func checkStmt(_ s: Stmt) {
        switch s.kind {
        case .action(let target, let action):
            if let target { checkTarget(target) }
            checkAction(action, hasTarget: target != nil, at: s.loc)
        case .sleep(let d):
            checkDuration(d, "sleep")
        case .cpu(let d):
            checkDuration(d, "cpu")
        case .print(let es):
            for e in es { checkExpr(e) }
        case .cancel(let e):
            expectTask(e, "cancel")
        case .acquire(let e):
            expectResource(e, [.lock, .semaphore], "acquire",
                           hint: "'acquire' takes a lock or a semaphore; wait for an event with 'wait E'")
        case .release(let e):
            expectResource(e, [.lock, .semaphore], "release",
                           hint: "'release' takes a lock or a semaphore")
        case .put(let q, let v):
            expectResource(q, [.queue], "put", hint: "'put' takes a queue: put Q value")
            checkExpr(v)
        case .taskDone(let q):
            expectResource(q, [.queue], "task_done", hint: nil)
        case .join(let q):
            expectResource(q, [.queue], "join", hint: "'join' waits for a queue; to wait for a task use 'await t'")
        case .set(let e):
            expectResource(e, [.event], "set", hint: "'set' is for events; a lock is released with 'release'")
        case .clear(let e):
            expectResource(e, [.event], "clear", hint: nil)
        case .waitEvent(let e):
            expectResource(e, [.event], "wait", hint: "to wait for one task write 'done, pending = wait t'")
        case .append(let l, let v):
            checkExpr(l)
            if case .name(let n) = l.kind, case .global(let g)? = resolve(n), !isVariable(g) {
                error("'append' needs a list, but '\(n)' is \(g.noun)", at: l.loc, length: n.count)
            } else if let what = nonListLiteral(l) {
                error("'append' needs a list, not \(what)", at: l.loc)
            }
            checkExpr(v)
        case .ifChain(let arms, let orElse):
            for (c, b) in arms {
                checkExpr(c)
                checkBlock(b)
            }
            if let orElse { checkBlock(orElse) }
        case .whileLoop(let c, let b):
            checkExpr(c)
            loopBody(b)
        case .forLoop(let t, let it, let b):
            checkExpr(it)
            checkTarget(t)
            loopBody(b)
        case .repeatLoop(let n, let b):
            checkExpr(n)
            if let what = nonNumberLiteral(n) {
                error("'repeat' needs a count, not \(what)", at: n.loc)
            }
            loopBody(b)
        case .forever(let b):
            loopBody(b)
        case .asCompleted(let t, let items, let timeout, let b):
            checkItems(items)
            if let timeout { checkDuration(timeout, "timeout") }
            checkTarget(t)
            loopBody(b)
        case .timeout(let d, let b):
            checkDuration(d, "timeout")
            checkBlock(b)
        case .taskgroup(let b):
            checkBlock(b)
        case .with(let r, let b):
            expectResource(r, [.lock, .semaphore], "with",
                           hint: "'with' takes a lock or a semaphore; for an event use 'wait E', for a queue 'get Q'")
            checkBlock(b)
        case .tryStmt(let body, let handlers, let orElse, let fin):
            checkBlock(body)
            for h in handlers {
                for (k, t) in h.types.enumerated() where !(t.first?.isUppercase ?? false) {
                    let at = nameLocations[h.loc].flatMap { k < $0.count ? $0[k] : nil }
                    error("'\(t)' is not an exception name", at: at ?? h.loc, length: at == nil ? 6 : t.count,
                          hint: "exception names start with a capital letter, e.g. ValueError")
                }
                exceptDepth += 1
                checkBlock(h.body)
                exceptDepth -= 1
            }
            if let orElse { checkBlock(orElse) }
            if let fin { checkBlock(fin) }
        case .raise(let type, let message):
            if let type {
                let tloc = nameLocations[s.loc]?.first ?? s.loc.advanced(by: 6)
                if !(type.first?.isUppercase ?? false) {
                    // `raise e`: a variable holding an exception.
                    switch resolve(type) {
                    case .local?, .global(.variable)?: break
                    case .global(let g)?:
                        error("cannot raise '\(type)': it is \(g.noun)", at: tloc, length: type.count)
                    case .builtin?:
                        error("cannot raise '\(type)': it is a built-in function", at: tloc, length: type.count)
                    case nil:
                        undefined(type, at: tloc)
                    }
                }
            } else if exceptDepth == 0 {
                error("bare 'raise' outside an 'except' block", at: s.loc, length: 5,
                      hint: "name the exception: raise RuntimeError \"message\"")
            }
            if let message { checkExpr(message) }
        case .breakLoop:
            if loopDepth == 0 { error("'break' outside a loop", at: s.loc, length: 5) }
        case .continueLoop:
            if loopDepth == 0 { error("'continue' outside a loop", at: s.loc, length: 8) }
        case .pass:
            break
        case .returnValue(let e):
            if let e { checkExpr(e) }
        }
    }

    func isVariable(_ g: GlobalKind) -> Bool {
        if case .variable = g { return true }
        return false
    }

    mutating func checkTarget(_ t: Target) {
        switch t {
        case .name: break
        case .index(let a, let b):
            checkExpr(a)
            checkExpr(b)
        case .tuple(let ts):
            for x in ts { checkTarget(x) }
        }
    }

    mutating func checkAction(_ a: Action, hasTarget: Bool, at loc: SourceLocation) {
        switch a {
        case .expr(let e):
            checkExpr(e)
        case .toThread(let d):
            checkDuration(d, "to_thread")
        case .await(let e):
            expectTask(e, "await")
        case .gather(let items, _):
            checkItems(items)
        case .wait(let items, _, let timeout):
            checkItems(items)
            for item in items { rejectCoroutine(item) }
            if let timeout { checkDuration(timeout, "timeout") }
        case .waitFor(let e, let timeout):
            checkExpr(e)
            checkDuration(timeout, "timeout")
        case .get(let q):
            expectResource(q, [.queue], "get", hint: "'get' takes a queue: x = get Q")
        }
    }

    /// `asyncio.wait` takes tasks: a coroutine call there is a TypeError in Python.
    mutating func rejectCoroutine(_ item: Expr) {
        switch item.kind {
        case .call(let n, let nloc, _):
            if case .global(.def)? = resolve(n) {
                error("'wait' needs tasks, but '\(n)(…)' is a coroutine", at: nloc, length: n.count,
                      hint: "use spawn: 'spawn \(n)(…)' makes a task (asyncio.wait raises TypeError for coroutines)")
            }
        case .star(let inner):
            switch inner.kind {
            case .list(let xs): for x in xs { rejectCoroutine(x) }
            case .comprehension(let el, _, _, _): rejectCoroutine(el)
            default: break
            }
        default:
            break
        }
    }

    mutating func checkItems(_ items: [Expr]) {
        for item in items {
            if case .star(let inner) = item.kind { checkExpr(inner) } else { checkExpr(item) }
        }
    }

    mutating func checkDuration(_ d: Expr, _ what: String) {
        checkExpr(d)
        if let lit = negativeLiteral(d) {
            error("negative duration '\(lit)' for '\(what)'", at: d.loc, length: lit.count,
                  hint: "durations are 0 or more ('sleep 0' yields once)")
        } else if let kind = nonNumberLiteral(d) {
            error("'\(what)' needs a duration, not \(kind)", at: d.loc, hint: "for example: \(what) 200ms")
        }
    }

    func negativeLiteral(_ e: Expr) -> String? {
        guard case .unary(.neg, let inner) = e.kind else { return nil }
        switch inner.kind {
        case .int(let v): return v == 0 ? nil : "-\(v)"
        case .float(let v): return v == 0 ? nil : "-\(v)"
        case .duration(let v, let text): return v == 0 ? nil : "-" + text
        default: return nil
        }
    }

    func nonNumberLiteral(_ e: Expr) -> String? {
        switch e.kind {
        case .string: return "a string"
        case .bool: return "a boolean"
        case .none: return "none"
        case .list, .comprehension: return "a list"
        default: return nil
        }
    }

    func nonListLiteral(_ e: Expr) -> String? {
        switch e.kind {
        case .string: return "a string"
        case .bool: return "a boolean"
        case .none: return "none"
        case .int, .float, .duration: return "a number"
        default: return nil
        }
    }

    mutating func expectResource(_ e: Expr, _ kinds: [ResourceKind], _ stmt: String, hint: String?) {
        checkExpr(e)
        var wanted: String { kinds.map(\.withArticle).joined(separator: " or ") }
        if case .name(let n) = e.kind {
            switch resolve(n) {
            case .global(.resource(let k))? where !kinds.contains(k):
                error("'\(stmt)' needs \(wanted), but '\(n)' is \(k.withArticle)", at: e.loc, length: n.count, hint: hint)
            case .global(.def)?:
                error("'\(stmt)' needs \(wanted), but '\(n)' is a def", at: e.loc, length: n.count, hint: hint)
            default:
                break
            }
        } else if let what = nonListLiteral(e) ?? nonNumberLiteral(e) {
            error("'\(stmt)' needs \(wanted), not \(what)", at: e.loc, hint: hint)
        }
    }

    mutating func expectTask(_ e: Expr, _ stmt: String) {
        checkExpr(e)
        if case .name(let n) = e.kind, case .global(let g)? = resolve(n) {
            switch g {
            case .resource, .def:
                error("'\(stmt)' needs a task, but '\(n)' is \(g.noun)", at: e.loc, length: n.count,
                      hint: "a task comes from 't = spawn f(…)'")
            case .variable: break
            }
        } else if let what = nonListLiteral(e) {
            error("'\(stmt)' needs a task, not \(what)", at: e.loc)
        }
    }

    // MARK: Expressions

    mutating func checkExpr(_ e: Expr) {
        switch e.kind {
        case .int, .float, .duration, .bool, .none:
            break
        case .string(let parts):
            for p in parts {
                if case .interpolation(let x, _) = p { checkExpr(x) }
            }
        case .name(let n):
            switch resolve(n) {
            case nil:
                undefined(n, at: e.loc)
            case .global(.def)?:
                error("'\(n)' is a def: call it", at: e.loc, length: n.count, hint: "write \(n)(…)")
            case .builtin?:
                error("'\(n)' is a built-in function: call it", at: e.loc, length: n.count, hint: "write \(n)(…)")
            default:
                break
            }
        case .list(let xs):
            for x in xs { checkExpr(x) }
        case .comprehension(let el, let t, let it, let cond):
            checkExpr(it)
            openScope(t.names.map { intern($0) })
            checkExpr(el)
            if let cond { checkExpr(cond) }
            closeScope()
        case .unary(_, let x):
            checkExpr(x)
        case .binary(_, let a, let b), .and(let a, let b), .or(let a, let b), .index(let a, let b):
            checkExpr(a)
            checkExpr(b)
        case .compare(let first, let rest):
            checkExpr(first)
            for (_, x) in rest { checkExpr(x) }
        case .call(let n, let nloc, let args):
            checkCall(n, nloc, args.count)
            for a in args { checkExpr(a) }
        case .spawn(let call, let label):
            if inVarInit {
                error("'spawn' cannot be used in the value of a var or a resource", at: e.loc, length: 5,
                      hint: "spawn tasks inside 'main:' or a task block")
            }
            if case .call(let n, let nloc, let args) = call.kind {
                switch resolve(n) {
                case .global(.def)?:
                    checkCall(n, nloc, args.count)
                case nil:
                    undefined(n, at: nloc)
                case .builtin?:
                    error("'spawn' needs a call of a def, but '\(n)' is a built-in function", at: nloc, length: n.count)
                case .local?, .global(.variable)?:
                    error("'spawn' needs a call of a def, but '\(n)' is a variable", at: nloc, length: n.count)
                case .global(let g)?:
                    error("'spawn' needs a call of a def, but '\(n)' is \(g.noun)", at: nloc, length: n.count)
                }
                for a in args { checkExpr(a) }
            } else {
                error("'spawn' needs a call of a def", at: call.loc, hint: "write: spawn f(args)")
                checkExpr(call)
            }
            if let label { checkExpr(label) }
        case .star(let x):
            error("'*' is only allowed in the items of gather, wait and as_completed", at: e.loc,
                  hint: "to join lists use '+'")
            checkExpr(x)
        }
    }

    mutating func checkCall(_ n: String, _ loc: SourceLocation, _ count: Int) {
        switch resolve(n) {
        case nil:
            undefined(n, at: loc)
        case .local?, .global(.variable)?:
            let shadow = Keywords.builtins[n] != nil ? " (it hides the built-in '\(n)')" : ""
            error("'\(n)' is a variable, not a function\(shadow)", at: loc, length: n.count)
        case .global(.resource(let k))?:
            error("'\(n)' is \(k.withArticle), not a function", at: loc, length: n.count,
                  hint: "use it with its statements, e.g. \(Self.resourceExample(k, n))")
        case .global(.def(let params))?:
            if inVarInit {
                error("a def cannot be called in the value of a var or a resource", at: loc, length: n.count,
                      hint: "call it inside 'main:' or a task block")
            } else if params != count {
                error("'\(n)' takes \(Self.plural(params, "argument")) but \(count) \(count == 1 ? "was" : "were") given",
                      at: loc, length: n.count)
            }
        case .builtin(let range)?:
            if !range.contains(count) {
                let takes: String
                if range.lowerBound == range.upperBound {
                    takes = range.lowerBound == 0 ? "no arguments" : Self.plural(range.lowerBound, "argument")
                } else if range.upperBound == Int.max {
                    takes = "at least \(Self.plural(range.lowerBound, "argument"))"
                } else {
                    takes = "\(range.lowerBound) to \(range.upperBound) arguments"
                }
                error("'\(n)' takes \(takes) but \(count) \(count == 1 ? "was" : "were") given", at: loc, length: n.count)
            }
        }
    }

    static func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }

    static func resourceExample(_ k: ResourceKind, _ n: String) -> String {
        switch k {
        case .lock, .semaphore: return "'with \(n):' or 'acquire \(n)'"
        case .event: return "'set \(n)' or 'wait \(n)'"
        case .queue: return "'put \(n) x' or 'x = get \(n)'"
        }
    }
}

extension ResourceKind {
    var withArticle: String { self == .event ? "an event" : "a \(rawValue)" }
}

extension SourceLocation {
    func advanced(by columns: Int) -> SourceLocation { SourceLocation(line: line, column: column + columns) }
}

/// The one-line summary `asyncviz check` prints for a valid scenario.
public enum ScenarioSummary {
    public static func line(for s: Scenario) -> String {
        func count(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
        var parts: [String] = []
        if s.main != nil { parts.append("main") }
        if !s.tasks.isEmpty { parts.append(count(s.tasks.count, "task")) }
        parts.append(count(s.defs.count, "def"))
        if !s.resources.isEmpty {
            var kinds: [String] = []
            for k in [ResourceKind.lock, .semaphore, .event, .queue] {
                let n = s.resources.filter { $0.kind == k }.count
                if n > 0 { kinds.append(count(n, k.rawValue)) }
            }
            parts.append(count(s.resources.count, "resource") + " (" + kinds.joined(separator: ", ") + ")")
        }
        if !s.vars.isEmpty { parts.append(count(s.vars.count, "var")) }
        var line = "ok: " + parts.joined(separator: ", ")
        if let t = s.title { line += " — " + TextEscaping.escapeControls(t) }
        return line
    }
}
