import Testing
@testable import SchedulerSim

/// Helpers for the simulator suites: run a scenario source and reduce its trace to the canonical
/// summary that `Tests/conformance/semantics/summarize.py` prints for the CPython twin.
enum Sim {
    /// The trace of `source` (which must load; records an issue otherwise).
    static func run(_ source: String, options: SimulationOptions = .init(),
                    sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Trace {
        guard let s = scenario(source, sourceLocation: sourceLocation) else { return Trace() }
        return Simulation.run(s, options: options)
    }

    /// Seconds on the microsecond grid, trailing zeros removed (`3.0`, `0.15`, `2.000001`).
    static func ts(_ t: Micros?) -> String {
        guard let t else { return "-" }
        let whole = t / 1_000_000, frac = t % 1_000_000
        var f = String(frac)
        f = String(repeating: "0", count: 6 - f.count) + f
        while f.count > 1 && f.hasSuffix("0") { f.removeLast() }
        return "\(whole).\(f)"
    }

    /// `end T STOP`, one `T text` line per print, one `name outcome value @T` line per task.
    static func summary(_ trace: Trace) -> String {
        var lines = ["end \(ts(trace.end)) \(trace.stop.rawValue)"]
        for o in trace.output { lines.append("\(ts(o.time)) \(o.text)") }
        for t in trace.tasks {
            let v: String? = switch t.outcome {
            case .result: t.result
            case .exception: t.error
            default: nil
            }
            lines.append("\(t.name) \(t.outcome.rawValue)\(v.map { " " + $0 } ?? "") @\(ts(t.finished))")
        }
        let names = Dictionary(uniqueKeysWithValues: trace.tasks.map { ($0.id, $0.name) })
        for w in trace.workers where !w.busy.isEmpty {
            lines.append("worker \(w.id): " + w.busy.map { "\(ts($0.start))-\(ts($0.end)) \(names[$0.task] ?? String($0.task))" }.joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }

    /// Printed lines with their times only.
    static func prints(_ trace: Trace) -> [String] { trace.output.map { "\(ts($0.time)) \($0.text)" } }

    static func task(_ trace: Trace, _ name: String) -> TraceTask? { trace.tasks.first { $0.name == name } }

    /// The spans of one task as `state a-b` (`ready 1.0-3.2`).
    static func spans(_ trace: Trace, _ name: String) -> [String] {
        guard let t = task(trace, name) else { return [] }
        return trace.spans.filter { $0.task == t.id }.map { "\($0.state.name) \(ts($0.start))-\(ts($0.end))" }
    }

    /// Spans of one task with zero-length ones dropped and neighbours of the same state merged.
    static func visibleSpans(_ trace: Trace, _ name: String) -> [String] {
        guard let t = task(trace, name) else { return [] }
        var out: [(TaskState, Micros, Micros)] = []
        for s in trace.spans where s.task == t.id && s.end > s.start {
            if let last = out.last, last.0 == s.state, last.2 == s.start { out[out.count - 1].2 = s.end } else { out.append((s.state, s.start, s.end)) }
        }
        return out.map { "\($0.0.name) \(ts($0.1))-\(ts($0.2))" }
    }
}

/// Compares `actual` with `expected` line by line; on a mismatch the message shows both with the
/// first differing line marked.
func expectSameText(_ actual: String, _ expected: String, _ what: String = "",
                    sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    guard actual != expected else { return }
    let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
    let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
    var first = 0
    while first < min(a.count, e.count) && a[first] == e[first] { first += 1 }
    var msg = "\(what) differs at line \(first + 1)\n--- expected\n"
    for (i, l) in e.enumerated() { msg += (i == first ? "> " : "  ") + l + "\n" }
    msg += "--- actual\n"
    for (i, l) in a.enumerated() { msg += (i == first ? "> " : "  ") + l + "\n" }
    Issue.record(Comment(rawValue: msg), sourceLocation: sourceLocation)
}
