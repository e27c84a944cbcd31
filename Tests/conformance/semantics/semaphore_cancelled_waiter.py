import asyncio
from _common import now
S = None
victim = None
async def holder():
    await S.acquire()
    await asyncio.sleep(1)
    S.release()
    victim.cancel()
async def w(name, d):
    await asyncio.sleep(d)
    await S.acquire()
    print(f"{name} acquired at {now()}")
async def main():
    global S, victim
    S = asyncio.Semaphore(1)
    h = asyncio.create_task(holder(), name="holder")
    a = asyncio.create_task(w("a", 0.1), name="a")
    b = asyncio.create_task(w("b", 0.2), name="b")
    victim = a
    await asyncio.sleep(2)
asyncio.run(main())
