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

    /// Random arithmetic over ints, floats and bools near the edges: whenever the fast path
    /// gives a value it is the general path's value (same type, same repr), and it gives up
    /// wherever the general path raises. Constants folded into operators and swapped operands
    /// (`1 + x` run as `x + 1`) are exercised on every kind of operand.
    @Test func fastPathAgreesWithTheGeneralPath() throws {
        guard let source = scenario("main:\n    pass\n") else { return }
        let program = Compiler.compile(source)
        let sim = Simulator(program: program, options: .init())
        let code = Code(name: "probe", index: 0, paramCount: 0, line: 1)
        code.slotCount = 3
        let leaves: [Value] = [.int(0), .int(1), .int(-7), .int(13), .int(Int.max), .int(Int.min), .int(1 << 53 + 1),
                               .float(0.001), .float(-2.5), .float(0), .float(1e308), .bool(true), .bool(false)]
        var rng = SplitMix64(seed: 42)
        func pick<T>(_ xs: [T]) -> T { xs[Int(rng.next() % UInt64(xs.count))] }
        func tree(_ depth: Int) -> CExpr {
            if depth == 0 || rng.next() % 4 == 0 {
                switch rng.next() % 3 {
                case 0: return .local(Int(rng.next() % 3), "v")
                default: return .const(pick(leaves))
                }
            }
            switch rng.next() % 6 {
            case 0: return .unary(.neg, tree(depth - 1))
            case 1: return .compare(tree(depth - 1), [(pick([.eq, .ne, .lt, .le, .gt, .ge] as [CompareOp]), tree(depth - 1))])
            default: return .binary(pick([.add, .sub, .mul, .mod] as [BinaryOp]), tree(depth - 1), tree(depth - 1))
            }
        }
        var fast = 0
        for _ in 0..<20000 {
            let frame = Frame(code: code, args: [pick(leaves), pick(leaves), pick(leaves)])
            guard let flat = FlatExpr.make(tree(4)), let nops = flat.numeric else { continue }
            let general = Result { try sim.evalFlatGeneric(flat, frame) }
            guard let v = sim.evalNumeric(nops, depth: flat.depth, frame) else { continue }
            fast += 1
            guard case .success(let g) = general else {
                Issue.record("fast path gave \(PyFormat.repr(v)) where the general path raises")
                continue
            }
            #expect(sim.typeName(v) == sim.typeName(g) && PyFormat.repr(v) == PyFormat.repr(g))
        }
        #expect(fast > 1000)
    }
}
