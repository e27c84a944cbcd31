import Testing
@testable import asyncviz
@testable import SchedulerSim

@Suite struct UpdateTests {
    let tl = Fixture.gather

    @Test func stepForwardAndBack() {
        #expect(press([.char(" ")]).0.cursor == 1)
        #expect(press([.right, .char("l"), .char(" ")]).0.cursor == 3)
        #expect(press([.right, .right, .left]).0.cursor == 1)
        #expect(press([.right, .right, .char("h"), .char("b")]).0.cursor == 0)
        #expect(press([.left]).0.cursor == 0)
    }

    @Test func startAndEnd() {
        #expect(press([.char("G")]).0.cursor == tl.lastIndex)
        #expect(press([.end]).0.cursor == tl.lastIndex)
        #expect(press([.end, .char("g")]).0.cursor == 0)
        #expect(press([.end, .home]).0.cursor == 0)
        #expect(press([.end, .right]).0.cursor == tl.lastIndex)
    }

    @Test func instants() {
        let s = press([.char("]")]).0
        #expect(tl.time(at: s.cursor) == 1_000_000)
        #expect(tl.time(at: s.cursor + 1) == 2_000_000)
        let back = press([.char("]"), .char("]"), .char("[")]).0
        #expect(back.cursor == s.cursor)
    }

    @Test func playRunsToTheEndAndStops() {
        var s = press([.char("p")]).0
        #expect(s.playing)
        for _ in 0..<10 { s = update(s, .tick(500_000), tl).0 }
        #expect(!s.playing)
        #expect(s.cursor == tl.lastIndex)
        // One virtual second per real second at 1x.
        var t = press([.char("p")]).0
        t = update(t, .tick(1_000_000), tl).0
        #expect(tl.time(at: t.cursor) == 1_000_000)
        #expect(t.playing)
    }

    @Test func enterPlaysAndPauses() {
        #expect(press([.enter]).0.playing)
        #expect(!press([.enter, .enter]).0.playing)
    }

    @Test func speed() {
        #expect(press(keys("++")).0.speed == 4)
        #expect(press(keys("-")).0.speed == 0.5)
        var s = press(keys("++p")).0
        s = update(s, .tick(500_000), tl).0
        #expect(tl.time(at: s.cursor) == 2_000_000)
        #expect(press(keys(":speed 3") + [.enter]).0.speed == 3)
    }

    @Test func breakpointStopsPlay() {
        var s = press(keys(":break task fetch#2") + [.enter]).0
        #expect(s.breakpoints == [.task("fetch#2")])
        s = press([.char("]"), .char("p")], s).0
        for _ in 0..<10 { s = update(s, .tick(300_000), tl).0 }
        #expect(!s.playing)
        #expect(tl.event(at: s.cursor)?.task == 3)
        #expect(tl.time(at: s.cursor) == 2_000_000)
        #expect(s.message?.contains("breakpoint") == true)
        let k = press(keys(":break kind finish") + [.enter, .char("p")]).0
        var u = k
        for _ in 0..<10 { u = update(u, .tick(300_000), tl).0 }
        #expect(tl.event(at: u.cursor)?.kind == .finish)
        #expect(press(keys(":clear") + [.enter], s).0.breakpoints.isEmpty)
        #expect(press(keys(":breaks") + [.enter], s).0.message == "breakpoints: task fetch#2")
        #expect(press(keys(":break kind nope") + [.enter]).0.breakpoints.isEmpty)
    }

    @Test func commands() {
        let g = press(keys(":goto 2.5") + [.enter]).0
        #expect(tl.time(at: g.cursor) == 2_000_000)
        #expect(g.cursor == tl.index(atTime: 2_500_000))
        #expect(press(keys(":q") + [.enter]).1 == [.quit])
        #expect(press(keys(":reload") + [.enter]).1 == [.reload])
        #expect(press(keys(":export json out.json") + [.enter]).1 == [.export(format: "json", path: "out.json")])
        #expect(press(keys(":frob") + [.enter]).0.message?.contains("unknown command") == true)
        // Esc closes the prompt without running it.
        let e = press(keys(":q") + [.escape])
        #expect(e.0.prompt == nil && e.1.isEmpty)
        #expect(press(keys(":q") + [.backspace, .backspace, .backspace]).0.prompt == nil)
    }

    /// `:goto 1e308` trapped converting to microseconds (the viewer crashed); units are understood.
    @Test func gotoFarAndWithUnits() {
        #expect(press(keys(":goto 1e308") + [.enter]).0.cursor == tl.lastIndex)
        #expect(press(keys(":goto inf") + [.enter]).0.cursor == tl.lastIndex)
        #expect(press(keys(":goto 1500ms") + [.enter]).0.cursor == tl.index(atTime: 1_500_000))
        #expect(press(keys(":goto 2s") + [.enter]).0.cursor == tl.index(atTime: 2_000_000))
        #expect(press(keys(":goto -1") + [.enter]).0.message == ":goto needs a time ≥ 0")
        #expect(press(keys(":goto x") + [.enter]).0.message == "usage: :goto SECONDS (e.g. :goto 2.5, :goto 500ms)")
        #expect(Micros.clamped(seconds: 1e300) == Micros.max / 4)
        #expect(Micros.clamped(seconds: -.infinity) == 0)
        #expect(Micros.clamped(seconds: 2.5) == 2_500_000)
    }

    @Test func speedOutOfRangeSaysTheRange() {
        #expect(press(keys(":speed 1e9") + [.enter]).0.message == ":speed takes a speed above 0 and up to 10000")
        #expect(press(keys(":speed 0") + [.enter]).0.message == ":speed takes a speed above 0 and up to 10000")
        #expect(press(keys(":speed fast") + [.enter]).0.message == "usage: :speed N (e.g. :speed 2)")
        #expect(press(keys(":speed 4x") + [.enter]).0.speed == 4)
    }

    @Test func quitHelpAndPanes() {
        #expect(press(keys("q")).1 == [.quit])
        let h = press(keys("?")).0
        #expect(h.help)
        #expect(!press([.escape], h).0.help)
        #expect(press([.tab]).0.pane == .resources)
        #expect(press([.tab, .tab, .tab, .tab, .tab]).0.pane == .events)
        #expect(press([.backTab]).0.pane == .warnings)
        #expect(press(keys("L")).0.preview)
    }

    @Test func selectAndFilter() {
        #expect(press([.down, .down]).0.selectedRow == 2)
        #expect(press(keys("jjjjjjjj")).0.selectedRow == 3)
        #expect(press(keys("jk")).0.selectedRow == 0)
        let f = press(keys("/fetch#2") + [.enter]).0
        #expect(f.filter == "fetch#2")
        #expect(f.visibleRows(tl).map(\.name) == ["fetch#2"])
        #expect(f.selectedTask(tl) == 3)
        #expect(press([.escape], f).0.filter == "")
    }

    @Test func zoomAndPan() {
        let z = press(keys("G") + keys("z")).0
        #expect(z.zoom == 1)
        let w = z.window(tl)
        #expect(w.width == 1_500_000)
        #expect(w.start == 1_500_000)
        let a = press(keys("a"), z).0
        #expect(a.window(tl).start < w.start)
        #expect(press(keys("Z"), z).0.zoom == 0)
        #expect(press(keys("ws")).0.zoom == 0)
        #expect(press(keys("w")).0.zoom == 1)
    }

    /// Stepping never re-simulates: N forward then N back is the start state.
    @Test func forwardThenBackIsTheStart() {
        let n = 9
        let fwd = press(Array(repeating: Key.right, count: n)).0
        let back = press(Array(repeating: Key.left, count: n), fwd).0
        #expect(back == AppState())
    }
}
