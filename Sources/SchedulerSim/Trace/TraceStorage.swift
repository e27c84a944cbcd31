/// Compact storage behind `Trace.spans` and `Trace.events`. A run of a million sleeps records
/// about three million spans and two million events; as structs with strings they took ~800
/// bytes a sleep, so both are kept packed here (strings as indices into one label table, spans
/// of a task stored back to back with their ends implied by the next start) and turned into
/// `Span` / `TraceEvent` values only when someone reads them.

/// One span as stored: its end is the next span's start (spans of a task are contiguous).
struct PackedSpan: Sendable {
    var start: Micros
    var startSeq: Int32
    var on: Int32
    var line: Int32
    var state: TaskState
}

/// All spans, ordered by (task, start seq): `Collection` of `Span`.
public struct SpanList: RandomAccessCollection, Sendable, ExpressibleByArrayLiteral {
    /// Per task (index = task id - 1): its spans back to back, and where its last span ends.
    var perTask: [[PackedSpan]] = []
    var lastEnd: [Micros] = []
    var lastEndSeq: [Int32] = []
    /// `offsets[k]` = number of spans of tasks before task k+1.
    var offsets: [Int] = [0]
    var labels: [String] = []
    var taskIDs: [Int] = []
    /// Ends of spans followed by a gap (only in traces built by hand).
    var gapEnds: [Int64: (end: Micros, endSeq: Int32)] = [:]

    public init() {}

    public init(_ spans: [Span]) {
        for s in spans { append(s) }
    }

    public init(arrayLiteral elements: Span...) { self.init(elements) }

    init(perTask: [[PackedSpan]], lastEnd: [Micros], lastEndSeq: [Int32], labels: [String]) {
        self.perTask = perTask
        self.lastEnd = lastEnd
        self.lastEndSeq = lastEndSeq
        self.labels = labels
        self.taskIDs = perTask.indices.map { $0 + 1 }
        var acc = 0
        offsets = [0]
        offsets.reserveCapacity(perTask.count + 1)
        for p in perTask {
            acc += p.count
            offsets.append(acc)
        }
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { offsets.last ?? 0 }

    /// The spans of one task, in order, without copying them out: O(1) for recorded traces.
    public func spans(ofTask id: Int) -> TaskSpans {
        let k: Int?
        if id >= 1 && id <= taskIDs.count && taskIDs[id - 1] == id { k = id - 1 } else { k = taskIDs.firstIndex(of: id) }
        guard let k else { return TaskSpans(list: self, k: -1, count: 0) }
        return TaskSpans(list: self, k: k, count: perTask[k].count)
    }

    /// One task's spans as a collection.
    public struct TaskSpans: RandomAccessCollection, Sendable {
        let list: SpanList
        let k: Int
        public let count: Int
        public var startIndex: Int { 0 }
        public var endIndex: Int { count }
        public subscript(j: Int) -> Span { list.span(k, j) }
        /// Start time and seq of span j without building the whole value.
        public func start(_ j: Int) -> Micros { list.perTask[k][j].start }
        public func startSeq(_ j: Int) -> Int { Int(list.perTask[k][j].startSeq) }
    }

    public subscript(i: Int) -> Span {
        // Binary search for the task that holds span i.
        var lo = 0, hi = perTask.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if offsets[mid] <= i { lo = mid } else { hi = mid - 1 }
        }
        while lo < perTask.count - 1 && offsets[lo + 1] <= i { lo += 1 }
        return span(lo, i - offsets[lo])
    }

    func span(_ k: Int, _ j: Int) -> Span {
        let list = perTask[k]
        let p = list[j]
        let end: Micros
        let endSeq: Int32
        if !gapEnds.isEmpty, let g = gapEnds[Int64(k) << 32 | Int64(j)] {
            end = g.end
            endSeq = g.endSeq
        } else if j + 1 < list.count {
            end = list[j + 1].start
            endSeq = list[j + 1].startSeq
        } else {
            end = lastEnd[k]
            endSeq = lastEndSeq[k]
        }
        return Span(task: taskIDs[k], state: p.state, start: p.start, end: Swift.max(end, p.start), startSeq: Int(p.startSeq),
                    endSeq: Int(endSeq), on: labels[Int(p.on)], line: Int(p.line))
    }

    /// Appends a span (for traces built by hand); spans must come in (task, start) order.
    public mutating func append(_ s: Span) {
        var k = taskIDs.count - 1
        if taskIDs.last != s.task {
            taskIDs.append(s.task)
            perTask.append([])
            lastEnd.append(s.end)
            lastEndSeq.append(Int32(clamping: s.endSeq))
            offsets.append(offsets.last ?? 0)
            k = taskIDs.count - 1
        } else if !perTask[k].isEmpty, lastEnd[k] != s.start || lastEndSeq[k] != Int32(clamping: s.startSeq) {
            // A hand-built trace with a gap: remember the previous span's own end.
            gapEnds[Int64(k) << 32 | Int64(perTask[k].count - 1)] = (lastEnd[k], lastEndSeq[k])
        }
        let label = Int32(labels.count)
        labels.append(s.on)
        perTask[k].append(PackedSpan(start: s.start, startSeq: Int32(clamping: s.startSeq), on: label, line: Int32(clamping: s.line), state: s.state))
        lastEnd[k] = s.end
        lastEndSeq[k] = Int32(clamping: s.endSeq)
        offsets[offsets.count - 1] += 1
    }
}

/// All events in sequence order: `Collection` of `TraceEvent` (seq = index + 1).
public struct EventList: RandomAccessCollection, Sendable, ExpressibleByArrayLiteral {
    enum TextKind: UInt8, Sendable { case literal, starts, resumes, waits, wakes, spawns }

    var time: [Micros] = []
    var task: [Int32] = []
    var kind: [EventKind] = []
    var line: [Int32] = []
    /// Index into `labels`, or -1.
    var object: [Int32] = []
    var textKind: [TextKind] = []
    /// For literal texts: index into `texts`.
    var textArg: [Int32] = []
    var labels: [String] = []
    var texts: [String] = []
    /// Task names by id (index id - 1), for the sentences made on demand.
    var names: [String] = []
    /// seq of the first event (1 for recorded traces).
    var firstSeq = 1
    /// Sequence numbers given explicitly (traces built by hand); empty when seq = index + 1.
    var explicitSeq: [Int] = []

    public init() {}

    public init(_ events: [TraceEvent]) {
        for e in events { append(e) }
    }

    public init(arrayLiteral elements: TraceEvent...) { self.init(elements) }

    public var startIndex: Int { 0 }
    public var endIndex: Int { time.count }

    /// Event times in order (the stored column: no copy, no sentence building).
    public var times: [Micros] { time }

    /// Event kinds in order (the stored column).
    public var kinds: [EventKind] { kind }

    /// The sequence number of event i.
    public func seq(at i: Int) -> Int { explicitSeq.isEmpty ? i + firstSeq : explicitSeq[i] }

    /// Every event's sequence number (seq = index + 1 for recorded traces).
    public var seqs: [Int] { explicitSeq.isEmpty ? Array(firstSeq..<(firstSeq + time.count)) : explicitSeq }

    public subscript(i: Int) -> TraceEvent {
        let o = object[i]
        let obj: String? = o >= 0 ? labels[Int(o)] : nil
        let t = Int(task[i])
        let name = t >= 1 && t <= names.count ? names[t - 1] : "task \(t)"
        let source: TraceEvent.Text
        switch textKind[i] {
        case .literal: source = .literal(texts[Int(textArg[i])])
        case .starts: source = .starts(name)
        case .resumes: source = .resumes(name)
        case .waits: source = .waits(name, on: obj ?? "")
        case .wakes: source = .wakes(name, on: obj ?? "")
        case .spawns:
            let c = Int(textArg[i])
            source = .spawns(name, child: c >= 1 && c <= names.count ? names[c - 1] : "task \(c)")
        }
        let seq = explicitSeq.isEmpty ? i + firstSeq : explicitSeq[i]
        return TraceEvent(seq: seq, time: time[i], task: t, kind: kind[i], object: obj, source: source, line: Int(line[i]))
    }

    public mutating func append(_ e: TraceEvent) {
        if !explicitSeq.isEmpty || e.seq != time.count + firstSeq {
            if explicitSeq.isEmpty { explicitSeq = (0..<time.count).map { $0 + firstSeq } }
            explicitSeq.append(e.seq)
        }
        time.append(e.time)
        task.append(Int32(clamping: e.task))
        kind.append(e.kind)
        line.append(Int32(clamping: e.line))
        if let o = e.object {
            object.append(Int32(labels.count))
            labels.append(o)
        } else {
            object.append(-1)
        }
        textKind.append(.literal)
        textArg.append(Int32(texts.count))
        texts.append(e.text)
    }

    /// Replaces the sentence of event i.
    mutating func setText(_ i: Int, _ text: String) {
        textKind[i] = .literal
        textArg[i] = Int32(texts.count)
        texts.append(text)
    }
}
