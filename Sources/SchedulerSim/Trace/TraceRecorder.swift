import CPrefetch
/// Collects the trace while the simulator runs: one open span per task, closed when its state
/// changes, and an append-only event list. Nothing here looks at the simulator's internals.
final class TraceRecorder {
    struct Open {
        var start: Micros
        var startSeq: Int32
        var on: Int32
        var line: Int32
        /// Whether the start is the time of event `startSeq`'s instant: `implied` or `notImplied`
        /// when known at the start (the event is the last one), else the instant the next event
        /// will begin (see `appendSpan`).
        var instant: Int32
        var state: TaskState

        static let implied: Int32 = -1
        static let notImplied: Int32 = -2
    }

    let title: String
    let notes: [String]
    var tasks = TaskList()
    /// Everything the recorder keeps per task, side by side: a state change touches one entry
    /// (four parallel arrays were four cache misses per change at 100,000 tasks). In this order
    /// the fields pack into 48 bytes.
    struct Track {
        var lastEnd: Micros
        var spans: [PackedSpan] = []
        var open: Open?
        /// The task's spans store lines relative to this (in units of 256 lines, set from its
        /// first span): a task runs near its def, so a long file's lines still fit the packed
        /// span's 13 bits. In the padding after `open`: the track stays 48 bytes.
        var lineBase256: UInt16 = 0
        var lastEndSeq: Int32
    }
    var track: [Track] = []
    /// The spans that do not fit a `PackedSpan` alone.
    var spanEscapes = SpanEscapes()
    var events = EventList()
    var labels: [String] = []
    var labelIndex: [String: Int32] = [:]
    var warnings: [TraceWarning] = []
    var resources: [TraceResource] = []
    var snapshots = SnapshotList()
    /// Per resource index: its latest snapshot, or -1.
    var lastSnapshot: [Int] = []
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

    /// A prefetch hint for task `id`'s track (see `Simulator.prefetchTimers`).
    func prefetchTrack(_ id: Int) {
        let i = id - 1
        guard i >= 0 && i < track.count else { return }
        track.withUnsafeBufferPointer { asyncviz_prefetch($0.baseAddress! + i) }
    }

    func taskCreated(_ t: SimTask, at time: Micros, function: String) {
        tasks.append(id: t.id, name: t.name, parent: t.parent, function: function, created: time, hidden: t.hidden, depth: t.depth)
        track.append(Track(lastEnd: time, open: nil, lastEndSeq: Int32(seq)))
    }

    func setState(_ task: Int, _ state: TaskState, at time: Micros, on: String, line: Int) {
        setState(task, state, at: time, on: label(on), line: line)
    }

    func setState(_ task: Int, _ state: TaskState, at time: Micros, on: Int32, line: Int) {
        let i = task - 1
        // A change later than the last event shows from the next event on, never "after" an
        // event of an earlier instant (stepping would show the future).
        let lastTime = events.lastTime
        let later = lastTime.map { time > $0 } ?? false
        let s32 = Int32(truncatingIfNeeded: later ? seq + 1 : seq)
        if let o = track[i].open {
            if o.state == state && o.on == on { return }
            appendSpan(i, o)
            track[i].lastEnd = max(time, o.start)
            track[i].lastEndSeq = s32
        }
        let start = max(time, track[i].lastEnd)
        // Event s32 is the last one (its instant's time is known now) or the next one, which
        // will begin a new instant.
        let instant = later ? Int32(truncatingIfNeeded: events.instantTime.count) : start == lastTime ? Open.implied : Open.notImplied
        track[i].open = Open(start: start, startSeq: s32, on: on, line: Int32(truncatingIfNeeded: line), instant: instant, state: state)
    }

    private func appendSpan(_ i: Int, _ o: Open) {
        // The span's start is implied when its start event exists by now and is at that time;
        // otherwise it is kept aside. Checked here, so reading a span is exact by construction.
        var implied = o.instant == Open.implied
        if o.instant >= 0 {
            let e = Int(o.startSeq) - 1, k = Int(o.instant)
            if k < events.instantFirst.count && Int(events.instantFirst[k]) == e {
                implied = events.instantTime[k] == o.start
            } else if e >= 0 && e < events.count {
                // The next event joined the instant before (its time went back): search.
                let k = EventList.instant(of: e, in: events.instantFirst, hint: 0)
                implied = k >= 0 && events.instantTime[k] == o.start
            }
        }
        if track[i].spans.isEmpty {
            // A little room below the def's line (a task's first span is at its def).
            track[i].lineBase256 = UInt16(clamping: max(0, Int(o.line) - 2048) >> 8)
        }
        let offset = o.line - Int32(track[i].lineBase256) << 8
        let packed: PackedSpan
        if implied && PackedSpan.fits(on: o.on, line: offset) {
            packed = PackedSpan(startSeq: o.startSeq, on: o.on, line: offset, state: o.state)
        } else {
            spanEscapes.append(PackedSpan.key(i, track[i].spans.count), SpanEscape(start: o.start, on: o.on, line: o.line))
            packed = PackedSpan(escapedWith: o.startSeq, state: o.state)
        }
        // Most tasks change state dozens of times: skip the 1-2-4 growth steps.
        if track[i].spans.capacity == 0 { track[i].spans.reserveCapacity(8) }
        track[i].spans.append(packed)
    }

    func closeSpan(_ task: Int, at time: Micros) {
        let i = task - 1
        if let o = track[i].open {
            appendSpan(i, o)
            track[i].lastEnd = max(time, o.start)
            track[i].lastEndSeq = Int32(truncatingIfNeeded: seq)
            track[i].open = nil
        }
    }

    func event(_ time: Micros, task: Int, _ kind: EventKind, object: String?, _ text: String, line: Int) {
        event(time, task: task, kind, label: object.map(label) ?? -1, text, line: line)
    }

    /// An event whose object is a label made already (a resource's, made once).
    func event(_ time: Micros, task: Int, _ kind: EventKind, label: Int32, _ text: String, line: Int) {
        events.append(time, EventFields(task: Int32(truncatingIfNeeded: task), object: label, line: Int32(truncatingIfNeeded: line)),
                      kind: kind, text: text)
    }

    func event(_ time: Micros, task: Int, _ kind: EventKind, object: String?, source: TraceEvent.Text, line: Int) {
        let obj = object.map(label) ?? -1
        switch source {
        case .literal(let t): event(time, task: task, kind, object: object, t, line: line)
        case .starts: appendEvent(time, task, kind, obj, .starts, line)
        case .resumes: appendEvent(time, task, kind, obj, .resumes, line)
        case .waits(_, let on): appendEvent(time, task, kind, obj >= 0 ? obj : label(on), .waits, line)
        case .wakes(_, let on): appendEvent(time, task, kind, obj >= 0 ? obj : label(on), .wakes, line)
        case .spawns(_, let child): appendEvent(time, task, kind, label("task " + child), .spawns, line)
        }
    }

    /// An event whose sentence is made on demand from its task and object.
    func appendEvent(_ time: Micros, _ task: Int, _ kind: EventKind, _ object: Int32, _ tk: EventList.TextKind, _ line: Int,
                     arg: UInt16 = 0) {
        events.append(time, EventFields(task: Int32(truncatingIfNeeded: task), object: object, line: Int32(truncatingIfNeeded: line)),
                      kind: kind, textKind: tk, arg: arg)
    }

    /// Gives the last event a sentence made on demand (instead of a suffix string).
    func setLastTextKind(_ tk: EventList.TextKind, arg: UInt16 = 0) {
        let i = events.count - 1
        guard i >= 0 else { return }
        events.rows[i].textKind = tk
        events.setArg(i, arg)
    }

    /// `holders << 8 | capacity` when both fit a byte.
    static func countsArg(_ holders: Int, _ capacity: Int) -> UInt16? {
        holders >= 0 && holders < 256 && capacity >= 0 && capacity < 256 ? UInt16(holders << 8 | capacity) : nil
    }

    /// Adds to the sentence of the last event (built here from its columns: materialising the
    /// event would copy every task name).
    func lastEventText(_ suffix: String) {
        let i = events.count - 1
        guard i >= 0 else { return }
        let base = events.sentence(at: i, tasks: tasks, label: { labels[$0] })
        events.setText(i, base + suffix)
    }

    /// Gives the last event another sentence.
    func replaceLastEventText(_ text: String) {
        let i = events.count - 1
        guard i >= 0 else { return }
        events.setText(i, text)
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
        let i = latestSnapshot(r)
        if i >= 0, snapshots.matches(i, holders: holders, waiters: waiters, items: items, value: value, counts: counts) { return }
        lastSnapshot[r] = snapshots.count
        snapshots.append(seq: seq, resource: r, holders: holders, waiters: waiters, items: items, value: value, counts: counts)
    }

    /// `snapshot` with every list empty or too long to keep.
    func snapshotCounts(_ r: Int, value: Int, counts: (holders: Int, waiters: Int, items: Int)) {
        let i = latestSnapshot(r)
        if i >= 0, snapshots.matches(i, value: value, counts: counts, lengths: (0, 0, 0)) { return }
        lastSnapshot[r] = snapshots.count
        snapshots.append(seq: seq, resource: r, value: value, counts: counts)
    }

    /// The index of resource r's latest snapshot, or -1.
    private func latestSnapshot(_ r: Int) -> Int {
        while lastSnapshot.count <= r { lastSnapshot.append(-1) }
        return lastSnapshot[r]
    }

    func workerBusy(_ w: Int, start: Micros, end: Micros, task: Int) {
        workerBusy[w, default: []].append((start, end, task))
    }

    func workerRows(count: Int) -> [WorkerRow] {
        (0..<count).map { WorkerRow(id: $0 + 1, busy: workerBusy[$0] ?? []) }
    }

    func taskFinished(_ t: SimTask, at time: Micros, state: FutureState, value: Value) {
        // The finish sentence is made from the task's record when read (`EventList.finishSentence`).
        let i = t.id - 1
        switch state {
        case .result:
            tasks.finish(i, at: time, outcome: .result, result: PyFormat.repr(value), error: nil)
            appendEvent(time, t.id, .finish, -1, .returns, t.line)
        case .exception:
            var error: String?
            if case .exception(let e) = value { error = e.described }
            tasks.finish(i, at: time, outcome: .exception, result: nil, error: error)
            appendEvent(time, t.id, .finish, -1, .fails, t.line)
        case .cancelled:
            tasks.finish(i, at: time, outcome: .cancelled, result: nil, error: nil)
            appendEvent(time, t.id, .finish, -1, .cancelled, t.line)
        case .pending:
            tasks.finish(i, at: time, outcome: .pending, result: nil, error: nil)
        }
        // After the finish event: the last span lasts up to it.
        closeSpan(t.id, at: time)
    }

    static func short(_ s: String) -> String {
        s.utf8.count <= 60 ? s : s.count > 60 ? String(s.prefix(57)) + "..." : s
    }

    func finish(end: Micros, stop: StopReason, detail: String?, tasks sim: [SimTask], workers: [WorkerRow]) -> Trace {
        for t in sim where !t.finished { closeSpan(t.id, at: end) }
        events.labels = labels
        events.tasks = tasks
        var perTask: [[PackedSpan]] = []
        perTask.reserveCapacity(track.count)
        for i in track.indices {
            perTask.append(track[i].spans)
            track[i].spans = []
        }
        spanEscapes.groupByTask(tasks: track.count)
        var spanList = SpanList(perTask: perTask, lastEnd: track.map(\.lastEnd), lastEndSeq: track.map(\.lastEndSeq),
                                labels: labels, escapes: spanEscapes, instantFirst: events.instantFirst,
                                instantTime: events.instantTime)
        if track.contains(where: { $0.lineBase256 != 0 }) { spanList.lineBase = track.map(\.lineBase256) }
        track = []
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
