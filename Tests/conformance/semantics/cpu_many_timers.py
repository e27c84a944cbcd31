import asyncio, time
from _common import now
async def s(name, d):
    await asyncio.sleep(d)
    print(f"{name} (due {d}) at {now()}")
async def main():
    asyncio.create_task(s("x", 0.3), name="x")
    asyncio.create_task(s("y", 0.1), name="y")
    asyncio.create_task(s("z", 0.2), name="z")
    await asyncio.sleep(0)
    time.sleep(1)
    print(f"main cpu done at {now()}")
    await asyncio.sleep(0)
    print("main after yield")
    await asyncio.sleep(0.5)
asyncio.run(main())
