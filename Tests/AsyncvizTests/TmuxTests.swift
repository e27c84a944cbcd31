import Foundation
import Testing
import enum SchedulerSim.TextFit

/// A private tmux server running the real `asyncviz` binary in a pane of a given size.
final class TmuxSession {
    let socket = "asyncviz-test-\(UUID().uuidString.prefix(8))"
    private(set) var lastScreen = ""

    static var available: Bool { which("tmux") != nil }

    static func which(_ name: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let p = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return nil
    }

    /// The `asyncviz` binary built beside the test bundle (`swift test` builds it), or in `.build/debug`.
    static var binary: String? {
        var candidates: [URL] = []
        let me = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
        candidates.append(me.deletingLastPathComponent().appendingPathComponent("asyncviz"))
        candidates.append(me.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("asyncviz"))
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(root.appendingPathComponent(".build/debug/asyncviz"))
        return candidates.map(\.path).first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// The package root (scenarios live there).
    static var root: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    }

    /// The command that opens the gather lesson, as a new user would.
    static func viewerCommand(_ binary: String) -> String { "'\(binary)' '\(root)/scenarios/gather.txt'" }

    /// Starts `command` (a shell command line) in a detached session; after it exits the pane shows
    /// `__EXIT=<status>` and stays open.
    init(width: Int = 100, height: Int = 30, env: [String: String] = [:], command: String) throws {
        var assignments = ["LANG": "C.UTF-8", "SWIFT_BACKTRACE": "interactive=no"]
        for (k, v) in env { assignments[k] = v }
        let envPrefix = assignments.sorted { $0.key < $1.key }.map { "\($0.key)='\($0.value)'" }.joined(separator: " ")
        let script = "trap : INT; env \(envPrefix) \(command); echo __EXIT=$?; sleep 120"
        try tmux(["-f", "/dev/null", "new-session", "-d", "-x", "\(width)", "-y", "\(height)", "sh", "-c", script])
    }

    deinit { _ = try? tmux(["kill-server"]) }

    /// Runs tmux on this session's socket and returns its standard output. posix_spawn + waitpid:
    /// the server a `new-session` forks outlives the client, and output goes through a file so no
    /// pipe is left open by the server.
    @discardableResult
    func tmux(_ args: [String]) throws -> String {
        let tool = TmuxSession.which("tmux") ?? "/usr/bin/tmux"
        let outPath = NSTemporaryDirectory() + "asyncviz-tmux-\(UUID().uuidString).out"
        defer { unlink(outPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ([tool, "-L", socket] + args).map { strdup($0) } + [nil]
        defer { for a in argv { free(a) } }
        let envList = ProcessInfo.processInfo.environment.filter { $0.key != "TMUX" }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for e in envList { free(e) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, tool, &actions, nil, argv, envList)
        guard rc == 0 else { throw POSIXError(POSIXErrorCode(rawValue: rc) ?? .EIO) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
    }

    func capture() -> String {
        lastScreen = (try? tmux(["capture-pane", "-p"])) ?? ""
        return lastScreen
    }

    func send(_ keys: String...) { _ = try? tmux(["send-keys"] + keys) }
    func type(_ text: String) { _ = try? tmux(["send-keys", "-l", text]) }
    func resize(_ w: Int, _ h: Int) { _ = try? tmux(["resize-window", "-x", "\(w)", "-y", "\(h)"]) }
    func display(_ format: String) -> String {
        ((try? tmux(["display", "-p", format])) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Polls the screen every 20 ms until `ok` holds; records an issue with the last screen on timeout.
    @discardableResult
    func waitFor(_ what: String, timeout: Double = 5, sourceLocation: SourceLocation = #_sourceLocation,
                 _ ok: (String) -> Bool) -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let s = capture()
            if ok(s) { return s }
            usleep(20_000)
        }
        Issue.record("timed out waiting for \(what); screen:\n\(lastScreen)", sourceLocation: sourceLocation)
        return nil
    }

    @discardableResult
    func waitFor(text: String, timeout: Double = 5, sourceLocation: SourceLocation = #_sourceLocation) -> String? {
        waitFor("'\(text)'", timeout: timeout, sourceLocation: sourceLocation) { $0.contains(text) }
    }

    /// `(current, total)` from the status line's `event N/M`.
    static func eventCounter(_ screen: String) -> (Int, Int)? {
        guard let r = screen.range(of: #"event (\d+)/(\d+)"#, options: .regularExpression) else { return nil }
        let parts = screen[r].dropFirst(6).split(separator: "/").compactMap { Int($0) }
        return parts.count == 2 ? (parts[0], parts[1]) : nil
    }

    @discardableResult
    func waitForEvent(_ predicate: @escaping (Int, Int) -> Bool, _ what: String,
                      sourceLocation: SourceLocation = #_sourceLocation) -> String? {
        waitFor(what, sourceLocation: sourceLocation) { s in TmuxSession.eventCounter(s).map { predicate($0.0, $0.1) } ?? false }
    }

    /// The pid of the program the pane's shell runs.
    func childPID() -> pid_t? {
        guard let sh = Int32(display("#{pane_pid}")) else { return nil }
        let path = "/proc/\(sh)/task/\(sh)/children"
        guard let s = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        return s.split(separator: " ").first.flatMap { Int32($0) }
    }

    func expectRestored(exit status: Int, sourceLocation: SourceLocation = #_sourceLocation) {
        waitFor(text: "__EXIT=\(status)", sourceLocation: sourceLocation)
        #expect(display("#{alternate_on}") == "0", "the alternate screen is still on", sourceLocation: sourceLocation)
        #expect(display("#{cursor_flag}") == "1", "the cursor is still hidden", sourceLocation: sourceLocation)
    }
}

/// End-to-end: the real binary in a real terminal (tmux), one private server per case.
@Suite(.serialized, .enabled(if: TmuxSession.available, "tmux is not installed: skipping the terminal tests"))
struct TmuxTests {
    func open(width: Int = 100, height: Int = 30, env: [String: String] = [:]) throws -> TmuxSession {
        let bin = try #require(TmuxSession.binary, "asyncviz binary not found next to the tests; run `swift build` first")
        return try TmuxSession(width: width, height: height, env: env, command: TmuxSession.viewerCommand(bin))
    }

    @Test func opensOnTheAlternateScreen() throws {
        let t = try open()
        let s = t.waitForEvent({ n, _ in n == 1 }, "the first event")
        #expect(s?.contains("main") == true)
        #expect(s?.contains("running") == true)
        #expect(t.display("#{alternate_on}") == "1")
        t.send("q")
        t.expectRestored(exit: 0)
    }

    /// Wide characters (CJK, emoji) in the title and the names: the real terminal shows what
    /// the canvas holds, each row within 80 columns (a wide character was one cell: the terminal
    /// drew the rest of its row further right).
    @Test func wideCharactersStayInTheirColumns() throws {
        let bin = try #require(TmuxSession.binary)
        let dir = NSTemporaryDirectory() + "asyncviz-wide-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = dir + "/wide.txt"
        try """
            title "日本語のタイトル🎉🎉 wide title here and more text to be long"
            def f(x):
                sleep x
                print "日本日本日本日本日本日本日本日本日本日本日本日本日本日本日本日本日本日本日本日本{x}"
            main:
                t = spawn f(1) as "日本語タスク🎉🎉🎉🎉🎉"
                await t
            """.write(toFile: path, atomically: true, encoding: .utf8)
        let t = try TmuxSession(width: 80, height: 24, command: "'\(bin)' '\(path)'")
        t.waitFor(text: "event 1/")
        t.send("G")
        guard let s = t.waitFor(text: "event 11/11") else { return }
        let lines = s.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0].hasPrefix(" 日本語のタイトル🎉🎉 wide title her…  t = 1.000 s / 1.000 s"), "\(s)")
        #expect(lines.contains { $0.hasPrefix("   日本語タス… ░") }, "\(s)")
        for l in lines { #expect(TextFit.width(l) <= 80, "\(l)") }
        t.send("q")
        t.expectRestored(exit: 0)
    }

    @Test func stepForwardThenBackGivesTheFirstScreen() throws {
        let t = try open()
        guard let first = t.waitForEvent({ n, _ in n == 1 }, "the first event") else { return }
        let n = 6
        for k in 1...n {
            t.send(k % 2 == 0 ? "Right" : "Space")
            t.waitForEvent({ c, _ in c == k + 1 }, "event \(k + 1)")
        }
        for k in stride(from: n, to: 0, by: -1) {
            t.send(k % 2 == 0 ? "Left" : "b")
            t.waitForEvent({ c, _ in c == k }, "event \(k)")
        }
        let again = t.waitFor("the first screen again") { $0 == first }
        #expect(again == first)
        t.send("q")
        t.expectRestored(exit: 0)
    }

    @Test func endAndStart() throws {
        let t = try open()
        t.waitForEvent({ n, _ in n == 1 }, "the first event")
        t.send("End")
        t.waitForEvent({ n, m in n == m && m > 1 }, "the last event")
        t.send("g")
        t.waitForEvent({ n, _ in n == 1 }, "the first event again")
        t.send("G")
        t.waitForEvent({ n, m in n == m }, "the last event (G)")
        t.send("Home")
        t.waitForEvent({ n, _ in n == 1 }, "the first event (Home)")
        t.send("q")
        t.expectRestored(exit: 0)
    }

    @Test func playsUntilTheEnd() throws {
        let t = try open()
        t.waitForEvent({ n, _ in n == 1 }, "the first event")
        t.type(":speed 20")
        t.send("Enter")
        t.waitFor(text: "‖ 20x")
        t.send("p")
        t.waitFor("play to reach the end and stop") { s in
            (TmuxSession.eventCounter(s).map { $0.0 == $0.1 } ?? false) && s.contains("‖ 20x") && s.contains("end of run")
        }
        t.send("q")
        t.expectRestored(exit: 0)
    }

    @Test func helpOpensAndCloses() throws {
        let t = try open()
        t.waitForEvent({ n, _ in n == 1 }, "the first event")
        t.send("?")
        t.waitFor(text: "next instant")
        t.send("Escape")
        t.waitFor("help to close") { !$0.contains("next instant") && $0.contains("event 1/") }
        t.send("q")
        t.expectRestored(exit: 0)
    }

    @Test func resizeRelaysTheScreen() throws {
        let t = try open()
        t.waitForEvent({ n, _ in n == 1 }, "the first event")
        t.resize(80, 24)
        t.waitFor("an 80-column screen") { s in
            let lines = s.split(separator: "\n", omittingEmptySubsequences: false)
            return s.contains("event 1/") && lines.allSatisfy { $0.count <= 80 } && lines.contains { $0.hasSuffix("live (L)") && $0.count == 79 }
        }
        t.resize(30, 8)
        t.waitFor(text: "terminal too small")
        t.resize(100, 30)
        t.waitFor("the timeline again") { $0.contains("event 1/") && !$0.contains("too small") }
        t.send("q")
        t.expectRestored(exit: 0)
    }

    @Test func quitRestoresTheTerminal() throws {
        let t = try open()
        t.waitForEvent({ n, _ in n == 1 }, "the first event")
        t.send("q")
        t.expectRestored(exit: 0)
    }

    @Test func sigtermRestoresTheTerminal() throws {
        let t = try open()
        t.waitForEvent({ n, _ in n == 1 }, "the first event")
        let pid = try #require(t.childPID())
        kill(pid, SIGTERM)
        t.expectRestored(exit: 143)
    }

    /// `kill -QUIT` dumped core and left the alternate screen on, the cursor hidden.
    @Test func sigquitRestoresTheTerminal() throws {
        let t = try open()
        t.waitForEvent({ n, _ in n == 1 }, "the first event")
        let pid = try #require(t.childPID())
        kill(pid, SIGQUIT)
        t.expectRestored(exit: 131)
    }

    @Test func ctrlCRestoresTheTerminal() throws {
        let t = try open()
        t.waitForEvent({ n, _ in n == 1 }, "the first event")
        t.send("C-c")
        t.expectRestored(exit: 130)
    }

    @Test func termScreen() throws {
        let t = try open(env: ["TERM": "screen"])
        t.waitForEvent({ n, _ in n == 1 }, "the first event")
        t.send("G")
        t.waitForEvent({ n, m in n == m }, "the last event")
        t.send("q")
        t.expectRestored(exit: 0)
    }

    @Test func vt100AndNoUTF8UseASCII() throws {
        let t = try open(env: ["TERM": "vt100", "LANG": "C", "LC_ALL": "C"])
        t.waitFor(text: "# running")
        t.send("q")
        t.expectRestored(exit: 0)
    }

    @Test func unknownTermGivesOurMessage() throws {
        let t = try open(env: ["TERM": "no-such-terminal"])
        t.waitFor(text: "cannot use the terminal type 'no-such-terminal'")
        t.waitFor(text: "__EXIT=1")
    }
}
