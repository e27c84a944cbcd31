/// gather, wait, as_completed, timeouts and task groups, after CPython 3.13's `tasks.py`,
/// `timeouts.py` and `taskgroups.py`. Each adds the callback hops its CPython original adds.
extension Simulator {
    // MARK: gather

    /// `asyncio.gather(*items)`: returns the outer future.
    func gatherItems(_ task: SimTask?, _ items: [Value], returnExceptions: Bool) throws -> Int {
        let g = gathers.count
        let rec = GatherRec(returnExceptions: returnExceptions)
        gathers.append(rec)
        if items.isEmpty {
            let outer = newFuture(.gather(g))
            rec.outer = outer
            futures[outer].state = .result
            futures[outer].value = .list(ListBox([]))
            return outer
        }
        var seen = ArgToFut(items)
        var doneFuts: [Int] = []
        rec.children.reserveCapacity(items.count)
        for (k, item) in items.enumerated() {
            if let f = seen.earlier(k) {
                seen.record(k, f)
                rec.children.append(f)
                continue
            }
            let fut: Int
            switch item {
            case .task(let t):
                fut = tasks[t - 1].fut
            case .coroutine:
                guard let task else { seen.record(k, -1); continue }
                fut = try ensureFuture(task, item)
            default:
                throw PyRaise("TypeError", "An asyncio.Future, a coroutine or an awaitable is required")
            }
            seen.record(k, fut)
            rec.count += 1
            if futures[fut].state != .pending { doneFuts.append(fut) } else { addCallback(fut, .gatherDone(g)) }
            rec.children.append(fut)
        }
        let outer = newFuture(.gather(g))
        rec.outer = outer
        for f in doneFuts { gatherChildDone(g, fut: f) }
        return outer
    }

    func gatherIndex(_ outer: Int) -> Int {
        if case .gather(let g) = owner(outer) { return g }
        return 0
    }

    /// gather's `_done_callback`
    func gatherChildDone(_ g: Int, fut: Int) {
        let rec = gathers[g]
        rec.finished += 1
        let outer = rec.outer
        if outer < 0 || futures[outer].state != .pending {
            if futures[fut].state != .cancelled { futures[fut].retrieved = true }
            return
        }
        if !rec.returnExceptions {
            if futures[fut].state == .cancelled {
                setException(outer, ExcBox("CancelledError"))
                return
            }
            if futures[fut].state == .exception, case .exception(let e) = futures[fut].value {
                futures[fut].retrieved = true
                setException(outer, e)
                return
            }
        }
        if rec.finished == rec.count {
            var results: [Value] = []
            for c in rec.children {
                switch futures[c].state {
                case .cancelled: results.append(.exception(ExcBox("CancelledError", [.str("")])))
                case .exception:
                    futures[c].retrieved = true
                    results.append(futures[c].value)
                default: results.append(futures[c].value)
                }
            }
            if rec.cancelRequested {
                setException(outer, ExcBox("CancelledError"))
            } else {
                setResult(outer, .list(ListBox(results)))
            }
        }
    }

    /// `_GatheringFuture.cancel`
    func cancelGather(_ g: Int, by: Int?) -> Bool {
        let rec = gathers[g]
        if futures[rec.outer].state != .pending { return false }
        var ret = false
        for c in rec.children where cancelFuture(c, by: by) { ret = true }
        if ret { rec.cancelRequested = true }
        return ret
    }

    // MARK: wait

    func startWait(_ task: SimTask, _ frame: Frame, _ items: [Value], mode: WaitMode, timeout: Double?, target: CTarget?) throws {
        var ids: [Int] = []
        for v in items {
            switch v {
            case .task(let t): if !ids.contains(t) { ids.append(t) }
            case .coroutine(let c):
                markUsed(c)
                throw PyRaise("TypeError", "Passing coroutines is forbidden, use tasks explicitly.")
            default: throw PyRaise("TypeError", "wait needs tasks, not '\(typeName(v))'")
            }
        }
        if ids.isEmpty { throw PyRaise("ValueError", "Set of Tasks/Futures is empty.") }
        ids.sort()
        let futs = ids.map { tasks[$0 - 1].fut }
        let waiter = newFuture()
        let w = waits.count
        let wr = WaitRec(futs: futs, mode: mode, waiter: waiter)
        waits.append(wr)
        if let timeout { wr.timer = callAt(now + micros(timeout), .waitTimeout(w)) }
        for f in futs { addCallback(f, .waitDone(w)) }
        frame.resume = .wait(w, target)
        suspend(task, on: waiter, state: .blocked, on: "wait (\(mode.rawValue))")
    }

    /// `_wait`'s `_on_completion`
    func waitCompletion(_ w: Int, fut: Int) {
        let wr = waits[w]
        wr.counter -= 1
        var exceptional = false
        if wr.mode == .firstException && futures[fut].state == .exception {
            futures[fut].retrieved = true
            exceptional = true
        }
        if wr.counter <= 0 || wr.mode == .firstCompleted || exceptional {
            cancelTimer(wr.timer)
            if futures[wr.waiter].state == .pending { setResult(wr.waiter, .none) }
        }
    }

    // MARK: as_completed

    func startAsCompleted(_ task: SimTask, _ items: [Value], timeout: Double?) throws -> Int {
        var futs: [Int] = []
        var seenTasks = Set<Int>()
        var seenCoros = Set<ObjectIdentifier>()
        for v in items {
            switch v {
            case .task(let t): if seenTasks.insert(t).inserted { futs.append(tasks[t - 1].fut) }
            case .coroutine(let c): if seenCoros.insert(ObjectIdentifier(c)).inserted { futs.append(try ensureFuture(task, v)) }
            default: throw PyRaise("TypeError", "An asyncio.Future, a coroutine or an awaitable is required")
            }
        }
        let q = makeHiddenResource(.queue, "as_completed")
        let a = asCompleteds.count
        let ac = AsCompletedRec(todo: futs, queue: q)
        asCompleteds.append(ac)
        for f in futs { addCallback(f, .asCompletedDone(a)) }
        if !futs.isEmpty, let timeout { ac.timer = callAt(now + micros(timeout), .asCompletedTimeout(a)) }
        return a
    }

    /// `_AsCompletedIterator._handle_completion`
    func asCompletedCompletion(_ a: Int, fut: Int) {
        let ac = asCompleteds[a]
        guard !ac.todo.isEmpty else { return }
        ac.todo.removeAll { $0 == fut }
        putNoWait(ac.queue, .int(fut))
        if ac.todo.isEmpty { cancelTimer(ac.timer) }
    }

    /// `_AsCompletedIterator._handle_timeout`
    func asCompletedTimeout(_ a: Int) {
        let ac = asCompleteds[a]
        for f in ac.todo {
            removeCallback(f, .asCompletedDone(a))
            putNoWait(ac.queue, .none)
        }
        ac.todo = []
    }

    // MARK: timeout / wait_for

    /// `Timeout._on_timeout`
    func timeoutFired(_ id: Int) throws {
        let t = timeouts[id]
        guard t.state == .entered else { return }
        let task = tasks[t.task - 1]
        rec.event(now, task: task.id, .timeout, object: nil, "timeout expires: \(task.name) is cancelled", line: task.line)
        cancelTask(task, by: nil)
        t.state = .expiring
        t.timer = nil
    }

    /// `Timeout.__aexit__`
    func timeoutExit(_ task: SimTask, _ frame: Frame, _ id: Int) {
        let t = timeouts[id]
        cancelTimer(t.timer)
        t.timer = nil
        if t.state == .expiring {
            t.state = .expired
            let n = task.uncancel()
            if n <= t.cancelling, case .exception(let e)? = frame.pending.last, e.isCancelled {
                frame.pending[frame.pending.count - 1] = .exception(ExcBox("TimeoutError"))
                rec.event(now, task: task.id, .timeout, object: nil, "\(task.name): the cancellation becomes TimeoutError", line: task.line)
            }
        } else if t.state == .entered {
            t.state = .exited
        }
    }

    // MARK: TaskGroup

    /// `TaskGroup.create_task`'s checks, made before the task exists.
    func checkTaskGroupOpen(_ g: Int) throws {
        let tg = taskGroups[g]
        if tg.exiting && tg.tasks.isEmpty { throw PyRaise("RuntimeError", "TaskGroup \(taskGroupRepr(g)) is finished") }
        if tg.aborting { throw PyRaise("RuntimeError", "TaskGroup \(taskGroupRepr(g)) is shutting down") }
    }

    /// `TaskGroup.__repr__` (the group has always been entered here).
    func taskGroupRepr(_ g: Int) -> String {
        let tg = taskGroups[g]
        var info = ""
        if !tg.tasks.isEmpty { info += " tasks=\(tg.tasks.count)" }
        if !tg.errors.isEmpty { info += " errors=\(tg.errors.count)" }
        info += tg.aborting ? " cancelling" : " entered"
        return "<TaskGroup\(info)>"
    }

    func joinTaskGroup(_ g: Int, _ child: SimTask) {
        let tg = taskGroups[g]
        tg.tasks.append(child.id)
        addCallback(child.fut, .taskGroupDone(g))
    }

    func abortTaskGroup(_ g: Int) {
        let tg = taskGroups[g]
        tg.aborting = true
        for t in tg.tasks where !tasks[t - 1].finished { cancelTask(tasks[t - 1], by: tg.parent) }
    }

    /// `TaskGroup._on_task_done`
    func taskGroupChildDone(_ g: Int, fut: Int) {
        let tg = taskGroups[g]
        let child = taskID(ofFuture: fut)
        tg.tasks.removeAll { $0 == child }
        if let oc = tg.onCompleted, tg.tasks.isEmpty, futures[oc].state == .pending { setResult(oc, .bool(true)) }
        guard futures[fut].state == .exception, case .exception(let e) = futures[fut].value else { return }
        futures[fut].retrieved = true
        tg.errors.append(e)
        let parent = tasks[tg.parent - 1]
        if parent.finished { return }
        if !tg.aborting && !tg.parentCancelRequested {
            abortTaskGroup(g)
            tg.parentCancelRequested = true
            rec.event(now, task: child, .cancel, object: "taskgroup", "\(tasks[child - 1].name) failed with \(e.described): the task group cancels the others and \(parent.name)", line: tasks[child - 1].line)
            cancelTask(parent, by: nil)
        }
    }

    /// The `while self._tasks:` loop of `TaskGroup._aexit` and what follows it; true when the
    /// task suspended.
    func taskGroupExitLoop(_ task: SimTask, _ frame: Frame, _ g: Int) throws -> Bool {
        let tg = taskGroups[g]
        if !tg.tasks.isEmpty {
            if tg.onCompleted == nil { tg.onCompleted = newFuture() }
            frame.resume = .taskGroupExit(g)
            let names = tg.tasks.prefix(3).map { tasks[$0 - 1].name }.joined(separator: ", ")
            suspend(task, on: tg.onCompleted!, state: .blocked, on: "taskgroup (\(names)\(tg.tasks.count > 3 ? ", …" : ""))")
            return true
        }
        let parent = tasks[tg.parent - 1]
        if tg.parentCancelRequested {
            if parent.uncancel() == 0 { tg.propagateCancel = nil }
        }
        guard !frame.pending.isEmpty else { return false }
        let top = frame.pending.count - 1
        if let pc = tg.propagateCancel, tg.errors.isEmpty {
            frame.pending[top] = .exception(pc)
            return false
        }
        if let be = tg.bodyExc, !be.isCancelled { tg.errors.append(be) }
        if !tg.errors.isEmpty {
            if parent.cancelling > 0 {
                _ = parent.uncancel()
                cancelTask(parent, by: nil)
            }
            let allExceptions = tg.errors.allSatisfy { !$0.isCancelled && ExceptionTypes.isSubclass($0.type, of: "Exception") }
            let eg = ExcBox(allExceptions ? "ExceptionGroup" : "BaseExceptionGroup", [.str("unhandled errors in a TaskGroup")], sub: tg.errors)
            rec.event(now, task: task.id, .raise, object: "taskgroup", "the task group raises \(eg.described)", line: task.line)
            frame.pending[top] = .exception(eg)
        }
        return false
    }
}

/// gather's `arg_to_fut`: a task or coroutine passed twice gets one future. A short list (most
/// gathers: two hash maps per gather were a visible cost of a tree of nested gathers) scans the
/// items before; a long one looks them up by task id and coroutine address (looked up, never
/// iterated, so no order depends on an address).
struct ArgToFut {
    private let items: [Value]
    private let scans: Bool
    /// When scanning: the future of each item so far (-1: none).
    private var futOfItem: [Int] = []
    private var byTask = IntMap()
    private var byCoroutine = IntMap()

    init(_ items: [Value]) {
        self.items = items
        scans = items.count <= 8
        if scans { futOfItem.reserveCapacity(items.count) }
    }

    private static func key(_ c: CoroBox) -> Int { Int(bitPattern: UInt(bitPattern: ObjectIdentifier(c))) }

    /// The future already made for an item equal to item k.
    func earlier(_ k: Int) -> Int? {
        if scans {
            for j in 0..<k where futOfItem[j] >= 0 {
                switch (items[j], items[k]) {
                case (.task(let a), .task(let b)) where a == b: return futOfItem[j]
                case (.coroutine(let a), .coroutine(let b)) where a === b: return futOfItem[j]
                default: continue
                }
            }
            return nil
        }
        switch items[k] {
        case .task(let t): return byTask[t]
        case .coroutine(let c): return byCoroutine[Self.key(c)]
        default: return nil
        }
    }

    /// Item k stands for `fut` (-1: it made none); call once per item, in order.
    mutating func record(_ k: Int, _ fut: Int) {
        if scans {
            futOfItem.append(fut)
            return
        }
        guard fut >= 0 else { return }
        switch items[k] {
        case .task(let t): byTask[t] = fut
        case .coroutine(let c): byCoroutine[Self.key(c)] = fut
        default: break
        }
    }
}
