/// The Python twin of a scenario (`--export python`, SPEC §4): plain asyncio that runs as is with
/// `python3` 3.12+, and that the conformance harness (`Tests/conformance/vclock.py`) runs on a
/// virtual clock to check the simulator against CPython.
///
/// The mapping follows the compiler's reading of the scenario: a def call that stands alone or is
/// the whole right side of `=` is awaited, anywhere else it is a coroutine object; a name assigned
/// in a def that is a shared `var` is a module global (`global x`); resources are module globals
/// created at the start of `main`. Where CPython iterates a set (`asyncio.wait`'s results), the
/// twin turns the sets into lists in the order the tasks were passed.
public enum PythonExport {
    public static func render(_ scenario: Scenario) -> String {
        var w = PythonWriter(scenario)
        return w.render()
    }
}

struct PythonWriter {
    let s: Scenario
    let defNames: Set<String>
    let varNames: Set<String>
    let resourceNames: Set<String>

    var usesTime = false
    var usesNow = false
    var usesRandom = false
    var usesWaitHelper = false
    var userExceptions: [String] = []

    // per function
    var locals: Set<String> = []
    var params: Set<String> = []
    var groupDepth = 0
    var groupNames: [String] = []
    var inFString = 0

    /// Names the twin itself uses (modules, its helpers, the built-ins they call, `tg`, `_`):
    /// a scenario name spelled so gets a trailing '_' everywhere in the twin (`var time = 5`
    /// made `time.sleep` fail; a def `random` replaced the generator's).
    static let twinNames: Set<String> = ["asyncio", "time", "concurrent", "operator", "wait_in_order", "SplitMix64", "_rng", "_T0",
                                         "random", "randint", "uniform", "list", "dict", "int", "float", "range", "tg", "_"]

    func py(_ n: String) -> String { PythonWriter.twinNames.contains(n) ? n + "_" : n }

    init(_ s: Scenario) {
        self.s = s
        defNames = Set(s.defs.map(\.name))
        varNames = Set(s.vars.map(\.name))
        resourceNames = Set(s.resources.map(\.name))
    }

    // MARK: - Document

    mutating func render() -> String {
        var sections: [String] = []
        var functions: [String] = []
        for d in s.defs {
            functions.append(function(name: d.name, params: d.params.map(\.name), body: d.body))
        }
        for t in s.tasks {
            functions.append(function(name: t.name, params: [], body: t.body))
        }
        functions.append(mainFunction())

        // Module globals: vars (literal-ish ones initialised here, the others in main) and resources.
        var globalsText: [String] = []
        for v in s.vars {
            if mentionsResource(v.value) {
                globalsText.append("\(py(v.name)) = None")
            } else {
                locals = []
                globalsText.append("\(py(v.name)) = \(expr(v.value))")
            }
        }
        for r in s.resources where !varNames.contains(r.name) {
            globalsText.append("\(py(r.name)) = None")
        }

        var header: [String] = []
        if let title = s.title, !title.isEmpty { header.append("# " + commentText(title)) }
        if !s.notes.isEmpty {
            if !header.isEmpty { header.append("#") }
            for n in s.notes { header.append("# " + commentText(n)) }
        }
        if let until = s.until {
            if !header.isEmpty { header.append("#") }
            header.append("# asyncviz stops the run at \(PyFormat.floatRepr(until)) s (`until`).")
        }
        var imports = ["import asyncio"]
        if s.workers != 4 { imports.append("import concurrent.futures") }
        if usesRandom { imports.append("import operator") }
        if usesTime || usesNow { imports.append("import time") }
        let importText = imports.joined(separator: "\n")
        sections.append(header.isEmpty ? importText : header.joined(separator: "\n") + "\n\n" + importText)

        if usesNow {
            sections.append("""
            _T0 = time.monotonic()


            def now():
                \"\"\"Seconds since the program started (the virtual clock under the harness).\"\"\"
                return time.monotonic() - _T0
            """)
        }
        if usesRandom {
            sections.append("""
            class SplitMix64:
                \"\"\"asyncviz's random generator: random(), randint() and uniform() draw from it.\"\"\"

                def __init__(self, seed):
                    self.state = seed % 2**64

                def next(self):
                    self.state = (self.state + 0x9E3779B97F4A7C15) % 2**64
                    z = self.state
                    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9 % 2**64
                    z = (z ^ (z >> 27)) * 0x94D049BB133111EB % 2**64
                    return z ^ (z >> 31)


            _rng = SplitMix64(\(s.seed))


            def random():
                return (_rng.next() >> 11) * 2.0**-53


            def randint(a, b):
                a, b = operator.index(a), operator.index(b)  # ints only, as random.randint
                if b < a:
                    raise ValueError(f"empty range in randint({a}, {b})")
                return a + int(random() * (b - a + 1))


            def uniform(a, b):
                return a + (b - a) * random()
            """)
        }
        if usesWaitHelper {
            sections.append("""
            async def wait_in_order(tasks, **kwargs):
                \"\"\"asyncio.wait, with done and pending as lists in the order the tasks were passed.\"\"\"
                tasks = list(dict.fromkeys(tasks))
                done, pending = await asyncio.wait(tasks, **kwargs)
                return [t for t in tasks if t in done], [t for t in tasks if t in pending]
            """)
        }
        for e in userExceptions {
            sections.append("class \(e)(Exception):\n    pass")
        }
        if !globalsText.isEmpty { sections.append(globalsText.joined(separator: "\n")) }
        sections += functions
        sections.append("if __name__ == \"__main__\":\n    asyncio.run(main())")
        return sections.joined(separator: "\n\n\n") + "\n"
    }

    func commentText(_ t: String) -> String {
        String(t.map { $0 == "\n" || $0 == "\r" ? " " : $0 })
    }

    func mentionsResource(_ e: Expr) -> Bool {
        var found = false
        ExprWalk.visit(e) { x in
            if case .name(let n) = x.kind, resourceNames.contains(n) { found = true }
        }
        return found
    }

    // MARK: - Functions

    mutating func beginFunction(params ps: [String], body: [Stmt]) -> [String] {
        params = Set(ps)
        locals = Set(ps)
        groupDepth = 0
        groupNames = []
        var assignedGlobals: [String] = []
        collect(body, &assignedGlobals)
        return assignedGlobals
    }

    mutating func function(name: String, params ps: [String], body: [Stmt]) -> String {
        let globals = beginFunction(params: ps, body: body)
        var lines = ["async def \(py(name))(\(ps.map { py($0) }.joined(separator: ", "))):"]
        if !globals.isEmpty { lines.append("    global " + globals.map { py($0) }.joined(separator: ", ")) }
        lines += block(body, 1)
        if py(name) != name {
            // Task names (`random#1`) and warnings come from the coroutine's name: keep the scenario's.
            lines.append("")
            lines.append("\n\(py(name)).__name__ = \(py(name)).__qualname__ = \(stringLiteral(name))")
        }
        return lines.joined(separator: "\n")
    }

    mutating func mainFunction() -> String {
        var globals = beginFunction(params: [], body: s.main ?? [])
        var setup: [String] = []
        if s.workers != 4 {
            setup.append("asyncio.get_running_loop().set_default_executor(")
            setup.append("    concurrent.futures.ThreadPoolExecutor(max_workers=\(s.workers)))")
        }
        var created: [String] = []
        for r in s.resources {
            created.append(r.name)
            switch r.kind {
            case .lock: setup.append("\(py(r.name)) = asyncio.Lock()")
            case .event: setup.append("\(py(r.name)) = asyncio.Event()")
            case .semaphore: setup.append("\(py(r.name)) = asyncio.Semaphore(\(r.size.map { expr($0) } ?? "1"))")
            case .queue:
                if let size = r.size {
                    setup.append("\(py(r.name)) = asyncio.Queue(maxsize=\(expr(size)))")
                } else {
                    setup.append("\(py(r.name)) = asyncio.Queue()")
                }
            }
        }
        for v in s.vars where mentionsResource(v.value) {
            created.append(v.name)
            setup.append("\(py(v.name)) = \(expr(v.value))")
        }
        for c in created where !globals.contains(c) { globals.append(c) }
        globals = orderedUnique(created + globals)
        var lines = ["async def main():"]
        if !globals.isEmpty { lines.append("    global " + globals.map { py($0) }.joined(separator: ", ")) }
        lines += setup.map { "    " + $0 }
        if let body = s.main {
            lines += block(body, 1)
        } else {
            lines.append("    await asyncio.gather(")
            for t in s.tasks {
                lines.append("        asyncio.create_task(\(py(t.name))(), name=\(stringLiteral(t.name))),")
            }
            lines.append("        return_exceptions=True,")
            lines.append("    )")
        }
        return lines.joined(separator: "\n")
    }

    func orderedUnique(_ xs: [String]) -> [String] {
        var seen = Set<String>()
        return xs.filter { seen.insert($0).inserted }
    }

    /// The names a function assigns, as the compiler reads them: locals, and shared vars (globals).
    mutating func collect(_ stmts: [Stmt], _ globals: inout [String]) {
        func target(_ t: Target, _ globals: inout [String]) {
            switch t {
            case .name(let n, _):
                if varNames.contains(n) && !params.contains(n) {
                    if !globals.contains(n) { globals.append(n) }
                } else {
                    locals.insert(n)
                }
            case .index: break
            case .tuple(let ts): for t in ts { target(t, &globals) }
            }
        }
        for st in stmts {
            switch st.kind {
            case .action(let t, _): if let t { target(t, &globals) }
            case .ifChain(let arms, let orElse):
                for a in arms { collect(a.1, &globals) }
                if let orElse { collect(orElse, &globals) }
            case .whileLoop(_, let b), .repeatLoop(_, let b), .forever(let b), .timeout(_, let b),
                 .taskgroup(let b), .with(_, let b):
                collect(b, &globals)
            case .forLoop(let t, _, let b), .asCompleted(let t, _, _, let b):
                target(t, &globals)
                collect(b, &globals)
            case .tryStmt(let b, let hs, let e, let f):
                collect(b, &globals)
                for h in hs {
                    if let n = h.binding { locals.insert(n) }
                    collect(h.body, &globals)
                }
                if let e { collect(e, &globals) }
                if let f { collect(f, &globals) }
            default: break
            }
        }
    }

    // MARK: - Statements

    mutating func block(_ stmts: [Stmt], _ level: Int) -> [String] {
        var out: [String] = []
        for st in stmts { out += stmt(st, level) }
        if out.isEmpty { out.append(pad(level) + "pass") }
        return out
    }

    func pad(_ level: Int) -> String { String(repeating: "    ", count: level) }

    mutating func stmt(_ st: Stmt, _ level: Int) -> [String] {
        let p = pad(level)
        func line(_ text: String) -> [String] { [p + text] }
        switch st.kind {
        case .action(let t, let a):
            return line((t.map { target($0) + " = " } ?? "") + action(a))
        case .sleep(let d): return line("await asyncio.sleep(\(expr(d)))")
        case .cpu(let d):
            usesTime = true
            return line("time.sleep(\(expr(d)))")
        case .print(let es): return line("print(" + es.map { expr($0) }.joined(separator: ", ") + ")")
        case .cancel(let t): return line(primary(t) + ".cancel()")
        case .acquire(let l): return line("await " + primary(l) + ".acquire()")
        case .release(let l): return line(primary(l) + ".release()")
        case .put(let q, let v): return line("await " + primary(q) + ".put(\(expr(v)))")
        case .taskDone(let q): return line(primary(q) + ".task_done()")
        case .join(let q): return line("await " + primary(q) + ".join()")
        case .set(let e): return line(primary(e) + ".set()")
        case .clear(let e): return line(primary(e) + ".clear()")
        case .waitEvent(let e): return line("await " + primary(e) + ".wait()")
        case .append(let l, let v): return line(primary(l) + ".append(\(expr(v)))")
        case .ifChain(let arms, let orElse):
            var out: [String] = []
            for (i, arm) in arms.enumerated() {
                out.append(p + (i == 0 ? "if " : "elif ") + expr(arm.0) + ":")
                out += block(arm.1, level + 1)
            }
            if let orElse {
                out.append(p + "else:")
                out += block(orElse, level + 1)
            }
            return out
        case .whileLoop(let c, let b):
            return [p + "while \(expr(c)):"] + block(b, level + 1)
        case .forLoop(let t, let it, let b):
            return [p + "for \(target(t)) in \(expr(it)):"] + block(b, level + 1)
        case .repeatLoop(let n, let b):
            return [p + "for _ in range(\(expr(n))):"] + block(b, level + 1)
        case .forever(let b):
            return [p + "while True:"] + block(b, level + 1)
        case .asCompleted(let t, let items, let timeout, let b):
            let makesTasks = items.contains { if case .star = $0.kind { return true }; return isDefCall($0) }
            var args = "[" + items.map { asCompletedItem($0, ensure: makesTasks) }.joined(separator: ", ") + "]"
            if let timeout { args += ", timeout=\(expr(timeout))" }
            var v = "c"
            while locals.contains(v) || varNames.contains(v) || resourceNames.contains(v) || defNames.contains(v) { v += "_" }
            return [p + "for \(v) in asyncio.as_completed(\(args)):", pad(level + 1) + "\(target(t)) = await \(v)"]
                + block(b, level + 1)
        case .timeout(let d, let b):
            return [p + "async with asyncio.timeout(\(expr(d))):"] + block(b, level + 1)
        case .taskgroup(let b):
            groupDepth += 1
            let name = groupDepth == 1 ? "tg" : "tg\(groupDepth)"
            groupNames.append(name)
            let body = block(b, level + 1)
            groupNames.removeLast()
            groupDepth -= 1
            return [p + "async with asyncio.TaskGroup() as \(name):"] + body
        case .with(let r, let b):
            return [p + "async with \(expr(r)):"] + block(b, level + 1)
        case .tryStmt(let body, let handlers, let orElse, let fin):
            var out = [p + "try:"] + block(body, level + 1)
            for h in handlers {
                var head = "except"
                if h.types.count == 1 {
                    head += " " + exceptionName(h.types[0])
                } else if h.types.count > 1 {
                    head += " (" + h.types.map { exceptionName($0) }.joined(separator: ", ") + ")"
                }
                if let b = h.binding { head += " as \(py(b))" }
                out.append(p + head + ":")
                out += block(h.body, level + 1)
            }
            if let orElse {
                out.append(p + "else:")
                out += block(orElse, level + 1)
            }
            if let fin {
                out.append(p + "finally:")
                out += block(fin, level + 1)
            }
            return out
        case .raise(let type, let msg):
            guard let type else { return line("raise") }
            if locals.contains(type) || varNames.contains(type) {
                return line("raise \(py(type))")
            }
            let n = exceptionName(type)
            if let msg { return line("raise \(n)(\(expr(msg)))") }
            return line("raise \(n)")
        case .breakLoop: return line("break")
        case .continueLoop: return line("continue")
        case .pass: return line("pass")
        case .returnValue(let e): return line("return" + (e.map { " " + expr($0) } ?? ""))
        }
    }

    mutating func exceptionName(_ n: String) -> String {
        switch n {
        case "CancelledError", "InvalidStateError", "QueueEmpty", "QueueFull": return "asyncio." + n
        default:
            if !ExceptionTypes.builtinNames.contains(n) && !userExceptions.contains(n) { userExceptions.append(n) }
            return n
        }
    }

    mutating func target(_ t: Target) -> String {
        switch t {
        case .name(let n, _): return py(n)
        case .index(let a, let i): return primary(a) + "[" + expr(i) + "]"
        case .tuple(let ts): return ts.map { target($0) }.joined(separator: ", ")
        }
    }

    mutating func action(_ a: Action) -> String {
        switch a {
        case .expr(let e):
            if case .call(let name, _, let args) = e.kind, defNames.contains(name), !locals.contains(name) {
                return "await \(py(name))(" + args.map { expr($0) }.joined(separator: ", ") + ")"
            }
            return expr(e)
        case .toThread(let d):
            usesTime = true
            return "await asyncio.to_thread(time.sleep, \(expr(d)))"
        case .await(let e): return "await " + expr(e, Prec.await)
        case .gather(let items, let rx):
            var args = items.map { expr($0) }
            if rx { args.append("return_exceptions=True") }
            return "await asyncio.gather(" + args.joined(separator: ", ") + ")"
        case .wait(let items, let mode, let timeout):
            usesWaitHelper = true
            var args = ["[" + items.map { expr($0) }.joined(separator: ", ") + "]"]
            switch mode {
            case .allCompleted: break
            case .firstCompleted: args.append("return_when=asyncio.FIRST_COMPLETED")
            case .firstException: args.append("return_when=asyncio.FIRST_EXCEPTION")
            }
            if let timeout { args.append("timeout=\(expr(timeout))") }
            return "await wait_in_order(" + args.joined(separator: ", ") + ")"
        case .waitFor(let e, let timeout):
            return "await asyncio.wait_for(\(expr(e)), \(expr(timeout)))"
        case .get(let q): return "await " + primary(q) + ".get()"
        }
    }

    /// An `as_completed` item: coroutines become tasks here, in argument order, so that the
    /// order CPython creates them in does not depend on a set.
    /// When other items make tasks in the list, an item such as `cs[0]` (which may hold a
    /// coroutine) goes through `ensure_future` in its place too; a plain name (most often a
    /// task) is left as it is.
    mutating func asCompletedItem(_ e: Expr, ensure: Bool) -> String {
        switch e.kind {
        case .call(let name, _, _) where defNames.contains(name) && !locals.contains(name):
            return "asyncio.create_task(\(expr(e)))"
        case .star(let x):
            return "*[asyncio.ensure_future(aw) for aw in \(expr(x))]"
        case .name:
            return expr(e)
        default:
            return ensure ? "asyncio.ensure_future(\(expr(e)))" : expr(e)
        }
    }

    func isDefCall(_ e: Expr) -> Bool {
        if case .call(let name, _, _) = e.kind { return defNames.contains(name) && !locals.contains(name) }
        return false
    }

    // MARK: - Expressions

    enum Prec {
        static let lowest = 0, or = 1, and = 2, not = 3, compare = 4, add = 6, mul = 7, unary = 8, pow = 9, await = 10, primary = 11
    }

    mutating func primary(_ e: Expr) -> String { expr(e, Prec.primary) }

    mutating func expr(_ e: Expr, _ minPrec: Int = Prec.lowest) -> String {
        let (text, prec) = exprPrec(e)
        return prec < minPrec ? "(" + text + ")" : text
    }

    mutating func exprPrec(_ e: Expr) -> (String, Int) {
        switch e.kind {
        case .int(let v): return ("\(v)", v < 0 ? Prec.unary : Prec.primary)
        case .float(let v), .duration(let v, _):
            if !v.isFinite {
                // `1e400` overflows to inf: Python spells it as a call.
                return (v.isNaN ? "float(\"nan\")" : (v < 0 ? "float(\"-inf\")" : "float(\"inf\")"), Prec.primary)
            }
            let r = PyFormat.floatRepr(v)
            return (r, r.hasPrefix("-") ? Prec.unary : Prec.primary)
        case .string(let parts): return (string(parts), Prec.primary)
        case .bool(let b): return (b ? "True" : "False", Prec.primary)
        case .none: return ("None", Prec.primary)
        case .name(let n):
            if !locals.contains(n) && !varNames.contains(n) && !resourceNames.contains(n) {
                switch n {
                case "true": return ("True", Prec.primary)
                case "false": return ("False", Prec.primary)
                case "none": return ("None", Prec.primary)
                default: break
                }
            }
            return (py(n), Prec.primary)
        case .list(let items): return ("[" + items.map { expr($0) }.joined(separator: ", ") + "]", Prec.primary)
        case .comprehension(let el, let t, let it, let cond):
            let saved = locals
            let iterable = expr(it, Prec.or)
            for n in t.names { locals.insert(n) }
            var text = "[" + expr(el) + " for " + target(t) + " in " + iterable
            if let cond { text += " if " + expr(cond, Prec.or) }
            locals = saved
            return (text + "]", Prec.primary)
        case .unary(let op, let a):
            switch op {
            case .not: return ("not " + expr(a, Prec.not), Prec.not)
            case .neg: return ("-" + expr(a, Prec.unary), Prec.unary)
            case .pos: return ("+" + expr(a, Prec.unary), Prec.unary)
            }
        case .binary(let op, let a, let b):
            switch op {
            case .add, .sub: return (expr(a, Prec.add) + " \(op.rawValue) " + expr(b, Prec.add + 1), Prec.add)
            case .mul, .div, .floorDiv, .mod: return (expr(a, Prec.mul) + " \(op.rawValue) " + expr(b, Prec.mul + 1), Prec.mul)
            case .pow: return (expr(a, Prec.await) + " ** " + expr(b, Prec.unary), Prec.pow)
            }
        case .compare(let first, let rest):
            var text = expr(first, Prec.compare + 1)
            for (op, x) in rest { text += " \(op.rawValue) " + expr(x, Prec.compare + 1) }
            return (text, Prec.compare)
        case .and(let a, let b): return (expr(a, Prec.and) + " and " + expr(b, Prec.and + 1), Prec.and)
        case .or(let a, let b): return (expr(a, Prec.or) + " or " + expr(b, Prec.or + 1), Prec.or)
        case .index(let a, let i): return (primary(a) + "[" + expr(i) + "]", Prec.primary)
        case .call(let name, _, let args):
            let rendered = args.map { expr($0) }
            if !(defNames.contains(name) && !locals.contains(name)) {
                switch name {
                case "now":
                    usesNow = true
                case "random", "randint", "uniform":
                    usesRandom = true
                case "done", "cancelled", "result", "name":
                    if args.count == 1 {
                        let method = name == "name" ? "get_name" : name
                        // `5.done()` would not parse: an int literal takes parentheses.
                        let receiver = { if case .int = args[0].kind { return "(" + expr(args[0]) + ")" }; return primary(args[0]) }()
                        return (receiver + ".\(method)()", Prec.primary)
                    }
                default: break
                }
            }
            return ((defNames.contains(name) ? py(name) : name) + "(" + rendered.joined(separator: ", ") + ")", Prec.primary)
        case .spawn(let call, let label):
            let maker = groupNames.last.map { $0 + ".create_task" } ?? "asyncio.create_task"
            var args = [expr(call)]
            if let label { args.append("name=" + expr(label)) }
            return (maker + "(" + args.joined(separator: ", ") + ")", Prec.primary)
        case .star(let x): return ("*" + expr(x, Prec.primary), Prec.primary)
        }
    }

    mutating func string(_ parts: [StringPart]) -> String {
        let interpolated = parts.contains { if case .interpolation = $0 { return true }; return false }
        let quote: Character = inFString > 0 ? "'" : "\""
        var out = interpolated ? "f" + String(quote) : String(quote)
        for part in parts {
            switch part {
            case .text(let t):
                out += escape(t, quote: quote, braces: interpolated)
            case .interpolation(let e, let spec):
                inFString += 1
                var inner = expr(e)
                inFString -= 1
                if inner.hasPrefix("{") { inner = " " + inner }
                out += "{" + inner + (spec.map { ":" + $0 } ?? "") + "}"
            }
        }
        out.append(quote)
        return out
    }

    func escape(_ t: String, quote: Character, braces: Bool) -> String {
        var out = ""
        for ch in t.unicodeScalars {
            switch ch {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case "{" where braces: out += "{{"
            case "}" where braces: out += "}}"
            default:
                if Character(ch) == quote {
                    out += "\\" + String(ch)
                } else if ch.value < 0x20 || ch.value == 0x7f {
                    let h = String(ch.value, radix: 16)
                    out += "\\x" + (h.count < 2 ? "0" + h : h)
                } else {
                    out.unicodeScalars.append(ch)
                }
            }
        }
        return out
    }

    func stringLiteral(_ t: String) -> String { "\"" + escape(t, quote: "\"", braces: false) + "\"" }
}

/// Visits every sub-expression of an expression.
enum ExprWalk {
    static func visit(_ e: Expr, _ f: (Expr) -> Void) {
        f(e)
        switch e.kind {
        case .list(let xs): for x in xs { visit(x, f) }
        case .comprehension(let el, _, let it, let c):
            visit(el, f); visit(it, f); if let c { visit(c, f) }
        case .unary(_, let a): visit(a, f)
        case .binary(_, let a, let b), .and(let a, let b), .or(let a, let b), .index(let a, let b):
            visit(a, f); visit(b, f)
        case .compare(let a, let rest):
            visit(a, f); for (_, x) in rest { visit(x, f) }
        case .call(_, _, let args): for a in args { visit(a, f) }
        case .spawn(let c, let l): visit(c, f); if let l { visit(l, f) }
        case .star(let x): visit(x, f)
        case .string(let parts):
            for p in parts { if case .interpolation(let x, _) = p { visit(x, f) } }
        default: break
        }
    }
}
