#!/usr/bin/env python3
"""Compare asyncviz's JSON export with the CPython harness's trace of the Python twin.

Both are JSON files (or dicts). Prints the first difference and returns non-zero on a mismatch.
Compared: tasks in creation order (name, parent, created, finished, outcome, result, error),
printed lines in order with their times, the end time and how the run stopped."""
import json
import sys


def norm_tasks(tasks):
    out = []
    for t in tasks:
        out.append({k: t.get(k) for k in ("id", "name", "parent", "created", "finished", "outcome", "result", "error")})
    return out


def norm_prints(trace):
    if "prints" in trace:
        return [(p["t"], p["text"]) for p in trace["prints"]]
    return [(p["t"], p["text"]) for p in trace.get("output", [])]


def compare(ours, theirs):
    """Returns None when they agree, else a sentence naming the first difference."""
    ot, tt = norm_tasks(ours["tasks"]), norm_tasks(theirs["tasks"])
    for i in range(max(len(ot), len(tt))):
        a = ot[i] if i < len(ot) else None
        b = tt[i] if i < len(tt) else None
        if a != b:
            if a is None or b is None:
                return f"task #{i+1}: asyncviz {a} vs CPython {b}"
            diffs = [f"{k}: asyncviz {a[k]!r} vs CPython {b[k]!r}" for k in a if a[k] != b.get(k)]
            return f"task #{i+1} ({b['name']}): " + "; ".join(diffs)
    op, tp = norm_prints(ours), norm_prints(theirs)
    for i in range(max(len(op), len(tp))):
        a = op[i] if i < len(op) else None
        b = tp[i] if i < len(tp) else None
        if a != b:
            return f"print #{i+1}: asyncviz {a!r} vs CPython {b!r}"
    if ours.get("end") != theirs.get("end"):
        return f"end: asyncviz {ours.get('end')} vs CPython {theirs.get('end')}"
    ostop, tstop = ours.get("stop"), theirs.get("stop")
    if ostop == "main-raised":
        ostop = "finished"
    if tstop == "main-raised":
        tstop = "finished"
    if ostop != tstop:
        return f"stop: asyncviz {ours.get('stop')} vs CPython {theirs.get('stop')}"
    return None


if __name__ == "__main__":
    a = json.load(open(sys.argv[1]))
    b = json.load(open(sys.argv[2]))
    d = compare(a, b)
    if d:
        print(d)
        sys.exit(1)
    print("match")
