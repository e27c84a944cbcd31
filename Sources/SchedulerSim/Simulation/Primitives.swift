import DequeModule

/// Lock, Semaphore, Event and Queue, following CPython 3.13's `locks.py` and `queues.py` line by
/// line: who is woken, when a waiter's future completes, and what a cancelled waiter hands on.
extension Simulator {
    /// `await L.acquire()`; true when the task suspended.
    func acquire(_ task: SimTask, _ frame: Frame, _ r: Int, withSlot: Int?) throws -> Bool {
        let res = resources[r]
        if res.kind == .lock {
            if !res.locked && res.waiters.allSatisfy({ futures[$0].state == .cancelled }) {
                res.locked = true
                res.holders = [task.id]
                acquired(task, r)
                return false
            }
            let fut = newFuture()
            res.waiters.append(fut)
            res.waiterTasks[fut] = task.id
            frame.resume = .lockAcquire(res: r, fut: fut, withSlot: withSlot)
            let holder = res.holders.first.map { tasks[$0 - 1].name } ?? "a woken waiter"
            suspend(task, on: fut, state: .blocked, label: resourceLabel(r))
            rec.lastEventText(" (held by \(holder))")
            snapshot(r)
            return true
        }
        // Semaphore
        let locked = res.value == 0 || res.waiters.contains { futures[$0].state != .cancelled }
        if !locked {
            res.value -= 1
            res.holders.append(task.id)
            acquired(task, r)
            return false
        }
        let fut = newFuture()
        res.waiters.append(fut)
        res.waiterTasks[fut] = task.id
        frame.resume = .semAcquire(res: r, fut: fut, withSlot: withSlot)
        suspend(task, on: fut, state: .blocked, label: resourceLabel(r))
        let cap = rec.resources[r].capacity
        if res.value != 0 {
            rec.setLastTextKind(.waitsFIFO)
        } else if res.holders.count > 5 {
            // A crowd of holders: the counts say it (five names of a hundred would not help, and
            // a sentence per waiter made of names is most of a big run's memory).
            if let arg = TraceRecorder.countsArg(res.holders.count, cap) {
                rec.setLastTextKind(.waitsFull, arg: arg)
            } else {
                rec.lastEventText(" (full: \(res.holders.count)/\(cap) held)")
            }
        } else {
            let holders = res.holders.map { tasks[$0 - 1].name }.joined(separator: ", ")
            rec.lastEventText(" (full: \(res.holders.count)/\(cap) held by \(holders))")
        }
        snapshot(r)
        return true
    }

    func acquired(_ task: SimTask, _ r: Int) {
        let res = resources[r]
        if res.kind == .lock {
            rec.appendEvent(now, task.id, .acquire, resourceLabel(r), .acquires, task.line)
        } else if let arg = TraceRecorder.countsArg(res.holders.count, rec.resources[r].capacity) {
            rec.appendEvent(now, task.id, .acquire, resourceLabel(r), .acquiresCounted, task.line, arg: arg)
        } else {
            rec.event(now, task: task.id, .acquire, object: "semaphore \(res.name)",
                      "\(task.name) acquires semaphore \(res.name) (\(res.holders.count)/\(rec.resources[r].capacity) held)", line: task.line)
        }
        snapshot(r)
    }

    func release(_ task: SimTask, _ r: Int) throws {
        let res = resources[r]
        if res.kind == .lock {
            guard res.locked else { throw PyRaise("RuntimeError", "Lock is not acquired.") }
            res.locked = false
            res.holders = []
            rec.appendEvent(now, task.id, .release, resourceLabel(r), .releases, task.line)
            wakeUpFirst(r)
        } else {
            res.value += 1
            if let i = res.holders.firstIndex(of: task.id) { res.holders.remove(at: i) }
            else if !res.holders.isEmpty { res.holders.removeFirst() }
            rec.appendEvent(now, task.id, .release, resourceLabel(r), .releases, task.line)
            _ = wakeUpNext(r)
        }
        snapshot(r)
    }

    /// `"<kind> <name>"` as a label, made once per resource.
    func resourceLabel(_ r: Int) -> Int32 { resourceLabel(resources[r]) }

    func resourceLabel(_ res: Res) -> Int32 {
        if res.label < 0 { res.label = rec.label("\(res.kind.rawValue) \(res.name)") }
        return res.label
    }

    /// `Lock._wake_up_first`
    func wakeUpFirst(_ r: Int) {
        let res = resources[r]
        guard let fut = res.waiters.first else { return }
        if futures[fut].state == .pending {
            // The event first: the waiter is ready from it on.
            wokeEvent(res, fut)
            setResult(fut, .bool(true))
        }
    }

    /// `Semaphore._wake_up_next`
    func wakeUpNext(_ r: Int) -> Bool {
        let res = resources[r]
        for fut in res.waiters where futures[fut].state == .pending {
            res.value -= 1
            wokeEvent(res, fut)
            setResult(fut, .bool(true))
            return true
        }
        return false
    }

    func wokeEvent(_ res: Res, _ fut: Int) {
        guard !res.hidden, let t = res.waiterTasks[fut] else { return }
        rec.appendEvent(now, t, .wake, resourceLabel(res), res.kind == .event ? .wokenBySet : .woken, tasks[t - 1].line)
    }

    // MARK: Event

    func eventSet(_ r: Int) {
        let ev = resources[r]
        guard !ev.flag else { return }
        ev.flag = true
        for fut in ev.waiters where futures[fut].state == .pending {
            wokeEvent(ev, fut)
            setResult(fut, .bool(true))
        }
    }

    /// `await E.wait()`; true when the task suspended.
    func eventWait(_ task: SimTask, _ frame: Frame, _ r: Int, label: String) -> Bool {
        let ev = resources[r]
        if ev.flag {
            if !ev.hidden { rec.event(now, task: task.id, .wake, object: label, "\(task.name) waits on \(label): already set, goes on", line: task.line) }
            return false
        }
        let fut = newFuture()
        ev.waiters.append(fut)
        ev.waiterTasks[fut] = task.id
        frame.resume = .eventWait(res: r, fut: fut)
        suspend(task, on: fut, state: .blocked, on: label)
        snapshot(r)
        return true
    }

    // MARK: Queue

    /// `deque.remove(fut)`: O(1) in the usual case, where the waiter is at the head.
    func removeFuture(_ list: inout Deque<Int>, _ fut: Int, _ res: Res) {
        if list.first == fut { list.removeFirst() } else if let i = list.firstIndex(of: fut) { list.remove(at: i) }
        res.waiterTasks[fut] = nil
    }

    /// `Queue._wakeup_next`
    func wakeUpNextQueue(_ waiters: inout Deque<Int>) {
        while !waiters.isEmpty {
            let w = waiters.removeFirst()
            if futures[w].state == .pending {
                // The woken getter/putter is no longer a waiter; its name is not needed again.
                setResult(w, .none)
                break
            }
        }
    }

    func putNoWait(_ r: Int, _ item: Value) {
        let q = resources[r]
        q.items.append(item)
        q.unfinished += 1
        if q.finishedEvent >= 0 { resources[q.finishedEvent].flag = false }
        wakeUpNextQueue(&q.getters)
    }

    /// `await Q.put(item)`; true when the task suspended.
    func queuePut(_ task: SimTask, _ frame: Frame, _ r: Int, _ item: Value) -> Bool {
        let q = resources[r]
        if q.full {
            let fut = newFuture()
            q.putters.append(fut)
            q.waiterTasks[fut] = task.id
            frame.resume = .queuePut(res: r, fut: fut, item: item)
            suspend(task, on: fut, state: .blocked, on: "queue \(q.name) (full)")
            var text = TextBuilder()
            text.add(task.name); text.add(" waits on queue "); text.add(q.name); text.add(" (full: ")
            text.add(q.items.count); text.add("/"); text.add(q.maxsize); text.add(" items)")
            rec.replaceLastEventText(text.text)
            snapshot(r)
            return true
        }
        putNoWait(r, item)
        var text = TextBuilder()
        text.add(task.name); text.add(" puts "); text.add(PyFormat.repr(item)); text.add(" into queue "); text.add(q.name)
        text.add(" ("); text.add(q.items.count); text.add(q.items.count == 1 ? " item)" : " items)")
        rec.event(now, task: task.id, .put, label: resourceLabel(q), text.text, line: task.line)
        snapshot(r)
        return false
    }

    /// `await Q.get()` (and `as_completed`'s wait for the next finished future); true when the
    /// task suspended.
    func queueGet(_ task: SimTask, _ frame: Frame, _ r: Int, _ t: CTarget?, asCompleted: Bool) throws -> Bool {
        let q = resources[r]
        if q.items.isEmpty {
            let fut = newFuture()
            q.getters.append(fut)
            q.waiterTasks[fut] = task.id
            frame.resume = .queueGet(res: r, fut: fut, t, asCompleted: asCompleted)
            suspend(task, on: fut, state: .blocked, on: asCompleted ? "as_completed" : "queue \(q.name) (empty)")
            snapshot(r)
            return true
        }
        let item = q.items.removeFirst()
        wakeUpNextQueue(&q.putters)
        if asCompleted {
            // _wait_for_one(resolve=True)
            guard case .int(let f) = item else { throw PyRaise(ExcBox("TimeoutError")) }
            let v = try futureResult(f)
            if let t { try assign(t, v, frame) }
            return false
        }
        var text = TextBuilder()
        text.add(task.name); text.add(" gets "); text.add(PyFormat.repr(item)); text.add(" from queue "); text.add(q.name)
        rec.event(now, task: task.id, .get, label: resourceLabel(q), text.text, line: task.line)
        snapshot(r)
        if let t { try assign(t, item, frame) }
        return false
    }

    /// Records the resource's state after a change, for the resources pane (lists capped).
    func snapshot(_ r: Int) {
        guard r < rec.resources.count else { return }
        let res = resources[r]
        let cap = ResourceSnapshot.shown
        // Only the head of a long queue is looked at: counting every waiter on every change
        // would make a 100,000-waiter semaphore quadratic. The count includes waiters already
        // woken that have not run yet. A list longer than `cap` is not kept: then only the count
        // matters (and nothing is collected: this runs on every acquire and release).
        let isQueue = res.kind == .queue
        let waiterCount = isQueue ? res.getters.count + res.putters.count : res.waiters.count
        var waiters: [Int] = []
        if waiterCount > 0 && waiterCount <= cap {
            for futs in isQueue ? [res.getters, res.putters] : [res.waiters] {
                for f in futs {
                    if waiters.count >= cap { break }
                    if futures[f].state == .pending, let t = res.waiterTasks[f] { waiters.append(t) }
                }
            }
        }
        let value: Int
        switch res.kind {
        case .lock: value = res.locked ? 1 : 0
        case .semaphore: value = res.value
        case .event: value = res.flag ? 1 : 0
        case .queue: value = res.unfinished
        }
        let itemCount = isQueue ? res.items.count : 0
        let counts = (res.holders.count, waiterCount, itemCount)
        if waiters.isEmpty && (res.holders.isEmpty || res.holders.count > cap) && (itemCount == 0 || itemCount > cap) {
            rec.snapshotCounts(r, value: value, counts: counts)
            return
        }
        rec.snapshot(r, holders: res.holders.count <= cap ? res.holders : [],
                     waiters: waiters,
                     items: itemCount > 0 && itemCount <= cap ? res.items.map(PyFormat.repr) : [], value: value,
                     counts: (res.holders.count, waiterCount, itemCount))
    }
}
