#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A growable array of records owned by one simulator, with reference semantics. The loop
/// updates a future or a timer record several times per wake-up; as `[T]` inside a class each
/// update paid a uniqueness check (a runtime call) and a copy-on-write branch. Here an update is
/// a bounds check and a store. Growth uses `realloc`, which moves large blocks by remapping
/// pages instead of copying them and never holds the old and new block at once.
///
/// Not `Sendable`: a simulator and its records stay on one thread.
final class RecordArray<Element> {
    private var base: UnsafeMutablePointer<Element>?
    private(set) var count = 0
    private var capacity = 0

    init() {}

    deinit {
        if let base {
            base.deinitialize(count: count)
            free(base)
        }
    }

    subscript(i: Int) -> Element {
        unsafeAddress {
            precondition(i >= 0 && i < count, "record index out of range")
            return UnsafePointer(base!) + i
        }
        unsafeMutableAddress {
            precondition(i >= 0 && i < count, "record index out of range")
            return base! + i
        }
    }

    /// Where record i lives (for a prefetch hint), nil when out of range.
    func address(_ i: Int) -> UnsafeRawPointer? {
        guard i >= 0 && i < count, let base else { return nil }
        return UnsafeRawPointer(base + i)
    }

    /// Takes the record (a copy would retain and release everything in it).
    func append(_ e: consuming Element) {
        if count == capacity { grow() }
        (base! + count).initialize(to: e)
        count += 1
    }

    private func grow() {
        let newCapacity = max(16, capacity * 2)
        let bytes = newCapacity * MemoryLayout<Element>.stride
        // Records are moved bitwise: Swift values (even ones holding references) may be.
        guard let p = realloc(base, bytes) else { fatalError("out of memory growing the simulator's records") }
        base = p.bindMemory(to: Element.self, capacity: newCapacity)
        capacity = newCapacity
    }
}
