import ArgumentParser
import Foundation
import SchedulerSim

enum ExportFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, chrome, svg, python, output
}

enum RunMode: String, ExpressibleByArgument, CaseIterable {
    case async, sync
}

/// The command line (SPEC §4). `main` is written out so that usage errors exit with 2, as the
/// SPEC asks, instead of ArgumentParser's 64.
@main
struct AsyncvizCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "asyncviz",
        abstract: "See how an asyncio event loop schedules a scenario, step by step.",
        usage: """
            asyncviz                           the REPL: type a scenario, see its timeline
            asyncviz FILE                      open the interactive viewer (FILE - : standard input)
            asyncviz FILE --export FORMAT [-o PATH]
            asyncviz check FILE                parse and check only
            """,
        discussion: """
            FORMAT is text, json, chrome, svg, python or output. When standard output is not a \
            terminal, `asyncviz FILE` prints the text export. With no FILE, on a terminal, \
            asyncviz is a REPL; with standard input not a terminal it reads the scenario from it \
            (`asyncviz < FILE` is `asyncviz -`). `asyncviz bench` runs the benchmark suite. \
            Exit status: 0 when the scenario ran (a deadlock or a failing main is a result), \
            1 for errors in the scenario or unreadable files, 2 for bad usage.
            """,
        version: "asyncviz 0.1.0"
    )

    @Argument(help: ArgumentHelp("The scenario file (or `check FILE`).", valueName: "FILE"))
    var arguments: [String] = []

    @Option(name: .long, help: "Write an export instead of opening the viewer.")
    var export: ExportFormat?

    @Option(name: [.short, .customLong("output")], help: "Where to write the export (default: standard output).")
    var outputPath: String?

    // `.unconditional`: the next word is the value even when it starts with '-', so `--until -1`
    // gets the clear "must be ≥ 0" message instead of "missing value".
    @Option(name: .long, parsing: .unconditional, help: "Width of the text export in columns (default 80).")
    var width: Int?

    @Flag(name: .long, help: "Use 7-bit characters only.")
    var ascii = false

    @Option(name: .long, parsing: .unconditional, help: "Draw the text export up to this time (seconds).")
    var at: Double?

    @Option(name: .long, parsing: .unconditional, help: "Simulation horizon in seconds (overrides the scenario's `until`).")
    var until: Double?

    @Option(name: .long, help: "async (default), or sync: every sleep becomes a blocking call.")
    var mode: RunMode = .async

    @Flag(name: .long, help: "Show the async and the sync timeline one above the other.")
    var compare = false

    @Flag(name: .long, help: "No colours (also when NO_COLOR is set).")
    var noColor = false

    static func main() {
        // A reader that goes away (`asyncviz … | head`) is an EPIPE from write, handled where
        // output is written, not a signal that kills the process (exit 141 looks like a crash).
        signal(SIGPIPE, SIG_IGN)
        let argv = CommandLine.arguments
        if argv.count >= 2 && argv[1] == "bench" {
            Foundation.exit(Benchmark.main(Array(argv.dropFirst(2))))
        }
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let exit as ExitCode {
            Foundation.exit(exit.rawValue)
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if code == .success {
                print(message)
                Foundation.exit(0)
            }
            StdStreams.error(message + "\n")
            if code.rawValue == 64 || code == .validationFailure {
                // ArgumentParser's message usually ends with "See 'asyncviz --help' …" already.
                if !message.contains("asyncviz --help") {
                    StdStreams.error("Run 'asyncviz --help' for usage.\n")
                }
                Foundation.exit(2)
            }
            Foundation.exit(code.rawValue)
        }
    }

    func validate() throws {
        if arguments.count > 2 || (arguments.count == 2 && arguments[0] != "check") {
            throw ValidationError("expected one scenario file (or `check FILE`), got: \(arguments.joined(separator: " "))")
        }
        if arguments == ["check"] { throw ValidationError("`check` needs a scenario file: asyncviz check FILE") }
        if arguments.contains("") { throw ValidationError("the scenario file name is empty") }
        if let width, width < TextExport.minimumWidth || width > 1000 {
            throw ValidationError("--width must be between \(TextExport.minimumWidth) and 1000")
        }
        if export != nil && export != .text && (compare || at != nil) {
            throw ValidationError("--compare and --at apply to the text export only")
        }
        if let until, !(until >= 0) || !until.isFinite {
            throw ValidationError("--until must be a number of seconds ≥ 0, not \(Self.shown(until)) (0 runs only what happens at t = 0)")
        }
        if let at, !(at >= 0) || !at.isFinite { throw ValidationError("--at must be a number of seconds ≥ 0, not \(Self.shown(at))") }
        if outputPath != nil && export == nil { throw ValidationError("-o needs --export FORMAT") }
    }

    static func shown(_ x: Double) -> String {
        x.isFinite && x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x)
    }

    func run() throws {
        if let status = Viewer.runDemoIfRequested() { throw ExitCode(status) }
        var arguments = self.arguments
        if arguments.isEmpty {
            if isatty(STDIN_FILENO) == 0 {
                arguments = ["-"]
            } else if export != nil {
                throw ValidationError("--export needs a scenario file (or a scenario on standard input: asyncviz --export FORMAT < FILE)")
            } else if isatty(STDOUT_FILENO) == 0 {
                throw ValidationError("no scenario file given, and the REPL needs a terminal. Try: asyncviz FILE, or asyncviz < FILE")
            } else {
                let status = Viewer.runRepl(
                    simulation: SimulationOptions(until: until, syncMode: mode == .sync),
                    options: Viewer.Options(color: !noColor, ascii: ascii || !Locale.isUTF8),
                    exportText: { format, text, trace in
                        guard let f = ExportFormat(rawValue: format) else {
                            throw ValidationError("unknown format '\(format)' (text, json, chrome, svg, python, output)")
                        }
                        guard case .success(let scenario) = Frontend.load(source: text) else {
                            throw ValidationError("the scenario does not load")
                        }
                        return try render(f, trace: trace, scenario: scenario, source: text, path: "repl")
                    })
                if status != 0 { throw ExitCode(status) }
                return
            }
        }
        if arguments[0] == "check" && arguments.count == 2 {
            let path = arguments[1]
            let (scenario, _) = try load(path)
            let written = StdStreams.write("\(path): " + ScenarioSummary.line(for: scenario) + "\n", to: STDOUT_FILENO)
            // Freeing a 10 MB file's syntax tree node by node is a sixth of `check`'s time and
            // nothing needs it: leave while it is still alive.
            try withExtendedLifetime(scenario) {
                if let written { throw StdStreams.outputFailed(written) }
                Foundation.exit(0)
            }
        }
        let path = arguments[0]
        let (scenario, source) = try load(path)
        // Everything but the viewer prints and exits: the run's working state is then left for
        // the exit to reclaim (SimulationOptions.keepStateUntilExit).
        let printsAndExits = export != nil || isatty(STDOUT_FILENO) == 0 || isatty(STDIN_FILENO) == 0
            || compare || at != nil || width != nil
        // (With --compare a second run follows: the first one's state is freed before it.)
        let trace = simulate(scenario, mode: mode, keepState: printsAndExits && !compare)
        if let e = Self.setupError(trace, path: path, source: source) {
            StdStreams.error(e.rendered)
            throw ExitCode(1)
        }

        if export == .json {
            try writeStreaming { JSONExport.stream(trace, to: $0) }
            return
        }
        if export == .chrome {
            try writeStreaming { ChromeExport.stream(trace, to: $0) }
            return
        }
        if let export {
            let text = try render(export, trace: trace, scenario: scenario, source: source, path: path)
            try write(text)
            return
        }
        if printsAndExits {
            // Not a terminal, or options of the text picture (the viewer ignored them silently):
            // print the picture instead of opening the viewer.
            try write(try render(.text, trace: trace, scenario: scenario, source: source, path: path))
            return
        }
        let options = Viewer.Options(
            color: !noColor, ascii: ascii || !Locale.isUTF8,
            export: { format, typed, trace in
                let out = (typed as NSString).expandingTildeInPath
                guard let f = ExportFormat(rawValue: format) else {
                    return "unknown format '\(format)' (text, json, chrome, svg, python, output)"
                }
                do {
                    let text = try render(f, trace: trace, scenario: scenario, source: source, path: path)
                    try text.write(toFile: out, atomically: true, encoding: .utf8)
                    return "wrote \(out)"
                } catch {
                    return "could not write \(out): " + WriteError.reason(out)
                }
            },
            reload: {
                do {
                    let (s, src) = try load(path, quiet: true)
                    let t = simulate(s, mode: mode)
                    if let e = Self.setupError(t, path: path, source: src) { return .failed(e.summary) }
                    return .loaded(t, source: src)
                } catch let e as LoadError {
                    return .failed(e.summary)
                } catch {
                    return .failed("\(error)")
                }
            })
        let status = Viewer.run(trace: trace, source: source, path: path == "-" ? nil : path, options: options)
        if status != 0 { throw ExitCode(status) }
    }

    /// A run-time error before the run could start (`var x = 1 / 0`): an error of the scenario,
    /// as CPython stops at a module-level exception (it gave an empty timeline and exit 0).
    static func setupError(_ trace: Trace, path: String, source: String) -> LoadError? {
        guard let (line, message) = trace.setupError else { return nil }
        let text = source.split(separator: "\n", omittingEmptySubsequences: false)
        let column = line >= 1 && line <= text.count ? text[line - 1].prefix { $0 == " " }.count + 1 : 1
        return .diagnostics(path: path == "-" ? "<stdin>" : path, source: source,
                            [Diagnostic(at: SourceLocation(line: line, column: column), message)])
    }

    func simulate(_ scenario: Scenario, mode: RunMode, keepState: Bool = false) -> Trace {
        Simulation.run(scenario, options: SimulationOptions(until: until, syncMode: mode == .sync, keepStateUntilExit: keepState))
    }

    func render(_ format: ExportFormat, trace: Trace, scenario: Scenario, source: String, path: String) throws -> String {
        switch format {
        case .text:
            let opts = TextExport.Options(width: width ?? 80, ascii: ascii || !Locale.isUTF8,
                                          at: at.map { Micros.clamped(seconds: $0) })
            var text = TextExport.render(trace, options: opts)
            if compare {
                let otherMode: RunMode = mode == .async ? .sync : .async
                let other = simulate(scenario, mode: otherMode, keepState: true)
                // The same time format as the pictures' own `end 3.000 s`.
                let a = TimeFormat.fixedSeconds(trace.end), b = TimeFormat.fixedSeconds(other.end)
                // 7-bit with --ascii, and within --width (the long sync heading is 49 columns).
                let bar = opts.ascii ? "--" : "──"
                func heading(_ long: String, _ short: String) -> String {
                    let l = "\(bar) \(long) \(bar)"
                    return TextFit.width(l) <= opts.width ? l : "\(bar) \(short) \(bar)"
                }
                text = heading("\(mode.rawValue) (\(a))", "\(mode.rawValue) (\(a))") + "\n" + text
                let why = otherMode == .sync ? ": every sleep blocks the loop" : ""
                text += "\n" + heading("\(otherMode.rawValue)\(why) (\(b))", "\(otherMode.rawValue) (\(b))") + "\n"
                text += TextExport.render(other, options: opts)
                text += "\ntotal: \(mode.rawValue) \(a), \(otherMode.rawValue) \(b)\n"
            }
            return text
        case .json: return JSONExport.render(trace)
        case .chrome: return ChromeExport.render(trace)
        case .svg: return SVGExport.render(trace)
        case .output: return OutputExport.render(trace)
        case .python: return PythonExport.render(scenario)
        }
    }

    /// Where `-o` sends the export: nil for standard output (no `-o`, or `-o -`).
    var outputFile: String? { outputPath == "-" ? nil : outputPath }

    /// Writes what `produce` hands over, chunk by chunk, to `-o FILE` or to standard output. A
    /// regular file (or a new one) is written through a temporary file renamed into place, so a
    /// failed run leaves no half file; anything else (`/dev/null`, a FIFO, a terminal, a symlink)
    /// is written in place: renaming over it would replace the device or the link with a file.
    func writeStreaming(_ produce: ((UnsafeBufferPointer<UInt8>) -> Void) -> Void) throws {
        let atomic = outputFile.map(OutputPath.isReplaceable) ?? false
        let target = outputFile.map { atomic ? $0 + ".asyncviz-tmp" : $0 }
        let fd: Int32 = target.map { open($0, O_WRONLY | O_CREAT | O_TRUNC, 0o644) } ?? STDOUT_FILENO
        guard fd >= 0 else {
            StdStreams.error("asyncviz: cannot write \(outputFile ?? "-"): \(WriteError.reason(outputFile ?? "-"))\n")
            throw ExitCode(1)
        }
        var failed = false
        var failedErrno: Int32 = 0
        produce { chunk in
            guard !failed, let e = StdStreams.write(chunk, to: fd) else { return }
            failed = true
            failedErrno = e
        }
        if let target, let outputFile {
            if close(fd) != 0 { failed = true }
            if failed || (atomic && rename(target, outputFile) != 0) {
                if atomic { unlink(target) }
                StdStreams.error("asyncviz: cannot write \(outputFile): \(WriteError.reason(outputFile))\n")
                throw ExitCode(1)
            }
        } else if failed {
            throw StdStreams.outputFailed(failedErrno)
        }
    }

    func write(_ text: String) throws {
        if outputFile != nil {
            var text = text
            try writeStreaming { sink in text.withUTF8 { sink($0) } }
        } else {
            try StdStreams.output(text)
        }
    }

    /// Reads and checks a scenario; prints the diagnostics and exits 1 on any error.
    func load(_ path: String, quiet: Bool = false) throws -> (Scenario, String) {
        do {
            let source = try ScenarioFile.read(path)
            switch Frontend.load(source: source) {
            case .success(let s): return (s, source)
            case .failure(let d): throw LoadError.diagnostics(path: path == "-" ? "<stdin>" : path, source: source, d.items)
            }
        } catch let e as LoadError {
            if quiet { throw e }
            StdStreams.error(e.rendered)
            throw ExitCode(1)
        }
    }
}

enum OutputPath {
    /// Whether `-o PATH` may be replaced by renaming a finished temporary file over it: only a
    /// regular file, or nothing yet (`lstat`, so a symlink is written through, not replaced).
    static func isReplaceable(_ path: String) -> Bool {
        var st = stat()
        guard lstat(path, &st) == 0 else { return errno == ENOENT }
        return (st.st_mode & S_IFMT) == S_IFREG
    }
}

enum WriteError {
    /// Why a file cannot be written, in words (Foundation's errors print as NSCocoaErrorDomain codes).
    static func reason(_ path: String) -> String {
        let dir = (path as NSString).deletingLastPathComponent
        var isDir: ObjCBool = false
        if !dir.isEmpty && !(FileManager.default.fileExists(atPath: dir, isDirectory: &isDir) && isDir.boolValue) {
            return "no such directory: \(dir)"
        }
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && isDir.boolValue { return "it is a directory" }
        return "permission denied or disk full"
    }
}

enum Locale {
    /// Whether the terminal's locale can show UTF-8 (block characters).
    static var isUTF8: Bool {
        let env = ProcessInfo.processInfo.environment
        let value = env["LC_ALL"].flatMap { $0.isEmpty ? nil : $0 } ?? env["LC_CTYPE"].flatMap { $0.isEmpty ? nil : $0 } ?? env["LANG"] ?? ""
        if value.isEmpty { return true }
        let v = value.lowercased()
        if v == "c" || v == "posix" { return false }
        return v.contains("utf-8") || v.contains("utf8")
    }
}
