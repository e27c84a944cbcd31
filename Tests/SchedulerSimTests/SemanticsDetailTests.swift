import Testing
@testable import SchedulerSim

/// SPEC §2 details the whole-run summaries of SemanticsTests do not show: timeline states, stop
/// details, warnings. Each scenario's times were checked against its CPython twin
/// (`Tests/conformance/semantics/`); the warning texts are asyncviz's own.
extension SemanticsTests {
    @Test func cpuKeepsTheLoopAndALateTimerIsReady() {
        // twin: cpu_timers_late.py (sleeper resumes at 2.0, not 0.5)
        let t = Sim.run("""
        def sleeper():
            sleep 0.5
            print "sleeper woke at {now()}"
        def hog():
            cpu 2
        main:
            gather sleeper(), hog()
        """)
        #expect(Sim.visibleSpans(t, "sleeper#1") == ["sleeping 0.0-0.5", "ready 0.5-2.0"])
        #expect(Sim.visibleSpans(t, "hog#1") == ["running 0.0-2.0"])
        #expect(Sim.visibleSpans(t, "main") == ["blocked 0.0-2.0"])
        #expect(Sim.prints(t) == ["2.0 sleeper woke at 2.0"])
    }

    @Test func offloadedWhileOnAWorker() {
        // twin: to_thread_cancel_keeps_worker.py — the cancelled job's worker stays busy until 2.0
        let t = Sim.run("""
        workers 1
        def job():
            to_thread 2
        main:
            t = spawn job() as "job"
            sleep 0.5
            cancel t
            to_thread 1
        """)
        #expect(Sim.visibleSpans(t, "job") == ["offloaded 0.0-0.5"])
        #expect(Sim.visibleSpans(t, "main") == ["sleeping 0.0-0.5", "offloaded 0.5-3.0"])
        #expect(t.workers.first?.busy.map { "\(Sim.ts($0.start))-\(Sim.ts($0.end))" } == ["0.0-2.0", "2.0-3.0"])
        #expect(t.end == 3_000_000)
    }

    @Test func warnings() {
        // CPython (debug mode) reports the same three: "Executing <Task …> took 0.202 seconds",
        // "Task exception was never retrieved", "RuntimeWarning: coroutine 'f' was never awaited".
        let t = Sim.run("""
        def f():
            sleep 0.1
        def bad():
            sleep 0.1
            raise ValueError "lost"
        main:
            spawn bad() as "bad"
            c = [f()]
            cpu 0.2
            sleep 0.5
        """)
        #expect(t.end == 700_000)
        let texts = t.warnings.map(\.text)
        #expect(texts.contains { $0.contains("blocked the loop for 200 ms") })
        #expect(texts.contains { $0.hasPrefix("Task exception was never retrieved") && $0.contains("ValueError: lost") })
        #expect(texts.contains("coroutine 'f' was never awaited"))
        #expect(t.warnings.first { $0.text.contains("blocked") }?.line == 10)
    }

    @Test func noSlowStepWarningBelow100ms() {
        let t = Sim.run("main:\n    cpu 0.099\n    sleep 1\n")
        #expect(!t.warnings.contains { $0.text.contains("blocked the loop") })
    }

    @Test func pendingTaskWarningWhenMainReturns() {
        let t = Sim.run("""
        def bg():
            sleep 10
        main:
            spawn bg() as "bg"
            sleep 1
        """)
        #expect(t.end == 1_000_000)
        #expect(Sim.task(t, "bg")?.outcome == .cancelled)
        #expect(t.warnings.contains { $0.text.contains("bg") && $0.text.contains("pending") })
    }

    @Test func neverYieldsNamesTheTaskAndLine() throws {
        let t = Sim.run("""
        task spinner:
            forever:
                pass
        task other:
            sleep 1
        """)
        #expect(t.stop == .neverYields)
        #expect(t.end == 0)
        let detail = try #require(t.stopDetail)
        #expect(detail.contains("spinner") && detail.contains("line 3") && detail.contains("never yields"), "\(detail)")
        #expect(Sim.task(t, "other")?.outcome == .pending)
    }

    @Test func sleepZeroForeverHitsTheIterationRule() throws {
        // CPython twin sleep0_forever.py: the harness stops it after 1,000,000 iterations at t = 0
        // (SemanticsTests.sleep0Forever runs the full count; here a lower limit keeps it quick).
        var options = SimulationOptions()
        options.maxIterationsPerInstant = 1_000
        let t = Sim.run("main:\n    forever:\n        sleep 0\n", options: options)
        #expect(t.stop == .neverYields)
        #expect(t.end == 0)
        #expect(try #require(t.stopDetail).contains("without the clock moving"))
    }

    @Test func deadlockOnALoneEvent() throws {
        // twin deadlock_event.py: CPython would wait forever at 0.5 s
        let t = Sim.run("event E\nmain:\n    sleep 0.5\n    wait E\n")
        #expect(t.stop == .deadlock)
        #expect(t.end == 500_000)
        let detail = try #require(t.stopDetail)
        #expect(detail.contains("main waits on event E (line 4)"), "\(detail)")
        #expect(!detail.contains("Cycle"))
    }

    @Test func deadlockOfTwoLocksShowsTheCycle() throws {
        let t = Sim.run("""
        lock a
        lock b
        def one():
            with a:
                sleep 1
                with b:
                    pass
        def two():
            with b:
                sleep 1
                with a:
                    pass
        main:
            gather one(), two()
        """)
        #expect(t.stop == .deadlock)
        #expect(t.end == 1_000_000)
        let detail = try #require(t.stopDetail)
        #expect(detail.contains("Cycle: one#1 → two#1 → one#1"), "\(detail)")
    }

    @Test func horizonTruncates() {
        // twin horizon.py with --until 5: ticks at 0…5, then the run is cut
        let t = Sim.run("until 5\nmain:\n    forever:\n        sleep 1\n")
        #expect(t.stop == .horizon)
        #expect(t.truncated)
        #expect(t.end == 5_000_000)
        #expect(t.tasks[0].outcome == .pending)
        let cut = Sim.run("main:\n    forever:\n        sleep 1\n", options: .init(until: 2.5))
        #expect(cut.truncated && cut.end == 2_500_000)
    }

    @Test func mainRaisedIsTheStop() throws {
        // twin main_raises.py
        let t = Sim.run("main:\n    sleep 1\n    raise ValueError \"boom\"\n")
        #expect(t.stop == .mainRaised)
        #expect(!t.truncated)
        #expect(t.tasks[0].error == "ValueError: boom")
        #expect(try #require(t.stopDetail).contains("ValueError: boom"))
    }
}
