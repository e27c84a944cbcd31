import asyncio
from _common import now
async def child(n):
    try:
        await asyncio.sleep(5)
    except asyncio.CancelledError:
        print(f"child {n} cancelled at {now()}"); raise
async def waiter():
    await asyncio.gather(child(1), child(2))
async def main():
    t = asyncio.create_task(waiter(), name="w")
    await asyncio.sleep(1)
    t.cancel()
    try:
        await t
    except asyncio.CancelledError:
        print(f"w cancelled at {now()}")
asyncio.run(main())
