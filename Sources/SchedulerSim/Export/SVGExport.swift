/// The SVG export (`--export svg`): a picture for slides. Title and end time, notes, a ruler with
/// labelled 1-2-5 ticks and grid lines, one row per visible task in tree order (name, one
/// coloured rectangle per span with a `<title>` tooltip giving state, what it waits on, times
/// and line; end time and outcome after the bars), worker rows, a legend and the run's summary.
/// Self-contained (no fonts, scripts or links), valid XML, scenario text escaped.
public enum SVGExport {
    public struct Options: Sendable, Hashable {
        /// Width of the picture in px.
        public var width: Int
        public init(width: Int = 1000) { self.width = width }
    }

    static let colors: [TaskState: String] = [
        .running: "#d62728", .ready: "#ff9f1c", .sleeping: "#9ecae1", .blocked: "#756bb1", .offloaded: "#31a354",
    ]

    public static func render(_ trace: Trace, options: Options = Options()) -> String {
        let width = Double(max(400, options.width))
        let charW = 7.8
        let margin = 16.0
        let rowH = 24.0, barH = 16.0
        let fmt = { (us: Micros) in TimeFormat.time(us, runEnd: trace.end) }
        let visible = trace.visibleTasksInTreeOrder
        let baseDepth = visible.map(\.depth).min() ?? 0
        let spansByTask = trace.spansByTask
        let names = trace.taskNames
        struct Row { var label: String; var task: TraceTask?; var worker: WorkerRow? }
        var rows = visible.map { t in
            Row(label: String(repeating: "  ", count: min(6, max(0, t.depth - baseDepth))) + clean(t.name, max: 28), task: t, worker: nil)
        }
        for w in trace.workers where !w.busy.isEmpty { rows.append(Row(label: "worker \(w.id)", task: nil, worker: w)) }

        let longest = Double(rows.map { $0.label.count }.max() ?? 4)
        let x0 = margin + longest * charW + 12
        let outcomeW = min(300.0, width * 0.28)
        let chartW = max(100, width - x0 - outcomeW - margin)
        let end = max(trace.end, 1)
        func x(_ us: Micros) -> Double { x0 + Double(us) * chartW / Double(end) }

        var body = ""
        var y = 28.0
        let right = "end \(fmt(trace.end))"
        body += text(margin, y, clean(trace.title, max: Int((width - 2 * margin) / 10.5) - right.count - 2), attrs: "font-size=\"18\" font-weight=\"bold\"")
        body += text(width - margin, y, right, attrs: "font-size=\"14\" text-anchor=\"end\"")
        for note in trace.notes {
            y += 18
            body += text(margin, y, clean(note, max: Int((width - 2 * margin) / charW)), attrs: "fill=\"#555\"")
        }

        // Ruler.
        y += 30
        let rulerY = y
        let step = TimeFormat.niceStep(covering: trace.end, count: max(2, Int(chartW / 70)))
        let rowsTop = rulerY + 8
        let rowsBottom = rowsTop + Double(rows.count) * rowH
        var tick: Micros = 0
        while tick <= trace.end {
            body += "<line x1=\"\(px(x(tick)))\" y1=\"\(px(rulerY + 4))\" x2=\"\(px(x(tick)))\" y2=\"\(px(rowsBottom))\" stroke=\"#ddd\"/>\n"
            body += text(x(tick), rulerY, TimeFormat.tickLabel(tick, step: step), attrs: "fill=\"#555\" text-anchor=\"middle\"")
            tick += step
            if trace.end == 0 { break }
        }

        // Rows.
        for (i, row) in rows.enumerated() {
            let top = rowsTop + Double(i) * rowH
            let barY = top + (rowH - barH) / 2
            let baseline = top + rowH / 2 + 4.5
            body += text(margin, baseline, row.label, attrs: "xml:space=\"preserve\"")
            var tail = ""
            if let t = row.task {
                let spans = spansByTask[t.id] ?? []
                let hasWidth = spans.contains { $0.end > $0.start }
                for s in spans where s.end > s.start || !hasWidth {
                    let x1 = x(s.start)
                    var w = x(s.end) - x1
                    // Zero-length and very short running/ready spans stay visible.
                    if s.end == s.start { w = 2 } else if s.state == .running || s.state == .ready { w = max(w, 1.5) }
                    let tip = "\(clean(t.name, max: 60)): \(s.state.name) \(fmt(s.start)) to \(fmt(s.end))"
                        + (s.on.isEmpty ? "" : " (\(clean(s.on, max: 60)))") + (s.line > 0 ? ", line \(s.line)" : "")
                    body += "<rect x=\"\(px(x1))\" y=\"\(px(barY))\" width=\"\(px(w))\" height=\"\(px(barH))\" fill=\"\(colors[s.state]!)\"><title>\(tip)</title></rect>\n"
                }
                let outcome: String
                switch t.outcome {
                case .result: outcome = t.result ?? "None"
                case .exception: outcome = t.error ?? "exception"
                case .cancelled: outcome = "cancelled"
                case .pending: outcome = "pending"
                }
                tail = (t.finished.map { fmt($0) + "  " } ?? "") + outcome
            } else if let w = row.worker {
                for job in w.busy {
                    let who = clean(names[job.task] ?? "task \(job.task)", max: 60)
                    body += "<rect x=\"\(px(x(job.start)))\" y=\"\(px(barY))\" width=\"\(px(max(2, x(job.end) - x(job.start))))\" height=\"\(px(barH))\" fill=\"\(colors[.offloaded]!)\" fill-opacity=\"0.6\"><title>worker \(w.id): \(who) \(fmt(job.start)) to \(fmt(job.end))</title></rect>\n"
                }
                tail = "busy \(TimeFormat.compact(w.busy.reduce(0) { $0 + $1.end - $1.start }))"
            }
            body += text(x0 + chartW + 10, baseline, clean(tail, max: Int((width - x0 - chartW - 10 - margin) / charW)), attrs: "")
        }

        // Legend and summary.
        y = rowsBottom + 28
        var lx = margin
        for st in TaskState.allCases {
            body += "<rect x=\"\(px(lx))\" y=\"\(px(y - 11))\" width=\"14\" height=\"14\" fill=\"\(colors[st]!)\"/>\n"
            body += text(lx + 20, y, st.name, attrs: "")
            lx += 20 + Double(st.name.count) * charW + 18
        }
        y += 24
        var summary = "\(visible.count == 1 ? "1 task" : "\(visible.count) tasks"), end \(fmt(trace.end))"
        switch trace.stop {
        case .finished: if trace.truncated { summary += ", truncated" }
        case .horizon: summary += ", truncated at the horizon"
        case .deadlock: summary += ", DEADLOCK"
        case .neverYields: summary += ", stopped: a task never yields"
        case .mainRaised: summary += ", main raised"
        }
        if let d = trace.stopDetail, trace.stop != .finished { summary += ": " + d }
        body += text(margin, y, clean(summary, max: Int((width - 2 * margin) / charW)), attrs: "")
        for w in trace.warnings {
            y += 18
            let line = "warning at \(fmt(w.time)) (\(names[w.task] ?? "task \(w.task)")\(w.line > 0 ? ", line \(w.line)" : "")): \(w.text)"
            body += text(margin, y, clean(line, max: Int((width - 2 * margin) / charW)), attrs: "fill=\"#b35900\"")
        }
        let height = y + 16

        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(px(width))\" height=\"\(px(height))\" viewBox=\"0 0 \(px(width)) \(px(height))\" font-family=\"DejaVu Sans Mono, Menlo, Consolas, monospace\" font-size=\"13\">\n"
        out += "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n"
        out += body
        out += "</svg>\n"
        return out
    }

    static func text(_ x: Double, _ y: Double, _ s: String, attrs: String) -> String {
        "<text x=\"\(px(x))\" y=\"\(px(y))\"\(attrs.isEmpty ? "" : " " + attrs)>\(s)</text>\n"
    }

    /// Scenario text made safe for XML: control characters escaped, cut to `max` characters,
    /// then `& < > " '` as entities.
    static func clean(_ s: String, max: Int) -> String {
        xmlEscape(TextCells.truncate(TextEscaping.escapeControls(s), to: Swift.max(1, max), ellipsis: "…"))
    }

    static func xmlEscape(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(c)
            }
        }
        return out
    }

    /// A coordinate rounded to 0.1 px, printed without float noise.
    static func px(_ v: Double) -> String {
        let tenths = Int64((v * 10).rounded())
        let sign = tenths < 0 ? "-" : ""
        let m = tenths.magnitude
        return m % 10 == 0 ? "\(sign)\(m / 10)" : "\(sign)\(m / 10).\(m % 10)"
    }
}
