import asyncio
from _common import now

async def w():
    await asyncio.sleep(1)
    return 1

async def quick():
    return 2

async def main():
    t = asyncio.create_task(w())
    t.cancel()
    await asyncio.sleep(0)
    try:
        x = await asyncio.wait_for(t, 0)
        print("got", x)
    except asyncio.CancelledError:
        print("CancelledError, as fut.result() raises it")
    except TimeoutError:
        print("TimeoutError (wrong)")
    u = asyncio.create_task(quick())
    await asyncio.sleep(0)
    x = await asyncio.wait_for(u, 0)
    print(x)
    v = asyncio.create_task(w())
    try:
        x = await asyncio.wait_for(v, 0)
    except TimeoutError:
        print("pending task: TimeoutError", v.cancelled())

asyncio.run(main())
