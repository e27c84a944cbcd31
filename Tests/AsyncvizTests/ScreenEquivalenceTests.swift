import Foundation
import Testing
@testable import asyncviz
@testable import SchedulerSim

/// Every scenario in `scenarios/` plus a W1-style run of 120 tasks, driven through a fixed
/// pseudo-random key sequence (steps, instants, zoom, pan, selection, panes, pane scroll, filter,
/// preview, play ticks); each frame is rendered at 80x24 and 120x40 and folded into a digest of
/// every cell's character and style. The digests were recorded with the straightforward renderer
/// (before the viewer's speed work), so the faster one must draw exactly the same screens.
/// `UPDATE_GOLDEN=1` rewrites `Golden/screen-digests.txt`; `EQUIV_DUMP=DIR` writes every frame's
/// digest per scenario to DIR for finding the first frame that differs.
@Suite struct ScreenEquivalenceTests {
    static var root: URL { URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent() }

    static func scenarios() -> [(String, String)] {
        let dir = root.appendingPathComponent("scenarios")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter { $0.hasSuffix(".txt") }.sorted()
        var out = names.compactMap { n -> (String, String)? in
            guard let s = try? String(contentsOf: dir.appendingPathComponent(n), encoding: .utf8) else { return nil }
            return (n, s)
        }
        out.append(("w1-120", """
            title "W1: many sleepers"
            note "Each worker sleeps ten times; main gathers them all. A long note so that it wraps in the narrow pane of the 80-column screen."

            def worker(i):
                for k in range(10):
                    sleep 0.001 * (1 + (i * 7 + k * 13) % 10)

            main:
                gather *[worker(i) for i in range(120)]
            """))
        return out
    }

    /// FNV-1a over the cells.
    static func digest(_ c: Canvas, into h: inout UInt64) {
        func mix(_ b: UInt8) { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        for cell in c.cells {
            for b in String(cell.char).utf8 { mix(b) }
            let st = cell.style
            mix(st.role.rawValue | (st.bold ? 0x20 : 0) | (st.dim ? 0x40 : 0) | (st.reverse ? 0x80 : 0))
        }
        mix(0xff)
    }

    static func inputs(seed: UInt64, count: Int) -> [Input] {
        var x = seed
        func next(_ n: Int) -> Int {
            x = x &* 6364136223846793005 &+ 1442695040888963407
            return Int((x >> 33) % UInt64(n))
        }
        let simple: [Key] = [.char(" "), .char(" "), .char(" "), .char("b"), .char("]"), .char("]"), .char("["), .right, .left,
                             .char("z"), .char("Z"), .char("a"), .char("d"), .char("j"), .char("j"), .char("k"), .down, .up,
                             .char("J"), .char("K"), .tab, .backTab, .char("L"), .char("g"), .char("G"), .pageUp, .pageDown]
        var out: [Input] = []
        while out.count < count {
            switch next(20) {
            case 0:
                let f = ["w", "WORKER#1", "zz", "a", "ma", "1"][next(6)]
                out.append(.key(.char("/")))
                out += f.map { .key(.char($0)) }
                out.append(.key(next(3) == 0 ? .escape : .enter))
            case 1:
                out.append(.key(.escape))
            case 2:
                out += [.key(.char("p")), .tick(Int64(next(400_000))), .tick(Int64(next(400_000))), .key(.char("p"))]
            case 3:
                out += ":goto 0.\(next(10))".map { .key(.char($0)) } + [.key(.enter)]
            default:
                out.append(.key(simple[next(simple.count)]))
            }
        }
        return out
    }

    static func run(_ source: String, dump: ((String) -> Void)? = nil) -> [UInt64] {
        guard case .success(let sc) = Frontend.load(source: source) else { return [] }
        let tl = Timeline(Simulation.run(sc))
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let options = RenderOptions(glyphs: .unicode, sourceLines: lines)
        var results: [UInt64] = []
        for (w, h) in [(80, 24), (120, 40)] {
            var d: UInt64 = 0xcbf2_9ce4_8422_2325
            var s = AppState()
            Self.digest(render(s, tl, width: w, height: h, options: options), into: &d)
            for (k, input) in inputs(seed: UInt64(w), count: 260).enumerated() {
                s = update(s, input, tl).0
                var one: UInt64 = 0xcbf2_9ce4_8422_2325
                let c = render(s, tl, width: w, height: h, options: options)
                Self.digest(c, into: &one)
                Self.digest(c, into: &d)
                dump?("\(w)x\(h) \(k) \(input) \(String(one, radix: 16))")
            }
            results.append(d)
        }
        return results
    }

    @Test func screensMatchTheRecordedDigests() throws {
        let env = ProcessInfo.processInfo.environment
        var text = ""
        for (name, source) in Self.scenarios() {
            var dumped: [String] = []
            let ds = Self.run(source, dump: env["EQUIV_DUMP"] == nil ? nil : { dumped.append($0) })
            #expect(!ds.isEmpty, "\(name) did not load")
            text += name + " " + ds.map { String($0, radix: 16) }.joined(separator: " ") + "\n"
            if let dir = env["EQUIV_DUMP"] {
                try? dumped.joined(separator: "\n").write(toFile: dir + "/" + name, atomically: true, encoding: .utf8)
            }
        }
        expectGolden(String(text.dropLast()), "screen-digests")
    }
}
