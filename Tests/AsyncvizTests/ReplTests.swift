import Testing
@testable import asyncviz
@testable import SchedulerSim

@Suite struct ReplSessionTests {
    func typed(_ lines: [String], _ start: ReplSession = ReplSession()) -> (ReplSession, [ReplSession.Outcome]) {
        var s = start
        var out: [ReplSession.Outcome] = []
        for l in lines {
            // What the user types comes after the auto-indent, as in the terminal.
            if l.hasPrefix("+") { s.input += String(l.dropFirst()) } else { s.input = l }
            out.append(s.submit())
        }
        return (s, out)
    }

    @Test func aLineIsAddedWhenTheScenarioStaysValid() {
        let (s, out) = typed(["title \"demo\""])
        #expect(out == [.added])
        #expect(s.text == "title \"demo\"\n")
        #expect(s.prompt == ">>> ")
    }

    @Test func aBlockContinuesUntilAnEmptyLineWithAutoIndent() {
        var s = ReplSession()
        s.input = "def f(x):"
        #expect(s.submit() == .continued)
        #expect(s.prompt == "... ")
        #expect(s.input == "    ")
        s.input += "if x > 1:"
        #expect(s.submit() == .continued)
        #expect(s.input == "        ")
        s.input += "sleep x"
        #expect(s.submit() == .continued)
        #expect(s.input == "        ", "the same indentation as the previous line")
        s.input = "    return x"
        #expect(s.submit() == .continued)
        #expect(s.text.isEmpty, "nothing is added before the block ends")
        #expect(s.lines.count == 4)
        // A blank (indentation-only) line ends the block.
        s.input = "    "
        #expect(s.submit() == .added)
        #expect(s.entries.count == 1)
        #expect(s.text == "def f(x):\n    if x > 1:\n        sleep x\n    return x\n")
        #expect(s.pending == nil && s.input.isEmpty && s.prompt == ">>> ")
    }

    @Test func anErrorRejectsTheLineAndKeepsItForEditing() {
        let (s, out) = typed(["def f():", "+sleep 1", "", "main:", "+f(", ""])
        #expect(out.prefix(5) == [.continued, .continued, .added, .continued, .continued])
        guard case .rejected(let msg) = out[5] else { Issue.record("expected a rejection, got \(out[5])"); return }
        #expect(msg.hasPrefix("4:6: "), "line:col in the whole scenario: \(msg)")
        #expect(s.entries.count == 1, "the block is not added")
        #expect(s.pending == nil)
        var t = s
        t.input = "print x"
        #expect(t.submit() != .added)
        #expect(t.input == "print x", "a rejected line stays in the input line")
    }

    @Test func missingMainIsNotAnError() {
        #expect(ReplSession.firstError("def f():\n    sleep 1\n") == nil)
        #expect(ReplSession.firstError("semaphore s 2\n") == nil)
        #expect(ReplSession.firstError("main:\n    g()\n") != nil)
    }

    @Test func anIndentedLineAfterABlockExtendsIt() {
        let (s, out) = typed(["main:", "+sleep 1", "", "    print \"done\""])
        #expect(out.last == .added)
        #expect(s.text == "main:\n    sleep 1\n    print \"done\"\n")
        #expect(s.entries.count == 2, "undo removes only the extra line")
    }

    @Test func undoRemovesTheLastEntryOrTheOpenBlock() {
        var (s, _) = typed(["title \"t\"", "main:", "+sleep 1", ""])
        s.input = "def g():"
        _ = s.submit()
        #expect(s.undo() == "def g():")
        #expect(s.pending == nil)
        #expect(s.undo() == "main: (2 lines)")
        #expect(s.text == "title \"t\"\n")
        #expect(s.undo() == "title \"t\"")
        #expect(s.undo() == nil)
    }

    @Test func commentsAndHistory() {
        #expect(ReplSession.opensBlock("main:  # the entry point"))
        #expect(!ReplSession.opensBlock("print \"a:\"  # not a block"))
        #expect(ReplSession.opensBlock("  with lock:"))
        var (s, _) = typed(["title \"a\"", "note \"b\""])
        s.historyUp()
        #expect(s.input == "note \"b\"")
        s.historyUp()
        s.historyUp()
        #expect(s.input == "title \"a\"")
        s.historyDown()
        #expect(s.input == "note \"b\"")
        s.historyDown()
        #expect(s.input == "")
    }
}

@Suite struct ReplModelTests {
    func type(_ m: inout ReplModel, _ text: String) -> [ReplEffect] {
        var effects: [ReplEffect] = []
        for ch in text { effects += m.handle(.key(.char(ch))) }
        effects += m.handle(.key(.enter))
        return effects
    }

    func gatherModel() -> ReplModel {
        var m = ReplModel()
        for l in ["def fetch(url, delay):", "sleep delay", "return url", "", "main:",
                  "gather fetch(\"/a\", 1), fetch(\"/b\", 2)", ""] {
            _ = type(&m, l)
        }
        return m
    }

    /// Ctrl-U clears the line (a rejected line stayed in the input, to be erased a character at a
    /// time); a command works inside an open block (':q' was taken as a line of the block).
    @Test func clearLineAndCommandsInABlock() {
        var m = ReplModel()
        _ = type(&m, "slep 1")
        #expect(m.session.input == "slep 1", "a rejected line stays to be fixed")
        _ = m.handle(.key(.clearLine))
        #expect(m.session.input.isEmpty)
        _ = type(&m, "def f():")
        for ch in "sleep 1" { _ = m.handle(.key(.char(ch))) }
        _ = m.handle(.key(.clearLine))
        #expect(m.session.input == "    ", "back to the block's indentation")
        #expect(type(&m, "    :q") == [.quit])
        var p = AppState()
        p = update(p, .key(.char(":")), Fixture.gather).0
        for ch in "goto 2" { p = update(p, .key(.char(ch)), Fixture.gather).0 }
        p = update(p, .key(.clearLine), Fixture.gather).0
        #expect(p.prompt == .command(""))
    }

    /// A line longer than the screen shows its end, measured in terminal columns (a CJK
    /// character takes two), with the cursor right after it.
    @Test func longInputLineShowsItsEnd() {
        var m = ReplModel()
        for ch in "print \"" + String(repeating: "ab", count: 20) + "日本語\"" { _ = m.handle(.key(.char(ch))) }
        let rows = renderRepl(m, width: 40, height: 12).text.split(separator: "\n", omittingEmptySubsequences: false)
        let input = String(rows.last(where: { $0.hasPrefix(">>>") }) ?? "")
        // ">>> " and the cursor leave 35 columns: the quote, the 3 wide characters (6) and the
        // last 28 of the ASCII run.
        #expect(input.hasPrefix(">>> " + String(repeating: "ab", count: 14) + "日本語\"_"), "\(rows)")
    }

    @Test func setupErrorIsShownNotAnEmptyTimeline() {
        var m = ReplModel()
        _ = type(&m, "var x = 1 / 0")
        _ = type(&m, "main:")
        _ = type(&m, "print x")
        _ = type(&m, "")
        #expect(m.timeline == nil)
        #expect(m.idleReason == "line 1: ZeroDivisionError: division by zero")
    }

    @Test func typingAScenarioRunsIt() throws {
        var m = ReplModel()
        #expect(m.timeline == nil)
        let empty = renderRepl(m, width: 80, height: 24).text
        #expect(empty.contains("Type a scenario line by line"))
        #expect(empty.contains(">>> _"))
        m = gatherModel()
        let tl = try #require(m.timeline)
        #expect(tl.trace.tasks.count == 3)
        #expect(tl.trace.end == 2_000_000)
        #expect(m.app.cursor == tl.lastIndex, "the whole run shows")
        let screen = renderRepl(m, width: 80, height: 24).text
        #expect(screen.contains("fetch#2"))
        #expect(screen.contains("3 tasks, end t = 2.000 s"))
    }

    @Test func undoClearListAndSave() {
        var m = gatherModel()
        _ = type(&m, ":undo")
        #expect(m.timeline == nil)
        #expect(m.app.message == "removed: main: (2 lines)")
        #expect(renderRepl(m, width: 80, height: 24).text.contains("no `main:` block yet"))
        _ = type(&m, ":list")
        #expect(m.app.pane == .source)
        #expect(type(&m, ":w /tmp/x.txt") == [.save(path: "/tmp/x.txt", text: "def fetch(url, delay):\n    sleep delay\n    return url\n")])
        #expect(type(&m, ":w").isEmpty)
        #expect(m.app.message == "usage: :w FILE")
        _ = type(&m, ":clear")
        #expect(m.session.text.isEmpty)
        #expect(type(&m, ":q") == [.quit])
    }

    @Test func escapeGivesTheKeysToTheTimeline() {
        var m = gatherModel()
        let end = m.app.cursor
        _ = m.handle(.key(.escape))
        #expect(m.focus == .timeline)
        _ = m.handle(.key(.char("b")))
        #expect(m.app.cursor == end - 1, "b steps back")
        #expect(m.session.input.isEmpty, "keys do not reach the input line")
        _ = m.handle(.key(.char("j")))
        #expect(m.app.selectedRow == 1)
        #expect(m.handle(.key(.char("q"))) == [.quit])
        _ = m.handle(.key(.char("i")))
        #expect(m.focus == .input)
        _ = m.handle(.key(.escape))
        _ = m.handle(.key(.char(":")))
        #expect(m.focus == .input && m.session.input == ":")
    }

    @Test func errorsShowLineAndColumn() {
        var m = gatherModel()
        _ = type(&m, "print \"x\"")
        #expect(m.app.message?.hasPrefix("not added: 6:1: ") == true, "\(m.app.message ?? "nil")")
        #expect(m.session.input == "print \"x\"")
        #expect(m.timeline != nil, "the last good timeline stays")
    }

    @Test func backspaceRemovesAnIndentStep() {
        var m = ReplModel()
        _ = type(&m, "main:")
        _ = type(&m, "if True:")
        #expect(m.session.input == "        ")
        _ = m.handle(.key(.backspace))
        #expect(m.session.input == "    ")
    }
}
