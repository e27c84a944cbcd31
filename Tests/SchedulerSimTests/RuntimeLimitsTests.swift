import Testing
@testable import SchedulerSim

/// Scenarios that would crash the simulator (an Int overflow trap) or take the machine's memory
/// or freeze it: each ends with Python's exception or the never-yields stop, quickly.
@Suite struct RuntimeLimitsTests {
    static func outcome(_ body: String) -> (StopReason, String, [String]) {
        let t = Sim.run("main:\n" + body.split(separator: "\n").map { "    " + $0 + "\n" }.joined())
        return (t.stop, t.stopDetail ?? "", t.output.map(\.text))
    }

    /// A repetition past Py_ssize_t is CPython's OverflowError (its size check overflowed here).
    @Test func hugeStringRepetitionIsOverflowError() {
        let (stop, detail, _) = Self.outcome("print \"ab\" * 4611686018427387904")
        #expect(stop == .mainRaised)
        #expect(detail == "OverflowError: repeated string is too long")
    }

    @Test(arguments: [
        // Overflow in the size check of a repetition trapped.
        "print [1, 2] * 4611686018427387904",
        // Doubling took 19 GB before an abort.
        "s = [1]\nrepeat 40:\n    s = s + s",
        "s = \"x\"\nrepeat 40:\n    s = s + s",
        "x = [[1] * 100000 for i in range(100000)]",
    ])
    func memoryError(_ body: String) {
        let (stop, detail, _) = Self.outcome(body)
        #expect(stop == .mainRaised)
        #expect(detail == "MemoryError", "\(detail)")
    }

    @Test(.timeLimit(.minutes(1)), arguments: [
        ("x = len([1 for i in range(1000000000000000000) if False])", "a comprehension"),
        ("x = [i for i in range(1000000000)]", "a comprehension"),
        ("print min(range(1000000000000000000))", "min()"),
        ("print max(range(1000000000000000000))", "max()"),
    ])
    func hugeLoopsInOneExpressionNeverYield(_ body: String, _ what: String) {
        let (stop, detail, _) = Self.outcome(body)
        #expect(stop == .neverYields)
        #expect(detail == "main never yields (line 2): \(what) ran millions of iterations without awaiting anything and would freeze the event loop")
    }

    /// A task that spawns copies of itself (found by mutating a lesson) took 20 GB in a minute: the
    /// run now stops, truncated, when it would make more than `maxTasks` tasks.
    @Test func spawnBombStopsAtTheTaskLimit() {
        var options = SimulationOptions()
        options.maxTasks = 1000
        let t = Sim.run("def w(n):\n    t = spawn w(n + 1)\n    sleep 0.1\nmain:\n    await w(0)\n", options: options)
        #expect(t.stop == .horizon)
        #expect(t.truncated)
        #expect(t.tasks.count == 1000)
        #expect(t.stopDetail == "asyncviz stops a run at 1000 tasks (line 2 would make one more): the scenario keeps making tasks and would take all memory")
        // A run within the limit is untouched.
        options.maxTasks = 3
        let ok = Sim.run("def w():\n    sleep 0.1\nmain:\n    gather w(), w()\n", options: options)
        #expect(ok.stop == .finished && ok.tasks.count == 3)
    }

    /// range arithmetic near Int's bounds trapped (values, len, `in`).
    @Test func rangesNearTheBounds() {
        let (stop, _, out) = Self.outcome("""
            for i in range(0, 9223372036854775807, 4611686018427387904):
                print i
            for i in range(9223372036854775806, 9223372036854775807, 5):
                print i
            for i in range(-9223372036854775807, -9223372036854775807 - 1, -4611686018427387904):
                print i
            print 9223372036854775806 in range(-9223372036854775807, 9223372036854775807, 3), 1 in range(10, 0, -3), 4 in range(10, 0, -3)
            print len(range(0, -10, -3)), len(range(5)), len(range(5, 1)), len(range(3, 100, 7)), len(range(100, 3, -7))
            print min(3, 1, 2), max([4, 9, 2]), max("abc"), min(range(5, 10)), max(range(5, 10))
            x = [i for i in range(200000)]
            print len(x)
            print len(range(-9223372036854775807, 9223372036854775807))
            """)
        #expect(out == ["0", "4611686018427387904", "9223372036854775806", "-9223372036854775807",
                        "False True True", "4 5 0 14 14", "1 9 c 5 9", "200000"])
        #expect(stop == .mainRaised)
        let (_, detail, _) = Self.outcome("print len(range(-9223372036854775807, 9223372036854775807))")
        #expect(detail == "OverflowError: Python int too large to convert to C ssize_t")
    }

    /// round(i, -k) trapped for k = 2**63 and overflowed near the bounds; randint's span trapped for
    /// the full Int range. Values are CPython's (its twin printed the same lines).
    @Test func roundAndRandintNearTheBounds() {
        let t = Sim.run("""
            seed 3
            main:
                print round(123456789012345678, -3), round(-123456789012345678, -3), round(5, -9223372036854775807 - 1)
                print round(25, -1), round(35, -1), round(-25, -1), round(15, -1), round(-9223372036854775807, -18), round(4999999999999999999, -19), round(5000000000000000000, -19)
                print round(5.5, -400), round(-5.5, -400), round(1234.5, -2), round(-9223372036854775807 - 1, -1000)
                print randint(-9223372036854775807 - 1, 9223372036854775807), randint(-9223372036854775807 - 1, 9223372036854775807), randint(1, 6), randint(0, 0), randint(-5, 5)
                print round(9223372036854775807, -1)
            """)
        #expect(t.output.map(\.text) == ["123456789012346000 -123456789012346000 0",
                                         "20 40 -20 20 -9000000000000000000 0 0",
                                         "0.0 -0.0 1200.0 0",
                                         "-7130582611851638784 3694763184872335360 4 0 -3"])
        #expect(t.stopDetail == "OverflowError: integer result too large (asyncviz ints are 64-bit)")
    }

    /// Every 64-bit overflow says so the same way; int("9223372036854775808") is not an invalid literal.
    @Test(arguments: ["int(\"9223372036854775808\")", "int(\"-99999999999999999999\")", "-m", "abs(m)", "m // -1",
                      "round(1e300)", "x + 1"])
    func overflowSaysSixtyFourBits(_ e: String) {
        let (_, detail, _) = Self.outcome("m = -9223372036854775807 - 1\nx = 9223372036854775807\nprint \(e)")
        #expect(detail == "OverflowError: integer result too large (asyncviz ints are 64-bit)")
    }

    @Test func intOfAnInvalidLiteral() {
        let (_, detail, out) = Self.outcome("print int(\"+12\"), int(\" -7 \")\nprint int(\"--5\")")
        #expect(out == ["12 -7"])
        #expect(detail == "ValueError: invalid literal for int() with base 10: '--5'")
    }

    /// CPython 3.13's words for these errors.
    @Test(arguments: [("print 0 ** -1", "ZeroDivisionError: 0.0 cannot be raised to a negative power"),
                      ("print 0.0 ** -2", "ZeroDivisionError: 0.0 cannot be raised to a negative power"),
                      ("print \"{1:s}\"", "ValueError: Unknown format code 's' for object of type 'int'"),
                      ("print \"{1.5:d}\"", "ValueError: Unknown format code 'd' for object of type 'float'"),
                      ("print \"{'a':d}\"", "ValueError: Unknown format code 'd' for object of type 'str'")])
    func errorMessagesAreCPythons(_ body: String, _ expected: String) {
        #expect(Self.outcome(body).1 == expected)
    }

    /// A bool indexes a string as the int it is.
    @Test func boolIndexesAString() {
        #expect(Self.outcome("print [1, 2][True], \"abc\"[False], \"abc\"[True]").2 == ["2 a b"])
    }

    /// `{65:c}` is "A" as in Python (it was "Invalid format specifier").
    @Test func formatCodeC() {
        #expect(Self.outcome("print \"{65:c}\", \"[{66:>3c}]\", \"[{65:<3c}]\", \"{233:c}\"").2 == ["A [  B] [A  ] é"])
    }

    /// `{1.5:n}` formats as Python does (like 'g'); it was "Invalid format specifier".
    @Test func formatCodeNForFloats() {
        #expect(Self.outcome("print \"{1.5:n}\", \"{1e20:n}\", \"{0.1:.3n}\", \"{2:n}\", \"{2.0:n}\"").2 == ["1.5 1e+20 0.1 2 2"])
    }
}
