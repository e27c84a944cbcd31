import asyncio
from _common import now
async def child():
    await asyncio.sleep(5); return "done"
async def killer(t):
    await asyncio.sleep(1); t.cancel()
async def main():
    a = asyncio.create_task(child(), name="a")
    b = asyncio.create_task(child(), name="b")
    asyncio.create_task(killer(a), name="k")
    try:
        await asyncio.gather(a, b)
    except asyncio.CancelledError:
        print(f"gather cancelled at {now()}")
    print(f"b done: {b.done()}")
    x = await b
    print(x, now())
asyncio.run(main())
