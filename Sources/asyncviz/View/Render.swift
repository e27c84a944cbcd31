import SchedulerSim

/// Pure: the whole screen for a state, a timeline and a size.
func render(_ state: AppState, _ tl: Timeline, width: Int, height: Int, options: RenderOptions = RenderOptions()) -> Canvas {
    var c = Canvas(width: width, height: height)
    guard width >= RenderOptions.minWidth, height >= RenderOptions.minHeight else {
        drawTooSmall(&c)
        return c
    }
    let g = options.glyphs
    drawStatus(&c, state, tl, g)
    drawBottom(&c, state, options)

    let bodyTop = 1
    let bodyRows = height - 2
    let wide = width >= 110
    // Unfiltered, the timeline's own rows and widest label; filtered, the matching rows are
    // listed by index (only the rows in view are copied out).
    let rows = state.filter.isEmpty ? nil : state.visibleRowIndices(tl)
    let rowCount = rows?.count ?? tl.rows.count
    if wide {
        let pw = max(50, width * 2 / 5)
        let tw = width - pw - 1
        drawTimeline(&c, state, tl, x: 0, y: bodyTop, w: tw, h: bodyRows, rows: rows, g)
        for y in bodyTop..<(bodyTop + bodyRows) { c.put(tw, y, String(g.vline), .role(.muted)) }
        drawPane(&c, state, tl, x: tw + 1, y: bodyTop, w: pw, h: bodyRows, options)
    } else {
        let minPane = min(8, bodyRows / 2)
        let taskRows = max(1, min(rowCount, bodyRows - 2 - minPane))
        let th = taskRows + 2
        drawTimeline(&c, state, tl, x: 0, y: bodyTop, w: width, h: th, rows: rows, g)
        drawPane(&c, state, tl, x: 0, y: bodyTop + th, w: width, h: bodyRows - th, options)
    }
    if state.help { drawHelp(&c, g) }
    return c
}

private func drawTooSmall(_ c: inout Canvas) {
    let lines = ["terminal too small", "need \(RenderOptions.minWidth)x\(RenderOptions.minHeight)",
                 "have \(c.width)x\(c.height)", "q quits"]
    let top = max(0, (c.height - lines.count) / 2)
    for (i, l) in lines.enumerated() {
        c.put(max(0, (c.width - l.count) / 2), top + i, l, i == 0 ? .role(.warning, bold: true) : .plain)
    }
}

private func drawStatus(_ c: inout Canvas, _ s: AppState, _ tl: Timeline, _ g: Glyphs) {
    let style = CellStyle.role(.status, reverse: true)
    c.fill(0, 0, c.width, 1, Cell(char: " ", style: style))
    let n = tl.eventCount
    let play = s.playing ? "\(g.play) \(Format.speed(s.speed))" : "\(g.pause) \(Format.speed(s.speed))"
    let now = Format.seconds(tl.time(at: s.cursor)), end = Format.seconds(tl.trace.end)
    let event = "\(n == 0 ? 0 : s.cursor + 1)/\(n)"
    let preview = s.preview ? "  preview" : ""
    // The full form, or shorter ones on a narrow terminal (the play state and speed were cut off).
    let forms = ["t = \(now) s / \(end) s  event \(event)  \(play)\(preview) ",
                 "t = \(now) s / \(end) s  \(event)  \(play)\(preview) ",
                 "\(now) s  \(event)  \(play)\(preview) "]
    let right = forms.first { $0.count <= c.width - 1 } ?? forms[forms.count - 1]
    let title = Format.esc(tl.trace.title.isEmpty ? "asyncviz" : tl.trace.title)
    let room = c.width - right.count - 3
    var shown = title
    // In terminal columns: a CJK or emoji title is twice as wide as it is long.
    if TextFit.width(shown) > room { shown = room > 1 ? TextFit.truncate(title, to: room, ellipsis: String(g.ellipsis)) : "" }
    c.put(1, 0, shown, .role(.status, bold: true, reverse: true))
    c.put(max(0, c.width - right.count), 0, right, style)
}

private func drawBottom(_ c: inout Canvas, _ s: AppState, _ o: RenderOptions) {
    let y = c.height - 1
    switch s.prompt {
    case .command(let t):
        c.put(0, y, ":" + Format.esc(t) + "_", .role(.accent, bold: true))
    case .filter(let t):
        c.put(0, y, "filter /" + Format.esc(t) + "_", .role(.accent, bold: true))
    case nil:
        if let m = s.message {
            c.put(0, y, Format.esc(m), .role(.warning, bold: true))
        } else {
            c.put(0, y, o.keyHint ?? "? help  q quit  space/b step  [ ] instant  p play  +/- speed  Tab pane  : cmd",
                  .role(.muted, dim: true))
        }
    }
}

// MARK: timeline

private func drawTimeline(_ c: inout Canvas, _ s: AppState, _ tl: Timeline, x: Int, y: Int, w: Int, h: Int,
                          rows: [Int]?, _ g: Glyphs) {
    guard h >= 3, w >= 10 else { return }
    // `rows`: indices into `tl.rows` of the rows that pass the filter, nil for all of them.
    // A marker column, the indented name, a space.
    let rowCount = rows?.count ?? tl.rows.count
    let maxName = rowCount == 0 ? 4 : rows.map { $0.map(tl.rowWidth).max() ?? 4 } ?? tl.maxRowWidth
    let nw = min(max(maxName + 2, 6), max(6, min(21, w / 3)))
    let bx = x + nw
    let bw = max(1, w - nw - 1)
    // At least a microsecond per column: with fewer microseconds than columns (a run that ends
    // at 0, a deep zoom) every column covered the same microsecond and a zero-length span was
    // drawn across the whole row.
    let shown = s.window(tl)
    let win = (start: shown.start, width: max(shown.width, Micros(bw)))
    let cursorIndex = s.cursor
    let cursorTime = tl.time(at: cursorIndex)
    func colStart(_ col: Int) -> Micros { win.start + Micros(col) * win.width / Micros(bw) }
    func column(of t: Micros) -> Int { Int((t - win.start) * Micros(bw) / win.width) }
    let rawCursorCol = column(of: cursorTime)
    let cursorCol = min(max(0, rawCursorCol), bw - 1)
    let cursorVisible = rawCursorCol >= 0 && cursorTime <= win.start + win.width

    // Ruler.
    drawRuler(&c, y: y, bx: bx, bw: bw, start: win.start, width: win.width)
    if !s.filter.isEmpty { c.put(x, y, "/" + Format.esc(s.filter), .role(.accent), maxWidth: nw - 1) }

    // The columns drawn from the spans (not the cursor's, not the future in live mode): the same
    // for every row, and ordered by time, so each row reads its spans in one pass.
    let atLastEvent = cursorIndex >= tl.lastIndex && tl.trace.end > cursorTime
    var cols: [(col: Int, after: Bool)] = []
    var windows: [(from: Micros, to: Micros)] = []
    for col in 0..<bw {
        let from = colStart(col), to = max(colStart(col + 1), from + 1)
        // At the last event the whole run is drawn: a run cut by the horizon during a `cpu` ends
        // after its last event, and that part was never shown in live mode.
        let after = atLastEvent ? from >= tl.trace.end : from > cursorTime || (col > cursorCol && cursorVisible)
        if cursorVisible && col == cursorCol { continue }
        if after && !s.preview { continue }
        cols.append((col, after))
        windows.append((from, to))
    }

    // Rows: only those in view.
    let vr = h - 2
    let top = rowCount <= vr ? 0 : min(max(0, s.selectedRow - vr / 2), rowCount - vr)
    for k in 0..<max(0, min(vr, rowCount - top)) {
        let row = tl.rows[rows?[top + k] ?? top + k]
        let ry = y + 1 + k
        let ri = top + k
        let name = String(repeating: " ", count: 2 * row.depth) + Format.esc(row.name)
        let selected = ri == s.selectedRow
        var nameStyle = CellStyle.role(.normal, bold: selected, reverse: selected)
        if case .worker = row.kind { nameStyle.role = .offloaded }
        if selected { c.put(x, ry, String(g.play.first ?? ">"), .role(.accent, bold: true)) }
        let fitted = TextFit.width(name) > nw - 2 ? TextFit.name(name, to: nw - 2, ellipsis: String(g.ellipsis)) : name
        c.put(x + 1, ry, fitted, nameStyle, maxWidth: nw - 2)
        if cursorVisible {
            // The cursor column shows the exact state after the current event.
            var st: TaskState? = nil
            switch row.kind {
            case .task:
                if let id = row.taskID { st = viewSpan(ofTask: id, at: cursorIndex, tl)?.state }
            case .worker(let wi):
                st = tl.workerTask(wi, from: cursorTime, to: cursorTime + 1) != nil ? .offloaded : nil
            }
            if let st {
                c[bx + cursorCol, ry] = Cell(char: g.glyph(st), style: .role(Glyphs.role(st), bold: true))
            } else {
                c[bx + cursorCol, ry] = Cell(char: g.cursor, style: .role(.cursor, bold: true))
            }
        }
        let states: [TaskState?]
        switch row.kind {
        case .task:
            if let id = row.taskID { states = tl.dominantStates(ofTask: id, windows: windows) } else { states = [] }
        case .worker(let wi):
            states = windows.map { tl.workerTask(wi, from: $0.from, to: $0.to) != nil ? .offloaded : nil }
        }
        for (i, st) in states.enumerated() {
            if let st {
                c[bx + cols[i].col, ry] = Cell(char: g.glyph(st), style: .role(Glyphs.role(st), dim: cols[i].after))
            }
        }
    }
    if rowCount == 0 {
        c.put(x, y + 1, s.filter.isEmpty ? "(no tasks)" : "(no task matches the filter)", .role(.muted))
    }

    // Legend.
    let ly = y + h - 1
    var lx = x
    for st in TaskState.allCases {
        guard lx + st.name.count + 4 <= x + w else { break }
        c.put(lx, ly, String(g.glyph(st)), .role(Glyphs.role(st)))
        c.put(lx + 2, ly, st.name, .plain)
        lx += st.name.count + 4
    }
    var mode = s.preview ? "preview (L)" : "live (L)"
    if rowCount > vr {
        // Not every task fits: say how many are out of view (j/k scrolls).
        let more = "+\(rowCount - vr) more (j/k)"
        mode = lx + more.count + mode.count + 3 <= x + w ? more + "  " + mode : more
        if lx + mode.count + 1 > x + w { lx = x + w - mode.count - 1; c.fill(lx - 1, ly, mode.count + 1, 1, Cell()) }
    }
    if lx + mode.count <= x + w { c.put(x + w - mode.count - 1, ly, mode, .role(.muted, dim: true)) }
}

private func drawRuler(_ c: inout Canvas, y: Int, bx: Int, bw: Int, start: Micros, width: Micros) {
    // A 1-2-5 step giving a label every ~10 columns or more.
    let target = max(1, width * 10 / Micros(max(1, bw)))
    var step: Micros = 1
    outer: while true {
        for m: Micros in [1, 2, 5] where step * m >= target { step *= m; break outer }
        step *= 10
    }
    var t = (start + step - 1) / step * step
    var lastEnd = -1
    while t <= start + width {
        var col = Int((t - start) * Micros(bw) / width)
        let label = Format.tick(t)
        if col + label.count > bw + 1 { col = bw + 1 - label.count }
        if col > lastEnd {
            c.put(bx + col, y, label, .role(.muted))
            lastEnd = col + label.count
        }
        t += step
    }
}
