import Testing
@testable import SchedulerSim

/// The packed trace storage must read back exactly what was recorded: across chunk boundaries,
/// with span starts beyond 32 bits of microseconds, and with sentences made on demand.
@Suite struct TraceStorageTests {
    @Test func spanStartsBeyondThirtyTwoBits() {
        // 5,000 s = 5e9 µs > 2^32 µs: the high bits live beside the packed span.
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
}
