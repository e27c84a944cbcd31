#!/usr/bin/env python3
"""Run Python twins on the virtual clock and print the canonical summary the Swift
SemanticsTests compare against (`Sim.summary(trace)` in Tests/SchedulerSimTests/SimTestSupport.swift).

    PYENV_VERSION=3.13.0 python3 Tests/conformance/semantics/summarize.py [NAME.py ...] [--until S]

Format: `end T STOP`, then one `T text` line per print, then one `name outcome value @T` line per task.
Times are seconds on the microsecond grid with trailing zeros removed. The harness's warnings
(`call_exception_handler`) follow as `warning T text`.
"""
import glob
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import vclock  # noqa: E402


def ts(t):
    if t is None:
        return "-"
    us = round(t * 1_000_000)
    s = f"{us // 1_000_000}.{us % 1_000_000:06d}".rstrip("0")
    return s + "0" if s.endswith(".") else s


def summary(report):
    lines = [f"end {ts(report['end'])} {report['stop']}"]
    for p in report["prints"]:
        lines.append(f"{ts(p['t'])} {p['text']}")
    for t in report["tasks"]:
        o = t["outcome"]
        v = t["result"] if o == "result" else t["error"] if o == "exception" else ""
        lines.append(f"{t['name']} {o}{' ' + v if v else ''} @{ts(t['finished'])}")
    names = {t["id"]: t["name"] for t in report["tasks"]}
    for w in report.get("workers", []):
        if w["busy"]:
            lines.append(f"worker {w['id']}: " + ", ".join(f"{ts(a)}-{ts(b)} {names.get(k, k)}" for a, b, k in w["busy"]))
    return "\n".join(lines)


def main():
    args = sys.argv[1:]
    until = 300.0
    if "--until" in args:
        i = args.index("--until")
        until = float(args[i + 1])
        del args[i:i + 2]
    files = args or sorted(glob.glob(os.path.join(HERE, "*.py")))
    for f in files:
        if os.path.basename(f).startswith(("_", "summarize", "compare")):
            continue
        src = open(f).read()
        u = until
        for line in src.splitlines():
            if line.startswith("# until "):
                u = float(line.split()[2])
        print(f"== {os.path.basename(f)[:-3]}")
        print(summary(vclock.run_program(f, until=u)))
        print()


if __name__ == "__main__":
    main()
