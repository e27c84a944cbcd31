/// Runs a task's frames op by op until the task suspends, finishes or raises out of its
/// coroutine. Everything a step does happens at one instant, except `cpu`.
extension Simulator {
    enum Flow {
        case next
        case suspended
        case pushed
        case returned(Value)
    }

    func execute(_ task: SimTask, resumeWith: Result<Value, ExcBox>) throws {
        var incoming: Result<Value, ExcBox>? = resumeWith
        while let frame = task.frames.last {
            do {
                if let inc = incoming {
                    incoming = nil
                    let r = frame.resume
                    frame.resume = .none
                    if try deliver(task, frame, r, inc) { return }
                }
                switch try runOps(task, frame) {
                case .suspended: return
                case .pushed: continue
                case .next: continue
                case .returned(let v):
                    task.frames.removeLast()
                    if task.frames.isEmpty {
                        finishTask(task, with: .success(v))
                        return
                    }
                    incoming = .success(v)
                }
            } catch let raise as PyRaise {
                if !unwindException(frame, raise.exc) {
                    task.frames.removeLast()
                    var exc = raise.exc
                    // PEP 479: StopIteration cannot leave a coroutine.
                    if ExceptionTypes.isSubclass(exc.type, of: "StopIteration") {
                        exc = .make("RuntimeError", "coroutine raised StopIteration")
                    }
                    if task.frames.isEmpty {
                        rec.event(now, task: task.id, .raise, object: nil, "\(task.name) ends with \(exc.described)", line: task.line)
                        finishTask(task, with: .failure(exc))
                        return
                    }
                    incoming = .failure(exc)
                }
            }
        }
    }

    /// Hands the outcome of an await to the code that was waiting; true when that code waits again.
    func deliver(_ task: SimTask, _ frame: Frame, _ r: Resume, _ inc: Result<Value, ExcBox>) throws -> Bool {
        switch r {
        case .none:
            if case .failure(let e) = inc { throw PyRaise(e) }
        case .assign(let t):
            switch inc {
            case .failure(let e): throw PyRaise(e)
            case .success(let v): if let t { try assign(t, v, frame) }
            }
        case .sleep(let timer):
            cancelTimer(timer)
            if case .failure(let e) = inc { throw PyRaise(e) }
        case .awaitTask(let fut, let t):
            if case .failure(let e) = inc { throw PyRaise(e) }
            let v = try futureResult(fut)
            if let t { try assign(t, v, frame) }
        case .gather(let g, let t):
            if case .failure(let e) = inc { throw PyRaise(e) }
            let v = try futureResult(gathers[g].outer)
            if let t { try assign(t, v, frame) }
        case .toThread(let j, let t):
            if case .failure(let e) = inc {
                if jobs[j].worker < 0 { jobs[j].cancelledBeforeStart = true }
                throw PyRaise(e)
            }
            if let t { try assign(t, .none, frame) }
        case .lockAcquire(let res, let fut, _):
            let lock = resources[res]
            removeFuture(&lock.waiters, fut, lock)
            if case .failure(let e) = inc {
                if !lock.locked { wakeUpFirst(res) }
                snapshot(res)
                throw PyRaise(e)
            }
            lock.locked = true
            lock.holders = [task.id]
            acquired(task, res)
        case .semAcquire(let res, let fut, _):
            let sem = resources[res]
            removeFuture(&sem.waiters, fut, sem)
            if case .failure(let e) = inc {
                if futures[fut].state == .result { sem.value += 1 }
                while sem.value > 0 { if !wakeUpNext(res) { break } }
                snapshot(res)
                throw PyRaise(e)
            }
            while sem.value > 0 { if !wakeUpNext(res) { break } }
            sem.holders.append(task.id)
            acquired(task, res)
        case .eventWait(let res, let fut):
            removeFuture(&resources[res].waiters, fut, resources[res])
            if case .failure(let e) = inc { throw PyRaise(e) }
        case .queueGet(let res, let fut, let t, let ac):
            let q = resources[res]
            if case .failure(let e) = inc {
                _ = cancelFuture(fut)
                removeFuture(&q.getters, fut, q)
                if !q.items.isEmpty && futures[fut].state != .cancelled { wakeUpNextQueue(&q.getters) }
                snapshot(res)
                throw PyRaise(e)
            }
            return try queueGet(task, frame, res, t, asCompleted: ac)
        case .queuePut(let res, let fut, let item):
            let q = resources[res]
            if case .failure(let e) = inc {
                _ = cancelFuture(fut)
                removeFuture(&q.putters, fut, q)
                if !q.full && futures[fut].state != .cancelled { wakeUpNextQueue(&q.putters) }
                snapshot(res)
                throw PyRaise(e)
            }
            return queuePut(task, frame, res, item)
        case .wait(let w, let t):
            let wr = waits[w]
            cancelTimer(wr.timer)
            for f in wr.futs { removeCallback(f, .waitDone(w)) }
            if case .failure(let e) = inc { throw PyRaise(e) }
            let done = wr.futs.filter { futures[$0].state != .pending }.map { Value.task(taskID(ofFuture: $0)) }
            let pending = wr.futs.filter { futures[$0].state == .pending }.map { Value.task(taskID(ofFuture: $0)) }
            if let t {
                try assign(t, .list(ListBox([.list(ListBox(done)), .list(ListBox(pending))])), frame)
            }
        case .taskGroupExit(let g):
            let tg = taskGroups[g]
            if case .failure(let e) = inc {
                if !tg.aborting {
                    tg.propagateCancel = e
                    abortTaskGroup(g)
                }
            }
            tg.onCompleted = nil
            return try taskGroupExitLoop(task, frame, g)
        case .cancelAndWait(let waiter, let inner, let t):
            removeCallback(inner, .releaseWaiter(waiter))
            if case .failure(let e) = inc { throw PyRaise(e) }
            do {
                let v = try futureResult(inner)
                if let t { try assign(t, v, frame) }
            } catch let r as PyRaise where r.exc.isCancelled {
                throw PyRaise(ExcBox("TimeoutError"))
            }
        }
        return false
    }

    func taskID(ofFuture f: Int) -> Int {
        if case .task(let t) = owner(f) { return t }
        return 0
    }

    /// Pops blocks until one handles the exception; false when it leaves the frame.
    func unwindException(_ frame: Frame, _ exc: ExcBox) -> Bool {
        while let b = frame.blocks.popLast() {
            switch b {
            case .except(let h):
                frame.currentExc = exc
                frame.pc = h
                return true
            case .finally(let h):
                frame.pending.append(.exception(exc))
                frame.blocks.append(.finallyActive)
                frame.pc = h
                return true
            case .handling:
                frame.handling.removeLast()
            case .finallyActive:
                frame.pending.removeLast()
            }
        }
        return false
    }

    /// Leaves blocks down to `depth` for a break/continue/return, running finally sections on
    /// the way; returns false when a finally section took over.
    func unwind(_ frame: Frame, to depth: Int, pending: Pending) -> Bool {
        while frame.blocks.count > depth {
            let b = frame.blocks.removeLast()
            switch b {
            case .except: continue
            case .finally(let h):
                frame.pending.append(pending)
                frame.blocks.append(.finallyActive)
                frame.pc = h
                return false
            case .handling: frame.handling.removeLast()
            case .finallyActive: frame.pending.removeLast()
            }
        }
        return true
    }

    func runOps(_ task: SimTask, _ frame: Frame) throws -> Flow {
        let ops = frame.code.ops
        let lines = frame.code.lines
        while true {
            let pc = frame.pc
            frame.pc = pc + 1
            task.line = lines[pc]
            task.stepsSinceYield += 1
            if task.stepsSinceYield > options.maxStepsWithoutYield {
                throw StopRun(reason: .neverYields, detail: "\(task.name) never yields (line \(task.line)): it ran \(options.maxStepsWithoutYield) statements without awaiting anything and would freeze the event loop")
            }
            // Switching on the element itself binds only the payload it needs (copying the
            // whole op out first cost an outlined copy and destroy of the enum per statement).
            switch ops[pc] {
            case .assign(let t, let e):
                try assign(t, try eval(e, frame), frame)
            case .eval(let e):
                _ = try eval(e, frame)
            case .print(let es):
                var parts: [String] = []
                for e in es { parts.append(PyFormat.str(try eval(e, frame))) }
                let text = parts.joined(separator: " ")
                rec.printed(now, task: task.id, text, line: task.line)
            case .jump(let t):
                frame.pc = t
            case .jumpIfFalse(let c, let t):
                if !truthy(try eval(c, frame)) { frame.pc = t }
            case .getIter(let e, let slot):
                frame.locals[slot] = .iterator(try iterator(of: try eval(e, frame)))
            case .forNext(let slot, let t, let exit):
                guard case .iterator(let it) = frame.locals[slot], let v = it.next() else {
                    frame.pc = exit
                    continue
                }
                try assign(t, v, frame)
            case .getRangeIter(let args, let slot):
                let (start, stop, step) = try rangeBounds(try evalArgs(args, frame))
                frame.locals[slot] = .int(start)
                frame.locals[slot + 1] = .int(Int(bitPattern: IterBox.rangeLength(start: start, stop: stop, step: step)))
                frame.locals[slot + 2] = .int(step)
            case .forRangeNext(let slot, let t, let exit):
                guard case .int(let left) = frame.locals[slot + 1], left != 0, case .int(let v) = frame.locals[slot],
                      case .int(let step) = frame.locals[slot + 2] else {
                    frame.pc = exit
                    continue
                }
                // Wrapping: past the last item the next value may not exist, and is never read.
                frame.locals[slot] = .int(v &+ step)
                frame.locals[slot + 1] = .int(Int(bitPattern: UInt(bitPattern: left) &- 1))
                try assign(t, .int(v), frame)
            case .repeatInit(let e, let slot):
                let v = try eval(e, frame)
                guard case .int(let n) = v else {
                    if case .bool(let b) = v { frame.locals[slot] = .int(b ? 1 : 0); continue }
                    // The twin's `for _ in range(n)`.
                    throw PyRaise("TypeError", "'\(typeName(v))' object cannot be interpreted as an integer")
                }
                frame.locals[slot] = .int(max(0, n))
            case .repeatNext(let slot, let exit):
                guard case .int(let n) = frame.locals[slot], n > 0 else {
                    frame.pc = exit
                    continue
                }
                frame.locals[slot] = .int(n - 1)
            case .setupExcept(let h):
                frame.blocks.append(.except(handler: h))
            case .setupFinally(let h):
                frame.blocks.append(.finally(handler: h))
            case .popBlock:
                frame.blocks.removeLast()
            case .enterFinally:
                frame.pending.append(.none)
                frame.blocks.append(.finallyActive)
            case .endFinally:
                frame.blocks.removeLast()
                let p = frame.pending.removeLast()
                switch p {
                case .none: break
                case .exception(let e): throw PyRaise(e)
                case .jump(let target, let depth):
                    if unwind(frame, to: depth, pending: p) { frame.pc = target }
                case .ret(let v):
                    if unwind(frame, to: 0, pending: p) { return .returned(v) }
                }
            case .matchExcept(let types, let bind, let next):
                guard let exc = frame.currentExc else { frame.pc = next; continue }
                if types.isEmpty || types.contains(where: { ExceptionTypes.isSubclass(exc.type, of: $0) }) {
                    frame.handling.append(exc)
                    frame.blocks.append(.handling)
                    exc.retrieved = true
                    if let bind { try assign(bind, .exception(exc), frame) }
                } else {
                    frame.pc = next
                }
            case .popHandler:
                frame.blocks.removeLast()
                frame.handling.removeLast()
            case .reraiseCurrent:
                if let e = frame.currentExc { throw PyRaise(e) }
            case .raise(let kind):
                throw PyRaise(try makeException(kind, frame))
            case .unwindJump(let target, let depth):
                if unwind(frame, to: depth, pending: .jump(target: target, depth: depth)) { frame.pc = target }
            case .ret(let e):
                let v = try e.map { try eval($0, frame) } ?? .none
                if unwind(frame, to: 0, pending: .ret(v)) { return .returned(v) }

            case .append(let l, let v):
                let lv = try eval(l, frame)
                guard case .list(let box) = lv else { throw PyRaise("AttributeError", "'\(typeName(lv))' object has no attribute 'append'") }
                box.items.append(try eval(v, frame))
            case .cancel(let e):
                let v = try eval(e, frame)
                guard case .task(let t) = v else { throw PyRaise("AttributeError", "'\(typeName(v))' object has no attribute 'cancel'") }
                let target = tasks[t - 1]
                rec.event(now, task: task.id, .cancel, object: "task \(target.name)", "\(task.name) cancels \(target.name)" + (target.finished ? " (already done: no effect)" : ""), line: task.line)
                cancelRecursed = false
                cancelTask(target, by: task.id)
                if cancelRecursed {
                    cancelRecursed = false
                    throw PyRaise("RecursionError", "maximum recursion depth exceeded")
                }
            case .release(let e):
                try release(task, try resource(e, frame, [.lock, .semaphore], "release"))
            case .set(let e):
                let r = try resource(e, frame, [.event], "set")
                // The set first, then the waiters it wakes.
                rec.event(now, task: task.id, .set, label: resourceLabel(r), "\(task.name) sets event \(resources[r].name)", line: task.line)
                eventSet(r)
                snapshot(r)
            case .clear(let e):
                let r = try resource(e, frame, [.event], "clear")
                resources[r].flag = false
                rec.event(now, task: task.id, .clear, label: resourceLabel(r), "\(task.name) clears event \(resources[r].name)", line: task.line)
                snapshot(r)
            case .taskDone(let e):
                let r = try resource(e, frame, [.queue], "task_done")
                let q = resources[r]
                if q.unfinished <= 0 { throw PyRaise("ValueError", "task_done() called too many times") }
                q.unfinished -= 1
                if q.unfinished == 0 { eventSet(q.finishedEvent) }
                var text = TextBuilder()
                text.add(task.name); text.add(" marks an item of queue "); text.add(q.name); text.add(" done (")
                text.add(q.unfinished); text.add(" unfinished)")
                rec.event(now, task: task.id, .taskDone, label: resourceLabel(q), text.text, line: task.line)
                snapshot(r)

            case .sleep(let e):
                let v = try eval(e, frame)
                let d = try seconds(v, "sleep")
                if options.syncMode {
                    try cpu(task, d)
                    continue
                }
                if d <= 0 {
                    yieldOnce(task)
                    frame.resume = .none
                    return .suspended
                }
                let fut: Int
                if task.sleepFuture >= 0 {
                    fut = task.sleepFuture
                    // Reset in place: only the state and the (empty) callbacks matter here.
                    futures[fut].state = .pending
                    futures[fut].first = .none
                    if futures[fut].hasMore {
                        futures[fut].hasMore = false
                        moreCallbacks[fut] = nil
                    }
                    futures[fut].retrieved = false
                } else {
                    fut = newFuture()
                    task.sleepFuture = fut
                }
                let us = micros(d)
                let timer = callAt(now + us, .sleepWake(fut: fut, task: task.id))
                frame.resume = .sleep(timer: timer)
                suspend(task, on: fut, state: .sleeping, label: sleepLabel(us))
                return .suspended
            case .cpu(let e):
                let d = try seconds(try eval(e, frame), "cpu")
                // time.sleep(-1) raises, as the twin's does (it was a zero-length cpu).
                if d < 0 { throw PyRaise("ValueError", "sleep length must be non-negative") }
                try cpu(task, d)
            case .toThread(let e, let t):
                let v = try eval(e, frame)
                let d = try seconds(v, "to_thread")
                let fut = newFuture()
                let j = submitJob(task: task, fut: fut, duration: micros(max(0, d)))
                // time.sleep(-1) raises in the worker, at once, as the twin's does.
                if d < 0 { jobs[j].error = .make("ValueError", "sleep length must be non-negative") }
                rec.event(now, task: task.id, .offload, object: "worker", jobs[j].worker >= 0 ? "\(task.name) offloads \(PyFormat.str(v)) s to worker \(jobs[j].worker + 1)" : "\(task.name) offloads \(PyFormat.str(v)) s: all workers busy, queued", line: task.line)
                frame.resume = .toThread(j, t)
                suspend(task, on: fut, state: .offloaded, on: "to_thread \(PyFormat.str(v))")
                return .suspended
            case .call(let f, let args, let t):
                var vals: [Value] = []
                vals.reserveCapacity(args.count)
                for a in args { vals.append(try eval(a, frame)) }
                try checkArity(f, vals.count)
                frame.resume = .assign(t)
                task.frames.append(Frame(code: program.functions[f], args: vals))
                if task.frames.count > 1000 { throw PyRaise("RecursionError", "maximum recursion depth exceeded") }
                return .pushed
            case .awaitValue(let e, let t):
                let v = try eval(e, frame)
                if let flow = try awaitValue(task, frame, v, t) { return flow }
            case .gather(let items, let rx, let t):
                let values = try evalItems(items, frame)
                let outer = try gatherItems(task, values, returnExceptions: rx)
                let g = gatherIndex(outer)
                if futures[outer].state != .pending {
                    let v = try futureResult(outer)
                    if let t { try assign(t, v, frame) }
                    continue
                }
                frame.resume = .gather(g, t)
                suspend(task, on: outer, state: .blocked, on: "gather of \(gathers[g].count)")
                return .suspended
            case .wait(let items, let mode, let timeout, let t):
                let values = try evalItems(items, frame)
                let to = try timeout.map { try seconds(try eval($0, frame), "wait timeout") }
                try startWait(task, frame, values, mode: mode, timeout: to, target: t)
                return .suspended
            case .acquire(let e):
                let r = try resource(e, frame, [.lock, .semaphore], "acquire")
                if try acquire(task, frame, r, withSlot: nil) { return .suspended }
            case .withEnter(let e, let slot):
                let r = try resource(e, frame, [.lock, .semaphore], "with")
                frame.locals[slot] = .resource(r)
                if try acquire(task, frame, r, withSlot: slot) { return .suspended }
            case .withExit(let slot):
                if case .resource(let r) = frame.locals[slot] { try release(task, r) }
            case .waitEvent(let e):
                let r = try resource(e, frame, [.event], "wait")
                if eventWait(task, frame, r, label: "event \(resources[r].name)") { return .suspended }
            case .put(let q, let v):
                let r = try resource(q, frame, [.queue], "put")
                let item = try eval(v, frame)
                if queuePut(task, frame, r, item) { return .suspended }
            case .get(let q, let t):
                let r = try resource(q, frame, [.queue], "get")
                if try queueGet(task, frame, r, t, asCompleted: false) { return .suspended }
            case .join(let q):
                let r = try resource(q, frame, [.queue], "join")
                let queue = resources[r]
                rec.event(now, task: task.id, .join, label: resourceLabel(queue), "\(task.name) joins queue \(queue.name) (\(queue.unfinished) unfinished)", line: task.line)
                if queue.unfinished > 0 {
                    if eventWait(task, frame, queue.finishedEvent, label: "join queue \(queue.name)") { return .suspended }
                }
            case .timeoutEnter(let e, let slot):
                let v = try eval(e, frame)
                let tid = timeouts.count
                var when: Micros? = nil
                if case .none = v {} else { when = now + micros(try seconds(v, "timeout")) }
                let rec = TimeoutRec(task: task.id, when: when ?? .max)
                timeouts.append(rec)
                rec.state = .entered
                rec.cancelling = task.cancelling
                if let when {
                    rec.timer = when <= now ? callSoonTimer(.timeout(tid)) : callAt(when, .timeout(tid))
                }
                frame.locals[slot] = .int(tid)
            case .timeoutExit(let slot):
                guard case .int(let tid) = frame.locals[slot] else { continue }
                timeoutExit(task, frame, tid)
            case .taskGroupEnter(let slot):
                taskGroups.append(TaskGroupRec(parent: task.id))
                frame.locals[slot] = .int(taskGroups.count - 1)
            case .taskGroupExit(let slot):
                guard case .int(let g) = frame.locals[slot] else { continue }
                let tg = taskGroups[g]
                tg.exiting = true
                if case .exception(let e)? = frame.pending.last {
                    tg.bodyExc = e
                    if e.isCancelled { tg.propagateCancel = e }
                    if !tg.aborting { abortTaskGroup(g) }
                }
                if try taskGroupExitLoop(task, frame, g) { return .suspended }
            case .asCompletedInit(let items, let timeout, let slot):
                let values = try evalItems(items, frame)
                let to = try timeout.map { try seconds(try eval($0, frame), "as_completed timeout") }
                frame.locals[slot] = .int(try startAsCompleted(task, values, timeout: to))
            case .asCompletedNext(let slot, let t, let exit):
                guard case .int(let a) = frame.locals[slot] else { frame.pc = exit; continue }
                let ac = asCompleteds[a]
                if ac.left == 0 { frame.pc = exit; continue }
                ac.left -= 1
                if try queueGet(task, frame, ac.queue, t, asCompleted: true) { return .suspended }
            case .waitForPrepare(let e, let timeout, let slot, let skip, let t):
                let aw = try eval(e, frame)
                let to = try eval(timeout, frame)
                frame.locals[slot] = aw
                frame.locals[slot + 1] = to
                if case .none = to { continue }
                let d = try seconds(to, "wait_for timeout")
                if d > 0 { continue }
                frame.pc = skip
                // CPython: ensure_future, and if it is not done, cancel it and wait.
                let fut = try ensureFuture(task, aw)
                if futures[fut].state != .pending {
                    // `return fut.result()`: a cancelled task raises CancelledError as it is.
                    let v = try futureResult(fut)
                    if let t { try assign(t, v, frame) }
                    continue
                }
                let waiter = newFuture()
                addCallback(fut, .releaseWaiter(waiter))
                cancelFuture(fut, by: task.id)
                rec.event(now, task: task.id, .timeout, object: nil, "wait_for timeout \(PyFormat.str(to)) ≤ 0: cancelled at once", line: task.line)
                frame.resume = .cancelAndWait(waiter: waiter, inner: fut, t)
                suspend(task, on: waiter, state: .blocked, on: "wait_for cancellation")
                return .suspended
            }
        }
    }

    // MARK: - Helpers used by the ops

    func micros(_ seconds: Double) -> Micros {
        if !seconds.isFinite { return seconds > 0 ? Micros.max / 4 : 0 }
        let us = (seconds * 1_000_000).rounded()
        if us > Double(Micros.max / 4) { return Micros.max / 4 }
        if us < -Double(Micros.max / 4) { return -(Micros.max / 4) }
        return Micros(us)
    }

    /// The label id of `sleep <duration>`, made once per duration.
    func sleepLabel(_ us: Micros) -> Int32 {
        if let id = sleepLabels[Int(us)] { return Int32(truncatingIfNeeded: id) }
        var t = TraceRecorder.seconds(us)
        if t.hasSuffix(".0") { t.removeLast(2) }
        let id = rec.label("sleep " + t)
        sleepLabels[Int(us)] = Int(id)
        return id
    }

    func seconds(_ v: Value, _ what: String) throws -> Double {
        switch v {
        case .int(let i): return Double(i)
        case .float(let d):
            if d.isNaN {
                throw PyRaise("ValueError", what == "sleep" ? "Invalid delay: NaN (not a number)"
                              : what == "cpu" ? "Invalid value NaN (not a number)" : "\(what): duration is NaN")
            }
            return d
        case .bool(let b): return b ? 1 : 0
        default:
            // What CPython says: asyncio.sleep compares the delay with 0 first.
            if what == "sleep" { throw PyRaise("TypeError", "'<=' not supported between instances of '\(typeName(v))' and 'int'") }
            if what == "cpu" { throw PyRaise("TypeError", "'\(typeName(v))' object cannot be interpreted as an integer") }
            throw PyRaise("TypeError", "\(what) needs a number of seconds, not '\(typeName(v))'")
        }
    }

    func cpu(_ task: SimTask, _ d: Double) throws {
        let us = micros(max(0, d))
        guard us > 0 else { return }
        rec.event(now, task: task.id, .run, object: "cpu", "\(task.name) blocks the loop for \(TraceRecorder.duration(us)) (cpu)", line: task.line)
        if now + us > horizon {
            advance(to: horizon)
            throw StopRun(reason: .horizon, detail: "")
        }
        advance(to: now + us)
    }

    func checkArity(_ f: Int, _ n: Int) throws {
        let code = program.functions[f]
        if code.paramCount != n {
            throw PyRaise("TypeError", "\(code.name)() takes \(code.paramCount) positional argument\(code.paramCount == 1 ? "" : "s") but \(n) \(n == 1 ? "was" : "were") given")
        }
    }

    func evalItems(_ items: [CExpr], _ frame: Frame) throws -> [Value] {
        var out: [Value] = []
        out.reserveCapacity(items.count)
        for i in items {
            if case .star(let inner) = i {
                let v = try eval(inner, frame)
                let it = try iterator(of: v)
                while let x = it.next() { out.append(x) }
            } else {
                out.append(try eval(i, frame))
            }
        }
        return out
    }

    func resource(_ e: CExpr, _ frame: Frame, _ kinds: [ResourceKind], _ what: String) throws -> Int {
        let v = try eval(e, frame)
        guard case .resource(let r) = v, kinds.contains(resources[r].kind) else {
            let k = kinds.map(\.rawValue).joined(separator: " or ")
            throw PyRaise("TypeError", "\(what) needs a \(k), not \(describeForError(v))")
        }
        return r
    }

    func describeForError(_ v: Value) -> String {
        if case .resource(let r) = v { return "\(resources[r].kind.rawValue) \(resources[r].name)" }
        return "'\(typeName(v))'"
    }

    func makeException(_ kind: RaiseKind, _ frame: Frame) throws -> ExcBox {
        switch kind {
        case .reraise:
            if let e = frame.handling.last { return e }
            throw PyRaise("RuntimeError", "No active exception to reraise")
        case .type(let name, let msg):
            let args = try msg.map { [try eval($0, frame)] } ?? []
            if ExceptionTypes.isGroup(name) {
                // A group needs a message and a list of exceptions: `ExceptionGroup("x")` is a TypeError.
                throw PyRaise("TypeError", "BaseExceptionGroup.__new__() takes exactly 2 arguments (\(args.count) given)")
            }
            return ExcBox(name, args)
        case .value(let e):
            let v = try eval(e, frame)
            if case .exception(let x) = v { return x }
            throw PyRaise("TypeError", "exceptions must derive from BaseException")
        }
    }

    /// `ensure_future`: a task stays itself, a coroutine becomes a new task.
    func ensureFuture(_ task: SimTask, _ v: Value) throws -> Int {
        switch v {
        case .task(let t): return tasks[t - 1].fut
        case .coroutine(let c):
            if c.used {
                // CPython still makes the task; its first step raises (`coro.send` on a finished
                // coroutine), so the caller sees the error only through the task.
                let t = try createTask(function: c.function, args: c.args, label: nil, parent: task, line: c.line)
                t.failOnStart = .make("RuntimeError", "cannot reuse already awaited coroutine")
                return t.fut
            }
            markUsed(c)
            try checkArity(c.function, c.args.count)
            return try createTask(function: c.function, args: c.args, label: nil, parent: task, line: c.line).fut
        default:
            throw PyRaise("TypeError", "An asyncio.Future, a coroutine or an awaitable is required")
        }
    }

    func awaitValue(_ task: SimTask, _ frame: Frame, _ v: Value, _ t: CTarget?) throws -> Flow? {
        switch v {
        case .task(let id):
            if id == task.id {
                // Task.__step sees the task yield itself and call_soon's its next step with the
                // error: it is raised one iteration later.
                task.stepExc = .make("RuntimeError", "Task cannot await on itself")
                frame.resume = .none
                yieldOnce(task)
                return .suspended
            }
            let other = tasks[id - 1]
            if futures[other.fut].state != .pending {
                let r = try futureResult(other.fut)
                if let t { try assign(t, r, frame) }
                return nil
            }
            frame.resume = .awaitTask(other.fut, t)
            suspend(task, on: other.fut, state: .blocked, on: "task \(other.name)")
            return .suspended
        case .coroutine(let c):
            if c.used { throw PyRaise("RuntimeError", "cannot reuse already awaited coroutine") }
            markUsed(c)
            try checkArity(c.function, c.args.count)
            frame.resume = .assign(t)
            task.frames.append(Frame(code: program.functions[c.function], args: c.args))
            if task.frames.count > 1000 { throw PyRaise("RecursionError", "maximum recursion depth exceeded") }
            return .pushed
        default:
            throw PyRaise("TypeError", "object \(typeName(v)) can't be used in 'await' expression")
        }
    }
}
