import asyncio
import time


_T0 = time.monotonic()


def now():
    """Seconds since the program started (the virtual clock under the harness)."""
    return time.monotonic() - _T0


async def request(i):
    await asyncio.sleep(0.5)
    return i


async def main():
    start = now()
    for i in range(100):
        await request(i)
    print(f"sequential: {now() - start:.1f}s")
    start = now()
    results = await asyncio.gather(*[request(i) for i in range(100)])
    print(f"concurrent: {now() - start:.1f}s for {len(results)} results")


if __name__ == "__main__":
    asyncio.run(main())
