import asyncio
import time


_T0 = time.monotonic()


def now():
    """Seconds since the program started (the virtual clock under the harness)."""
    return time.monotonic() - _T0


async def slow_operation():
    print(f"slow operation started at {now():.1f}s")
    try:
        await asyncio.sleep(5)
    except asyncio.CancelledError:
        print(f"slow operation cancelled at {now():.1f}s")
        raise
    return "finished"


async def main():
    try:
        r = await asyncio.wait_for(slow_operation(), 2)
        print(r)
    except TimeoutError:
        print(f"gave up after {now():.1f}s")
    r = await asyncio.wait_for(slow_operation(), 10)
    print(f"with more time: {r} at {now():.1f}s")


if __name__ == "__main__":
    asyncio.run(main())
