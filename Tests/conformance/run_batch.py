#!/usr/bin/env python3
"""Run many Python twins on the virtual clock and compare each with asyncviz's JSON export.

    python3 Tests/conformance/run_batch.py MANIFEST.json [--jobs 2] [--out RESULTS.json]

MANIFEST is a JSON list of cases: {"id": str, "python": twin source, "until": seconds,
"asyncviz": asyncviz's JSON export (a string or an object)}.  Each case runs in a worker process
(`--jobs`, default 2; the harness keeps global state, so one run per process at a time) under a
wall-clock limit per case.  The output is a JSON list, in manifest order, of
{"id", "ok", "diff", "error"}: `diff` is compare.py's first difference (None when they agree);
`error` says the twin could not be run (a Python exception outside the scenario, a time-out).
The exit status is 0 when every case agrees."""
import argparse
import concurrent.futures
import gc
import json
import multiprocessing
import os
import signal
import sys
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import compare  # noqa: E402
import vclock  # noqa: E402

WALL_LIMIT = 20  # seconds of real time per twin


class _WallClock(BaseException):
    pass


def _alarm(signum, frame):
    raise _WallClock()


def _collect_garbage():
    """Finalise what the twin left (coroutines never awaited or never finished) now, with
    printing muted, so that nothing of it runs during the next case."""
    saved = sys.stdout
    try:
        sys.stdout = open(os.devnull, "w")
        gc.collect()
    finally:
        sys.stdout.close()
        sys.stdout = saved


def run_case(case):
    out = {"id": case["id"], "ok": False, "diff": None, "error": None}
    try:
        signal.signal(signal.SIGALRM, _alarm)
        # re-armed every second: a twin's `except BaseException` cannot swallow it for good
        signal.setitimer(signal.ITIMER_REAL, WALL_LIMIT, 1.0)
        try:
            theirs = vclock.run_source(case["python"], until=case.get("until", 300.0),
                                       workers=case.get("workers", 4), filename=f"<{case['id']}>")
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            _collect_garbage()
    except _WallClock:
        out["error"] = f"the twin ran for more than {WALL_LIMIT} s of real time"
        return out
    except BaseException:
        out["error"] = "harness error: " + traceback.format_exc(limit=6)
        return out
    ours = case["asyncviz"]
    if isinstance(ours, str):
        ours = json.loads(ours)
    out["cpython"] = {k: theirs.get(k) for k in ("end", "stop", "main_raised")}
    out["diff"] = compare.compare(ours, theirs)
    out["ok"] = out["diff"] is None
    return out


def run_all(cases, jobs=2):
    if jobs <= 1 or len(cases) <= 1:
        return [run_case(c) for c in cases]
    ctx = multiprocessing.get_context("fork")
    results = [None] * len(cases)
    chunks = [list(range(i, min(i + 8, len(cases)))) for i in range(0, len(cases), 8)]
    retry = []
    with concurrent.futures.ProcessPoolExecutor(jobs, mp_context=ctx) as pool:
        futs = {pool.submit(_run_chunk, [cases[i] for i in chunk]): chunk for chunk in chunks}
        for fut, chunk in futs.items():
            try:
                for i, r in zip(chunk, fut.result()):
                    results[i] = r
            except concurrent.futures.process.BrokenProcessPool:
                retry += chunk
    for i in retry:  # a worker died: run these one by one, each in a process of its own
        with concurrent.futures.ProcessPoolExecutor(1, mp_context=ctx) as pool:
            try:
                results[i] = pool.submit(run_case, cases[i]).result()
            except concurrent.futures.process.BrokenProcessPool:
                results[i] = {"id": cases[i]["id"], "ok": False, "diff": None,
                              "error": "the harness process died running this twin"}
    return results


def _run_chunk(chunk):
    return [run_case(c) for c in chunk]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("manifest")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--out", help="write the results here (default: standard output)")
    args = ap.parse_args(argv)
    with open(args.manifest, encoding="utf-8") as f:
        cases = json.load(f)
    results = run_all(cases, args.jobs)
    text = json.dumps(results, ensure_ascii=False, indent=1)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(text + "\n")
    else:
        sys.stdout.write(text + "\n")
    return 0 if all(r["ok"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
