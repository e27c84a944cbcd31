/// The JSON export (`--export json`, SPEC §3). Keys in a fixed order; times in seconds with at
/// most 6 decimals; lists in the trace's order; one task / span / event per line.
///
/// Beyond SPEC §3 it also has, per task, `function` and `depth` (and `hidden: true` only for a
/// hidden main), per span `start_seq`/`end_seq`, per event `object` when there is one, and the
/// top-level `notes`, `stop_detail`, `resources` and `output`.
///
/// `render` writes bytes straight from the packed trace storage; `value` builds the same document as a `JSONValue`, and
/// `JSONWriter.document(value(t)) == render(t)` byte for byte (a test holds them together).
public enum JSONExport {
    public static func render(_ trace: Trace) -> String {
        JSONBytes.document(estimate: estimatedSize(trace)) { write(trace, into: &$0) }
    }

    /// The same bytes as `render`, handed to `sink` a chunk at a time: a million-sleep trace is
    /// ~900 MB of JSON, which need not all be in memory to go to a file or a pipe.
    public static func stream(_ trace: Trace, chunkSize: Int = 1 << 20, to sink: (UnsafeBufferPointer<UInt8>) -> Void) {
        JSONBytes.stream(chunkSize: chunkSize, to: sink) { write(trace, into: &$0) }
    }

    /// A little more than the export usually takes (W1: ~133 bytes a span, ~128 an event).
    static func estimatedSize(_ trace: Trace) -> Int {
        var n = 4096 + trace.tasks.count * 240 + trace.spans.count * 150 + trace.events.count * 150
        n += trace.output.reduce(0) { $0 + 64 + $1.text.utf8.count }
        n += trace.warnings.reduce(0) { $0 + 96 + $1.text.utf8.count }
        n += trace.events.texts.reduce(0) { $0 + $1.utf8.count }
        return n
    }

    static func write(_ trace: Trace, into w: inout JSONBytes) {
        w.raw("{\n  \"title\": ")
        w.string(trace.title)
        w.raw(",\n  \"notes\": [")
        for (i, n) in trace.notes.enumerated() {
            if i > 0 { w.raw(", ") }
            w.string(n)
        }
        w.raw("],\n  \"end\": ")
        w.seconds(trace.end)
        w.raw(",\n  \"truncated\": ")
        w.raw(trace.truncated ? "true" : "false")
        w.raw(",\n  \"stop\": ")
        w.string(trace.stop.rawValue)
        w.raw(",\n  \"stop_detail\": ")
        optional(&w, trace.stopDetail)

        w.raw(",\n  \"tasks\": ")
        let tasks = trace.tasks
        open(&w, tasks.count)
        for (i, t) in tasks.enumerated() {
            w.raw("    {\"id\": ")
            w.int(t.id)
            w.raw(", \"name\": ")
            w.string(t.name)
            w.raw(", \"parent\": ")
            if let p = t.parent { w.int(p) } else { w.raw("null") }
            w.raw(", \"function\": ")
            w.string(t.function)
            w.raw(", \"depth\": ")
            w.int(t.depth)
            w.raw(", \"created\": ")
            w.seconds(t.created)
            w.raw(", \"finished\": ")
            if let f = t.finished { w.seconds(f) } else { w.raw("null") }
            w.raw(", \"outcome\": ")
            w.string(t.outcome.rawValue)
            w.raw(", \"result\": ")
            optional(&w, t.result)
            w.raw(", \"error\": ")
            optional(&w, t.error)
            if t.hidden { w.raw(", \"hidden\": true") }
            w.byte(UInt8(ascii: "}"))
            next(&w, i, tasks.count)
        }
        close(&w, tasks.count)

        w.raw(",\n  \"workers\": ")
        open(&w, trace.workers.count)
        for (i, wr) in trace.workers.enumerated() {
            w.raw("    {\"id\": ")
            w.int(wr.id)
            w.raw(", \"busy\": [")
            for (j, b) in wr.busy.enumerated() {
                if j > 0 { w.raw(", ") }
                w.byte(UInt8(ascii: "["))
                w.seconds(b.start)
                w.raw(", ")
                w.seconds(b.end)
                w.raw(", ")
                w.int(b.task)
                w.byte(UInt8(ascii: "]"))
            }
            w.raw("]}")
            next(&w, i, trace.workers.count)
        }
        close(&w, trace.workers.count)

        w.raw(",\n  \"resources\": ")
        open(&w, trace.resources.count)
        for (i, r) in trace.resources.enumerated() {
            w.raw("    {\"kind\": ")
            w.string(r.kind.rawValue)
            w.raw(", \"name\": ")
            w.string(r.name)
            w.raw(", \"capacity\": ")
            w.int(r.capacity)
            w.byte(UInt8(ascii: "}"))
            next(&w, i, trace.resources.count)
        }
        close(&w, trace.resources.count)

        w.raw(",\n  \"spans\": ")
        spans(&w, trace.spans)
        w.raw(",\n  \"events\": ")
        events(&w, trace.events)

        w.raw(",\n  \"warnings\": ")
        open(&w, trace.warnings.count)
        for (i, x) in trace.warnings.enumerated() {
            w.raw("    {\"t\": ")
            w.seconds(x.time)
            w.raw(", \"seq\": ")
            w.int(x.seq)
            w.raw(", \"task\": ")
            w.int(x.task)
            w.raw(", \"line\": ")
            w.int(x.line)
            w.raw(", \"text\": ")
            w.string(x.text)
            w.byte(UInt8(ascii: "}"))
            next(&w, i, trace.warnings.count)
        }
        close(&w, trace.warnings.count)

        w.raw(",\n  \"output\": ")
        open(&w, trace.output.count)
        for (i, o) in trace.output.enumerated() {
            w.raw("    {\"t\": ")
            w.seconds(o.time)
            w.raw(", \"task\": ")
            w.int(o.task)
            w.raw(", \"text\": ")
            w.string(o.text)
            w.byte(UInt8(ascii: "}"))
            next(&w, i, trace.output.count)
        }
        close(&w, trace.output.count)
        w.raw("\n}\n")
    }

    /// A list of one-line items: `[]`, or `[` + items on their own lines + `  ]`.
    @inline(__always)
    static func open(_ w: inout JSONBytes, _ n: Int) { w.raw(n == 0 ? "[]" : "[\n") }

    @inline(__always)
    static func next(_ w: inout JSONBytes, _ i: Int, _ n: Int) { w.raw(i == n - 1 ? "\n" : ",\n") }

    @inline(__always)
    static func close(_ w: inout JSONBytes, _ n: Int) { if n > 0 { w.raw("  ]") } }

    static func optional(_ w: inout JSONBytes, _ s: String?) {
        if let s { w.string(s) } else { w.raw("null") }
    }

    /// The spans straight from the packed storage: a span ends where the next one of its task
    /// starts, the last where its task's last span ends (as `SpanList.span(_:_:)` makes them).
    static func spans(_ w: inout JSONBytes, _ list: SpanList) {
        let n = list.count
        open(&w, n)
        let labels = EscapedTable(list.labels)
        var i = 0
        for k in list.perTask.indices {
            let packed = list.perTask[k]
            let task = list.taskIDs[k]
            var hint = 0
            var start = packed.isEmpty ? 0 : list.start(of: packed[0], k, 0, hint: &hint)
            let gaps = !list.gapEnds.isEmpty
            for j in packed.indices {
                let p = packed[j]
                // Ends as `SpanList.end` makes them: the next span's start, or the task's last end.
                let end: Micros, endSeq: Int32
                if j + 1 < packed.count && !gaps {
                    end = list.start(of: packed[j + 1], k, j + 1, hint: &hint)
                    endSeq = packed[j + 1].startSeq
                } else {
                    (end, endSeq) = list.end(k, j, hint: &hint)
                }
                w.raw("    {\"task\": ")
                w.int(task)
                w.raw(stateText(p.state))
                w.seconds(start)
                w.raw(", \"end\": ")
                w.seconds(Swift.max(end, start))
                w.raw(", \"on\": \"")
                let (on, line) = list.onLine(of: p, k, j)
                labels.write(on, to: &w)
                w.raw("\", \"line\": ")
                w.int(line)
                w.raw(", \"start_seq\": ")
                w.int(Int(p.startSeq))
                w.raw(", \"end_seq\": ")
                w.int(Int(endSeq))
                w.raw(i == n - 1 ? "}\n" : "},\n")
                i += 1
                // Without gaps the next span starts where this one ends (as found just now).
                if j + 1 < packed.count { start = gaps ? list.start(k, j + 1, hint: &hint) : end }
            }
        }
        close(&w, n)
    }

    /// `, "state": "…", "start": ` for a state.
    static func stateText(_ s: TaskState) -> StaticString {
        switch s {
        case .running: ", \"state\": \"running\", \"start\": "
        case .ready: ", \"state\": \"ready\", \"start\": "
        case .sleeping: ", \"state\": \"sleeping\", \"start\": "
        case .blocked: ", \"state\": \"blocked\", \"start\": "
        case .offloaded: ", \"state\": \"offloaded\", \"start\": "
        }
    }

    /// `, "kind": "…"` for a kind.
    static func kindText(_ k: EventKind) -> StaticString {
        switch k {
        case .spawn: ", \"kind\": \"spawn\""
        case .run: ", \"kind\": \"run\""
        case .suspend: ", \"kind\": \"suspend\""
        case .wake: ", \"kind\": \"wake\""
        case .print: ", \"kind\": \"print\""
        case .acquire: ", \"kind\": \"acquire\""
        case .release: ", \"kind\": \"release\""
        case .put: ", \"kind\": \"put\""
        case .get: ", \"kind\": \"get\""
        case .taskDone: ", \"kind\": \"task_done\""
        case .join: ", \"kind\": \"join\""
        case .set: ", \"kind\": \"set\""
        case .clear: ", \"kind\": \"clear\""
        case .cancel: ", \"kind\": \"cancel\""
        case .timeout: ", \"kind\": \"timeout\""
        case .raise: ", \"kind\": \"raise\""
        case .offload: ", \"kind\": \"offload\""
        case .finish: ", \"kind\": \"finish\""
        case .warning: ", \"kind\": \"warning\""
        }
    }

    /// The events straight from the packed columns; sentences are written as `TraceEvent.text`
    /// makes them (`name starts`, `name resumes`, `name waits on object`) without building them.
    static func events(_ w: inout JSONBytes, _ list: EventList) {
        let n = list.count
        open(&w, n)
        let labels = EscapedTable(list.labels)
        let names = EscapedTable(list.names)
        let explicit = !list.explicitSeq.isEmpty
        // Times per instant and literal sentences by event index are both in event order: walk
        // them alongside instead of searching for each event.
        var instant = 0
        var literal = 0
        var arg = 0
        var escape = 0
        for i in 0..<n {
            while instant + 1 < list.instantFirst.count && Int(list.instantFirst[instant + 1]) <= i { instant += 1 }
            while literal < list.literalAt.count && Int(list.literalAt[literal]) < i { literal += 1 }
            while arg < list.argAt.count && Int(list.argAt[arg]) < i { arg += 1 }
            let r = list.rows[i]
            var f = r.fields
            if r.escaped {
                while escape < list.escapeAt.count && Int(list.escapeAt[escape]) < i { escape += 1 }
                f = escape < list.escapeAt.count && Int(list.escapeAt[escape]) == i ? list.escapes[escape] : EventFields(task: 0, object: -1, line: 0)
            }
            w.raw("    {\"seq\": ")
            w.int(explicit ? list.explicitSeq[i] : i + list.firstSeq)
            w.raw(", \"t\": ")
            w.seconds(list.instantTime.isEmpty ? 0 : list.instantTime[instant])
            w.raw(", \"task\": ")
            let t = Int(f.task)
            w.int(t)
            w.raw(kindText(r.kind))
            let o = Int(f.object)
            // The object: a label, a task by id ("task NAME"), or none.
            func writeObject() {
                if o >= 0 {
                    labels.write(o, to: &w)
                } else {
                    w.raw("task ")
                    writeName(-1 - o)
                }
            }
            func writeName(_ id: Int) {
                if id >= 1 && id <= names.count {
                    names.write(id - 1, to: &w)
                } else {
                    var name = "task \(id)"
                    name.withUTF8 { w.escaped($0) }
                }
            }
            if o != -1 {
                w.raw(", \"object\": \"")
                writeObject()
                w.raw("\", \"text\": ")
            } else {
                w.raw(", \"text\": ")
            }
            switch r.textKind {
            case .literal:
                let has = literal < list.literalAt.count && Int(list.literalAt[literal]) == i
                w.string(has ? list.texts[literal] : "")
            case .returns, .fails, .cancelled:
                // As `EventList.finishSentence` makes it.
                w.byte(UInt8(ascii: "\""))
                writeName(t)
                let known = t >= 1 && t <= list.tasks.count
                switch r.textKind {
                case .returns:
                    w.raw(" returns ")
                    var s = TraceRecorder.short(known ? list.tasks.result(at: t - 1) ?? "" : "")
                    s.withUTF8 { w.escaped($0) }
                case .fails:
                    w.raw(" fails: ")
                    var s = known ? list.tasks.error(at: t - 1) ?? "" : ""
                    s.withUTF8 { w.escaped($0) }
                default: w.raw(" is cancelled")
                }
                w.byte(UInt8(ascii: "\""))
            case .starts, .resumes, .waits, .wakes, .spawns:
                w.byte(UInt8(ascii: "\""))
                writeName(t)
                switch r.textKind {
                case .starts: w.raw(" starts")
                case .resumes: w.raw(" resumes")
                case .waits:
                    w.raw(" waits on ")
                    if o != -1 { writeObject() }
                case .wakes:
                    w.raw(" wakes: ")
                    if o != -1 { writeObject() }
                    w.raw(" is over")
                default:
                    w.raw(" spawned ")
                    if o <= -2 { writeName(-1 - o) } else if o >= 0 { labels.write(o, to: &w) }
                }
                w.byte(UInt8(ascii: "\""))
            case .acquires, .acquiresCounted, .releases, .woken, .wokenBySet, .waitsFull, .waitsFIFO:
                w.byte(UInt8(ascii: "\""))
                writeName(t)
                switch r.textKind {
                case .acquires, .acquiresCounted: w.raw(" acquires ")
                case .releases: w.raw(" releases ")
                case .woken, .wokenBySet: w.raw(" is woken: ")
                default: w.raw(" waits on ")
                }
                if o != -1 { writeObject() }
                switch r.textKind {
                case .acquiresCounted, .waitsFull:
                    let a = arg < list.argAt.count && Int(list.argAt[arg]) == i ? list.args[arg] : 0
                    w.raw(r.textKind == .waitsFull ? " (full: " : " (")
                    w.int(Int(a >> 8))
                    w.byte(UInt8(ascii: "/"))
                    w.int(Int(a & 0xFF))
                    w.raw(" held)")
                case .woken: w.raw(" is free for it")
                case .wokenBySet: w.raw(" is set")
                case .waitsFIFO: w.raw(" (FIFO: earlier waiters first)")
                default: break
                }
                w.byte(UInt8(ascii: "\""))
            }
            w.raw(", \"line\": ")
            w.int(Int(f.line))
            w.raw(i == n - 1 ? "}\n" : "},\n")
        }
        close(&w, n)
    }

    /// The document as a value, for callers that embed it.
    public static func value(_ trace: Trace) -> JSONValue {
        .object([
            ("title", .string(trace.title)),
            ("notes", .array(trace.notes.map { .string($0) })),
            ("end", .seconds(trace.end)),
            ("truncated", .bool(trace.truncated)),
            ("stop", .string(trace.stop.rawValue)),
            ("stop_detail", .optional(trace.stopDetail)),
            ("tasks", .array(trace.tasks.map(task))),
            ("workers", .array(trace.workers.map { w in
                .object([
                    ("id", .int(w.id)),
                    ("busy", .array(w.busy.map { .array([.seconds($0.start), .seconds($0.end), .int($0.task)]) })),
                ])
            })),
            ("resources", .array(trace.resources.map { r in
                .object([("kind", .string(r.kind.rawValue)), ("name", .string(r.name)), ("capacity", .int(r.capacity))])
            })),
            ("spans", .array(trace.spans.map { s in
                .object([
                    ("task", .int(s.task)), ("state", .string(s.state.name)),
                    ("start", .seconds(s.start)), ("end", .seconds(s.end)),
                    ("on", .string(s.on)), ("line", .int(s.line)),
                    ("start_seq", .int(s.startSeq)), ("end_seq", .int(s.endSeq)),
                ])
            })),
            ("events", .array(trace.events.map { e in
                var m: [(String, JSONValue)] = [("seq", .int(e.seq)), ("t", .seconds(e.time)), ("task", .int(e.task)), ("kind", .string(e.kind.rawValue))]
                if let o = e.object { m.append(("object", .string(o))) }
                m += [("text", .string(e.text)), ("line", .int(e.line))]
                return .object(m)
            })),
            ("warnings", .array(trace.warnings.map { w in
                .object([("t", .seconds(w.time)), ("seq", .int(w.seq)), ("task", .int(w.task)), ("line", .int(w.line)), ("text", .string(w.text))])
            })),
            ("output", .array(trace.output.map { o in
                .object([("t", .seconds(o.time)), ("task", .int(o.task)), ("text", .string(o.text))])
            })),
        ])
    }

    static func task(_ t: TraceTask) -> JSONValue {
        var m: [(String, JSONValue)] = [
            ("id", .int(t.id)), ("name", .string(t.name)), ("parent", t.parent.map { .int($0) } ?? .null),
            ("function", .string(t.function)), ("depth", .int(t.depth)),
            ("created", .seconds(t.created)), ("finished", t.finished.map { .seconds($0) } ?? .null),
            ("outcome", .string(t.outcome.rawValue)), ("result", .optional(t.result)), ("error", .optional(t.error)),
        ]
        if t.hidden { m.append(("hidden", .bool(true))) }
        return .object(m)
    }
}
