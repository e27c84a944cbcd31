import Foundation
import Testing
@testable import SchedulerSim

/// Golden tests of `--export python` (SPEC §4): the exact text of the twin for a few lessons and for one
/// scenario that uses every construct. Every lesson's twin is also run on CPython by ConformanceTests.
struct PythonExportTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func export(lesson: String) throws -> String {
        let text = try String(contentsOf: root.appendingPathComponent("scenarios/\(lesson).txt"), encoding: .utf8)
        return try export(source: text)
    }

    static func export(source: String) throws -> String {
        try PythonExport.render(Frontend.load(source: source).get())
    }

    @Test func lessonGather() throws {
        let expected =
        #"""
        # asyncio.gather: the total is the longest wait, not the sum
        #
        # gather turns the three fetches into tasks that all start at t = 0 and wait side by side.
        # main is blocked on the gather until the slowest fetch (3 s) is done: 3 s in all, not 1 + 2 + 3 = 6 s.
        # Results come back in argument order, whatever order the fetches finish in.

        import asyncio


        async def fetch(url, delay):
            print(f"Fetching {url}")
            await asyncio.sleep(delay)
            return f"Data from {url}"


        async def main():
            results = await asyncio.gather(fetch("/a", 1), fetch("/b", 2), fetch("/c", 3))
            print(results)
            return results


        if __name__ == "__main__":
            asyncio.run(main())

        """#
        #expect(try Self.export(lesson: "gather") == expected)
    }

    @Test func lessonWaitFirstCompleted() throws {
        let expected =
        #"""
        # asyncio.wait(FIRST_COMPLETED): take the fastest, cancel the rest
        #
        # The same query goes to three replicas; main wakes as soon as one answers (us, 0.8 s).
        # The two slower queries are still running then: main cancels them, and they end at 0.8 s.

        import asyncio
        import time


        _T0 = time.monotonic()


        def now():
            """Seconds since the program started (the virtual clock under the harness)."""
            return time.monotonic() - _T0


        async def wait_in_order(tasks, **kwargs):
            """asyncio.wait, with done and pending as lists in the order the tasks were passed."""
            tasks = list(dict.fromkeys(tasks))
            done, pending = await asyncio.wait(tasks, **kwargs)
            return [t for t in tasks if t in done], [t for t in tasks if t in pending]


        async def query(replica, delay):
            await asyncio.sleep(delay)
            return f"answer from {replica}"


        async def main():
            eu = asyncio.create_task(query("eu", 1.5), name="eu")
            us = asyncio.create_task(query("us", 0.8), name="us")
            asia = asyncio.create_task(query("asia", 2), name="asia")
            done, pending = await wait_in_order([eu, us, asia], return_when=asyncio.FIRST_COMPLETED)
            for t in done:
                print(f"first: {t.result()} at {now():.1f}s")
            for t in pending:
                t.cancel()
            print(f"cancelled {len(pending)} slower queries")


        if __name__ == "__main__":
            asyncio.run(main())

        """#
        #expect(try Self.export(lesson: "wait_first_completed") == expected)
    }

    @Test func lessonEvent() throws {
        let expected =
        #"""
        # Event: one set wakes every waiter
        #
        # alice and bob block on the event; the setter sets it at 1 s.
        # Both wake at 1 s, in the order they started waiting.

        import asyncio
        import time


        _T0 = time.monotonic()


        def now():
            """Seconds since the program started (the virtual clock under the harness)."""
            return time.monotonic() - _T0


        ready = None


        async def alice():
            print("alice waiting")
            await ready.wait()
            print(f"alice woke at {now():.1f}s")


        async def bob():
            print("bob waiting")
            await ready.wait()
            print(f"bob woke at {now():.1f}s")


        async def setter():
            await asyncio.sleep(1)
            print("setting the event")
            ready.set()


        async def main():
            global ready
            ready = asyncio.Event()
            await asyncio.gather(
                asyncio.create_task(alice(), name="alice"),
                asyncio.create_task(bob(), name="bob"),
                asyncio.create_task(setter(), name="setter"),
                return_exceptions=True,
            )


        if __name__ == "__main__":
            asyncio.run(main())

        """#
        #expect(try Self.export(lesson: "event") == expected)
    }

    @Test func lessonToThread() throws {
        let expected =
        #"""
        # to_thread: blocking work on a thread pool keeps the loop free
        #
        # Three blocking jobs go to a pool of 2 workers; the ticker keeps its 0.5 s rhythm meanwhile.
        # upload waits for a free worker until compress ends at 1.5 s, so it ends at 2.5 s.

        import asyncio
        import concurrent.futures
        import time


        _T0 = time.monotonic()


        def now():
            """Seconds since the program started (the virtual clock under the harness)."""
            return time.monotonic() - _T0


        async def ticker():
            for _ in range(6):
                print(f"tick at {now():.1f}s")
                await asyncio.sleep(0.5)


        async def blocking_job(name, seconds):
            print(f"{name}: submitted at {now():.1f}s")
            await asyncio.to_thread(time.sleep, seconds)
            print(f"{name}: done at {now():.1f}s")


        async def main():
            asyncio.get_running_loop().set_default_executor(
                concurrent.futures.ThreadPoolExecutor(max_workers=2))
            await asyncio.gather(ticker(), blocking_job("resize", 2), blocking_job("compress", 1.5), blocking_job("upload", 1))


        if __name__ == "__main__":
            asyncio.run(main())

        """#
        #expect(try Self.export(lesson: "to_thread") == expected)
    }

    static let everyConstruct = #"""
        title "export: every construct"
        seed 7
        until 30
        lock a
        semaphore s 2
        queue q maxsize 1
        var pool = [a, s]
        var total = 0.5

        def job(n, d):
            sleep d
            total = total + (n - 1) * 2 ** -1
            if n == 3:
                raise Flaky "job {n} {{failed}}"
            return "job \"{n}\" took {d:.2f}"

        main:
            t = spawn job(1, 0.5) as "first {randint(1, 6)}"
            for r in as_completed job(2, 1), t, *[job(i, 0.1) for i in range(4, 6)] timeout 2:
                print r
            try:
                x = wait_for job(3, 0) timeout 1
            except (Flaky, TimeoutError) as e:
                print "caught", e
            timeout 0.5:
                with s:
                    taskgroup:
                        spawn job(7, 0.2)
                        taskgroup:
                            u = spawn job(8, 0.1) as "inner"
            fin, pending = wait t, u first_exception timeout 1
            put q not -total < 1 and random() >= 0
            v = get q
            c = cpu_free()
            print v, c, name(u), result(u), done(t), len(pool), uniform(1, 2)
            cpu 10ms
            forever:
                x = to_thread 0.1
                break

        def cpu_free():
            return [not done(t) for t in []]

        """#

    @Test func everyConstruct() throws {
        let expected =
        #"""
        # export: every construct
        #
        # asyncviz stops the run at 30.0 s (`until`).

        import asyncio
        import operator
        import time


        class SplitMix64:
            """asyncviz's random generator: random(), randint() and uniform() draw from it."""

            def __init__(self, seed):
                self.state = seed % 2**64

            def next(self):
                self.state = (self.state + 0x9E3779B97F4A7C15) % 2**64
                z = self.state
                z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9 % 2**64
                z = (z ^ (z >> 27)) * 0x94D049BB133111EB % 2**64
                return z ^ (z >> 31)


        _rng = SplitMix64(7)


        def random():
            return (_rng.next() >> 11) * 2.0**-53


        def randint(a, b):
            a, b = operator.index(a), operator.index(b)  # ints only, as random.randint
            if b < a:
                raise ValueError(f"empty range in randint({a}, {b})")
            return a + int(random() * (b - a + 1))


        def uniform(a, b):
            return a + (b - a) * random()


        async def wait_in_order(tasks, **kwargs):
            """asyncio.wait, with done and pending as lists in the order the tasks were passed."""
            tasks = list(dict.fromkeys(tasks))
            done, pending = await asyncio.wait(tasks, **kwargs)
            return [t for t in tasks if t in done], [t for t in tasks if t in pending]


        class Flaky(Exception):
            pass


        pool = None
        total = 0.5
        a = None
        s = None
        q = None


        async def job(n, d):
            global total
            await asyncio.sleep(d)
            total = total + (n - 1) * 2 ** -1
            if n == 3:
                raise Flaky(f"job {n} {{failed}}")
            return f"job \"{n}\" took {d:.2f}"


        async def cpu_free():
            return [not t.done() for t in []]


        async def main():
            global a, s, q, pool
            a = asyncio.Lock()
            s = asyncio.Semaphore(2)
            q = asyncio.Queue(maxsize=1)
            pool = [a, s]
            t = asyncio.create_task(job(1, 0.5), name=f"first {randint(1, 6)}")
            for c_ in asyncio.as_completed([asyncio.create_task(job(2, 1)), t, *[asyncio.ensure_future(aw) for aw in [job(i, 0.1) for i in range(4, 6)]]], timeout=2):
                r = await c_
                print(r)
            try:
                x = await asyncio.wait_for(job(3, 0), 1)
            except (Flaky, TimeoutError) as e:
                print("caught", e)
            async with asyncio.timeout(0.5):
                async with s:
                    async with asyncio.TaskGroup() as tg:
                        tg.create_task(job(7, 0.2))
                        async with asyncio.TaskGroup() as tg2:
                            u = tg2.create_task(job(8, 0.1), name="inner")
            fin, pending = await wait_in_order([t, u], return_when=asyncio.FIRST_EXCEPTION, timeout=1)
            await q.put(not -total < 1 and random() >= 0)
            v = await q.get()
            c = await cpu_free()
            print(v, c, u.get_name(), u.result(), t.done(), len(pool), uniform(1, 2))
            time.sleep(0.01)
            while True:
                x = await asyncio.to_thread(time.sleep, 0.1)
                break


        if __name__ == "__main__":
            asyncio.run(main())

        """#
        #expect(try Self.export(source: Self.everyConstruct) == expected)
    }
}
