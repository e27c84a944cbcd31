import Testing
@testable import asyncviz
@testable import SchedulerSim

@Suite struct TimelineTests {
    let tl = Fixture.gather

    @Test func rowsInTreeOrder() {
        #expect(tl.rows.map(\.name) == ["main", "fetch#1", "fetch#2", "fetch#3"])
        #expect(tl.rows.map(\.depth) == [0, 1, 1, 1])
    }

    @Test func hiddenMainIsOmitted() {
        #expect(Fixture.lock.rows.map(\.name) == ["a", "b"])
        #expect(Fixture.lock.rows.map(\.depth) == [0, 0])
    }

    @Test func stateAtEventIndex() {
        // After event 1 (main starts) main runs; fetch#1 does not exist yet.
        #expect(tl.state(ofTask: 1, at: 0) == .running)
        #expect(tl.state(ofTask: 2, at: 0) == nil)
        // After the spawn of fetch#1 it is ready.
        #expect(tl.state(ofTask: 2, at: 1) == .ready)
        let last = tl.lastIndex
        #expect(tl.state(ofTask: 1, at: last) == nil)
        #expect(tl.isFinished(task: 1, at: last))
        // In the middle (t = 1.5) main is blocked on gather, fetch#2 sleeps, fetch#1 is done.
        let mid = tl.index(atTime: 1_500_000)
        #expect(tl.state(ofTask: 1, at: mid) == .blocked)
        #expect(tl.span(ofTask: 1, at: mid)?.on == "gather")
        #expect(tl.state(ofTask: 3, at: mid) == .sleeping)
        #expect(tl.state(ofTask: 2, at: mid) == nil)
    }

    @Test func instants() {
        let firstAt1 = tl.nextInstant(after: 0)
        #expect(tl.time(at: firstAt1) == 1_000_000)
        #expect(tl.time(at: firstAt1 + 1) == 2_000_000)
        #expect(tl.time(at: tl.nextInstant(after: firstAt1)) == 2_000_000)
        #expect(tl.time(at: tl.previousInstant(before: firstAt1)) == 0)
        #expect(tl.previousInstant(before: 3) == 0)
        #expect(tl.nextInstant(after: tl.lastIndex) == tl.lastIndex)
        #expect(tl.index(atTime: 0) == tl.previousInstant(before: firstAt1))
    }

    @Test func resourcesAtIndex() {
        let lk = Fixture.lock
        #expect(lk.resources(at: 0)[0].snapshot == nil)
        let waiting = lk.trace.events.firstIndex { $0.text == "b blocked: lock db is held by a" }!
        let r = lk.resources(at: waiting)[0]
        #expect(r.snapshot?.holders == [2])
        #expect(r.snapshot?.waiters == [3])
        #expect(lk.resources(at: lk.lastIndex)[0].snapshot?.holders == [])
    }
}
