#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Expressions. They never suspend (awaits are statements), so a plain recursive evaluator over
/// the resolved tree is enough; errors are Python's exceptions with Python's messages.
extension Simulator {
    func eval(_ e: CExpr, _ f: Frame) throws -> Value {
        switch e {
        case .const(let v):
            if case .unbound = v { throw PyRaise("NameError", "name is not defined") }
            return v
        case .local(let s, let name):
            let v = f.locals[s]
            if case .unbound = v {
                throw PyRaise("UnboundLocalError", "cannot access local variable '\(name)' where it is not associated with a value")
            }
            return v
        case .global(let g, let name):
            let v = globals[g]
            if case .unbound = v { throw PyRaise("NameError", "name '\(name)' is not defined") }
            return v
        case .list(let items):
            var out: [Value] = []
            out.reserveCapacity(items.count)
            for i in items { out.append(try eval(i, f)) }
            return .list(ListBox(out))
        case .comprehension(let element, let target, let iterable, let condition):
            let it = try iterator(of: try eval(iterable, f))
            var out: [Value] = []
            var iterations = 0, size = 0
            while let x = it.next() {
                // 100 iterations count as one statement towards the never-yields budget (a
                // comprehension over range(10**18) would freeze the loop), and the list, with the
                // lists it holds, is capped as list repetition is (no exhausting the memory).
                iterations += 1
                if iterations == 100 { iterations = 0; try loopSteps("a comprehension") }
                try assign(target, x, f)
                if let c = condition, !truthy(try eval(c, f)) { continue }
                let v = try eval(element, f)
                size += 1
                if case .list(let l) = v { size += l.items.count }
                if size > Simulator.maxListItems { throw PyRaise("MemoryError", "") }
                out.append(v)
            }
            return .list(ListBox(out))
        case .unary(let op, let a):
            return try unary(op, try eval(a, f))
        case .binary(let op, let a, let b):
            return try binary(op, try eval(a, f), try eval(b, f))
        case .compare(let first, let rest):
            var left = try eval(first, f)
            for (op, re) in rest {
                let right = try eval(re, f)
                if !(try compare(op, left, right)) { return .bool(false) }
                left = right
            }
            return .bool(true)
        case .and(let a, let b):
            let l = try eval(a, f)
            return truthy(l) ? try eval(b, f) : l
        case .or(let a, let b):
            let l = try eval(a, f)
            return truthy(l) ? l : try eval(b, f)
        case .index(let a, let b):
            return try index(try eval(a, f), try eval(b, f))
        case .builtin(let b, let args):
            return try builtin(b, try evalArgs(args, f))
        case .coroutine(let fn, let args):
            var vals: [Value] = []
            vals.reserveCapacity(args.count)
            for a in args { vals.append(try eval(a, f)) }
            let c = CoroBox(function: fn, args: vals, line: current?.line ?? 0, serial: coroutineNotes.count)
            coroutineNotes.append(CoroutineNote(function: Int32(truncatingIfNeeded: fn), line: Int32(truncatingIfNeeded: c.line)))
            return .coroutine(c)
        case .spawn(let fn, let args, let label, let group):
            var vals: [Value] = []
            vals.reserveCapacity(args.count)
            for a in args { vals.append(try eval(a, f)) }
            let name = try label.map { PyFormat.str(try eval($0, f)) }
            guard let parent = current else { throw PyRaise("RuntimeError", "no running event loop") }
            try checkArity(fn, vals.count)
            var g: Int?
            if let group, case .int(let gi) = f.locals[group] {
                try checkTaskGroupOpen(gi)
                g = gi
            }
            let t = try createTask(function: fn, args: vals, label: name, parent: parent, line: parent.line)
            if let g { joinTaskGroup(g, t) }
            return .task(t.id)
        case .string(let parts):
            var s = ""
            for p in parts {
                switch p {
                case .text(let t): s += t
                case .interpolation(let x, let spec):
                    let v = try eval(x, f)
                    if let spec {
                        do {
                            s += try PyFormat.formatChecked(v, spec: spec, typeName: typeName(v))
                        } catch {
                            throw PyRaise(error.type, error.message)
                        }
                    } else {
                        s += PyFormat.str(v)
                    }
                }
            }
            return .str(s)
        case .star(let inner):
            return try eval(inner, f)
        case .flat(let program):
            return try evalFlat(program, f)
        }
    }

    /// Runs a flat expression program with its value stack on the machine stack.
    func evalFlat(_ program: FlatExpr, _ f: Frame) throws -> Value {
        if let nops = program.numeric, let v = evalNumeric(nops, depth: program.depth, f) { return v }
        return try evalFlatGeneric(program, f)
    }

    /// Plain arithmetic on unboxed ints and floats, with Python's results; nil when anything is
    /// not a plain number or not the common case (an overflow, a modulo by a non-positive int, a
    /// float modulo, an int too big to compare exactly with a float): the generic path then
    /// evaluates the same (side-effect-free) program and raises what Python raises.
    func evalNumeric(_ nops: [NOp], depth: Int, _ f: Frame) -> Value? {
        // kind: 0 int, 1 float, 2 bool (only as a final result of a comparison).
        typealias Num = (kind: UInt8, i: Int, d: Double)
        @inline(__always) func number(_ v: Value) -> Num? {
            switch v {
            case .int(let i): return (0, i, 0)
            case .float(let d): return (1, 0, d)
            default: return nil
            }
        }
        /// `l <op> r` as Python computes it, or nil for the cases the generic path handles.
        @inline(__always) func arith(_ b: BinaryOp, _ l: Num, _ r: Num) -> Num? {
            if l.kind == 2 || r.kind == 2 { return nil }
            if l.kind == 0 && r.kind == 0 {
                let z: (partialValue: Int, overflow: Bool)
                switch b {
                case .add: z = l.i.addingReportingOverflow(r.i)
                case .sub: z = l.i.subtractingReportingOverflow(r.i)
                case .mul: z = l.i.multipliedReportingOverflow(by: r.i)
                case .mod:
                    guard r.i > 0 else { return nil }
                    var m = l.i % r.i
                    if m < 0 { m += r.i }
                    z = (m, false)
                default: return nil
                }
                return z.overflow ? nil : (0, z.partialValue, 0)
            }
            let x = l.kind == 1 ? l.d : Double(l.i)
            let y = r.kind == 1 ? r.d : Double(r.i)
            switch b {
            case .add: return (1, 0, x + y)
            case .sub: return (1, 0, x - y)
            case .mul: return (1, 0, x * y)
            default: return nil
            }
        }
        return withUnsafeTemporaryAllocation(of: Num.self, capacity: depth + 1) { buf -> Value? in
            let st = buf.baseAddress!
            var sp = 0
            let exact = 1 << 53
            for op in nops {
                switch op {
                case .int(let i): st[sp] = (0, i, 0); sp += 1
                case .float(let d): st[sp] = (1, 0, d); sp += 1
                case .local(let s):
                    guard let n = number(f.locals[s]) else { return nil }
                    st[sp] = n; sp += 1
                case .global(let g):
                    guard let n = number(globals[g]) else { return nil }
                    st[sp] = n; sp += 1
                case .localBinaryInt(let s, let b, let c):
                    guard let l = number(f.locals[s]), let z = arith(b, l, (0, c, 0)) else { return nil }
                    st[sp] = z; sp += 1
                case .binaryInt(let b, let c):
                    guard let z = arith(b, st[sp - 1], (0, c, 0)) else { return nil }
                    st[sp - 1] = z
                case .binaryFloat(let b, let c):
                    guard let z = arith(b, st[sp - 1], (1, 0, c)) else { return nil }
                    st[sp - 1] = z
                case .neg:
                    let a = st[sp - 1]
                    if a.kind == 0 {
                        if a.i == .min { return nil }
                        st[sp - 1] = (0, -a.i, 0)
                    } else if a.kind == 1 {
                        st[sp - 1] = (1, 0, -a.d)
                    } else { return nil }
                case .binary(let b):
                    guard let z = arith(b, st[sp - 2], st[sp - 1]) else { return nil }
                    sp -= 1
                    st[sp - 1] = z
                case .compare(let c):
                    let r = st[sp - 1], l = st[sp - 2]
                    sp -= 1
                    if l.kind == 2 || r.kind == 2 { return nil }
                    let result: Bool
                    if l.kind == 0 && r.kind == 0 {
                        switch c {
                        case .eq: result = l.i == r.i
                        case .ne: result = l.i != r.i
                        case .lt: result = l.i < r.i
                        case .le: result = l.i <= r.i
                        case .gt: result = l.i > r.i
                        case .ge: result = l.i >= r.i
                        default: return nil
                        }
                    } else {
                        if (l.kind == 0 && l.i.magnitude > exact) || (r.kind == 0 && r.i.magnitude > exact) { return nil }
                        let x = l.kind == 1 ? l.d : Double(l.i)
                        let y = r.kind == 1 ? r.d : Double(r.i)
                        switch c {
                        case .eq: result = x == y
                        case .ne: result = x != y
                        case .lt: result = x < y
                        case .le: result = x <= y
                        case .gt: result = x > y
                        case .ge: result = x >= y
                        default: return nil
                        }
                    }
                    st[sp - 1] = (2, result ? 1 : 0, 0)
                }
            }
            let top = st[sp - 1]
            switch top.kind {
            case 0: return .int(top.i)
            case 1: return .float(top.d)
            default: return .bool(top.i != 0)
            }
        }
    }

    func evalFlatGeneric(_ program: FlatExpr, _ f: Frame) throws -> Value {
        try withUnsafeTemporaryAllocation(of: Value.self, capacity: program.depth + 1) { buf in
            let base = buf.baseAddress!
            var sp = 0
            defer { if sp > 0 { (base).deinitialize(count: sp) } }
            for (pc, op) in program.ops.enumerated() {
                switch op {
                case .int(let i): (base + sp).initialize(to: .int(i)); sp += 1
                case .float(let d): (base + sp).initialize(to: .float(d)); sp += 1
                case .const(let v): (base + sp).initialize(to: v); sp += 1
                case .local(let slot):
                    let v = f.locals[slot]
                    if case .unbound = v {
                        let name = program.names[pc] ?? "?"
                        throw PyRaise("UnboundLocalError", "cannot access local variable '\(name)' where it is not associated with a value")
                    }
                    (base + sp).initialize(to: v); sp += 1
                case .global(let g):
                    let v = globals[g]
                    if case .unbound = v { throw PyRaise("NameError", "name '\(program.names[pc] ?? "?")' is not defined") }
                    (base + sp).initialize(to: v); sp += 1
                case .binary(let bop):
                    let r = (base + sp - 1).move()
                    sp -= 1
                    let l = (base + sp - 1).move()
                    sp -= 1
                    let v: Value
                    switch (bop, l, r) {
                    case (.add, .int(let x), .int(let y)):
                        let (z, o) = x.addingReportingOverflow(y)
                        v = o ? try binary(bop, l, r) : .int(z)
                    case (.mul, .int(let x), .int(let y)):
                        let (z, o) = x.multipliedReportingOverflow(by: y)
                        v = o ? try binary(bop, l, r) : .int(z)
                    case (.sub, .int(let x), .int(let y)):
                        let (z, o) = x.subtractingReportingOverflow(y)
                        v = o ? try binary(bop, l, r) : .int(z)
                    case (.mod, .int(let x), .int(let y)) where y > 0:
                        var m = x % y
                        if m < 0 { m += y }
                        v = .int(m)
                    case (.add, .float(let x), .float(let y)): v = .float(x + y)
                    case (.mul, .float(let x), .float(let y)): v = .float(x * y)
                    case (.mul, .float(let x), .int(let y)): v = .float(x * Double(y))
                    default: v = try binary(bop, l, r)
                    }
                    (base + sp).initialize(to: v); sp += 1
                case .unary(let uop):
                    let a = (base + sp - 1).move()
                    sp -= 1
                    (base + sp).initialize(to: try unary(uop, a)); sp += 1
                case .compare(let cop):
                    let r = (base + sp - 1).move()
                    sp -= 1
                    let l = (base + sp - 1).move()
                    sp -= 1
                    (base + sp).initialize(to: .bool(try compare(cop, l, r))); sp += 1
                case .index:
                    let k = (base + sp - 1).move()
                    sp -= 1
                    let c = (base + sp - 1).move()
                    sp -= 1
                    (base + sp).initialize(to: try index(c, k)); sp += 1
                case .builtin(let b, let argc):
                    var args: [Value] = []
                    args.reserveCapacity(argc)
                    for k in 0..<argc { args.append((base + sp - argc + k).move()) }
                    sp -= argc
                    (base + sp).initialize(to: try builtin(b, args)); sp += 1
                case .list(let count):
                    var items: [Value] = []
                    items.reserveCapacity(count)
                    for k in 0..<count { items.append((base + sp - count + k).move()) }
                    sp -= count
                    (base + sp).initialize(to: .list(ListBox(items))); sp += 1
                case .tree(let e):
                    let v = try eval(e, f)
                    (base + sp).initialize(to: v); sp += 1
                }
            }
            sp -= 1
            return (base + sp).move()
        }
    }

    func unary(_ op: UnaryOp, _ v: Value) throws -> Value {
        switch op {
        case .not: return .bool(!truthy(v))
        case .neg:
            switch v {
            case .int(let i):
                if i == .min { throw PyRaise("OverflowError", "integer result too large (asyncviz ints are 64-bit)") }
                return .int(-i)
            case .float(let d): return .float(-d)
            case .bool(let b): return .int(b ? -1 : 0)
            default: throw PyRaise("TypeError", "bad operand type for unary -: '\(typeName(v))'")
            }
        case .pos:
            switch v {
            case .int, .float: return v
            case .bool(let b): return .int(b ? 1 : 0)
            default: throw PyRaise("TypeError", "bad operand type for unary +: '\(typeName(v))'")
            }
        }
    }

    func assign(_ t: CTarget, _ v: Value, _ f: Frame) throws {
        switch t {
        case .local(let s): f.locals[s] = v
        case .global(let g): globals[g] = v
        case .index(let a, let b):
            let container = try eval(a, f)
            let key = try eval(b, f)
            guard case .list(let box) = container else {
                throw PyRaise("TypeError", "'\(typeName(container))' object does not support item assignment")
            }
            let i = try listIndex(box.items.count, key, "list assignment index out of range")
            box.items[i] = v
        case .tuple(let ts):
            // CPython's message for `a, b = 5` is not the one of `for x in 5`.
            guard let it = try? iterator(of: v) else {
                throw PyRaise("TypeError", "cannot unpack non-iterable \(typeName(v)) object")
            }
            var vals: [Value] = []
            while let x = it.next() { vals.append(x) }
            if vals.count > ts.count { throw PyRaise("ValueError", "too many values to unpack (expected \(ts.count))") }
            if vals.count < ts.count { throw PyRaise("ValueError", "not enough values to unpack (expected \(ts.count), got \(vals.count))") }
            for (t, x) in zip(ts, vals) { try assign(t, x, f) }
        }
    }

    func truthy(_ v: Value) -> Bool {
        switch v {
        case .none, .unbound: return false
        case .bool(let b): return b
        case .int(let i): return i != 0
        case .float(let d): return d != 0
        case .str(let s): return !s.isEmpty
        case .list(let l): return !l.items.isEmpty
        default: return true
        }
    }

    func typeName(_ v: Value) -> String {
        switch v {
        case .none: return "NoneType"
        case .bool: return "bool"
        case .int: return "int"
        case .float: return "float"
        case .str: return "str"
        case .list: return "list"
        case .task: return "Task"
        case .resource(let r): return resources[r].kind == .queue ? "Queue" : (resources[r].kind == .lock ? "Lock" : resources[r].kind == .event ? "Event" : "Semaphore")
        case .exception(let e): return e.type
        case .coroutine: return "coroutine"
        case .iterator: return "range"
        case .unbound: return "NoneType"
        }
    }

    /// The arguments of a built-in call, `*xs` spread.
    func evalArgs(_ args: [CExpr], _ f: Frame) throws -> [Value] {
        var vals: [Value] = []
        for a in args {
            if case .star(let inner) = a {
                let it = try iterator(of: try eval(inner, f))
                while let x = it.next() { vals.append(x) }
            } else {
                vals.append(try eval(a, f))
            }
        }
        return vals
    }

    func iterator(of v: Value) throws -> IterBox {
        switch v {
        case .list(let l): return IterBox(.list(l))
        case .iterator(let it): return IterBox(it.source)  // a range: each loop starts afresh
        case .str(let s): return IterBox(.string(Array(s)))
        default: throw PyRaise("TypeError", "'\(typeName(v))' object is not iterable")
        }
    }

    func listIndex(_ count: Int, _ key: Value, _ message: String) throws -> Int {
        var i: Int
        switch key {
        case .int(let k): i = k
        case .bool(let b): i = b ? 1 : 0
        default: throw PyRaise("TypeError", "list indices must be integers or slices, not \(typeName(key))")
        }
        if i < 0 { i += count }
        if i < 0 || i >= count { throw PyRaise("IndexError", message) }
        return i
    }

    func index(_ c: Value, _ k: Value) throws -> Value {
        switch c {
        case .list(let l): return l.items[try listIndex(l.items.count, k, "list index out of range")]
        case .str(let s):
            let chars = Array(s)
            switch k {
            case .int, .bool: break  // a bool is an int, as in Python ("abc"[True] is 'b')
            default: throw PyRaise("TypeError", "string indices must be integers, not '\(typeName(k))'")
            }
            return .str(String(chars[try listIndex(chars.count, k, "string index out of range")]))
        case .iterator(let it):
            guard case .range(let start, let stop, let step) = it.source else { break }
            guard case .int(let i) = k else { throw PyRaise("TypeError", "range indices must be integers or slices, not \(typeName(k))") }
            let n = IterBox.rangeLength(start: start, stop: stop, step: step)
            let pos: UInt
            if i >= 0 {
                pos = UInt(i)
                if pos >= n { throw PyRaise("IndexError", "range object index out of range") }
            } else {
                if i.magnitude > n { throw PyRaise("IndexError", "range object index out of range") }
                pos = n - i.magnitude
            }
            return .int(IterBox.rangeItem(start: start, step: step, pos))
        default:
            break
        }
        throw PyRaise("TypeError", "'\(typeName(c))' object is not subscriptable")
    }

    /// `len(range(...))` (the count of a huge range may not be an Int; equality only compares).
    static func rangeLength(_ it: IterBox) -> UInt {
        guard case .range(let start, let stop, let step) = it.source else { return 0 }
        return IterBox.rangeLength(start: start, stop: stop, step: step)
    }

    // MARK: arithmetic

    enum Num { case i(Int), d(Double) }

    func num(_ v: Value) -> Num? {
        switch v {
        case .int(let i): return .i(i)
        case .bool(let b): return .i(b ? 1 : 0)
        case .float(let d): return .d(d)
        default: return nil
        }
    }

    func binary(_ op: BinaryOp, _ a: Value, _ b: Value) throws -> Value {
        if let x = num(a), let y = num(b) {
            switch (x, y) {
            case (.i(let p), .i(let q)): return try intOp(op, p, q)
            case (.i(let p), .d(let q)): return try floatOp(op, Double(p), q)
            case (.d(let p), .i(let q)): return try floatOp(op, p, Double(q))
            case (.d(let p), .d(let q)): return try floatOp(op, p, q)
            }
        }
        switch (op, a, b) {
        case (.add, .str(let x), .str(let y)):
            if x.utf8.count + y.utf8.count > Simulator.maxStringBytes { throw PyRaise("MemoryError", "") }
            return .str(x + y)
        case (.add, .list(let x), .list(let y)):
            if x.items.count + y.items.count > Simulator.maxListItems { throw PyRaise("MemoryError", "") }
            return .list(ListBox(x.items + y.items))
        case (.mul, .str(let s), _), (.mul, _, .str(let s)):
            guard let n = repeatCount(a, b) else { break }
            if n > 0 && s.count.multipliedReportingOverflow(by: n).overflow { throw PyRaise("OverflowError", "repeated string is too long") }
            if n > 0 && (s.utf8.count.multipliedReportingOverflow(by: n).overflow || s.utf8.count * n > 100_000_000) { throw PyRaise(ExcBox("MemoryError")) }
            return .str(n <= 0 ? "" : String(repeating: s, count: n))
        case (.mul, .list(let l), _), (.mul, _, .list(let l)):
            guard let n = repeatCount(a, b) else { break }
            if n > 0 && (l.items.count.multipliedReportingOverflow(by: n).overflow || l.items.count * n > 10_000_000) { throw PyRaise(ExcBox("MemoryError")) }
            var out: [Value] = []
            if n > 0 { for _ in 0..<n { out += l.items } }
            return .list(ListBox(out))
        case (.mod, .str, _):
            throw PyRaise("TypeError", "%-formatting is not supported; use \"{x}\" interpolation")
        default: break
        }
        if case .add = op, case .str = a {
            throw PyRaise("TypeError", "can only concatenate str (not \"\(typeName(b))\") to str")
        }
        if case .add = op, case .list = a {
            throw PyRaise("TypeError", "can only concatenate list (not \"\(typeName(b))\") to list")
        }
        if case .mul = op, isSequence(a) || isSequence(b) {
            throw PyRaise("TypeError", "can't multiply sequence by non-int of type '\(typeName(isSequence(a) ? b : a))'")
        }
        let sym = op == .pow ? "** or pow()" : op.rawValue
        throw PyRaise("TypeError", "unsupported operand type(s) for \(sym): '\(typeName(a))' and '\(typeName(b))'")
    }

    /// The largest string (UTF-8 bytes) and list a scenario may build: past them, `MemoryError`
    /// (CPython would take the machine's memory; a scenario has no use for such values).
    static let maxStringBytes = 100_000_000
    static let maxListItems = 10_000_000

    /// Whether `size * n` is more than `limit` (without overflowing: `"ab" * 2**62`).
    static func exceeds(_ size: Int, _ n: Int, _ limit: Int) -> Bool {
        let (p, o) = size.multipliedReportingOverflow(by: n)
        return o || p > limit
    }

    /// A hundred iterations of a comprehension or of min()/max(): one statement of the current
    /// task's budget.
    func loopSteps(_ what: String) throws {
        guard let task = current else { return }
        task.stepsSinceYield += 1
        if task.stepsSinceYield > options.maxStepsWithoutYield {
            throw StopRun(reason: .neverYields, detail: "\(task.name) never yields (line \(task.line)): \(what) ran millions of iterations without awaiting anything and would freeze the event loop")
        }
    }

    func isSequence(_ v: Value) -> Bool {
        switch v { case .str, .list: return true; default: return false }
    }

    func repeatCount(_ a: Value, _ b: Value) -> Int? {
        if case .int(let n) = b { return n }
        if case .int(let n) = a { return n }
        if case .bool(let x) = b { return x ? 1 : 0 }
        if case .bool(let x) = a { return x ? 1 : 0 }
        return nil
    }

    func intOp(_ op: BinaryOp, _ p: Int, _ q: Int) throws -> Value {
        func checked(_ r: (Int, Bool)) throws -> Value {
            if r.1 { throw PyRaise("OverflowError", "integer result too large (asyncviz ints are 64-bit)") }
            return .int(r.0)
        }
        switch op {
        case .add: return try checked(p.addingReportingOverflow(q))
        case .sub: return try checked(p.subtractingReportingOverflow(q))
        case .mul: return try checked(p.multipliedReportingOverflow(by: q))
        case .div:
            if q == 0 { throw PyRaise("ZeroDivisionError", "division by zero") }
            return .float(Double(p) / Double(q))
        case .floorDiv:
            if q == 0 { throw PyRaise("ZeroDivisionError", "integer division or modulo by zero") }
            if p == .min && q == -1 { throw PyRaise("OverflowError", "integer result too large (asyncviz ints are 64-bit)") }
            var d = p / q
            if (p % q != 0) && ((p < 0) != (q < 0)) { d -= 1 }
            return .int(d)
        case .mod:
            if q == 0 { throw PyRaise("ZeroDivisionError", "integer modulo by zero") }
            if q == -1 { return .int(0) }
            var m = p % q
            if m != 0 && ((m < 0) != (q < 0)) { m += q }
            return .int(m)
        case .pow:
            if q < 0 { return try floatOp(.pow, Double(p), Double(q)) }
            var result = 1
            var base = p
            var e = q
            while e > 0 {
                if e & 1 == 1 {
                    let r = result.multipliedReportingOverflow(by: base)
                    if r.overflow { throw PyRaise("OverflowError", "integer result too large (asyncviz ints are 64-bit)") }
                    result = r.partialValue
                }
                e >>= 1
                if e > 0 {
                    let r = base.multipliedReportingOverflow(by: base)
                    if r.overflow { throw PyRaise("OverflowError", "integer result too large (asyncviz ints are 64-bit)") }
                    base = r.partialValue
                }
            }
            return .int(result)
        }
    }

    func floatOp(_ op: BinaryOp, _ p: Double, _ q: Double) throws -> Value {
        switch op {
        case .add: return .float(p + q)
        case .sub: return .float(p - q)
        case .mul: return .float(p * q)
        case .div:
            if q == 0 { throw PyRaise("ZeroDivisionError", "float division by zero") }
            return .float(p / q)
        case .floorDiv:
            if q == 0 { throw PyRaise("ZeroDivisionError", "float floor division by zero") }
            return .float(pyFloatMod(p, q).div)
        case .mod:
            if q == 0 { throw PyRaise("ZeroDivisionError", "float modulo by zero") }
            return .float(pyFloatMod(p, q).mod)
        case .pow:
            if p == 0 && q < 0 { throw PyRaise("ZeroDivisionError", "0.0 cannot be raised to a negative power") }
            let r = pow(p, q)
            if r.isNaN && p < 0 { throw PyRaise("ValueError", "complex results are not supported") }
            if r.isInfinite && p.isFinite && q.isFinite { throw PyRaise(ExcBox("OverflowError", [.int(34), .str("Numerical result out of range")])) }
            return .float(r)
        }
    }

    /// CPython's `float_divmod`.
    func pyFloatMod(_ vx: Double, _ wx: Double) -> (div: Double, mod: Double) {
        var mod = fmod(vx, wx)
        var div = (vx - mod) / wx
        if mod != 0 {
            if (wx < 0) != (mod < 0) {
                mod += wx
                div -= 1.0
            }
        } else {
            mod = copysign(0.0, wx)
        }
        var floordiv: Double
        if div != 0 {
            floordiv = div.rounded(.down)
            if div - floordiv > 0.5 { floordiv += 1.0 }
        } else {
            floordiv = copysign(0.0, vx / wx)
        }
        return (floordiv, mod)
    }

    // MARK: comparison

    /// `a == b`; `depth` counts nested lists (a list that holds itself, compared with another
    /// such list, recurses forever in Python too: RecursionError).
    func equal(_ a: Value, _ b: Value, depth: Int = 0) throws -> Bool {
        if let x = num(a), let y = num(b) {
            switch (x, y) {
            case (.i(let p), .i(let q)): return p == q
            case (.i(let p), .d(let q)): return Self.exactOrder(p, q) == 0
            case (.d(let p), .i(let q)): return Self.exactOrder(q, p) == 0
            case (.d(let p), .d(let q)): return p == q
            }
        }
        switch (a, b) {
        case (.none, .none): return true
        case (.str(let x), .str(let y)): return x == y
        case (.list(let x), .list(let y)):
            if x === y { return true }
            if depth > 900 { throw PyRaise("RecursionError", "maximum recursion depth exceeded in comparison") }
            return try x.items.count == y.items.count && zip(x.items, y.items).allSatisfy { try equal($0, $1, depth: depth + 1) }
        case (.task(let x), .task(let y)): return x == y
        case (.resource(let x), .resource(let y)): return x == y
        case (.exception(let x), .exception(let y)): return x === y
        case (.coroutine(let x), .coroutine(let y)): return x === y
        case (.iterator(let x), .iterator(let y)):
            // Ranges are equal when they hold the same numbers (range(0) == range(2, 2)).
            guard case .range(let s1, _, let st1) = x.source, case .range(let s2, _, let st2) = y.source else { return x === y }
            let n = Self.rangeLength(x)
            return n == Self.rangeLength(y) && (n == 0 || (s1 == s2 && (n == 1 || st1 == st2)))
        default: return false
        }
    }

    func identical(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.none, .none): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.list(let x), .list(let y)): return x === y
        case (.exception(let x), .exception(let y)): return x === y
        case (.coroutine(let x), .coroutine(let y)): return x === y
        case (.task(let x), .task(let y)): return x == y
        case (.resource(let x), .resource(let y)): return x == y
        case (.int(let x), .int(let y)): return x == y && x >= -5 && x <= 256
        case (.str(let x), .str(let y)): return x == y
        default: return false
        }
    }

    func compare(_ op: CompareOp, _ a: Value, _ b: Value) throws -> Bool {
        switch op {
        case .eq: return try equal(a, b)
        case .ne: return try !equal(a, b)
        case .is: return identical(a, b)
        case .isNot: return !identical(a, b)
        case .in, .notIn:
            let found: Bool
            switch b {
            case .list(let l): found = try l.items.contains { try equal($0, a) }
            case .str(let s):
                guard case .str(let sub) = a else { throw PyRaise("TypeError", "'in <string>' requires string as left operand, not \(typeName(a))") }
                found = sub.isEmpty || s.contains(sub)
            case .iterator(let it):
                if case .range(let start, let stop, let step) = it.source, case .int(let x) = a {
                    found = IterBox.rangeContains(start: start, stop: stop, step: step, x)
                } else { found = false }
            default: throw PyRaise("TypeError", "argument of type '\(typeName(b))' is not iterable")
            }
            return op == .in ? found : !found
        case .lt, .le, .gt, .ge:
            let c = try order(a, b, op)
            switch op {
            case .lt: return c < 0
            case .le: return c <= 0
            case .gt: return c > 0
            default: return c >= 0
            }
        }
    }

    /// An int against a float as Python compares them: exactly, not after rounding the int to a
    /// float (2**53 + 1 != 2.0**53). nil for NaN.
    static func exactOrder(_ i: Int, _ d: Double) -> Int? {
        if d.isNaN { return nil }
        if d >= 9_223_372_036_854_775_808.0 { return -1 }
        if d < -9_223_372_036_854_775_808.0 { return 1 }
        let floor = d.rounded(.down)
        let f = Int(floor)
        if i < f { return -1 }
        if i > f { return 1 }
        return d > floor ? -1 : 0
    }

    /// -1, 0, 1; raises TypeError for unorderable operands (NaN compares false both ways: 2).
    func order(_ a: Value, _ b: Value, _ op: CompareOp, depth: Int = 0) throws -> Int {
        if let x = num(a), let y = num(b) {
            let p: Double, q: Double
            switch (x, y) {
            case (.i(let m), .i(let n)): return m < n ? -1 : (m == n ? 0 : 1)
            case (.i(let m), .d(let n)):
                if let c = Self.exactOrder(m, n) { return c }
                return op == .lt || op == .le ? 2 : -2
            case (.d(let m), .i(let n)):
                if let c = Self.exactOrder(n, m) { return -c }
                return op == .lt || op == .le ? 2 : -2
            case (.d(let m), .d(let n)): p = m; q = n
            }
            if p.isNaN || q.isNaN { return op == .lt || op == .le ? 2 : -2 }
            return p < q ? -1 : (p == q ? 0 : 1)
        }
        switch (a, b) {
        case (.str(let x), .str(let y)):
            let xs = Array(x.unicodeScalars), ys = Array(y.unicodeScalars)
            for (c, d) in zip(xs, ys) where c != d { return c.value < d.value ? -1 : 1 }
            return xs.count < ys.count ? -1 : (xs.count == ys.count ? 0 : 1)
        case (.list(let x), .list(let y)):
            if depth > 900 { throw PyRaise("RecursionError", "maximum recursion depth exceeded in comparison") }
            for (c, d) in zip(x.items, y.items) where try !equal(c, d, depth: depth + 1) { return try order(c, d, op, depth: depth + 1) }
            return x.items.count < y.items.count ? -1 : (x.items.count == y.items.count ? 0 : 1)
        default:
            throw PyRaise("TypeError", "'\(op.rawValue)' not supported between instances of '\(typeName(a))' and '\(typeName(b))'")
        }
    }
}
