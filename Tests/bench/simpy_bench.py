#!/usr/bin/env python3
"""SimPy twins of the asyncviz benchmark workloads W1 and W2.

Usage: simpy_bench.py W1|W2 N  -> prints one JSON line: events, wall seconds, virtual end."""
import json
import sys
import time

import simpy


def w1(env, i, sem=None):
    for k in range(10):
        d = 0.001 * (1 + (i * 7 + k * 13) % 10)
        if sem is None:
            yield env.timeout(d)
        else:
            with sem.request() as req:
                yield req
                yield env.timeout(d)


def main():
    workload, n = sys.argv[1], int(sys.argv[2])
    env = simpy.Environment()
    sem = simpy.Resource(env, capacity=100) if workload == "W2" else None
    t0 = time.perf_counter()
    for i in range(n):
        env.process(w1(env, i, sem))
    env.run()
    wall = time.perf_counter() - t0
    print(json.dumps({"events": n * 10, "wall": wall, "end": round(env.now, 6)}))


if __name__ == "__main__":
    main()
