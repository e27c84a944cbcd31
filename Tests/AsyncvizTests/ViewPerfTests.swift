import Testing
@testable import asyncviz
@testable import SchedulerSim

/// The shortcuts behind a fast viewer give the same answers as the plain ways.
@Suite struct ViewPerfTests {
    static func timeline(_ source: String) -> Timeline {
        guard case .success(let sc) = Frontend.load(source: source) else { return Timeline(Trace()) }
        return Timeline(Simulation.run(sc))
    }

    static let w1 = timeline("""
        def worker(i):
            for k in range(10):
                sleep 0.001 * (1 + (i * 7 + k * 13) % 10)

        main:
            gather *[worker(i) for i in range(40)]
        """)

    @Test func dominantStatesMatchesOneWindowAtATime() {
        for tl in [Self.w1, Fixture.gather, Fixture.lock] {
            for bw in [1, 7, 60, 333] {
                let windows: [(from: Micros, to: Micros)] = (0..<bw).map { col in
                    let from = Micros(col) * tl.end / Micros(bw)
                    return (from, max(Micros(col + 1) * tl.end / Micros(bw), from + 1))
                }
                for row in tl.rows {
                    guard let id = row.taskID else { continue }
                    let fast = tl.dominantStates(ofTask: id, windows: windows)
                    let slow = windows.map { tl.dominantState(ofTask: id, from: $0.from, to: $0.to) }
                    #expect(fast == slow, "task \(id), \(bw) columns")
                    // A later part of the run only (as when zoomed or in live mode).
                    let tail = Array(windows.dropFirst(bw / 2))
                    #expect(tl.dominantStates(ofTask: id, windows: tail) == Array(slow.dropFirst(bw / 2)))
                }
            }
        }
    }

    @Test func seqLookupAndRowWidths() {
        for tl in [Self.w1, Fixture.gather, Fixture.lock] {
            for i in 0..<tl.eventCount {
                #expect(tl.index(ofSeq: tl.trace.events[i].seq) == i)
            }
            #expect(tl.index(ofSeq: 0) == nil)
            #expect(tl.index(ofSeq: Int.max) == nil)
            for (i, r) in tl.rows.enumerated() { #expect(tl.rowWidth(i) == r.name.count + 2 * r.depth) }
            #expect(tl.maxRowWidth == tl.rows.map { $0.name.count + 2 * $0.depth }.max() ?? 0)
        }
    }

    @Test func rowFilterIsLowercasedContains() {
        let names = ["worker#12", "Worker#3", "main", "ÉCOLE", "école#1", "a\r\nb", "", "MiXeD_Case", "fetch#10", "K"]
        let filters = ["w", "WORK", "#1", "é", "É", "\n", "b", "ixed_c", "zz", "mixed_case#", "K", "k", "\u{212A}", "ole"]
        for f in filters {
            let m = RowFilter(f)
            for n in names {
                #expect(m.matches(n) == n.lowercased().contains(f.lowercased()), "\(n) / \(f)")
            }
        }
    }

    @Test func filteredSelectionAndCounts() {
        let tl = Self.w1
        var s = AppState()
        s.filter = "WORKER#1"
        let rows = s.visibleRows(tl)
        #expect(rows.map(\.name) == tl.rows.filter { $0.name.lowercased().contains("worker#1") }.map(\.name))
        #expect(s.visibleRowCount(tl) == rows.count)
        for k in -1...(rows.count + 1) {
            s.selectedRow = k
            #expect(s.selectedTask(tl) == (rows.indices.contains(k) ? rows[k].taskID : nil))
        }
    }

    @Test func taskLookupWithoutSequentialIDs() {
        let trace = Trace(tasks: [TraceTask(id: 5, name: "a", parent: nil, function: "a", created: 0),
                                  TraceTask(id: 9, name: "b", parent: 5, function: "b", created: 0),
                                  TraceTask(id: 2, name: "c", parent: 77, function: "c", created: 0)])
        let tl = Timeline(trace)
        #expect(tl.task(id: 9)?.name == "b")
        #expect(tl.task(id: 1) == nil)
        #expect(tl.rows.map(\.name) == ["a", "b", "c"])
        #expect(tl.rows.map(\.depth) == [0, 1, 0])
    }
}
