import DequeModule

/// The objects of the simulated event loop. They mirror CPython's asyncio one for one (a future
/// with done-callbacks, a task that steps a coroutine, handles in a ready queue, timer handles in a
/// heap) so that the number of loop iterations between a cause and its effect is CPython's.

/// What a future's done-callback does when its handle runs (CPython stores a bound method; an
/// enum keeps it allocation-free and deterministic).
enum Callback: Equatable {
    /// `Task.__wakeup`
    case wakeTask(Int)
    /// `gather`'s `_done_callback`
    case gatherDone(Int)
    /// `asyncio.wait`'s `_on_completion`
    case waitDone(Int)
    /// `as_completed`'s `_handle_completion`
    case asCompletedDone(Int)
    /// `TaskGroup._on_task_done`
    case taskGroupDone(Int)
    /// `run_until_complete`'s `_run_until_complete_cb`
    case stopLoop
    /// `_cancel_and_wait`'s `_release_waiter(waiter)`
    case releaseWaiter(Int)
}

/// An entry of the ready queue.
enum Handle {
    /// `callback(fut)`
    case callback(Callback, Int)
    /// `Task.__step` scheduled with `call_soon` (a new task, a bare yield).
    case step(Int)
    case timer(Int)
    /// `call_soon_threadsafe(_set_state, …)` from a finished `to_thread` job.
    case threadDone(Int)
}

/// A `Handle` as the ready queue stores it, in 16 bytes (24 as the enum): the kind, or a
/// callback packed as in `PackedCallback`, and the index it acts on.
struct PackedHandle {
    private let kind: UInt64
    private let index: Int

    private static let step: UInt64 = 8 << 56, timer: UInt64 = 9 << 56, threadDone: UInt64 = 10 << 56

    init(_ h: Handle) {
        switch h {
        case .callback(let cb, let fut): kind = PackedCallback(cb).bits; index = fut
        case .step(let t): kind = Self.step; index = t
        case .timer(let id): kind = Self.timer; index = id
        case .threadDone(let j): kind = Self.threadDone; index = j
        }
    }

    var handle: Handle {
        switch kind {
        case Self.step: return .step(index)
        case Self.timer: return .timer(index)
        case Self.threadDone: return .threadDone(index)
        default: return .callback(PackedCallback(bits: kind).callback ?? .stopLoop, index)
        }
    }
}

enum TimerKind {
    /// `futures._set_result_unless_cancelled(fut, None)` of `asyncio.sleep`
    case sleepWake(fut: Int, task: Int)
    /// `Timeout._on_timeout`
    case timeout(Int)
    /// `_release_waiter(waiter)` of `asyncio.wait`'s timeout
    case waitTimeout(Int)
    /// `_AsCompletedIterator._handle_timeout`
    case asCompletedTimeout(Int)
}

/// 32 bytes: the flag and the generation sit in the kind's spare tail bytes.
struct TimerRec {
    var kind: TimerKind
    var cancelled = false
    /// Timer slots are reused; a reference held elsewhere carries the generation it was made
    /// for, so cancelling a stale reference cannot hit a newer timer (it wraps after 2^31 reuses
    /// of one slot).
    var generation: Int32 = 0
    var deadline: Micros

    init(deadline: Micros, kind: TimerKind, generation: Int32 = 0) {
        self.kind = kind
        self.generation = generation
        self.deadline = deadline
    }
}

enum FutureState: UInt8 { case pending, result, exception, cancelled }

enum FutureOwner {
    case plain
    case task(Int)
    case gather(Int)
}

/// A future's record, in 32 bytes: the small fields sit in the value's spare tail bytes, the
/// owner and first callback are packed words, and the rare further callbacks live in the
/// simulator's `moreCallbacks` (72 bytes before: 200,000 futures at 100k tasks). Records live
/// in a `RecordArray`, whose addressors let the computed flags below work in place.
struct FutureRec {
    var value: Value = .none
    var state: FutureState = .pending
    private var flags: UInt8 = 0
    var ownerKind: FutureOwner.Kind
    var ownerID: Int32
    /// The first done-callback, kept inline: most futures have exactly one (a task's wake-up),
    /// and an array per future would be an allocation per await.
    var first: PackedCallback = .none

    /// `fut.exception()` or `fut.result()` was called (for "exception was never retrieved").
    var retrieved: Bool {
        get { flags & 1 != 0 }
        set { flags = newValue ? flags | 1 : flags & ~1 }
    }
    /// Callbacks after the first wait in `Simulator.moreCallbacks`.
    var hasMore: Bool {
        get { flags & 2 != 0 }
        set { flags = newValue ? flags | 2 : flags & ~2 }
    }

    init(owner: FutureOwner) {
        switch owner {
        case .plain: ownerKind = .plain; ownerID = 0
        case .task(let t): ownerKind = .task; ownerID = Int32(truncatingIfNeeded: t)
        case .gather(let g): ownerKind = .gather; ownerID = Int32(truncatingIfNeeded: g)
        }
    }
}

extension FutureOwner {
    enum Kind: UInt8 { case plain, task, gather }
}

/// A `Callback?` in one word: the case in the top byte, the index below (0 is none).
struct PackedCallback: Equatable {
    fileprivate var bits: UInt64
    static let none = PackedCallback(bits: 0)
    fileprivate init(bits: UInt64) { self.bits = bits }

    init(_ cb: Callback?) {
        guard let cb else { self.bits = 0; return }
        let (tag, n): (UInt64, Int)
        switch cb {
        case .wakeTask(let x): (tag, n) = (1, x)
        case .gatherDone(let x): (tag, n) = (2, x)
        case .waitDone(let x): (tag, n) = (3, x)
        case .asCompletedDone(let x): (tag, n) = (4, x)
        case .taskGroupDone(let x): (tag, n) = (5, x)
        case .stopLoop: (tag, n) = (6, 0)
        case .releaseWaiter(let x): (tag, n) = (7, x)
        }
        bits = tag << 56 | UInt64(truncatingIfNeeded: n) & 0x00FF_FFFF_FFFF_FFFF
    }

    var isNone: Bool { bits == 0 }

    var callback: Callback? {
        let n = Int(truncatingIfNeeded: bits & 0x00FF_FFFF_FFFF_FFFF)
        switch bits >> 56 {
        case 1: return .wakeTask(n)
        case 2: return .gatherDone(n)
        case 3: return .waitDone(n)
        case 4: return .asCompletedDone(n)
        case 5: return .taskGroupDone(n)
        case 6: return .stopLoop
        case 7: return .releaseWaiter(n)
        default: return nil
        }
    }
}

/// An exception travelling through Swift code; the payload is the Python exception.
struct PyRaise: Error {
    let exc: ExcBox
    init(_ exc: ExcBox) { self.exc = exc }
    init(_ type: String, _ message: String) { self.exc = .make(type, message) }
}

enum Block {
    case except(handler: Int)
    case finally(handler: Int)
    /// Inside an `except` handler body: leaving it pops the handled exception.
    case handling
    /// Inside a finally section: leaving it abruptly drops its pending action.
    case finallyActive
}

/// What a finally section does when it ends.
enum Pending {
    case none
    case exception(ExcBox)
    case jump(target: Int, depth: Int)
    case ret(Value)
}

/// What the task does with the outcome of the future it awaited when it resumes; this is where
/// the `try/finally` blocks of CPython's library coroutines (Lock.acquire, Queue.get, …) live.
enum Resume {
    case none
    case assign(CTarget?)
    case awaitTask(Int, CTarget?)
    case lockAcquire(res: Int, fut: Int, withSlot: Int?)
    case semAcquire(res: Int, fut: Int, withSlot: Int?)
    case eventWait(res: Int, fut: Int)
    case queueGet(res: Int, fut: Int, CTarget?, asCompleted: Bool)
    case sleep(timer: Int)
    case queuePut(res: Int, fut: Int, item: Value)
    case wait(Int, CTarget?)
    case taskGroupExit(Int)
    case gather(Int, CTarget?)
    case toThread(Int, CTarget?)
    case cancelAndWait(waiter: Int, inner: Int, CTarget?)
}

final class Frame {
    let code: Code
    var pc = 0
    /// The frame's slots: a plain buffer this frame owns (as an array, every store of a local
    /// paid a uniqueness check; the buffer is freed with the frame).
    let locals: LocalSlots
    var blocks: [Block] = []
    var pending: [Pending] = []
    var handling: [ExcBox] = []
    var currentExc: ExcBox?
    var resume: Resume = .none
    init(code: Code, args: [Value]) {
        self.code = code
        self.locals = LocalSlots(count: max(code.slotCount, args.count), args: args)
    }

    deinit { locals.free() }

}

/// A frame's local slots, owned by the frame (see `Frame.locals`).
struct LocalSlots {
    private let base: UnsafeMutablePointer<Value>
    let count: Int

    init(count: Int, args: [Value]) {
        self.count = count
        base = .allocate(capacity: max(count, 1))
        base.initialize(repeating: .unbound, count: count)
        for (i, a) in args.enumerated() { base[i] = a }
    }

    subscript(i: Int) -> Value {
        unsafeAddress {
            precondition(i >= 0 && i < count, "local slot out of range")
            return UnsafePointer(base + i)
        }
        nonmutating unsafeMutableAddress {
            precondition(i >= 0 && i < count, "local slot out of range")
            return base + i
        }
    }

    /// Called once, by the owning frame's deinit.
    func free() {
        base.deinitialize(count: count)
        base.deallocate()
    }
}

/// A task's call stack. Nearly every task runs one frame for its whole life, so the top frame
/// is held inline and only calls below it take an array (an array per task was 40 bytes and an
/// allocation for each of 100,000 tasks).
struct FrameStack {
    private(set) var last: Frame?
    private var below: [Frame] = []

    init() {}
    init(_ frame: Frame) { last = frame }

    var isEmpty: Bool { last == nil }
    var count: Int { last == nil ? 0 : below.count + 1 }

    mutating func append(_ f: Frame) {
        if let top = last { below.append(top) }
        last = f
    }

    mutating func removeLast() {
        last = below.popLast()
    }

    mutating func removeAll() {
        last = nil
        if !below.isEmpty { below = [] }
    }
}

/// A task. The fields are ordered and sized so that the object is 120 bytes (a 128-byte heap
/// block; it was 192): 100,000 live tasks are common in benchmarks and service sketches.
final class SimTask {
    let id: Int
    let fut: Int
    var frames = FrameStack()
    var name: String
    /// The first step raises this instead of running the body (a task made from a coroutine
    /// that was already awaited: CPython's `coro.send` raises "cannot reuse ...").
    var failOnStart: ExcBox?
    /// What the next `.step` handle throws in (`call_soon(self.__step, exc)`).
    var stepExc: ExcBox?
    private let function32: Int32
    private var line32: Int32
    private var sleepFuture32: Int32 = -1
    private var numCancelsRequested32: Int32 = 0
    private var stepsSinceYield32: Int32 = 0
    private let parent32: Int32
    private var futWaiter32: Int32 = -1
    private let depth32: Int32
    /// What the task is suspended on (`sleep 1`, `lock db`) as an index in the trace's label
    /// table: the text is looked up only when someone reads it.
    var waitingLabel: Int32 = 0
    var mustCancel = false
    var started = false
    var finished = false
    var hidden = false

    init(id: Int, fut: Int, function: Int, name: String, parent: Int?, line: Int, depth: Int) {
        self.id = id
        self.fut = fut
        self.function32 = Int32(truncatingIfNeeded: function)
        self.name = name
        self.parent32 = Int32(truncatingIfNeeded: parent ?? -1)
        self.line32 = Int32(truncatingIfNeeded: line)
        self.depth32 = Int32(truncatingIfNeeded: depth)
    }

    var function: Int { Int(function32) }
    /// The line the task is at (lines stay below 2^31: files are at most 16 MB).
    var line: Int {
        get { Int(line32) }
        set { line32 = Int32(truncatingIfNeeded: newValue) }
    }
    /// The future of this task's `sleep`, reused: once the task resumed from a sleep nothing
    /// refers to that future any more.
    var sleepFuture: Int {
        get { Int(sleepFuture32) }
        set { sleepFuture32 = Int32(truncatingIfNeeded: newValue) }
    }
    var numCancelsRequested: Int {
        get { Int(numCancelsRequested32) }
        set { numCancelsRequested32 = Int32(clamping: newValue) }
    }
    var parent: Int? { parent32 < 0 ? nil : Int(parent32) }
    var depth: Int { Int(depth32) }
    /// The future the task's `__step` waits on.
    var futWaiter: Int? {
        get { futWaiter32 < 0 ? nil : Int(futWaiter32) }
        set { futWaiter32 = Int32(truncatingIfNeeded: newValue ?? -1) }
    }
    /// Steps since the task last suspended (the never-yields budget is at most 2^31).
    var stepsSinceYield: Int {
        get { Int(stepsSinceYield32) }
        set { stepsSinceYield32 = Int32(clamping: newValue) }
    }

    /// `task.cancelling()`
    var cancelling: Int { numCancelsRequested }
    /// `task.uncancel()`
    func uncancel() -> Int {
        if numCancelsRequested > 0 { numCancelsRequested -= 1 }
        if numCancelsRequested == 0 { mustCancel = false }
        return numCancelsRequested
    }
}

/// A lock, semaphore, event or queue — the user's, or one asyncio makes internally (a queue's
/// `_finished` event, `as_completed`'s result queue).
final class Res {
    let kind: ResourceKind
    let name: String
    let hidden: Bool
    // Lock / Semaphore
    var locked = false
    var value = 0
    var holders: [Int] = []
    var waiters = Deque<Int>()       // futures (lock, semaphore, event)
    /// fut -> task id, for people (looked up, never iterated).
    var waiterTasks = IntMap()
    // Event
    var flag = false
    // Queue
    var maxsize = 0
    var items = Deque<Value>()
    var getters = Deque<Int>()
    var putters = Deque<Int>()
    var unfinished = 0
    var finishedEvent = -1
    /// `"<kind> <name>"` in the trace's label table, once made.
    var label: Int32 = -1

    init(kind: ResourceKind, name: String, hidden: Bool) {
        self.kind = kind
        self.name = name
        self.hidden = hidden
    }

    var full: Bool { maxsize > 0 && items.count >= maxsize }
}

/// What "coroutine ... was never awaited" needs of a coroutine object.
struct CoroutineNote {
    let function: Int32
    let line: Int32
    var used = false
}

final class GatherRec {
    var children: [Int] = []
    var count = 0
    var finished = 0
    let returnExceptions: Bool
    var outer = -1
    var cancelRequested = false
    init(returnExceptions: Bool) { self.returnExceptions = returnExceptions }
}

final class WaitRec {
    let futs: [Int]
    let mode: WaitMode
    var counter: Int
    let waiter: Int
    var timer: Int?
    init(futs: [Int], mode: WaitMode, waiter: Int) {
        self.futs = futs
        self.mode = mode
        self.counter = futs.count
        self.waiter = waiter
    }
}

final class AsCompletedRec {
    var todo: [Int]
    var left: Int
    let queue: Int
    var timer: Int?
    init(todo: [Int], queue: Int) {
        self.todo = todo
        self.left = todo.count
        self.queue = queue
    }
}

final class TimeoutRec {
    enum State { case created, entered, expiring, expired, exited }
    var state = State.created
    let task: Int
    var cancelling = 0
    var timer: Int?
    let when: Micros
    init(task: Int, when: Micros) {
        self.task = task
        self.when = when
    }
}

final class TaskGroupRec {
    let parent: Int
    var tasks: [Int] = []  // task ids, creation order
    var errors: [ExcBox] = []
    var exiting = false
    var aborting = false
    var parentCancelRequested = false
    var onCompleted: Int?
    var propagateCancel: ExcBox?
    var bodyExc: ExcBox?
    init(parent: Int) { self.parent = parent }
}

final class Job {
    let task: Int
    let fut: Int
    let duration: Micros
    var worker = -1
    var start: Micros = 0
    var end: Micros = 0
    var cancelledBeforeStart = false
    /// What the job raises in its worker (`time.sleep(-1)`: ValueError), delivered at its end.
    var error: ExcBox?
    init(task: Int, fut: Int, duration: Micros) {
        self.task = task
        self.fut = fut
        self.duration = duration
    }
}
