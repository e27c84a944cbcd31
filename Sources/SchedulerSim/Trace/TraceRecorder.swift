/// Collects the trace while the simulator runs: one open span per task, closed when its state
/// changes, and an append-only event list. Nothing here looks at the simulator's internals.
final class TraceRecorder {
    struct Open {
        var state: TaskState
        var start: Micros
        var startSeq: Int32
        var on: Int32
        var line: Int32
    }

    let title: String
    let notes: [String]
    var tasks: [TraceTask] = []
    var open: [Open?] = []
    var spans: [[PackedSpan]] = []
    var lastEnd: [Micros] = []
    var lastEndSeq: [Int32] = []
    var events = EventList()
    var labels: [String] = []
    var labelIndex: [String: Int32] = [:]
    var warnings: [TraceWarning] = []
    var resources: [TraceResource] = []
    var snapshots: [ResourceSnapshot] = []
    var lastSnapshot: [Int: Int] = [:]
    var output: [(time: Micros, task: Int, text: String)] = []
    var workerBusy: [Int: [(start: Micros, end: Micros, task: Int)]] = [:]

    init(title: String, notes: [String]) {
        self.title = title
        self.notes = notes
        _ = label("")  // label 0: a running span waits on nothing
        _ = label("start")
    }

    static let startLabel: Int32 = 1

    var seq: Int { events.count }

    /// The index of a label in the shared table (added on first use).
    func label(_ s: String) -> Int32 {
        if let i = labelIndex[s] { return i }
        let i = Int32(labels.count)
        labels.append(s)
        labelIndex[s] = i
        return i
    }

    func taskCreated(_ t: SimTask, at time: Micros, function: String) {
        tasks.append(TraceTask(id: t.id, name: t.name, parent: t.parent, function: function, created: time,
                               hidden: t.hidden, depth: t.depth))
        open.append(nil)
        spans.append([])
        lastEnd.append(time)
        lastEndSeq.append(Int32(seq))
    }

    func setState(_ task: Int, _ state: TaskState, at time: Micros, on: String, line: Int) {
        setState(task, state, at: time, on: label(on), line: line)
    }

    func setState(_ task: Int, _ state: TaskState, at time: Micros, on: Int32, line: Int) {
        let i = task - 1
        // A change later than the last event shows from the next event on, never "after" an
        // event of an earlier instant (stepping would show the future).
        let lastTime = events.time.last ?? 0
        let s32 = Int32(truncatingIfNeeded: time > lastTime && !events.time.isEmpty ? seq + 1 : seq)
        if let o = open[i] {
            if o.state == state && o.on == on { return }
            spans[i].append(PackedSpan(start: o.start, startSeq: o.startSeq, on: o.on, line: o.line, state: o.state))
            lastEnd[i] = max(time, o.start)
            lastEndSeq[i] = s32
        }
        open[i] = Open(state: state, start: max(time, lastEnd[i]), startSeq: s32, on: on, line: Int32(truncatingIfNeeded: line))
    }

    func closeSpan(_ task: Int, at time: Micros) {
        let i = task - 1
        if let o = open[i] {
            spans[i].append(PackedSpan(start: o.start, startSeq: o.startSeq, on: o.on, line: o.line, state: o.state))
            lastEnd[i] = max(time, o.start)
            lastEndSeq[i] = Int32(truncatingIfNeeded: seq)
            open[i] = nil
        }
    }

    func event(_ time: Micros, task: Int, _ kind: EventKind, object: String?, _ text: String, line: Int) {
        appendEvent(time, task, kind, object.map(label) ?? -1, .literal, Int32(events.texts.count), line)
        events.texts.append(text)
    }

    func event(_ time: Micros, task: Int, _ kind: EventKind, object: String?, source: TraceEvent.Text, line: Int) {
        let obj = object.map(label) ?? -1
        switch source {
        case .literal(let t):
            appendEvent(time, task, kind, obj, .literal, Int32(events.texts.count), line)
            events.texts.append(t)
        case .starts: appendEvent(time, task, kind, obj, .starts, 0, line)
        case .resumes: appendEvent(time, task, kind, obj, .resumes, 0, line)
        case .waits(_, let on): appendEvent(time, task, kind, obj >= 0 ? obj : label(on), .waits, 0, line)
        case .wakes(_, let on): appendEvent(time, task, kind, obj >= 0 ? obj : label(on), .wakes, 0, line)
        case .spawns(let n, let child):
            appendEvent(time, task, kind, obj >= 0 ? obj : label("task " + child), .literal, Int32(events.texts.count), line)
            events.texts.append(n + " spawned " + child)
        }
    }

    func appendEvent(_ time: Micros, _ task: Int, _ kind: EventKind, _ object: Int32, _ tk: EventList.TextKind, _ arg: Int32, _ line: Int) {
        events.time.append(time)
        events.task.append(Int32(truncatingIfNeeded: task))
        events.kind.append(kind)
        events.line.append(Int32(truncatingIfNeeded: line))
        events.object.append(object)
        events.textKind.append(tk)
        events.textArg.append(arg)
    }

    /// Adds to the sentence of the last event (built here from its columns: materialising the
    /// event would copy every task name).
    func lastEventText(_ suffix: String) {
        let i = events.count - 1
        guard i >= 0 else { return }
        let t = Int(events.task[i])
        let name = t >= 1 && t <= tasks.count ? tasks[t - 1].name : "task \(t)"
        let o = events.object[i]
        let object = o >= 0 ? labels[Int(o)] : ""
        let base: String
        switch events.textKind[i] {
        case .literal: base = events.texts[Int(events.textArg[i])]
        case .starts: base = name + " starts"
        case .resumes: base = name + " resumes"
        case .waits: base = name + " waits on " + object
        case .wakes: base = name + " wakes: " + object + " is over"
        case .spawns:
            let c = Int(events.textArg[i])
            base = name + " spawned " + (c >= 1 && c <= tasks.count ? tasks[c - 1].name : "task \(c)")
        }
        events.setText(i, base + suffix)
    }

    func printed(_ time: Micros, task: Int, _ text: String, line: Int) {
        output.append((time, task, text))
        event(time, task: task, .print, object: nil, text, line: line)
    }

    func warning(_ time: Micros, task: Int, line: Int, _ text: String) {
        event(time, task: task, .warning, object: nil, text, line: line)
        warnings.append(TraceWarning(time: time, seq: events.count, task: task, line: line, text: text))
    }

    func snapshot(_ r: Int, holders: [Int], waiters: [Int], items: [String], value: Int,
                  counts: (holders: Int, waiters: Int, items: Int)) {
        if let i = lastSnapshot[r] {
            let last = snapshots[i]
            if last.holders == holders, last.waiters == waiters, last.items == items, last.value == value,
               last.holderCount == counts.holders, last.waiterCount == counts.waiters, last.itemCount == counts.items { return }
        }
        lastSnapshot[r] = snapshots.count
        snapshots.append(ResourceSnapshot(seq: seq, resource: r, holders: holders, waiters: waiters, items: items, value: value,
                                          holderCount: counts.holders, waiterCount: counts.waiters, itemCount: counts.items))
    }

    func workerBusy(_ w: Int, start: Micros, end: Micros, task: Int) {
        workerBusy[w, default: []].append((start, end, task))
    }

    func workerRows(count: Int) -> [WorkerRow] {
        (0..<count).map { WorkerRow(id: $0 + 1, busy: workerBusy[$0] ?? []) }
    }

    func taskFinished(_ t: SimTask, at time: Micros, future: FutureRec) {
        closeSpan(t.id, at: time)
        var task = tasks[t.id - 1]
        task.finished = time
        switch future.state {
        case .result:
            task.outcome = .result
            task.result = PyFormat.repr(future.value)
            event(time, task: t.id, .finish, object: nil, "\(t.name) returns \(Self.short(task.result!))", line: t.line)
        case .exception:
            task.outcome = .exception
            if case .exception(let e) = future.value { task.error = e.described }
            event(time, task: t.id, .finish, object: nil, "\(t.name) fails: \(task.error ?? "")", line: t.line)
        case .cancelled:
            task.outcome = .cancelled
            event(time, task: t.id, .finish, object: nil, "\(t.name) is cancelled", line: t.line)
        case .pending: break
        }
        tasks[t.id - 1] = task
    }

    static func short(_ s: String) -> String {
        s.count > 60 ? String(s.prefix(57)) + "..." : s
    }

    func finish(end: Micros, stop: StopReason, detail: String?, tasks sim: [SimTask], workers: [WorkerRow]) -> Trace {
        for t in sim where !t.finished { closeSpan(t.id, at: end) }
        events.labels = labels
        events.names = tasks.map(\.name)
        let spanList = SpanList(perTask: spans, lastEnd: lastEnd, lastEndSeq: lastEndSeq, labels: labels)
        spans = []
        return Trace(title: title, notes: notes, end: end, truncated: stop == .horizon, stop: stop, stopDetail: detail,
                     tasks: tasks, workers: workers, spanList: spanList, eventList: events, warnings: warnings,
                     resources: resources, resourceSnapshots: snapshots, output: output)
    }

    /// `1.5`, `0.25`, `3.0`: seconds with at most 6 decimals and no float noise.
    static func seconds(_ us: Micros) -> String {
        let neg = us < 0
        let m = us.magnitude
        let whole = m / 1_000_000
        var frac = String(m % 1_000_000)
        frac = String(repeating: "0", count: 6 - frac.count) + frac
        while frac.count > 1 && frac.hasSuffix("0") { frac.removeLast() }
        return (neg ? "-" : "") + "\(whole).\(frac)"
    }

    /// `250 ms`, `1.5 s`, `40 µs` for messages.
    static func duration(_ us: Micros) -> String {
        if us >= 1_000_000 { return seconds(us) + " s" }
        if us >= 1000 && us % 1000 == 0 { return "\(us / 1000) ms" }
        if us >= 1000 { return seconds(us * 1000).replacingOccurrences(".", "") + " ms" }
        return "\(us) µs"
    }
}

extension String {
    func replacingOccurrences(_ a: Character, _ b: String) -> String {
        var s = ""
        for c in self { if c == a { s += b } else { s.append(c) } }
        return s
    }
}
