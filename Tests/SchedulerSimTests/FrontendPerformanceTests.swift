import Foundation
import Testing
@testable import SchedulerSim

/// Not a timed assertion: prints how long a 10 MB scenario takes to load. Run it in release with
/// `ASYNCVIZ_PERF=1 swift test -c release --filter frontendThroughput`.
@Test(.enabled(if: ProcessInfo.processInfo.environment["ASYNCVIZ_PERF"] != nil))
func frontendThroughput() {
    var src = "title \"big\"\nlock l\nqueue q maxsize 3\nvar total = 0\n"
    var k = 0
    while src.utf8.count < 10_000_000 {
        src += """
        def worker\(k)(n, delay):
            xs = [i * 2 for i in range(n) if i % 3 != 0]
            for x in xs:
                with l:
                    total = total + x
                sleep delay
            t = spawn worker\(k)(n - 1, 10ms) as "w{n:>3}"
            done, pending = wait t first_completed timeout 2s
            try:
                put q "item {n}"
            except (ValueError, KeyError) as e:
                print "failed: {e}", -2 ** 2 < 3 <= 4
            return len(xs)

        """
        k += 1
    }
    src += "main:\n    r = worker0(3, 1ms)\n"
    let start = ContinuousClock.now
    let result = Frontend.load(source: src)
    let elapsed = ContinuousClock.now - start
    if case .failure(let d) = result { Issue.record("errors: \(d.items.prefix(3))") }
    print("frontend: \(src.utf8.count) bytes, \(k) defs in \(elapsed)")
    // The phases, for the curious.
    var d: [Diagnostic] = []
    let t0 = ContinuousClock.now
    let tokens = Lexer.tokenize(src, diagnostics: &d)
    let t1 = ContinuousClock.now
    var parser = Parser(tokens: tokens)
    let s = parser.parseScenario()
    let t2 = ContinuousClock.now
    _ = Checker.check(s)
    let t3 = ContinuousClock.now
    print("lex \(t1 - t0) (\(tokens.count) tokens), parse \(t2 - t1), check \(t3 - t2)")
}
