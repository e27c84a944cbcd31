import asyncio
import concurrent.futures
import time


_T0 = time.monotonic()


def now():
    """Seconds since the program started (the virtual clock under the harness)."""
    return time.monotonic() - _T0


async def ticker():
    for _ in range(6):
        print(f"tick at {now():.1f}s")
        await asyncio.sleep(0.5)


async def blocking_job(name, seconds):
    print(f"{name}: submitted at {now():.1f}s")
    await asyncio.to_thread(time.sleep, seconds)
    print(f"{name}: done at {now():.1f}s")


async def main():
    asyncio.get_running_loop().set_default_executor(
        concurrent.futures.ThreadPoolExecutor(max_workers=2))
    await asyncio.gather(ticker(), blocking_job("resize", 2), blocking_job("compress", 1.5),
                         blocking_job("upload", 1))


if __name__ == "__main__":
    asyncio.run(main())
