import Foundation
import SchedulerSim

/// `asyncviz bench`: the benchmark suite of issue 6. Each workload runs in a child process so
/// that its peak memory is its own; the parent prints one table. Build in release first:
/// `swift build -c release && .build/release/asyncviz bench`.
enum Benchmark {
    struct Workload: Sendable {
        let name: String
        let what: String
        let source: @Sendable (Int) -> String
    }

    static let workloads: [Workload] = [
        Workload(name: "W1", what: "N tasks × 10 sleeps, gathered") { n in
            """
            def worker(i):
                for k in range(10):
                    sleep 0.001 * (1 + (i * 7 + k * 13) % 10)

            main:
                gather *[worker(i) for i in range(\(n))]
            """
        },
        Workload(name: "W2", what: "W1 with every sleep inside Semaphore(100)") { n in
            """
            semaphore sem 100

            def worker(i):
                for k in range(10):
                    with sem:
                        sleep 0.001 * (1 + (i * 7 + k * 13) % 10)

            main:
                gather *[worker(i) for i in range(\(n))]
            """
        },
        Workload(name: "W3", what: "N/10 producers × 10 items → 100 consumers, bounded queue") { n in
            """
            queue q maxsize 100

            def producer(p):
                for k in range(10):
                    put q p * 10 + k
                    sleep 0.001 * (1 + (p + k) % 5)

            def consumer(c):
                forever:
                    x = get q
                    sleep 0.001 * (1 + x % 3)
                    task_done q

            main:
                consumers = [spawn consumer(c) for c in range(100)]
                gather *[producer(p) for p in range(\(max(1, n / 10)))]
                join q
                for c in consumers:
                    cancel c
            """
        },
        Workload(name: "W4", what: "binary tree of nested gathers, N leaves") { n in
            var depth = 0
            while (1 << depth) < n { depth += 1 }
            return """
            def node(d):
                if d == 0:
                    sleep 0.001
                    return 1
                xs = gather node(d - 1), node(d - 1)
                return xs[0] + xs[1]

            main:
                total = node(\(depth))
                print total
            """
        },
    ]

    struct Result: Codable {
        var workload: String
        var n: Int
        var wakeups: Int
        var events: Int
        var spans: Int
        var simSeconds: Double
        var parseSeconds: Double
        var peakRSSMB: Double
        var bytesPerEvent: Double
        var end: Double
        var jsonSeconds: Double?
        var firstFrameSeconds: Double?
        var stepForwardMs: Double?
        var stepBackMs: Double?
        var frameMs: Double?
    }

    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    static func peakRSSMB() -> Double {
        guard let s = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in s.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let kb = line.split(separator: " ").compactMap { Double($0) }.first ?? 0
            return kb / 1024
        }
        return 0
    }

    /// Runs one workload in this process and prints its result as JSON.
    static func runOne(_ name: String, _ n: Int, json: Bool, viewer: Bool) -> Int32 {
        guard let w = workloads.first(where: { $0.name == name }) else { return 2 }
        let t0 = now()
        guard case .success(let scenario) = Frontend.load(source: w.source(n)) else { return 1 }
        let t1 = now()
        // As `asyncviz FILE --export …` runs it: the process exits after the trace is used.
        let trace = Simulation.run(scenario, options: SimulationOptions(keepStateUntilExit: true))
        let t2 = now()
        var r = Result(workload: name, n: n, wakeups: trace.events.kinds.reduce(0) { $0 + ($1 == .run ? 1 : 0) },
                       events: trace.events.count, spans: trace.spans.count, simSeconds: t2 - t1, parseSeconds: t1 - t0,
                       peakRSSMB: 0, bytesPerEvent: 0, end: Double(trace.end) / 1e6)
        // The packed rows and side tables as stored (the shared label strings aside).
        r.bytesPerEvent = Double(trace.packedTraceBytes) / Double(max(1, r.wakeups))
        if json {
            let j0 = now()
            let text = JSONExport.render(trace)
            r.jsonSeconds = now() - j0
            _ = text.utf8.count
        }
        if viewer {
            let f0 = now()
            let tl = Timeline(trace)
            var state = AppState()
            var canvas = render(state, tl, width: 120, height: 40)
            r.firstFrameSeconds = now() - f0 + (t2 - t0)
            _ = canvas
            // Steps from the middle of the run, forwards then backwards, each with a frame.
            state.cursor = tl.eventCount / 2
            let steps = 500
            let s0 = now()
            for _ in 0..<steps {
                state = update(state, .key(.char(" ")), tl).0
                canvas = render(state, tl, width: 120, height: 40)
            }
            let s1 = now()
            for _ in 0..<steps {
                state = update(state, .key(.char("b")), tl).0
                canvas = render(state, tl, width: 120, height: 40)
            }
            let s2 = now()
            for _ in 0..<steps { canvas = render(state, tl, width: 120, height: 40) }
            let s3 = now()
            r.stepForwardMs = (s1 - s0) / Double(steps) * 1000
            r.stepBackMs = (s2 - s1) / Double(steps) * 1000
            r.frameMs = (s3 - s2) / Double(steps) * 1000
        }
        r.peakRSSMB = peakRSSMB()
        // Sorted keys: the child's line is read by people too, and the same run should print the same bytes.
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try! encoder.encode(r)
        print(String(decoding: data, as: UTF8.self))
        return 0
    }

    static func child(_ args: [String]) -> Result? {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/proc/self/exe")
        p.arguments = ["bench"] + args
        let pipe = Pipe()
        p.standardOutput = pipe
        do { try p.run() } catch { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return try? JSONDecoder().decode(Result.self, from: data)
    }

    static func python() -> String? {
        let env = ProcessInfo.processInfo.environment
        var candidates: [String] = []
        if let p = env["ASYNCVIZ_PYTHON"] { candidates.append(p) }
        let home = env["HOME"] ?? "/root"
        candidates += ["\(home)/.pyenv/versions/3.13.0/bin/python3", "/usr/local/bin/python3", "/usr/bin/python3"]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static func pythonBench(_ script: String, _ w: String, _ n: Int) -> (events: Int, wall: Double, end: Double)? {
        guard let py = python() else { return nil }
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Tests/bench/\(script)")
        guard FileManager.default.fileExists(atPath: dir.path) else { return nil }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: py)
        p.arguments = [dir.path, w, String(n)]
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = FileHandle.nullDevice
        do { try p.run() } catch { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0,
              let obj = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let e = obj["events"] as? Int, let wall = obj["wall"] as? Double, let end = obj["end"] as? Double else { return nil }
        return (e, wall, end)
    }

    static func fmt(_ x: Double, _ d: Int = 2) -> String { String(format: "%.\(d)f", x) }

    /// `asyncviz bench [--quick] [--scaling]`
    static func main(_ args: [String]) -> Int32 {
        if args.first == "--one", args.count >= 3, let n = Int(args[2]) {
            return runOne(args[1], n, json: args.contains("--json"), viewer: args.contains("--viewer"))
        }
        let quick = args.contains("--quick")
        let sizes = quick ? [1_000, 10_000] : [10_000, 100_000]
        print("asyncviz benchmark (release build recommended); events = task wake-ups (W1: one per sleep)")
        print("")
        print("workload      N   wake-ups  wall(s)  wake-ups/s  trace ev  peak MB  B/wake-up  end(s)")
        var w1: [Int: Result] = [:]
        var w2: [Int: Result] = [:]
        for w in workloads {
            for n in sizes {
                guard let r = child(["--one", w.name, String(n)]) else { print("\(w.name) \(n): failed"); continue }
                if w.name == "W1" { w1[n] = r }
                if w.name == "W2" { w2[n] = r }
                print("\(w.name.padding(toLength: 4, withPad: " ", startingAt: 0)) \(String(n).leftPad(9)) \(String(r.wakeups).leftPad(10)) \(fmt(r.simSeconds, 3).leftPad(8)) \(fmt(Double(r.wakeups) / r.simSeconds, 0).leftPad(11)) \(String(r.events).leftPad(9)) \(fmt(r.peakRSSMB, 0).leftPad(8)) \(fmt(r.bytesPerEvent, 0).leftPad(10)) \(fmt(r.end, 3).leftPad(7))")
            }
        }
        let big = sizes.last!
        print("")
        if let r = child(["--one", "W1", String(big), "--json", "--viewer"]) {
            print("W1 N=\(big): JSON export \(fmt(r.jsonSeconds ?? 0, 3)) s; viewer: first frame \(fmt(r.firstFrameSeconds ?? 0, 3)) s (parse + simulate + index + draw), step forward \(fmt(r.stepForwardMs ?? 0, 3)) ms, step back \(fmt(r.stepBackMs ?? 0, 3)) ms, frame \(fmt(r.frameMs ?? 0, 3)) ms (120x40)")
        }
        print("")
        for (label, script) in [("SimPy", "simpy_bench.py"), ("asyncio (virtual clock)", "asyncio_bench.py")] {
            for (name, table) in [("W1", w1), ("W2", w2)] {
                let n = script == "asyncio_bench.py" ? sizes.first! : big
                guard let ours = table[n] else { continue }
                if let other = pythonBench(script, name, n) {
                    let theirs = Double(other.events) / other.wall
                    let mine = Double(n * 10) / ours.simSeconds
                    print("\(name) N=\(n): \(label) \(fmt(theirs, 0)) sleeps/s, end \(other.end) s; asyncviz \(fmt(mine, 0)) sleeps/s, end \(fmt(ours.end, 3)) s: \(fmt(mine / theirs, 1))×")
                } else {
                    print("\(name) N=\(n): \(label) not available (python3 with simpy: pip install simpy)")
                }
            }
        }
        if args.contains("--scaling") {
            print("")
            print("W1 scaling:   N      wall(s)   peak MB")
            for n in [1_000, 10_000, 100_000, 1_000_000] {
                if let r = child(["--one", "W1", String(n)]) {
                    print("      \(String(n).leftPad(9))  \(fmt(r.simSeconds, 3).leftPad(8))  \(fmt(r.peakRSSMB, 0).leftPad(7))")
                }
            }
        }
        return 0
    }
}

extension String {
    func leftPad(_ n: Int) -> String { count >= n ? self : String(repeating: " ", count: n - count) + self }
}
