import SchedulerSim

/// The viewer's pure state machine: one input in, the new state and what to do out.
/// Stepping is index arithmetic on the precomputed `Timeline`: backwards costs what forwards does.
func update(_ state: AppState, _ input: Input, _ timeline: Timeline) -> (AppState, [Effect]) {
    var s = state
    var effects: [Effect] = []
    switch input {
    case .resize:
        break
    case .tick(let realMicros):
        tick(&s, realMicros, timeline)
    case .key(let key):
        if s.prompt != nil {
            promptKey(&s, key, timeline, &effects)
        } else if s.help {
            // Any key closes help; `q` still quits.
            if key == .char("q") { effects.append(.quit) }
            s.help = false
        } else {
            normalKey(&s, key, timeline, &effects)
        }
    }
    clampSelection(&s, timeline)
    return (s, effects)
}

private func normalKey(_ s: inout AppState, _ key: Key, _ tl: Timeline, _ effects: inout [Effect]) {
    s.message = nil
    switch key {
    case .char(" "), .right, .char("l"): move(&s, to: s.cursor + 1, tl)
    case .left, .char("h"), .char("b"): move(&s, to: s.cursor - 1, tl)
    case .char("]"): move(&s, to: tl.nextInstant(after: s.cursor), tl)
    case .char("["): move(&s, to: tl.previousInstant(before: s.cursor), tl)
    case .char("g"), .home: move(&s, to: 0, tl)
    case .char("G"), .end: move(&s, to: tl.lastIndex, tl)
    case .char("p"), .enter: togglePlay(&s, tl)
    case .char("+"), .char("="): s.speed = AppState.speeds.first { $0 > s.speed } ?? s.speed
    case .char("-"), .char("_"): s.speed = AppState.speeds.last { $0 < s.speed } ?? s.speed
    case .char("z"), .char("w"): zoom(&s, by: 1, tl)
    case .char("Z"), .char("s"): zoom(&s, by: -1, tl)
    case .char("a"): pan(&s, by: -1, tl)
    case .char("d"): pan(&s, by: 1, tl)
    case .up, .char("k"): s.selectedRow -= 1
    case .down, .char("j"): s.selectedRow += 1
    case .pageUp, .char("K"): s.paneScroll += 5
    case .pageDown, .char("J"): s.paneScroll = max(0, s.paneScroll - 5)
    case .tab:
        s.pane = SidePane(rawValue: (s.pane.rawValue + 1) % SidePane.allCases.count)!
        s.paneScroll = 0
    case .backTab:
        s.pane = SidePane(rawValue: (s.pane.rawValue + SidePane.allCases.count - 1) % SidePane.allCases.count)!
        s.paneScroll = 0
    case .char("L"): s.preview.toggle()
    case .char("/"): s.prompt = .filter(s.filter)
    case .char(":"): s.prompt = .command("")
    case .char("?"): s.help = true
    case .char("q"): effects.append(.quit)
    case .escape:
        if !s.filter.isEmpty { s.filter = "" }
    default: break
    }
}

private func promptKey(_ s: inout AppState, _ key: Key, _ tl: Timeline, _ effects: inout [Effect]) {
    guard let prompt = s.prompt else { return }
    var text: String
    switch prompt {
    case .command(let t), .filter(let t): text = t
    }
    switch key {
    case .escape:
        s.prompt = nil
        return
    case .enter:
        s.prompt = nil
        switch prompt {
        case .filter: s.filter = text; s.selectedRow = 0
        case .command: runCommand(&s, text, tl, &effects)
        }
        return
    case .backspace:
        if text.isEmpty { s.prompt = nil; return }
        text.removeLast()
    case .clearLine:
        text = ""
    case .char(let c):
        text.append(c)
    default:
        return
    }
    switch prompt {
    case .command: s.prompt = .command(text)
    case .filter: s.prompt = .filter(text); s.filter = text
    }
}

/// `:goto 2.5`, `:speed 2`, `:break task|resource|kind NAME`, `:breaks`, `:clear`, `:export F P`,
/// `:reload`, `:q`.
func runCommand(_ s: inout AppState, _ line: String, _ tl: Timeline, _ effects: inout [Effect]) {
    let words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
    guard let cmd = words.first else { return }
    let args = Array(words.dropFirst())
    switch cmd {
    case "q", "quit", "q!":
        effects.append(.quit)
    case "goto", "g":
        guard args.count == 1, let secs = seconds(args[0]), !secs.isNaN else {
            s.message = "usage: :goto SECONDS (e.g. :goto 2.5, :goto 500ms)"; return
        }
        guard secs >= 0 else { s.message = ":goto needs a time ≥ 0"; return }
        move(&s, to: tl.index(atTime: Micros.clamped(seconds: secs)), tl)
    case "speed":
        guard args.count == 1, let v = Double(args[0].hasSuffix("x") ? String(args[0].dropLast()) : args[0]), !v.isNaN else {
            s.message = "usage: :speed N (e.g. :speed 2)"; return
        }
        guard v > 0, v <= 10_000 else { s.message = ":speed takes a speed above 0 and up to 10000"; return }
        s.speed = v
    case "break", "b":
        guard args.count >= 2 else { s.message = "usage: :break task|resource|kind NAME"; return }
        let name = args.dropFirst().joined(separator: " ")
        let bp: Breakpoint
        switch args[0] {
        case "task":
            let known = tl.trace.tasks.contains { $0.name == name || $0.function == name }
            guard known else { s.message = "no task named '\(name)' (names look like fetch#1; a def name matches all its tasks)"; return }
            bp = .task(name)
        case "resource":
            guard tl.trace.resources.contains(where: { $0.name == name }) else {
                s.message = "no resource named '\(name)'"; return
            }
            bp = .resource(name)
        case "kind":
            guard let k = EventKind(rawValue: name) else {
                s.message = "unknown event kind '\(name)' (one of \(EventKind.allCases.map(\.rawValue).joined(separator: ", ")))"
                return
            }
            bp = .kind(k)
        default:
            s.message = "usage: :break task|resource|kind NAME"; return
        }
        if !s.breakpoints.contains(bp) { s.breakpoints.append(bp) }
        s.message = "breakpoint set: \(bp)"
    case "breaks":
        s.message = s.breakpoints.isEmpty ? "no breakpoints"
            : "breakpoints: " + s.breakpoints.map(\.description).joined(separator: "; ")
    case "clear":
        s.breakpoints = []
        s.message = "breakpoints cleared"
    case "export":
        guard args.count == 2 else { s.message = "usage: :export text|json|chrome|svg|python|output PATH"; return }
        effects.append(.export(format: args[0], path: args[1]))
    case "reload":
        effects.append(.reload)
    default:
        s.message = "unknown command :\(cmd) (press ? for help)"
    }
}

/// `2.5`, `2.5s`, `500ms`, `20us` in seconds.
private func seconds(_ word: String) -> Double? {
    for (unit, scale) in [("ms", 1e-3), ("us", 1e-6), ("s", 1.0)] where word.hasSuffix(unit) {
        return Double(word.dropLast(unit.count)).map { $0 * scale }
    }
    return Double(word)
}

private func move(_ s: inout AppState, to index: Int, _ tl: Timeline) {
    s.cursor = tl.clampIndex(index)
    s.playClock = tl.time(at: s.cursor)
    s.paneScroll = 0
    followCursor(&s, tl)
}

private func togglePlay(_ s: inout AppState, _ tl: Timeline) {
    if s.playing { s.playing = false; return }
    if s.cursor >= tl.lastIndex { move(&s, to: 0, tl) }
    s.playing = true
    s.playClock = tl.time(at: s.cursor)
}

/// Advances the play clock; stops at the end and on the first event after the cursor that matches a
/// breakpoint.
private func tick(_ s: inout AppState, _ realMicros: Int64, _ tl: Timeline) {
    guard s.playing else { return }
    let dv = Micros((Double(max(0, realMicros)) * s.speed).rounded())
    s.playClock = s.playClock + max(1, dv)
    var target = tl.index(atTime: s.playClock)
    // Events at the cursor's own instant that follow it are due now too.
    if target < s.cursor { target = s.cursor }
    if !s.breakpoints.isEmpty, target > s.cursor {
        for i in (s.cursor + 1)...target {
            guard let e = tl.event(at: i) else { break }
            if let bp = s.breakpoints.first(where: { $0.matches(e, in: tl) }) {
                s.cursor = i
                s.playing = false
                s.playClock = e.time
                s.message = "breakpoint: \(bp) (event \(i + 1))"
                followCursor(&s, tl)
                return
            }
        }
    }
    s.cursor = target
    s.paneScroll = 0
    if s.cursor >= tl.lastIndex && s.playClock >= tl.time(at: tl.lastIndex) {
        s.cursor = tl.lastIndex
        s.playing = false
        s.message = "end of run"
    }
    followCursor(&s, tl)
}

private func zoom(_ s: inout AppState, by d: Int, _ tl: Timeline) {
    let z = min(max(0, s.zoom + d), AppState.maxZoom)
    guard z != s.zoom else { return }
    s.zoom = z
    let width = max(1, tl.end >> Int64(z))
    s.viewStart = max(0, tl.time(at: s.cursor) - width / 2)
    s.viewStart = s.window(tl).start
}

private func pan(_ s: inout AppState, by d: Int, _ tl: Timeline) {
    guard s.zoom > 0 else { return }
    let w = s.window(tl)
    s.viewStart = max(0, w.start + Micros(d) * max(1, w.width / 4))
    s.viewStart = s.window(tl).start
}

/// Keeps the cursor inside the visible window when zoomed.
private func followCursor(_ s: inout AppState, _ tl: Timeline) {
    guard s.zoom > 0 else { return }
    let w = s.window(tl)
    let t = tl.time(at: s.cursor)
    if t < w.start || t > w.start + w.width {
        s.viewStart = max(0, t - w.width / 2)
        s.viewStart = s.window(tl).start
    }
}

private func clampSelection(_ s: inout AppState, _ tl: Timeline) {
    let n = s.visibleRowCount(tl)
    s.selectedRow = min(max(0, s.selectedRow), max(0, n - 1))
}
