import SchedulerSim

/// Where keys go in the REPL: the input line (typing) or the timeline (the viewer's keys).
enum ReplFocus: Hashable, Sendable {
    case input, timeline
}

/// What the REPL asks the outside world to do.
enum ReplEffect: Hashable, Sendable {
    case quit
    case save(path: String, text: String)
    case export(format: String, path: String)
}

/// The REPL screen's whole state: the scenario being typed, the viewer's state, the focus and the
/// timeline of the last accepted scenario (nil while there is nothing to run yet).
///
/// Keys with the input line focused (the start): characters type; `Enter` adds the line (or runs a
/// `:` command); `Backspace` deletes (a whole indent step in leading spaces); `Tab` inserts 4
/// spaces; `↑` `↓` recall earlier lines; `PgUp` `PgDn` scroll the side pane; `Shift-Tab` changes it;
/// `Esc` gives the keys to the timeline. With the timeline focused every viewer key works (`space`
/// `b` step, `j` `k` select, `Tab` pane, `/` filter, `?` help, `q` quits); `Esc`, `i` or `:` come
/// back to the input line (`:` with a `:` already typed).
struct ReplModel {
    var session = ReplSession()
    var app = AppState()
    var focus: ReplFocus = .input
    private(set) var timeline: Timeline?
    /// Why there is no timeline (nil: the scenario is empty).
    private(set) var idleReason: String?
    var simulationOptions = SimulationOptions()

    init(simulationOptions: SimulationOptions = SimulationOptions()) {
        self.simulationOptions = simulationOptions
    }

    /// The Source pane's lines: the accepted scenario, then the block being typed.
    var sourceLines: [String] { session.lines }

    mutating func handle(_ input: Input) -> [ReplEffect] {
        switch input {
        case .resize:
            return []
        case .tick(let us):
            if let tl = timeline { app = update(app, .tick(us), tl).0 }
            return []
        case .key(let key):
            if app.help {
                app.help = false
                return []
            }
            switch focus {
            case .input: return inputKey(key)
            case .timeline: return timelineKey(key)
            }
        }
    }

    private mutating func timelineKey(_ key: Key) -> [ReplEffect] {
        if app.prompt == nil {
            switch key {
            case .escape where app.filter.isEmpty, .char("i"):
                focus = .input
                app.message = nil
                return []
            case .char(":"):
                focus = .input
                app.message = nil
                if session.input.allSatisfy({ $0 == " " }) { session.input = ":" }
                return []
            default: break
            }
        }
        let tl = timeline ?? Timeline(Trace())
        let (next, effects) = update(app, .key(key), tl)
        app = next
        return effects.map {
            switch $0 {
            case .quit: return .quit
            case .export(let f, let p): return .export(format: f, path: p)
            case .reload:
                app.message = "the REPL has no file to reload (:w FILE saves the scenario)"
                return nil
            }
        }.compactMap { $0 }
    }

    private mutating func inputKey(_ key: Key) -> [ReplEffect] {
        switch key {
        case .char(let c):
            session.input.append(c)
            session.historyIndex = nil
        case .tab:
            session.input += ReplSession.indentUnit
        case .backspace:
            var s = session.input
            if !s.isEmpty, s.allSatisfy({ $0 == " " }) {
                let n = s.count % 4 == 0 ? 4 : s.count % 4
                s.removeLast(min(n, s.count))
            } else if !s.isEmpty {
                s.removeLast()
            }
            session.input = s
        case .clearLine:
            // Back to the block's indentation (or nothing).
            session.input = String(session.input.prefix { $0 == " " })
            session.historyIndex = nil
        case .up: session.historyUp()
        case .down: session.historyDown()
        case .pageUp: app.paneScroll += 5
        case .pageDown: app.paneScroll = max(0, app.paneScroll - 5)
        case .backTab:
            app.pane = SidePane(rawValue: (app.pane.rawValue + 1) % SidePane.allCases.count)!
            app.paneScroll = 0
        case .escape:
            focus = .timeline
            app.message = "timeline keys: space/b step, j/k select, Tab pane, ? help; Esc or i to type again"
        case .enter:
            let line = session.input
            // A command works inside an open block too (no scenario line starts with ':').
            let bare = line.drop { $0 == " " }
            if bare.first == ":" {
                session.input = String(line.prefix { $0 == " " })
                return command(String(bare.dropFirst()))
            }
            switch session.submit() {
            case .nothing, .continued:
                app.message = nil
            case .added:
                rerun()
                let n = session.entries.reduce(0) { $0 + $1.count }
                let k = session.entries.last?.count ?? 1
                let what = k == 1 ? "line \(n) added" : "lines \(n - k + 1)-\(n) added"
                if let tl = timeline {
                    app.message = "\(what): \(tl.trace.tasks.count) task\(tl.trace.tasks.count == 1 ? "" : "s"), "
                        + "end t = \(Format.seconds(tl.trace.end)) s"
                } else {
                    app.message = "\(what); add a `main:` block to run the scenario"
                }
            case .rejected(let error):
                app.message = "not added: \(error)"
            }
        default:
            break
        }
        return []
    }

    /// A `:` command typed on the input line.
    private mutating func command(_ line: String) -> [ReplEffect] {
        let words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard let cmd = words.first else { return [] }
        let rest = String(line.drop { $0 == " " }.dropFirst(cmd.count).drop { $0 == " " }).trimmingTrailingSpaces
        switch cmd {
        case "q", "quit", "q!":
            return [.quit]
        case "list", "l":
            app.pane = .source
            app.paneScroll = 0
            app.message = session.lines.isEmpty ? "the scenario is empty"
                : "the scenario (\(session.lines.count) line\(session.lines.count == 1 ? "" : "s")) is in the Source pane"
        case "undo", "u":
            if let gone = session.undo() {
                rerun()
                app.message = "removed: \(gone)"
            } else {
                app.message = "nothing to undo"
            }
        case "clear" where rest.isEmpty:
            session.clear()
            rerun()
            app.message = "scenario cleared"
        case "clear" where rest == "breaks" || rest == "breakpoints":
            app.breakpoints = []
            app.message = "breakpoints cleared"
        case "w", "write", "wq":
            guard !rest.isEmpty else {
                app.message = "usage: :w FILE"
                return []
            }
            if session.pending != nil { app.message = "finish the block first (an empty line), then :w" ; return [] }
            return [.save(path: rest, text: session.text)] + (cmd == "wq" ? [.quit] : [])
        case "help", "h":
            app.help = true
        case "reload":
            app.message = "the REPL has no file to reload (:w FILE saves the scenario)"
        default:
            let tl = timeline ?? Timeline(Trace())
            var effects: [Effect] = []
            runCommand(&app, line, tl, &effects)
            if timeline == nil, ["goto", "g"].contains(cmd) { app.message = "nothing to go to yet" }
            return effects.compactMap {
                switch $0 {
                case .quit: return .quit
                case .export(let f, let p): return .export(format: f, path: p)
                case .reload: return nil
                }
            }
        }
        return []
    }

    /// Re-parses and re-simulates the whole accepted text; the cursor goes to the end of the run so
    /// the whole timeline shows.
    mutating func rerun() {
        let text = session.text
        app.playing = false
        guard !text.isEmpty else {
            timeline = nil
            idleReason = nil
            app.cursor = 0
            return
        }
        switch Frontend.load(source: text) {
        case .success(let scenario):
            let trace = Simulation.run(scenario, options: simulationOptions)
            if let e = trace.setupError {
                // `var x = 1 / 0`: the run never starts (as CPython stops at the module's error).
                timeline = nil
                idleReason = "line \(e.line): \(e.message)"
                return
            }
            let tl = Timeline(trace)
            timeline = tl
            idleReason = nil
            app.cursor = tl.lastIndex
            app.playClock = tl.time(at: app.cursor)
            app.paneScroll = 0
            app.zoom = 0
            app.viewStart = 0
            app = update(app, .resize, tl).0
        case .failure(let d):
            timeline = nil
            idleReason = d.items.first.map { ReplSession.isMissingMain($0) ? "no `main:` block yet" : $0.message }
        }
    }
}
