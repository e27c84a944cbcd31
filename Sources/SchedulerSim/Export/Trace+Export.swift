/// Derived views of a `Trace` that the exports share.
extension Trace {
    /// Tasks in tree order: each task followed by its children (creation order), depth first.
    /// Tasks whose parent is not in the trace are roots. Hidden tasks are included (callers skip them).
    public var tasksInTreeOrder: [TraceTask] {
        let ids = Set(tasks.map(\.id))
        var children: [Int: [TraceTask]] = [:]
        var roots: [TraceTask] = []
        for t in tasks.sorted(by: { $0.id < $1.id }) {
            if let p = t.parent, p != t.id, ids.contains(p) { children[p, default: []].append(t) } else { roots.append(t) }
        }
        var out: [TraceTask] = []
        out.reserveCapacity(tasks.count)
        var seen = Set<Int>()
        // Iterative DFS (a deep spawn chain must not overflow the stack).
        var stack: [TraceTask] = roots.reversed()
        while let t = stack.popLast() {
            guard seen.insert(t.id).inserted else { continue }
            out.append(t)
            stack.append(contentsOf: (children[t.id] ?? []).reversed())
        }
        return out
    }

    /// The visible tasks (hidden main left out) in tree order.
    public var visibleTasksInTreeOrder: [TraceTask] { tasksInTreeOrder.filter { !$0.hidden } }

    /// Spans grouped by task id, each group in the trace's order.
    public var spansByTask: [Int: [Span]] {
        var out: [Int: [Span]] = [:]
        for s in spans { out[s.task, default: []].append(s) }
        return out
    }

    /// Task names by id, with `loop` for 0.
    public var taskNames: [Int: String] {
        var out: [Int: String] = [0: "loop"]
        for t in tasks { out[t.id] = t.name }
        return out
    }
}

extension Trace {
    /// A run-time error in the module's set-up (`var x = 1 / 0`, `semaphore s 1.5`): the run never
    /// started, as CPython stops at a module-level exception. Its line and message
    /// ("ZeroDivisionError: division by zero"); nil when the run started.
    public var setupError: (line: Int, message: String)? {
        guard tasks.isEmpty, stop == .finished, let d = stopDetail, d.hasPrefix("line ") else { return nil }
        let rest = d.dropFirst(5)
        guard let colon = rest.firstIndex(of: ":"), let line = Int(rest[..<colon]) else { return nil }
        return (line, String(rest[rest.index(after: colon)...].drop { $0 == " " }))
    }
}
