import SchedulerSim

/// One line of a side pane.
struct PaneLine: Hashable, Sendable {
    var text: String
    var style: CellStyle = .plain
}

func drawPane(_ c: inout Canvas, _ s: AppState, _ tl: Timeline, x: Int, y: Int, w: Int, h: Int, _ o: RenderOptions) {
    guard h >= 2, w >= 10 else { return }
    // Tab bar.
    c.fill(x, y, w, 1, Cell(char: o.glyphs.hline, style: .role(.muted)))
    var tx = x + 1
    for p in SidePane.allCases {
        let label = " \(p.title) "
        guard tx + label.count <= x + w else { break }
        c.put(tx, y, label, p == s.pane ? .role(.accent, bold: true, reverse: true) : .role(.muted))
        tx += label.count + 1
    }
    let ph = h - 1
    // Long lines wrap (the point of a message is often at its end); source code does not.
    let cont = s.pane == .events ? 9 : 2
    func wrapped(_ l: PaneLine) -> [PaneLine] {
        if s.pane == .source || TextFit.width(l.text) <= w - 2 { return [l] }
        return wrap(l.text, width: w - 2, indent: cont).enumerated().map { (k, part) in
            PaneLine(text: part, style: k == 0 ? l.style : CellStyle(role: l.style.role, bold: l.style.bold, dim: l.style.dim))
        }
    }
    var lines: [PaneLine] = []
    var focus: Int?
    var focusEnd = 0
    if s.pane == .events, tl.eventCount > 0 {
        // The focused event is the last line and the window ends with it (or `paneScroll` lines
        // earlier): only the last `ph + paneScroll` lines can show, so build just those, from the
        // cursor back, instead of a line for every event so far.
        let need = ph + s.paneScroll
        var chunks: [[PaneLine]] = []
        var count = 0
        var i = s.cursor
        while i >= 0 && count < need {
            let chunk = wrapped(eventLine(tl.trace.events[i], tl))
            chunks.append(chunk)
            count += chunk.count
            i -= 1
        }
        if i < 0 {
            // Every event is in: the lesson's notes come first.
            var notes = tl.trace.notes.flatMap { wrap(Format.esc($0), width: max(10, w - 2)) }
                .map { PaneLine(text: $0, style: .role(.accent)) }
            if !notes.isEmpty { notes.append(PaneLine(text: "")) }
            chunks.append(notes.flatMap(wrapped))
        }
        for chunk in chunks.reversed() { lines += chunk }
        focusEnd = lines.count - 1
        focus = lines.count - chunks[0].count
    } else {
        let (raw, rawFocus) = paneLines(s, tl, o, width: w - 2)
        for (i, l) in raw.enumerated() {
            if i == rawFocus { focus = lines.count }
            lines += wrapped(l)
            if i == rawFocus { focusEnd = lines.count - 1 }
        }
    }
    // Show the focused line near the bottom (events) or in view; scroll moves the window back.
    var first: Int
    if let focus {
        first = s.pane == .events ? focusEnd - ph + 1 : focus - ph / 2
    } else {
        first = 0
    }
    first = min(first, lines.count - ph)
    first = max(0, first - s.paneScroll)
    for (k, line) in lines.dropFirst(first).prefix(ph).enumerated() {
        var st = line.style
        if let focus, first + k >= focus, first + k <= focusEnd {
            // Reverse video, and a marker that shows without colours or attributes too.
            st.reverse = true
            c.fill(x, y + 1 + k, w, 1, Cell(char: " ", style: st))
            if first + k == focus {
                c.put(x, y + 1 + k, String(o.glyphs.play.first ?? ">"), .role(.accent, bold: true, reverse: true))
            }
        }
        c.put(x + 1, y + 1 + k, line.text, st, maxWidth: w - 2)
    }
}

/// The lines of the focused pane, and which one is highlighted.
func paneLines(_ s: AppState, _ tl: Timeline, _ o: RenderOptions, width: Int = 78) -> ([PaneLine], Int?) {
    switch s.pane {
    case .events:
        // The lesson's title and notes (what to look at) come first, then the events so far.
        let (events, focus) = eventLines(s, tl)
        var notes = tl.trace.notes.flatMap { wrap(Format.esc($0), width: max(10, width)) }
            .map { PaneLine(text: $0, style: .role(.accent)) }
        guard !notes.isEmpty, tl.eventCount > 0 else { return (events, focus) }
        notes.append(PaneLine(text: ""))
        return (notes + events, focus.map { $0 + notes.count })
    case .resources: return (resourceLines(s, tl), nil)
    case .source: return sourceLines(s, tl, o)
    case .why: return (whyLines(s, tl), nil)
    case .warnings: return (warningLines(s, tl), nil)
    }
}

func describe(_ e: TraceEvent, _ tl: Timeline) -> String {
    if e.kind == .print { return "\(Format.esc(tl.taskName(e.task))) prints \"\(Format.esc(e.text))\"" }
    return Format.esc(e.text)
}

private func eventLines(_ s: AppState, _ tl: Timeline) -> ([PaneLine], Int?) {
    guard tl.eventCount > 0 else { return ([PaneLine(text: "(no events)", style: .role(.muted))], nil) }
    let lines = tl.trace.events[0...s.cursor].map { eventLine($0, tl) }
    return (lines, s.cursor)
}

/// One line of the events pane: the time, right-aligned, and the sentence.
private func eventLine(_ e: TraceEvent, _ tl: Timeline) -> PaneLine {
    let t = Format.seconds(e.time)
    let pad = String(repeating: " ", count: max(0, 7 - t.count))
    return PaneLine(text: "\(pad)\(t)  \(describe(e, tl))", style: e.kind == .warning ? .role(.warning) : .plain)
}

private func taskList(_ ids: [Int], _ tl: Timeline) -> String {
    ids.map { Format.esc(tl.taskName($0)) }.joined(separator: ", ")
}

func resourceLines(_ s: AppState, _ tl: Timeline) -> [PaneLine] {
    let rs = tl.resources(at: s.cursor)
    var out: [PaneLine] = []
    if !tl.trace.workers.isEmpty {
        // to_thread's pool: who runs on each worker now, and who waits for one.
        let t = tl.time(at: s.cursor)
        var running: [Int] = []
        let desc = tl.trace.workers.indices.map { wi -> String in
            if let task = tl.workerTask(wi, from: t, to: t + 1) {
                running.append(task)
                return "worker \(tl.trace.workers[wi].id) runs \(Format.esc(tl.taskName(task)))"
            }
            return "worker \(tl.trace.workers[wi].id) idle"
        }
        out.append(PaneLine(text: "thread pool (\(tl.trace.workers.count) workers): " + desc.joined(separator: ", ")))
        let queued = tl.rows.compactMap(\.taskID).filter {
            !running.contains($0) && viewSpan(ofTask: $0, at: s.cursor, tl)?.state == .offloaded
        }
        if !queued.isEmpty {
            out.append(PaneLine(text: "  waiting for a free worker: \(taskList(queued, tl))", style: .role(.blocked)))
        }
    }
    guard !rs.isEmpty else {
        return out.isEmpty ? [PaneLine(text: "(no locks, semaphores, queues or events)", style: .role(.muted))] : out
    }
    for r in rs {
        let name = "\(r.resource.kind.rawValue) \(Format.esc(r.resource.name))"
        let snap = r.snapshot
        var desc: String
        switch r.resource.kind {
        case .lock:
            desc = snap.map { $0.holders.isEmpty ? "free" : "held by \(taskList($0.holders, tl))" } ?? "free"
        case .semaphore:
            let held = snap?.holderCount ?? 0
            desc = "\(held)/\(r.resource.capacity) held"
            if let h = snap?.holders, !h.isEmpty { desc += " by \(taskList(h, tl))" }
        case .event:
            desc = (snap?.value ?? 0) != 0 ? "set" : "clear"
        case .queue:
            let items = snap?.items ?? []
            let n = snap?.itemCount ?? 0
            desc = "\(n) item\(n == 1 ? "" : "s")"
            if r.resource.capacity > 0 { desc += " (max \(r.resource.capacity))" }
            if !items.isEmpty { desc += ": [" + items.map(Format.esc).joined(separator: ", ") + "]" }
        }
        let waiting = snap?.waiterCount ?? 0
        if let wt = snap?.waiters, !wt.isEmpty { desc += "; waiting: \(taskList(wt, tl))" }
        else if waiting > 0 { desc += "; \(waiting) waiting" }
        out.append(PaneLine(text: "\(name): \(desc)", style: waiting == 0 ? .plain : .role(.blocked)))
    }
    return out
}

/// The task's span after event index `i`. At the last event of a run that stopped (a deadlock, the
/// horizon) the spans of the tasks still waiting end with that event: they keep their last state
/// there, so the screen shows them blocked rather than gone.
func viewSpan(ofTask id: Int, at i: Int, _ tl: Timeline) -> Span? {
    if let sp = tl.span(ofTask: id, at: i) { return sp }
    guard i >= tl.lastIndex, tl.trace.stop != .finished, tl.task(id: id)?.finished == nil,
          let last = tl.trace.spans.spans(ofTask: id).last,
          last.endSeq >= (tl.event(at: i)?.seq ?? .max) else { return nil }
    return last
}

/// The source line the task is at after event index `i`: its current span's line, else its last event's.
func currentLine(ofTask id: Int, at i: Int, _ tl: Timeline) -> Int? {
    if let sp = viewSpan(ofTask: id, at: i, tl), sp.line > 0 { return sp.line }
    var k = i
    var scanned = 0
    while k >= 0 && scanned < 100_000 {
        if let e = tl.event(at: k), e.task == id, e.line > 0 { return e.line }
        k -= 1; scanned += 1
    }
    return nil
}

private func sourceLines(_ s: AppState, _ tl: Timeline, _ o: RenderOptions) -> ([PaneLine], Int?) {
    guard !o.sourceLines.isEmpty else { return ([PaneLine(text: "(no source)", style: .role(.muted))], nil) }
    let digits = String(o.sourceLines.count).count
    let lines = o.sourceLines.enumerated().map { (i, l) in
        let n = String(i + 1)
        return PaneLine(text: String(repeating: " ", count: digits - n.count) + n + "  " + Format.esc(l))
    }
    if let f = o.sourceFocus, lines.indices.contains(f) { return (lines, f) }
    guard let id = s.selectedTask(tl), let line = currentLine(ofTask: id, at: s.cursor, tl),
          line >= 1, line <= lines.count else { return (lines, nil) }
    return (lines, line - 1)
}

func whyLines(_ s: AppState, _ tl: Timeline) -> [PaneLine] {
    guard let id = s.selectedTask(tl), let task = tl.task(id: id) else {
        return [PaneLine(text: "select a task with j/k to see why it waits", style: .role(.muted))]
    }
    var out: [PaneLine] = []
    let name = Format.esc(task.name)
    let now = tl.time(at: s.cursor)
    guard let span = viewSpan(ofTask: id, at: s.cursor, tl) else {
        if tl.isFinished(task: id, at: s.cursor), let f = task.finished {
            var what: String
            switch task.outcome {
            case .result: what = "returned \(Format.esc(task.result ?? "None"))"
            case .exception: what = "raised \(Format.esc(task.error ?? "an exception"))"
            case .cancelled: what = "was cancelled"
            case .pending: what = "stopped"
            }
            out.append(PaneLine(text: "\(name) finished at t = \(Format.seconds(f)): \(what)", style: .role(.normal, bold: true)))
        } else if task.created > now || (tl.spans(ofTask: id).first.map { $0.startSeq > (tl.event(at: s.cursor)?.seq ?? 0) } ?? true) {
            out.append(PaneLine(text: "\(name) does not exist yet (created at t = \(Format.seconds(task.created)))"))
        } else {
            out.append(PaneLine(text: "\(name): no state recorded here"))
        }
        return out
    }
    out.append(PaneLine(text: "\(name) is \(span.state.name) since t = \(Format.seconds(span.start))",
                        style: .role(Glyphs.role(span.state), bold: true)))
    switch span.state {
    case .running:
        out.append(PaneLine(text: "it holds the loop: nothing else runs until it awaits"))
    case .ready:
        let running = tl.rows.compactMap(\.taskID).filter { $0 != id && tl.state(ofTask: $0, at: s.cursor) == .running }
        out.append(PaneLine(text: running.isEmpty ? "it waits for its turn on the loop"
                            : "it waits for the loop, busy with \(taskList(running, tl))"))
    case .sleeping:
        out.append(PaneLine(text: "waits on: \(Format.esc(span.on)) (the loop is free meanwhile)"))
        out.append(PaneLine(text: "wakes: a timer at t = \(Format.seconds(span.end))"))
    case .blocked, .offloaded:
        out.append(PaneLine(text: "waits on: \(Format.esc(span.on))"))
        var seen: Set<Int> = [id]
        chain(span.on, depth: 1, &seen, &out, s, tl)
    }
    if span.state != .running, span.state != .sleeping {
        let lastSeq = tl.event(at: tl.lastIndex)?.seq ?? 0
        if tl.trace.stop != .finished, span.endSeq >= lastSeq, task.finished == nil {
            out.append(PaneLine(text: "wakes: never: the run stopped here (\(tl.trace.stop.rawValue))", style: .role(.warning)))
        } else if let e = tl.index(ofSeq: span.endSeq).flatMap({ tl.event(at: $0) }) {
            out.append(PaneLine(text: "wakes: at t = \(Format.seconds(e.time)): \(describe(e, tl))", style: .role(.accent)))
        } else if span.state != .ready {
            out.append(PaneLine(text: "wakes: never, in this run", style: .role(.warning)))
        }
    }
    _ = now
    return out
}

/// Who holds what `on` names, and what they wait on in turn.
private func chain(_ on: String, depth: Int, _ seen: inout Set<Int>, _ out: inout [PaneLine], _ s: AppState, _ tl: Timeline) {
    guard depth <= 4 else { return }
    let indent = String(repeating: "  ", count: depth)
    var holders: [Int] = []
    if let ri = tl.resourceIndex(named: on) {
        let snap = tl.resources(at: s.cursor)[ri].snapshot
        holders = snap?.holders ?? []
        if let snap, !snap.waiters.isEmpty {
            out.append(PaneLine(text: "\(indent)queue of waiters: \(taskList(snap.waiters, tl))"))
        }
    } else if on.hasPrefix("task ") {
        let n = String(on.dropFirst(5))
        holders = tl.trace.tasks.filter { $0.name == n }.map(\.id)
    }
    let verb = on.hasPrefix("task ") ? "" : "held by "
    if let start = s.selectedTask(tl), holders.contains(start), depth > 1 {
        out.append(PaneLine(text: "\(indent)\(verb)\(Format.esc(tl.taskName(start))): a cycle, so none of them can go on (deadlock)",
                            style: .role(.error, bold: true)))
    }
    for h in holders where !seen.contains(h) {
        seen.insert(h)
        if let sp = viewSpan(ofTask: h, at: s.cursor, tl) {
            let on2 = sp.state == .running || sp.state == .ready ? "" : " (\(Format.esc(sp.on)))"
            out.append(PaneLine(text: "\(indent)\(verb)\(Format.esc(tl.taskName(h))): \(sp.state.name)\(on2)"))
            if sp.state == .blocked { chain(sp.on, depth: depth + 1, &seen, &out, s, tl) }
        } else {
            out.append(PaneLine(text: "\(indent)\(verb)\(Format.esc(tl.taskName(h)))"))
        }
    }
}

private func warningLines(_ s: AppState, _ tl: Timeline) -> [PaneLine] {
    let seq = tl.event(at: s.cursor)?.seq ?? 0
    var out = tl.trace.warnings.filter { $0.seq <= seq }.map {
        PaneLine(text: "t = \(Format.seconds($0.time))  \(Format.esc(tl.taskName($0.task))): \(Format.esc($0.text))",
                 style: .role(.warning))
    }
    if s.cursor >= tl.lastIndex, tl.trace.stop != .finished {
        var t = "the run stopped: \(tl.trace.stop.rawValue)"
        if let d = tl.trace.stopDetail { t += " (\(Format.esc(d)))" }
        out.append(PaneLine(text: t, style: .role(.error, bold: true)))
    }
    if out.isEmpty { out.append(PaneLine(text: "(no warnings up to here)", style: .role(.muted))) }
    return out
}

// MARK: help

let helpLines: [String] = [
    "keys",
    "space → l     next event         ← h b     previous event",
    "]             next instant       [         previous instant",
    "g Home        start              G End     end",
    "p Enter       play / pause       + -       speed (1x = 1 s per s)",
    "z w           zoom in            Z s       zoom out",
    "a d           pan left / right   L         live / preview",
    "↑ ↓ j k       select a task      J K PgUp PgDn  scroll the pane",
    "Tab           next side pane     /         filter tasks by name",
    "Esc           close / clear      q         quit",
    ": commands    :goto 2.5  :speed 2  :break task|resource|kind NAME",
    "              :breaks  :clear  :export FORMAT PATH  :reload  :q",
    "? this help (any key closes it)",
]

func drawHelp(_ c: inout Canvas, _ g: Glyphs, lines help: [String] = helpLines) {
    let lines = g == .ascii ? help.map { $0.replacingArrows() } : help
    let w = min(c.width - 2, (lines.map(\.count).max() ?? 0) + 4)
    let h = min(c.height - 2, lines.count + 2)
    let x = (c.width - w) / 2, y = (c.height - h) / 2
    c.fill(x, y, w, h, Cell(char: " ", style: .role(.accent, reverse: false)))
    c.fill(x, y, w, 1, Cell(char: g.hline, style: .role(.accent)))
    c.fill(x, y + h - 1, w, 1, Cell(char: g.hline, style: .role(.accent)))
    for yy in y..<(y + h) {
        c[x, yy] = Cell(char: g.vline, style: .role(.accent))
        c[x + w - 1, yy] = Cell(char: g.vline, style: .role(.accent))
    }
    let corners: [Character] = g == .ascii ? ["+", "+", "+", "+"] : ["┌", "┐", "└", "┘"]
    c[x, y] = Cell(char: corners[0], style: .role(.accent))
    c[x + w - 1, y] = Cell(char: corners[1], style: .role(.accent))
    c[x, y + h - 1] = Cell(char: corners[2], style: .role(.accent))
    c[x + w - 1, y + h - 1] = Cell(char: corners[3], style: .role(.accent))
    c.put(x + 2, y, " help ", .role(.accent, bold: true))
    for (k, l) in lines.dropFirst().prefix(h - 2).enumerated() {
        c.put(x + 2, y + 1 + k, l, .plain, maxWidth: w - 4)
    }
}

extension String {
    fileprivate func replacingArrows() -> String {
        var s = ""
        for ch in self {
            switch ch {
            case "→": s += ">"
            case "←": s += "<"
            case "↑": s += "^"
            case "↓": s += "v"
            default: s.append(ch)
            }
        }
        return s
    }
}

/// Splits `text` into lines of at most `width` characters at spaces (continuation lines indented by 2).
func wrap(_ text: String, width: Int, indent: Int = 2) -> [String] {
    var out: [String] = []
    var line = ""
    let pad = String(repeating: " ", count: indent)
    var leading = true
    // A unit stays with its number: "2.5 s" is not cut after "2.5".
    var words: [Substring] = []
    for w in text.split(separator: " ", omittingEmptySubsequences: false) {
        if let last = words.last, last.last?.isNumber == true, isUnitWord(w) {
            words[words.count - 1] = Substring(last + " " + w)
        } else {
            words.append(w)
        }
    }
    for word in words {
        if leading, word.isEmpty { line += " "; continue }
        leading = false
        let sep = line.allSatisfy({ $0 == " " }) ? "" : " "
        if !line.allSatisfy({ $0 == " " }), TextFit.width(line) + sep.count + TextFit.width(word) > width {
            out.append(line)
            line = pad + word
        } else {
            line += sep + word
        }
    }
    if !line.isEmpty { out.append(line) }
    return out
}

/// `s`, `ms`, `us` (with trailing punctuation): a word that belongs to the number before it.
func isUnitWord(_ w: Substring) -> Bool {
    let core = w.prefix { $0.isLetter }
    guard ["s", "ms", "us", "µs"].contains(String(core)) else { return false }
    return w.dropFirst(core.count).allSatisfy { ".,;:)".contains($0) }
}
