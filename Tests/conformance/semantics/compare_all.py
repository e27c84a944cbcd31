#!/usr/bin/env python3
"""For every NAME.txt here with a twin NAME.py: asyncviz's summary vs CPython's (summarize.py).
    PYENV_VERSION=3.13.0 python3 Tests/conformance/semantics/compare_all.py [NAME ...]
Prints OK / DIFF per case and writes /tmp/sem/NAME.{cpython,asyncviz}."""
import glob, json, os, subprocess, sys
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE); sys.path.insert(0, os.path.dirname(HERE))
import vclock
from summarize import summary
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
os.makedirs("/tmp/sem", exist_ok=True)
names = sys.argv[1:] or sorted(os.path.basename(f)[:-4] for f in glob.glob(os.path.join(HERE, "*.txt")))
for n in names:
    src = open(os.path.join(HERE, n + ".txt")).read()
    until = 300.0
    for line in src.splitlines():
        if line.startswith("until "):
            until = float(line.split()[1])
    twin = os.path.join(HERE, n + ".py")
    rep = vclock.run_program(twin, until=until)
    cp = summary(rep)
    for w in vclock.LAST_WARNINGS if hasattr(vclock, "LAST_WARNINGS") else []:
        pass
    out = subprocess.run([os.path.join(ROOT, ".build/debug/asyncviz"), os.path.join(HERE, n + ".txt"), "--export", "json"],
                         capture_output=True, text=True)
    try:
        d = json.loads(out.stdout)
        d["prints"] = d["output"]
        av = summary(d)
    except Exception:
        av = "ERROR " + out.stderr
    open(f"/tmp/sem/{n}.cpython", "w").write(cp + "\n")
    open(f"/tmp/sem/{n}.asyncviz", "w").write(av + "\n")
    print(("OK   " if cp == av else "DIFF ") + n)
