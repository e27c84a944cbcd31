import asyncio
import time


_T0 = time.monotonic()


def now():
    """Seconds since the program started (the virtual clock under the harness)."""
    return time.monotonic() - _T0


q = None


async def producer(n):
    for i in range(n):
        await asyncio.sleep(0.3)
        await q.put(f"item {i}")
        print(f"produced item {i} at {now():.1f}s")
    await q.put(None)


async def consumer():
    while True:
        item = await q.get()
        if item is None:
            break
        print(f"consumed {item} at {now():.1f}s")
        await asyncio.sleep(0.5)
    print("consumer done")


async def main():
    global q
    q = asyncio.Queue()
    await asyncio.gather(producer(5), consumer())


if __name__ == "__main__":
    asyncio.run(main())
