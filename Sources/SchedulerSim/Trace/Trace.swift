/// The record of one simulated run: what the viewer steps through and every export is drawn from.
/// Times are whole microseconds of virtual time (`Micros`); the simulator's clock has no finer grain.
public typealias Micros = Int64

extension Micros {
    /// Seconds on the microsecond grid, clamped to 0 … Micros.max / 4 as the scheduler's
    /// durations are (`until 1e300` or `--at 1e300` trapped converting to an integer).
    public static func clamped(seconds: Double) -> Micros {
        if seconds.isNaN || seconds <= 0 { return 0 }
        let us = (seconds * 1_000_000).rounded()
        return us >= Double(Micros.max / 4) ? Micros.max / 4 : Micros(us)
    }
}

/// The state of a task at an instant (SPEC §3).
public enum TaskState: UInt8, Sendable, CaseIterable {
    case running, ready, sleeping, blocked, offloaded

    public var name: String {
        switch self {
        case .running: "running"
        case .ready: "ready"
        case .sleeping: "sleeping"
        case .blocked: "blocked"
        case .offloaded: "offloaded"
        }
    }
}

public enum Outcome: String, Sendable {
    case result, exception, cancelled, pending
}

/// How the run ended (SPEC §2.4).
public enum StopReason: String, Sendable {
    case finished
    case deadlock
    case neverYields = "never-yields"
    case horizon
    case mainRaised = "main-raised"
}

public struct TraceTask: Sendable, Hashable {
    /// 1-based, in creation order.
    public var id: Int
    public var name: String
    public var parent: Int?
    /// The def it runs (`main` for the root, the block name for a `task` block).
    public var function: String
    public var created: Micros
    public var finished: Micros?
    public var outcome: Outcome
    /// `repr` of the result when the outcome is `.result`.
    public var result: String?
    /// `Type: message` when the outcome is `.exception`.
    public var error: String?
    /// The main that runs `task` blocks; it is in the data but not drawn.
    public var hidden: Bool
    /// Depth in the spawn tree (root 0), for indenting rows.
    public var depth: Int

    public init(id: Int, name: String, parent: Int?, function: String, created: Micros, finished: Micros? = nil,
                outcome: Outcome = .pending, result: String? = nil, error: String? = nil, hidden: Bool = false, depth: Int = 0) {
        self.id = id; self.name = name; self.parent = parent; self.function = function; self.created = created
        self.finished = finished; self.outcome = outcome; self.result = result; self.error = error
        self.hidden = hidden; self.depth = depth
    }
}

/// A maximal stretch of one state of one task. `startSeq`/`endSeq` are event sequence numbers, so a
/// zero-length span (a task that was ready for a moment) still has a place when stepping by event.
public struct Span: Sendable, Hashable {
    public var task: Int
    public var state: TaskState
    public var start: Micros
    public var end: Micros
    public var startSeq: Int
    public var endSeq: Int
    /// What it waits on, for people: `sleep 1`, `lock db`, `task fetch#2`, `gather`, `queue jobs`.
    public var on: String
    public var line: Int

    public init(task: Int, state: TaskState, start: Micros, end: Micros, startSeq: Int, endSeq: Int, on: String, line: Int) {
        self.task = task; self.state = state; self.start = start; self.end = end
        self.startSeq = startSeq; self.endSeq = endSeq; self.on = on; self.line = line
    }
}

public enum EventKind: String, Sendable, CaseIterable {
    case spawn, run, suspend, wake, print, acquire, release, put, get
    case taskDone = "task_done", join, set, clear, cancel, timeout, raise, offload, finish, warning
}

public struct TraceEvent: Sendable, Hashable {
    /// How the sentence is made. The frequent events (a task runs, resumes, waits) keep only
    /// shared strings and build their sentence when someone reads it, so a million-event run
    /// does not format a million sentences nobody looks at.
    public enum Text: Sendable, Hashable {
        case literal(String)
        case starts(String)
        case resumes(String)
        case waits(String, on: String)
        case wakes(String, on: String)
        case spawns(String, child: String)
    }

    /// 1-based, strictly increasing.
    public var seq: Int
    public var time: Micros
    /// The task it concerns (0 for the loop itself).
    public var task: Int
    public var kind: EventKind
    /// The resource or task involved, by name (`lock db`, `task fetch#2`), if any.
    public var object: String?
    public var textSource: Text
    public var line: Int

    /// A sentence for people: what happened and why.
    public var text: String {
        get {
            switch textSource {
            case .literal(let s): return s
            case .starts(let n): return n + " starts"
            case .resumes(let n): return n + " resumes"
            case .waits(let n, let on): return n + " waits on " + on
            case .wakes(let n, let on): return n + " wakes: " + on + " is over"
            case .spawns(let n, let child): return n + " spawned " + child
            }
        }
        set { textSource = .literal(newValue) }
    }

    public init(seq: Int, time: Micros, task: Int, kind: EventKind, object: String?, text: String, line: Int) {
        self.init(seq: seq, time: time, task: task, kind: kind, object: object, source: .literal(text), line: line)
    }

    public init(seq: Int, time: Micros, task: Int, kind: EventKind, object: String?, source: Text, line: Int) {
        self.seq = seq; self.time = time; self.task = task; self.kind = kind
        self.object = object; self.textSource = source; self.line = line
    }
}

public struct TraceWarning: Sendable, Hashable {
    public var time: Micros
    public var seq: Int
    public var task: Int
    public var line: Int
    public var text: String
    public init(time: Micros, seq: Int, task: Int, line: Int, text: String) {
        self.time = time; self.seq = seq; self.task = task; self.line = line; self.text = text
    }
}

/// A worker of the `to_thread` pool: busy intervals `(start, end, task id)`.
public struct WorkerRow: Sendable, Hashable {
    public var id: Int
    public var busy: [(start: Micros, end: Micros, task: Int)]
    public init(id: Int, busy: [(start: Micros, end: Micros, task: Int)] = []) { self.id = id; self.busy = busy }
    public static func == (a: WorkerRow, b: WorkerRow) -> Bool {
        a.id == b.id && a.busy.count == b.busy.count
            && zip(a.busy, b.busy).allSatisfy { $0.start == $1.start && $0.end == $1.end && $0.task == $1.task }
    }
    public func hash(into h: inout Hasher) { h.combine(id); h.combine(busy.count) }
}

/// The state of one lock / semaphore / event / queue after an event, for the resources pane.
public struct ResourceSnapshot: Sendable, Hashable {
    public var seq: Int
    /// Index into `Trace.resources`.
    public var resource: Int
    /// Task ids holding it (lock, semaphore).
    public var holders: [Int]
    /// Task ids waiting on it, in FIFO order.
    public var waiters: [Int]
    /// Queue items as `repr`s.
    public var items: [String]
    /// Semaphore value, queue unfinished count, event flag (0/1); lock: 1 when locked.
    public var value: Int
    /// How many holders / waiters / items there are in all. The lists are kept only while they
    /// have at most `ResourceSnapshot.shown` entries (a snapshot per event listing every waiter
    /// of a 10,000-task queue would grow as the square of the run); longer ones are counts only.
    public var holderCount: Int
    public var waiterCount: Int
    public var itemCount: Int
    public static let shown = 8
    public init(seq: Int, resource: Int, holders: [Int], waiters: [Int], items: [String], value: Int,
                holderCount: Int? = nil, waiterCount: Int? = nil, itemCount: Int? = nil) {
        self.seq = seq; self.resource = resource; self.holders = holders; self.waiters = waiters
        self.items = items; self.value = value
        self.holderCount = holderCount ?? holders.count
        self.waiterCount = waiterCount ?? waiters.count
        self.itemCount = itemCount ?? items.count
    }
}

public struct TraceResource: Sendable, Hashable {
    public var kind: ResourceKind
    public var name: String
    /// Semaphore initial value or queue maxsize (0 = unbounded).
    public var capacity: Int
    public init(kind: ResourceKind, name: String, capacity: Int) { self.kind = kind; self.name = name; self.capacity = capacity }
}

public struct Trace: Sendable {
    public var title: String
    public var notes: [String]
    public var end: Micros
    public var truncated: Bool
    public var stop: StopReason
    /// Why the run stopped, for people (deadlock cycle, the task that never yields, main's exception).
    public var stopDetail: String?
    /// Packed: see `TaskList`.
    public var tasks: TaskList
    public var workers: [WorkerRow]
    /// Sorted by (task, start seq). Packed: see `SpanList`.
    public var spans: SpanList
    /// Sorted by seq. Packed: see `EventList`.
    public var events: EventList
    public var warnings: [TraceWarning]
    public var resources: [TraceResource]
    /// Sorted by seq. Packed: see `SnapshotList`.
    public var resourceSnapshots: SnapshotList
    /// Printed lines with their time, in order.
    public var output: [(time: Micros, task: Int, text: String)]

    public init(title: String = "", notes: [String] = [], end: Micros = 0, truncated: Bool = false,
                stop: StopReason = .finished, stopDetail: String? = nil, tasks: [TraceTask] = [],
                workers: [WorkerRow] = [], spans: [Span] = [], events: [TraceEvent] = [],
                warnings: [TraceWarning] = [], resources: [TraceResource] = [],
                resourceSnapshots: [ResourceSnapshot] = [], output: [(time: Micros, task: Int, text: String)] = []) {
        self.title = title; self.notes = notes; self.end = end; self.truncated = truncated; self.stop = stop
        self.stopDetail = stopDetail; self.tasks = TaskList(tasks); self.workers = workers; self.spans = SpanList(spans)
        self.events = EventList(events); self.warnings = warnings; self.resources = resources
        self.resourceSnapshots = SnapshotList(resourceSnapshots); self.output = output
        self.events.tasks = self.tasks
    }

    init(title: String, notes: [String], end: Micros, truncated: Bool, stop: StopReason, stopDetail: String?,
         tasks: TaskList, workers: [WorkerRow], spanList: SpanList, eventList: EventList, warnings: [TraceWarning],
         resources: [TraceResource], resourceSnapshots: SnapshotList, output: [(time: Micros, task: Int, text: String)]) {
        self.title = title; self.notes = notes; self.end = end; self.truncated = truncated; self.stop = stop
        self.stopDetail = stopDetail; self.tasks = tasks; self.workers = workers; self.spans = spanList
        self.events = eventList; self.warnings = warnings; self.resources = resources
        self.resourceSnapshots = resourceSnapshots; self.output = output
    }
}
