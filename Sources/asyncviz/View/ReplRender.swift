import SchedulerSim

/// The REPL's help: its own keys and commands, then the viewer's keys (which work with the
/// timeline focused).
let replHelpLines: [String] = [
    "help",
    "REPL          type a line; Enter adds it to the scenario and re-runs it",
    "              a line ending in : opens a block (auto-indented 4 spaces);",
    "              an empty line ends it. Backspace removes one indent step",
    "Tab 4 spaces  ↑ ↓ earlier lines   PgUp PgDn scroll   Shift-Tab pane",
    ":list  show the scenario   :undo  drop the last line or block",
    ":clear  empty scenario     :w FILE  save   :q  quit   :help",
    "Esc           the keys below drive the timeline; Esc, i or : type again",
] + helpLines.dropFirst().dropLast(3) + [
    ": commands    :goto 2.5  :speed 2  :break task|resource|kind NAME",
    "              :breaks  :clear breaks  :export FORMAT PATH",
    "? this help (any key closes it)",
]

/// Pure: the REPL screen. The viewer's screen (or, with nothing to run yet, a hint and the lines
/// typed so far) above the input line.
func renderRepl(_ m: ReplModel, width: Int, height: Int, glyphs: Glyphs = .unicode) -> Canvas {
    var c = Canvas(width: width, height: height)
    guard width >= RenderOptions.minWidth, height >= RenderOptions.minHeight + 1 else {
        return render(AppState(), Timeline(Trace()), width: width, height: max(0, height - 1),
                      options: RenderOptions(glyphs: glyphs)).resized(width, height)
    }
    var app = m.app
    app.help = false
    var opts = RenderOptions(glyphs: glyphs, sourceLines: m.sourceLines)
    opts.keyHint = m.focus == .input
        ? "Enter add  Esc timeline keys  \(glyphs == .ascii ? "Up/Down" : "↑↓") history  :list :undo :clear :w FILE :q :help"
        : "timeline keys: space/b step  j/k select  Tab pane  ? help  q quit  Esc type"
    if m.session.pending != nil {
        app.pane = .source
        opts.sourceFocus = m.sourceLines.count - 1
    }
    if let tl = m.timeline {
        c.blit(render(app, tl, width: width, height: height - 1, options: opts))
    } else {
        c.blit(renderIdle(m, app, width: width, height: height - 1, opts))
    }
    drawInputLine(&c, m, y: height - 1)
    if m.app.help { drawHelp(&c, glyphs, lines: replHelpLines) }
    return c
}

private func drawInputLine(_ c: inout Canvas, _ m: ReplModel, y: Int) {
    let prompt = m.session.prompt
    let text = Format.esc(m.session.input)
    if m.focus == .input {
        let room = max(1, c.width - prompt.count - 1)
        // The end of the line that fits, in terminal columns (a CJK character takes two).
        var start = text.endIndex, width = 0
        for i in text.indices.reversed() {
            width += TextFit.width(text[i])
            if width > room { break }
            start = i
        }
        let shown = text[start...]
        c.put(0, y, prompt, .role(.accent, bold: true))
        let used = c.put(prompt.count, y, String(shown), .plain)
        c.put(prompt.count + used, y, "_", .role(.accent, bold: true, reverse: true))
    } else {
        c.put(0, y, prompt + text, .role(.muted, dim: true), maxWidth: c.width)
        let tag = "[timeline keys: Esc or i to type]"
        if c.width - tag.count - 1 > prompt.count + text.count {
            c.put(c.width - tag.count - 1, y, tag, .role(.muted, dim: true))
        }
    }
}

/// The screen before the scenario can run: what to type, and what has been typed.
private func renderIdle(_ m: ReplModel, _ app: AppState, width: Int, height: Int, _ o: RenderOptions) -> Canvas {
    // The viewer's own screen for an empty run gives the status line, the bottom line and the panes.
    var c = render(app, Timeline(Trace(title: "asyncviz REPL")), width: width, height: height, options: o)
    let status = m.idleReason.map { "not running yet: \($0)" } ?? "empty scenario"
    c.fill(0, 0, width, 1, Cell(char: " ", style: .role(.status, reverse: true)))
    c.put(1, 0, "asyncviz REPL", .role(.status, bold: true, reverse: true))
    c.put(max(15, width - status.count - 1), 0, status, .role(.status, reverse: true), maxWidth: width)
    let hint = [
        "Type a scenario line by line: the timeline appears once it has a `main:`",
        "block. A line ending in `:` opens a block: type its indented lines, then",
        "an empty line. Define functions before `main:` uses them. For example:",
        "",
        "    def fetch(url, delay):",
        "        sleep delay",
        "        return url",
        "",
        "    main:",
        "        gather fetch(\"/a\", 1), fetch(\"/b\", 2)",
    ]
    let body = height - 2
    c.fill(0, 1, width, body, Cell())
    let lines = m.sourceLines
    // The typed lines (Source pane) take the lower part once there are any; the hint what is left.
    let paneH = lines.isEmpty ? 0 : min(max(3, body - 3), max(min(body / 2, 8), lines.count + 1))
    let hintRows = min(hint.count, body - paneH - (paneH > 0 ? 1 : 0))
    for (k, l) in hint.prefix(max(0, hintRows)).enumerated() {
        c.put(1, 1 + k, l, k < 3 ? .plain : .role(.accent), maxWidth: width - 2)
    }
    if paneH > 0 {
        var a = app
        a.pane = .source
        var po = o
        if po.sourceFocus == nil { po.sourceFocus = lines.count - 1 }
        drawPane(&c, a, Timeline(Trace()), x: 0, y: 1 + body - paneH, w: width, h: paneH, po)
    }
    return c
}

extension Canvas {
    /// A copy of the given size (cells beyond the old edges are blank).
    func resized(_ w: Int, _ h: Int) -> Canvas {
        var c = Canvas(width: w, height: h)
        c.blit(self)
        return c
    }
}
