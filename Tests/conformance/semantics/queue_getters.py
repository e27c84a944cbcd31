import asyncio
from _common import now
Q = None
async def getter(n):
    x = await Q.get()
    print(f"g{n} got {x} at {now()}")
async def main():
    global Q
    Q = asyncio.Queue()
    await Q.put(1)
    await Q.put(2)
    print(await Q.get(), await Q.get())
    g1 = asyncio.create_task(getter(1), name="g1")
    g2 = asyncio.create_task(getter(2), name="g2")
    await asyncio.sleep(1)
    await Q.put("a")
    x = await Q.get()
    print(f"main took {x} first")
    await asyncio.sleep(1)
    await Q.put("b")
    await asyncio.sleep(1)
    await Q.put("c")
    await asyncio.sleep(0)
    await asyncio.sleep(0)
asyncio.run(main())
