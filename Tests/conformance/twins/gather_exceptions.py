import asyncio
import time


_T0 = time.monotonic()


def now():
    """Seconds since the program started (the virtual clock under the harness)."""
    return time.monotonic() - _T0


async def ok(n):
    await asyncio.sleep(n)
    return n


async def fail(delay, message):
    await asyncio.sleep(delay)
    raise ValueError(message)


async def main():
    results = await asyncio.gather(ok(1), fail(0.5, "bad input"), ok(2), return_exceptions=True)
    print(results)
    try:
        await asyncio.gather(ok(1), fail(0.5, "boom"), ok(2))
    except ValueError as e:
        print(f"gather raised: {e} at {now():.1f}s")
    await asyncio.sleep(2)
    print(f"main done at {now():.1f}s")


if __name__ == "__main__":
    asyncio.run(main())
