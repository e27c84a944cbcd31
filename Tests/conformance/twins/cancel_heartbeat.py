import asyncio
import time


_T0 = time.monotonic()


def now():
    """Seconds since the program started (the virtual clock under the harness)."""
    return time.monotonic() - _T0


async def heartbeat():
    n = 0
    try:
        while True:
            n = n + 1
            print(f"beat {n} at {now():.1f}s")
            await asyncio.sleep(0.5)
    except asyncio.CancelledError:
        print(f"heartbeat cancelled at {now():.1f}s, cleaning up")
        await asyncio.sleep(0.2)
        raise
    finally:
        print(f"heartbeat closed at {now():.1f}s")


async def main():
    hb = asyncio.create_task(heartbeat(), name="heartbeat")
    await asyncio.sleep(2.2)
    hb.cancel()
    try:
        await hb
    except asyncio.CancelledError:
        print(f"main: heartbeat stopped at {now():.1f}s")


if __name__ == "__main__":
    asyncio.run(main())
