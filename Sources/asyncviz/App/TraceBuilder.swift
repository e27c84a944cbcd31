import SchedulerSim

/// Builds a `Trace` by hand from a list of events, deriving the state spans from the state changes the
/// events cause. For tests and the demo traces the viewer opens before the simulator exists.
struct TraceBuilder {
    private(set) var trace: Trace
    private var open: [Int: (state: TaskState, start: Micros, seq: Int, on: String, line: Int)] = [:]

    init(title: String) { trace = Trace(title: title) }

    static func us(_ seconds: Double) -> Micros { Micros((seconds * 1_000_000).rounded()) }

    /// Adds a task (created at `t`, no span until it is spawned or changes state).
    @discardableResult
    mutating func task(_ name: String, parent: Int? = nil, function: String? = nil, at t: Double = 0, hidden: Bool = false) -> Int {
        let id = trace.tasks.count + 1
        let depth = parent.flatMap { p in trace.tasks.first { $0.id == p }.map { $0.depth + 1 } } ?? 0
        trace.tasks.append(TraceTask(id: id, name: name, parent: parent, function: function ?? name, created: Self.us(t),
                                     hidden: hidden, depth: depth))
        return id
    }

    @discardableResult
    mutating func resource(_ kind: ResourceKind, _ name: String, capacity: Int = 0) -> Int {
        trace.resources.append(TraceResource(kind: kind, name: name, capacity: capacity))
        return trace.resources.count - 1
    }

    /// Records an event; when `state` is given the task enters it now (its current span closes);
    /// `finish` ends the task with that outcome.
    @discardableResult
    mutating func event(_ t: Double, _ task: Int, _ kind: EventKind, _ text: String, object: String? = nil, line: Int = 0,
                        state: TaskState? = nil, on: String = "", finish: Outcome? = nil, result: String? = nil,
                        error: String? = nil) -> Int {
        let seq = trace.events.count + 1
        let time = Self.us(t)
        trace.events.append(TraceEvent(seq: seq, time: time, task: task, kind: kind, object: object, text: text, line: line))
        if state != nil || finish != nil { closeSpan(task, time, seq) }
        if let state { open[task] = (state, time, seq, on, line) }
        if let finish, let i = trace.tasks.firstIndex(where: { $0.id == task }) {
            trace.tasks[i].finished = time
            trace.tasks[i].outcome = finish
            trace.tasks[i].result = result
            trace.tasks[i].error = error
        }
        if kind == .print { trace.output.append((time, task, text)) }
        trace.end = max(trace.end, time)
        return seq
    }

    /// The parent spawns the child: one event, and the child becomes ready.
    mutating func spawn(_ t: Double, _ parent: Int, _ child: Int, line: Int = 0) {
        let name = trace.tasks.first { $0.id == child }?.name ?? "?"
        let seq = event(t, parent, .spawn, "\(trace.tasks.first { $0.id == parent }?.name ?? "?") spawns \(name)",
                        object: "task \(name)", line: line)
        open[child] = (.ready, Self.us(t), seq, "the loop", line)
    }

    mutating func snapshot(_ resource: Int, holders: [Int] = [], waiters: [Int] = [], items: [String] = [], value: Int = 0) {
        trace.resourceSnapshots.append(ResourceSnapshot(seq: trace.events.count, resource: resource, holders: holders,
                                                        waiters: waiters, items: items, value: value))
    }

    mutating func warning(_ task: Int, _ text: String, line: Int = 0) {
        let last = trace.events.last
        trace.warnings.append(TraceWarning(time: last?.time ?? 0, seq: last?.seq ?? 0, task: task, line: line, text: text))
    }

    mutating func worker(busy: [(Double, Double, Int)]) {
        trace.workers.append(WorkerRow(id: trace.workers.count + 1,
                                       busy: busy.map { (start: Self.us($0.0), end: Self.us($0.1), task: $0.2) }))
    }

    private mutating func closeSpan(_ task: Int, _ time: Micros, _ seq: Int) {
        guard let o = open.removeValue(forKey: task) else { return }
        trace.spans.append(Span(task: task, state: o.state, start: o.start, end: time, startSeq: o.seq, endSeq: seq,
                                on: o.on, line: o.line))
    }

    func build() -> Trace {
        var t = trace
        t.spans = SpanList(Array(t.spans).sorted { ($0.task, $0.startSeq) < ($1.task, $1.startSeq) })
        return t
    }
}
