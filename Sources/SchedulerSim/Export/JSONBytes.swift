/// A byte buffer for writing JSON text fast: raw memory, no per-byte bounds or uniqueness
/// checks, numbers and strings written by hand. It prints exactly what `JSONWriter` prints for
/// the same values (same escaping, numbers as `String(Int)` and `TimeFormat.seconds`).
///
/// It writes either into memory it owns or into a buffer it is lent (a `String`'s own storage,
/// so a large document is not copied once more at the end); when a lent buffer is full it moves
/// to memory of its own and carries on.
struct JSONBytes: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int
    private var owned: Bool
    /// Where full buffers go when streaming (then the buffer is reused, never grown for size).
    var sink: ((UnsafeBufferPointer<UInt8>) -> Void)?

    init(capacity: Int) {
        self.capacity = Swift.max(capacity, 64)
        base = .allocate(capacity: self.capacity)
        owned = true
    }

    /// Writes into `buffer` until it is full.
    init(lent buffer: UnsafeMutableBufferPointer<UInt8>) {
        if let p = buffer.baseAddress, buffer.count > 0 {
            base = p
            capacity = buffer.count
            owned = false
        } else {
            capacity = 64
            base = .allocate(capacity: capacity)
            owned = true
        }
    }

    deinit { if owned { base.deallocate() } }

    /// Whether everything written is still in the lent buffer.
    var inLentBuffer: Bool { !owned }

    /// Makes room for `n` more bytes.
    @inline(__always)
    mutating func reserve(_ n: Int) {
        if count &+ n > capacity { makeRoom(n) }
    }

    @inline(never)
    private mutating func makeRoom(_ n: Int) {
        if sink != nil && count > 0 {
            flush()
            if n <= capacity { return }
        }
        grow(count &+ n)
    }

    /// Hands what is written to the sink (streaming) and starts the buffer over.
    mutating func flush() {
        guard let sink, count > 0 else { return }
        sink(UnsafeBufferPointer(start: base, count: count))
        count = 0
    }

    @inline(never)
    private mutating func grow(_ needed: Int) {
        var c = Swift.max(capacity, 64)
        while c < needed { c = c &* 2 }
        let p = UnsafeMutablePointer<UInt8>.allocate(capacity: c)
        p.update(from: base, count: count)
        if owned { base.deallocate() }
        base = p
        capacity = c
        owned = true
    }

    @inline(__always)
    mutating func byte(_ b: UInt8) {
        reserve(1)
        base[count] = b
        count &+= 1
    }

    /// Appends `n` bytes that need no escaping. Short runs are copied by words, not by a call.
    @inline(__always)
    mutating func raw(_ src: UnsafePointer<UInt8>, _ n: Int) {
        reserve(n)
        let dst = base + count
        if n > 32 {
            dst.update(from: src, count: n)
        } else {
            let s = UnsafeRawPointer(src), d = UnsafeMutableRawPointer(dst)
            var i = 0
            while i &+ 8 <= n {
                d.storeBytes(of: s.loadUnaligned(fromByteOffset: i, as: UInt64.self), toByteOffset: i, as: UInt64.self)
                i &+= 8
            }
            if i &+ 4 <= n {
                d.storeBytes(of: s.loadUnaligned(fromByteOffset: i, as: UInt32.self), toByteOffset: i, as: UInt32.self)
                i &+= 4
            }
            if i &+ 2 <= n {
                d.storeBytes(of: s.loadUnaligned(fromByteOffset: i, as: UInt16.self), toByteOffset: i, as: UInt16.self)
                i &+= 2
            }
            if i < n { dst[i] = src[i] }
        }
        count &+= n
    }

    @inline(__always)
    mutating func raw(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let p = bytes.baseAddress else { return }
        raw(p, bytes.count)
    }

    /// ASCII text written as is (must need no escaping).
    @inline(__always)
    mutating func raw(_ s: StaticString) {
        raw(s.utf8Start, s.utf8CodeUnitCount)
    }

    /// A decimal integer, as `String(v)` writes it.
    @inline(__always)
    mutating func int(_ v: Int) {
        reserve(21)
        if v < 0 {
            base[count] = UInt8(ascii: "-")
            count &+= 1
        }
        digits(UInt64(v.magnitude))
    }

    /// `TimeFormat.seconds`: whole seconds, a dot, the fraction without trailing zeros (`3.0`, `0.0015`).
    mutating func seconds(_ us: Micros) {
        reserve(29)
        if us < 0 {
            base[count] = UInt8(ascii: "-")
            count &+= 1
        }
        let m = us.magnitude
        let whole = m / 1_000_000
        var frac = UInt32(truncatingIfNeeded: m % 1_000_000)
        digits(whole)
        if frac == 0 {
            base[count] = UInt8(ascii: ".")
            base[count &+ 1] = UInt8(ascii: "0")
            count &+= 2
            return
        }
        base[count] = UInt8(ascii: ".")
        count &+= 1
        // Drop trailing zeros (at most 5): by 3, then 2, then 1.
        var n = 6
        if frac % 1000 == 0 { frac /= 1000; n = 3 }
        if frac % 100 == 0 { frac /= 100; n &-= 2 }
        if frac % 10 == 0 { frac /= 10; n &-= 1 }
        // n digits of frac, left-padded with zeros, two at a time.
        let pairs = JSONBytes.pairs.utf8Start
        var i = n
        while i >= 2 {
            let r = Int(frac % 100)
            frac /= 100
            i &-= 2
            base[count &+ i] = pairs[r &* 2]
            base[count &+ i &+ 1] = pairs[r &* 2 &+ 1]
        }
        if i == 1 { base[count] = UInt8(truncatingIfNeeded: frac) &+ 48 }
        count &+= n
    }

    /// Two-digit pairs "00" … "99".
    private static let pairs: StaticString = "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"

    /// Digits of v; room must be reserved.
    @inline(__always)
    private mutating func digits(_ v: UInt64) {
        if v < 10 {
            base[count] = UInt8(truncatingIfNeeded: v) &+ 48
            count &+= 1
            return
        }
        var n = 2
        var t: UInt64 = 100
        while n < 20 && v >= t { n &+= 1; t &*= 10 }
        let pairs = JSONBytes.pairs.utf8Start
        var x = v
        var i = n
        while x >= 100 {
            let r = Int(x % 100)
            x /= 100
            i &-= 2
            base[count &+ i] = pairs[r &* 2]
            base[count &+ i &+ 1] = pairs[r &* 2 &+ 1]
        }
        if x >= 10 {
            let r = Int(x)
            base[count] = pairs[r &* 2]
            base[count &+ 1] = pairs[r &* 2 &+ 1]
        } else {
            base[count] = UInt8(truncatingIfNeeded: x) &+ 48
        }
        count &+= n
    }

    /// A JSON string literal, escaped as `JSONWriter.writeString` does.
    @inline(__always)
    mutating func string(_ s: String) {
        var s = s
        s.withUTF8 { quoted($0) }
    }

    /// A JSON string literal from UTF-8 bytes.
    @inline(__always)
    mutating func quoted(_ u: UnsafeBufferPointer<UInt8>) {
        byte(UInt8(ascii: "\""))
        escaped(u)
        byte(UInt8(ascii: "\""))
    }

    /// Whether any of the 8 bytes of w may need escaping: below 0x20, `"`, `\`, DEL, or E2
    /// (U+2028 and U+2029 are E2 80 A8 / E2 80 A9). May say yes wrongly, never no wrongly.
    @inline(__always)
    private static func mayNeedEscaping(_ w: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        func hasZero(_ x: UInt64) -> UInt64 { (x &- ones) & ~x & highs }
        let below20 = (w &- ones &* 0x20) & ~w & highs
        return (below20 | hasZero(w ^ (ones &* 0x22)) | hasZero(w ^ (ones &* 0x5C))
            | hasZero(w ^ (ones &* 0x7F)) | hasZero(w ^ (ones &* 0xE2))) != 0
    }

    /// The inside of a JSON string literal (no quotes).
    mutating func escaped(_ u: UnsafeBufferPointer<UInt8>) {
        let n = u.count
        guard n > 0, let p = u.baseAddress else { return }
        // Fast path: nothing to escape in whole words.
        var i = 0
        let raw = UnsafeRawPointer(p)
        while i &+ 8 <= n && !JSONBytes.mayNeedEscaping(raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) { i &+= 8 }
        var start = 0
        while i < n {
            let b = p[i]
            if b >= 0x20 && b != 0x22 && b != 0x5C && b != 0x7F && b != 0xE2 {
                i &+= 1
                continue
            }
            if b == 0xE2 {
                if i &+ 2 < n && p[i &+ 1] == 0x80 && (p[i &+ 2] == 0xA8 || p[i &+ 2] == 0xA9) {
                    self.raw(p + start, i &- start)
                    self.raw(p[i &+ 2] == 0xA8 ? "\\u2028" : "\\u2029")
                    i &+= 3
                    start = i
                } else {
                    i &+= 1
                }
                continue
            }
            self.raw(p + start, i &- start)
            switch b {
            case 0x22: self.raw("\\\"")
            case 0x5C: self.raw("\\\\")
            case 0x0A: self.raw("\\n")
            case 0x0D: self.raw("\\r")
            case 0x09: self.raw("\\t")
            case 0x08: self.raw("\\b")
            case 0x0C: self.raw("\\f")
            default:
                // Other controls and DEL: `\u00XX`, lowercase hex like `String(_:radix:)`.
                let hex: StaticString = "0123456789abcdef"
                let h = hex.utf8Start
                self.raw("\\u00")
                reserve(2)
                base[count] = h[Int(b >> 4)]
                base[count &+ 1] = h[Int(b & 0xF)]
                count &+= 2
            }
            i &+= 1
            start = i
        }
        self.raw(p + start, n &- start)
    }

    /// The bytes written so far.
    func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        body(UnsafeBufferPointer(start: base, count: count))
    }

    /// The bytes as a `String` (valid UTF-8: only whole strings and ASCII are ever written).
    consuming func finish() -> String {
        let n = count
        let p = base
        if n == 0 { return "" }
        return String(unsafeUninitializedCapacity: n) { dst in
            dst.baseAddress!.update(from: p, count: n)
            return n
        }
    }

    /// Writes a document into a new `String`'s own storage (one copy less for large documents);
    /// `estimate` is the expected size: if it is too small the bytes move to the heap once.
    /// Runs `body` on a writer that hands every full `chunkSize` buffer to `sink`.
    static func stream(chunkSize: Int, to sink: (UnsafeBufferPointer<UInt8>) -> Void, _ body: (inout JSONBytes) -> Void) {
        withoutActuallyEscaping(sink) { sink in
            var w = JSONBytes(capacity: chunkSize)
            w.sink = sink
            body(&w)
            w.flush()
        }
    }

    static func document(estimate: Int, _ body: (inout JSONBytes) -> Void) -> String {
        var moved: String?
        let s = String(unsafeUninitializedCapacity: Swift.max(estimate, 64)) { buffer in
            var w = JSONBytes(lent: buffer)
            body(&w)
            if w.inLentBuffer { return w.count }
            moved = w.finish()
            return 0
        }
        return moved ?? s
    }
}

/// Strings escaped once (without quotes), for labels and names written many times.
struct EscapedTable: ~Copyable {
    private let bytes: UnsafeMutablePointer<UInt8>
    private let starts: UnsafeMutablePointer<Int>
    let count: Int

    init(_ strings: [String]) {
        var w = JSONBytes(capacity: strings.reduce(0) { $0 + $1.utf8.count } + 16)
        starts = .allocate(capacity: strings.count + 1)
        for (i, s) in strings.enumerated() {
            starts[i] = w.count
            var s = s
            s.withUTF8 { w.escaped($0) }
        }
        starts[strings.count] = w.count
        count = strings.count
        let n = w.count
        let copy = UnsafeMutablePointer<UInt8>.allocate(capacity: Swift.max(n, 1))
        w.withBytes { copy.update(from: $0.baseAddress!, count: n) }
        bytes = copy
    }

    deinit {
        bytes.deallocate()
        starts.deallocate()
    }

    /// Writes entry i, escaped, without quotes.
    @inline(__always)
    func write(_ i: Int, to w: inout JSONBytes) {
        let a = starts[i]
        w.raw(bytes + a, starts[i &+ 1] &- a)
    }
}
