import asyncio
import time


_T0 = time.monotonic()


def now():
    """Seconds since the program started (the virtual clock under the harness)."""
    return time.monotonic() - _T0


jobs = None


async def worker(name):
    while True:
        job = await jobs.get()
        print(f"{name} takes job {job} at {now():.1f}s")
        await asyncio.sleep(1)
        jobs.task_done()


async def main():
    global jobs
    jobs = asyncio.Queue(maxsize=2)
    w1 = asyncio.create_task(worker("w1"), name="w1")
    w2 = asyncio.create_task(worker("w2"), name="w2")
    for i in range(6):
        await jobs.put(i)
        print(f"queued job {i} at {now():.1f}s")
    await jobs.join()
    print(f"all jobs done at {now():.1f}s")
    w1.cancel()
    w2.cancel()


if __name__ == "__main__":
    asyncio.run(main())
