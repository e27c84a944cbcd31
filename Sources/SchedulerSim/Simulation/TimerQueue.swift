import HeapModule

/// The loop's scheduled timers in CPython's order: by deadline, ties in scheduling order (the
/// `TimerHandle` heap of `BaseEventLoop._scheduled`).
///
/// Thousands of timers usually share a handful of deadlines (a wave of tasks each sleeping 1 ms),
/// so the heap holds each distinct deadline once and every deadline keeps a FIFO of timer ids.
/// The order is the same as one heap of (deadline, sequence) keys, without a 17-level sift of a
/// 100,000-entry heap per timer.
struct TimerQueue {
    private struct Bucket {
        var ids: [Int] = []
        var head = 0
    }

    private var deadlines = Heap<Micros>()
    private var bucketOf = IntMap()
    private var pool: [Bucket] = []
    private var freeBuckets: [Int] = []
    /// The bucket of the earliest deadline, or -1 when empty.
    private var headBucket = -1
    private var headDeadline: Micros = 0

    var isEmpty: Bool { headBucket < 0 }

    /// The earliest timer (it may have been cancelled; the caller decides).
    var first: (deadline: Micros, id: Int)? {
        guard headBucket >= 0 else { return nil }
        return (headDeadline, pool[headBucket].ids[pool[headBucket].head])
    }

    /// The id of the timer `k` places after the earliest within its deadline, if there is one.
    func upcoming(_ k: Int) -> Int? {
        guard headBucket >= 0 else { return nil }
        let i = pool[headBucket].head + k
        return i < pool[headBucket].ids.count ? pool[headBucket].ids[i] : nil
    }

    mutating func insert(_ deadline: Micros, _ id: Int) {
        if let b = bucketOf[Int(deadline)] {
            pool[b].ids.append(id)
            return
        }
        let b: Int
        if let f = freeBuckets.popLast() {
            b = f
        } else {
            b = pool.count
            pool.append(Bucket())
        }
        pool[b].ids.append(id)
        bucketOf[Int(deadline)] = b
        deadlines.insert(deadline)
        if headBucket < 0 || deadline < headDeadline {
            headBucket = b
            headDeadline = deadline
        }
    }

    mutating func removeFirst() {
        guard headBucket >= 0 else { return }
        pool[headBucket].head += 1
        guard pool[headBucket].head == pool[headBucket].ids.count else { return }
        // The earliest deadline is used up: recycle its bucket and move to the next deadline.
        pool[headBucket].ids.removeAll(keepingCapacity: pool[headBucket].ids.capacity <= 4096)
        pool[headBucket].head = 0
        freeBuckets.append(headBucket)
        bucketOf[Int(headDeadline)] = nil
        _ = deadlines.popMin()
        if let d = deadlines.min, let b = bucketOf[Int(d)] {
            headBucket = b
            headDeadline = d
        } else {
            headBucket = -1
        }
    }
}
