import asyncio
import time


_T0 = time.monotonic()


def now():
    """Seconds since the program started (the virtual clock under the harness)."""
    return time.monotonic() - _T0


slots = None


async def download(i):
    async with slots:
        print(f"start file{i} at {now():.1f}s")
        await asyncio.sleep(1)
    return f"file{i}"


async def main():
    global slots
    slots = asyncio.Semaphore(3)
    files = await asyncio.gather(*[download(i) for i in range(1, 11)])
    print(f"{len(files)} files in {now():.1f}s")


if __name__ == "__main__":
    asyncio.run(main())
