import Testing
@testable import SchedulerSim

/// The evaluator tries plain arithmetic on unboxed numbers first and falls back to the general
/// path for everything else; both must print what CPython prints (values checked with
/// `python3 -c 'print(...)'`).
@Suite struct NumericFastPathTests {
    @Test func resultsMatchPython() {
        let t = Sim.run("""
        main:
            a = -9
            b = 4
            c = 2.5
            big = 4611686018427387904
            print a % b, 9 % b, a % -4, 7 % -3
            print a - b * 2, a * c, c + a, -a + 1, -c * 2
            print a < b, c >= b, a == -9.0, c != 2.5, 3 < 2.5 + 1
            print 0.001 * (1 + (3 * 7 + 2 * 13) % 10), 0.1 + 0.2
            print big - 1 + big, 9007199254740993 == 9007199254740992.0
        """)
        #expect(Sim.prints(t) == [
            "0.0 3 1 -1 -2",
            "0.0 -17 -22.5 -6.5 10 -5.0",
            "0.0 True False True False True",
            "0.0 0.008 0.30000000000000004",
            "0.0 9223372036854775807 False",
        ])
    }

    @Test func errorsComeFromTheGeneralPath() {
        let t = Sim.run("""
        main:
            big = 9223372036854775807
            x = 0
            try:
                print 1 % x
            except ZeroDivisionError as e:
                print "zero", e
            print big + 1
        """)
        #expect(Sim.prints(t).first == "0.0 zero integer modulo by zero")
        #expect(t.stop == .mainRaised)
        #expect(t.stopDetail?.contains("OverflowError") == true)
    }
}
