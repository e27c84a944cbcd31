import Foundation
import Testing

extension TmuxSession {
    /// The screen with its colour and attribute escapes (`capture-pane -e`).
    func captureEscapes() -> String { (try? tmux(["capture-pane", "-p", "-e"])) ?? "" }

    /// Types a line and presses Enter.
    func line(_ text: String) {
        if !text.isEmpty { type(text) }
        send("Enter")
    }
}

/// End-to-end: the REPL and the viewer polish, in a real terminal (tmux).
@Suite(.serialized, .enabled(if: TmuxSession.available, "tmux is not installed: skipping the terminal tests"))
struct ReplTmuxTests {
    func start(_ args: String = "", width: Int = 80, height: Int = 24, env: [String: String] = [:]) throws -> TmuxSession {
        let bin = try #require(TmuxSession.binary, "asyncviz binary not found next to the tests; run `swift build` first")
        return try TmuxSession(width: width, height: height, env: env, command: "'\(bin)' \(args)")
    }

    func scenario(_ name: String) -> String { "'\(TmuxSession.root)/scenarios/\(name).txt'" }

    @Test func replTypeUndoSaveQuit() throws {
        let t = try start()
        t.waitFor(text: "Type a scenario line by line")
        t.waitFor(text: ">>> _")
        t.line("def fetch(url, delay):")
        t.waitFor(text: "...     _")  // the block's prompt, auto-indented
        t.line("sleep delay")
        t.line("return url")
        t.line("")
        t.waitFor(text: "no `main:` block yet")
        t.block("main:", "gather fetch(\"/a\", 1), fetch(\"/b\", 2)")
        let s = t.waitFor(text: "3 tasks, end t = 2.000 s")
        #expect(s?.contains("fetch#2") == true)
        #expect(s?.contains("2s") == true, "the ruler spans the run")
        // An error: shown with line:col, not added, left in the input line.
        t.line("print \"x\"")
        t.waitFor(text: "not added: 6:1:")
        t.send("C-u")
        for _ in 0..<10 { t.send("BSpace") }
        t.line(":undo")
        t.waitFor(text: "removed: main: (2 lines)")
        t.waitFor(text: "no `main:` block yet")
        let path = NSTemporaryDirectory() + "asyncviz-repl-\(UUID().uuidString.prefix(8)).txt"
        defer { unlink(path) }
        t.line(":w \(path)")
        t.waitFor(text: "wrote \(path)")
        #expect((try? String(contentsOfFile: path, encoding: .utf8)) == "def fetch(url, delay):\n    sleep delay\n    return url\n")
        t.line(":q")
        t.expectRestored(exit: 0)
    }

    /// A failed `:w` or `:export` says why in words ("NSCocoaErrorDomain error 512" before).
    @Test func replWriteErrorsInWords() throws {
        let t = try start()
        t.waitFor(text: ">>> _")
        t.block("main:", "sleep 1")
        t.waitFor(text: "end t = 1.000 s")
        t.line(":w /tmp")
        t.waitFor(text: "could not write /tmp: it is a directory")
        t.line(":export json /nonexistent-dir/x.json")
        t.waitFor(text: "could not write /nonexistent-dir/x.json: no such directory: /nonexistent-dir")
        t.line(":q")
        t.expectRestored(exit: 0)
    }

    /// `asyncviz -` on a terminal waited without a word: it says it reads standard input.
    @Test func dashOnATerminalSaysItReadsStandardInput() throws {
        let t = try start("- --export output")
        t.waitFor(text: "reading the scenario from standard input (end it with Ctrl-D)")
        t.line("main:")
        t.line("    print 42")
        t.send("C-d")
        t.waitFor(text: "42")
    }

    /// On a terminal `--compare` (and `--at`, `--width`) opened the viewer, which ignores them:
    /// they print the text picture.
    @Test func compareOnATerminalPrintsTheComparison() throws {
        let t = try start(scenario("sequential") + " --compare", height: 40)
        t.waitFor(text: "total: async 6.000 s, sync 6.000 s")
    }

    @Test func replEscapeGivesStepKeys() throws {
        let t = try start()
        t.waitFor(text: ">>> _")
        t.block("main:", "sleep 1")
        guard let end = t.waitForEvent({ n, m in n == m && m > 1 }, "the whole run") else { return }
        let total = TmuxSession.eventCounter(end)!.1
        t.send("Escape")
        t.waitFor(text: "[timeline keys: Esc or i to type]")
        t.send("b")
        t.waitForEvent({ n, _ in n == total - 1 }, "a step back")
        t.send("i")
        t.waitFor(text: ">>> _")
        t.send("Escape")
        t.send("q")
        t.expectRestored(exit: 0)
    }

    @Test func eventsPaneMarksTheCurrentEventWithoutColour() throws {
        let t = try start(scenario("gather"), env: ["NO_COLOR": "1"])
        t.waitForEvent({ n, _ in n == 1 }, "the first event")
        t.send("]")
        // Wait for the whole redraw (the status line may show before the pane does).
        guard let s = t.waitFor("the event at 1.000 marked", { s in
            s.split(separator: "\n").contains { $0.hasPrefix("▶  ") && $0.contains("1.000") }
        }) else { return }
        let marked = s.split(separator: "\n").filter { $0.hasPrefix("▶  ") }
        #expect(marked.count == 1, "one event line is marked:\n\(s)")
        t.send("q")
        t.expectRestored(exit: 0)
    }

    @Test func manyTasksScrollWithTheSelection() throws {
        let t = try start(scenario("hundred_requests"))
        t.waitFor(text: "more (j/k)")
        for _ in 0..<30 { t.send("j") }
        let s = t.waitFor("request#30 selected") { $0.contains("▶  request#30") }
        #expect(s?.contains("+") == true)
        for _ in 0..<30 { t.send("k") }
        t.waitFor("main selected again") { $0.contains("▶main") }
        t.send("q")
        t.expectRestored(exit: 0)
    }

    static let colourSGR = #"\x1b\[[0-9;]*(3[0-7]|38;5;[0-9]+)[;m]"#

    @Test func coloursWithXterm256() throws {
        // `swift test` may run with NO_COLOR set: the pane must not inherit it here.
        let bin = try #require(TmuxSession.binary)
        let t = try TmuxSession(width: 80, height: 24, env: ["TERM": "xterm-256color"],
                                command: "env -u NO_COLOR '\(bin)' \(scenario("gather"))")
        t.waitForEvent({ n, _ in n == 1 }, "the first event")
        let e = t.captureEscapes()
        #expect(e.range(of: Self.colourSGR, options: .regularExpression) != nil, "no colour escapes:\n\(e)")
        t.send("q")
        t.expectRestored(exit: 0)
    }

    @Test(arguments: [("--no-color", [String: String]()), ("", ["NO_COLOR": "1"])])
    func noColours(flag: String, env: [String: String]) throws {
        var env = env
        env["TERM"] = "xterm-256color"
        let bin = try #require(TmuxSession.binary)
        let t = try TmuxSession(width: 80, height: 24, env: env,
                                command: (env["NO_COLOR"] == nil ? "env -u NO_COLOR " : "") + "'\(bin)' \(scenario("gather")) \(flag)")
        t.waitForEvent({ n, _ in n == 1 }, "the first event")
        let e = t.captureEscapes()
        #expect(e.range(of: Self.colourSGR, options: .regularExpression) == nil, "colour escapes found:\n\(e)")
        #expect(e.contains("\u{1b}["), "attributes (reverse, bold) are still used")
        t.send("q")
        t.expectRestored(exit: 0)
    }

    @Test func sighupRestoresTheTerminal() throws {
        let t = try start(scenario("gather"))
        t.waitForEvent({ n, _ in n == 1 }, "the first event")
        let pid = try #require(t.childPID())
        kill(pid, SIGHUP)
        t.expectRestored(exit: 129)
    }

    @Test func sighupRestoresTheTerminalInTheRepl() throws {
        let t = try start()
        t.waitFor(text: ">>> _")
        let pid = try #require(t.childPID())
        kill(pid, SIGHUP)
        t.expectRestored(exit: 129)
    }
}

extension TmuxSession {
    /// Types a block into the REPL: its lines, then the empty line that ends it.
    func block(_ lines: String...) {
        for l in lines { line(l) }
        line("")
    }
}
