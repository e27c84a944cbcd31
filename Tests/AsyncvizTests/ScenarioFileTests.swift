import Foundation
import Testing

/// The real binary on files that are not good scenarios: a clear one-line message and exit 1,
/// for the viewer (`asyncviz FILE`) and for `asyncviz check FILE`.
@Suite(.serialized) struct ScenarioFileTests {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static let dir: URL = {
        let d = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("asyncviz-files-\(getpid())")
        try? FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        return d
    }()

    static func file(_ name: String, _ bytes: [UInt8]) -> String {
        let url = dir.appendingPathComponent(name)
        _ = FileManager.default.createFile(atPath: url.path, contents: Data(bytes))
        return url.path
    }

    static func file(_ name: String, _ text: String) -> String { file(name, Array(text.utf8)) }

    /// Runs the binary with stdin from /dev/null (so the viewer does not take over a terminal),
    /// or from `stdin`; with `stdout`, standard output goes there instead of being captured
    /// (nil for a closed descriptor).
    static func run(_ args: [String], stdin: String? = "/dev/null", stdout: String?? = .none, stderr: String? = nil,
                    executable: String? = nil) throws -> Run {
        guard let built = TmuxSession.binary else { throw CancellationError() }
        let binary = executable ?? built
        // posix_spawn + waitpid on this one pid, as the tmux helper does: Foundation's Process
        // once reported a finished child as still running for 60 s under a loaded parallel run.
        let outPath = dir.appendingPathComponent("out-\(UUID().uuidString)").path
        let errPath = dir.appendingPathComponent("err-\(UUID().uuidString)").path
        defer {
            unlink(outPath)
            unlink(errPath)
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let stdin {
            posix_spawn_file_actions_addopen(&actions, 0, stdin, O_RDONLY, 0)
        } else {
            posix_spawn_file_actions_addclose(&actions, 0)
        }
        switch stdout {
        case .none: posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        case .some(.some(let path)): posix_spawn_file_actions_addopen(&actions, 1, path, O_WRONLY, 0)
        case .some(.none): posix_spawn_file_actions_addclose(&actions, 1)
        }
        if let stderr {
            posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY, 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        }
        let argv = ([binary] + args).map { strdup($0) } + [nil]
        defer { for a in argv { free(a) } }
        var env = ProcessInfo.processInfo.environment
        env["SWIFT_BACKTRACE"] = "enable=no"
        let envList = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for e in envList { free(e) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, binary, &actions, nil, argv, envList)
        guard rc == 0 else { throw POSIXError(POSIXErrorCode(rawValue: rc) ?? .EIO) }
        var status: Int32 = 0
        let deadline = Date().addingTimeInterval(60)
        var done = false
        while !done {
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid { done = true; break }
            if r < 0 && errno != EINTR { break }
            if Date() > deadline {
                kill(pid, SIGKILL)
                while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
                Issue.record("asyncviz \(args) did not finish in 60 s")
                done = true
                break
            }
            usleep(5_000)
        }
        let out = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        let err = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
        // WIFEXITED / WEXITSTATUS by hand (the macros are not imported); a signal counts as 128 + n.
        let code: Int32 = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return Run(status: code, stdout: out, stderr: err)
    }

    /// Both commands refuse `path` with exit 1 and exactly one line on stderr containing `message`.
    func expectRefused(_ path: String, _ message: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        guard TmuxSession.binary != nil else { return }
        for args in [[path], ["check", path]] {
            let r = try Self.run(args)
            #expect(r.status == 1, "\(args): status \(r.status), stderr \(r.stderr)", sourceLocation: sourceLocation)
            #expect(r.stderr == "asyncviz: \(path): \(message)\n", "\(args)", sourceLocation: sourceLocation)
            #expect(r.stdout.isEmpty, "\(args): \(r.stdout)", sourceLocation: sourceLocation)
        }
    }

    @Test func missingFile() throws {
        try expectRefused(Self.dir.appendingPathComponent("nope.txt").path, "no such file")
    }

    @Test func directory() throws {
        try expectRefused(Self.dir.path, "is a directory, not a scenario file")
    }

    @Test func unreadableFile() throws {
        if geteuid() == 0 { return } // root reads everything
        let path = Self.file("unreadable.txt", "main:\n    print 1\n")
        chmod(path, 0)
        defer { chmod(path, 0o644) }
        try expectRefused(path, "cannot be read (permission denied)")
    }

    @Test func fifoIsNotRead() throws {
        let path = Self.dir.appendingPathComponent("fifo").path
        unlink(path)
        #expect(mkfifo(path, 0o644) == 0)
        try expectRefused(path, "is not a regular file")
    }

    @Test func emptyFile() throws {
        try expectRefused(Self.file("empty.txt", ""), "is empty: a scenario needs a `main:` block or a `task` block")
    }

    @Test func binaryFile() throws {
        try expectRefused(Self.file("nul.txt", [0x6D, 0x61, 0x69, 0x6E, 0x3A, 0x0A, 0x00, 0x01, 0xFF]),
                          "looks like a binary file (it contains NUL bytes), not a scenario")
    }

    @Test func invalidUTF8() throws {
        try expectRefused(Self.file("latin1.txt", Array("main:\n    print \"caf".utf8) + [0xE9, 0x22, 0x0A]),
                          "is not valid UTF-8 text")
    }

    @Test func sixtyMegabytes() throws {
        let line = Array("    print 1\n".utf8)
        var bytes = Array("main:\n".utf8)
        bytes.reserveCapacity(60 * 1_048_576 + 16)
        while bytes.count < 60 * 1_048_576 { bytes += line }
        let path = Self.file("huge.txt", bytes)
        defer { unlink(path) }
        try expectRefused(path, "is 60 MB: too large for a scenario (limit 16 MB)")
    }

    @Test func byteOrderMarkIsSkipped() throws {
        guard TmuxSession.binary != nil else { return }
        let path = Self.file("bom.txt", [0xEF, 0xBB, 0xBF] + Array("main:\n    print 1\n".utf8))
        let r = try Self.run(["check", path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "\(path): ok: main, 0 defs\n")
        // An error on line 1 still points at the right column: the BOM is not a character.
        let bad = Self.file("bom-bad.txt", [0xEF, 0xBB, 0xBF] + Array("main:\n    x = )\n".utf8))
        let e = try Self.run(["check", bad])
        #expect(e.status == 1)
        #expect(e.stderr.hasPrefix("\(bad):2:9: error: unmatched ')'\n      x = )\n          ^\n"), "\(e.stderr)")
    }

    @Test func crlfLineEndings() throws {
        guard TmuxSession.binary != nil else { return }
        let ok = Self.file("crlf.txt", "main:\r\n    print 1\r\n")
        let r = try Self.run(["check", ok])
        #expect(r.status == 0, "\(r.stderr)")
        let bad = Self.file("crlf-bad.txt", "main:\r\n    print 1\r\n    x = )\r\n")
        for args in [[bad], ["check", bad]] {
            let e = try Self.run(args)
            #expect(e.status == 1)
            // The source line is line 3 itself, without its '\r'.
            #expect(e.stderr.hasPrefix("\(bad):3:9: error: unmatched ')'\n      x = )\n          ^\n"), "\(e.stderr)")
        }
    }
}

/// Options whose value may look like an option (`--until -1`) and `-o -`.
@Suite(.serialized) struct CommandLineValueTests {
    static let gather = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("scenarios/gather.txt").path

    @Test(arguments: [(["--until", "-1"], "--until must be a number of seconds ≥ 0, not -1"),
                      (["--at", "-0.5"], "--at must be a number of seconds ≥ 0, not -0.5"),
                      (["--width", "-3"], "--width must be between 40 and 1000")])
    func negativeValueIsTakenAsTheValue(_ args: [String], _ message: String) throws {
        guard TmuxSession.binary != nil else { return }
        let r = try ScenarioFileTests.run([Self.gather, "--export", "text"] + args)
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("Error: \(message)"), "\(r.stderr)")
        #expect(!r.stderr.contains("Missing value"))
        // One pointer to --help, not two.
        #expect(r.stderr.components(separatedBy: "asyncviz --help").count == 2, "\(r.stderr)")
    }

    /// A horizon or a picture time too big for microseconds trapped (exit by SIGILL).
    @Test(arguments: [["--until", "1e300"], ["--at", "1e300"]])
    func hugeTimesDoNotTrap(_ args: [String]) throws {
        guard TmuxSession.binary != nil else { return }
        let r = try ScenarioFileTests.run([Self.gather, "--export", "text"] + args)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("4 tasks, 3 s"), "\(r.stdout)")
        let f = ScenarioFileTests.file("until-huge.txt", "until 1e300\nmain:\n    sleep 1\n")
        let u = try ScenarioFileTests.run([f, "--export", "output"])
        #expect(u.status == 0, "\(u.stderr)")
    }

    /// An exception while setting up the module (`var x = 1 / 0`, a float semaphore size) gave an
    /// empty timeline and exit 0: it is an error of the scenario, with its line.
    @Test(arguments: [("var x = 1 / 0\nmain:\n    print x\n", "1:1: error: ZeroDivisionError: division by zero\n  var x = 1 / 0\n  ^\n"),
                      ("var n = 1.5\nsemaphore s n\nmain:\n    pass\n", "2:1: error: TypeError: the size of semaphore s must be an int, not float\n")])
    func setupErrorIsAnError(_ source: String, _ expected: String) throws {
        guard TmuxSession.binary != nil else { return }
        let f = ScenarioFileTests.file("setup-error.txt", source)
        for args in [[f], [f, "--export", "json"]] {
            let r = try ScenarioFileTests.run(args)
            #expect(r.status == 1)
            #expect(r.stderr.hasPrefix(f + ":" + expected), "\(r.stderr)")
            #expect(r.stdout.isEmpty)
        }
    }

    /// `asyncviz ''` said "asyncviz: : no such file".
    @Test func emptyFileNameIsBadUsage() throws {
        guard TmuxSession.binary != nil else { return }
        for args in [[""], ["check", ""]] {
            let r = try ScenarioFileTests.run(args)
            #expect(r.status == 2)
            #expect(r.stderr.hasPrefix("Error: the scenario file name is empty"), "\(r.stderr)")
        }
    }

    /// `--compare` printed its headings with '──' under `--ascii` too, and the sync heading (49
    /// columns) past a `--width` of 40.
    @Test func compareHeadingsFollowAsciiAndWidth() throws {
        guard TmuxSession.binary != nil else { return }
        let r = try ScenarioFileTests.run([Self.gather, "--compare", "--ascii", "--width", "40"])
        #expect(r.status == 0, "\(r.stderr)")
        let sevenBit = r.stdout.unicodeScalars.allSatisfy { $0.isASCII }
        #expect(sevenBit, "\(r.stdout)")
        for line in r.stdout.split(separator: "\n") { #expect(line.count <= 40, "\(line)") }
        #expect(r.stdout.hasPrefix("-- async (3.000 s) --\n"), "\(r.stdout)")
        #expect(r.stdout.contains("\n-- sync (6.000 s) --\n"), "\(r.stdout)")
        let wide = try ScenarioFileTests.run([Self.gather, "--compare"])
        #expect(wide.stdout.contains("\n── sync: every sleep blocks the loop (6.000 s) ──\n"), "\(wide.stdout)")
    }

    @Test func untilZeroRunsTheFirstInstant() throws {
        guard TmuxSession.binary != nil else { return }
        let r = try ScenarioFileTests.run([Self.gather, "--until", "0", "--export", "output"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "Fetching /a\nFetching /b\nFetching /c\n")
    }

    @Test func dashOutputIsStandardOutput() throws {
        guard TmuxSession.binary != nil else { return }
        for format in ["output", "json"] {
            let r = try ScenarioFileTests.run([Self.gather, "--export", format, "-o", "-"])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout.contains("Fetching /a"), "\(format)")
        }
        #expect(!FileManager.default.fileExists(atPath: "-"))
    }

    /// `-o` renamed a finished temporary file over its path: `-o /dev/null` replaced the device
    /// with a regular file, and `-o link` replaced the symlink. Only regular files go that way now.
    @Test func outputThroughASymlinkOrToAFIFOWritesInPlace() throws {
        guard TmuxSession.binary != nil else { return }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("asyncviz-o-\(getpid())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let real = dir + "/real.txt", link = dir + "/link.txt"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: real)
        for format in ["output", "json"] {
            let r = try ScenarioFileTests.run([Self.gather, "--export", format, "-o", link])
            #expect(r.status == 0, "\(r.stderr)")
            #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: link)) == real, "\(format)")
            #expect((try? String(contentsOfFile: real, encoding: .utf8))?.contains("Fetching /a") == true, "\(format)")
        }
        let fifo = dir + "/fifo"
        #expect(mkfifo(fifo, 0o644) == 0)
        // The read end, opened first without blocking, so that the export's open cannot wait.
        let rfd = open(fifo, O_RDONLY | O_NONBLOCK)
        #expect(rfd >= 0)
        defer { close(rfd) }
        let r = try ScenarioFileTests.run([Self.gather, "--export", "output", "-o", fifo])
        var bytes = [UInt8](repeating: 0, count: 4096)
        let n = read(rfd, &bytes, bytes.count)
        #expect(r.status == 0, "\(r.stderr)")
        var st = stat()
        #expect(lstat(fifo, &st) == 0 && (st.st_mode & S_IFMT) == S_IFIFO)
        #expect(String(decoding: bytes.prefix(max(0, n)), as: UTF8.self).hasPrefix("Fetching /a\nFetching /b\nFetching /c\n"))
    }
}

/// Standard streams that fail: Foundation's `FileHandle` trapped (SIGILL, "Fatal error: 'try!'
/// expression unexpectedly raised an error") on a full disk, a closed descriptor or standard
/// input redirected from a directory.
@Suite(.serialized) struct StandardStreamTests {
    static let gather = CommandLineValueTests.gather

    @Test(arguments: [["--export", "text"], ["--export", "svg"], ["--export", "python"], ["--export", "output"],
                      ["--export", "json"], ["--export", "chrome"], []])
    func fullDiskIsAnError(_ args: [String]) throws {
        guard TmuxSession.binary != nil else { return }
        let r = try ScenarioFileTests.run([Self.gather] + args, stdout: "/dev/full")
        #expect(r.status == 1, "\(args): status \(r.status), stderr \(r.stderr)")
        #expect(r.stderr == "asyncviz: cannot write to standard output: No space left on device\n", "\(args)")
    }

    @Test func checkOnAFullDiskIsAnError() throws {
        guard TmuxSession.binary != nil else { return }
        let r = try ScenarioFileTests.run(["check", Self.gather], stdout: "/dev/full")
        #expect(r.status == 1, "status \(r.status), stderr \(r.stderr)")
        #expect(r.stderr == "asyncviz: cannot write to standard output: No space left on device\n")
    }

    @Test func closedStandardOutputIsAnError() throws {
        guard TmuxSession.binary != nil else { return }
        let r = try ScenarioFileTests.run([Self.gather, "--export", "text"], stdout: .some(nil))
        #expect(r.status == 1, "status \(r.status), stderr \(r.stderr)")
        #expect(r.stderr.hasPrefix("asyncviz: cannot write to standard output: "), "\(r.stderr)")
    }

    @Test(arguments: [([String](), "is a directory, not a scenario"), (["-"], "is a directory, not a scenario")])
    func standardInputFromADirectory(_ args: [String], _ reason: String) throws {
        guard TmuxSession.binary != nil else { return }
        let r = try ScenarioFileTests.run(args, stdin: NSTemporaryDirectory())
        #expect(r.status == 1, "status \(r.status), stderr \(r.stderr)")
        #expect(r.stderr == "asyncviz: <stdin>: \(reason)\n")
    }

    /// `asyncviz … | head`: the reader leaves after a few bytes. asyncviz died of SIGPIPE (exit
    /// 141, which a harness takes for a crash); now it ends quietly with 0, as `head` intends.
    @Test(arguments: [["--export", "json"], ["--export", "text"], ["--export", "chrome"], []])
    func aReaderThatLeavesEndsTheRunQuietly(_ args: [String]) throws {
        guard let binary = TmuxSession.binary else { return }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("asyncviz-pipe-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        // Big enough to fill the pipe many times over.
        let scenario = dir.appendingPathComponent("big.txt").path
        try "def w(i):\n    sleep 0.001 * (i % 7)\n\nmain:\n    gather *[w(i) for i in range(20000)]\n"
            .write(toFile: scenario, atomically: true, encoding: .utf8)
        let status = dir.appendingPathComponent("status").path, err = dir.appendingPathComponent("err").path
        let quoted = ([binary, scenario] + args).map { "'\($0)'" }.joined(separator: " ")
        let script = "(\(quoted) 2>'\(err)'; echo $? >'\(status)') | head -c 10 >/dev/null"
        let r = try ScenarioFileTests.run(["-c", script], executable: "/bin/sh")
        #expect(r.status == 0)
        let code = try String(contentsOfFile: status, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(code == "0", "\(args): exit \(code)")
        #expect(try String(contentsOfFile: err, encoding: .utf8) == "", "\(args)")
    }

    /// An endless standard input (`asyncviz < /dev/zero`, `yes | asyncviz -`) was read to its end:
    /// it never came, the memory grew without bound. It stops at the size limit.
    @Test func endlessStandardInputIsRefused() throws {
        guard TmuxSession.binary != nil else { return }
        let r = try ScenarioFileTests.run(["-"], stdin: "/dev/zero")
        #expect(r.status == 1, "status \(r.status), stderr \(r.stderr)")
        #expect(r.stderr == "asyncviz: <stdin>: is too large for a scenario (limit 16 MB)\n")
    }

    @Test func closedStandardInput() throws {
        guard TmuxSession.binary != nil else { return }
        let r = try ScenarioFileTests.run(["-"], stdin: nil)
        #expect(r.status == 1, "status \(r.status), stderr \(r.stderr)")
        #expect(r.stderr == "asyncviz: <stdin>: is closed\n")
    }

    /// Standard error closed or full: the error still exits 1 (it trapped writing the message).
    @Test func failingStandardErrorStillExitsOne() throws {
        guard TmuxSession.binary != nil else { return }
        let bad = ScenarioFileTests.file("neg-sleep.txt", "main:\n    sleep -1\n")
        for args in [["check", bad], [bad], [bad, "--export", "json"]] {
            let r = try ScenarioFileTests.run(args, stderr: "/dev/full")
            #expect(r.status == 1, "\(args): status \(r.status)")
        }
    }
}
