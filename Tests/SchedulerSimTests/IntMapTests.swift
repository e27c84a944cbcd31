import Testing
@testable import SchedulerSim

/// `IntMap` against `Dictionary` under random inserts, updates and removals (seeded).
@Suite struct IntMapTests {
    @Test func behavesLikeADictionary() {
        var rng = SplitMix64(seed: 42)
        var map = IntMap()
        var reference: [Int: Int] = [:]
        for step in 0..<50_000 {
            // Few distinct keys, many collisions: multiples of 1000 like timer deadlines.
            let key = Int(rng.next() % 700) * 1000 - 20_000
            switch rng.next() % 3 {
            case 0, 1:
                map[key] = step
                reference[key] = step
            default:
                map[key] = nil
                reference[key] = nil
            }
            if step % 97 == 0 {
                for k in stride(from: -20_000, to: 700_000, by: 1000) { #expect(map[k] == reference[k]) }
                #expect(map.count == reference.count)
            }
        }
    }
}
