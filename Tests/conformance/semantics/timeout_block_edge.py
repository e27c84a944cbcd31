import asyncio
from _common import now
async def main():
    async with asyncio.timeout(2):
        await asyncio.sleep(1)
        print(f"inside at {now()}")
    print(f"after ok block at {now()}")
    async with asyncio.timeout(1):
        try:
            await asyncio.sleep(5)
        except asyncio.CancelledError:
            print(f"swallowed inside at {now()}")
        await asyncio.sleep(0.5)
    print(f"block ended normally at {now()}")
    try:
        async with asyncio.timeout(0):
            print("body starts")
            await asyncio.sleep(1)
            print("never")
    except TimeoutError:
        print(f"timeout 0 at {now()}")
asyncio.run(main())
