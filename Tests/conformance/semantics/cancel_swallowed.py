import asyncio
from _common import now
async def stubborn():
    try:
        await asyncio.sleep(5)
    except asyncio.CancelledError:
        print(f"ignoring the cancel at {now()}")
    await asyncio.sleep(1)
    return "done anyway"
async def main():
    t = asyncio.create_task(stubborn(), name="s")
    await asyncio.sleep(1)
    t.cancel()
    x = await t
    print(x, now(), t.cancelled())
asyncio.run(main())
