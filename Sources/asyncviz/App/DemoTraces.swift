import SchedulerSim

/// Hand-built traces: test fixtures, and what `ASYNCVIZ_DEMO_TRACE=gather|lock` opens until the
/// simulator can produce real ones.
enum DemoTraces {
    static let gatherSource = """
        title "asyncio.gather: the total is the longest wait, not the sum"

        def fetch(url, delay):
            print "Fetching " + url
            sleep delay
            return "Data from " + url

        def main:
            results = await gather(fetch("/a", 1), fetch("/b", 2), fetch("/c", 3))
            print results
        """

    /// main blocked 0–3 s on gather; fetch#1/2/3 sleeping 0–1/0–2/0–3 s.
    static func gather() -> Trace {
        var b = TraceBuilder(title: "asyncio.gather: the total is the longest wait, not the sum")
        let main = b.task("main")
        b.event(0, main, .run, "main starts", line: 8, state: .running)
        let urls = ["/a", "/b", "/c"]
        var fetches: [Int] = []
        for (k, _) in urls.enumerated() {
            let f = b.task("fetch#\(k + 1)", parent: main, function: "fetch")
            fetches.append(f)
            b.spawn(0, main, f, line: 9)
        }
        b.event(0, main, .suspend, "main blocked: awaits gather of fetch#1, fetch#2, fetch#3", object: "gather", line: 9,
                state: .blocked, on: "gather")
        for (k, f) in fetches.enumerated() {
            b.event(0, f, .run, "fetch#\(k + 1) runs", line: 3, state: .running)
            b.event(0, f, .print, "Fetching \(urls[k])", line: 4)
            b.event(0, f, .suspend, "fetch#\(k + 1) sleeping: sleep \(k + 1) (wakes at t = \(k + 1).000)", line: 5,
                    state: .sleeping, on: "sleep \(k + 1)")
        }
        for (k, f) in fetches.enumerated() {
            let t = Double(k + 1)
            b.event(t, f, .wake, "fetch#\(k + 1) wakes: sleep \(k + 1) is over", line: 5, state: .ready, on: "the loop")
            b.event(t, f, .run, "fetch#\(k + 1) runs", line: 5, state: .running)
            b.event(t, f, .finish, "fetch#\(k + 1) returns 'Data from \(urls[k])'", line: 6, finish: .result,
                    result: "'Data from \(urls[k])'")
        }
        b.event(3, main, .wake, "main wakes: gather is done (fetch#3 was the last)", object: "gather", line: 9,
                state: .ready, on: "the loop")
        b.event(3, main, .run, "main runs", line: 9, state: .running)
        b.event(3, main, .print, "['Data from /a', 'Data from /b', 'Data from /c']", line: 10)
        b.event(3, main, .finish, "main returns None", line: 10, finish: .result, result: "None")
        return b.build()
    }

    static let lockSource = """
        title "a lock: one holder at a time"
        lock db

        def worker(n):
            async with db:
                sleep 1
            print "done"

        task a: worker(1)
        task b: worker(2)
        """

    /// Two tasks under a hidden main contend for `lock db`; b waits while a holds it.
    static func lock() -> Trace {
        var b = TraceBuilder(title: "a lock: one holder at a time")
        let main = b.task("main", hidden: true)
        let db = b.resource(.lock, "db")
        let ta = b.task("a", parent: main, function: "worker")
        let tb = b.task("b", parent: main, function: "worker")
        b.event(0, main, .run, "main starts", line: 9, state: .running)
        b.spawn(0, main, ta, line: 9)
        b.spawn(0, main, tb, line: 10)
        b.event(0, main, .suspend, "main blocked: awaits task a, task b", object: "task a", state: .blocked, on: "task a")
        b.event(0, ta, .run, "a runs", line: 5, state: .running)
        b.event(0, ta, .acquire, "a acquires lock db", object: "lock db", line: 5)
        b.snapshot(db, holders: [ta], value: 1)
        b.event(0, ta, .suspend, "a sleeping: sleep 1 (wakes at t = 1.000)", line: 6, state: .sleeping, on: "sleep 1")
        b.event(0, tb, .run, "b runs", line: 5, state: .running)
        b.event(0, tb, .suspend, "b blocked: lock db is held by a", object: "lock db", line: 5, state: .blocked,
                on: "lock db")
        b.snapshot(db, holders: [ta], waiters: [tb], value: 1)
        b.event(1, ta, .wake, "a wakes: sleep 1 is over", line: 6, state: .ready, on: "the loop")
        b.event(1, ta, .run, "a runs", line: 6, state: .running)
        b.event(1, ta, .release, "a releases lock db; b gets it", object: "lock db", line: 5)
        b.snapshot(db, holders: [tb], value: 1)
        b.event(1, tb, .wake, "b wakes: acquired lock db", object: "lock db", line: 5, state: .ready, on: "the loop")
        b.event(1, ta, .print, "done", line: 7)
        b.event(1, ta, .finish, "a returns None", line: 7, finish: .result, result: "None")
        b.event(1, tb, .run, "b runs", line: 5, state: .running)
        b.event(1, tb, .suspend, "b sleeping: sleep 1 (wakes at t = 2.000)", line: 6, state: .sleeping, on: "sleep 1")
        b.warning(tb, "the loop was blocked for 0.150 s by one step")
        b.event(2, tb, .wake, "b wakes: sleep 1 is over", line: 6, state: .ready, on: "the loop")
        b.event(2, tb, .run, "b runs", line: 6, state: .running)
        b.event(2, tb, .release, "b releases lock db", object: "lock db", line: 5)
        b.snapshot(db, value: 0)
        b.event(2, tb, .print, "done", line: 7)
        b.event(2, tb, .finish, "b returns None", line: 7, finish: .result, result: "None")
        b.event(2, main, .wake, "main wakes: all tasks done", state: .ready, on: "the loop")
        b.event(2, main, .finish, "main returns None", finish: .result, result: "None")
        return b.build()
    }

    /// The demo named by `ASYNCVIZ_DEMO_TRACE`, with its source.
    static func named(_ name: String) -> (Trace, String)? {
        switch name {
        case "1", "gather": (gather(), gatherSource)
        case "lock": (lock(), lockSource)
        default: nil
        }
    }
}
