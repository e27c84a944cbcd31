/// The text export (`--export text`): the Gantt picture of the async/await tutorials.
///
/// ```
/// asyncio.gather: the total is the longest wait, not the sum             end 3.000 s
///              0s        1s        2s        3s
/// main         ▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓  3.000 s  ['Data from /a', ...]
/// fetch#1      ░░░░░░░░░░                      1.000 s  'Data from /a'
/// ```
///
/// Layout, top to bottom: the title with the end time right-aligned; the notes, wrapped; a ruler;
/// one row per task in tree order (children under their parent, indented two spaces per level; a
/// hidden main is left out), then one row per `to_thread` worker that was ever busy; the legend;
/// a summary (how the run stopped, and why when it did not finish); the warnings.
///
/// Each column is a time bucket of a 1-2-5 size (1 ms, 2 ms, 5 ms, 10 ms, …) chosen so the chart
/// fits the width; the ruler's ticks fall on whole columns. A cell shows the state that takes
/// most of the bucket; a tie goes to running > ready > blocked > offloaded > sleeping. A stretch of
/// running or ready time too short to win any bucket still shows, in the bucket where most of it
/// falls, so a short `cpu` (the blocking-call pitfall) or a moment of waiting behind one never
/// vanishes. A bucket where the task exists only for an instant (zero-length spans) shows the
/// instant marker. Cells before a task's creation and after its end are blank.
///
/// Glyphs: `█` running, `▒` ready, `░` sleeping, `▓` blocked, `≡` offloaded, `·` instant;
/// with `ascii`: `#` running, `+` ready, `-` sleeping, `=` blocked, `~` offloaded, `.` instant.
///
/// With `at`, the picture stops at that time: later cells are blank, tasks created later have no
/// row yet, the ruler shows a cursor (`▼`, ASCII `|`) at T, and the last column shows each task's
/// state at T ("the state after the last event at a time ≤ T", SPEC §3); the outcome column says
/// what a live task is doing at T. The layout (columns, ruler) is that of the whole run, so
/// pictures at different T line up.
public enum TextExport {
    public struct Options: Sendable, Hashable {
        /// Total width in columns; clamped to at least `TextExport.minimumWidth`.
        public var width: Int
        /// 7-bit output only: ASCII glyphs, and non-ASCII scenario text escaped.
        public var ascii: Bool
        /// Draw the run up to this time only.
        public var at: Micros?
        public init(width: Int = 80, ascii: Bool = false, at: Micros? = nil) {
            self.width = width; self.ascii = ascii; self.at = at
        }
    }

    public static let minimumWidth = 40

    struct Glyphs {
        var states: [Character]  // indexed by TaskState.rawValue
        var instant: Character
        var cursor: Character
        var ellipsis: String
        func glyph(_ s: TaskState) -> Character { states[Int(s.rawValue)] }

        static let unicode = Glyphs(states: ["█", "▒", "░", "▓", "≡"], instant: "·", cursor: "▼", ellipsis: "…")
        static let ascii = Glyphs(states: ["#", "+", "-", "=", "~"], instant: ".", cursor: "|", ellipsis: "...")
    }

    /// A tie between states in one bucket goes to the first of these.
    static let tiePriority: [TaskState] = [.running, .ready, .blocked, .offloaded, .sleeping]

    /// One cell of a row.
    enum Cell: Equatable {
        case blank, instant
        case state(TaskState)
    }

    /// The time grid shared by every row.
    struct Grid {
        var bucket: Micros
        var columns: Int
        /// Cells are drawn for times < `limit` (the run's end, or T).
        var limit: Micros
        /// With `at`: the column that holds T (it shows the state at T when its clipped part is empty).
        var at: Micros?
    }

    public static func render(_ trace: Trace, options: Options = Options()) -> String {
        let width = max(minimumWidth, options.width)
        let ascii = options.ascii
        let g = ascii ? Glyphs.ascii : Glyphs.unicode
        let at = options.at.map { min(max($0, 0), trace.end) }
        let spansByTask = trace.spansByTask
        let fmt = { (us: Micros) in TimeFormat.time(us, runEnd: trace.end, ascii: ascii) }
        let names = trace.taskNames
        var lines: [String] = []

        // Rows: visible tasks in tree order, then the workers that were ever busy.
        let visible = trace.visibleTasksInTreeOrder
        let baseDepth = visible.map(\.depth).min() ?? 0
        struct Row { var label: String; var task: TraceTask?; var worker: WorkerRow? }
        var rows: [Row] = visible.map { t in
            let indent = String(repeating: "  ", count: min(max(0, t.depth - baseDepth), 6))
            return Row(label: indent + TextCells.clean(t.name, ascii: ascii), task: t, worker: nil)
        }
        for w in trace.workers where !w.busy.isEmpty {
            rows.append(Row(label: "worker \(w.id)", task: nil, worker: w))
        }

        // Column widths.
        let longest = rows.map { TextCells.width($0.label) }.max() ?? 0
        let nameWidth = min(max(longest, 12), max(10, width / 4))
        let nameCol = nameWidth + 1
        let timeTexts: [String] = rows.map { row in
            guard let t = row.task, let f = t.finished, at.map({ f <= $0 }) ?? true else { return "" }
            return fmt(f)
        }
        let timeWidth = max(timeTexts.map { TextCells.width($0) }.max() ?? 0, TextCells.width(fmt(trace.end)))
        let minOutcome = width >= 60 ? 14 : 8
        let chartRoom = max(10, width - nameCol - 2 - timeWidth - 2 - minOutcome)
        let bucket = trace.end > 0 ? TimeFormat.niceStep(covering: trace.end, count: chartRoom) : 1
        let columns = max(1, Int((trace.end + bucket - 1) / bucket))
        let grid = Grid(bucket: bucket, columns: columns, limit: at ?? trace.end, at: at)

        // Title line.
        let right = at.map { "t = \(fmt($0)) / \(fmt(trace.end))" }
            ?? "end \(fmt(trace.end))"
        let title = TextCells.truncate(TextCells.clean(trace.title, ascii: ascii), to: width - TextCells.width(right) - 2, ellipsis: g.ellipsis)
        lines.append(title + String(repeating: " ", count: width - TextCells.width(title) - TextCells.width(right)) + right)
        for note in trace.notes {
            lines += TextCells.wrap(TextCells.clean(note, ascii: ascii), to: width, indent: "  ")
        }

        // Ruler.
        lines.append(ruler(grid: grid, nameCol: nameCol, width: width, glyphs: g, ascii: ascii))

        // Rows.
        var usedInstant = false
        for (i, row) in rows.enumerated() {
            var cellsRow: [Cell]
            var outcome: String
            if let t = row.task {
                if let at, t.created > at { continue }
                cellsRow = cells(spans: spansByTask[t.id] ?? [], grid: grid, finished: t.finished)
                outcome = outcomeText(t, spans: spansByTask[t.id] ?? [], at: at, ascii: ascii)
            } else if let w = row.worker {
                let busy = w.busy.map { Span(task: $0.task, state: .offloaded, start: $0.start, end: $0.end, startSeq: 0, endSeq: 0, on: "", line: 0) }
                cellsRow = cells(spans: busy, grid: grid)
                let shown = w.busy.filter { job in at.map { job.start <= $0 } ?? true }
                let total = shown.reduce(Micros(0)) { $0 + min($1.end, grid.limit) - $1.start }
                let jobs = shown.map { names[$0.task].map { TextCells.clean($0, ascii: ascii) } ?? "task \($0.task)" }
                outcome = shown.isEmpty ? "" : "busy \(TimeFormat.compact(total, ascii: ascii)): " + jobs.joined(separator: ", ")
            } else { continue }
            if cellsRow.contains(.instant) { usedInstant = true }
            var line = TextCells.padRight(TextCells.truncateName(row.label, to: nameWidth, ellipsis: g.ellipsis), to: nameCol)
            for c in cellsRow {
                switch c {
                case .blank: line.append(" ")
                case .instant: line.append(g.instant)
                case .state(let s): line.append(g.glyph(s))
                }
            }
            line += "  " + TextCells.padLeft(timeTexts[i], to: timeWidth) + "  "
            let room = width - TextCells.width(line)
            line += row.task != nil && row.task?.outcome == .result && (at == nil || (row.task?.finished ?? .max) <= at!)
                ? TextCells.shortenRepr(outcome, to: room, ellipsis: g.ellipsis)
                : TextCells.truncate(outcome, to: room, ellipsis: g.ellipsis)
            lines.append(trimTrailing(line))
        }

        // Legend.
        var legend = TaskState.allCases.map { "\(g.glyph($0)) \($0.name)" }
        if usedInstant { legend.append("\(g.instant) instant") }
        lines += packed(legend, width: width)

        // Summary and how the run stopped.
        lines += summary(trace, visible: visible, spansByTask: spansByTask, at: at, width: width, ascii: ascii)

        // Warnings.
        let warnings = trace.warnings.filter { w in at.map { w.time <= $0 } ?? true }
        for w in warnings {
            let who = names[w.task].map { TextCells.clean($0, ascii: ascii) } ?? "task \(w.task)"
            let place = w.line > 0 ? "\(who), line \(w.line)" : who
            let text = "warning at \(fmt(w.time)) (\(place)): \(TextCells.clean(w.text, ascii: ascii))"
            lines += TextCells.wrap(text, to: width, indent: "    ")
        }

        return lines.map(trimTrailing).joined(separator: "\n") + "\n"
    }

    static func trimTrailing(_ s: String) -> String {
        var s = s
        while s.last == " " { s.removeLast() }
        return s
    }

    /// Items joined by two spaces, as many per line as fit.
    static func packed(_ items: [String], width: Int) -> [String] {
        var out: [String] = []
        var line = ""
        for item in items {
            if line.isEmpty { line = item; continue }
            if TextCells.width(line) + 2 + TextCells.width(item) <= width { line += "  " + item } else { out.append(line); line = item }
        }
        if !line.isEmpty { out.append(line) }
        return out
    }

    // MARK: - Ruler

    static func ruler(grid: Grid, nameCol: Int, width: Int, glyphs: Glyphs, ascii: Bool) -> String {
        let step = tickStep(grid: grid, ascii: ascii)
        var chars = [Character](repeating: " ", count: width)
        let cursorCol = grid.at.map { nameCol + min(Int($0 / grid.bucket), grid.columns) }
        var nextFree = 0
        var t: Micros = 0
        while t <= Micros(grid.columns) * grid.bucket {
            let label = Array(TimeFormat.tickLabel(t, step: step, ascii: ascii))
            let col = nameCol + Int(t / grid.bucket)
            let endCol = col + label.count
            let hitsCursor = cursorCol.map { $0 >= col && $0 < endCol } ?? false
            if col >= nextFree && endCol <= width && !hitsCursor {
                for (k, c) in label.enumerated() { chars[col + k] = c }
                nextFree = endCol + 1
            }
            t += step
        }
        if let c = cursorCol, c < width { chars[c] = glyphs.cursor }
        return trimTrailing(String(chars))
    }

    /// The smallest 1-2-5 step, a whole number of columns, whose labels leave room between them.
    static func tickStep(grid: Grid, ascii: Bool) -> Micros {
        let span = Micros(grid.columns) * grid.bucket
        if span <= 1 { return 1_000_000 }  // a run that took no time: just `0s`
        for s in TimeFormat.niceSteps() where s >= grid.bucket && s % grid.bucket == 0 {
            let cols = Int(s / grid.bucket)
            let last = span / s * s
            let labelWidth = max(TimeFormat.tickLabel(last, step: s, ascii: ascii).count,
                                 TimeFormat.tickLabel(s, step: s, ascii: ascii).count)
            if cols >= max(labelWidth + 2, 5) { return s }
            // Narrow: as long as the labels do not touch, two ticks beat one.
            if cols >= labelWidth + 1 && s * 2 > span && s <= span { return s }
        }
        return max(grid.bucket, span)
    }

    // MARK: - Cells

    /// The cells of one row from its spans (positive-length spans give states, zero-length ones
    /// instants), following the rules in the type's documentation.
    static func cells(spans: [Span], grid: Grid, finished: Micros? = nil) -> [Cell] {
        let n = grid.columns
        let b = grid.bucket
        let limit = grid.limit
        // Columns drawn: all of them; with `at`, those up to the column holding T.
        let drawn = grid.at.map { min(n, Int($0 / b) + 1) } ?? n
        let stateCount = TaskState.allCases.count
        var time = [Micros](repeating: 0, count: n * stateCount)
        var instants: [Micros] = []
        for s in spans {
            let lo = s.start, hi = min(s.end, limit)
            if s.end <= s.start || hi <= lo {
                // An instant (or a span that starts exactly at T).
                if s.start <= limit { instants.append(s.start) }
                continue
            }
            var c = Int(lo / b)
            while c < n, Micros(c) * b < hi {
                let overlap = min(hi, Micros(c + 1) * b) - max(lo, Micros(c) * b)
                if overlap > 0 { time[c * stateCount + Int(s.state.rawValue)] += overlap }
                c += 1
            }
        }
        var out = [Cell](repeating: .blank, count: n)
        for c in 0..<drawn {
            var best: TaskState? = nil
            var bestTime: Micros = 0
            for st in tiePriority {
                let v = time[c * stateCount + Int(st.rawValue)]
                if v > bestTime { best = st; bestTime = v }
            }
            if let best { out[c] = .state(best) }
        }
        // An instant on a bucket boundary belongs to the bucket before it as much as to the one
        // after: it needs a marker only if both are empty.
        for t in instants {
            let c = min(n - 1, Int(t / b))
            guard c < drawn else { continue }
            let onBoundary = t % b == 0 && c > 0 && Micros(c) * b == t
            if out[c] != .blank || (onBoundary && out[c - 1] != .blank && out[c - 1] != .instant) { continue }
            out[c] = .instant
        }
        // Short running / ready stretches stay visible (running last, so it wins).
        for st in [TaskState.ready, .running] {
            for s in spans where s.state == st && s.end > s.start {
                let hi = min(s.end, limit)
                guard hi > s.start else { continue }
                let first = Int(s.start / b), last = min(drawn - 1, Int((hi - 1) / b))
                guard first <= last else { continue }
                if (first...last).contains(where: { out[$0] == .state(st) }) { continue }
                var bestCol = first, bestOverlap: Micros = -1
                for c in first...last {
                    let overlap = min(hi, Micros(c + 1) * b) - max(s.start, Micros(c) * b)
                    if overlap > bestOverlap { bestOverlap = overlap; bestCol = c }
                }
                out[bestCol] = .state(st)
            }
        }
        // With `at`, the column holding T shows the state at T if nothing before T in it did.
        if let at = grid.at {
            let c = Int(at / b)
            if c < n, out[c] == .blank || out[c] == .instant, finished.map({ $0 > at }) ?? true,
               let s = state(at: at, spans: spans) {
                out[c] = .state(s.state)
            }
        }
        return out
    }

    /// The span a task is in at time `t`: the last span that started at or before `t`, if it has
    /// not ended before `t` (a task that finished at or before `t` has none).
    static func state(at t: Micros, spans: [Span]) -> Span? {
        var found: Span? = nil
        var later = false
        for s in spans {
            if s.start > t { later = true; continue }
            if let f = found, (f.start, f.startSeq) > (s.start, s.startSeq) { continue }
            found = s
        }
        guard let s = found else { return nil }
        // A span that ended at or before t is still the state at t only if nothing follows it
        // (a pending task at the end of the run).
        if s.end > t { return s }
        let isLast = !later && !spans.contains { ($0.start, $0.startSeq) > (s.start, s.startSeq) }
        return s.end == t && isLast ? s : nil
    }

    // MARK: - Outcome and summary

    static func outcomeText(_ t: TraceTask, spans: [Span], at: Micros?, ascii: Bool) -> String {
        if let at, (t.finished.map { $0 > at } ?? true) {
            guard let s = state(at: at, spans: spans) else { return "" }
            return describe(s, ascii: ascii)
        }
        switch t.outcome {
        case .result: return TextCells.clean(t.result ?? "None", ascii: ascii)
        case .exception: return TextCells.clean(t.error ?? "exception", ascii: ascii)
        case .cancelled: return "cancelled"
        case .pending:
            guard let last = spans.max(by: { ($0.start, $0.startSeq) < ($1.start, $1.startSeq) }) else { return "pending" }
            return "pending, " + describe(last, ascii: ascii)
        }
    }

    static func describe(_ s: Span, ascii: Bool) -> String {
        s.on.isEmpty ? s.state.name : "\(s.state.name) (\(TextCells.clean(s.on, ascii: ascii)))"
    }

    static func summary(_ trace: Trace, visible: [TraceTask], spansByTask: [Int: [Span]], at: Micros?, width: Int, ascii: Bool) -> [String] {
        let n = visible.count
        let tasksWord = n == 1 ? "1 task" : "\(n) tasks"
        var out: [String] = []
        if let at, at < trace.end {
            let started = visible.filter { $0.created <= at }.count
            let fmt = { (us: Micros) in TimeFormat.time(us, runEnd: trace.end, ascii: ascii) }
            out.append("t = \(fmt(at)) of \(fmt(trace.end)): \(started) of \(tasksWord) started")
            return out.flatMap { TextCells.wrap($0, to: width, indent: "  ") }
        }
        let endText = TimeFormat.compact(trace.end, ascii: ascii)
        var waits: Micros = 0
        for t in visible {
            for s in spansByTask[t.id] ?? [] where s.state == .sleeping || s.state == .offloaded { waits += s.end - s.start }
        }
        var head = "\(tasksWord), \(endText)"
        if trace.stop == .finished && !trace.truncated && waits > trace.end {
            head += " (the waits add up to \(TimeFormat.compact(waits, ascii: ascii)))"
        }
        out.append(head)
        let detail = trace.stopDetail.map { TextCells.clean($0, ascii: ascii) }
        switch trace.stop {
        case .finished:
            if trace.truncated { out.append("TRUNCATED at \(endText): the run did not finish") }
            else if detail != nil { out.append("the scenario stopped before main started:") }
        case .horizon:
            out.append("TRUNCATED at the horizon, \(endText): the run did not finish")
        case .deadlock:
            out.append("DEADLOCK at \(endText): no task can ever run again")
        case .neverYields:
            out.append("STOPPED at \(endText): the event loop would never get past this instant")
        case .mainRaised:
            // Where: the line of main's last `raise` event (SPEC §2.4: the exception with its line).
            let root = trace.tasks.first?.id ?? 1
            let raise = trace.events.lastIndex { $0.task == root && $0.kind == .raise }
            let line = raise.map { trace.events[$0].line } ?? 0
            out.append("main raised an exception at \(endText)" + (line > 0 ? " (line \(line))" : ""))
        }
        var lines = out.flatMap { TextCells.wrap($0, to: width, indent: "  ") }
        if let detail {
            for part in detail.split(separator: "\\n", omittingEmptySubsequences: true) {
                lines += TextCells.wrap("  " + part, to: width, indent: "    ")
            }
        }
        return lines
    }
}
