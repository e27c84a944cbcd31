/// The Chrome Trace Event Format export (`--export chrome`), for ui.perfetto.dev and
/// chrome://tracing: `{"traceEvents": [...], "displayTimeUnit": "ms"}` with `ts`/`dur` in µs.
///
/// - Process 1 is the run, named by the title (`M` `process_name`).
/// - One thread per visible task (tid = task id), named and ordered as the text export's rows
///   (`M` `thread_name`, `thread_sort_index`); one per `to_thread` worker (tid = 10000 + id,
///   named `worker N`, sorted after the tasks).
/// - One complete event (`X`, with `dur`) per state span, named by the state, `args` holding
///   `on` and `line`; a worker's busy intervals are `X` events named `to_thread` with the task.
/// - Instant events (`ph: "i"`, `s: "t"`) for prints (`print`) and warnings (`warning`).
/// - A flow (`ph: "s"` on the spawner's thread at the child's creation, `ph: "f"` with
///   `bp: "e"` on the child's thread at its first span, same `id`) for every spawned task whose
///   spawner is drawn.
public enum ChromeExport {
    static let pid = 1
    static let workerTidBase = 10_000

    public static func render(_ trace: Trace) -> String {
        JSONBytes.document(estimate: 4096 + trace.spans.count * 170 + trace.tasks.count * 200) { write(trace, into: &$0) }
    }

    /// The same bytes as `render`, a chunk at a time (see `JSONExport.stream`).
    public static func stream(_ trace: Trace, chunkSize: Int = 1 << 20, to sink: (UnsafeBufferPointer<UInt8>) -> Void) {
        JSONBytes.stream(chunkSize: chunkSize, to: sink) { write(trace, into: &$0) }
    }

    /// The document as `JSONWriter.document` lays it out (one event per line); the span events,
    /// nearly all of it, are written straight from the packed storage.
    static func write(_ trace: Trace, into w: inout JSONBytes) {
        let visible = trace.visibleTasksInTreeOrder
        let drawn = Set(visible.map(\.id))
        var first = true
        func item(_ v: JSONValue, _ w: inout JSONBytes) {
            w.raw(first ? "    " : ",\n    ")
            first = false
            var text = JSONWriter.compact(v)
            text.withUTF8 { w.raw($0) }
        }
        w.raw("{\n  \"traceEvents\": [\n")
        item(meta("process_name", tid: 0, args: [("name", .string(trace.title.isEmpty ? "asyncviz" : trace.title))]), &w)
        for (i, t) in visible.enumerated() {
            item(meta("thread_name", tid: t.id, args: [("name", .string(t.name))]), &w)
            item(meta("thread_sort_index", tid: t.id, args: [("sort_index", .int(Int64(i)))]), &w)
        }
        for (i, wr) in trace.workers.enumerated() {
            let tid = workerTidBase + wr.id
            item(meta("thread_name", tid: tid, args: [("name", .string("worker \(wr.id)"))]), &w)
            item(meta("thread_sort_index", tid: tid, args: [("sort_index", .int(Int64(visible.count + i)))]), &w)
        }

        // Spans, in (task, start) order as `trace.spans` lists them.
        let list = trace.spans
        let labels = EscapedTable(list.labels)
        for k in list.perTask.indices where drawn.contains(list.taskIDs[k]) {
            let packed = list.perTask[k]
            let task = list.taskIDs[k]
            var hint = 0
            for j in packed.indices {
                let p = packed[j]
                let start = list.start(k, j, hint: &hint)
                let end = list.end(k, j, hint: &hint).end
                w.raw(first ? "    {\"name\": \"" : ",\n    {\"name\": \"")
                first = false
                w.raw(stateName(p.state))
                w.raw("\", \"cat\": \"state\", \"ph\": \"X\", \"ts\": ")
                w.int(Int(start))
                w.raw(", \"dur\": ")
                w.int(Int(Swift.max(0, Swift.max(end, start) - start)))
                w.raw(", \"pid\": 1, \"tid\": ")
                w.int(task)
                w.raw(", \"args\": {\"on\": \"")
                let (on, line) = list.onLine(k, j)
                labels.write(on, to: &w)
                w.raw("\", \"line\": ")
                w.int(line)
                w.raw("}}")
            }
        }

        let names = trace.taskNames
        for wr in trace.workers {
            for job in wr.busy {
                item(.object([
                    ("name", .string("to_thread")), ("cat", .string("worker")), ("ph", .string("X")),
                    ("ts", .int(job.start)), ("dur", .int(max(0, job.end - job.start))), ("pid", .int(Int64(pid))),
                    ("tid", .int(Int64(workerTidBase + wr.id))),
                    ("args", .object([("task", .string(names[job.task] ?? "task \(job.task)"))])),
                ]), &w)
            }
        }

        // Instants go on the task's thread, or the process for the loop (task 0 / hidden main).
        func instant(_ name: String, ts: Micros, task: Int, args: [(String, JSONValue)]) -> JSONValue {
            let onThread = drawn.contains(task)
            return .object([
                ("name", .string(name)), ("cat", .string(name)), ("ph", .string("i")), ("s", .string(onThread ? "t" : "p")),
                ("ts", .int(ts)), ("pid", .int(Int64(pid))), ("tid", .int(Int64(onThread ? task : 0))), ("args", .object(args)),
            ])
        }
        for o in trace.output {
            item(instant("print", ts: o.time, task: o.task, args: [("text", .string(o.text))]), &w)
        }
        for wn in trace.warnings {
            item(instant("warning", ts: wn.time, task: wn.task, args: [("text", .string(wn.text)), ("line", .int(Int64(wn.line)))]), &w)
        }

        var flowID: Int64 = 0
        for t in visible {
            guard let p = t.parent, drawn.contains(p) else { continue }
            // The child's first span: the earliest by (start, start seq).
            let spans = list.spans(ofTask: t.id)
            var firstStart: Micros?
            var best: (Micros, Int)?
            for j in spans.indices {
                let key = (spans.start(j), spans.startSeq(j))
                if best == nil || key < best! { best = key }
            }
            firstStart = best?.0
            flowID += 1
            item(.object([
                ("name", .string("spawn")), ("cat", .string("spawn")), ("ph", .string("s")), ("id", .int(flowID)),
                ("ts", .int(t.created)), ("pid", .int(Int64(pid))), ("tid", .int(Int64(p))),
            ]), &w)
            item(.object([
                ("name", .string("spawn")), ("cat", .string("spawn")), ("ph", .string("f")), ("bp", .string("e")), ("id", .int(flowID)),
                ("ts", .int(firstStart ?? t.created)), ("pid", .int(Int64(pid))), ("tid", .int(Int64(t.id))),
            ]), &w)
        }
        w.raw("\n  ],\n  \"displayTimeUnit\": \"ms\",\n  \"otherData\": {\n    \"end_us\": ")
        w.int(Int(trace.end))
        w.raw(",\n    \"stop\": ")
        w.string(trace.stop.rawValue)
        w.raw("\n  }\n}\n")
    }

    static func stateName(_ s: TaskState) -> StaticString {
        switch s {
        case .running: "running"
        case .ready: "ready"
        case .sleeping: "sleeping"
        case .blocked: "blocked"
        case .offloaded: "offloaded"
        }
    }

    static func meta(_ name: String, tid: Int, args: [(String, JSONValue)]) -> JSONValue {
        .object([("name", .string(name)), ("ph", .string("M")), ("pid", .int(pid)), ("tid", .int(tid)), ("args", .object(args))])
    }
}
