import Testing
@testable import SchedulerSim

/// SPEC §2.5: the same file and options give byte-identical output on every run.
@Suite struct DeterminismTests {
    static let modes: [(String, SimulationOptions)] = [("async", .init()), ("sync", .init(syncMode: true))]

    static func exports(_ name: String, _ options: SimulationOptions) -> [String] {
        // A fresh load and run each time: nothing may carry over between runs.
        let t = Lessons.trace(name, options: options)
        return [TextExport.render(t), TextExport.render(t, options: .init(width: 60, ascii: true)),
                JSONExport.render(t), OutputExport.render(t)]
    }

    @Test(arguments: Lessons.names, [false, true])
    func sameOutputTwice(_ name: String, sync: Bool) {
        let options = SimulationOptions(syncMode: sync)
        let a = Self.exports(name, options), b = Self.exports(name, options)
        #expect(a.count == b.count)
        for (x, y) in zip(a, b) { #expect(x == y, "\(name) (\(sync ? "sync" : "async")) differs between two runs") }
    }

    @Test func syncModeAddsTheWaitsUp() {
        // --mode sync turns every sleep into a blocking call: gather no longer overlaps the waits.
        #expect(Lessons.trace("gather", options: .init(syncMode: true)).end == 6_000_000)
        #expect(Lessons.trace("sequential", options: .init(syncMode: true)).end == 6_000_000)
    }
}
