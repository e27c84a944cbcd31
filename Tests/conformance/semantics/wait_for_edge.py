import asyncio
from _common import now
async def w(d):
    await asyncio.sleep(d); return d
async def swallow():
    try:
        await asyncio.sleep(5)
    except asyncio.CancelledError:
        print(f"swallowed at {now()}")
    await asyncio.sleep(1)
    return "late"
async def main():
    try:
        x = await asyncio.wait_for(w(1), 0)
        print(f"got {x}")
    except TimeoutError:
        print(f"timeout 0 expired at {now()}")
    x = await asyncio.wait_for(swallow(), 1)
    print(f"got {x} at {now()}")
    t = asyncio.create_task(w(3), name="t")
    try:
        await asyncio.wait_for(t, 1)
    except TimeoutError:
        print(f"task timed out at {now()}, cancelled: {t.cancelled()}")
asyncio.run(main())
