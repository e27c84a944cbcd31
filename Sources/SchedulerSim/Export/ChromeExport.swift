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
        var events: [JSONValue] = []
        let visible = trace.visibleTasksInTreeOrder
        let drawn = Set(visible.map(\.id))
        let spansByTask = trace.spansByTask

        events.append(meta("process_name", tid: 0, args: [("name", .string(trace.title.isEmpty ? "asyncviz" : trace.title))]))
        for (i, t) in visible.enumerated() {
            events.append(meta("thread_name", tid: t.id, args: [("name", .string(t.name))]))
            events.append(meta("thread_sort_index", tid: t.id, args: [("sort_index", .int(i))]))
        }
        for (i, w) in trace.workers.enumerated() {
            let tid = workerTidBase + w.id
            events.append(meta("thread_name", tid: tid, args: [("name", .string("worker \(w.id)"))]))
            events.append(meta("thread_sort_index", tid: tid, args: [("sort_index", .int(visible.count + i))]))
        }

        for s in trace.spans where drawn.contains(s.task) {
            events.append(.object([
                ("name", .string(s.state.name)), ("cat", .string("state")), ("ph", .string("X")),
                ("ts", .int(s.start)), ("dur", .int(max(0, s.end - s.start))), ("pid", .int(pid)), ("tid", .int(s.task)),
                ("args", .object([("on", .string(s.on)), ("line", .int(s.line))])),
            ]))
        }
        let names = trace.taskNames
        for w in trace.workers {
            for job in w.busy {
                events.append(.object([
                    ("name", .string("to_thread")), ("cat", .string("worker")), ("ph", .string("X")),
                    ("ts", .int(job.start)), ("dur", .int(max(0, job.end - job.start))), ("pid", .int(pid)),
                    ("tid", .int(workerTidBase + w.id)),
                    ("args", .object([("task", .string(names[job.task] ?? "task \(job.task)"))])),
                ]))
            }
        }

        // Instants go on the task's thread, or the process for the loop (task 0 / hidden main).
        func instant(_ name: String, ts: Micros, task: Int, args: [(String, JSONValue)]) -> JSONValue {
            let onThread = drawn.contains(task)
            return .object([
                ("name", .string(name)), ("cat", .string(name)), ("ph", .string("i")), ("s", .string(onThread ? "t" : "p")),
                ("ts", .int(ts)), ("pid", .int(pid)), ("tid", .int(onThread ? task : 0)), ("args", .object(args)),
            ])
        }
        for o in trace.output {
            events.append(instant("print", ts: o.time, task: o.task, args: [("text", .string(o.text))]))
        }
        for w in trace.warnings {
            events.append(instant("warning", ts: w.time, task: w.task, args: [("text", .string(w.text)), ("line", .int(w.line))]))
        }

        var flowID = 0
        for t in visible {
            guard let p = t.parent, drawn.contains(p) else { continue }
            let first = (spansByTask[t.id] ?? []).min { ($0.start, $0.startSeq) < ($1.start, $1.startSeq) }
            flowID += 1
            events.append(.object([
                ("name", .string("spawn")), ("cat", .string("spawn")), ("ph", .string("s")), ("id", .int(flowID)),
                ("ts", .int(t.created)), ("pid", .int(pid)), ("tid", .int(p)),
            ]))
            events.append(.object([
                ("name", .string("spawn")), ("cat", .string("spawn")), ("ph", .string("f")), ("bp", .string("e")), ("id", .int(flowID)),
                ("ts", .int(first?.start ?? t.created)), ("pid", .int(pid)), ("tid", .int(t.id)),
            ]))
        }

        return JSONWriter.document(.object([
            ("traceEvents", .array(events)),
            ("displayTimeUnit", .string("ms")),
            ("otherData", .object([("end_us", .int(trace.end)), ("stop", .string(trace.stop.rawValue))])),
        ]))
    }

    static func meta(_ name: String, tid: Int, args: [(String, JSONValue)]) -> JSONValue {
        .object([("name", .string(name)), ("ph", .string("M")), ("pid", .int(pid)), ("tid", .int(tid)), ("args", .object(args))])
    }
}
