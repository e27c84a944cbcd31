#!/usr/bin/env python3
"""Run a Python twin on asyncviz's virtual clock and print the trace as JSON.

    python3 Tests/conformance/run_twin.py PROGRAM.py [--until S] [--workers N]
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import vclock  # noqa: E402


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("program")
    ap.add_argument("--until", type=float, default=300.0, help="horizon in virtual seconds (default 300)")
    ap.add_argument("--workers", type=int, default=4, help="to_thread pool size (default 4)")
    args = ap.parse_args(argv)
    if not os.path.isfile(args.program):
        ap.error(f"cannot read {args.program}")
    report = vclock.run_program(args.program, until=args.until, workers=args.workers)
    sys.stdout.write(vclock.dumps(report) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
