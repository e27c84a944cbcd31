import Foundation
import Testing
@testable import SchedulerSim

/// Mutation fuzzing of the front end: the lessons of `scenarios/`, broken in random ways. Whatever
/// the input, `Frontend.load` returns (no crash, no hang), and every diagnostic points inside the
/// file, says something, and renders.
enum FrontendFuzz {
    /// The scenario language's own SplitMix64, with the few draws the fuzzer needs.
    struct RNG {
        var mix: SplitMix64
        init(seed: UInt64) { mix = SplitMix64(seed: seed) }
        mutating func next() -> UInt64 { mix.next() }
        mutating func int(_ n: Int) -> Int { n <= 0 ? 0 : Int(next() % UInt64(n)) }
        mutating func pick<T>(_ xs: [T]) -> T { xs[int(xs.count)] }
        mutating func chance(_ percent: Int) -> Bool { int(100) < percent }
    }

    static let words: [String] = Keywords.statementWords + Keywords.pythonKeywords + Keywords.topLevelWords
        + Array(Keywords.builtins.keys).sorted() + ["first_completed", "timeout", "maxsize", "return_exceptions", "as", "none"]

    static let snippets: [String] = [
        "\t", "\0", "\r", "\r\n", "\n", " ", "    ", "(", ")", "[", "]", "{", "}", "{{", "}}", "\"", "'", "\\",
        ":", ",", "=", "==", "**", "*", "-", ".", "#", ";", "!", "@", "$", "`", "~", "é", "→", "😀", "\u{FEFF}",
        "\u{202E}", "\u{0301}", "\u{7F}", "\u{1B}[31m", "1e999", "99999999999999999999", "1.5", "0.0000001s", "5xs",
        "1_000", "10ms", "{x:>3}", "\"{\"", "\"{}\"", "\"{a[}\"", "f\"", "((((((((((", "]]]]]", "[[[[[[",
        "not not not", "- - - -", "spawn", "spawn spawn f()", "* *", "x[", "a, b =", "lambda",
    ]

    static func mutate(_ source: String, rng: inout RNG) -> String {
        var lines = source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let rounds = 1 + rng.int(4)
        for _ in 0..<rounds {
            if lines.isEmpty { lines = [""] }
            let i = rng.int(lines.count)
            switch rng.int(13) {
            case 0: lines.remove(at: i)
            case 1: lines.insert(lines[i], at: i)
            case 2:
                let j = rng.int(lines.count)
                lines.swapAt(i, j)
            case 3: // change indentation
                let body = lines[i].drop { $0 == " " || $0 == "\t" }
                let indent = rng.chance(20) ? String(repeating: "\t", count: rng.int(3))
                    : String(repeating: " ", count: rng.int(13))
                lines[i] = indent + body
            case 4, 5: // insert a snippet at a random point of a line
                var scalars = Array(lines[i].unicodeScalars)
                let at = rng.int(scalars.count + 1)
                scalars.insert(contentsOf: rng.pick(snippets).unicodeScalars, at: at)
                lines[i] = String(String.UnicodeScalarView(scalars))
            case 6: // random bytes (as scalars), control characters included
                var scalars = Array(lines[i].unicodeScalars)
                let at = rng.int(scalars.count + 1)
                for _ in 0..<(1 + rng.int(4)) {
                    let v = rng.chance(70) ? UInt32(rng.int(128)) : UInt32(rng.int(0x3000))
                    if let s = Unicode.Scalar(v) { scalars.insert(s, at: min(at, scalars.count)) }
                }
                lines[i] = String(String.UnicodeScalarView(scalars))
            case 7: // delete a span of a line
                var scalars = Array(lines[i].unicodeScalars)
                if !scalars.isEmpty {
                    let a = rng.int(scalars.count)
                    let b = min(scalars.count, a + 1 + rng.int(6))
                    scalars.removeSubrange(a..<b)
                    lines[i] = String(String.UnicodeScalarView(scalars))
                }
            case 8: // replace a word with a keyword
                var parts = lines[i].split(separator: " ", omittingEmptySubsequences: false).map(String.init)
                let candidates = parts.indices.filter { !parts[$0].isEmpty }
                if !candidates.isEmpty {
                    parts[rng.pick(candidates)] = rng.pick(words)
                    lines[i] = parts.joined(separator: " ")
                }
            case 9: // truncate the file
                let cut = rng.int(lines.count + 1)
                lines.removeSubrange(cut...)
                if rng.chance(50), let last = lines.last, !last.isEmpty {
                    lines[lines.count - 1] = String(last.prefix(rng.int(last.count)))
                }
            case 10: // a line from elsewhere, at another depth
                let j = rng.int(lines.count)
                lines.insert(String(repeating: " ", count: 4 * rng.int(4)) + lines[j].trimmingCharacters(in: .whitespaces), at: i)
            case 11: // deep nesting
                let n = 1 + rng.int(150)
                let open = rng.pick(["(", "[", "-", "not ", "[x for x in ", "\"{"])
                lines.insert("x = " + String(repeating: open, count: n) + "1", at: i)
            default: // a line ending with CR, or a trailing NUL
                lines[i] += rng.chance(50) ? "\r" : "\0"
            }
        }
        return lines.joined(separator: "\n")
    }

    /// Problems with one mutant's diagnostics (empty if fine).
    static func problems(_ source: String) -> [String] {
        let result = Frontend.load(source: source)
        guard case .failure(let d) = result else { return [] }
        var out: [String] = []
        if d.items.isEmpty { out.append("failure without diagnostics") }
        let lines = source.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
        for item in d.items {
            let l = item.location
            if item.message.isEmpty { out.append("empty message at \(l)") }
            if item.hint?.isEmpty == true { out.append("empty hint at \(l): \(item.message)") }
            guard l.line >= 1 && l.line <= lines.count else {
                out.append("line out of range (\(lines.count) lines) at \(l): \(item.message)")
                continue
            }
            let width = lines[l.line - 1].count
            if l.column < 1 || l.column > width + 1 {
                out.append("column out of range (line has \(width)) at \(l): \(item.message)")
            }
            if item.length < 1 { out.append("length \(item.length) at \(l): \(item.message)") }
            let r = item.rendered(path: "f.txt", source: source)
            if !r.hasPrefix("f.txt:\(l.line):\(l.column): ") || !r.contains("^") {
                out.append("bad rendering at \(l): \(r)")
            }
        }
        return out
    }

    static func sources() -> [String] {
        let dir = Lessons.scenariosDir
        let files = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return files.filter { $0.hasSuffix(".txt") }.sorted().compactMap {
            try? String(contentsOf: dir.appendingPathComponent($0), encoding: .utf8)
        }
    }

    /// Runs `count` mutants from `seed`; returns the failures (source and problems).
    static func run(seed: UInt64, count: Int, slowLimit: Duration = .seconds(1)) -> [(String, [String])] {
        let bases = sources()
        var rng = RNG(seed: seed)
        var failures: [(String, [String])] = []
        for k in 0..<count {
            var src = bases[k % bases.count]
            for _ in 0..<(1 + rng.int(2)) { src = mutate(src, rng: &rng) }
            let start = ContinuousClock.now
            var p = problems(src)
            let took = ContinuousClock.now - start
            if took > slowLimit { p.append("slow: \(took)") }
            if !p.isEmpty { failures.append((src, p)) }
        }
        return failures
    }
}

@Test func frontendSurvivesMutatedScenarios() {
    #expect(FrontendFuzz.sources().count >= 20)
    let failures = FrontendFuzz.run(seed: 0xA5_1C_71_2, count: 2000)
    for (src, p) in failures.prefix(5) {
        Issue.record("\(p.joined(separator: "; "))\n--- mutant ---\n\(src.debugDescription)")
    }
    #expect(failures.isEmpty)
}

/// A long session, not part of the suite: `ASYNCVIZ_FUZZ=200000 swift test -c release --filter frontendFuzzLong`.
@Test(.enabled(if: ProcessInfo.processInfo.environment["ASYNCVIZ_FUZZ"] != nil))
func frontendFuzzLong() {
    let env = ProcessInfo.processInfo.environment
    let n = Int(env["ASYNCVIZ_FUZZ"] ?? "") ?? 200_000
    let seed = UInt64(env["ASYNCVIZ_FUZZ_SEED"] ?? "") ?? 7
    let failures = FrontendFuzz.run(seed: seed, count: n)
    var kinds: [String: Int] = [:]
    for (_, p) in failures { for x in p { kinds[String(x.prefix(40)), default: 0] += 1 } }
    print("fuzz: \(n) mutants, \(failures.count) failing; \(kinds.sorted { $0.value > $1.value }.prefix(20))")
    for (src, p) in failures.prefix(10) {
        Issue.record("\(p.joined(separator: "; "))\n--- mutant ---\n\(src.debugDescription)")
    }
}

/// Inputs that once crashed, hung or misplaced a diagnostic.
@Test(arguments: [
    "",
    "\0",
    "\r",
    "main:\r\n    print 1\r\n",
    "\u{FEFF}main:\n    print 1\n",
    "main:\r\n    x = (\r\n    print 1\r\n",
    "main:\n\tprint \"a\r\n",
    // An unclosed bracket before a blank line: its errors were placed on the blank line.
    "queue q\ndef p(n):\n    put q [5none\n\ndef c():\n    pass\nmain:\n    pass\n",
    "queue q\n      x[  \n\ndef p(n):\n    pass\n",
])
func frontendEdgeInputs(_ src: String) {
    #expect(FrontendFuzz.problems(src) == [])
}

/// CRLF files: "\r\n" is one Character, so the source line of a diagnostic must be found by scalars.
@Test func renderedShowsTheRightLineOfACRLFFile() {
    let src = "main:\r\n    print 1\r\n    x = )\r\n"
    guard case .failure(let d) = Frontend.load(source: src), let first = d.items.first else {
        Issue.record("expected an error")
        return
    }
    #expect(first.location.line == 3)
    let r = first.rendered(path: "crlf.txt", source: src)
    #expect(r.contains("\n      x = )\n"), "\(r)")
}
