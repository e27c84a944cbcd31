import asyncio
import time


_T0 = time.monotonic()


def now():
    """Seconds since the program started (the virtual clock under the harness)."""
    return time.monotonic() - _T0


async def query(replica, delay):
    await asyncio.sleep(delay)
    return f"answer from {replica}"


async def main():
    eu = asyncio.create_task(query("eu", 1.5), name="eu")
    us = asyncio.create_task(query("us", 0.8), name="us")
    asia = asyncio.create_task(query("asia", 2), name="asia")
    done, pending = await asyncio.wait([eu, us, asia], return_when=asyncio.FIRST_COMPLETED)
    done = [t for t in (eu, us, asia) if t in done]
    pending = [t for t in (eu, us, asia) if t in pending]
    for t in done:
        print(f"first: {t.result()} at {now():.1f}s")
    for t in pending:
        t.cancel()
    print(f"cancelled {len(pending)} slower queries")


if __name__ == "__main__":
    asyncio.run(main())
