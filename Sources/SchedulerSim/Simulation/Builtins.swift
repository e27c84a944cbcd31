#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The built-in functions of the scenario language, with Python's results and errors.
extension Simulator {
    /// `range(...)`'s arguments checked as Python checks them.
    func rangeBounds(_ args: [Value]) throws -> (start: Int, stop: Int, step: Int) {
        if args.count < 1 || args.count > 3 {
            throw PyRaise("TypeError", "range() takes 1 to 3 arguments (\(args.count) given)")
        }
        let xs = try args.map { v -> Int in
            switch v {
            case .int(let i): return i
            case .bool(let x): return x ? 1 : 0
            default: throw PyRaise("TypeError", "'\(typeName(v))' object cannot be interpreted as an integer")
            }
        }
        let (start, stop, step) = xs.count == 1 ? (0, xs[0], 1) : (xs[0], xs[1], xs.count == 3 ? xs[2] : 1)
        if step == 0 { throw PyRaise("ValueError", "range() arg 3 must not be zero") }
        return (start, stop, step)
    }

    func builtin(_ b: Builtin, _ args: [Value]) throws -> Value {
        func arity(_ lo: Int, _ hi: Int) throws {
            if args.count < lo || args.count > hi {
                let what = lo == hi ? "exactly \(lo) argument\(lo == 1 ? "" : "s")" : "\(lo) to \(hi) arguments"
                throw PyRaise("TypeError", "\(b.rawValue)() takes \(what) (\(args.count) given)")
            }
        }
        func task(_ v: Value) throws -> SimTask {
            // done(t) is t.done() in Python: a non-task has no such method (the twin raised
            // AttributeError where asyncviz raised TypeError).
            guard case .task(let t) = v else {
                throw PyRaise("AttributeError", "'\(typeName(v))' object has no attribute '\(b == .name ? "get_name" : b.rawValue)'")
            }
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
                    let n = IterBox.rangeLength(start: start, stop: stop, step: step)
                    guard n <= UInt(Int.max) else { throw PyRaise("OverflowError", "Python int too large to convert to C ssize_t") }
                    return .int(Int(n))
                }
                throw PyRaise("TypeError", "object of type 'range' has no len()")
            default: throw PyRaise("TypeError", "object of type '\(typeName(args[0]))' has no len()")
            }
        case .range:
            let (start, stop, step) = try rangeBounds(args)
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
                guard let nd, nd < 0 else { return .int(i) }
                // Exact, half to even, as Python's int.__round__.
                if nd < -19 { return .int(0) }
                if nd == -19 {
                    // |i| < 10^19: 0, or ±10^19, which is past Int.
                    if i.magnitude > 5_000_000_000_000_000_000 { throw PyRaise("OverflowError", "integer result too large (asyncviz ints are 64-bit)") }
                    return .int(0)
                }
                var p = 1
                for _ in 0..<(-nd) { p *= 10 }
                var q = i / p
                var r = i % p
                if r < 0 { r += p; q -= 1 }
                if 2 * r > p || (2 * r == p && q & 1 == 1) { q += 1 }
                let (v, o) = q.multipliedReportingOverflow(by: p)
                if o { throw PyRaise("OverflowError", "integer result too large (asyncviz ints are 64-bit)") }
                return .int(v)
            case .bool(let x): return .int(x ? 1 : 0)
            case .float(let d):
                if let nd {
                    if !d.isFinite { return .float(d) }
                    // CPython's NDIGITS_MAX / NDIGITS_MIN.
                    if nd > 323 { return .float(d) }
                    if nd < -308 { return .float(0.0 * d) }
                    if nd < 0 { return .float(Self.roundToPowerOfTen(d, -nd)) }
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
            return .bool(futures[try task(args[0]).fut].state != .pending)
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
            // a + int(random() * (b - a + 1)) with Python's exact ints: b - a fits in 64 bits unsigned.
            let diff = UInt(bitPattern: c &- a)
            let span = diff == .max ? 18_446_744_073_709_551_616.0 : Double(diff + 1)
            let f = (rng.random() * span).rounded(.down)
            let off = f >= 18_446_744_073_709_551_616.0 ? UInt.max : UInt(f)
            if off > diff {
                // random() * span rounded up to span: b + 1.
                if c == .max { throw PyRaise("OverflowError", "integer result too large (asyncviz ints are 64-bit)") }
                return .int(c + 1)
            }
            return .int(Int(bitPattern: UInt(bitPattern: a) &+ off))
        case .uniform:
            try arity(2, 2)
            // uniform(a, b) is `a + (b - a) * random()`: a non-number fails at `b - a`, as in Python.
            guard let x = num(args[0]), let y = num(args[1]) else {
                throw PyRaise("TypeError", "unsupported operand type(s) for -: '\(typeName(args[1]))' and '\(typeName(args[0]))'")
            }
            let a: Double = { if case .i(let i) = x { return Double(i) }; if case .d(let d) = x { return d }; return 0 }()
            let c: Double = { if case .i(let i) = y { return Double(i) }; if case .d(let d) = y { return d }; return 0 }()
            return .float(a + (c - a) * rng.random())
        }
    }

    /// `round(d, -k)` for 1 <= k <= 308, exact as CPython's (half to even on the exact binary
    /// value, through its full decimal expansion).
    static func roundToPowerOfTen(_ d: Double, _ k: Int) -> Double {
        let s = PyFormat.cFormat(abs(d), precision: 1100, conv: "f", alternate: false)
        let parts = s.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let ip = Array(parts[0])
        let fp = parts.count > 1 ? Array(parts[1]) : []
        let keep = ip.count - k
        if keep < 0 { return 0.0 * d }
        var head = Array(ip[0..<keep])
        let rest = Array(ip[keep...]) + fp
        let up: Bool
        if rest[0] > "5" { up = true }
        else if rest[0] < "5" { up = false }
        else if rest.dropFirst().contains(where: { $0 != "0" }) { up = true }
        else { up = (head.last?.wholeNumberValue ?? 0) % 2 == 1 }
        if up {
            var i = head.count - 1
            while i >= 0 && head[i] == "9" { head[i] = "0"; i -= 1 }
            if i >= 0 { head[i] = Character(String(head[i].wholeNumberValue! + 1)) } else { head.insert("1", at: 0) }
        }
        let text = (head.isEmpty ? "0" : String(head)) + String(repeating: "0", count: k)
        let v = Double(text) ?? .infinity
        return d.sign == .minus ? -v : v
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
