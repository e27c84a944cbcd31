/// The query side of a `Trace`, built once: rows in tree order, spans per task, the state of any task
/// at any event index in O(log n), event index ↔ time, resources at an event index.
///
/// An *event index* is a 0-based position in `trace.events`; "the state at index i" is the state
/// after event i has happened.
public struct Timeline: Sendable {
    public struct Row: Sendable, Hashable {
        public enum Kind: Sendable, Hashable {
            /// Index into `trace.tasks`.
            case task(Int)
            /// Index into `trace.workers`.
            case worker(Int)
        }
        public var kind: Kind
        /// Display name (not escaped).
        public var name: String
        /// Indent level (tree depth, with a hidden main's children at 0).
        public var depth: Int
        /// The task id for task rows.
        public var taskID: Int?
    }

    public struct ResourceState: Sendable, Hashable {
        public var resource: TraceResource
        public var index: Int
        /// nil when nothing has happened to it yet.
        public var snapshot: ResourceSnapshot?
    }

    public let trace: Trace
    public let rows: [Row]
    /// Task index by id.
    private let taskIndexByID: [Int: Int]
    /// Per resource: indices into `trace.resourceSnapshots`, in seq order.
    private let snapshotsByResource: [[Int32]]
    /// Event times, for binary search.
    private let times: [Micros]
    /// The label width of each row (`name.count + 2 * depth`), in `rows` order.
    private let rowWidths: [Int]
    /// The widest row label: `name.count + 2 * depth` over `rows` (0 when there are none), so the
    /// viewer sizes its name column without walking every row each frame.
    public let maxRowWidth: Int
    /// Per worker: whether its busy intervals have nondecreasing starts and ends (then
    /// `workerTask` binary-searches them).
    private let workerSorted: [Bool]

    public init(_ trace: Trace) {
        self.trace = trace
        // Recorded traces number tasks 1, 2, 3, …: then a task's index is its id - 1 and no
        // dictionary is needed.
        let sequential = trace.tasks.indices.allSatisfy { trace.tasks[$0].id == $0 + 1 }
        var idx: [Int: Int] = [:]
        if !sequential { for (i, t) in trace.tasks.enumerated() { idx[t.id] = i } }
        taskIndexByID = idx
        let tasks = trace.tasks
        func index(of id: Int) -> Int? {
            sequential ? (id >= 1 && id <= tasks.count ? id - 1 : nil) : idx[id]
        }
        var snaps = Array(repeating: [Int32](), count: trace.resources.count)
        let all = trace.resourceSnapshots
        for i in all.indices {
            let r = all.resource(at: i)
            if r >= 0 && r < snaps.count { snaps[r].append(Int32(truncatingIfNeeded: i)) }
        }
        for r in snaps.indices {
            snaps[r].sort { (all.seq(at: Int($0)), $0) < (all.seq(at: Int($1)), $1) }
        }
        snapshotsByResource = snaps
        times = trace.events.times

        // Rows: depth-first over the spawn tree, children in creation order; hidden tasks omitted
        // (their children move up a level). Children are listed by the parent's index; a task whose
        // parent is not in the trace is a root.
        var roots: [Int] = []
        var children = Array(repeating: [Int](), count: tasks.count)
        for (i, t) in tasks.enumerated() {
            if let p = t.parent, let pi = index(of: p) { children[pi].append(i) } else { roots.append(i) }
        }
        var rows: [Row] = []
        rows.reserveCapacity(tasks.count + trace.workers.count)
        func visit(_ i: Int, _ depth: Int) {
            // Tasks with the same id share their children (as the id-keyed map did); each
            // task's subtree is drawn under every such task.
            let t = tasks[i]
            var next = depth
            if !t.hidden {
                rows.append(Row(kind: .task(i), name: t.name, depth: depth, taskID: t.id))
                next = depth + 1
            }
            guard let me = index(of: t.id) else { return }
            for c in children[me] { visit(c, next) }
        }
        for r in roots { visit(r, 0) }
        for (i, w) in trace.workers.enumerated() {
            rows.append(Row(kind: .worker(i), name: "worker \(w.id)", depth: 0, taskID: nil))
        }
        self.rows = rows
        rowWidths = rows.map { $0.name.count + 2 * $0.depth }
        maxRowWidth = rowWidths.max() ?? 0
        workerSorted = trace.workers.map { w in
            zip(w.busy, w.busy.dropFirst()).allSatisfy { $0.start <= $1.start && $0.end <= $1.end }
        }
    }

    // MARK: events and time

    public var eventCount: Int { times.count }
    /// The end of the run (at least one microsecond, so scales never divide by zero).
    public var end: Micros { max(trace.end, times.last ?? 0, 1) }
    public var lastIndex: Int { max(0, times.count - 1) }

    /// The label width of row `i` of `rows`: `name.count + 2 * depth`.
    public func rowWidth(_ i: Int) -> Int { rowWidths[i] }

    /// The sequence number of the event at index `i` (clamped); 0 when there are no events.
    private func seq(at i: Int) -> Int { times.isEmpty ? 0 : trace.events.seq(at: clampIndex(i)) }

    public func clampIndex(_ i: Int) -> Int { min(max(i, 0), lastIndex) }

    /// Virtual time at event index `i` (0 when there are no events).
    public func time(at i: Int) -> Micros { times.isEmpty ? 0 : times[clampIndex(i)] }

    public func event(at i: Int) -> TraceEvent? { trace.events.indices.contains(i) ? trace.events[i] : nil }

    /// The last event index whose time is ≤ `t` (0 if none). O(log n).
    public func index(atTime t: Micros) -> Int {
        let n = upperBound(times, t)
        return max(0, n - 1)
    }

    /// The event index of the event with sequence number `seq`, if there is one. O(log n).
    public func index(ofSeq seq: Int) -> Int? {
        let events = trace.events
        var lo = 0, hi = times.count
        while lo < hi { let m = (lo + hi) / 2; if events.seq(at: m) < seq { lo = m + 1 } else { hi = m } }
        return lo < times.count && events.seq(at: lo) == seq ? lo : nil
    }

    /// The last event of the next instant after the one at `i`.
    public func nextInstant(after i: Int) -> Int {
        guard !times.isEmpty else { return 0 }
        let t = time(at: i)
        let first = upperBound(times, t)
        if first >= times.count { return lastIndex }
        return upperBound(times, times[first]) - 1
    }

    /// The last event of the instant before the one at `i` (0 when at the first instant).
    public func previousInstant(before i: Int) -> Int {
        guard !times.isEmpty else { return 0 }
        let t = time(at: i)
        let first = lowerBound(times, t)
        return max(0, first - 1)
    }

    // MARK: tasks

    public func task(id: Int) -> TraceTask? {
        if taskIndexByID.isEmpty { return id >= 1 && id <= trace.tasks.count ? trace.tasks[id - 1] : nil }
        return taskIndexByID[id].map { trace.tasks[$0] }
    }
    public func taskName(_ id: Int) -> String { id == 0 ? "loop" : (task(id: id)?.name ?? "task \(id)") }
    public func spans(ofTask id: Int) -> SpanList.TaskSpans { trace.spans.spans(ofTask: id) }

    /// The span a task is in after event index `i`, or nil (not yet created, or finished). O(log n).
    public func span(ofTask id: Int, at i: Int) -> Span? {
        let spans = trace.spans.spans(ofTask: id)
        guard !spans.isEmpty, !times.isEmpty else { return nil }
        let seq = seq(at: i)
        // last span with startSeq <= seq
        var lo = 0, hi = spans.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if spans.startSeq(mid) <= seq { lo = mid + 1 } else { hi = mid }
        }
        guard lo > 0 else { return nil }
        let s = spans[lo - 1]
        return seq < s.endSeq ? s : nil
    }

    public func state(ofTask id: Int, at i: Int) -> TaskState? { span(ofTask: id, at: i)?.state }

    /// Whether the task exists after event index `i` and has finished by then.
    public func isFinished(task id: Int, at i: Int) -> Bool {
        guard let t = task(id: id), let f = t.finished else { return false }
        guard let last = trace.spans.spans(ofTask: id).last else { return time(at: i) >= f }
        return times.isEmpty ? false : seq(at: i) >= last.endSeq
    }

    /// The state that covers most of the time window `[from, to)` for a task, or a zero-length
    /// span's state inside it when nothing covers it. nil when the task does not exist then.
    public func dominantState(ofTask id: Int, from: Micros, to: Micros) -> TaskState? {
        let spans = trace.spans.spans(ofTask: id)
        if spans.isEmpty { return nil }
        var best: (TaskState, Micros)? = nil
        var marker: TaskState? = nil
        // A task's spans follow each other in time: skip those that end before the window.
        var lo = 0, hi = spans.count
        while lo < hi {
            let m = (lo + hi) / 2
            if spans[m].end < from { lo = m + 1 } else { hi = m }
        }
        for s in spans[lo...] {
            if s.start >= to { if s.start == s.end && s.start == from { marker = marker ?? s.state }; if s.start > to { break }; continue }
            if s.end <= from && !(s.start == s.end && s.start == from) { continue }
            let overlap = min(s.end, to) - max(s.start, from)
            if overlap > 0 {
                if best == nil || overlap > best!.1 { best = (s.state, overlap) }
            } else if s.start >= from && s.start < to {
                marker = marker ?? s.state
            }
        }
        return best?.0 ?? marker
    }

    /// `dominantState(ofTask:from:to:)` for many windows at once, in one pass over the task's
    /// spans: `windows` must be ordered by `from` (as the columns of a row are). Each span is read
    /// once however many windows it covers, and only spans up to the last window are read.
    public func dominantStates(ofTask id: Int, windows: [(from: Micros, to: Micros)]) -> [TaskState?] {
        let spans = trace.spans.spans(ofTask: id)
        guard !spans.isEmpty, let first = windows.first else { return Array(repeating: nil, count: windows.count) }
        var lo = 0, hi = spans.count
        while lo < hi {
            let m = (lo + hi) / 2
            if spans[m].end < first.from { lo = m + 1 } else { hi = m }
        }
        // Spans read so far, from index `base` on.
        var base = lo
        var buf: [Span] = []
        func span(_ k: Int) -> Span {
            while base + buf.count <= k { buf.append(spans[base + buf.count]) }
            return buf[k - base]
        }
        var out: [TaskState?] = []
        out.reserveCapacity(windows.count)
        var j = lo
        for (from, to) in windows {
            // Spans ending before this window end before every later one too.
            while j < spans.count && span(j).end < from { j += 1 }
            if j - base > 64 { buf.removeFirst(j - base); base = j }
            var best: (TaskState, Micros)? = nil
            var marker: TaskState? = nil
            var k = j
            while k < spans.count {
                let s = span(k)
                k += 1
                if s.start >= to { if s.start == s.end && s.start == from { marker = marker ?? s.state }; if s.start > to { break }; continue }
                if s.end <= from && !(s.start == s.end && s.start == from) { continue }
                let overlap = min(s.end, to) - max(s.start, from)
                if overlap > 0 {
                    if best == nil || overlap > best!.1 { best = (s.state, overlap) }
                } else if s.start >= from && s.start < to {
                    marker = marker ?? s.state
                }
            }
            out.append(best?.0 ?? marker)
        }
        return out
    }

    // MARK: workers

    /// The task a worker runs at time `t`, if busy.
    public func workerTask(_ w: Int, from: Micros, to: Micros) -> Int? {
        guard trace.workers.indices.contains(w) else { return nil }
        let busy = trace.workers[w].busy
        if workerSorted[w] {
            // Ends are ordered: the first interval ending after `from` is the only candidate.
            var lo = 0, hi = busy.count
            while lo < hi { let m = (lo + hi) / 2; if busy[m].end <= from { lo = m + 1 } else { hi = m } }
            return lo < busy.count && busy[lo].start < to ? busy[lo].task : nil
        }
        for b in trace.workers[w].busy where b.start < to && b.end > from { return b.task }
        return nil
    }

    // MARK: resources

    /// Every resource's latest snapshot at or before event index `i`. O(r log n).
    public func resources(at i: Int) -> [ResourceState] {
        let seq = seq(at: i)
        return trace.resources.enumerated().map { (ri, r) in
            let snaps = snapshotsByResource[ri]
            var lo = 0, hi = snaps.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if trace.resourceSnapshots.seq(at: Int(snaps[mid])) <= seq { lo = mid + 1 } else { hi = mid }
            }
            return ResourceState(resource: r, index: ri, snapshot: lo > 0 ? trace.resourceSnapshots[Int(snaps[lo - 1])] : nil)
        }
    }

    /// The resource a span's `on` text names (`lock db` → the lock `db`), if any.
    public func resourceIndex(named on: String) -> Int? {
        let words = on.split(separator: " ")
        let name = words.count >= 2 ? String(words[1]) : on
        if let i = trace.resources.firstIndex(where: { $0.name == name && (words.count < 2 || words[0] == $0.kind.rawValue) }) {
            return i
        }
        return trace.resources.firstIndex(where: { $0.name == name || $0.name == on })
    }

    // MARK: helpers

    private func upperBound(_ a: [Micros], _ v: Micros) -> Int {
        var lo = 0, hi = a.count
        while lo < hi { let m = (lo + hi) / 2; if a[m] <= v { lo = m + 1 } else { hi = m } }
        return lo
    }

    private func lowerBound(_ a: [Micros], _ v: Micros) -> Int {
        var lo = 0, hi = a.count
        while lo < hi { let m = (lo + hi) / 2; if a[m] < v { lo = m + 1 } else { hi = m } }
        return lo
    }
}
