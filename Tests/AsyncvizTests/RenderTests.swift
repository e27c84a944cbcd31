import Testing
@testable import asyncviz
@testable import SchedulerSim

@Suite struct RenderTests {
    let tl = Fixture.gather

    @Test func golden80x24Start() { expectGolden(screen(AppState()), "gather-80x24-start") }
    @Test func golden80x24Middle() { expectGolden(screen(press(keys(":goto 1.5") + [.enter]).0), "gather-80x24-t1.5") }
    @Test func golden80x24End() { expectGolden(screen(press([.end]).0), "gather-80x24-end") }
    @Test func golden120x40Middle() {
        expectGolden(screen(press(keys(":goto 2") + [.enter, .down, .down, .down]).0, tl, 120, 40), "gather-120x40-t2")
    }
    @Test func golden80x24Preview() { expectGolden(screen(press(keys("]L")).0), "gather-80x24-preview") }
    @Test func goldenHelp() { expectGolden(screen(press(keys("?")).0), "gather-80x24-help") }
    @Test func goldenAscii() {
        var o = Fixture.gatherOptions
        o.glyphs = .ascii
        expectGolden(screen(press(keys(":goto 2") + [.enter]).0, tl, 80, 24, options: o), "gather-80x24-ascii")
    }
    @Test func goldenLockPanes() {
        let s = press(keys(":goto 0.5") + [.enter, .down], AppState(), Fixture.lock).0   // b blocked on the lock
        var out = ""
        for pane in SidePane.allCases {
            var p = s
            p.pane = pane
            out += screen(p, Fixture.lock, 80, 24, options: Fixture.lockOptions) + "\n"
        }
        expectGolden(out, "lock-80x24-panes")
    }

    @Test func statusLine() {
        let s = screen(press(keys(":goto 1.25") + [.enter]).0)
        let first = s.split(separator: "\n").first.map(String.init) ?? ""
        #expect(first.contains("t = 1.000 s / 3.000 s"))
        #expect(first.contains("event 17/27"))
        #expect(first.contains("‖ 1x"))
        let playing = screen(press(keys("+p")).0)
        #expect(playing.split(separator: "\n")[0].contains("▶ 2x"))
    }

    @Test func forwardThenBackGivesTheSameScreen() {
        let start = screen(AppState())
        var s = AppState()
        for n in [1, 5, 13, tl.lastIndex + 3] {
            s = press(Array(repeating: .right, count: n)).0
            #expect(screen(s) != start)
            s = press(Array(repeating: .left, count: n), s).0
            #expect(screen(s) == start)
        }
    }

    @Test func liveModeHidesTheFuture() {
        func bars(_ s: String) -> String { s.split(separator: "\n")[2...5].joined(separator: "\n") }
        #expect(!bars(screen(AppState())).contains("░"))
        #expect(bars(screen(press(keys("L")).0)).contains("░"))
    }

    @Test func tooSmall() {
        for (w, h) in [(30, 8), (39, 24), (80, 9), (1, 1), (0, 0)] {
            let c = render(AppState(), tl, width: w, height: h)
            #expect(c.width == w && c.height == h)
            if w >= 18 && h >= 3 { #expect(c.text.contains("terminal too small")) }
        }
        #expect(screen(AppState(), tl, 30, 8).contains("need 40x10"))
        #expect(!screen(AppState(), tl, 40, 10).contains("too small"))
    }

    @Test func everySizeRendersWithoutCrashing() {
        for w in stride(from: 38, through: 130, by: 7) {
            for h in stride(from: 8, through: 45, by: 4) {
                for k in [AppState(), press(keys("G?")).0, press(keys("]]jj\t\t")).0] {
                    let c = render(k, tl, width: w, height: h)
                    #expect(c.text.split(separator: "\n", omittingEmptySubsequences: false).count == h)
                }
            }
        }
    }

    @Test func controlCharactersAreEscaped() {
        var b = TraceBuilder(title: "evil\u{1b}[2Jtitle")
        let m = b.task("ma\u{1b}]0;pwned\u{7}in")
        b.event(0, m, .run, "runs", state: .running)
        b.event(0, m, .print, "bell\u{7} and \u{1b}[31mred\nnewline")
        b.event(1, m, .finish, "done", finish: .result, result: "'\u{1b}'")
        let tl = Timeline(b.build())
        var s = press([.end], AppState(), tl).0
        var all = ""
        for pane in SidePane.allCases {
            s.pane = pane
            let c = render(s, tl, width: 100, height: 30, options: RenderOptions(sourceLines: ["x = \"\u{1b}[5m\""]))
            all += c.text
            for cell in c.cells { #expect(cell.char.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value != 0x7f }) }
        }
        #expect(all.contains("\\x1b[2Jtitle"))
        #expect(all.contains("ma\\x1b]0;pwned\\x07in"))
        #expect(all.contains("\\x1b[31mred\\nnewline"))
    }

    @Test func whyPaneFollowsTheChain() {
        let s = press(keys(":goto 0.5") + [.enter, .down], AppState(), Fixture.lock).0
        var p = s
        p.pane = .why
        let lines = whyLines(p, Fixture.lock).map(\.text)
        #expect(lines.contains("b is blocked since t = 0.000"))
        #expect(lines.contains("waits on: lock db"))
        #expect(lines.contains { $0.contains("held by a: sleeping (sleep 1)") })
        #expect(lines.contains { $0.hasPrefix("wakes: at t = 1.000") })
        let r = resourceLines(s, Fixture.lock).map(\.text)
        #expect(r == ["lock db: held by a; waiting: b"])
    }
}

/// The viewer's note wrapping keeps a unit with its number ("… = 6" / "s." on the gather notes).
@Test func paneWrapKeepsTheUnitWithItsNumber() {
    #expect(wrap("not 1 + 2 + 3 = 6 s.", width: 17) == ["not 1 + 2 + 3 =", "  6 s."])
    #expect(wrap("a sum of 3 sacks", width: 10) == ["a sum of 3", "  sacks"])
}

/// At 40 columns the status line lost the play state ("‖ 1" of "‖ 100x") and every
/// `download#k` row read `download#`: a shorter status and names that keep their number.
@Test func narrowScreenKeepsSpeedAndTaskNumbers() throws {
    let src = "semaphore s 1\ndef download(i):\n    with s:\n        sleep 1\nmain:\n    gather *[download(i) for i in range(12)]\n"
    guard case .success(let scenario) = Frontend.load(source: src) else { Issue.record("no load"); return }
    let tl = Timeline(Simulation.run(scenario))
    let s = press(keys(":speed 100") + [.enter], AppState(), tl).0
    let lines = screen(s, tl, 40, 10).split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines[0].hasSuffix("‖ 100x"), "\(lines[0])")
    let wide = press(keys(":speed 100") + [.enter, .down, .down, .down, .down, .down, .down, .down, .down, .down, .down, .down], AppState(), tl).0
    let rows = screen(wide, tl, 40, 10).split(separator: "\n").filter { $0.contains("…#") }
    #expect(!rows.isEmpty, "\(screen(wide, tl, 40, 10))")
    #expect(screen(s, tl, 80, 24).split(separator: "\n")[0].contains("t = 0.000 s / 12.000 s  event 1/"))
}

/// A run that ends at t = 0 (`main: pass`): in preview its zero-length spans were drawn across
/// the whole row ("│▒▒▒▒…"), every column covering the same microsecond.
@Test func zeroLengthRunIsAMarkerNotABar() throws {
    guard case .success(let scenario) = Frontend.load(source: "main:\n    pass\n") else { Issue.record("no load"); return }
    let tl = Timeline(Simulation.run(scenario))
    let s = press(keys("GL"), AppState(), tl).0
    #expect(s.preview)
    let row = try #require(screen(s, tl, 80, 24).split(separator: "\n").first { $0.contains("main") && !$0.contains("asyncviz") })
    let glyphs = row.filter { "█▒░▓≡│".contains($0) }
    #expect(glyphs.count <= 2, "\(row)")
}

/// A run cut by the horizon during a `cpu` ends after its last event: at the end (G) the part
/// after that event (the cpu until the horizon) was never drawn in live mode.
@Test func endShowsTheRunUpToTheHorizon() throws {
    guard case .success(let scenario) = Frontend.load(source: "until 2\nmain:\n    cpu 1\n    cpu 5\n") else { Issue.record("no load"); return }
    let tl = Timeline(Simulation.run(scenario))
    #expect(tl.trace.end == 2_000_000)
    let s = press(keys("G"), AppState(), tl).0
    let row = try #require(screen(s, tl, 80, 24).split(separator: "\n").first { $0.contains("main") && !$0.contains("t = ") })
    let running = row.filter { $0 == "█" }.count
    #expect(running >= 60, "\(row)")
}

/// A CJK or emoji character takes two terminal columns but took one cell: the terminal drew the
/// rest of the row further right (the title lost its end and its ellipsis, wide task names and
/// event lines ran into what followed them).
@Test func wideCharactersTakeTwoCells() {
    var c = Canvas(width: 8, height: 1)
    #expect(c.put(0, 0, "日本a") == 5)
    #expect(c[1, 0].char == Canvas.covered)
    #expect(c[4, 0].char == "a")
    #expect(c.line(0) == "日本a")
    // A wide character that does not fit whole is left out, not cut in half.
    var d = Canvas(width: 8, height: 1)
    #expect(d.put(0, 0, "ab日", maxWidth: 3) == 2)
    #expect(d.line(0) == "ab")
    // Overwriting either half leaves a space for the other one.
    var e = Canvas(width: 8, height: 1)
    e.put(0, 0, "日本")
    e[1, 0] = Cell(char: "x")
    e[2, 0] = Cell(char: "y")
    #expect(e.line(0) == " xy")
    // A combining accent stays with its letter; a zero-width space takes no cell.
    var f = Canvas(width: 8, height: 1)
    #expect(f.put(0, 0, "e\u{301}\u{200B}b") == 2)
    #expect(f.line(0) == "e\u{301}b")
}

@Test func wideTitleAndNamesFitTheScreen() throws {
    let src = """
        title "日本語のタイトル🎉🎉 wide title here and more text to be long"
        def f(x):
            sleep x
        main:
            t = spawn f(1) as "日本語タスク🎉🎉🎉🎉🎉"
            await t
        """
    guard case .success(let scenario) = Frontend.load(source: src) else { Issue.record("no load"); return }
    let tl = Timeline(Simulation.run(scenario))
    let s = press(keys("G"), AppState(), tl).0
    let lines = screen(s, tl, 80, 24).split(separator: "\n", omittingEmptySubsequences: false)
    for l in lines { #expect(TextFit.width(l) <= 80, "\(l)") }
    #expect(lines[0].hasPrefix(" 日本語のタイトル🎉🎉 wide title her…  t = 1.000 s"), "\(lines[0])")
    let row = try #require(lines.first { $0.contains("日本語タス") })
    // The name is cut to its column (12) and the bar starts where the other rows' bars do.
    #expect(row.hasPrefix("   日本語タス… ░"), "\(row)")
}
