import asyncio
import time


_T0 = time.monotonic()


def now():
    """Seconds since the program started (the virtual clock under the harness)."""
    return time.monotonic() - _T0


pool = None


async def open_conn(name):
    await pool.acquire()
    await asyncio.sleep(0.1)
    print(f"{name}: connection opened at {now():.2f}s")
    return f"conn-{name}"


async def close_conn(name):
    await asyncio.sleep(0.05)
    pool.release()
    print(f"{name}: connection closed at {now():.2f}s")


async def job(name, seconds):
    conn = await open_conn(name)
    try:
        await asyncio.sleep(seconds)
        if name == "b":
            raise ValueError(f"{name}: query failed")
        print(f"{name}: used {conn}")
    finally:
        await close_conn(name)


async def main():
    global pool
    pool = asyncio.Semaphore(2)
    results = await asyncio.gather(job("a", 1), job("b", 0.5), job("c", 0.5), return_exceptions=True)
    print(results)


if __name__ == "__main__":
    asyncio.run(main())
