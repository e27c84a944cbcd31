/// Names to small integers (0, 1, 2, … in order of first sight), with a cheap hash (FNV-1a over
/// the UTF-8 bytes) instead of the standard library's seeded SipHash: the checker looks every name
/// of a 10 MB file up several times, and `Set<String>` / `Dictionary` hashing was most of its time.
struct NameTable {
    private(set) var names: [String] = []
    /// Open addressing, linear probing: id + 1, or 0 for an empty slot.
    private var slots: [Int32]
    private var mask: Int

    init(capacity: Int = 64) {
        var n = 16
        while n < capacity * 2 { n *= 2 }
        slots = Array(repeating: 0, count: n)
        mask = n - 1
        names.reserveCapacity(capacity)
    }

    var count: Int { names.count }

    @inline(__always)
    static func hash(_ s: String) -> Int {
        var s = s
        let h = s.withUTF8 { u -> UInt64 in
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            for b in u { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
            return h
        }
        return Int(truncatingIfNeeded: h ^ (h >> 29))
    }

    /// The id of `name`, or nil if it was never added.
    func lookup(_ name: String) -> Int? {
        var i = NameTable.hash(name) & mask
        while true {
            let s = Int(slots[i])
            if s == 0 { return nil }
            if names[s - 1] == name { return s - 1 }
            i = (i + 1) & mask
        }
    }

    /// The id of `name`, added if new.
    mutating func id(_ name: String) -> Int {
        var i = NameTable.hash(name) & mask
        while true {
            let s = Int(slots[i])
            if s == 0 { break }
            if names[s - 1] == name { return s - 1 }
            i = (i + 1) & mask
        }
        let id = names.count
        names.append(name)
        slots[i] = Int32(id + 1)
        if names.count * 2 > slots.count { grow() }
        return id
    }

    private mutating func grow() {
        let n = slots.count * 2
        slots = Array(repeating: 0, count: n)
        mask = n - 1
        for (id, name) in names.enumerated() {
            var i = NameTable.hash(name) & mask
            while slots[i] != 0 { i = (i + 1) & mask }
            slots[i] = Int32(id + 1)
        }
    }
}

/// The lexer's names by spelling: each distinct identifier becomes a `String` (and its keyword
/// lookup is done) once; later occurrences share it. Keyed by the bytes in the source; the caller
/// hashes them while scanning (`SpellingTable.start` / `step`).
struct SpellingTable {
    private var slots: [Int32] = []
    private var mask = 0
    private var entries: [Entry] = []

    struct Entry {
        /// The first 8 bytes, packed little-endian, zero-padded.
        var head: UInt64
        var start: Int
        var length: Int
        var string: String
        var word: Word
    }

    static let start: UInt64 = 0xcbf2_9ce4_8422_2325

    @inline(__always)
    static func step(_ h: UInt64, _ b: UInt8) -> UInt64 { (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }

    @inline(__always)
    private static func slot(_ h: UInt64) -> Int { Int(truncatingIfNeeded: h ^ (h >> 29)) }

    @inline(__always)
    static func head(_ bytes: [UInt8], _ from: Int, _ to: Int) -> UInt64 {
        var w: UInt64 = 0
        var k = 0
        while k < 8 && from + k < to {
            w |= UInt64(bytes[from + k]) << UInt64(8 * k)
            k += 1
        }
        return w
    }

    /// The string spelled by `bytes[from..<to]` (valid UTF-8), whose hash is `hash`, and the
    /// keyword it is (`.other` for none).
    mutating func name(_ bytes: [UInt8], _ from: Int, _ to: Int, hash: UInt64) -> (String, Word) {
        if slots.isEmpty {
            slots = Array(repeating: 0, count: 16)
            mask = 15
        }
        let n = to - from
        let head = SpellingTable.head(bytes, from, to)
        var i = SpellingTable.slot(hash) & mask
        while true {
            let e = Int(slots[i]) - 1
            if e < 0 { break }
            let entry = entries[e]
            if entry.head == head && entry.length == n {
                var k = 8
                while k < n && bytes[entry.start + k] == bytes[from + k] { k += 1 }
                if k >= n { return (entry.string, entry.word) }
            }
            i = (i + 1) & mask
        }
        let string = String(decoding: bytes[from..<to], as: UTF8.self)
        let word = Word.lookup(bytes, from, to)
        slots[i] = Int32(entries.count + 1)
        entries.append(Entry(head: head, start: from, length: n, string: string, word: word))
        if entries.count * 2 > slots.count { grow(bytes) }
        return (string, word)
    }

    private mutating func grow(_ bytes: [UInt8]) {
        let n = slots.count * 2
        slots = Array(repeating: 0, count: n)
        mask = n - 1
        for (e, entry) in entries.enumerated() {
            var h = SpellingTable.start
            for k in entry.start..<(entry.start + entry.length) { h = SpellingTable.step(h, bytes[k]) }
            var i = SpellingTable.slot(h) & mask
            while slots[i] != 0 { i = (i + 1) & mask }
            slots[i] = Int32(e + 1)
        }
    }
}
