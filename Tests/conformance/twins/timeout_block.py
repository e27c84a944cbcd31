import asyncio
import time


_T0 = time.monotonic()


def now():
    """Seconds since the program started (the virtual clock under the harness)."""
    return time.monotonic() - _T0


async def step(name, delay):
    await asyncio.sleep(delay)
    print(f"{name} done at {now():.1f}s")


async def main():
    try:
        async with asyncio.timeout(2):
            await step("connect", 0.5)
            await step("query", 1)
            await step("render", 1)
        print("all steps done")
    except TimeoutError:
        print(f"timed out at {now():.1f}s")
    async with asyncio.timeout(5):
        await step("retry", 1)


if __name__ == "__main__":
    asyncio.run(main())
