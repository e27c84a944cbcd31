import Foundation
import Testing
@testable import SchedulerSim

/// The lessons of `scenarios/` and their CPython goldens, found relative to this file.
enum Lessons {
    static let testsDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let repoDir = testsDir.deletingLastPathComponent().deletingLastPathComponent()
    static let scenariosDir = repoDir.appendingPathComponent("scenarios")
    static let twinsDir = repoDir.appendingPathComponent("Tests/conformance/twins")
    static let goldenDir = testsDir.appendingPathComponent("Golden/lessons")

    static let names = [
        "as_completed", "async_context_manager", "async_generator", "blocking_call", "bounded_queue",
        "cancel_heartbeat", "create_task", "deadlock", "event", "gather", "gather_exceptions",
        "hundred_requests", "lock_counter", "producer_consumer", "race_condition", "retry_backoff",
        "semaphore_downloads", "semaphore_requests", "sequential", "taskgroup", "timeout_block",
        "to_thread", "wait_first_completed", "wait_for_timeout",
    ]

    static func source(_ name: String) -> String {
        (try? String(contentsOf: scenariosDir.appendingPathComponent(name + ".txt"), encoding: .utf8)) ?? ""
    }

    static func scenario(_ name: String) -> Scenario? {
        switch Frontend.load(source: source(name)) {
        case .success(let s): return s
        case .failure: return nil
        }
    }

    static func trace(_ name: String, options: SimulationOptions = .init()) -> Trace {
        guard let s = scenario(name) else {
            Issue.record("scenario \(name) does not load")
            return Trace()
        }
        return Simulation.run(s, options: options)
    }

    /// The canonical summary of `Tests/conformance/twins/NAME.expected.json` (CPython 3.13's run of
    /// the lesson's twin), in `Sim.summary`'s format.
    static func cpythonSummary(_ name: String) -> String? {
        guard let data = try? Data(contentsOf: twinsDir.appendingPathComponent(name + ".expected.json")),
              let obj = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
        func ts(_ v: Any?) -> String {
            guard let d = (v as? NSNumber)?.doubleValue else { return "-" }
            return Sim.ts(Micros((d * 1_000_000).rounded()))
        }
        var lines = ["end \(ts(obj["end"])) \(obj["stop"] as? String ?? "?")"]
        for p in obj["prints"] as? [[String: Any]] ?? [] { lines.append("\(ts(p["t"])) \(p["text"] as? String ?? "")") }
        for t in obj["tasks"] as? [[String: Any]] ?? [] {
            let o = t["outcome"] as? String ?? "?"
            let v = o == "result" ? t["result"] as? String : o == "exception" ? t["error"] as? String : nil
            lines.append("\(t["name"] as? String ?? "?") \(o)\(v.map { " " + $0 } ?? "") @\(ts(t["finished"]))")
        }
        var names: [Int: String] = [:]
        for t in obj["tasks"] as? [[String: Any]] ?? [] { names[t["id"] as? Int ?? 0] = t["name"] as? String }
        for w in obj["workers"] as? [[String: Any]] ?? [] {
            let busy = (w["busy"] as? [[Any]] ?? []).map { b in
                "\(ts(b[0]))-\(ts(b[1])) \(names[b[2] as? Int ?? 0] ?? "?")"
            }
            if !busy.isEmpty { lines.append("worker \(w["id"] as? Int ?? 0): " + busy.joined(separator: ", ")) }
        }
        return lines.joined(separator: "\n")
    }
}
