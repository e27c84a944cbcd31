import asyncio
from _common import now
async def bad(d, m):
    await asyncio.sleep(d); raise ValueError(m)
async def slow():
    await asyncio.sleep(5)
async def main():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(bad(1, "one"), name="b1")
            tg.create_task(bad(1, "two"), name="b2")
            tg.create_task(slow(), name="slow")
            await asyncio.sleep(3)
            print("body not finished")
    except ExceptionGroup as eg:
        print(f"{eg} at {now()}")
asyncio.run(main())
