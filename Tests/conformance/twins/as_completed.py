import asyncio
import time


_T0 = time.monotonic()


def now():
    """Seconds since the program started (the virtual clock under the harness)."""
    return time.monotonic() - _T0


async def fetch(name, delay):
    await asyncio.sleep(delay)
    return f"{name} ({delay} s)"


async def main():
    tasks = [asyncio.create_task(fetch("slow", 3)),
             asyncio.create_task(fetch("fast", 1)),
             asyncio.create_task(fetch("medium", 2))]
    for c in asyncio.as_completed(tasks):
        r = await c
        print(f"got {r} at {now():.1f}s")


if __name__ == "__main__":
    asyncio.run(main())
