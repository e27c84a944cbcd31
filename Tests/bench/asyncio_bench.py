#!/usr/bin/env python3
"""CPython asyncio on the conformance harness's virtual clock, for the benchmark workloads W1, W2.

Usage: asyncio_bench.py W1|W2 N  -> prints one JSON line: events, wall seconds, virtual end."""
import asyncio
import json
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "conformance"))
import vclock  # noqa: E402


async def worker(i, sem):
    for k in range(10):
        d = 0.001 * (1 + (i * 7 + k * 13) % 10)
        if sem is None:
            await asyncio.sleep(d)
        else:
            async with sem:
                await asyncio.sleep(d)


def main():
    workload, n = sys.argv[1], int(sys.argv[2])

    async def amain():
        sem = asyncio.Semaphore(100) if workload == "W2" else None
        await asyncio.gather(*(worker(i, sem) for i in range(n)))

    t0 = time.perf_counter()
    report = vclock.run_coroutine_main(amain)
    wall = time.perf_counter() - t0
    end = report["end"]
    print(json.dumps({"events": n * 10, "wall": wall, "end": round(end, 6)}))


if __name__ == "__main__":
    main()
