/// Joins strings with one allocation. `a + b + c` grows the result once per `+`; a task's
/// finish sentence is built once per task, a visible part of a 100,000-task run.
func concat(_ a: String, _ b: String, _ c: String = "") -> String {
    var a = a, b = b, c = c
    let total = a.utf8.count + b.utf8.count + c.utf8.count
    // Small strings live inline: plain appends allocate nothing.
    if total <= 15 { return a + b + c }
    return String(unsafeUninitializedCapacity: total) { dst in
        var at = 0
        for k in 0..<3 {
            func copy(_ src: UnsafeBufferPointer<UInt8>) {
                for byte in src {
                    dst[at] = byte
                    at += 1
                }
            }
            switch k {
            case 0: a.withUTF8(copy)
            case 1: b.withUTF8(copy)
            default: c.withUTF8(copy)
            }
        }
        return at
    }
}

/// Builds a sentence from pieces into one byte buffer. String interpolation appends piece by
/// piece through the general `String.append` (a few hundred instructions each); a queue's
/// `put`/`get` sentences of a producer/consumer run were a third of its time.
struct TextBuilder {
    private var bytes: [UInt8] = []

    init(capacity: Int = 96) { bytes.reserveCapacity(capacity) }

    mutating func add(_ s: String) {
        var s = s
        s.withUTF8 { bytes.append(contentsOf: $0) }
    }

    mutating func add(_ n: Int) { add(String(n)) }

    var text: String { String(decoding: bytes, as: UTF8.self) }
}
