/// Compiles a checked scenario into flat per-function code. Names are resolved the way Python
/// resolves them: a name assigned anywhere in a function is local to it; anything else is a
/// shared `var`, a resource, or a def.
struct Compiler {
    let scenario: Scenario
    let program = Program()

    init(_ scenario: Scenario) { self.scenario = scenario }

    static func compile(_ s: Scenario) -> Program {
        var c = Compiler(s)
        return c.run()
    }

    mutating func run() -> Program {
        let p = program
        p.title = scenario.title ?? ""
        p.notes = scenario.notes
        p.seed = UInt64(bitPattern: Int64(scenario.seed))
        p.until = scenario.until ?? 300
        p.workers = max(1, scenario.workers)
        for r in scenario.resources {
            p.resourceIndex[r.name] = p.resources.count
            p.resources.append(ResourceInfo(kind: r.kind, name: r.name, size: nil, line: r.loc.line))
        }
        for v in scenario.vars where p.globalIndex[v.name] == nil {
            p.globalIndex[v.name] = p.globals.count
            p.globals.append((v.name, .const(.none), v.loc.line))
        }
        // Reserve function indices first so calls can be resolved in any order.
        for d in scenario.defs where p.functionIndex[d.name] == nil {
            p.functionIndex[d.name] = p.functions.count
            p.functions.append(Code(name: d.name, index: p.functions.count, paramCount: d.params.count, line: d.loc.line))
        }
        var blockCodes: [(Code, [Stmt])] = []
        for t in scenario.tasks {
            let code = Code(name: t.name, index: p.functions.count, paramCount: 0, line: t.loc.line)
            p.functions.append(code)
            p.taskBlocks.append(code.index)
            blockCodes.append((code, t.body))
        }
        // Initial values of vars and resource sizes are evaluated in main's frame at start.
        let globalScope = FunctionCompiler(program: p, code: Code(name: "<module>", index: -1, paramCount: 0, line: 0), params: [], body: [])
        for (i, v) in scenario.vars.enumerated() where i < p.globals.count {
            if let gi = p.globalIndex[v.name] { p.globals[gi].value = globalScope.expr(v.value) }
        }
        for r in scenario.resources {
            if let ri = p.resourceIndex[r.name], let size = r.size { p.resources[ri].size = globalScope.expr(size) }
        }
        for d in scenario.defs {
            guard let idx = p.functionIndex[d.name], p.functions[idx].line == d.loc.line else { continue }
            var fc = FunctionCompiler(program: p, code: p.functions[idx], params: d.params.map(\.name), body: d.body)
            fc.compileBody()
        }
        for (code, body) in blockCodes {
            var fc = FunctionCompiler(program: p, code: code, params: [], body: body)
            fc.compileBody()
        }
        let mainCode = Code(name: "main", index: p.functions.count, paramCount: 0, line: scenario.mainLoc?.line ?? 0)
        p.functions.append(mainCode)
        p.main = mainCode.index
        if let body = scenario.main {
            var fc = FunctionCompiler(program: p, code: mainCode, params: [], body: body)
            fc.compileBody()
        } else {
            p.hiddenMain = true
            let items: [CExpr] = p.taskBlocks.map {
                .spawn(function: $0, args: [], label: .const(.str(p.functions[$0].name)), group: nil)
            }
            mainCode.ops = [.gather(items, returnExceptions: true, nil), .ret(nil)]
            mainCode.lines = [0, 0]
        }
        return p
    }
}

/// Compiles one function body.
struct FunctionCompiler {
    let program: Program
    let code: Code
    var locals: [String: Int] = [:]
    /// Comprehension variables shadow locals while their element is compiled.
    var overlays: [[String: Int]] = []
    var loops: [(breakPatches: [Int], continueTarget: Int, depth: Int)] = []
    var blockDepth = 0
    var groupSlots: [Int] = []
    var line = 0
    let body: [Stmt]

    init(program: Program, code: Code, params: [String], body: [Stmt]) {
        self.program = program
        self.code = code
        self.body = body
        for p in params { _ = declare(p) }
    }

    mutating func declare(_ name: String) -> Int {
        if let s = locals[name] { return s }
        let s = newSlot(name)
        locals[name] = s
        return s
    }

    mutating func newSlot(_ name: String = "") -> Int {
        let s = code.slotCount
        code.slotCount += 1
        code.slotNames.append(name)
        return s
    }

    mutating func compileBody() {
        collectLocals(body)
        block(body)
        emit(.ret(nil))
    }

    // MARK: locals

    mutating func collectLocals(_ stmts: [Stmt]) {
        for s in stmts {
            switch s.kind {
            case .action(let t, _): if let t { declareTarget(t) }
            case .ifChain(let arms, let orElse):
                for a in arms { collectLocals(a.1) }
                if let orElse { collectLocals(orElse) }
            case .whileLoop(_, let b), .repeatLoop(_, let b), .forever(let b), .timeout(_, let b),
                 .taskgroup(let b), .with(_, let b):
                collectLocals(b)
            case .forLoop(let t, _, let b):
                declareTarget(t)
                collectLocals(b)
            case .asCompleted(let t, _, _, let b):
                declareTarget(t)
                collectLocals(b)
            case .tryStmt(let b, let hs, let e, let f):
                collectLocals(b)
                for h in hs {
                    if let n = h.binding { _ = declare(n) }
                    collectLocals(h.body)
                }
                if let e { collectLocals(e) }
                if let f { collectLocals(f) }
            default: break
            }
        }
    }

    mutating func declareTarget(_ t: Target) {
        switch t {
        case .name(let n, _): if program.globalIndex[n] == nil { _ = declare(n) }
        case .index: break
        case .tuple(let ts): for t in ts { declareTarget(t) }
        }
    }

    // MARK: emit

    @discardableResult
    mutating func emit(_ op: Op) -> Int {
        code.ops.append(op)
        code.lines.append(line)
        return code.ops.count - 1
    }

    var here: Int { code.ops.count }

    mutating func patch(_ at: Int, _ target: Int) {
        switch code.ops[at] {
        case .jump: code.ops[at] = .jump(target)
        case .jumpIfFalse(let c, _): code.ops[at] = .jumpIfFalse(c, target)
        case .setupExcept: code.ops[at] = .setupExcept(target)
        case .setupFinally: code.ops[at] = .setupFinally(target)
        case .forNext(let s, let t, _): code.ops[at] = .forNext(slot: s, t, exit: target)
        case .forRangeNext(let s, let t, _): code.ops[at] = .forRangeNext(slot: s, t, exit: target)
        case .repeatNext(let s, _): code.ops[at] = .repeatNext(slot: s, exit: target)
        case .matchExcept(let ty, let b, _): code.ops[at] = .matchExcept(types: ty, bind: b, next: target)
        case .unwindJump(_, let d): code.ops[at] = .unwindJump(target: target, depth: d)
        case .asCompletedNext(let s, let t, _): code.ops[at] = .asCompletedNext(slot: s, t, exit: target)
        case .waitForPrepare(let e, let t, let s, _, let tg): code.ops[at] = .waitForPrepare(e, timeout: t, slot: s, skip: target, tg)
        default: fatalError("patch of a non-jump")
        }
    }

    // MARK: statements

    mutating func block(_ stmts: [Stmt]) {
        for s in stmts { stmt(s) }
    }

    mutating func loopBody(_ b: [Stmt], continueTarget: Int) -> [Int] {
        loops.append(([], continueTarget, blockDepth))
        block(b)
        return loops.removeLast().breakPatches
    }

    mutating func stmt(_ s: Stmt) {
        line = s.loc.line
        switch s.kind {
        case .action(let t, let a): action(t.map(target), a)
        case .sleep(let e): emit(.sleep(expr(e)))
        case .cpu(let e): emit(.cpu(expr(e)))
        case .print(let es): emit(.print(es.map(expr)))
        case .cancel(let e): emit(.cancel(expr(e)))
        case .acquire(let e): emit(.acquire(expr(e)))
        case .release(let e): emit(.release(expr(e)))
        case .put(let q, let v): emit(.put(expr(q), expr(v)))
        case .taskDone(let e): emit(.taskDone(expr(e)))
        case .join(let e): emit(.join(expr(e)))
        case .set(let e): emit(.set(expr(e)))
        case .clear(let e): emit(.clear(expr(e)))
        case .waitEvent(let e): emit(.waitEvent(expr(e)))
        case .append(let l, let v): emit(.append(expr(l), expr(v)))
        case .pass: break
        case .ifChain(let arms, let orElse):
            var ends: [Int] = []
            for arm in arms {
                line = arm.0.loc.line
                let j = emit(.jumpIfFalse(expr(arm.0), -1))
                block(arm.1)
                ends.append(emit(.jump(-1)))
                patch(j, here)
            }
            if let orElse { block(orElse) }
            for e in ends { patch(e, here) }
        case .whileLoop(let c, let b):
            let top = here
            let j = emit(.jumpIfFalse(expr(c), -1))
            let breaks = loopBody(b, continueTarget: top)
            emit(.jump(top))
            patch(j, here)
            for x in breaks { patch(x, here) }
        case .forever(let b):
            let top = here
            let breaks = loopBody(b, continueTarget: top)
            emit(.jump(top))
            for x in breaks { patch(x, here) }
        case .forLoop(let t, let it, let b):
            var me = self
            let iterable = me.compileExpr(it)
            let top: Int
            if case .builtin(.range, let args) = iterable {
                let slot = newSlot("<range next>")
                _ = newSlot("<range left>")
                _ = newSlot("<range step>")
                emit(.getRangeIter(args.map(Self.flattened), slot: slot))
                top = emit(.forRangeNext(slot: slot, target(t), exit: -1))
            } else {
                let slot = newSlot("<iter>")
                emit(.getIter(Self.flattened(iterable), slot: slot))
                top = emit(.forNext(slot: slot, target(t), exit: -1))
            }
            let breaks = loopBody(b, continueTarget: top)
            emit(.jump(top))
            patch(top, here)
            for x in breaks { patch(x, here) }
        case .repeatLoop(let n, let b):
            let slot = newSlot("<repeat>")
            emit(.repeatInit(expr(n), slot: slot))
            let top = emit(.repeatNext(slot: slot, exit: -1))
            let breaks = loopBody(b, continueTarget: top)
            emit(.jump(top))
            patch(top, here)
            for x in breaks { patch(x, here) }
        case .asCompleted(let t, let items, let timeout, let b):
            let slot = newSlot("<as_completed>")
            emit(.asCompletedInit(items.map(expr), timeout: timeout.map(expr), slot: slot))
            let top = emit(.asCompletedNext(slot: slot, target(t), exit: -1))
            let breaks = loopBody(b, continueTarget: top)
            emit(.jump(top))
            patch(top, here)
            for x in breaks { patch(x, here) }
        case .breakLoop:
            if let l = loops.last {
                let j = emit(.unwindJump(target: -1, depth: l.depth))
                loops[loops.count - 1].breakPatches.append(j)
            }
        case .continueLoop:
            if let l = loops.last { emit(.unwindJump(target: l.continueTarget, depth: l.depth)) }
        case .returnValue(let e):
            emit(.ret(e.map(expr)))
        case .raise(let type, let msg):
            if let type {
                if locals[type] != nil || program.globalIndex[type] != nil {
                    emit(.raise(.value(expr(Expr(.name(type), at: s.loc)))))
                } else {
                    emit(.raise(.type(type, msg.map(expr))))
                }
            } else {
                emit(.raise(.reraise))
            }
        case .timeout(let d, let b):
            let slot = newSlot("<timeout>")
            emit(.timeoutEnter(expr(d), slot: slot))
            finallyBlock(body: { $0.block(b) }, final: { $0.emit(.timeoutExit(slot: slot)) })
        case .taskgroup(let b):
            let slot = newSlot("<taskgroup>")
            emit(.taskGroupEnter(slot: slot))
            groupSlots.append(slot)
            finallyBlock(body: { $0.block(b) }, final: { c in
                c.groupSlots.removeLast()
                c.line = s.loc.line
                c.emit(.taskGroupExit(slot: slot))
            })
        case .with(let r, let b):
            let slot = newSlot("<with>")
            emit(.withEnter(expr(r), slot: slot))
            finallyBlock(body: { $0.block(b) }, final: { c in
                c.line = s.loc.line
                c.emit(.withExit(slot: slot))
            })
        case .tryStmt(let body, let handlers, let orElse, let fin):
            if let fin {
                finallyBlock(body: { c in c.tryExcept(body, handlers, orElse) }, final: { $0.block(fin) })
            } else {
                tryExcept(body, handlers, orElse)
            }
        }
    }

    mutating func finallyBlock(body: (inout FunctionCompiler) -> Void, final: (inout FunctionCompiler) -> Void) {
        let setup = emit(.setupFinally(-1))
        blockDepth += 1
        body(&self)
        blockDepth -= 1
        emit(.popBlock)
        emit(.enterFinally)
        patch(setup, here)
        blockDepth += 1
        final(&self)
        blockDepth -= 1
        emit(.endFinally)
    }

    mutating func tryExcept(_ body: [Stmt], _ handlers: [ExceptClause], _ orElse: [Stmt]?) {
        if handlers.isEmpty {
            block(body)
            if let orElse { block(orElse) }
            return
        }
        let setup = emit(.setupExcept(-1))
        blockDepth += 1
        block(body)
        blockDepth -= 1
        emit(.popBlock)
        if let orElse { block(orElse) }
        var ends = [emit(.jump(-1))]
        patch(setup, here)
        for h in handlers {
            line = h.loc.line
            let bind: CTarget? = h.binding.map { .local(declare($0)) }
            let m = emit(.matchExcept(types: h.types, bind: bind, next: -1))
            blockDepth += 1
            block(h.body)
            blockDepth -= 1
            emit(.popHandler)
            ends.append(emit(.jump(-1)))
            patch(m, here)
        }
        emit(.reraiseCurrent)
        for e in ends { patch(e, here) }
    }

    mutating func action(_ t: CTarget?, _ a: Action) {
        switch a {
        case .expr(let e):
            if case .call(let name, _, let args) = e.kind, let f = program.functionIndex[name], !isShadowed(name) {
                emit(.call(function: f, args: args.map(expr), t))
            } else if let t {
                emit(.assign(t, expr(e)))
            } else {
                emit(.eval(expr(e)))
            }
        case .toThread(let d): emit(.toThread(expr(d), t))
        case .await(let e): emit(.awaitValue(expr(e), t))
        case .gather(let items, let rx): emit(.gather(items.map(expr), returnExceptions: rx, t))
        case .wait(let items, let mode, let timeout): emit(.wait(items.map(expr), mode, timeout: timeout.map(expr), t))
        case .get(let q): emit(.get(expr(q), t))
        case .waitFor(let e, let timeout):
            let slot = newSlot("<wait_for>")
            _ = newSlot("<wait_for timeout>")
            let prep = emit(.waitForPrepare(expr(e), timeout: expr(timeout), slot: slot, skip: -1, t))
            let tslot = newSlot("<timeout>")
            emit(.timeoutEnter(.local(slot + 1, "<timeout>"), slot: tslot))
            finallyBlock(body: { c in c.emit(.awaitValue(.local(slot, "<awaitable>"), t)) },
                         final: { c in c.emit(.timeoutExit(slot: tslot)) })
            patch(prep, here)
        }
    }

    func isShadowed(_ name: String) -> Bool {
        locals[name] != nil || overlays.contains { $0[name] != nil }
    }

    // MARK: expressions

    func target(_ t: Target) -> CTarget {
        switch t {
        case .name(let n, _):
            for o in overlays.reversed() { if let s = o[n] { return .local(s) } }
            if let s = locals[n] { return .local(s) }
            if let g = program.globalIndex[n] { return .global(g) }
            return .local(0)
        case .index(let a, let b): return .index(expr(a), expr(b))
        case .tuple(let ts): return .tuple(ts.map(target))
        }
    }

    func expr(_ e: Expr) -> CExpr {
        var me = self
        return Self.flattened(me.compileExpr(e))
    }

    /// `tree` as a flat program when it has one (see FlatExpr).
    static func flattened(_ tree: CExpr) -> CExpr {
        FlatExpr.make(tree).map { .flat($0) } ?? tree
    }

    mutating func compileExpr(_ e: Expr) -> CExpr {
        switch e.kind {
        case .int(let v): return .const(.int(v))
        case .float(let v): return .const(.float(v))
        case .duration(let v, _): return .const(.float(v))
        case .bool(let b): return .const(.bool(b))
        case .none: return .const(.none)
        case .string(let parts):
            var out: [CStringPart] = []
            for p in parts {
                switch p {
                case .text(let t): out.append(.text(t))
                case .interpolation(let e, let spec): out.append(.interpolation(compileExpr(e), spec: spec))
                }
            }
            if out.count == 1, case .text(let t) = out[0] { return .const(.str(t)) }
            if out.isEmpty { return .const(.str("")) }
            return .string(out)
        case .name(let n):
            for o in overlays.reversed() { if let s = o[n] { return .local(s, n) } }
            if let s = locals[n] { return .local(s, n) }
            if let g = program.globalIndex[n] { return .global(g, n) }
            if let r = program.resourceIndex[n] { return .const(.resource(r)) }
            switch n {
            case "True", "true": return .const(.bool(true))
            case "False", "false": return .const(.bool(false))
            case "None", "none": return .const(.none)
            default: return .const(.unbound)
            }
        case .list(let items): return .list(items.map { compileExpr($0) })
        case .comprehension(let el, let t, let it, let cond):
            let iterable = compileExpr(it)
            var overlay: [String: Int] = [:]
            for n in t.names { overlay[n] = newSlot(n) }
            overlays.append(overlay)
            let ct = target(t)
            let element = compileExpr(el)
            let c = cond.map { compileExpr($0) }
            overlays.removeLast()
            return .comprehension(element: element, target: ct, iterable: iterable, condition: c)
        case .unary(let op, let a): return .unary(op, compileExpr(a))
        case .binary(let op, let a, let b): return .binary(op, compileExpr(a), compileExpr(b))
        case .compare(let first, let rest):
            let f = compileExpr(first)
            var r: [(CompareOp, CExpr)] = []
            for (op, x) in rest { r.append((op, compileExpr(x))) }
            return .compare(f, r)
        case .and(let a, let b): return .and(compileExpr(a), compileExpr(b))
        case .or(let a, let b): return .or(compileExpr(a), compileExpr(b))
        case .index(let a, let b): return .index(compileExpr(a), compileExpr(b))
        case .call(let name, _, let args):
            let cargs = args.map { compileExpr($0) }
            if !isShadowed(name), let f = program.functionIndex[name] { return .coroutine(function: f, args: cargs) }
            if let b = Builtin(rawValue: name) { return .builtin(b, cargs) }
            return .const(.unbound)
        case .spawn(let call, let label):
            let l = label.map { compileExpr($0) }
            if case .call(let name, _, let args) = call.kind, let f = program.functionIndex[name] {
                return .spawn(function: f, args: args.map { compileExpr($0) }, label: l, group: groupSlots.last)
            }
            return .const(.unbound)
        case .star(let x): return .star(compileExpr(x))
        }
    }
}
