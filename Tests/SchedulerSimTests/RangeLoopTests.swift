import Testing
@testable import SchedulerSim

/// `for x in range(...)` runs on hidden int slots instead of a range and an iterator object;
/// it must give CPython's sequences (checked with `python3 -c 'print(*range(...))'`), errors and
/// loop control, including bounds at the ends of the 64-bit range.
@Suite struct RangeLoopTests {
    @Test func sequencesMatchPython() {
        let cases: [(String, String)] = [
            ("range(5)", "0 1 2 3 4"),
            ("range(2, 9, 3)", "2 5 8"),
            ("range(10, 0, -3)", "10 7 4 1"),
            ("range(0)", ""),
            ("range(5, 2)", ""),
            ("range(-3, 3, 2)", "-3 -1 1"),
            ("range(True, 4)", "1 2 3"),
            ("range(9223372036854775805, 9223372036854775807)", "9223372036854775805 9223372036854775806"),
            ("range(-9223372036854775807 - 1, -9223372036854775806)", "-9223372036854775808 -9223372036854775807"),
            ("range(9223372036854775806, -9223372036854775807 - 1, -9223372036854775807)", "9223372036854775806 -1"),
        ]
        for (r, expected) in cases {
            let t = Sim.run("""
            main:
                xs = []
                for x in \(r):
                    append xs x
                print xs
            """)
            let list = "[" + expected.split(separator: " ").joined(separator: ", ") + "]"
            #expect(Sim.prints(t) == ["0.0 \(list)"], "\(r)")
        }
    }

    @Test func loopControlAndNesting() {
        let t = Sim.run("""
        main:
            xs = []
            for i in range(4):
                if i == 1:
                    continue
                for j in range(i, 10, 2):
                    if j > 4:
                        break
                    append xs i * 10 + j
            print xs, i, j
        """)
        #expect(Sim.prints(t) == ["0.0 [0, 2, 4, 22, 24, 33] 3 5"])
    }

    @Test func errorsMatchPython() {
        let t = Sim.run("""
        main:
            try:
                for x in range(1, 2, 0):
                    print x
            except ValueError as e:
                print "value", e
            n = "3"
            try:
                for x in range(n):
                    print x
            except TypeError as e:
                print "type", e
        """)
        #expect(Sim.prints(t) == ["0.0 value range() arg 3 must not be zero",
                                  "0.0 type 'str' object cannot be interpreted as an integer"])
    }
}
