import asyncio
from _common import now
Q = None
async def putter(name, d):
    await asyncio.sleep(d)
    await Q.put(name)
    print(f"{name} put at {now()}")
async def main():
    global Q
    Q = asyncio.Queue(maxsize=1)
    await Q.put("first")
    p1 = asyncio.create_task(putter("p1", 0.1), name="p1")
    p2 = asyncio.create_task(putter("p2", 0.2), name="p2")
    await asyncio.sleep(1)
    x = await Q.get()
    await Q.put("main")
    print(f"main put {x} -> main at {now()}")
    await asyncio.sleep(1)
    x = await Q.get()
    print(f"got {x}")
    await asyncio.sleep(1)
    x = await Q.get()
    print(f"got {x}")
    await asyncio.sleep(1)
    x = await Q.get()
    print(f"got {x} at {now()}")
asyncio.run(main())
