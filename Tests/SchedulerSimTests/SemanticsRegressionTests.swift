import Testing
@testable import SchedulerSim

/// Differences from CPython 3.13 found by the conformance suite, each pinned by a minimal scenario
/// and what CPython (on the virtual-clock harness) does with its Python twin.
struct SemanticsRegressionTests {
    static func run(_ source: String) throws -> Trace {
        Simulation.run(try Frontend.load(source: source).get())
    }

    static func lines(_ t: Trace) -> [String] {
        t.output.map { "\(TraceRecorder.seconds($0.time)) \($0.text)" }
    }

    /// The iteration limit at one instant: N iterations run, the (N+1)-th stops the run (the
    /// harness's test_never_yields_counts_iterations_as_asyncviz_does is the same program on CPython).
    @Test func iterationLimitAtOneInstant() throws {
        var options = SimulationOptions()
        options.maxIterationsPerInstant = 10
        let t = Simulation.run(try Frontend.load(source: "main:\n    forever:\n        sleep 0\n        print \"x\"\n").get(),
                               options: options)
        #expect(t.stop == .neverYields)
        #expect(t.output.count == 9)
    }

    /// `uniform` with a non-number fails where Python's `a + (b - a) * random()` fails, with its
    /// message (asyncviz said "uniform() needs numbers"), and draws nothing from the generator.
    @Test func uniformOfANonNumber() throws {
        let t = try Self.run("""
            main:
                for p in [["a", 1], [1, "b"], [[1], [2]]]:
                    try:
                        x = uniform(p[0], p[1])
                    except TypeError as e:
                        print e
                print random()
            """)
        #expect(t.output.map(\.text) == ["unsupported operand type(s) for -: 'int' and 'str'",
                                          "unsupported operand type(s) for -: 'str' and 'int'",
                                          "unsupported operand type(s) for -: 'list' and 'list'",
                                          "0.8833108082136426"])
    }

    /// Unpacking a value that is not iterable: CPython 3.13 says "cannot unpack non-iterable int
    /// object" (asyncviz said "'int' object is not iterable", the message of `for x in 5`).
    @Test func unpackingANonIterable() throws {
        let t = try Self.run("""
            main:
                for v in [5, none, 1.5]:
                    try:
                        a, b = v
                    except TypeError as e:
                        print e
                for x in [[1, 2], 3]:
                    try:
                        for a, b in [x]:
                            print a + b
                    except TypeError as e:
                        print e
                try:
                    for y in 5:
                        pass
                except TypeError as e:
                    print e
            """)
        #expect(t.output.map(\.text) == ["cannot unpack non-iterable int object",
                                          "cannot unpack non-iterable NoneType object",
                                          "cannot unpack non-iterable float object",
                                          "3",
                                          "cannot unpack non-iterable int object",
                                          "'int' object is not iterable"])
    }

    /// `to_thread 0`: a zero-length job ends at once; its completion reaches the loop at the next
    /// `select()` even though the clock does not move (asyncviz used to wait for the clock to
    /// move, so a lone `to_thread 0` spun until "never yields").
    @Test func zeroLengthToThreadCompletesWithoutTheClockMoving() throws {
        let t = try Self.run("""
            def t(n, d):
                to_thread d
                print "t{n} at {now()}"
            main:
                cpu 0.5
                t(1, 0)
                print "main at {now()}"
            """)
        #expect(t.stop == .finished)
        #expect(t.end == 500_000)
        #expect(Self.lines(t) == ["0.5 t1 at 0.5", "0.5 main at 0.5"])
    }

    /// Zero-length jobs among tasks that keep yielding: each completion is delivered by the next
    /// iteration's `select()`, ahead of the handles that become ready in that iteration.
    @Test func zeroLengthToThreadOrderAmongYieldingTasks() throws {
        let t = try Self.run("""
            def t(n, d):
                to_thread d
                print "t{n} at {now()}"
            def s(n):
                repeat 3:
                    sleep 0
                    print "s{n} at {now()}"
            main:
                gather s(1), t(1, 0), s(2), t(2, 0), t(3, 0)
                cpu 0.5
                gather t(4, 0), s(3)
            """)
        #expect(t.stop == .finished)
        #expect(t.output.map(\.text) == [
            "s1 at 0.0", "s2 at 0.0", "s1 at 0.0", "s2 at 0.0", "t1 at 0.0", "t2 at 0.0", "t3 at 0.0",
            "s1 at 0.0", "s2 at 0.0", "s3 at 0.5", "s3 at 0.5", "t4 at 0.5", "s3 at 0.5",
        ])
    }

    /// Extreme Int arguments raise Python's exceptions (or give Python's result) instead of
    /// trapping on an overflow in the simulator: each of these used to crash asyncviz.
    @Test func extremeIntArgumentsDoNotTrap() throws {
        let exprs = [
            "round(small, -1)", "round(big, -1)", "round(1.5, small)", "round(5, small)", "round(big, -19)",
            "randint(small, big)", "randint(0, big)", "range(small, big)[big]", "len(range(small, big))",
            "len(range(big, small, -1))", "0 in range(small, big, 3)", "[x for x in range(1, big, big // 2)]",
            "'ab' * big", "[1, 2] * big", "round(123.456, small)",
        ]
        let scheduling = [
            "until 1e300\nmain:\n    sleep 1\n    print 1",
            "var d = -1e300\nmain:\n    try:\n        timeout d:\n            sleep 1\n    except TimeoutError:\n        print 1",
            "main:\n    xs = [1]\n    append xs xs\n    print xs",
            "main:\n    a = [1]\n    b = [1]\n    append a a\n    append b b\n    try:\n        print a == b\n    except RecursionError as e:\n        print e",
            "main:\n    a = [1]\n    b = [1]\n    append a a\n    append b b\n    try:\n        print a < b\n    except RecursionError as e:\n        print e",
        ]
        for src in scheduling {
            let t = try Self.run(src)
            #expect(t.output.count == 1, "\(src)")
        }
        for e in exprs {
            let t = try Self.run("""
                var big = 9223372036854775807
                var small = -9223372036854775807 - 1
                main:
                    try:
                        print \(e)
                    except Exception as err:
                        print "error", err
                """)
            #expect(t.stop == .finished, "\(e)")
            #expect(t.output.count == 1, "\(e)")
        }
    }
}
