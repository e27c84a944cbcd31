import asyncio
from _common import now
L = None
async def inner():
    try:
        await asyncio.sleep(5)
    except asyncio.CancelledError:
        print(f"inner cancelled at {now()}")
        raise
async def outer():
    t = asyncio.create_task(inner(), name="inner")
    await t
async def locker():
    async with L:
        await asyncio.sleep(0.1)
async def blocked():
    await asyncio.sleep(0.01)
    try:
        await L.acquire()
    except asyncio.CancelledError:
        print(f"cancelled while waiting for the lock at {now()}")
        raise
async def main():
    global L
    L = asyncio.Lock()
    o = asyncio.create_task(outer(), name="outer")
    asyncio.create_task(locker(), name="locker")
    b = asyncio.create_task(blocked(), name="blocked")
    await asyncio.sleep(0.05)
    b.cancel()
    await asyncio.sleep(1)
    o.cancel()
    await asyncio.sleep(0)
    print(f"outer done: {o.done()}")
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    print(f"outer done: {o.done()}, cancelled {o.cancelled()}")
asyncio.run(main())
