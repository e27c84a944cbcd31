"""vclock -- run an ordinary asyncio program on a deterministic virtual clock.

This is asyncviz's CPython conformance harness (SPEC §2.1).  A "Python twin"
(``async def main(): ...`` + ``asyncio.run(main())``) is executed by the real
CPython asyncio machinery -- ``asyncio.run``, ``Runner``, ``BaseEventLoop.
_run_once``, tasks, futures, locks, queues, TaskGroup, timeouts -- with only
these changes:

* ``VirtualEventLoop.time()`` is a virtual clock kept as an integer number of
  microseconds.  The loop's "selector" never sleeps: when ``_run_once`` asks it
  to wait, it jumps the clock to the earliest timer (or to the earliest
  completion of a virtual worker, whichever comes first).  ``_run_once`` itself
  is CPython's own, unmodified.
* Timer deadlines are rounded to whole microseconds and equal deadlines fire
  in scheduling order (``VTimerHandle`` orders by ``(when, seq)``).
* ``time.sleep(D)`` in the program advances the virtual clock by D while the
  caller keeps the loop (the twin of asyncviz's ``cpu D``).
* The default executor is a virtual pool of N workers (``VirtualPool``): a job
  runs on the lowest-numbered free worker (FIFO queue when all are busy) and
  ends D virtual seconds after it starts, D being the sum of the
  ``time.sleep`` calls it makes.  Completion is delivered through the real
  ``concurrent.futures.Future`` -> ``call_soon_threadsafe`` path.
* Set iterations whose order depends on memory addresses are made to follow
  creation order: ``TaskGroup._abort`` and ``asyncio.runners._cancel_all_tasks``.
* Tasks are CPython's pure-Python ``_PyTask`` (same algorithm as the C task)
  subclassed only to observe the instant they finish.

Standard library only; works on CPython >= 3.12, validated on 3.13.0.
"""

from __future__ import annotations

import asyncio
import asyncio.base_events as _base_events
import asyncio.events as _events
import asyncio.runners as _runners
import asyncio.taskgroups as _taskgroups
import asyncio.tasks as _tasks
import builtins
import concurrent.futures
import heapq
import io
import json
import logging
import os
import runpy
import sys
import threading
import time as _time
import warnings

__all__ = ["run_program", "run_coroutine_main", "HarnessConfig", "VirtualEventLoop"]

US = 1_000_000
ITERATIONS_PER_INSTANT = 1_000_000


# An infinite deadline (asyncio.timeout(math.inf), sleep(math.inf)) never comes: it sits past
# any horizon, as asyncviz's clock puts it (Micros.max / 4).
FAR_US = (2**63 - 1) // 4


def to_us(seconds: float) -> int:
    """Round a duration / instant in seconds to whole microseconds."""
    if seconds != seconds:
        raise ValueError("cannot convert float NaN to integer")
    us = seconds * US
    if us >= FAR_US:
        return FAR_US
    if us <= -FAR_US:
        return -FAR_US
    return int(round(us))


def secs(us: int) -> float:
    return round(us / US, 6)


class HarnessStop(BaseException):
    """Raised to unwind the program when the harness stops the run."""


# --------------------------------------------------------------------------------------------
# Global state of one run (the harness is single-threaded; one run at a time).

class _Run:
    def __init__(self, until_us: int, workers: int):
        self.now_us = 0
        self.until_us = until_us
        self.workers = workers
        self.stop: str | None = None        # "deadlock" | "never-yields" | "horizon"
        self.frozen = False                 # after a stop, nothing more is recorded
        self.tasks: list[dict] = []         # task records, creation order
        self.task_info: dict[int, dict] = {}  # id(task) -> record
        self.task_objs: list = []           # keep tasks alive (ids stay unique)
        self.per_def: dict[str, int] = {}
        self.prints: list[dict] = []
        self.worker_busy: list[list] = []   # per worker: [start, end, task_id]
        self.in_job: list | None = None     # [duration_us] while a pool job runs
        self.loop: "VirtualEventLoop | None" = None
        self.pool: "VirtualPool | None" = None
        self.same_instant_iterations = 0
        self.last_select_us = -1
        self.warnings: list[dict] = []

    # ---- stopping -------------------------------------------------------------------------
    def halt(self, reason: str):
        if self.stop is None:
            self.stop = reason
            self.frozen = True
        raise HarnessStop(reason)

    # ---- clock ----------------------------------------------------------------------------
    def advance_to(self, target_us: int):
        """Move the clock to target_us, completing pool jobs that end on the way."""
        if target_us > self.until_us:
            if self.pool is not None:
                self.pool.run_until(self.until_us)
            self.now_us = max(self.now_us, self.until_us)
            self.halt("horizon")
        if self.pool is not None:
            self.pool.run_until(target_us)
        if target_us > self.now_us:
            self.now_us = target_us


RUN: _Run | None = None


# --------------------------------------------------------------------------------------------
# Patched time functions

_real_sleep = _time.sleep
_real_time = _time.time
_real_monotonic = _time.monotonic
_real_perf_counter = _time.perf_counter


def _virtual_sleep(seconds):
    run = RUN
    if run is None:
        return _real_sleep(seconds)
    if run.frozen:
        raise HarnessStop(run.stop)
    if seconds < 0:
        raise ValueError("sleep length must be non-negative")
    d = to_us(seconds)
    if run.in_job is not None:          # inside a pool worker: the job lasts d longer
        run.in_job[0] += d
        return None
    run.advance_to(run.now_us + d)      # blocking call: the loop is held meanwhile
    return None


def _virtual_now():
    run = RUN
    if run is None:
        return _real_monotonic()
    return run.now_us / US


# --------------------------------------------------------------------------------------------
# Timer handles: microsecond grid, ties broken by scheduling order

_timer_seq = 0


class VTimerHandle(_events.TimerHandle):
    __slots__ = ("_seq", "_when_us")

    def __init__(self, when_us, callback, args, loop, context=None):
        global _timer_seq
        super().__init__(when_us / US, callback, args, loop, context)
        _timer_seq += 1
        self._seq = _timer_seq
        self._when_us = when_us

    def _key(self):
        return (self._when_us, self._seq)

    def __hash__(self):
        return hash(self._key())

    def __lt__(self, other):
        if isinstance(other, VTimerHandle):
            return self._key() < other._key()
        return NotImplemented

    def __le__(self, other):
        if isinstance(other, VTimerHandle):
            return self._key() <= other._key()
        return NotImplemented

    def __gt__(self, other):
        if isinstance(other, VTimerHandle):
            return self._key() > other._key()
        return NotImplemented

    def __ge__(self, other):
        if isinstance(other, VTimerHandle):
            return self._key() >= other._key()
        return NotImplemented

    def __eq__(self, other):
        return self is other


# --------------------------------------------------------------------------------------------
# Tasks: CPython's pure-Python Task, observed when it completes

class TracedTask(_tasks._PyTask):
    # futures.Future calls self.__schedule_callbacks() (mangled to this name) exactly when
    # the future becomes done: result, exception or cancellation.
    def _Future__schedule_callbacks(self):
        run = RUN
        if run is not None and not run.frozen:
            rec = run.task_info.get(id(self))
            if rec is not None and rec["finished"] is None:
                rec["finished"] = secs(run.now_us)
                if self.cancelled():
                    rec["outcome"] = "cancelled"
                else:
                    exc = self.exception()
                    if exc is None:
                        rec["outcome"] = "result"
                        rec["result"] = _safe_repr(self.result())
                    else:
                        rec["outcome"] = "exception"
                        rec["error"] = format_exc(exc)
        super()._Future__schedule_callbacks()

    def set_name(self, value):
        # 3.12's asyncio.create_task names the task after loop.create_task returned
        super().set_name(value)
        run = RUN
        if run is not None and not run.frozen:
            rec = run.task_info.get(id(self))
            if rec is not None:
                rec["name"] = str(value)


def _safe_repr(v):
    try:
        return repr(v)
    except Exception as e:  # pragma: no cover
        return f"<repr failed: {e!r}>"


def format_exc(exc: BaseException) -> str:
    name = type(exc).__name__
    msg = str(exc)
    return f"{name}: {msg}" if msg else name


# --------------------------------------------------------------------------------------------
# The virtual thread pool

class VirtualPool(concurrent.futures.Executor):
    """A pool of `workers` virtual threads.  No real thread is ever started."""

    def __init__(self, run: _Run, workers: int):
        self._run = run
        self._n = max(1, int(workers))
        self._free = list(range(self._n))       # heap of free worker indexes
        self._running = []                      # heap of (end_us, seq, worker, fut, result, exc, task_id, start)
        self._queue = []                        # FIFO of (seq, fut, fn, args, kwargs, task_id)
        self._seq = 0
        self._idle_waiters = []
        self._shutdown = False
        run.worker_busy = [[] for _ in range(self._n)]

    def submit(self, fn, /, *args, **kwargs):
        if self._shutdown:
            raise RuntimeError("cannot schedule new futures after shutdown")
        fut = concurrent.futures.Future()
        self._seq += 1
        task = None
        loop = self._run.loop
        if loop is not None:
            try:
                task = asyncio.current_task(loop)
            except RuntimeError:
                task = None
        rec = self._run.task_info.get(id(task)) if task is not None else None
        self._queue.append((self._seq, fut, fn, args, kwargs, rec["id"] if rec else None))
        self._dispatch()
        return fut

    def _dispatch(self):
        run = self._run
        while self._queue and self._free:
            seq, fut, fn, args, kwargs, task_id = self._queue.pop(0)
            if not fut.set_running_or_notify_cancel():
                continue                        # cancelled while queued: never runs
            worker = heapq.heappop(self._free)
            run.in_job = [0]
            result = exc = None
            try:
                result = fn(*args, **kwargs)
            except HarnessStop:
                raise
            except BaseException as e:          # delivered to the awaiting future
                exc = e
            finally:
                dur = run.in_job[0]
                run.in_job = None
            start = run.now_us
            heapq.heappush(self._running, (start + dur, seq, worker, fut, result, exc, task_id, start))

    def busy(self) -> bool:
        return bool(self._running)

    def next_end(self):
        return self._running[0][0] if self._running else None

    def run_until(self, target_us: int):
        """Complete, in (end, submission) order, every job that ends at or before target_us."""
        run = self._run
        while self._running and self._running[0][0] <= target_us:
            end, seq, worker, fut, result, exc, task_id, start = heapq.heappop(self._running)
            if end > run.now_us:
                run.now_us = end
            if not run.frozen:
                run.worker_busy[worker].append([secs(start), secs(end), task_id])
            heapq.heappush(self._free, worker)
            # The worker thread sets the concurrent future; its done-callback
            # (_chain_future._call_set_state) calls loop.call_soon_threadsafe.
            if exc is not None:
                fut.set_exception(exc)
            else:
                fut.set_result(result)
            self._dispatch()
            if not self._running and not self._queue:
                waiters, self._idle_waiters = self._idle_waiters, []
                for cb in waiters:
                    cb()

    def when_idle(self, cb):
        if not self._running and not self._queue:
            cb()
        else:
            self._idle_waiters.append(cb)

    def shutdown(self, wait=True, *, cancel_futures=False):
        self._shutdown = True


# --------------------------------------------------------------------------------------------
# The loop

class _VirtualSelector:
    """Stands in for the selector: select(timeout) advances the virtual clock."""

    def __init__(self, loop):
        self._loop = loop

    def select(self, timeout=None):
        run = RUN
        loop = self._loop
        if run.frozen:
            raise HarnessStop(run.stop)
        # at most ITERATIONS_PER_INSTANT loop iterations without the clock moving
        if run.now_us == run.last_select_us:
            run.same_instant_iterations += 1
            if run.same_instant_iterations > ITERATIONS_PER_INSTANT:
                run.halt("never-yields")
        else:
            run.last_select_us = run.now_us
            run.same_instant_iterations = 1  # this select is the first iteration at the instant (asyncviz counts it)
        pool = run.pool
        if timeout is not None and timeout <= 0:
            # something is ready: only deliver worker completions due now
            run.advance_to(run.now_us)
            return []
        # Nothing ready.  Candidates: the earliest timer, the earliest worker completion.
        target = None
        if timeout is not None:
            head = loop._scheduled[0]
            target = max(head._when_us, run.now_us)
        job_end = pool.next_end() if pool is not None else None
        if job_end is not None and (target is None or job_end <= target):
            target = max(job_end, run.now_us)
        if target is None:
            run.halt("deadlock")
        run.advance_to(target)
        return []

    def close(self):
        pass


class VirtualEventLoop(_base_events.BaseEventLoop):
    def __init__(self):
        super().__init__()
        self._selector = _VirtualSelector(self)
        self._clock_resolution = 1e-9
        self.set_debug(False)
        run = RUN
        run.loop = self
        run.pool = VirtualPool(run, run.workers)
        self._default_executor = run.pool
        self.set_exception_handler(self._record_exception)

    # -- the clock --
    def time(self):
        return RUN.now_us / US

    # -- selector plumbing (no real file descriptors) --
    def _process_events(self, event_list):
        pass

    def _write_to_self(self):
        pass

    def close(self):
        super().close()

    # -- timers on the microsecond grid, FIFO on ties --
    def call_at(self, when, callback, *args, context=None):
        if when is None:
            raise TypeError("when cannot be None")
        self._check_closed()
        timer = VTimerHandle(to_us(when), callback, args, self, context)
        if timer._source_traceback:
            del timer._source_traceback[-1]
        heapq.heappush(self._scheduled, timer)
        timer._scheduled = True
        return timer

    def call_later(self, delay, callback, *args, context=None):
        if delay is None:
            raise TypeError("delay must not be None")
        # deadline = now + round(delay) on the µs grid
        return self.call_at((RUN.now_us + to_us(delay)) / US, callback, *args, context=context)

    # -- tasks --
    def create_task(self, coro, *, name=None, context=None, **kw):
        self._check_closed()
        task = TracedTask(coro, loop=self, name=name, context=context, **kw)
        if task._source_traceback:
            del task._source_traceback[-1]
        qual = getattr(getattr(coro, "cr_code", None), "co_qualname", "") or ""
        internal = qual.startswith(("BaseEventLoop.", "VirtualEventLoop."))
        run = RUN
        if not internal and not run.frozen:
            # The coroutine's __name__ (the function's, which a twin may set back to the
            # scenario's spelling when it renamed a def, e.g. `random_` for `random`).
            defname = getattr(coro, "__name__", None) or getattr(getattr(coro, "cr_code", None), "co_name", None) or type(coro).__name__
            n = run.per_def.get(defname, 0) + 1
            run.per_def[defname] = n
            try:
                parent = asyncio.current_task(self)
            except RuntimeError:
                parent = None
            prec = run.task_info.get(id(parent)) if parent is not None else None
            if name is None:
                label = "main" if not run.tasks else f"{defname}#{n}"
                task.set_name(label)
            else:
                label = str(name)
            rec = {"id": len(run.tasks) + 1, "name": label,
                   "parent": prec["id"] if prec else None,
                   "created": secs(run.now_us), "finished": None,
                   "outcome": "pending", "result": None, "error": None}
            run.tasks.append(rec)
            run.task_info[id(task)] = rec
            run.task_objs.append(task)
        return task

    # -- the executor --
    def set_default_executor(self, executor):
        # a twin that sizes the pool (ThreadPoolExecutor(max_workers=N)) gets a virtual one
        n = getattr(executor, "_max_workers", None) or RUN.workers
        if executor is not RUN.pool:
            try:
                executor.shutdown(wait=False)
            except Exception:
                pass
        RUN.workers = n
        RUN.pool = VirtualPool(RUN, n)
        self._default_executor = RUN.pool

    async def shutdown_default_executor(self, timeout=None):
        self._executor_shutdown_called = True
        pool = self._default_executor
        if pool is None:
            return
        future = self.create_future()

        def idle():
            if not self.is_closed():
                self.call_soon_threadsafe(
                    asyncio.futures._set_result_unless_cancelled, future, None)
        pool.when_idle(idle)
        try:
            async with asyncio.timeout(timeout):
                await future
        except TimeoutError:
            warnings.warn("The executor did not finishing joining "
                          f"its threads within {timeout} seconds.",
                          RuntimeWarning, stacklevel=2)
        pool.shutdown(wait=False)

    def _record_exception(self, loop, context):
        run = RUN
        if run is None or run.frozen:
            return
        msg = context.get("message", "")
        exc = context.get("exception")
        text = msg + (f": {format_exc(exc)}" if exc is not None else "")
        run.warnings.append({"t": secs(run.now_us), "text": text})


class _Policy(asyncio.DefaultEventLoopPolicy):
    def new_event_loop(self):
        return VirtualEventLoop()


# --------------------------------------------------------------------------------------------
# Creation-order patches for CPython's set iterations

def _creation_key(task):
    rec = RUN.task_info.get(id(task)) if RUN else None
    return rec["id"] if rec else 1 << 60


def _patched_abort(self):
    self._aborting = True
    for t in sorted(self._tasks, key=_creation_key):
        if not t.done():
            t.cancel()


def _patched_cancel_all_tasks(loop):
    if RUN is not None and RUN.frozen:
        return
    to_cancel = sorted(_tasks.all_tasks(loop), key=_creation_key)
    if not to_cancel:
        return
    for task in to_cancel:
        task.cancel()
    loop.run_until_complete(_tasks.gather(*to_cancel, return_exceptions=True))
    for task in to_cancel:
        if task.cancelled():
            continue
        if task.exception() is not None:
            loop.call_exception_handler({
                'message': 'unhandled exception during asyncio.run() shutdown',
                'exception': task.exception(),
                'task': task,
            })


def _patched_as_completed_init(self, aws, timeout):
    """CPython 3.13's _AsCompletedIterator.__init__, iterating the awaitables in argument order
    instead of set order: for futures already done, set order decides which completes first."""
    import asyncio.queues as _queues
    self._done = _queues.Queue()
    self._timeout_handle = None
    loop = _events.get_event_loop()
    seen, ordered = set(), []
    for aw in aws:
        if id(aw) not in seen:
            seen.add(id(aw))
            ordered.append(aw)
    todo = [_tasks.ensure_future(aw, loop=loop) for aw in ordered]
    for f in todo:
        f.add_done_callback(self._handle_completion)
    if todo and timeout is not None:
        self._timeout_handle = loop.call_later(timeout, self._handle_timeout)
    self._todo = set(todo)
    self._todo_left = len(todo)


# --------------------------------------------------------------------------------------------
# print capture

def _make_print(run: _Run):
    real_print = builtins.print

    def vprint(*args, sep=" ", end="\n", file=None, flush=False):
        if file is not None and file not in (sys.stdout, sys.__stdout__):
            return real_print(*args, sep=sep, end=end, file=file, flush=flush)
        if run.frozen:
            return None
        buf = io.StringIO()
        real_print(*args, sep=sep, end=end, file=buf)
        text = buf.getvalue()
        if text.endswith("\n"):
            text = text[:-1]
        run.prints.append({"t": secs(run.now_us), "text": text})
        return None
    return vprint


# --------------------------------------------------------------------------------------------
# Running a program

class HarnessConfig:
    def __init__(self, until: float = 300.0, workers: int = 4):
        self.until = until
        self.workers = workers


class _Patches:
    def __init__(self, run):
        self.run = run

    def __enter__(self):
        self.saved = [
            (_time, "sleep", _time.sleep), (_time, "time", _time.time),
            (_time, "monotonic", _time.monotonic), (_time, "perf_counter", _time.perf_counter),
            (builtins, "print", builtins.print),
            (_taskgroups.TaskGroup, "_abort", _taskgroups.TaskGroup._abort),
            (_runners, "_cancel_all_tasks", _runners._cancel_all_tasks),
        ]
        if hasattr(_tasks, "_AsCompletedIterator"):
            self.saved.append((_tasks._AsCompletedIterator, "__init__", _tasks._AsCompletedIterator.__init__))
            _tasks._AsCompletedIterator.__init__ = _patched_as_completed_init
        _time.sleep = _virtual_sleep
        _time.time = _virtual_now
        _time.monotonic = _virtual_now
        _time.perf_counter = _virtual_now
        builtins.print = _make_print(self.run)
        _taskgroups.TaskGroup._abort = _patched_abort
        _runners._cancel_all_tasks = _patched_cancel_all_tasks
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            self.saved_policy = asyncio.get_event_loop_policy()
            asyncio.set_event_loop_policy(_Policy())
        self.log_level = logging.getLogger("asyncio").level
        logging.getLogger("asyncio").setLevel(logging.CRITICAL + 1)
        return self

    def __exit__(self, *exc):
        for obj, attr, val in self.saved:
            setattr(obj, attr, val)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            asyncio.set_event_loop_policy(self.saved_policy)
        logging.getLogger("asyncio").setLevel(self.log_level)
        return False


def _execute(body, config: HarnessConfig) -> dict:
    global RUN, _timer_seq
    run = _Run(to_us(config.until), config.workers)
    RUN = run
    _timer_seq = 0
    main_raised = None
    try:
        with _Patches(run), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                body()
            except HarnessStop:
                pass
            except SystemExit:
                pass
            except BaseException as e:  # main raised (asyncio.run re-raises it)
                if run.stop is None:
                    main_raised = format_exc(e)
            # Tasks left pending (after a stop, or when asyncio.run itself raised) are closed
            # now, still patched: a `finally` that prints then must not reach the real stdout,
            # and the trace is frozen, so nothing is recorded either.
            run.frozen = True
            _close_leftovers(run)
    finally:
        RUN = None
    return _report(run, main_raised)


def _close_leftovers(run: _Run):
    """After a stop, close the coroutines of unfinished tasks now (quietly), rather than
    letting the garbage collector do it later against a closed loop."""
    for task in run.task_objs:
        if not task.done():
            task._log_destroy_pending = False
            coro = getattr(task, "_coro", None)
            if coro is not None:
                try:
                    coro.close()
                except BaseException:
                    pass


def _report(run: _Run, main_raised) -> dict:
    stop = run.stop or ("main-raised" if main_raised else "finished")
    out = {
        "end": secs(min(run.now_us, run.until_us)),
        "truncated": run.stop == "horizon",
        "stop": stop,
        "tasks": [dict(t) for t in run.tasks],
        "workers": [{"id": i + 1, "busy": b} for i, b in enumerate(run.worker_busy) if b],
        "prints": run.prints,
        "main_raised": main_raised,
    }
    if run.stop == "deadlock":
        out["waiting"] = [{"id": t["id"], "name": t["name"]} for t in run.tasks
                          if t["outcome"] == "pending"]
    return out


def run_program(path: str, until: float = 300.0, workers: int = 4) -> dict:
    """Run the Python program at `path` (as __main__) on the virtual clock."""
    path = os.path.abspath(path)
    sys.path.insert(0, os.path.dirname(path))
    try:
        return _execute(lambda: runpy.run_path(path, run_name="__main__"),
                        HarnessConfig(until, workers))
    finally:
        if sys.path and sys.path[0] == os.path.dirname(path):
            sys.path.pop(0)


def run_source(source: str, until: float = 300.0, workers: int = 4, filename="<twin>") -> dict:
    """Run Python source text as __main__ on the virtual clock."""
    code = compile(source, filename, "exec")

    def body():
        exec(code, {"__name__": "__main__", "__builtins__": builtins})
    return _execute(body, HarnessConfig(until, workers))


def run_coroutine_main(main, until: float = 300.0, workers: int = 4) -> dict:
    """asyncio.run(main()) on the virtual clock (main: a coroutine function)."""
    return _execute(lambda: asyncio.run(main()), HarnessConfig(until, workers))


def dumps(report: dict) -> str:
    """JSON with one task / print / worker per line (stable, diff-friendly)."""
    lines = ["{"]
    keys = list(report)
    for i, k in enumerate(keys):
        v = report[k]
        comma = "," if i < len(keys) - 1 else ""
        if isinstance(v, list) and v:
            lines.append(f"  {json.dumps(k)}: [")
            for j, item in enumerate(v):
                c = "," if j < len(v) - 1 else ""
                lines.append("    " + json.dumps(item, ensure_ascii=False) + c)
            lines.append("  ]" + comma)
        else:
            lines.append(f"  {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}{comma}")
    lines.append("}")
    return "\n".join(lines)
