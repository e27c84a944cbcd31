import asyncio
from _common import now
L = None
victim = None
async def holder():
    await L.acquire()
    await asyncio.sleep(1)
    L.release()
    if victim is not None:
        victim.cancel()
async def w(name, d):
    await asyncio.sleep(d)
    async with L:
        print(f"{name} got the lock at {now()}")
        await asyncio.sleep(0.5)
async def sneaky():
    await asyncio.sleep(1)
    async with L:
        print(f"sneaky got the lock at {now()}")
async def main():
    global L, victim
    L = asyncio.Lock()
    h = asyncio.create_task(holder(), name="holder")
    a = asyncio.create_task(w("a", 0.1), name="a")
    b = asyncio.create_task(w("b", 0.2), name="b")
    c = asyncio.create_task(w("c", 0.3), name="c")
    s = asyncio.create_task(sneaky(), name="sneaky")
    victim = a
    await asyncio.gather(h, b, c, s)
    try:
        await a
    except asyncio.CancelledError:
        print("a was cancelled")
    try:
        L.release()
    except RuntimeError as e:
        print(f"error: {e}")
asyncio.run(main())
