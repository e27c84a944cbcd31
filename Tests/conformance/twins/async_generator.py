import asyncio
import time


_T0 = time.monotonic()


def now():
    """Seconds since the program started (the virtual clock under the harness)."""
    return time.monotonic() - _T0


stream = None


async def ticker(n):
    for i in range(n):
        await asyncio.sleep(0.5)
        await stream.put(i)
    await stream.put(None)


async def main():
    global stream
    stream = asyncio.Queue(maxsize=1)
    asyncio.create_task(ticker(4), name="ticker")
    while True:
        value = await stream.get()
        if value is None:
            break
        print(f"got {value} at {now():.1f}s")
        await asyncio.sleep(0.2)
    print("stream finished")


if __name__ == "__main__":
    asyncio.run(main())
