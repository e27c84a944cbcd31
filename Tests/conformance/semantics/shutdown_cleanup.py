import asyncio
from _common import now
async def bg():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        print(f"bg cleanup from {now()}")
        await asyncio.sleep(0.5)
        print(f"bg cleanup done at {now()}")
        raise
async def stubborn():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        await asyncio.sleep(0.7)
        return "ignored the cancel"
async def main():
    asyncio.create_task(bg(), name="bg")
    asyncio.create_task(stubborn(), name="stubborn")
    await asyncio.sleep(1)
    print(f"main returns at {now()}")
asyncio.run(main())
