import Testing
@testable import SchedulerSim

/// The packed trace storage must read back exactly what was recorded: across chunk boundaries,
/// with span starts beyond 32 bits of microseconds, and with sentences made on demand.
@Suite struct TraceStorageTests {
    @Test func spanStartsBeyondThirtyTwoBits() {
        // 5,000 s = 5e9 µs > 2^32 µs: span starts come from their events' instants, which keep 64 bits.
        let t = Sim.run("""
        until 20000
        def napper():
            sleep 5000
            cpu 1
            sleep 4000
        main:
            gather napper()
        """)
        #expect(Sim.visibleSpans(t, "napper#1") == ["sleeping 0.0-5000.0", "running 5000.0-5001.0", "sleeping 5001.0-9001.0"])
        #expect(t.end == 9_001_000_000)
        #expect(t.events.last?.time == 9_001_000_000)
    }

    @Test func eventsAcrossChunksAndInstants() {
        // 40,000 tasks × 1 sleep: more than one 32,768-event chunk, few instants.
        let t = Sim.run("""
        def w(i):
            sleep 0.001 * (1 + i % 3)
        main:
            gather *[w(i) for i in range(40000)]
        """)
        let times = t.events.times
        #expect(times.count == t.events.count)
        #expect(t.events.count > 70_000)
        for i in stride(from: 0, to: t.events.count, by: 997) {
            #expect(t.events[i].time == times[i])
            #expect(t.events[i].seq == i + 1)
        }
        #expect(zip(times, times.dropFirst()).allSatisfy { $0 <= $1 })
        #expect(Set(times).count == 4)
        let wakes = t.events.filter { $0.kind == .wake }
        #expect(wakes.count == 40_000)
        #expect(wakes.first?.text == "w#1 wakes: sleep 0.001 is over")
    }

    @Test func resourceSentencesAndSnapshots() {
        let t = Sim.run("""
        semaphore s 2
        lock l
        def job(i):
            with s:
                with l:
                    sleep 1
        main:
            gather *[job(i) for i in range(8)]
        """)
        let texts = t.events.map(\.text)
        #expect(texts.contains("job#1 acquires semaphore s (1/2 held)"))
        #expect(texts.contains("job#1 acquires lock l"))
        #expect(texts.contains("job#1 releases lock l"))
        #expect(texts.contains("job#1 releases semaphore s"))
        #expect(texts.contains("job#3 waits on semaphore s (full: 2/2 held by job#1, job#2)"))
        #expect(texts.contains("job#3 is woken: semaphore s is free for it"))
        #expect(texts.contains("main spawned job#8"))
        // Snapshots read back as recorded, in seq order.
        let snaps = Array(t.resourceSnapshots)
        #expect(!snaps.isEmpty)
        #expect(zip(snaps, snaps.dropFirst()).allSatisfy { $0.seq <= $1.seq })
        #expect(snaps.contains { $0.resource == 0 && $0.holderCount == 2 && $0.waiterCount == 6 && $0.waiters.count == 6 })
        let copy = SnapshotList(snaps)
        #expect(Array(copy) == snaps)
    }

    @Test func crowdedSemaphoreSaysCounts() {
        let t = Sim.run("""
        semaphore s 6
        def job(i):
            with s:
                sleep 1
        main:
            gather *[job(i) for i in range(7)]
        """)
        #expect(t.events.map(\.text).contains("job#7 waits on semaphore s (full: 6/6 held)"))
    }
}

/// The state a task is in after an event is the one that event explains: a task is blocked from
/// its `waits on` event on, running from its `starts`/`resumes` event on, done from its finish.
@Suite struct StateAtEventTests {
    @Test func stateChangesLineUpWithTheirEvents() {
        let t = Sim.run("""
        def fetch(d):
            sleep d
            return d
        main:
            gather fetch(1), fetch(2)
        """)
        let tl = Timeline(t)
        func index(_ text: String) -> Int { t.events.firstIndex { $0.text == text }! }
        let mainID = t.tasks.first { $0.name == "main" }!.id
        let f1 = t.tasks.first { $0.name == "fetch#1" }!.id
        let waits = index("main waits on gather of 2")
        #expect(tl.state(ofTask: mainID, at: waits - 1) == .running)
        #expect(tl.state(ofTask: mainID, at: waits) == .blocked)
        let starts = index("fetch#1 starts")
        #expect(tl.state(ofTask: f1, at: starts - 1) == .ready)
        #expect(tl.state(ofTask: f1, at: starts) == .running)
        let sleeps = index("fetch#1 waits on sleep 1")
        #expect(tl.state(ofTask: f1, at: sleeps - 1) == .running)
        #expect(tl.state(ofTask: f1, at: sleeps) == .sleeping)
        let wakes = index("fetch#1 wakes: sleep 1 is over")
        #expect(tl.state(ofTask: f1, at: wakes - 1) == .sleeping)
        #expect(tl.state(ofTask: f1, at: wakes) == .ready)
        let returns = index("fetch#1 returns 1")
        #expect(tl.state(ofTask: f1, at: returns - 1) == .running)
        #expect(!tl.isFinished(task: f1, at: returns - 1))
        #expect(tl.isFinished(task: f1, at: returns))
    }
}

extension TraceStorageTests {
    @Test func crowdedSemaphoreBeyondAByteSaysCountsToo() {
        let t = Sim.run("""
        semaphore s 300
        def job(i):
            with s:
                sleep 1
        main:
            gather *[job(i) for i in range(301)]
        """)
        #expect(t.events.map(\.text).contains("job#301 waits on semaphore s (full: 300/300 held)"))
    }

    @Test func finishSentencesComeFromTheTaskRecord() {
        let long = String(repeating: "0123456789", count: 7)
        let t = Sim.run("""
        def long():
            sleep 1
            return "\(long)"
        def fail():
            sleep 1
            raise ValueError "boom"
        def idle():
            sleep 100
        main:
            f = spawn idle() as "f"
            results = gather long(), fail() return_exceptions
            cancel f
            sleep 1
        """)
        let finishes = t.events.filter { $0.kind == .finish }.map(\.text)
        // As the recorder once wrote them: results cut to 57 characters and "...".
        #expect(finishes.contains("long#1 returns '" + long.prefix(56) + "..."))
        #expect(finishes.contains("fail#1 fails: ValueError: boom"))
        #expect(finishes.contains("f is cancelled"))
        #expect(finishes.contains("main returns None"))
        // No literal sentence was kept for them.
        #expect(t.events.texts.allSatisfy { !$0.contains(" returns ") && !$0.contains(" is cancelled") })
        #expect(Sim.task(t, "long#1")?.result == "'" + long + "'")
    }

    @Test func tasksReadBackAsGiven() {
        let given = [
            TraceTask(id: 1, name: "main", parent: nil, function: "main", created: 0, finished: 7, outcome: .result,
                      result: "None", hidden: true),
            TraceTask(id: 2, name: "a much longer task name than fits inline", parent: 1, function: "f", created: 1,
                      finished: 5, outcome: .exception, error: "ValueError: x", depth: 1),
            TraceTask(id: 3, name: "g", parent: 2, function: "f", created: Micros.max / 4, outcome: .pending, depth: 2),
            TraceTask(id: 4, name: "h", parent: nil, function: "main", created: 2, finished: 3, outcome: .cancelled,
                      result: "r", error: "e", depth: 300_000),
            TraceTask(id: 5, name: "i", parent: 3, function: "f", created: 2, finished: 9, outcome: .result, result: "None"),
        ]
        var list = TaskList(given)
        #expect(Array(list) == given)
        // Equal results next to each other are stored once; functions once each.
        #expect(list.details == ["None", "ValueError: x", "r", "e", "None"])
        #expect(list.functions == ["main", "f"])
        list[2].finished = 11
        list[2].name = "renamed"
        #expect(list[2].finished == 11 && list[2].name == "renamed" && list[2].depth == 2)
        list.append(TraceTask(id: 6, name: "j", parent: 5, function: "k", created: 4))
        #expect(list.count == 6 && list[5].function == "k" && list[5].finished == nil)
    }

    /// Lines past the packed span's 13 bits: a task's lines are stored relative to its def, so a
    /// task deep in a long file needs no side table (every span of it went to one, and a
    /// 100,000-task run there took 2 s and 440 MB instead of 0.8 s and 150 MB); a call to a def
    /// far away is escaped, and both read back exactly.
    @Test func linesDeepInALongFilePackRelativeToTheirTask() {
        var lines = (0..<9000).map { "# filler \($0)" }
        let workerLine = lines.count + 1
        lines += ["def worker(i):", "    for k in range(3):", "        sleep 0.001 * (1 + k)", "        helper(i)", ""]
        lines += (0..<12000).map { "# more \($0)" }
        let helperLine = lines.count + 1
        lines += ["def helper(i):", "    sleep 0.002", "", "main:", "    gather *[worker(i) for i in range(4)]"]
        let t = Sim.run(lines.joined(separator: "\n") + "\n")
        let spans = Array(t.spans)
        let worker = spans.filter { Sim.task(t, "worker#1")?.id == $0.task }
        // Its def's lines, the helper's far line, and main's line where it was started.
        #expect(Set(worker.map(\.line)) == [workerLine, workerLine + 2, helperLine + 1, helperLine + 4])
        // Only the workers' spans at far lines are escaped, not those at their own def.
        let workers = Set(t.tasks.filter { $0.name.hasPrefix("worker") }.map(\.id))
        let far = spans.filter { workers.contains($0.task) && $0.line >= helperLine }.count
        let near = spans.filter { workers.contains($0.task) && $0.line < helperLine }.count
        #expect(near > 0 && t.spans.escapes.count <= far + 2, "\(t.spans.escapes.count) escaped, \(far) far, \(near) near")
        #expect(t.spans.lineBase.contains { $0 != 0 })
    }

    /// Escapes are appended in time order, interleaved across tasks, and grouped by task at the
    /// end; every one is found again, and keys never stored are not.
    @Test func spanEscapesFindWhatWasStored() {
        var rng = SplitMix64(seed: 7)
        var escapes = SpanEscapes()
        var next = [Int](repeating: 0, count: 50)
        var stored: [(Int64, SpanEscape)] = []
        for n in 0..<2000 {
            let k = Int(rng.next() % 50)
            next[k] += 1 + Int(rng.next() % 3)  // span indices of a task only grow
            let key = PackedSpan.key(k, next[k])
            let value = SpanEscape(start: Micros(n), on: Int32(n % 70_000), line: Int32(n))
            escapes.append(key, value)
            stored.append((key, value))
        }
        escapes.groupByTask(tasks: 50)
        #expect(escapes.keys == escapes.keys.sorted())
        for (key, value) in stored {
            let found = escapes[key]
            #expect(found?.start == value.start && found?.on == value.on && found?.line == value.line)
        }
        #expect(escapes[PackedSpan.key(3, 1_000_000)] == nil && escapes[PackedSpan.key(60, 0)] == nil)
    }

    @Test func packedSizes() {
        // The sizes the storage is sized by (a field added or reordered would grow them).
        #expect(MemoryLayout<PackedSpan>.stride == 8)
        #expect(MemoryLayout<PackedEvent>.stride == 8)
        #expect(MemoryLayout<PackedTask>.stride == 56)
        #expect(MemoryLayout<TraceRecorder.Track>.stride == 48)
    }

    @Test func eventKindCodesFollowAllCases() {
        for (i, k) in EventKind.allCases.enumerated() {
            #expect(Int(k.code) == i)
            #expect(EventKind.byCode[i] == k)
        }
    }

    @Test func eventFieldsThatDoNotFitAreEscapedExactly() {
        let given = [
            TraceEvent(seq: 1, time: 0, task: 1, kind: .run, object: nil, text: "a", line: 3),
            TraceEvent(seq: 2, time: 0, task: 9_000_000, kind: .warning, object: "x", text: "b", line: 40_000),
            TraceEvent(seq: 3, time: 5, task: -3, kind: .finish, object: nil, text: "c", line: -1),
            TraceEvent(seq: 4, time: 5, task: 0, kind: .print, object: "y", text: "d", line: 0),
        ]
        var list = EventList(given)
        #expect(Array(list) == given)
        #expect(list.escapeAt == [1, 2])
        // A task object (a spawn's) does not fit 16 bits either; giving it back an index does.
        list.setObject(0, EventList.taskObject(70_000))
        #expect(list.escapeAt == [0, 1, 2])
        #expect(list[0].object == "task task 70000" && list[0].line == 3 && list[0].kind == .run)
        list.setObject(0, -1)
        #expect(list.escapeAt == [1, 2] && list[0] == given[0])
    }

    @Test func recordedSpansImplyTheirStartsFromTheirEvents() {
        // Nearly every span starts at its start event's instant and fits 8 bytes; only a
        // handful per run are kept aside, and reading them back is the same either way.
        for name in Lessons.names {
            let t = Sim.run(Lessons.source(name))
            #expect(t.spans.escapes.count <= t.tasks.count + 2, "\(name): \(t.spans.escapes.count) of \(t.spans.count)")
            for (k, j) in t.spans.escapes.keys.map({ (Int($0 >> 32), Int($0 & 0xFFFF_FFFF)) }) {
                #expect(t.spans.perTask[k][j].escaped)
            }
        }
    }
}
