#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The built-in functions of the scenario language, with Python's results and errors.
extension Simulator {
    func builtin(_ b: Builtin, _ args: [Value]) throws -> Value {
        func arity(_ lo: Int, _ hi: Int) throws {
            if args.count < lo || args.count > hi {
                let what = lo == hi ? "exactly \(lo) argument\(lo == 1 ? "" : "s")" : "\(lo) to \(hi) arguments"
                throw PyRaise("TypeError", "\(b.rawValue)() takes \(what) (\(args.count) given)")
            }
        }
        func task(_ v: Value) throws -> SimTask {
            guard case .task(let t) = v else { throw PyRaise("TypeError", "\(b.rawValue)() needs a task, not '\(typeName(v))'") }
            return tasks[t - 1]
        }
        func int(_ v: Value) throws -> Int {
            switch v {
            case .int(let i): return i
            case .bool(let x): return x ? 1 : 0
            default: throw PyRaise("TypeError", "'\(typeName(v))' object cannot be interpreted as an integer")
            }
        }
        switch b {
        case .len:
            try arity(1, 1)
            switch args[0] {
            case .str(let s): return .int(s.count)
            case .list(let l): return .int(l.items.count)
            case .iterator(let it):
                if case .range(let start, let stop, let step) = it.source {
                    guard let n = IterBox.rangeCount(start, stop, step) else {
                        throw PyRaise("OverflowError", "Python int too large to convert to C ssize_t")
                    }
                    return .int(n)
                }
                throw PyRaise("TypeError", "object of type 'range' has no len()")
            default: throw PyRaise("TypeError", "object of type '\(typeName(args[0]))' has no len()")
            }
        case .range:
            try arity(1, 3)
            let xs = try args.map(int)
            let (start, stop, step) = xs.count == 1 ? (0, xs[0], 1) : (xs[0], xs[1], xs.count == 3 ? xs[2] : 1)
            if step == 0 { throw PyRaise("ValueError", "range() arg 3 must not be zero") }
            return .iterator(IterBox(.range(start: start, stop: stop, step: step)))
        case .str:
            try arity(0, 1)
            return .str(args.isEmpty ? "" : PyFormat.str(args[0]))
        case .int:
            try arity(0, 1)
            guard let v = args.first else { return .int(0) }
            switch v {
            case .int: return v
            case .bool(let x): return .int(x ? 1 : 0)
            case .float(let d):
                if d.isNaN { throw PyRaise("ValueError", "cannot convert float NaN to integer") }
                if d.isInfinite { throw PyRaise("OverflowError", "cannot convert float infinity to integer") }
                guard let i = Int(exactly: d.rounded(.towardZero)) else { throw PyRaise("OverflowError", "integer result too large (asyncviz ints are 64-bit)") }
                return .int(i)
            case .str(let s):
                let t = s.trimmingWhitespace().replacingUnderscores()
                if let i = Int(t) { return .int(i) }
                // Digits that are a valid literal but too big for 64 bits: CPython returns the
                // int, asyncviz says it cannot (not that the literal is invalid).
                let digits = t.utf8.drop { $0 == 0x2B || $0 == 0x2D }
                if !digits.isEmpty && t.utf8.count - digits.count <= 1 && digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
                    throw PyRaise("OverflowError", "integer result too large (asyncviz ints are 64-bit)")
                }
                throw PyRaise("ValueError", "invalid literal for int() with base 10: \(PyFormat.repr(v))")
            default: throw PyRaise("TypeError", "int() argument must be a string, a bytes-like object or a real number, not '\(typeName(v))'")
            }
        case .float:
            try arity(0, 1)
            guard let v = args.first else { return .float(0) }
            switch v {
            case .int(let i): return .float(Double(i))
            case .bool(let x): return .float(x ? 1 : 0)
            case .float: return v
            case .str(let s):
                let t = s.trimmingWhitespace().lowercased()
                switch t {
                case "inf", "+inf", "infinity", "+infinity": return .float(.infinity)
                case "-inf", "-infinity": return .float(-.infinity)
                case "nan", "+nan", "-nan": return .float(.nan)
                default:
                    if let d = Double(t.replacingUnderscores()), !t.isEmpty, t.first != "." || t.count > 1 { return .float(d) }
                    throw PyRaise("ValueError", "could not convert string to float: \(PyFormat.repr(v))")
                }
            default: throw PyRaise("TypeError", "float() argument must be a string or a real number, not '\(typeName(v))'")
            }
        case .min, .max:
            if args.isEmpty { throw PyRaise("TypeError", "\(b.rawValue) expected at least 1 argument, got 0") }
            // One iterable: streamed (min(range(10**18)) must not collect 10**18 values), with
            // 100 items a statement of the never-yields budget.
            let it = args.count == 1 ? try iterator(of: args[0]) : IterBox(.list(ListBox(args)))
            guard var best = it.next() else { throw PyRaise("ValueError", "\(b.rawValue)() iterable argument is empty") }
            var k = 0
            while let x = it.next() {
                k += 1
                if k == 100 { k = 0; try loopSteps("\(b.rawValue)()") }
                let c = try order(x, best, b == .min ? .lt : .gt)
                if (b == .min && c < 0) || (b == .max && c > 0 && c != 2) { best = x }
            }
            return best
        case .abs:
            try arity(1, 1)
            switch args[0] {
            case .int(let i):
                if i == .min { throw PyRaise("OverflowError", "integer result too large (asyncviz ints are 64-bit)") }
                return .int(Swift.abs(i))
            case .bool(let x): return .int(x ? 1 : 0)
            case .float(let d): return .float(Swift.abs(d))
            default: throw PyRaise("TypeError", "bad operand type for abs(): '\(typeName(args[0]))'")
            }
        case .round:
            try arity(1, 2)
            let nd: Int? = args.count == 2 ? (args[1].isNone ? nil : try int(args[1])) : nil
            switch args[0] {
            case .int(let i):
                if let nd, nd < 0 { return .int(try Self.roundInt(i, digits: nd)) }
                return .int(i)
            case .bool(let x): return .int(x ? 1 : 0)
            case .float(let d):
                if let nd {
                    if !d.isFinite { return .float(d) }
                    if nd > 300 { return .float(d) }
                    if nd < 0 {
                        // Past 10**308 every float rounds to a signed zero (and the loop is short).
                        if nd < -308 { return .float(d.sign == .minus ? -0.0 : 0.0) }
                        var p = 1.0
                        for _ in 0..<(-nd) { p *= 10 }
                        return .float((d / p).rounded(.toNearestOrEven) * p)
                    }
                    let s = PyFormat.cFormat(d, precision: nd, conv: "f", alternate: false)
                    return .float(Double(s) ?? d)
                }
                if d.isNaN { throw PyRaise("ValueError", "cannot convert float NaN to integer") }
                if d.isInfinite { throw PyRaise("OverflowError", "cannot convert float infinity to integer") }
                guard let i = Int(exactly: d.rounded(.toNearestOrEven)) else { throw PyRaise("OverflowError", "integer result too large (asyncviz ints are 64-bit)") }
                return .int(i)
            default: throw PyRaise("TypeError", "type \(typeName(args[0])) doesn't define __round__ method")
            }
        case .now:
            try arity(0, 0)
            return .float(Double(now) / 1_000_000)
        case .done:
            try arity(1, 1)
            return .bool(futures[try task(args[0]).fut].done)
        case .cancelled:
            try arity(1, 1)
            return .bool(futures[try task(args[0]).fut].state == .cancelled)
        case .result:
            try arity(1, 1)
            return try futureResult(try task(args[0]).fut)
        case .name:
            try arity(1, 1)
            return .str(try task(args[0]).name)
        case .random:
            try arity(0, 0)
            return .float(rng.random())
        case .randint:
            try arity(2, 2)
            let a = try int(args[0]), c = try int(args[1])
            if c < a { throw PyRaise("ValueError", "empty range in randint(\(a), \(c))") }
            // a + floor(random() * (b - a + 1)), as Python computes it, without overflowing
            // (randint(-2**63, 2**63 - 1) trapped): the span is taken to a float exactly as Python's
            // int is, the offset added in unsigned arithmetic.
            let d = UInt(bitPattern: c &- a)
            let span = d == UInt.max ? 18446744073709551616.0 : Double(d + 1)
            let off = (rng.random() * span).rounded(.down)
            let k = off >= 18446744073709551616.0 ? d : min(UInt(off), d)
            return .int(Int(bitPattern: UInt(bitPattern: a) &+ k))
        case .uniform:
            try arity(2, 2)
            guard let x = num(args[0]), let y = num(args[1]) else { throw PyRaise("TypeError", "uniform() needs numbers") }
            let a: Double = { if case .i(let i) = x { return Double(i) }; if case .d(let d) = x { return d }; return 0 }()
            let c: Double = { if case .i(let i) = y { return Double(i) }; if case .d(let d) = y { return d }; return 0 }()
            return .float(a + (c - a) * rng.random())
        }
    }

    /// `round(i, nd)` for an int and nd < 0, exactly (half to even), as Python computes it:
    /// `round(123456789012345678, -3)` is 123456789012346000, and nothing overflows on the way.
    static func roundInt(_ i: Int, digits nd: Int) throws -> Int {
        if nd < -19 { return 0 }          // |i| < 2**63 < 10**20 / 2
        var p: UInt = 1
        for _ in 0..<(-nd) { p *= 10 }    // at most 10**19, which fits
        let m = i.magnitude
        var q = m / p
        let r = m % p
        if r > p - r || (r == p - r && q % 2 == 1) { q += 1 }
        let (v, o) = q.multipliedReportingOverflow(by: p)
        if o || v > (i < 0 ? UInt(Int.max) + 1 : UInt(Int.max)) {
            throw PyRaise("OverflowError", "integer result too large (asyncviz ints are 64-bit)")
        }
        return i < 0 ? Int(truncatingIfNeeded: 0 &- v) : Int(v)
    }
}

extension Value {
    var isNone: Bool { if case .none = self { return true }; return false }
}

extension String {
    func trimmingWhitespace() -> String {
        let scalars = Array(unicodeScalars)
        var lo = 0, hi = scalars.count
        while lo < hi && scalars[lo].properties.isWhitespace { lo += 1 }
        while hi > lo && scalars[hi - 1].properties.isWhitespace { hi -= 1 }
        var s = ""
        s.unicodeScalars.append(contentsOf: scalars[lo..<hi])
        return s
    }

    func replacingUnderscores() -> String {
        guard contains("_") else { return self }
        return String(filter { $0 != "_" })
    }
}
