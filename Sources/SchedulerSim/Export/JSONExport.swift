/// The JSON export (`--export json`, SPEC §3). Keys in a fixed order; times in seconds with at
/// most 6 decimals; lists in the trace's order; one task / span / event per line.
///
/// Beyond SPEC §3 it also has, per task, `function` and `depth` (and `hidden: true` only for a
/// hidden main), per span `start_seq`/`end_seq`, per event `object` when there is one, and the
/// top-level `notes`, `stop_detail`, `resources` and `output`.
public enum JSONExport {
    public static func render(_ trace: Trace) -> String {
        JSONWriter.document(value(trace))
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
