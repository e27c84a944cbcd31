import asyncio
import time


_T0 = time.monotonic()


def now():
    """Seconds since the program started (the virtual clock under the harness)."""
    return time.monotonic() - _T0


async def ticker():
    for _ in range(6):
        print(f"tick at {now():.1f}s")
        await asyncio.sleep(0.5)


async def crunch():
    await asyncio.sleep(1.2)
    print("crunch: 2 s of blocking work")
    time.sleep(2)
    print(f"crunch: done at {now():.1f}s")


async def main():
    await asyncio.gather(ticker(), crunch())


if __name__ == "__main__":
    asyncio.run(main())
