import asyncio
import time


_T0 = time.monotonic()


def now():
    """Seconds since the program started (the virtual clock under the harness)."""
    return time.monotonic() - _T0


async def worker(name, delay):
    try:
        await asyncio.sleep(delay)
        print(f"{name} done at {now():.1f}s")
        return name
    except asyncio.CancelledError:
        print(f"{name} cancelled at {now():.1f}s")
        raise


async def flaky():
    await asyncio.sleep(1)
    raise ValueError("flaky failed")


async def main():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(worker("fast", 0.5), name="fast")
            tg.create_task(worker("slow", 3), name="slow")
            tg.create_task(flaky(), name="flaky")
        print("not reached")
    except ExceptionGroup as eg:
        print(f"caught: {eg}")


if __name__ == "__main__":
    asyncio.run(main())
