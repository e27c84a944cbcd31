import Foundation
import Testing
@testable import SchedulerSim

/// The CPython conformance suite (Tests/conformance/README.md): every lesson in `scenarios/` and
/// `ConformanceSuite.randomCount` scenarios from `gen.py` are simulated in-process and exported as
/// Python twins; the twins run on CPython's asyncio on the virtual clock (`run_batch.py`, two
/// worker processes) and each trace is compared with asyncviz's JSON by `compare.py`.
///
/// Without a CPython ≥ 3.12 these tests fail (they never skip): install one, e.g.
/// `pyenv install 3.13.0`, or `apt-get install python3`.
enum ConformanceSuite {
    /// The random scenarios of one run: `gen.py --seed baseSeed --count randomCount`.
    /// `ASYNCVIZ_CONFORMANCE_SEED` / `ASYNCVIZ_CONFORMANCE_COUNT` override them.
    static let baseSeed: Int = Int(ProcessInfo.processInfo.environment["ASYNCVIZ_CONFORMANCE_SEED"] ?? "") ?? 20250
    static let randomCount: Int = Int(ProcessInfo.processInfo.environment["ASYNCVIZ_CONFORMANCE_COUNT"] ?? "") ?? 1000

    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static var conformanceDir: URL { root.appendingPathComponent("Tests/conformance") }

    struct Python {
        var executable: String
        var environment: [String: String]
        var version: String
    }

    enum Failure: Error, CustomStringConvertible {
        case noPython(String)
        case process(String)
        var description: String {
            switch self {
            case .noPython(let s), .process(let s): return s
            }
        }
    }

    /// `PYENV_VERSION=3.13.0 python3` when pyenv has 3.13.0, else any `python3` ≥ 3.12 on PATH.
    static func findPython() throws -> Python {
        var tried: [String] = []
        let base = ProcessInfo.processInfo.environment
        var candidates: [[String: String]] = []
        var pinned = base
        pinned["PYENV_VERSION"] = "3.13.0"
        candidates.append(pinned)
        var plain = base
        plain["PYENV_VERSION"] = nil
        candidates.append(plain)
        for env in candidates {
            for exe in ["python3", "python3.13", "python3.12"] {
                guard let r = try? run(["/usr/bin/env", exe, "-c", "import sys; print('%d.%d.%d' % sys.version_info[:3])"],
                                       environment: env), r.status == 0 else {
                    tried.append(exe + (env["PYENV_VERSION"].map { " (PYENV_VERSION=\($0))" } ?? ""))
                    continue
                }
                let v = r.out.trimmingCharacters(in: .whitespacesAndNewlines)
                let parts = v.split(separator: ".").compactMap { Int($0) }
                if parts.count >= 2, parts[0] == 3, parts[1] >= 12 {
                    return Python(executable: exe, environment: env, version: v)
                }
                tried.append("\(exe) is \(v)")
            }
        }
        throw Failure.noPython("""
            The conformance suite needs CPython ≥ 3.12 (3.13.0 is the reference) and found none \
            (tried: \(tried.joined(separator: ", "))). Install one — `pyenv install 3.13.0`, or \
            `apt-get install python3` on a distribution that ships 3.12+ — and run `swift test` again.
            """)
    }

    static func run(_ argv: [String], environment: [String: String], stdin: Data? = nil) throws -> (status: Int32, out: String, err: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: argv[0])
        p.arguments = Array(argv.dropFirst())
        p.environment = environment
        p.currentDirectoryURL = root
        let outPipe = Pipe(), errPipe = Pipe()
        p.standardOutput = outPipe
        p.standardError = errPipe
        p.standardInput = FileHandle.nullDevice
        try p.run()
        // Read both pipes to the end before waiting (a full pipe would block the child).
        let group = DispatchGroup()
        nonisolated(unsafe) var errData = Data()
        group.enter()
        DispatchQueue.global().async {
            errData = errPipe.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = outPipe.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }

    static func python(_ py: Python, _ args: [String]) throws -> (status: Int32, out: String, err: String) {
        try run(["/usr/bin/env", py.executable] + args, environment: py.environment)
    }

    struct Case {
        var id: String
        var source: String
        var note: String
    }

    struct Outcome {
        var id: String
        var ok: Bool
        var diff: String?
        var error: String?
    }

    /// Simulates each case in-process, runs the twins on the harness, returns one outcome per case.
    static func check(_ cases: [Case], python py: Python) throws -> [Outcome] {
        var manifest: [[String: Any]] = []
        var early: [String: Outcome] = [:]
        for c in cases {
            switch Frontend.load(source: c.source) {
            case .failure(let d):
                let msg = d.items.map { "\($0.location.line):\($0.location.column): \($0.message)" }.joined(separator: "; ")
                early[c.id] = Outcome(id: c.id, ok: false, diff: nil, error: "the scenario does not load: \(msg)")
            case .success(let scenario):
                let trace = Simulation.run(scenario)
                manifest.append([
                    "id": c.id,
                    "python": PythonExport.render(scenario),
                    "asyncviz": JSONExport.render(trace),
                    "until": scenario.until ?? 300.0,
                ])
            }
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("asyncviz-conformance-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let manifestURL = dir.appendingPathComponent("manifest.json")
        let resultsURL = dir.appendingPathComponent("results.json")
        try JSONSerialization.data(withJSONObject: manifest).write(to: manifestURL)
        let r = try python(py, [conformanceDir.appendingPathComponent("run_batch.py").path, manifestURL.path,
                                "--jobs", "2", "--out", resultsURL.path])
        guard let data = try? Data(contentsOf: resultsURL),
              let list = try JSONSerialization.jsonObject(with: data) as? [[String: Any]] else {
            throw Failure.process("run_batch.py failed (status \(r.status)):\n\(r.err.suffix(3000))")
        }
        var byID = early
        for item in list {
            let id = item["id"] as? String ?? "?"
            byID[id] = Outcome(id: id, ok: item["ok"] as? Bool ?? false, diff: item["diff"] as? String,
                               error: item["error"] as? String)
        }
        return cases.map { byID[$0.id] ?? Outcome(id: $0.id, ok: false, diff: nil, error: "no result from the harness") }
    }

    static func report(_ outcomes: [Outcome], _ cases: [Case]) {
        let sources = Dictionary(uniqueKeysWithValues: cases.map { ($0.id, $0) })
        for o in outcomes where !o.ok {
            let c = sources[o.id]
            let what = o.diff.map { "first difference: \($0)" } ?? "error: \(o.error ?? "?")"
            Issue.record("""
                conformance mismatch in \(o.id) (\(c?.note ?? "")):
                \(what)
                ---- scenario ----
                \(c?.source ?? "")
                ------------------
                """)
        }
    }
}

@Suite(.serialized) struct ConformanceTests {
    /// Every `.txt` scenario of a folder, in name order, as cases with ids `PREFIX/NAME`.
    static func scenarioCases(in dir: URL, prefix: String, note: String) throws -> [ConformanceSuite.Case] {
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".txt") }.sorted()
        return try files.map { f in
            ConformanceSuite.Case(id: prefix + "/" + f, source: try String(contentsOf: dir.appendingPathComponent(f), encoding: .utf8), note: note)
        }
    }

    /// Runs every scenario of a folder against CPython; there must be at least `atLeast`.
    static func checkFolder(_ dir: URL, prefix: String, note: String, atLeast: Int, what: String) throws {
        let py = try ConformanceSuite.findPython()
        let cases = try scenarioCases(in: dir, prefix: prefix, note: note)
        #expect(cases.count >= atLeast)
        let outcomes = try ConformanceSuite.check(cases, python: py)
        ConformanceSuite.report(outcomes, cases)
        print("conformance: \(outcomes.filter(\.ok).count)/\(outcomes.count) \(what) match CPython \(py.version)")
    }

    @Test func lessonsMatchCPython() throws {
        try Self.checkFolder(ConformanceSuite.root.appendingPathComponent("scenarios"), prefix: "scenarios", note: "lesson",
                             atLeast: 24, what: "lessons")
    }

    /// Hand-written corner cases the generator does not write (`Tests/conformance/corners/`):
    /// cancellation inside every kind of wait, same-instant timeouts, task groups in task groups,
    /// reused coroutines, exceptions and `finally`, format specs, ranges, extreme ints, names the
    /// twin itself uses.
    @Test func cornerScenariosMatchCPython() throws {
        try Self.checkFolder(ConformanceSuite.conformanceDir.appendingPathComponent("corners"), prefix: "corners",
                             note: "corner case", atLeast: 100, what: "corner cases")
    }

    /// Scenario names that the twin itself uses (`time`, `asyncio`, a def `random`, `list`, `_`):
    /// the twin broke (`time.sleep` on an int) or changed meaning (randint called the def).
    @Test func namesTheTwinUsesMatchCPython() throws {
        let py = try ConformanceSuite.findPython()
        let source = """
            seed 7
            var time = 5
            var asyncio = 3
            lock list
            def random(int):
                sleep 0.1
                return int * 2
            def wait_in_order(_):
                return _ + 1
            main:
                cpu 0.1
                x = to_thread 0.2
                with list:
                    r = random(4)
                t = spawn wait_in_order(1)
                done, pending = wait t
                for tg in done:
                    print result(tg)
                print time, asyncio, r, randint(1, 6), len(done)
            """
        let cases = [ConformanceSuite.Case(id: "twin-names", source: source, note: "names the twin uses")]
        let outcomes = try ConformanceSuite.check(cases, python: py)
        ConformanceSuite.report(outcomes, cases)
        #expect(outcomes.allSatisfy { $0.ok })
    }

    /// Run-time errors of `cpu`, `to_thread` and `repeat` are the twin's: `cpu -1` was a
    /// zero-length cpu where time.sleep(-1) raises ValueError (in the worker for to_thread), and
    /// `repeat 2.5` had its own TypeError message.
    @Test func cpuAndRepeatErrorsMatchCPython() throws {
        let py = try ConformanceSuite.findPython()
        let cases = [
            ("var d = -1\nmain:\n    try:\n        cpu d\n    except ValueError as e:\n        print e\n    cpu d\n", "negative cpu"),
            ("var d = -1\nmain:\n    try:\n        x = to_thread d\n    except ValueError as e:\n        print e\n    x = to_thread d\n", "negative to_thread"),
            ("var d = 0.5\nmain:\n    try:\n        repeat d:\n            pass\n    except TypeError as e:\n        print e\n    repeat d:\n        pass\n", "float repeat"),
        ].map { ConformanceSuite.Case(id: $0.1, source: $0.0, note: $0.1) }
        let outcomes = try ConformanceSuite.check(cases, python: py)
        ConformanceSuite.report(outcomes, cases)
        #expect(outcomes.allSatisfy { $0.ok })
    }

    @Test func randomScenariosMatchCPython() throws {
        let py = try ConformanceSuite.findPython()
        let seed = ConformanceSuite.baseSeed, count = ConformanceSuite.randomCount
        print("conformance: gen.py --seed \(seed) --count \(count) (set ASYNCVIZ_CONFORMANCE_SEED / _COUNT to change)")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("asyncviz-gen-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let g = try ConformanceSuite.python(py, [ConformanceSuite.conformanceDir.appendingPathComponent("gen.py").path,
                                                  "--seed", "\(seed)", "--count", "\(count)", "--out", dir.path])
        #expect(g.status == 0, "gen.py failed: \(g.err)")
        let cases = try (0..<count).map { i in
            let name = "s\(seed)_\(i).txt"
            return ConformanceSuite.Case(id: name, source: try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8),
                                         note: "reproduce: python3 Tests/conformance/gen.py --seed \(seed) --count \(i + 1) --out DIR; file \(name)")
        }
        let outcomes = try ConformanceSuite.check(cases, python: py)
        ConformanceSuite.report(outcomes, cases)
        print("conformance: \(outcomes.filter(\.ok).count)/\(outcomes.count) random scenarios match CPython \(py.version) (seed \(seed))")
    }

    @Test func harnessSelfTests() throws {
        let py = try ConformanceSuite.findPython()
        let r = try ConformanceSuite.python(py, ["-m", "unittest", "discover", "-s", ConformanceSuite.conformanceDir.path])
        #expect(r.status == 0, "the harness self-tests failed:\n\(r.err.suffix(3000))")
    }
}
