/// Compact storage behind `Trace.spans`, `Trace.events` and `Trace.tasks`. A run of a million
/// sleeps records about three million spans and two million events; as structs with strings
/// they took ~800 bytes a sleep, so they are kept packed here (strings as indices into one label
/// table, spans of a task stored back to back with their ends implied by the next start and
/// their starts by their events, 8 bytes a span and 8 an event, with the rare values that do not
/// fit kept aside) and turned into `Span` / `TraceEvent` / `TraceTask` values only when someone
/// reads them.

/// One span as stored, in 8 bytes: its end is the next span's start (spans of a task are
/// contiguous), and its start is the time of the event `startSeq` names (a span starts at the
/// instant of the event it starts with, or of the next one when the state changed after the
/// last event). Its label and line share a word with its state. The few spans that do not fit
/// this (a start clamped to the previous end, a span before any event, a label past 65,534 or
/// a line past 8,191, a hand-built trace) are escaped: their start, label and line are in
/// `SpanList.escapes`.
struct PackedSpan: Sendable {
    var startSeq: Int32
    /// `on << 16 | line << 3 | state`; `on` = `escapedOn` for an escaped span.
    private var fields: UInt32

    static let escapedOn: UInt32 = 0xFFFF
    static let maxLine: Int32 = 0x1FFF

    /// Whether a label and a line fit in the packed word.
    static func fits(on: Int32, line: Int32) -> Bool { on >= 0 && UInt32(on) < escapedOn && line >= 0 && line <= maxLine }

    /// A span whose start is implied and whose label and line fit (`fits`).
    init(startSeq: Int32, on: Int32, line: Int32, state: TaskState) {
        self.startSeq = startSeq
        fields = UInt32(truncatingIfNeeded: on) << 16 | UInt32(truncatingIfNeeded: line) << 3 | UInt32(state.rawValue)
    }

    /// A span whose start, label and line are in `SpanList.escapes`.
    init(escapedWith startSeq: Int32, state: TaskState) {
        self.startSeq = startSeq
        fields = Self.escapedOn << 16 | UInt32(state.rawValue)
    }

    var escaped: Bool { fields >> 16 == Self.escapedOn }
    /// Label and line of a span that is not escaped.
    var on: Int { Int(fields >> 16) }
    var line: Int { Int(fields >> 3 & 0x1FFF) }
    var state: TaskState { TaskState(rawValue: UInt8(truncatingIfNeeded: fields & 7)) ?? .ready }
    /// The key of span j of task index k in `SpanList.escapes`.
    static func key(_ k: Int, _ j: Int) -> Int64 { Int64(k) << 32 | Int64(j) }
}

/// What an escaped span keeps aside (lines as spans always had them: 0 … 2^24 - 1).
struct SpanEscape: Sendable {
    var start: Micros
    var on: Int32
    var line: Int32

    init(start: Micros, on: Int32, line: Int32) {
        self.start = start
        self.on = on
        self.line = min(max(line, 0), 0xFF_FFFF)
    }
}

/// The escaped spans' values, keyed by `PackedSpan.key(k, j)`. Kept as plain arrays grouped by
/// task, not a hash table: a run whose labels outgrow 16 bits escapes most of its spans, and
/// hashing every one of them cost more than the packing saved. The recorder appends in time
/// order and `groupByTask` orders the entries by key in two linear passes.
struct SpanEscapes: Sendable {
    private(set) var keys: [Int64] = []
    private var values: [SpanEscape] = []
    /// Per task index k: the entries of task k are `first[k] ..< first[k + 1]` (empty when the
    /// entries came in key order and were never grouped: then the whole range is searched).
    private var first: [Int32] = []

    var count: Int { keys.count }
    var isEmpty: Bool { keys.isEmpty }

    /// Entries must come in key order unless `groupByTask` follows (as the recorder's do).
    mutating func append(_ key: Int64, _ value: SpanEscape) {
        if !first.isEmpty { first = [] }  // the task ranges no longer cover everything
        keys.append(key)
        values.append(value)
    }

    /// Orders the entries by key for `tasks` task indices: a stable counting sort by task (the
    /// span indices of one task are appended in increasing order already).
    mutating func groupByTask(tasks: Int) {
        var starts = [Int32](repeating: 0, count: tasks + 1)
        for key in keys { starts[Int(key >> 32) + 1] += 1 }
        for k in 0..<tasks { starts[k + 1] += starts[k] }
        first = starts
        var next = starts
        var sortedKeys = [Int64](repeating: 0, count: keys.count)
        var sortedValues = [SpanEscape](repeating: SpanEscape(start: 0, on: 0, line: 0), count: values.count)
        for i in keys.indices {
            let k = Int(keys[i] >> 32)
            let to = Int(next[k])
            next[k] += 1
            sortedKeys[to] = keys[i]
            sortedValues[to] = values[i]
        }
        keys = sortedKeys
        values = sortedValues
    }

    subscript(key: Int64) -> SpanEscape? {
        var lo = 0, hi = keys.count
        let k = Int(key >> 32)
        if k + 1 < first.count {
            lo = Int(first[k])
            hi = Int(first[k + 1])
        }
        while lo < hi {
            let mid = (lo + hi) / 2
            if keys[mid] < key { lo = mid + 1 } else { hi = mid }
        }
        return lo < keys.count && keys[lo] == key ? values[lo] : nil
    }
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
    /// Start, label and line of the escaped spans (key: `PackedSpan.key`).
    var escapes = SpanEscapes()
    /// Per task index, in units of 256 lines: what the packed lines of its spans are relative
    /// to (empty: all 0).
    var lineBase: [UInt16] = []
    /// The events' instants (shared with `EventList`): an unflagged span starts at the time of
    /// the instant holding event `startSeq`.
    var instantFirst: [Int32] = []
    var instantTime: [Micros] = []

    public init() {}

    public init(_ spans: [Span]) {
        for s in spans { append(s) }
    }

    public init(arrayLiteral elements: Span...) { self.init(elements) }

    init(perTask: [[PackedSpan]], lastEnd: [Micros], lastEndSeq: [Int32], labels: [String], escapes: SpanEscapes,
         instantFirst: [Int32], instantTime: [Micros]) {
        self.perTask = perTask
        self.escapes = escapes
        self.instantFirst = instantFirst
        self.instantTime = instantTime
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
        public func start(_ j: Int) -> Micros { list.start(k, j) }
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

    /// The start of span j of task index k.
    func start(_ k: Int, _ j: Int) -> Micros {
        var hint = 0
        return start(k, j, hint: &hint)
    }

    /// The start of span j of task index k; `hint` is the instant found for the span read
    /// before (readers walking a task's spans in order find the next one a step or two on).
    func start(_ k: Int, _ j: Int, hint: inout Int) -> Micros { start(of: perTask[k][j], k, j, hint: &hint) }

    /// The start of `p`, span j of task index k (for readers that hold the task's spans).
    @inline(__always)
    func start(of p: PackedSpan, _ k: Int, _ j: Int, hint: inout Int) -> Micros {
        if p.escaped { return escapes[PackedSpan.key(k, j)]?.start ?? 0 }
        hint = EventList.instant(of: Int(p.startSeq) - 1, in: instantFirst, hint: hint)
        return hint >= 0 ? instantTime[hint] : 0
    }

    /// The label index and line of span j of task index k.
    func onLine(_ k: Int, _ j: Int) -> (on: Int, line: Int) { onLine(of: perTask[k][j], k, j) }

    /// The label index and line of `p`, span j of task index k (for readers that hold the
    /// task's spans).
    @inline(__always)
    func onLine(of p: PackedSpan, _ k: Int, _ j: Int) -> (on: Int, line: Int) {
        if p.escaped, let e = escapes[PackedSpan.key(k, j)] { return (Int(e.on), Int(e.line)) }
        return (p.on, p.line + lineOffset(k))
    }

    /// What the packed lines of task index k's spans are relative to.
    @inline(__always)
    func lineOffset(_ k: Int) -> Int { k < lineBase.count ? Int(lineBase[k]) << 8 : 0 }

    /// Where span j of task index k ends: a gap's own end, else the next span's start, else the
    /// task's last end (not yet clamped to the span's start).
    func end(_ k: Int, _ j: Int) -> (end: Micros, endSeq: Int32) {
        var hint = 0
        return end(k, j, hint: &hint)
    }

    /// `end(k, j)` with an instant hint, as `start(_:_:hint:)` takes.
    func end(_ k: Int, _ j: Int, hint: inout Int) -> (end: Micros, endSeq: Int32) {
        if !gapEnds.isEmpty, let g = gapEnds[Int64(k) << 32 | Int64(j)] { return g }
        if j + 1 < perTask[k].count { return (start(k, j + 1, hint: &hint), perTask[k][j + 1].startSeq) }
        return (lastEnd[k], lastEndSeq[k])
    }

    func span(_ k: Int, _ j: Int) -> Span {
        let p = perTask[k][j]
        var hint = 0
        let begin = start(k, j, hint: &hint)
        let (end, endSeq) = self.end(k, j, hint: &hint)
        let onLine = self.onLine(k, j)
        return Span(task: taskIDs[k], state: p.state, start: begin, end: Swift.max(end, begin), startSeq: Int(p.startSeq),
                    endSeq: Int(endSeq), on: labels[onLine.on], line: onLine.line)
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
        // No events to imply the start from.
        // Appended in key order (tasks and their spans come in order), so lookups stay exact.
        escapes.append(PackedSpan.key(k, perTask[k].count), SpanEscape(start: s.start, on: label, line: Int32(clamping: s.line)))
        perTask[k].append(PackedSpan(escapedWith: Int32(clamping: s.startSeq), state: s.state))
        lastEnd[k] = s.end
        lastEndSeq[k] = Int32(clamping: s.endSeq)
        offsets[offsets.count - 1] += 1
    }
}

/// Fixed-size chunks: appending never copies what is stored (a doubling array copies and, at
/// its worst, leaves half its capacity unused — 40 MB of a million-sleep run).
struct ChunkedArray<Element: Sendable>: RandomAccessCollection, Sendable {
    private static var shift: Int { 15 }
    private static var chunkSize: Int { 1 << shift }
    /// Full chunks, then the one being filled (kept apart: appending to it is one uniqueness
    /// check, not two for an array inside an array).
    private var chunks: [[Element]] = []
    private var tail: [Element] = []
    private(set) var count = 0

    init() {}

    var startIndex: Int { 0 }
    var endIndex: Int { count }

    subscript(i: Int) -> Element {
        get {
            let c = i >> Self.shift
            return c < chunks.count ? chunks[c][i & (Self.chunkSize - 1)] : tail[i & (Self.chunkSize - 1)]
        }
        set {
            let c = i >> Self.shift
            if c < chunks.count { chunks[c][i & (Self.chunkSize - 1)] = newValue } else { tail[i & (Self.chunkSize - 1)] = newValue }
        }
    }

    mutating func append(_ e: Element) {
        if tail.count == Self.chunkSize {
            chunks.append(tail)
            tail = []
        }
        // The first chunk grows by doubling, so a small trace does not hold a whole chunk's
        // capacity; once a trace has filled one, each next chunk is reserved whole (doubling
        // every chunk copied every element once more).
        if tail.count == tail.capacity {
            tail.reserveCapacity(chunks.isEmpty ? Swift.min(Self.chunkSize, Swift.max(16, tail.capacity * 2)) : Self.chunkSize)
        }
        tail.append(e)
        count += 1
    }
}

/// Task, object and line of an event.
struct EventFields: Sendable {
    var task: Int32
    /// Index into `labels`; -1 for none; -2 - k for "task <name of task k + 1>" (a label per
    /// spawned task would be a string and a hash-table entry per task).
    var object: Int32
    var line: Int32
}

/// One event as stored, in 8 bytes; its time is kept per instant (see `EventList`). Task (23
/// bits), kind and sentence kind share one word, object (16 bits) and line (15 bits) the other.
/// An event whose task, object or line does not fit (a spawn's "task NAME" object, a line past
/// 32,767) is escaped: those three are in `EventList.escapes`. The small number a few
/// sentences need is in `EventList.args`.
struct PackedEvent: Sendable {
    /// `textKind << 28 | kind << 23 | task`.
    private var head: UInt32
    /// `object << 16 | line << 1 | escaped`, object 0xFFFF for none.
    private var tail: UInt32

    static func fits(_ f: EventFields) -> Bool {
        f.task >= 0 && f.task <= 0x7F_FFFF && f.object >= -1 && f.object < 0xFFFF && f.line >= 0 && f.line <= 0x7FFF
    }

    /// The event with its fields packed when they `fit`, else marked escaped.
    init(_ f: EventFields, kind: EventKind, textKind: EventList.TextKind) {
        head = UInt32(textKind.rawValue) << 28 | UInt32(kind.code) << 23
        if Self.fits(f) {
            head |= UInt32(f.task)
            tail = UInt32(f.object == -1 ? 0xFFFF : f.object) << 16 | UInt32(f.line) << 1
        } else {
            tail = 1
        }
    }

    var escaped: Bool { tail & 1 != 0 }
    /// Task, object and line of an event that is not escaped.
    var fields: EventFields {
        @inline(__always) get {
        let o = tail >> 16
        return EventFields(task: Int32(head & 0x7F_FFFF), object: o == 0xFFFF ? -1 : Int32(o), line: Int32(tail >> 1 & 0x7FFF))
        }
    }

    var kind: EventKind { EventKind.byCode[Int(head >> 23 & 0x1F)] }

    var textKind: EventList.TextKind {
        @inline(__always) get { EventList.TextKind(rawValue: UInt8(truncatingIfNeeded: head >> 28)) ?? .literal }
        set { head = head & 0x0FFF_FFFF | UInt32(newValue.rawValue) << 28 }
    }
}

extension EventKind {
    /// Kinds by `code`.
    static let byCode: [EventKind] = Array(allCases)

    /// The kind's place in `allCases`, 0 … 19 (5 bits of a `PackedEvent`).
    var code: UInt8 {
        switch self {
        case .spawn: 0
        case .run: 1
        case .suspend: 2
        case .wake: 3
        case .print: 4
        case .acquire: 5
        case .release: 6
        case .put: 7
        case .get: 8
        case .taskDone: 9
        case .join: 10
        case .set: 11
        case .clear: 12
        case .cancel: 13
        case .timeout: 14
        case .raise: 15
        case .offload: 16
        case .finish: 17
        case .warning: 18
        }
    }
}

/// All events in sequence order: `Collection` of `TraceEvent` (seq = index + 1).
public struct EventList: RandomAccessCollection, Sendable, ExpressibleByArrayLiteral {
    /// At most 16 kinds: `PackedEvent` keeps one in 4 bits. `returns` / `fails` / `cancelled`
    /// are a task's finish, made from its recorded result or error (a literal sentence per
    /// finished task was a heap string each, 100,000 of them in a big run).
    enum TextKind: UInt8, Sendable {
        case literal, starts, resumes, waits, wakes, spawns, acquires, acquiresCounted, releases, woken, wokenBySet, waitsFull
        case waitsFIFO, returns, fails, cancelled
    }

    var rows = ChunkedArray<PackedEvent>()
    /// Events come in time order and many share an instant: instant k covers the events from
    /// `instantFirst[k]` on and happens at `instantTime[k]`.
    var instantFirst: [Int32] = []
    var instantTime: [Micros] = []
    /// The events whose sentence is literal text (ascending indices) and those texts.
    var literalAt: [Int32] = []
    var texts: [String] = []
    var labels: [String] = []
    /// The tasks by id (index id - 1), for the sentences made on demand: names, results, errors
    /// (the trace's own task list, shared, not copied).
    var tasks = TaskList()
    /// The events whose sentence needs a small number (ascending indices) and those numbers: a
    /// column of them would be 2 bytes on every event for the few that say `(3/5 held)`.
    var argAt: [Int32] = []
    var args: [UInt16] = []
    /// The escaped events (ascending indices) and their fields (see `PackedEvent`).
    var escapeAt: [Int32] = []
    var escapes: [EventFields] = []
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
    public var endIndex: Int { rows.count }

    /// The time of event i.
    public func time(at i: Int) -> Micros {
        let k = Self.instant(of: i, in: instantFirst, hint: -1)
        return instantTime.isEmpty ? 0 : instantTime[Swift.max(k, 0)]
    }

    /// The instant holding event index i: the last k with `first[k] <= i`, or -1 when there is
    /// none. Gallops forward from `hint` when it is at or before the answer (readers go forward,
    /// a few instants at a time), else searches all.
    @inline(__always)
    static func instant(of i: Int, in first: [Int32], hint: Int) -> Int {
        let n = first.count
        // The answer is in lo ..< hi: first[lo] <= i, and first[hi] > i or hi == n.
        var lo = 0, hi = n
        if hint >= 0 && hint < n && Int(first[hint]) <= i {
            lo = hint
            var step = 1
            while lo + step < n && Int(first[lo + step]) <= i {
                lo += step
                step *= 2
            }
            hi = Swift.min(lo + step, n)
        } else if n == 0 || Int(first[0]) > i {
            return -1
        }
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if Int(first[mid]) <= i { lo = mid } else { hi = mid }
        }
        return lo
    }

    /// The time of the last event.
    var lastTime: Micros? { instantTime.last }

    /// Event times in order.
    public var times: [Micros] {
        var out: [Micros] = []
        out.reserveCapacity(rows.count)
        for k in instantFirst.indices {
            let end = k + 1 < instantFirst.count ? Int(instantFirst[k + 1]) : rows.count
            for _ in Int(instantFirst[k])..<end { out.append(instantTime[k]) }
        }
        return out
    }

    /// Event kinds in order.
    public var kinds: [EventKind] { rows.map(\.kind) }

    /// The sequence number of event i.
    public func seq(at i: Int) -> Int { explicitSeq.isEmpty ? i + firstSeq : explicitSeq[i] }

    /// Every event's sequence number (seq = index + 1 for recorded traces).
    public var seqs: [Int] { explicitSeq.isEmpty ? Array(firstSeq..<(firstSeq + rows.count)) : explicitSeq }

    /// Where event i's literal text is, or would go, in `literalAt`/`texts`.
    private func literalSlot(_ i: Int) -> (index: Int, found: Bool) { Self.slot(i, in: literalAt) }

    /// Where index i is, or would go, in the ascending `list`.
    private static func slot(_ i: Int, in list: [Int32]) -> (index: Int, found: Bool) {
        // Nearly always the last one or past it: events are given these while being recorded.
        if let last = list.last, Int(last) < i { return (list.count, false) }
        var lo = 0, hi = list.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if Int(list[mid]) < i { lo = mid + 1 } else { hi = mid }
        }
        return (lo, lo < list.count && Int(list[lo]) == i)
    }

    /// Sets index i's value in a side table (`at` ascending, `values` alongside): in place when
    /// it has one, else inserted where it belongs (an append when i is past the last, as for
    /// the event the recorder just wrote).
    private static func put<T>(_ i: Int, _ value: T, at: inout [Int32], _ values: inout [T]) {
        let slot = slot(i, in: at)
        if slot.found {
            values[slot.index] = value
        } else if slot.index == at.count {
            at.append(Int32(truncatingIfNeeded: i))
            values.append(value)
        } else {
            at.insert(Int32(truncatingIfNeeded: i), at: slot.index)
            values.insert(value, at: slot.index)
        }
    }

    /// Task, object and line of event i.
    func fields(at i: Int) -> EventFields {
        let r = rows[i]
        guard r.escaped else { return r.fields }
        let slot = Self.slot(i, in: escapeAt)
        return slot.found ? escapes[slot.index] : EventFields(task: 0, object: -1, line: 0)
    }

    /// Gives event i another object (for traces built by hand).
    mutating func setObject(_ i: Int, _ object: Int32) {
        var f = fields(at: i)
        f.object = object
        let r = rows[i]
        rows[i] = PackedEvent(f, kind: r.kind, textKind: r.textKind)
        let slot = Self.slot(i, in: escapeAt)
        if rows[i].escaped {
            Self.put(i, f, at: &escapeAt, &escapes)
        } else if slot.found {
            escapeAt.remove(at: slot.index)
            escapes.remove(at: slot.index)
        }
    }

    /// The small number of event i's sentence (0 when it has none).
    func arg(at i: Int) -> UInt16 {
        if argAt.isEmpty { return 0 }
        let slot = Self.slot(i, in: argAt)
        return slot.found ? args[slot.index] : 0
    }

    /// Sets the small number of event i's sentence.
    mutating func setArg(_ i: Int, _ arg: UInt16) {
        // No entry for a 0 the event does not have already.
        if arg == 0 && !Self.slot(i, in: argAt).found { return }
        Self.put(i, arg, at: &argAt, &args)
    }

    /// The literal text of event i, if it has one.
    func literalText(_ i: Int) -> String? {
        let slot = literalSlot(i)
        return slot.found ? texts[slot.index] : nil
    }

    /// The sentence of event i while it is still being recorded (before `tasks` and `labels`
    /// are set): `tasks` are the tasks so far, `label` gives a label by index.
    func sentence(at i: Int, tasks: TaskList, label: (Int) -> String) -> String {
        let r = rows[i]
        let f = fields(at: i)
        let name = { (t: Int) in t >= 1 && t <= tasks.count ? tasks.name(at: t - 1) : "task \(t)" }
        let n = name(Int(f.task))
        let child = f.object <= -2 ? name(Int(-1 - f.object)) : ""
        let object = f.object >= 0 ? label(Int(f.object)) : f.object == -1 ? "" : "task " + child
        switch r.textKind {
        case .literal: return literalText(i) ?? ""
        case .starts: return n + " starts"
        case .resumes: return n + " resumes"
        case .waits: return n + " waits on " + object
        case .wakes: return n + " wakes: " + object + " is over"
        case .spawns: return n + " spawned " + (f.object <= -2 ? child : object)
        case .returns, .fails, .cancelled: return Self.finishSentence(r.textKind, name: n, task: Int(f.task), in: tasks)
        default: return Self.sentence(r.textKind, name: n, object: object, arg: arg(at: i))
        }
    }

    /// `NAME returns RESULT` (cut as `TraceRecorder.short` cuts it), `NAME fails: ERROR`,
    /// `NAME is cancelled`, from the task's record.
    static func finishSentence(_ k: TextKind, name: String, task t: Int, in tasks: TaskList) -> String {
        let known = t >= 1 && t <= tasks.count
        switch k {
        case .returns: return TextBuilder.join(name, " returns ", TraceRecorder.short(known ? tasks.result(at: t - 1) ?? "" : ""))
        case .fails: return TextBuilder.join(name, " fails: ", known ? tasks.error(at: t - 1) ?? "" : "")
        default: return TextBuilder.join(name, " is cancelled")
        }
    }

    /// The sentences of the resource events, made on demand.
    static func sentence(_ k: TextKind, name: String, object: String, arg: UInt16) -> String {
        let counts = "\(arg >> 8)/\(arg & 0xFF)"
        switch k {
        case .acquires: return name + " acquires " + object
        case .acquiresCounted: return name + " acquires " + object + " (" + counts + " held)"
        case .releases: return name + " releases " + object
        case .woken: return name + " is woken: " + object + " is free for it"
        case .wokenBySet: return name + " is woken: " + object + " is set"
        case .waitsFull: return name + " waits on " + object + " (full: " + counts + " held)"
        case .waitsFIFO: return name + " waits on " + object + " (FIFO: earlier waiters first)"
        case .literal, .starts, .resumes, .waits, .wakes, .spawns, .returns, .fails, .cancelled: return ""
        }
    }

    static func taskObject(_ id: Int) -> Int32 { Int32(truncatingIfNeeded: -1 - id) }

    func name(ofTask t: Int) -> String { t >= 1 && t <= tasks.count ? tasks.name(at: t - 1) : "task \(t)" }

    /// Task names by id (index id - 1).
    var names: [String] { tasks.rows.map(\.name) }

    func objectText(_ o: Int32) -> String? {
        if o >= 0 { return labels[Int(o)] }
        if o == -1 { return nil }
        return "task " + name(ofTask: Int(-1 - o))
    }

    public subscript(i: Int) -> TraceEvent {
        let r = rows[i]
        let f = fields(at: i)
        let o = f.object
        let obj = objectText(o)
        let t = Int(f.task)
        let name = name(ofTask: t)
        let source: TraceEvent.Text
        switch r.textKind {
        case .literal: source = .literal(literalText(i) ?? "")
        case .starts: source = .starts(name)
        case .resumes: source = .resumes(name)
        case .waits: source = .waits(name, on: obj ?? "")
        case .wakes: source = .wakes(name, on: obj ?? "")
        case .spawns: source = .spawns(name, child: o <= -2 ? self.name(ofTask: Int(-1 - o)) : (obj ?? ""))
        case .returns, .fails, .cancelled: source = .literal(Self.finishSentence(r.textKind, name: name, task: t, in: tasks))
        default: source = .literal(Self.sentence(r.textKind, name: name, object: obj ?? "", arg: arg(at: i)))
        }
        let seq = explicitSeq.isEmpty ? i + firstSeq : explicitSeq[i]
        return TraceEvent(seq: seq, time: time(at: i), task: t, kind: r.kind, object: obj, source: source, line: Int(f.line))
    }

    /// Appends a packed event at `time` (times never go backwards in a recording; a hand-built
    /// trace that does simply starts a new instant).
    mutating func append(_ time: Micros, _ f: EventFields, kind: EventKind, textKind: TextKind, arg: UInt16 = 0) {
        let e = PackedEvent(f, kind: kind, textKind: textKind)
        if e.escaped {
            escapeAt.append(Int32(truncatingIfNeeded: rows.count))
            escapes.append(f)
        }
        if instantTime.last != time {
            instantFirst.append(Int32(truncatingIfNeeded: rows.count))
            instantTime.append(time)
        }
        if arg != 0 {
            argAt.append(Int32(truncatingIfNeeded: rows.count))
            args.append(arg)
        }
        rows.append(e)
    }

    /// Appends an event with a literal sentence.
    mutating func append(_ time: Micros, _ f: EventFields, kind: EventKind, text: String) {
        literalAt.append(Int32(truncatingIfNeeded: rows.count))
        texts.append(text)
        append(time, f, kind: kind, textKind: .literal)
    }

    public mutating func append(_ e: TraceEvent) {
        if !explicitSeq.isEmpty || e.seq != rows.count + firstSeq {
            if explicitSeq.isEmpty { explicitSeq = (0..<rows.count).map { $0 + firstSeq } }
            explicitSeq.append(e.seq)
        }
        var object: Int32 = -1
        if let o = e.object {
            object = Int32(labels.count)
            labels.append(o)
        }
        append(e.time, EventFields(task: Int32(clamping: e.task), object: object, line: Int32(clamping: e.line)), kind: e.kind,
               text: e.text)
    }

    /// Replaces the sentence of event i.
    mutating func setText(_ i: Int, _ text: String) {
        rows[i].textKind = .literal
        Self.put(i, text, at: &literalAt, &texts)
    }
}

/// One resource snapshot as stored: counts and list bounds in one row, the short holder/waiter
/// lists in a shared id pool and queue items in a shared string pool (a struct with three arrays
/// per snapshot took ~170 bytes; a run of a million semaphore acquires keeps three million).
struct PackedSnapshot: Sendable {
    var seq: Int32
    var resource: Int32
    var holderCount: Int32
    var waiterCount: Int32
    var itemCount: Int32
    var idStart: Int32
    var itemStart: Int32
    var holderLen: UInt8
    var waiterLen: UInt8
    var itemLen: UInt8
    var value: Int
}

/// All resource snapshots in seq order: `Collection` of `ResourceSnapshot`.
public struct SnapshotList: RandomAccessCollection, Sendable, ExpressibleByArrayLiteral {
    var rows = ChunkedArray<PackedSnapshot>()
    var ids: [Int32] = []
    var items: [String] = []

    public init() {}
    public init(_ snapshots: [ResourceSnapshot]) { for s in snapshots { append(s) } }
    public init(arrayLiteral elements: ResourceSnapshot...) { self.init(elements) }

    public var startIndex: Int { 0 }
    public var endIndex: Int { rows.count }

    public subscript(i: Int) -> ResourceSnapshot {
        let r = rows[i]
        let h = Int(r.idStart), w = h + Int(r.holderLen)
        return ResourceSnapshot(seq: Int(r.seq), resource: Int(r.resource),
                                holders: ids[h..<w].map { Int($0) },
                                waiters: ids[w..<(w + Int(r.waiterLen))].map { Int($0) },
                                items: Array(items[Int(r.itemStart)..<(Int(r.itemStart) + Int(r.itemLen))]), value: r.value,
                                holderCount: Int(r.holderCount), waiterCount: Int(r.waiterCount), itemCount: Int(r.itemCount))
    }

    /// The seq and resource of snapshot i without building it.
    func seq(at i: Int) -> Int { Int(rows[i].seq) }
    func resource(at i: Int) -> Int { Int(rows[i].resource) }

    /// True when snapshot i says exactly this.
    func matches(_ i: Int, holders: [Int], waiters: [Int], items its: [String], value: Int,
                 counts: (holders: Int, waiters: Int, items: Int)) -> Bool {
        guard matches(i, value: value, counts: counts, lengths: (holders.count, waiters.count, its.count)) else { return false }
        let r = rows[i]
        let h = Int(r.idStart)
        for (k, x) in holders.enumerated() where Int(ids[h + k]) != x { return false }
        let w = h + holders.count
        for (k, x) in waiters.enumerated() where Int(ids[w + k]) != x { return false }
        let s = Int(r.itemStart)
        for (k, x) in its.enumerated() where items[s + k] != x { return false }
        return true
    }

    /// Whether snapshot i has these counts and list lengths (the lists themselves unchecked).
    func matches(_ i: Int, value: Int, counts: (holders: Int, waiters: Int, items: Int),
                 lengths: (holders: Int, waiters: Int, items: Int)) -> Bool {
        let r = rows[i]
        return r.value == value && Int(r.holderCount) == counts.holders && Int(r.waiterCount) == counts.waiters
            && Int(r.itemCount) == counts.items && Int(r.holderLen) == lengths.holders
            && Int(r.waiterLen) == lengths.waiters && Int(r.itemLen) == lengths.items
    }

    /// A snapshot of counts only, its lists empty or too long to keep: the form of nearly every
    /// snapshot of a crowded semaphore, made without passing lists around.
    mutating func append(seq: Int, resource: Int, value: Int, counts: (holders: Int, waiters: Int, items: Int),
                         lengths: (holders: UInt8, waiters: UInt8, items: UInt8) = (0, 0, 0)) {
        rows.append(PackedSnapshot(seq: Int32(clamping: seq), resource: Int32(clamping: resource),
                                   holderCount: Int32(clamping: counts.holders), waiterCount: Int32(clamping: counts.waiters),
                                   itemCount: Int32(clamping: counts.items), idStart: Int32(clamping: ids.count),
                                   itemStart: Int32(clamping: items.count), holderLen: lengths.holders,
                                   waiterLen: lengths.waiters, itemLen: lengths.items, value: value))
    }

    mutating func append(seq: Int, resource: Int, holders: [Int], waiters: [Int], items its: [String], value: Int,
                         counts: (holders: Int, waiters: Int, items: Int)) {
        // Lists longer than a byte can count are kept as counts only (as `shown` does anyway).
        let hs = holders.count <= 255 ? holders : []
        let ws = waiters.count <= 255 ? waiters : []
        let xs = its.count <= 255 ? its : []
        append(seq: seq, resource: resource, value: value, counts: counts,
               lengths: (UInt8(hs.count), UInt8(ws.count), UInt8(xs.count)))
        for h in hs { ids.append(Int32(truncatingIfNeeded: h)) }
        for w in ws { ids.append(Int32(truncatingIfNeeded: w)) }
        // Most snapshots have no items (a lock, a semaphore, an empty queue): appending an empty
        // array still cost ~150 instructions, several percent of a semaphore-heavy run.
        if !xs.isEmpty { items.append(contentsOf: xs) }
    }

    public mutating func append(_ s: ResourceSnapshot) {
        append(seq: s.seq, resource: s.resource, holders: s.holders, waiters: s.waiters, items: s.items, value: s.value,
               counts: (s.holderCount, s.waiterCount, s.itemCount))
    }
}

/// One task as stored, in 56 bytes (`TraceTask` takes 128: two optionals, three strings, Int
/// ids). The function is an index into `TaskList.functions` (a run has a few defs and 100,000
/// tasks), the result and error indices into `TaskList.details`.
struct PackedTask: Sendable {
    var name: String
    var created: Micros
    /// `PackedTask.running` while the task has not finished.
    var finished: Micros
    var id: Int32
    /// `PackedTask.noParent` for a root.
    var parent: Int32
    /// `depth << 3 | hidden << 2 | outcome`.
    var depthFlags: UInt32
    var function: Int32
    /// Indices into `TaskList.details`; -1 for none.
    var result: Int32
    var error: Int32

    static let running = Micros.min
    static let noParent = Int32.min

    var depth: Int { Int(depthFlags >> 3) }
    var hidden: Bool { depthFlags & 4 != 0 }
    var outcome: Outcome {
        switch depthFlags & 3 {
        case 0: .pending
        case 1: .result
        case 2: .exception
        default: .cancelled
        }
    }

    static func flags(depth: Int, hidden: Bool, outcome: Outcome) -> UInt32 {
        let o: UInt32 = switch outcome {
        case .pending: 0
        case .result: 1
        case .exception: 2
        case .cancelled: 3
        }
        return UInt32(clamping: min(max(depth, 0), Int(UInt32.max >> 3))) << 3 | (hidden ? 4 : 0) | o
    }
}

/// All tasks in creation order: `Collection` of `TraceTask`, kept packed (see `PackedTask`) in
/// chunks, so 100,000 tasks take ~6 MB instead of ~17 MB of `[TraceTask]` with its doubling
/// slack. Ids, parents and depths are kept as 32-bit numbers (a trace of 2^31 tasks would not
/// fit in memory anyway).
public struct TaskList: RandomAccessCollection, MutableCollection, Sendable, ExpressibleByArrayLiteral {
    var rows = ChunkedArray<PackedTask>()
    var functions: [String] = []
    private var functionIndex: [String: Int32] = [:]
    /// Results and errors; a string equal to the last one stored is not stored again (most
    /// tasks of a big run return the same `None`).
    var details: [String] = []

    public init() {}
    public init(_ tasks: [TraceTask]) { for t in tasks { append(t) } }
    public init(arrayLiteral elements: TraceTask...) { self.init(elements) }

    public var startIndex: Int { 0 }
    public var endIndex: Int { rows.count }

    public subscript(i: Int) -> TraceTask {
        get {
            let r = rows[i]
            return TraceTask(id: Int(r.id), name: r.name, parent: r.parent == PackedTask.noParent ? nil : Int(r.parent),
                             function: functions[Int(r.function)], created: r.created,
                             finished: r.finished == PackedTask.running ? nil : r.finished, outcome: r.outcome,
                             result: detail(r.result), error: detail(r.error), hidden: r.hidden, depth: r.depth)
        }
        set { rows[i] = pack(newValue) }
    }

    public mutating func append(_ t: TraceTask) { rows.append(pack(t)) }

    /// Adds a task as the recorder sees it at creation (no result yet).
    mutating func append(id: Int, name: String, parent: Int?, function: String, created: Micros, hidden: Bool, depth: Int) {
        rows.append(PackedTask(name: name, created: created, finished: PackedTask.running, id: Int32(clamping: id),
                               parent: parent.map { Int32(clamping: $0) } ?? PackedTask.noParent,
                               depthFlags: PackedTask.flags(depth: depth, hidden: hidden, outcome: .pending),
                               function: functionIndex(function), result: -1, error: -1))
    }

    /// Records how task i ended, in place.
    mutating func finish(_ i: Int, at time: Micros, outcome: Outcome, result: String?, error: String?) {
        let r = rows[i]
        var new = r
        new.finished = time
        new.depthFlags = PackedTask.flags(depth: r.depth, hidden: r.hidden, outcome: outcome)
        new.result = detailIndex(result)
        new.error = detailIndex(error)
        rows[i] = new
    }

    func name(at i: Int) -> String { rows[i].name }
    func result(at i: Int) -> String? { detail(rows[i].result) }
    func error(at i: Int) -> String? { detail(rows[i].error) }

    private func detail(_ k: Int32) -> String? { k < 0 ? nil : details[Int(k)] }

    private mutating func pack(_ t: TraceTask) -> PackedTask {
        PackedTask(name: t.name, created: t.created, finished: t.finished ?? PackedTask.running, id: Int32(clamping: t.id),
                   parent: t.parent.map { Int32(clamping: $0) } ?? PackedTask.noParent,
                   depthFlags: PackedTask.flags(depth: t.depth, hidden: t.hidden, outcome: t.outcome),
                   function: functionIndex(t.function), result: detailIndex(t.result), error: detailIndex(t.error))
    }

    private mutating func functionIndex(_ f: String) -> Int32 {
        if let k = functionIndex[f] { return k }
        let k = Int32(functions.count)
        functions.append(f)
        functionIndex[f] = k
        return k
    }

    private mutating func detailIndex(_ s: String?) -> Int32 {
        guard let s else { return -1 }
        if details.last != s { details.append(s) }
        return Int32(truncatingIfNeeded: details.count - 1)
    }
}

extension Trace {
    /// Bytes of the packed span and event rows, their per-instant times and side tables (not
    /// the shared label strings): what the benchmark reports per wake-up.
    public var packedTraceBytes: Int {
        let s = spans, e = events
        let spanBytes = s.perTask.reduce(0) { $0 + $1.count } * MemoryLayout<PackedSpan>.stride
            + s.escapes.count * (MemoryLayout<SpanEscape>.stride + MemoryLayout<Int64>.stride)
            + s.instantTime.count * (MemoryLayout<Micros>.stride + MemoryLayout<Int32>.stride)
            + s.lastEnd.count * (MemoryLayout<Micros>.stride + MemoryLayout<Int32>.stride)
        let eventBytes = e.rows.count * MemoryLayout<PackedEvent>.stride
            + e.instantTime.count * (MemoryLayout<Micros>.stride + MemoryLayout<Int32>.stride)
            + e.escapes.count * (MemoryLayout<EventFields>.stride + MemoryLayout<Int32>.stride)
            + e.args.count * (MemoryLayout<UInt16>.stride + MemoryLayout<Int32>.stride)
        return spanBytes + eventBytes
    }
}
