/// A compact S-expression rendering of the tree. Tests assert AST shapes against it, and it gives
/// the nodes structural equality without comparing tuples field by field.
public enum ASTPrinter {
    public static func expr(_ e: Expr) -> String { expr(e.kind) }

    public static func expr(_ k: ExprKind) -> String {
        switch k {
        case .int(let v): return "\(v)"
        case .float(let v): return "\(v)"
        case .duration(let v, let text): return "(dur \(text) \(v))"
        case .string(let parts):
            return "(str" + parts.map { p -> String in
                switch p {
                case .text(let t): return " \"\(t)\""
                case .interpolation(let e, let spec):
                    return " {" + expr(e) + (spec.map { ":" + $0 } ?? "") + "}"
                }
            }.joined() + ")"
        case .bool(let b): return b ? "True" : "False"
        case .none: return "None"
        case .name(let n): return n
        case .list(let items): return "[" + items.map(expr).joined(separator: " ") + "]"
        case .comprehension(let el, let t, let it, let cond):
            return "(comp \(expr(el)) \(target(t)) \(expr(it))" + (cond.map { " if " + expr($0) } ?? "") + ")"
        case .unary(let op, let e): return "(\(op.rawValue) \(expr(e)))"
        case .binary(let op, let a, let b): return "(\(op.rawValue) \(expr(a)) \(expr(b)))"
        case .compare(let first, let rest):
            return "(cmp \(expr(first))" + rest.map { " \($0.0.rawValue) \(expr($0.1))" }.joined() + ")"
        case .and(let a, let b): return "(and \(expr(a)) \(expr(b)))"
        case .or(let a, let b): return "(or \(expr(a)) \(expr(b)))"
        case .index(let a, let b): return "(index \(expr(a)) \(expr(b)))"
        case .call(let name, _, let args): return "(call \(name)" + args.map { " " + expr($0) }.joined() + ")"
        case .spawn(let call, let label): return "(spawn \(expr(call))" + (label.map { " as " + expr($0) } ?? "") + ")"
        case .star(let e): return "*" + expr(e)
        }
    }

    public static func target(_ t: Target) -> String {
        switch t {
        case .name(let n, _): return n
        case .index(let a, let b): return "(index \(expr(a)) \(expr(b)))"
        case .tuple(let ts): return "(" + ts.map(target).joined(separator: ", ") + ")"
        }
    }

    static func action(_ a: Action) -> String {
        switch a {
        case .expr(let e): return expr(e)
        case .toThread(let e): return "(to_thread \(expr(e)))"
        case .await(let e): return "(await \(expr(e)))"
        case .gather(let items, let rx):
            return "(gather" + items.map { " " + expr($0) }.joined() + (rx ? " return_exceptions" : "") + ")"
        case .wait(let items, let mode, let timeout):
            return "(wait" + items.map { " " + expr($0) }.joined() + " \(mode.rawValue)"
                + (timeout.map { " timeout " + expr($0) } ?? "") + ")"
        case .waitFor(let e, let t): return "(wait_for \(expr(e)) timeout \(expr(t)))"
        case .get(let q): return "(get \(expr(q)))"
        }
    }

    public static func block(_ body: [Stmt], indent: Int) -> String {
        body.map { stmt($0.kind, indent: indent) }.joined(separator: "\n")
    }

    public static func stmt(_ s: Stmt) -> String { stmt(s.kind, indent: 0) }

    public static func stmt(_ k: StmtKind, indent: Int) -> String {
        let pad = String(repeating: "  ", count: indent)
        func sub(_ b: [Stmt]) -> String { "\n" + block(b, indent: indent + 1) }
        switch k {
        case .action(let t, let a): return pad + (t.map { target($0) + " = " } ?? "") + action(a)
        case .sleep(let e): return pad + "sleep \(expr(e))"
        case .cpu(let e): return pad + "cpu \(expr(e))"
        case .print(let es): return pad + "print " + es.map(expr).joined(separator: ", ")
        case .cancel(let e): return pad + "cancel \(expr(e))"
        case .acquire(let e): return pad + "acquire \(expr(e))"
        case .release(let e): return pad + "release \(expr(e))"
        case .put(let q, let v): return pad + "put \(expr(q)) \(expr(v))"
        case .taskDone(let e): return pad + "task_done \(expr(e))"
        case .join(let e): return pad + "join \(expr(e))"
        case .set(let e): return pad + "set \(expr(e))"
        case .clear(let e): return pad + "clear \(expr(e))"
        case .waitEvent(let e): return pad + "wait_event \(expr(e))"
        case .append(let l, let v): return pad + "append \(expr(l)) \(expr(v))"
        case .ifChain(let arms, let orElse):
            var s = ""
            for (i, arm) in arms.enumerated() {
                s += (i == 0 ? pad + "if " : "\n" + pad + "elif ") + expr(arm.0) + ":" + sub(arm.1)
            }
            if let orElse { s += "\n" + pad + "else:" + sub(orElse) }
            return s
        case .whileLoop(let c, let b): return pad + "while \(expr(c)):" + sub(b)
        case .forLoop(let t, let it, let b): return pad + "for \(target(t)) in \(expr(it)):" + sub(b)
        case .repeatLoop(let n, let b): return pad + "repeat \(expr(n)):" + sub(b)
        case .forever(let b): return pad + "forever:" + sub(b)
        case .asCompleted(let t, let items, let timeout, let b):
            return pad + "for \(target(t)) in as_completed " + items.map(expr).joined(separator: " ")
                + (timeout.map { " timeout " + expr($0) } ?? "") + ":" + sub(b)
        case .timeout(let d, let b): return pad + "timeout \(expr(d)):" + sub(b)
        case .taskgroup(let b): return pad + "taskgroup:" + sub(b)
        case .with(let r, let b): return pad + "with \(expr(r)):" + sub(b)
        case .tryStmt(let body, let handlers, let orElse, let fin):
            var s = pad + "try:" + sub(body)
            for h in handlers {
                s += "\n" + pad + "except" + (h.types.isEmpty ? "" : " (" + h.types.joined(separator: " ") + ")")
                    + (h.binding.map { " as " + $0 } ?? "") + ":" + sub(h.body)
            }
            if let orElse { s += "\n" + pad + "else:" + sub(orElse) }
            if let fin { s += "\n" + pad + "finally:" + sub(fin) }
            return s
        case .raise(let t, let m): return pad + "raise" + (t.map { " " + $0 } ?? "") + (m.map { " " + expr($0) } ?? "")
        case .breakLoop: return pad + "break"
        case .continueLoop: return pad + "continue"
        case .pass: return pad + "pass"
        case .returnValue(let e): return pad + "return" + (e.map { " " + expr($0) } ?? "")
        }
    }
}
