/// A hash map from `Int` keys to `Int` values with open addressing and a multiplicative hash.
/// The loop looks one up per sleep (the deadline's timer bucket, the duration's label); Swift's
/// `Dictionary` hashes with SipHash, which was 3% of a run. Keys are never removed one by one
/// except through `remove`, which uses backward-shift deletion so lookups stay exact.
struct IntMap {
    private var keys: [Int]
    private var values: [Int]
    private var used: [Bool]
    private(set) var count = 0
    private var mask: Int

    /// Allocates nothing until the first insert (a gather makes two maps it rarely fills).
    init() {
        keys = []
        values = []
        used = []
        mask = -1
    }

    @inline(__always)
    private func slot(_ key: Int) -> Int {
        Int(truncatingIfNeeded: (UInt64(bitPattern: Int64(key)) &* 0x9E37_79B9_7F4A_7C15) >> 20) & mask
    }

    subscript(key: Int) -> Int? {
        get {
            if mask < 0 { return nil }
            var i = slot(key)
            while used[i] {
                if keys[i] == key { return values[i] }
                i = (i + 1) & mask
            }
            return nil
        }
        set {
            if let v = newValue { insert(key, v) } else { remove(key) }
        }
    }

    private mutating func insert(_ key: Int, _ value: Int) {
        if mask < 0 {
            keys = Array(repeating: 0, count: 16)
            values = Array(repeating: 0, count: 16)
            used = Array(repeating: false, count: 16)
            mask = 15
        }
        var i = slot(key)
        while used[i] {
            if keys[i] == key { values[i] = value; return }
            i = (i + 1) & mask
        }
        used[i] = true
        keys[i] = key
        values[i] = value
        count += 1
        if count * 2 > mask { grow() }
    }

    private mutating func remove(_ key: Int) {
        if mask < 0 { return }
        var i = slot(key)
        while used[i] {
            if keys[i] == key { break }
            i = (i + 1) & mask
        }
        guard used[i] else { return }
        used[i] = false
        count -= 1
        // Backward-shift: move later entries of the probe run into the hole.
        var hole = i
        var j = (i + 1) & mask
        while used[j] {
            let home = slot(keys[j])
            // Entry j may move to the hole when its home is not within (hole, j].
            let between = hole <= j ? (home > hole && home <= j) : (home > hole || home <= j)
            if !between {
                keys[hole] = keys[j]
                values[hole] = values[j]
                used[hole] = true
                used[j] = false
                hole = j
            }
            j = (j + 1) & mask
        }
    }

    private mutating func grow() {
        let oldKeys = keys, oldValues = values, oldUsed = used
        let size = (mask + 1) * 2
        keys = Array(repeating: 0, count: size)
        values = Array(repeating: 0, count: size)
        used = Array(repeating: false, count: size)
        mask = size - 1
        count = 0
        for k in oldUsed.indices where oldUsed[k] { insert(oldKeys[k], oldValues[k]) }
    }
}
