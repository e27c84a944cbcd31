"""Self-tests of the virtual-clock harness.

    PYENV_VERSION=3.13.0 python3 -m unittest discover -s Tests/conformance
"""
import os
import sys
import textwrap
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import vclock  # noqa: E402


def run(src, **kw):
    return vclock.run_source(textwrap.dedent(src), **kw)


def by_name(rep):
    return {t["name"]: t for t in rep["tasks"]}


def texts(rep):
    return [(p["t"], p["text"]) for p in rep["prints"]]


class VClockTests(unittest.TestCase):
    def test_gather_ends_at_longest(self):
        rep = run("""
            import asyncio
            async def fetch(d):
                await asyncio.sleep(d)
                return d
            async def main():
                print(await asyncio.gather(fetch(1), fetch(2), fetch(3)))
            asyncio.run(main())
        """)
        self.assertEqual(rep["end"], 3.0)
        self.assertEqual(rep["stop"], "finished")
        self.assertEqual(texts(rep), [(3.0, "[1, 2, 3]")])
        self.assertEqual([t["finished"] for t in rep["tasks"]], [3.0, 1.0, 2.0, 3.0])

    def test_sequential_adds_up(self):
        rep = run("""
            import asyncio
            async def fetch(d):
                await asyncio.sleep(d)
            async def main():
                for d in (1, 2, 3):
                    await fetch(d)
            asyncio.run(main())
        """)
        self.assertEqual(rep["end"], 6.0)
        self.assertEqual(len(rep["tasks"]), 1)

    def test_time_sleep_blocks_everyone(self):
        rep = run("""
            import asyncio, time
            async def ticker():
                await asyncio.sleep(0.5)
                print("tick", asyncio.get_running_loop().time())
            async def hog():
                time.sleep(2)
                print("hog done")
            async def main():
                await asyncio.gather(ticker(), hog())
            asyncio.run(main())
        """)
        # the ticker's timer fell due at 0.5 during the blocking call and fires late, at 2.0
        self.assertEqual(texts(rep), [(2.0, "hog done"), (2.0, "tick 2.0")])
        self.assertEqual(rep["end"], 2.0)

    def test_equal_deadlines_fire_in_scheduling_order(self):
        rep = run("""
            import asyncio
            async def w(name, d):
                await asyncio.sleep(d)
                print(name)
            async def main():
                # deadlines 0.3 computed as 0.1+0.2 and 0.3 land on the same microsecond
                await asyncio.sleep(0.1)
                ts = [asyncio.create_task(w(n, d)) for n, d in
                      [("a", 0.2), ("b", 0.2), ("c", 0.2000001), ("d", 0.2)]]
                await asyncio.gather(*ts)
            asyncio.run(main())
        """)
        self.assertEqual([p["text"] for p in rep["prints"]], ["a", "b", "c", "d"])
        self.assertEqual(rep["end"], 0.3)

    def test_to_thread_two_workers_three_jobs(self):
        rep = run("""
            import asyncio, time
            async def job(d):
                await asyncio.to_thread(time.sleep, d)
                print("done", d)
            async def main():
                await asyncio.gather(job(1), job(2), job(1.5))
            asyncio.run(main())
        """, workers=2)
        # worker 1: 0-1 then 1-2.5 ; worker 2: 0-2
        self.assertEqual(texts(rep), [(1.0, "done 1"), (2.0, "done 2"), (2.5, "done 1.5")])
        self.assertEqual(rep["end"], 2.5)
        self.assertEqual(rep["workers"], [{"id": 1, "busy": [[0.0, 1.0, 2], [1.0, 2.5, 4]]},
                                          {"id": 2, "busy": [[0.0, 2.0, 3]]}])

    def test_to_thread_cancelled_awaiter_keeps_worker_busy(self):
        rep = run("""
            import asyncio, time
            async def main():
                t = asyncio.create_task(asyncio.to_thread(time.sleep, 5))
                await asyncio.sleep(1)
                t.cancel()
                print("cancelled at", asyncio.get_running_loop().time())
            asyncio.run(main())
        """)
        # asyncio.run waits (shutdown_default_executor) for the worker: the run ends at 5
        self.assertEqual(rep["end"], 5.0)
        self.assertEqual(rep["tasks"][1]["outcome"], "cancelled")
        self.assertEqual(rep["tasks"][1]["finished"], 1.0)

    def test_to_thread_queued_job_dropped_when_cancelled(self):
        # CPython: a job still in the executor queue is cancelled with its awaiter and never runs
        rep = run("""
            import asyncio, time
            async def main():
                a = asyncio.create_task(asyncio.to_thread(time.sleep, 2))
                b = asyncio.create_task(asyncio.to_thread(time.sleep, 3))
                await asyncio.sleep(1)
                b.cancel()
                await a
            asyncio.run(main())
        """, workers=1)
        self.assertEqual(rep["end"], 2.0)
        self.assertEqual(rep["workers"], [{"id": 1, "busy": [[0.0, 2.0, 2]]}])

    def test_to_thread_completes_during_blocking_call(self):
        rep = run("""
            import asyncio, time
            async def off():
                await asyncio.to_thread(time.sleep, 1)
                print("off")
            async def hog():
                time.sleep(3)
                print("hog")
            async def main():
                await asyncio.gather(off(), hog())
            asyncio.run(main())
        """)
        self.assertEqual(texts(rep), [(3.0, "hog"), (3.0, "off")])
        self.assertEqual(rep["workers"][0]["busy"], [[0.0, 1.0, 2]])

    def test_to_thread_completion_ahead_of_equal_timer(self):
        rep = run("""
            import asyncio, time
            async def sleeper():
                await asyncio.sleep(1)
                print("timer")
            async def offload():
                await asyncio.to_thread(time.sleep, 1)
                print("thread")
            async def main():
                await asyncio.gather(sleeper(), offload())
            asyncio.run(main())
        """)
        # the completion (_chain_future's _set_state, via call_soon_threadsafe) is in the ready
        # queue before the due timer moves behind it; both then take one hop to wake their task.
        self.assertEqual([p["text"] for p in rep["prints"]], ["thread", "timer"])
        self.assertEqual(rep["end"], 1.0)

    def test_deadlock_is_detected(self):
        rep = run("""
            import asyncio
            async def main():
                ev = asyncio.Event()
                print("waiting")
                await ev.wait()
            asyncio.run(main())
        """)
        self.assertEqual(rep["stop"], "deadlock")
        self.assertEqual(rep["tasks"][0]["outcome"], "pending")
        self.assertEqual(rep["waiting"], [{"id": 1, "name": "main"}])

    def test_finally_of_a_closed_leftover_prints_nothing(self):
        import contextlib, io
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            rep = run("""
                import asyncio
                async def stuck(ev):
                    try:
                        await ev.wait()
                    finally:
                        print("finally")
                async def main():
                    await asyncio.create_task(stuck(asyncio.Event()))
                asyncio.run(main())
            """)
        self.assertEqual(rep["stop"], "deadlock")
        self.assertEqual(texts(rep), [])
        self.assertEqual(out.getvalue(), "")

    def test_two_locks_deadlock(self):
        rep = run("""
            import asyncio
            async def worker(a, b):
                async with a:
                    await asyncio.sleep(1)
                    async with b:
                        pass
            async def main():
                l1, l2 = asyncio.Lock(), asyncio.Lock()
                await asyncio.gather(worker(l1, l2), worker(l2, l1))
            asyncio.run(main())
        """)
        self.assertEqual(rep["stop"], "deadlock")
        self.assertEqual(rep["end"], 1.0)
        self.assertEqual([t["outcome"] for t in rep["tasks"]], ["pending"] * 3)

    def test_horizon(self):
        rep = run("""
            import asyncio
            async def main():
                while True:
                    await asyncio.sleep(1)
                    print("tick")
            asyncio.run(main())
        """, until=3.5)
        self.assertEqual(rep["stop"], "horizon")
        self.assertTrue(rep["truncated"])
        self.assertEqual(rep["end"], 3.5)
        self.assertEqual(len(rep["prints"]), 3)

    def test_infinite_timeouts_never_fire(self):
        rep = run("""
            import asyncio, math
            async def w():
                await asyncio.sleep(1)
                return 1
            async def main():
                async with asyncio.timeout(math.inf):
                    await asyncio.sleep(0.5)
                print(await asyncio.wait_for(w(), math.inf))
                await asyncio.sleep(math.inf)
            asyncio.run(main())
        """, until=10)
        self.assertEqual(texts(rep), [(1.5, "1")])
        self.assertEqual(rep["stop"], "horizon")
        self.assertEqual(rep["end"], 10.0)

    def test_horizon_inside_blocking_call(self):
        rep = run("""
            import asyncio, time
            async def main():
                time.sleep(10)
                print("never")
            asyncio.run(main())
        """, until=4)
        self.assertEqual((rep["stop"], rep["end"], rep["prints"]), ("horizon", 4.0, []))

    def test_never_yields(self):
        old = vclock.ITERATIONS_PER_INSTANT
        vclock.ITERATIONS_PER_INSTANT = 10_000
        try:
            rep = run("""
                import asyncio
                async def main():
                    while True:
                        await asyncio.sleep(0)
                asyncio.run(main())
            """)
        finally:
            vclock.ITERATIONS_PER_INSTANT = old
        self.assertEqual(rep["stop"], "never-yields")
        self.assertEqual(rep["end"], 0.0)

    def test_never_yields_counts_iterations_as_asyncviz_does(self):
        # N iterations at one instant run, the (N+1)-th stops the run: main's first step and then
        # N - 1 resumptions, each printing once (the harness ran one iteration more than asyncviz:
        # 1,000,000 prints against asyncviz's 999,999 for this loop).
        old = vclock.ITERATIONS_PER_INSTANT
        vclock.ITERATIONS_PER_INSTANT = 10
        try:
            rep = run("""
                import asyncio
                async def main():
                    while True:
                        await asyncio.sleep(0)
                        print("x")
                asyncio.run(main())
            """)
        finally:
            vclock.ITERATIONS_PER_INSTANT = old
        self.assertEqual(rep["stop"], "never-yields")
        self.assertEqual(len(rep["prints"]), 9)

    def test_taskgroup_abort_cancels_in_creation_order(self):
        rep = run("""
            import asyncio
            async def child(i):
                try:
                    await asyncio.sleep(10)
                except asyncio.CancelledError:
                    print("cancelled", i)
                    raise
            async def bad():
                await asyncio.sleep(1)
                raise ValueError("boom")
            async def main():
                try:
                    async with asyncio.TaskGroup() as tg:
                        for i in range(8):
                            tg.create_task(child(i))
                        tg.create_task(bad())
                except* ValueError as eg:
                    print("caught", eg.exceptions)
            asyncio.run(main())
        """)
        self.assertEqual([p["text"] for p in rep["prints"]][:8], [f"cancelled {i}" for i in range(8)])
        self.assertEqual(rep["prints"][-1]["text"], "caught (ValueError('boom'),)")
        self.assertEqual(rep["end"], 1.0)

    def test_run_shutdown_cancels_in_creation_order(self):
        rep = run("""
            import asyncio
            async def bg(i):
                try:
                    await asyncio.sleep(100)
                finally:
                    print("bye", i)
            async def main():
                for i in range(6):
                    asyncio.create_task(bg(i))
                await asyncio.sleep(1)
            asyncio.run(main())
        """)
        self.assertEqual([p["text"] for p in rep["prints"]], [f"bye {i}" for i in range(6)])
        self.assertEqual([t["outcome"] for t in rep["tasks"]], ["result"] + ["cancelled"] * 6)

    def test_task_naming_and_parents(self):
        rep = run("""
            import asyncio
            async def fetch(u):
                await asyncio.sleep(0.1)
            async def spawner():
                t = asyncio.create_task(fetch("x"))
                await t
            async def main():
                a = asyncio.create_task(fetch("a"))
                b = asyncio.create_task(fetch("b"), name="get b")
                c = asyncio.create_task(spawner())
                print(a.get_name(), b.get_name())
                await asyncio.gather(a, b, c)
            asyncio.run(main())
        """)
        names = [(t["id"], t["name"], t["parent"]) for t in rep["tasks"]]
        self.assertEqual(names, [(1, "main", None), (2, "fetch#1", 1), (3, "get b", 1),
                                 (4, "spawner#1", 1), (5, "fetch#3", 4)])
        self.assertEqual(rep["prints"][0]["text"], "fetch#1 get b")

    def test_main_raised(self):
        rep = run("""
            import asyncio
            async def main():
                await asyncio.sleep(1)
                raise ValueError("x")
            asyncio.run(main())
        """)
        self.assertEqual(rep["main_raised"], "ValueError: x")
        self.assertEqual(rep["stop"], "main-raised")
        self.assertEqual(rep["tasks"][0]["error"], "ValueError: x")

    def test_twin_goldens(self):
        """Every twin still produces its saved golden."""
        here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "twins")
        if not os.path.isdir(here):
            self.skipTest("no twins")
        for fn in sorted(os.listdir(here)):
            if not fn.endswith(".py"):
                continue
            gold = os.path.join(here, fn[:-3] + ".expected.json")
            if not os.path.exists(gold):
                continue
            with self.subTest(twin=fn):
                rep = vclock.run_program(os.path.join(here, fn))
                with open(gold, encoding="utf-8") as f:
                    self.assertEqual(vclock.dumps(rep) + "\n", f.read())


if __name__ == "__main__":
    unittest.main()
