import asyncio
from _common import now
E = None
async def w(n):
    print(f"w{n} waits")
    await E.wait()
    print(f"w{n} woke at {now()}")
async def main():
    global E
    E = asyncio.Event()
    a = asyncio.create_task(w(1)); b = asyncio.create_task(w(2)); c = asyncio.create_task(w(3))
    await asyncio.sleep(1)
    E.set()
    E.clear()
    await asyncio.gather(a, b, c)
    print("all woke though the event is clear")
    E.set()
    await E.wait()
    print(f"a set event does not block, at {now()}")
asyncio.run(main())
