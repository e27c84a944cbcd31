import CPrefetch
import DequeModule

/// Options a caller may set for one run.
public struct SimulationOptions: Sendable {
    /// Overrides the scenario's `until` (seconds).
    public var until: Double?
    /// `sync` turns every `sleep` into a blocking call.
    public var syncMode = false
    public var maxStepsWithoutYield = 100_000
    public var maxIterationsPerInstant = 1_000_000
    /// A run that makes more tasks than this is cut short (a task that spawns copies of itself
    /// grows without end; CPython would take the machine's memory, asyncviz says so and stops).
    public var maxTasks = 2_000_000
    /// Leave the run's working state (tasks, frames, futures, the compiled program) allocated
    /// when the run ends, for a process that exits right after using the trace: freeing a big
    /// run object by object is time nobody waits for (9% of a 65,000-task gather tree). The
    /// trace itself is a value and is unaffected.
    public var keepStateUntilExit = false
    public init(until: Double? = nil, syncMode: Bool = false, keepStateUntilExit: Bool = false) {
        self.until = until
        self.syncMode = syncMode
        self.keepStateUntilExit = keepStateUntilExit
    }
}

/// Runs a scenario on a virtual clock with CPython 3.13's scheduling rules and records a Trace.
public enum Simulation {
    public static func run(_ scenario: Scenario, options: SimulationOptions = .init()) -> Trace {
        let program = Compiler.compile(scenario)
        let sim = Simulator(program: program, options: options)
        let trace = sim.run()
        if options.keepStateUntilExit { _ = Unmanaged.passRetained(sim) }
        return trace
    }
}

/// Stops the run from anywhere inside a step.
struct StopRun: Error {
    let reason: StopReason
    let detail: String
}

final class Simulator {
    let program: Program
    let options: SimulationOptions
    var now: Micros = 0
    let horizon: Micros

    var ready = Deque<PackedHandle>()
    var timerQueue = TimerQueue()
    let timers = RecordArray<TimerRec>()
    var freeTimers: [Int] = []

    let futures = RecordArray<FutureRec>()
    /// A future's callbacks after its first, in the order added (few futures have any; looked
    /// up by future, never iterated).
    var moreCallbacks: [Int: [Callback]] = [:]
    var tasks: [SimTask] = []
    var resources: [Res] = []
    var gathers: [GatherRec] = []
    var waits: [WaitRec] = []
    var asCompleteds: [AsCompletedRec] = []
    var timeouts: [TimeoutRec] = []
    var taskGroups: [TaskGroupRec] = []
    var jobs: [Job] = []
    var jobQueue = Deque<Int>()
    var workerBusy: [Int?]
    var globals: [Value] = []
    var rng: SplitMix64
    /// Tasks made so far per function index (for the `DEF#k` names).
    var perDefCount: [Int] = []
    /// Every coroutine object made, for "was never awaited" at the end. Notes, not the objects:
    /// holding the objects kept each one's arguments alive for the whole run (a gather of
    /// 100,000 calls kept 100,000 of them).
    var coroutineNotes: [CoroutineNote] = []
    var stopping = false
    /// Nesting of `Task.cancel` (a task that gathers itself cancels itself forever: CPython
    /// raises RecursionError out of `cancel()`); set when that nesting was cut short.
    var cancelDepth = 0
    var cancelRecursed = false
    /// The task being stepped. Unowned: `tasks` holds every task for the whole run, and the
    /// reference changes twice per step (counting it was measurable).
    unowned(unsafe) var current: SimTask?
    var iterationsAtInstant = 0
    var lastInstant: Micros = -1
    /// `sleep 0.25` labels by duration: formatting a float per sleep is most of a sleep's cost.
    var sleepLabels = IntMap()

    let rec: TraceRecorder

    init(program: Program, options: SimulationOptions) {
        self.program = program
        self.options = options
        let until = options.until ?? program.until
        self.horizon = Micros.clamped(seconds: until)
        self.workerBusy = Array(repeating: nil, count: program.workers)
        self.rng = SplitMix64(seed: program.seed)
        self.rec = TraceRecorder(title: program.title, notes: program.notes)
    }

    // MARK: - The run (asyncio.run)

    func run() -> Trace {
        for r in program.resources {
            let res = Res(kind: r.kind, name: r.name, hidden: false)
            resources.append(res)
            rec.resources.append(TraceResource(kind: r.kind, name: r.name, capacity: 0))
        }
        var stop: StopReason = .finished
        var detail: String?
        do {
            // The twin makes the resources at the start of main: an error there is main's.
            var setupError: ExcBox?
            do { try initialiseGlobals() } catch let r as PyRaise { setupError = r.exc }
            // Runner.run: main = create_task(main()); run_until_complete(main)
            let main = try createTask(function: program.main, args: [], label: "main", parent: nil, line: program.functions[program.main].line)
            main.failOnStart = setupError
            main.hidden = program.hiddenMain
            rec.tasks[main.id - 1].hidden = program.hiddenMain
            addCallback(main.fut, .stopLoop)
            try runForever()
            if !main.finished {
                throw StopRun(reason: .deadlock, detail: "")
            }
            // _cancel_all_tasks: cancel what is still pending, in creation order, and wait for it.
            let pending = tasks.filter { !$0.finished }
            if !pending.isEmpty {
                for t in pending {
                    rec.warning(now, task: t.id, line: t.line, "task \(t.name) was still pending when main returned: cancelled")
                    cancelRecursed = false
                    cancelTask(t, by: nil)
                    if cancelRecursed {
                        // _cancel_all_tasks raises out of asyncio.run: nothing more runs.
                        throw StopRun(reason: .mainRaised, detail: "RecursionError: maximum recursion depth exceeded")
                    }
                }
                let g = try gatherItems(nil, pending.map { .task($0.id) }, returnExceptions: true)
                addCallback(g, .stopLoop)
                try runForever()
            }
            // shutdown_default_executor: wait for the workers.
            while workerBusy.contains(where: { $0 != nil }) || !jobQueue.isEmpty {
                stopping = false
                try runOnce(waitForWorkersOnly: true)
            }
            if futures[main.fut].state == .exception, case .exception(let e) = futures[main.fut].value {
                stop = .mainRaised
                detail = e.described
                futures[main.fut].retrieved = true
            }
        } catch let s as StopRun {
            stop = s.reason
            detail = s.detail.isEmpty ? nil : s.detail
            if s.reason == .deadlock && (detail == nil) { detail = deadlockReport() }
        } catch {
            stop = .finished
        }
        finishWarnings()
        return rec.finish(end: now, stop: stop, detail: detail, tasks: tasks, workers: workerRows())
    }

    func initialiseGlobals() throws {
        let ctx = Frame(code: Code(name: "<module>", index: -1, paramCount: 0, line: 0), args: [])
        globals = Array(repeating: .unbound, count: program.globals.count)
        for (i, g) in program.globals.enumerated() {
            globals[i] = try evalOrError(g.value, ctx, line: g.line)
        }
        for (i, r) in program.resources.enumerated() {
            let res = resources[i]
            var size = 0
            if let e = r.size {
                let v = try eval(e, ctx)
                guard case .int(let n) = v else {
                    throw StopRun(reason: .finished, detail: "line \(r.line): TypeError: the size of \(r.kind.rawValue) \(r.name) must be an int, not \(typeName(v))")
                }
                size = n
            }
            switch r.kind {
            case .semaphore:
                if size < 0 { throw PyRaise("ValueError", "Semaphore initial value must be >= 0") }
                res.value = size
                rec.resources[i].capacity = size
            case .queue:
                res.maxsize = max(0, size)
                rec.resources[i].capacity = max(0, size)
                res.finishedEvent = makeHiddenResource(.event, "\(r.name)._finished")
                resources[res.finishedEvent].flag = true
            default: break
            }
        }
    }

    func evalOrError(_ e: CExpr, _ f: Frame, line: Int) throws -> Value {
        do { return try eval(e, f) } catch let r as PyRaise {
            throw StopRun(reason: .finished, detail: "line \(line): \(r.exc.described)")
        }
    }

    func makeHiddenResource(_ kind: ResourceKind, _ name: String) -> Int {
        resources.append(Res(kind: kind, name: name, hidden: true))
        return resources.count - 1
    }

    /// `loop.run_forever()` until `stop()` was called by a handle.
    func runForever() throws {
        stopping = false
        while !stopping {
            try runOnce(waitForWorkersOnly: false)
        }
        stopping = false
    }

    /// CPython's `BaseEventLoop._run_once`.
    func runOnce(waitForWorkersOnly: Bool) throws {
        if ready.isEmpty && !stopping {
            // select(timeout): the clock jumps to whichever comes first, a timer or a worker.
            while let top = timerQueue.first, timers[top.id].cancelled {
                timerQueue.removeFirst()
                freeTimer(top.id)
            }
            let nextTimer = timerQueue.first?.deadline
            let nextJob = nextJobEnd()
            guard nextTimer != nil || nextJob != nil else {
                if waitForWorkersOnly { return }
                throw StopRun(reason: .deadlock, detail: "")
            }
            let target = min(nextTimer ?? .max, nextJob ?? .max)
            if target > horizon {
                advance(to: horizon)
                throw StopRun(reason: .horizon, detail: "")
            }
            advance(to: max(now, target))
        }
        // select() runs in every iteration: worker jobs that ended by now (a zero-length one
        // included) deliver their completion even when the clock does not move.
        deliverFinishedJobs()
        // Move the due timers behind the handles already ready.
        while let top = timerQueue.first, top.deadline <= now {
            prefetchTimers()
            timerQueue.removeFirst()
            if timers[top.id].cancelled {
                freeTimer(top.id)
                continue
            }
            timerDue(top.id)
            ready.append(PackedHandle(.timer(top.id)))
        }
        if now != lastInstant {
            lastInstant = now
            iterationsAtInstant = 0
        }
        iterationsAtInstant += 1
        if iterationsAtInstant > options.maxIterationsPerInstant {
            throw StopRun(reason: .neverYields, detail: "1,000,000 loop iterations at t = \(TraceRecorder.seconds(now)) without the clock moving: the tasks keep yielding without waiting for anything")
        }
        let n = ready.count
        for _ in 0..<n {
            let h = ready.removeFirst()
            try runHandle(h.handle)
        }
    }

    /// Hints the CPU at the records the next due timers will touch: at 100,000 tasks each wake-up
    /// reads a timer, a future, a task and its trace track that are nowhere near each other.
    @inline(__always)
    func prefetchTimers() {
        if let far = timerQueue.upcoming(8), let p = timers.address(far) { asyncviz_prefetch(p) }
        guard let near = timerQueue.upcoming(4), near < timers.count else { return }
        if case .sleepWake(let fut, let t) = timers[near].kind {
            if let p = futures.address(fut) { asyncviz_prefetch(p) }
            if t >= 1 && t <= tasks.count {
                asyncviz_prefetch(Unmanaged.passUnretained(tasks[t - 1]).toOpaque())
                rec.prefetchTrack(t)
            }
        }
    }

    /// Moves the clock, delivering worker completions that fall due on the way (as a real
    /// thread's `call_soon_threadsafe` would).
    func advance(to t: Micros) {
        guard t > now else { return }
        now = t
        deliverFinishedJobs()
    }

    func runHandle(_ h: Handle) throws {
        switch h {
        case .step(let t):
            let task = tasks[t - 1]
            if task.finished { return }
            let exc = task.stepExc
            task.stepExc = nil
            try step(task, exc: exc)
        case .callback(let cb, let fut):
            try runCallback(cb, fut: fut)
        case .timer(let id):
            defer { freeTimer(id) }
            if timers[id].cancelled { return }
            try fireTimer(id)
        case .threadDone(let j):
            // _copy_future_state: nothing to do if the awaiting future was cancelled meanwhile.
            let job = jobs[j]
            if futures[job.fut].state == .pending {
                let t = tasks[job.task - 1]
                rec.event(now, task: job.task, .wake, object: "worker \(job.worker + 1)",
                          "worker \(job.worker + 1) finished \(t.name)'s to_thread job", line: t.line)
                if let e = job.error { setException(job.fut, e) } else { setResult(job.fut, .none) }
            }
        }
    }

    func runCallback(_ cb: Callback, fut: Int) throws {
        switch cb {
        case .wakeTask(let t):
            let task = tasks[t - 1]
            if task.finished { return }
            // Task.__wakeup: future.result() raises into the coroutine, or returns.
            // Field by field: copying the whole record retains its value and callback list.
            switch futures[fut].state {
            case .exception:
                futures[fut].retrieved = true
                if case .exception(let e) = futures[fut].value { try step(task, exc: e) } else { try step(task, exc: nil) }
            case .cancelled:
                try step(task, exc: ExcBox("CancelledError"))
            default:
                try step(task, exc: nil)
            }
        case .gatherDone(let g): gatherChildDone(g, fut: fut)
        case .waitDone(let w): waitCompletion(w, fut: fut)
        case .asCompletedDone(let a): asCompletedCompletion(a, fut: fut)
        case .taskGroupDone(let g): taskGroupChildDone(g, fut: fut)
        case .stopLoop: stopping = true
        case .releaseWaiter(let waiter):
            if futures[waiter].state == .pending { setResult(waiter, .none) }
        }
    }

    // MARK: - Timers

    /// Schedules a timer; returns a reference (slot and generation) for cancelling it.
    @discardableResult
    func callAt(_ deadline: Micros, _ kind: TimerKind) -> Int {
        let id = allocTimer(deadline, kind)
        timerQueue.insert(deadline, id)
        return timerRef(id)
    }

    /// `call_soon` of a cancellable timer-like handle (a timeout whose deadline has passed).
    func callSoonTimer(_ kind: TimerKind) -> Int {
        let id = allocTimer(now, kind)
        ready.append(PackedHandle(.timer(id)))
        return timerRef(id)
    }

    func allocTimer(_ deadline: Micros, _ kind: TimerKind) -> Int {
        if let id = freeTimers.popLast() {
            let gen = (timers[id].generation &+ 1) & Int32.max
            timers[id] = TimerRec(deadline: deadline, kind: kind, generation: gen)
            return id
        }
        timers.append(TimerRec(deadline: deadline, kind: kind))
        return timers.count - 1
    }

    func timerRef(_ id: Int) -> Int { id | (Int(timers[id].generation) << 32) }

    func freeTimer(_ id: Int) { freeTimers.append(id) }

    func cancelTimer(_ ref: Int?) {
        guard let ref else { return }
        let id = ref & 0xFFFF_FFFF
        if Int(timers[id].generation) == ref >> 32 { timers[id].cancelled = true }
    }

    /// A timer fell due: a sleeping task is shown ready from its deadline, even when the loop is
    /// still busy with something else.
    func timerDue(_ id: Int) {
        if case .sleepWake(let fut, let t) = timers[id].kind, futures[fut].state == .pending {
            let task = tasks[t - 1]
            if task.futWaiter == fut {
                let due = timers[id].deadline
                if now > due {
                    let on = waitingOn(task)
                    rec.event(now, task: task.id, .wake, object: on, "\(task.name) wakes: \(on) is over (due at \(TraceRecorder.seconds(due)) s: the loop was busy)", line: task.line)
                } else {
                    rec.appendEvent(now, task.id, .wake, task.waitingLabel, .wakes, task.line)
                }
                rec.setState(task.id, .ready, at: due, on: task.waitingLabel, line: task.line)
            }
        }
    }

    func fireTimer(_ id: Int) throws {
        switch timers[id].kind {
        case .sleepWake(let fut, _):
            if futures[fut].state == .pending { setResult(fut, .none) }
        case .timeout(let t): try timeoutFired(t)
        case .waitTimeout(let w):
            let wr = waits[w]
            if futures[wr.waiter].state == .pending {
                rec.event(now, task: 0, .timeout, object: "wait", "the timeout of a wait expires", line: 0)
                setResult(wr.waiter, .none)
            }
        case .asCompletedTimeout(let a):
            rec.event(now, task: 0, .timeout, object: "as_completed", "the timeout of an as_completed expires", line: 0)
            asCompletedTimeout(a)
        }
    }

    // MARK: - Futures

    func newFuture(_ owner: FutureOwner = .plain) -> Int {
        futures.append(FutureRec(owner: owner))
        return futures.count - 1
    }

    /// Who made the future (a task's, a gather's, or a plain one).
    func owner(_ fut: Int) -> FutureOwner {
        let id = Int(futures[fut].ownerID)
        switch futures[fut].ownerKind {
        case .plain: return .plain
        case .task: return .task(id)
        case .gather: return .gather(id)
        }
    }

    func addCallback(_ fut: Int, _ cb: Callback) {
        if futures[fut].state != .pending {
            scheduleCallback(cb, fut)
        } else if futures[fut].first.isNone && !futures[fut].hasMore {
            futures[fut].first = PackedCallback(cb)
        } else {
            moreCallbacks[fut, default: []].append(cb)
            futures[fut].hasMore = true
        }
    }

    func removeCallback(_ fut: Int, _ cb: Callback) {
        var more = futures[fut].hasMore ? moreCallbacks.removeValue(forKey: fut) ?? [] : []
        if futures[fut].first == PackedCallback(cb) {
            futures[fut].first = PackedCallback(more.isEmpty ? nil : more.removeFirst())
        }
        more.removeAll { $0 == cb }
        futures[fut].hasMore = !more.isEmpty
        if !more.isEmpty { moreCallbacks[fut] = more }
    }

    func scheduleCallback(_ cb: Callback, _ fut: Int) {
        ready.append(PackedHandle(.callback(cb, fut)))
        if case .wakeTask(let t) = cb {
            let task = tasks[t - 1]
            if !task.finished {
                rec.setState(task.id, .ready, at: now, on: task.waitingLabel, line: task.line)
            }
        }
    }

    func scheduleCallbacks(_ fut: Int) {
        if let first = futures[fut].first.callback {
            futures[fut].first = .none
            scheduleCallback(first, fut)
        }
        if futures[fut].hasMore {
            futures[fut].hasMore = false
            for cb in moreCallbacks.removeValue(forKey: fut) ?? [] { scheduleCallback(cb, fut) }
        }
    }

    func setResult(_ fut: Int, _ v: Value) {
        guard futures[fut].state == .pending else { return }
        futures[fut].state = .result
        futures[fut].value = v
        scheduleCallbacks(fut)
    }

    func setException(_ fut: Int, _ e: ExcBox) {
        guard futures[fut].state == .pending else { return }
        futures[fut].state = .exception
        futures[fut].value = .exception(e)
        scheduleCallbacks(fut)
    }

    /// `Future.cancel()`, dispatched like CPython's subclasses: a task cancels its coroutine, a
    /// gathering future cancels its children.
    @discardableResult
    func cancelFuture(_ fut: Int, by: Int? = nil) -> Bool {
        switch owner(fut) {
        case .task(let t): return cancelTask(tasks[t - 1], by: by)
        case .gather(let g): return cancelGather(g, by: by)
        case .plain:
            guard futures[fut].state == .pending else { return false }
            futures[fut].state = .cancelled
            scheduleCallbacks(fut)
            return true
        }
    }

    /// `Future.cancel()` of the base class only (a task's final state).
    func markCancelled(_ fut: Int) {
        guard futures[fut].state == .pending else { return }
        futures[fut].state = .cancelled
        scheduleCallbacks(fut)
    }

    /// `fut.result()`: the value, or raises.
    func futureResult(_ fut: Int) throws -> Value {
        futures[fut].retrieved = true
        switch futures[fut].state {
        case .result: return futures[fut].value
        case .exception:
            if case .exception(let e) = futures[fut].value { throw PyRaise(e) }
            return .none
        case .cancelled: throw PyRaise(ExcBox("CancelledError"))
        case .pending: throw PyRaise("InvalidStateError", "Result is not ready.")
        }
    }

    /// The coroutine is awaited, made a task, or handed to `wait` (which refuses it but marks it).
    func markUsed(_ c: CoroBox) {
        c.used = true
        if c.serial >= 0 && c.serial < coroutineNotes.count { coroutineNotes[c.serial].used = true }
    }

    // MARK: - Tasks

    func createTask(function: Int, args: [Value], label: String?, parent: SimTask?, line: Int) throws -> SimTask {
        if tasks.count >= options.maxTasks {
            throw StopRun(reason: .horizon, detail: "asyncviz stops a run at \(options.maxTasks) tasks (line \(parent?.line ?? line) would make one more): the scenario keeps making tasks and would take all memory")
        }
        let id = tasks.count + 1
        let fut = newFuture(.task(id))
        let code = program.functions[function]
        // DEF#k counts every task running DEF, labelled or not.
        if perDefCount.count <= function { perDefCount += Array(repeating: 0, count: function + 1 - perDefCount.count) }
        perDefCount[function] += 1
        let name = label ?? code.name + "#" + String(perDefCount[function])

        let task = SimTask(id: id, fut: fut, function: function, name: name, parent: parent?.id, line: line,
                           depth: parent.map { $0.hidden ? 0 : $0.depth + 1 } ?? 0)
        task.frames = FrameStack(Frame(code: code, args: args))
        tasks.append(task)
        rec.taskCreated(task, at: now, function: code.name)
        if let parent {
            rec.appendEvent(now, parent.id, .spawn, EventList.taskObject(id), .spawns, parent.line)
        }
        ready.append(PackedHandle(.step(id)))
        rec.setState(id, .ready, at: now, on: TraceRecorder.startLabel, line: code.line)
        return task
    }

    /// `Task.cancel()`
    @discardableResult
    func cancelTask(_ task: SimTask, by: Int?) -> Bool {
        if task.finished { return false }
        // Once the nesting is cut short, the RecursionError unwinds every enclosing cancel.
        if cancelDepth == 0 { cancelRecursed = false }
        if cancelRecursed { return false }
        if cancelDepth >= 200 {
            cancelRecursed = true
            return false
        }
        cancelDepth += 1
        defer { cancelDepth -= 1 }
        task.numCancelsRequested += 1
        if let w = task.futWaiter {
            if cancelFuture(w, by: by) { return true }
            if cancelRecursed { return false }
        }
        task.mustCancel = true
        return true
    }

    /// `Task.__step`
    func step(_ task: SimTask, exc inExc: ExcBox?) throws {
        var exc = inExc
        if task.mustCancel {
            if exc == nil || !exc!.isCancelled { exc = ExcBox("CancelledError") }
            task.mustCancel = false
        }
        task.futWaiter = nil
        current = task
        defer { current = nil }
        task.stepsSinceYield = 0
        let stepStart = now
        // Each state change is recorded after the event that explains it, so that it shows
        // from that event on (the viewer shows the state after the event under the cursor).
        if !task.started {
            task.started = true
            if let e = task.failOnStart ?? exc {
                // A coroutine thrown into before its first step never runs its body.
                rec.setState(task.id, .running, at: now, on: Int32(0), line: task.line)
                task.frames.removeAll()
                finishTask(task, with: .failure(e))
                return
            }
            rec.appendEvent(now, task.id, .run, -1, .starts, task.line)
            rec.setState(task.id, .running, at: now, on: Int32(0), line: task.line)
            try execute(task, resumeWith: .success(.none))
        } else {
            if let exc {
                rec.event(now, task: task.id, .run, object: nil, "\(task.name) resumes with \(exc.described)", line: task.line)
            } else {
                rec.appendEvent(now, task.id, .run, -1, .resumes, task.line)
            }
            rec.setState(task.id, .running, at: now, on: Int32(0), line: task.line)
            try execute(task, resumeWith: exc.map { .failure($0) } ?? .success(.none))
        }
        let blocked = now - stepStart
        if blocked >= 100_000 {
            rec.warning(now, task: task.id, line: task.line,
                        "\(task.name) blocked the loop for \(TraceRecorder.duration(blocked)) in one step (asyncio debug mode warns at 100 ms)")
        }
    }

    /// The task's coroutine ended: set its future.
    func finishTask(_ task: SimTask, with outcome: Result<Value, ExcBox>) {
        task.finished = true
        task.frames.removeAll()
        switch outcome {
        case .success(let v):
            if task.mustCancel {
                task.mustCancel = false
                markCancelled(task.fut)
            } else {
                futures[task.fut].state = .result
                futures[task.fut].value = v
                scheduleCallbacks(task.fut)
            }
        case .failure(let e):
            if e.isCancelled {
                markCancelled(task.fut)
            } else {
                futures[task.fut].state = .exception
                futures[task.fut].value = .exception(e)
                scheduleCallbacks(task.fut)
            }
        }
        rec.taskFinished(task, at: now, state: futures[task.fut].state, value: futures[task.fut].value)
    }

    /// Suspends the current task on a pending future (the `yield` inside `Future.__await__`).
    func suspend(_ task: SimTask, on fut: Int, state: TaskState, on what: String) {
        suspend(task, on: fut, state: state, label: rec.label(what))
    }

    /// The same with the label made already (a resource's, a sleep's): no text per await.
    func suspend(_ task: SimTask, on fut: Int, state: TaskState, label: Int32) {
        task.waitingLabel = label
        rec.appendEvent(now, task.id, .suspend, task.waitingLabel, .waits, task.line)
        rec.setState(task.id, state, at: now, on: task.waitingLabel, line: task.line)
        addCallback(fut, .wakeTask(task.id))
        task.futWaiter = fut
        if task.mustCancel {
            if cancelFuture(fut) { task.mustCancel = false }
        }
    }

    /// What the task waits on, for people: `sleep 1`, `lock db`.
    func waitingOn(_ task: SimTask) -> String { rec.labels[Int(task.waitingLabel)] }

    /// A bare `yield` (sleep 0): run again in the next iteration.
    func yieldOnce(_ task: SimTask) {
        task.waitingLabel = rec.label("sleep 0")
        if task.mustCancel {
            // Will be thrown in at the next step.
        }
        ready.append(PackedHandle(.step(task.id)))
        rec.event(now, task: task.id, .suspend, object: "sleep 0", "\(task.name) yields once (sleep 0)", line: task.line)
        rec.setState(task.id, .ready, at: now, on: "sleep 0", line: task.line)
    }

    // MARK: - Workers (to_thread)

    func submitJob(task: SimTask, fut: Int, duration: Micros) -> Int {
        let j = jobs.count
        jobs.append(Job(task: task.id, fut: fut, duration: max(0, duration)))
        if let w = workerBusy.firstIndex(where: { $0 == nil }) {
            startJob(j, on: w)
        } else {
            jobQueue.append(j)
        }
        return j
    }

    func startJob(_ j: Int, on w: Int) {
        let job = jobs[j]
        job.worker = w
        job.start = now
        job.end = now + job.duration
        workerBusy[w] = j
        rec.workerBusy(w, start: now, end: job.end, task: job.task)
    }

    func nextJobEnd() -> Micros? {
        var best: Micros?
        for j in workerBusy { if let j { best = min(best ?? .max, jobs[j].end) } }
        return best
    }

    /// Completions due by `now`, in the order they finished, each freeing its worker for the next
    /// queued job.
    func deliverFinishedJobs() {
        while true {
            var pick: Int?
            for case let j? in workerBusy where jobs[j].end <= now {
                if pick == nil || jobs[j].end < jobs[pick!].end || (jobs[j].end == jobs[pick!].end && j < pick!) { pick = j }
            }
            guard let j = pick else { return }
            let job = jobs[j]
            workerBusy[job.worker] = nil
            ready.append(PackedHandle(.threadDone(j)))
            // The freed worker takes the next queued job at the moment it finished.
            while let next = jobQueue.first {
                jobQueue.removeFirst()
                if jobs[next].cancelledBeforeStart { continue }
                let saved = now
                now = job.end
                startJob(next, on: job.worker)
                now = saved
                break
            }
        }
    }

    func workerRows() -> [WorkerRow] {
        rec.workerRows(count: jobs.isEmpty ? 0 : program.workers)
    }

    // MARK: - End of run

    func deadlockReport() -> String {
        let waiting = tasks.filter { !$0.finished }
        var parts: [String] = []
        for t in waiting where !t.hidden {
            parts.append("\(t.name) waits on \(waitingOn(t)) (line \(t.line))")
        }
        var text = "deadlock: no task can run, no timer is pending"
        if !parts.isEmpty { text += ": " + parts.joined(separator: "; ") }
        if let cycle = findCycle() { text += ". Cycle: " + cycle }
        for t in waiting where !t.hidden {
            rec.warning(now, task: t.id, line: t.line, "deadlock: \(t.name) waits forever on \(waitingOn(t))")
        }
        return text
    }

    /// A wait-for cycle through lock holders and awaited tasks, for the deadlock report.
    func findCycle() -> String? {
        func waitsFor(_ t: SimTask) -> SimTask? {
            guard let fw = t.futWaiter else { return nil }
            if case .task(let other) = owner(fw) { return tasks[other - 1] }
            for r in resources where r.kind == .lock || r.kind == .semaphore {
                if r.waiters.contains(fw), let h = r.holders.first { return tasks[h - 1] }
            }
            return nil
        }
        for start in tasks where !start.finished {
            var seen: [Int] = [start.id]
            var cur = start
            while let next = waitsFor(cur) {
                if next.id == start.id {
                    let names = seen.map { tasks[$0 - 1].name }
                    return (names + [start.name]).joined(separator: " → ")
                }
                if seen.contains(next.id) { break }
                seen.append(next.id)
                cur = next
            }
        }
        return nil
    }

    func finishWarnings() {
        for t in tasks where t.finished {
            let f = futures[t.fut]
            if f.state == .exception && !f.retrieved, case .exception(let e) = f.value {
                rec.warning(now, task: t.id, line: t.line, "Task exception was never retrieved: \(t.name) raised \(e.described)")
            }
        }
        for c in coroutineNotes where !c.used {
            rec.warning(now, task: 0, line: Int(c.line), "coroutine '\(program.functions[Int(c.function)].name)' was never awaited")
        }
    }
}

/// The scenario's random generator: SplitMix64, one stream per scenario, drawn in execution order.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func random() -> Double { Double(next() >> 11) * 0x1.0p-53 }
}
