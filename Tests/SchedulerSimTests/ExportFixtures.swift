@testable import SchedulerSim

/// Hand-built traces for the export tests, shaped like the simulator's: contiguous spans per task
/// (with zero-length ready/running steps), events in seq order.
enum Fixtures {
    static let s: Micros = 1_000_000
    static let ms: Micros = 1_000

    /// Builds spans and events with increasing sequence numbers.
    struct Builder {
        var seq = 0
        var spans: [Span] = []
        var events: [TraceEvent] = []

        mutating func event(_ t: Micros, _ task: Int, _ kind: EventKind, _ text: String, object: String? = nil, line: Int = 0) {
            seq += 1
            events.append(TraceEvent(seq: seq, time: t, task: task, kind: kind, object: object, text: text, line: line))
        }

        /// A span from `a` to `b`; the start and end seqs are fresh numbers.
        mutating func span(_ task: Int, _ state: TaskState, _ a: Micros, _ b: Micros, on: String = "", line: Int = 0) {
            seq += 1
            let start = seq
            seq += 1
            spans.append(Span(task: task, state: state, start: a, end: b, startSeq: start, endSeq: seq, on: on, line: line))
        }

        var sortedSpans: [Span] { spans.sorted { ($0.task, $0.startSeq) < ($1.task, $1.startSeq) } }
    }

    /// The gather lesson: three fetches of 1, 2, 3 s awaited together take 3 s.
    static var gather: Trace {
        var b = Builder()
        b.event(0, 1, .run, "main starts", line: 7)
        b.span(1, .running, 0, 0, line: 7)
        for k in 1...3 { b.event(0, 1, .spawn, "main spawns fetch#\(k)", object: "task fetch#\(k)", line: 8) }
        b.span(1, .blocked, 0, 3 * s, on: "gather", line: 8)
        b.span(1, .running, 3 * s, 3 * s, line: 8)
        for k in 1...3 {
            b.span(k + 1, .ready, 0, 0, line: 2)
            b.span(k + 1, .running, 0, 0, line: 3)
            b.event(0, k + 1, .print, "fetch#\(k) prints 'Fetching /\(["a", "b", "c"][k - 1])'", line: 3)
            b.span(k + 1, .sleeping, 0, Micros(k) * s, on: "sleep \(k)", line: 4)
            b.span(k + 1, .ready, Micros(k) * s, Micros(k) * s, line: 4)
            b.span(k + 1, .running, Micros(k) * s, Micros(k) * s, line: 5)
            b.event(Micros(k) * s, k + 1, .finish, "fetch#\(k) returns", line: 5)
        }
        b.event(3 * s, 1, .finish, "main returns", line: 9)
        let tasks = [
            TraceTask(id: 1, name: "main", parent: nil, function: "main", created: 0, finished: 3 * s, outcome: .result,
                      result: "['Data from /a', 'Data from /b', 'Data from /c']", depth: 0),
            TraceTask(id: 2, name: "fetch#1", parent: 1, function: "fetch", created: 0, finished: 1 * s, outcome: .result, result: "'Data from /a'", depth: 1),
            TraceTask(id: 3, name: "fetch#2", parent: 1, function: "fetch", created: 0, finished: 2 * s, outcome: .result, result: "'Data from /b'", depth: 1),
            TraceTask(id: 4, name: "fetch#3", parent: 1, function: "fetch", created: 0, finished: 3 * s, outcome: .result, result: "'Data from /c'", depth: 1),
        ]
        return Trace(title: "asyncio.gather: the total is the longest wait, not the sum",
                     notes: ["Three fetches of 1, 2 and 3 s run at the same time: main waits 3 s, not 6 s."],
                     end: 3 * s, tasks: tasks, spans: b.sortedSpans, events: b.events,
                     output: [(0, 2, "Fetching /a"), (0, 3, "Fetching /b"), (0, 4, "Fetching /c"),
                              (3 * s, 1, "['Data from /a', 'Data from /b', 'Data from /c']")])
    }

    /// The blocking-call pitfall with `task` blocks (hidden main): heavy's `cpu 1` keeps ticker
    /// ready for 1 s, then ticker runs a 10 ms `cpu` (shorter than a bucket) and sleeps.
    static var pitfall: Trace {
        var b = Builder()
        b.span(1, .running, 0, 0)
        b.span(1, .blocked, 0, 2 * s, on: "gather")
        b.span(1, .running, 2 * s, 2 * s)
        b.span(2, .ready, 0, 0, line: 2)
        b.span(2, .running, 0, 1 * s, on: "cpu 1", line: 2)
        b.span(3, .ready, 0, 1 * s, line: 5)
        b.span(3, .running, 1 * s, 1 * s + 10 * ms, on: "cpu 0.01", line: 5)
        b.span(3, .sleeping, 1 * s + 10 * ms, 2 * s, on: "sleep 0.99", line: 6)
        b.span(3, .running, 2 * s, 2 * s, line: 7)
        let tasks = [
            TraceTask(id: 1, name: "main", parent: nil, function: "main", created: 0, finished: 2 * s, outcome: .result, result: "[None, 'tick']", hidden: true),
            TraceTask(id: 2, name: "heavy", parent: 1, function: "heavy", created: 0, finished: 1 * s, outcome: .result, result: "None", depth: 1),
            TraceTask(id: 3, name: "ticker", parent: 1, function: "ticker", created: 0, finished: 2 * s, outcome: .result, result: "'tick'", depth: 1),
        ]
        let warnings = [TraceWarning(time: 0, seq: 3, task: 2, line: 2, text: "the loop was blocked for 1.000 s by one step of heavy (cpu 1)")]
        return Trace(title: "A blocking call delays everyone", end: 2 * s, tasks: tasks, spans: b.sortedSpans,
                     events: b.events, warnings: warnings)
    }

    /// Cancellation and an exception: main spawns a heartbeat and a task that raises, sleeps 1 s,
    /// cancels the heartbeat. Names with control characters, non-ASCII and a long name.
    static var cancelAndRaise: Trace {
        var b = Builder()
        b.span(1, .running, 0, 0, line: 10)
        b.span(1, .sleeping, 0, 1 * s, on: "sleep 1", line: 12)
        b.span(1, .running, 1 * s, 1 * s, line: 13)
        b.span(1, .blocked, 1 * s, 1 * s + 100 * ms, on: "task heartbeat", line: 14)
        b.span(1, .running, 1 * s + 100 * ms, 1 * s + 100 * ms, line: 15)
        b.span(2, .ready, 0, 0, line: 2)
        b.span(2, .sleeping, 0, 1 * s, on: "sleep 0.25", line: 3)
        b.span(2, .running, 1 * s, 1 * s + 100 * ms, on: "cpu 0.1 (clean-up)", line: 5)
        b.span(3, .ready, 0, 0, line: 7)
        b.span(3, .sleeping, 0, 500 * ms, on: "sleep 0.5", line: 7)
        b.span(3, .running, 500 * ms, 500 * ms, line: 8)
        b.span(4, .ready, 0, 0, line: 9)
        b.span(4, .running, 0, 0, line: 9)
        let tasks = [
            TraceTask(id: 1, name: "main", parent: nil, function: "main", created: 0, finished: 1 * s + 100 * ms, outcome: .result, result: "'caf\u{e9} \u{1b}[31mred'", depth: 0),
            TraceTask(id: 2, name: "heartbeat", parent: 1, function: "beat", created: 0, finished: 1 * s + 100 * ms, outcome: .cancelled, depth: 1),
            TraceTask(id: 3, name: "bad\u{7}", parent: 1, function: "bad", created: 0, finished: 500 * ms, outcome: .exception, error: "ValueError: bad", depth: 1),
            TraceTask(id: 4, name: "a_really_long_task_name_that_goes_on", parent: 1, function: "quick", created: 0, finished: 0, outcome: .result, result: "42", depth: 1),
        ]
        let warnings = [TraceWarning(time: 1 * s + 100 * ms, seq: 30, task: 3, line: 8, text: "Task exception was never retrieved: ValueError: bad")]
        return Trace(title: "Cancelling a heartbeat (caf\u{e9})", end: 1 * s + 100 * ms, tasks: tasks, spans: b.sortedSpans,
                     events: b.events, warnings: warnings,
                     output: [(0, 1, "caf\u{e9} \"quoted\"\ttab")])
    }

    /// `to_thread` offloading: main offloads 2 s while a poller sleeps; two workers busy.
    static var offload: Trace {
        var b = Builder()
        b.span(1, .running, 0, 0, line: 5)
        b.span(1, .offloaded, 0, 2 * s, on: "to_thread 2", line: 6)
        b.span(1, .running, 2 * s, 2 * s, line: 7)
        b.span(2, .ready, 0, 0, line: 2)
        b.span(2, .sleeping, 0, 500 * ms, on: "sleep 0.5", line: 2)
        b.span(2, .running, 500 * ms, 500 * ms, line: 3)
        b.span(2, .offloaded, 500 * ms, 1500 * ms, on: "to_thread 1", line: 3)
        b.span(2, .running, 1500 * ms, 1500 * ms, line: 3)
        let tasks = [
            TraceTask(id: 1, name: "main", parent: nil, function: "main", created: 0, finished: 2 * s, outcome: .result, result: "None"),
            TraceTask(id: 2, name: "poll", parent: 1, function: "poll", created: 0, finished: 1500 * ms, outcome: .result, result: "None", depth: 1),
        ]
        let workers = [WorkerRow(id: 1, busy: [(0, 2 * s, 1)]), WorkerRow(id: 2, busy: [(500 * ms, 1500 * ms, 2)]), WorkerRow(id: 3)]
        return Trace(title: "to_thread keeps the loop free", end: 2 * s, tasks: tasks, workers: workers, spans: b.sortedSpans, events: b.events)
    }

    /// Two locks taken in opposite order.
    static var deadlock: Trace {
        var b = Builder()
        b.span(1, .running, 0, 0)
        b.span(1, .blocked, 0, 100 * ms, on: "gather")
        b.span(2, .ready, 0, 0, line: 4)
        b.span(2, .sleeping, 0, 100 * ms, on: "sleep 0.1", line: 5)
        b.span(2, .blocked, 100 * ms, 100 * ms, on: "lock y", line: 6)
        b.span(3, .ready, 0, 0, line: 9)
        b.span(3, .sleeping, 0, 100 * ms, on: "sleep 0.1", line: 10)
        b.span(3, .blocked, 100 * ms, 100 * ms, on: "lock x", line: 11)
        let tasks = [
            TraceTask(id: 1, name: "main", parent: nil, function: "main", created: 0, hidden: true),
            TraceTask(id: 2, name: "a", parent: 1, function: "a", created: 0, depth: 1),
            TraceTask(id: 3, name: "b", parent: 1, function: "b", created: 0, depth: 1),
        ]
        return Trace(title: "Deadlock: two locks in opposite order", end: 100 * ms, stop: .deadlock,
                     stopDetail: "a waits for lock y, held by b; b waits for lock x, held by a (a cycle)",
                     tasks: tasks, spans: b.sortedSpans, events: b.events,
                     resources: [TraceResource(kind: .lock, name: "x", capacity: 0), TraceResource(kind: .lock, name: "y", capacity: 0)])
    }

    static var all: [(String, Trace)] {
        [("gather", gather), ("pitfall", pitfall), ("cancelAndRaise", cancelAndRaise), ("offload", offload), ("deadlock", deadlock)]
    }
}
