#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SchedulerSim

/// The interactive viewer (SPEC §5): the main loop joining the terminal, `update` and `render`.
enum Viewer {
    /// What a reload produced: a new run and its source, or an error to show (the last good timeline stays).
    enum ReloadResult {
        case loaded(Trace, source: String?)
        case failed(String)
    }

    struct Options {
        /// false for `--no-color`; `NO_COLOR` in the environment also turns colour off.
        var color = true
        /// 7-bit glyphs (`--ascii`); also used when the locale is not UTF-8.
        var ascii = false
        /// Performs `:export FORMAT PATH` on the trace on screen; returns the message to show
        /// (e.g. "wrote out.json" or the error).
        var export: ((_ format: String, _ path: String, _ trace: Trace) -> String)?
        /// Re-reads and re-runs the scenario (`:reload`, and when the file at `path` changes).
        var reload: (() -> ReloadResult)?
        init(color: Bool = true, ascii: Bool = false,
             export: ((_ format: String, _ path: String, _ trace: Trace) -> String)? = nil,
             reload: (() -> ReloadResult)? = nil) {
            self.color = color; self.ascii = ascii; self.export = export; self.reload = reload
        }
    }

    /// Runs the viewer until the user quits or a signal arrives; returns the exit status
    /// (0; 130 / 143 / 129 / 131 after SIGINT / SIGTERM / SIGHUP / SIGQUIT; 1 when there is no usable terminal,
    /// after printing why to stderr).
    static func run(trace: Trace, source: String?, path: String?, options: Options = Options()) -> Int32 {
        let wantColor = options.color && (getenv("NO_COLOR").map { String(cString: $0).isEmpty } ?? true)
        let term: Terminal
        do {
            term = try Terminal(color: wantColor)
        } catch {
            writeStderr("asyncviz: \(error)\n")
            return 1
        }
        defer { term.restore() }

        var timeline = Timeline(trace)
        var renderOptions = RenderOptions(glyphs: options.ascii || !term.utf8 ? .ascii : .unicode,
                                          sourceLines: splitLines(source))
        var state = AppState()
        var clock = ContinuousClock.now
        var lastCheck = clock
        var lastMTime = path.flatMap(modificationTime)
        var dirty = true
        var lastSize = (width: -1, height: -1)

        func reload() {
            guard let r = options.reload?() else { state.message = "reload is not available here"; return }
            switch r {
            case .loaded(let t, let src):
                let at = timeline.time(at: state.cursor)
                timeline = Timeline(t)
                renderOptions.sourceLines = splitLines(src)
                state.cursor = timeline.index(atTime: at)
                state.playClock = timeline.time(at: state.cursor)
                state.message = "reloaded"
            case .failed(let msg):
                state.message = "reload failed (keeping the last good run): " + msg
            }
            state = update(state, .resize, timeline).0
            dirty = true
        }

        while true {
            let sig = pendingSignal.load(ordering: .relaxed)
            if sig != 0 { return SignalGuard.exitStatus(for: sig) }
            let size = term.size
            if dirty || size != lastSize {
                term.draw(render(state, timeline, width: size.width, height: size.height, options: renderOptions))
                dirty = false
                lastSize = size
            }
            let input = term.readKey(timeoutMs: state.playing ? 30 : 100)
            let now = ContinuousClock.now
            let elapsed = clock.duration(to: now)
            clock = now
            if state.playing {
                let us = elapsed.components.seconds * 1_000_000 + elapsed.components.attoseconds / 1_000_000_000_000
                let next = update(state, .tick(us), timeline).0
                if next != state { state = next; dirty = true }
            }
            if let input {
                let (next, effects) = update(state, input, timeline)
                state = next
                dirty = true
                for e in effects {
                    switch e {
                    case .quit: return 0
                    case .export(let format, let p):
                        state.message = options.export?(format, p, timeline.trace) ?? "export is not available here"
                    case .reload: reload()
                    }
                }
            }
            // Watch the file: re-read it when it changes on disk.
            if let path, options.reload != nil, lastCheck.duration(to: now) > .milliseconds(500) {
                lastCheck = now
                let m = modificationTime(path)
                if m != lastMTime { lastMTime = m; reload() }
            }
        }
    }

    private static func splitLines(_ s: String?) -> [String] {
        guard let s, !s.isEmpty else { return [] }
        var lines = s.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    private static func modificationTime(_ path: String) -> Int64? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        #if canImport(Glibc)
        return Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec) + Int64(st.st_size) << 40
        #else
        return Int64(st.st_mtimespec.tv_sec) * 1_000_000_000 + Int64(st.st_mtimespec.tv_nsec)
        #endif
    }

    /// Test and demo hook until the simulator exists: `ASYNCVIZ_DEMO_TRACE=gather|lock` opens a
    /// hand-built trace. Returns the exit status, or nil when the variable is unset.
    static func runDemoIfRequested(color: Bool = true, ascii: Bool = false) -> Int32? {
        guard let v = getenv("ASYNCVIZ_DEMO_TRACE").map({ String(cString: $0) }), !v.isEmpty else { return nil }
        guard let (trace, source) = DemoTraces.named(v) else {
            writeStderr("asyncviz: unknown demo trace '\(v)' (gather, lock)\n")
            return 2
        }
        return run(trace: trace, source: source, path: nil, options: Options(color: color, ascii: ascii))
    }
}

/// Writes to fd 2 directly (glibc's `stderr` global is not concurrency-safe to read in Swift 6).
func writeStderr(_ s: String) {
    var bytes = Array(s.utf8)
    var off = 0
    while off < bytes.count {
        let n = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress! + off, $0.count - off) }
        if n <= 0 { break }
        off += n
    }
}
