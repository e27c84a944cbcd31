import asyncio
import time


_T0 = time.monotonic()


def now():
    """Seconds since the program started (the virtual clock under the harness)."""
    return time.monotonic() - _T0


ready = None


async def alice():
    print("alice waiting")
    await ready.wait()
    print(f"alice woke at {now():.1f}s")


async def bob():
    print("bob waiting")
    await ready.wait()
    print(f"bob woke at {now():.1f}s")


async def setter():
    await asyncio.sleep(1)
    print("setting the event")
    ready.set()


async def main():
    global ready
    ready = asyncio.Event()
    blocks = [("alice", alice), ("bob", bob), ("setter", setter)]
    await asyncio.gather(*(asyncio.create_task(block(), name=name) for name, block in blocks),
                         return_exceptions=True)


if __name__ == "__main__":
    asyncio.run(main())
