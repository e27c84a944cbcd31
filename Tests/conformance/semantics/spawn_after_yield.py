import asyncio, time
from _common import now
async def child():
    print(f"child runs at {now()}")
async def main():
    t = asyncio.create_task(child())
    print("main after spawn")
    time.sleep(0.1)
    print(f"main still running at {now()}")
    await asyncio.sleep(0)
    print(f"main back at {now()}")
asyncio.run(main())
