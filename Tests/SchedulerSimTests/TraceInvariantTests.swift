import Foundation
import Testing
@testable import SchedulerSim

/// Structural invariants of every lesson's trace (SPEC §3), in both modes.
@Suite struct TraceInvariantTests {
    @Test(arguments: Lessons.names, [false, true])
    func invariants(_ name: String, sync: Bool) throws {
        let t = Lessons.trace(name, options: .init(syncMode: sync))
        let label = "\(name)\(sync ? " (sync)" : "")"
        let stoppedEarly = t.stop != .finished && t.stop != .mainRaised

        // ids follow creation order
        #expect(t.tasks.map(\.id) == Array(0..<t.tasks.count).map { $0 + 1 }, "\(label): ids")
        #expect(zip(t.tasks, t.tasks.dropFirst()).allSatisfy { $0.created <= $1.created }, "\(label): creation times")

        for task in t.tasks {
            let spans = t.spans.filter { $0.task == task.id }
            if task.hidden && spans.isEmpty { continue }
            try #require(!spans.isEmpty, "\(label): \(task.name) has no spans")
            #expect(spans.first?.start == task.created, "\(label): \(task.name) first span starts at its creation")
            for s in spans { #expect(s.start <= s.end, "\(label): \(task.name) span \(s.state.name) goes backwards") }
            for (a, b) in zip(spans, spans.dropFirst()) {
                #expect(a.end == b.start, "\(label): \(task.name) gap/overlap \(a.state.name) ends \(a.end), \(b.state.name) starts \(b.start)")
                #expect(a.endSeq <= b.startSeq, "\(label): \(task.name) span seqs out of order")
            }
            switch task.outcome {
            case .pending:
                #expect(stoppedEarly, "\(label): \(task.name) pending though the run finished")
                #expect(task.finished == nil)
                #expect(spans.last?.end == t.end, "\(label): pending \(task.name) is drawn to the end")
            case .result, .exception, .cancelled:
                let fin = try #require(task.finished, "\(label): \(task.name) has an outcome but no finish time")
                #expect(spans.last?.end == fin, "\(label): \(task.name) spans end at its finish")
                #expect(fin <= t.end)
                if task.outcome == .result { #expect(task.result != nil) }
                if task.outcome == .exception { #expect(task.error != nil) }
            }
        }

        // events: seqs strictly increasing, times non-decreasing, tasks known
        #expect(zip(t.events, t.events.dropFirst()).allSatisfy { $0.seq < $1.seq }, "\(label): event seqs")
        #expect(zip(t.events, t.events.dropFirst()).allSatisfy { $0.time <= $1.time }, "\(label): event times")
        #expect(t.events.allSatisfy { $0.task == 0 || t.tasks.indices.contains($0.task - 1) }, "\(label): event tasks")
        #expect(t.events.allSatisfy { $0.time <= t.end }, "\(label): no event after the end")
        // printed lines in time order, one print event each
        #expect(zip(t.output, t.output.dropFirst()).allSatisfy { $0.time <= $1.time }, "\(label): output times")
        #expect(t.events.filter { $0.kind == .print }.count == t.output.count, "\(label): print events vs output")
        // workers: busy intervals well-formed and non-overlapping
        for w in t.workers {
            for b in w.busy { #expect(b.start <= b.end && b.end <= t.end) }
            #expect(zip(w.busy, w.busy.dropFirst()).allSatisfy { $0.end <= $1.start }, "\(label): worker \(w.id) overlaps")
        }
        #expect(t.truncated == (t.stop == .horizon))
        #expect(t.resourceSnapshots.allSatisfy { t.resources.indices.contains($0.resource) })
        #expect(zip(t.resourceSnapshots, t.resourceSnapshots.dropFirst()).allSatisfy { $0.seq <= $1.seq })

        // the JSON export parses and agrees with the trace
        let json = JSONExport.render(t)
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any], "\(label): JSON")
        #expect((obj["tasks"] as? [Any])?.count == t.tasks.count)
        #expect((obj["spans"] as? [Any])?.count == t.spans.count)
        #expect((obj["events"] as? [Any])?.count == t.events.count)
        #expect(obj["stop"] as? String == t.stop.rawValue)
        #expect(obj["truncated"] as? Bool == t.truncated)
        #expect(((obj["end"] as? NSNumber)?.doubleValue).map { Micros(($0 * 1e6).rounded()) } == t.end)
    }
}
