/// Builds a sentence from pieces into one byte buffer. String interpolation and `+` append piece
/// by piece through the general `String.append` (a few hundred instructions each); a queue's
/// `put`/`get` sentences of a producer/consumer run were a third of its time, and every task's
/// finish sentence is one of these.
struct TextBuilder {
    private var bytes: [UInt8]
    private var count = 0

    init(capacity: Int = 96) { bytes = [UInt8](repeating: 0, count: max(16, capacity)) }

    private mutating func reserve(_ n: Int) {
        if count + n > bytes.count { bytes += repeatElement(0, count: max(bytes.count, n)) }
    }

    mutating func add(_ s: String) {
        var s = s
        s.withUTF8 { src in
            guard let from = src.baseAddress, src.count > 0 else { return }
            reserve(src.count)
            let at = count
            bytes.withUnsafeMutableBufferPointer { dst in
                UnsafeMutableRawPointer(dst.baseAddress! + at).copyMemory(from: from, byteCount: src.count)
            }
            count += src.count
        }
    }

    /// An int in decimal, written in place (`String(n)` was most of a short sentence's cost).
    mutating func add(_ n: Int) {
        reserve(20)
        var m = n.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // room for 20 digits, filled from the end
        var len = 0
        withUnsafeMutableBytes(of: &digits) { d in
            repeat {
                len += 1
                d[24 - len] = UInt8(truncatingIfNeeded: m % 10) + 48
                m /= 10
            } while m > 0
            if n < 0 {
                len += 1
                d[24 - len] = 45  // "-"
            }
            let at = count
            bytes.withUnsafeMutableBufferPointer { dst in
                UnsafeMutableRawPointer(dst.baseAddress! + at).copyMemory(from: d.baseAddress! + (24 - len), byteCount: len)
            }
        }
        count += len
    }

    /// `a + b + c` with one allocation and no intermediate buffer.
    static func join(_ a: String, _ b: String, _ c: String = "") -> String {
        var a = a, b = b, c = c
        let total = a.utf8.count + b.utf8.count + c.utf8.count
        // Small strings live inline: plain appends allocate nothing.
        if total <= 15 { return a + b + c }
        return String(unsafeUninitializedCapacity: total) { dst in
            var at = 0
            func copy(_ src: UnsafeBufferPointer<UInt8>) {
                guard let from = src.baseAddress else { return }
                UnsafeMutableRawPointer(dst.baseAddress! + at).copyMemory(from: from, byteCount: src.count)
                at += src.count
            }
            a.withUTF8(copy)
            b.withUTF8(copy)
            c.withUTF8(copy)
            return at
        }
    }

    var text: String {
        bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[0..<count]), as: UTF8.self) }
    }
}
