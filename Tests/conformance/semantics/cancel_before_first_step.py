import asyncio
from _common import now
async def child():
    print("never printed")
    return 1
async def main():
    t = asyncio.create_task(child(), name="child")
    t.cancel()
    try:
        await t
    except asyncio.CancelledError:
        print(f"cancelled: {t.cancelled()} at {now()}")
asyncio.run(main())
