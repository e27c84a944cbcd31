import asyncio
from _common import now

async def bad():
    await asyncio.sleep(0.5)
    raise ValueError("bad")

async def bad2():
    await asyncio.sleep(0.5)
    raise KeyError("bad2")

async def slow():
    try:
        await asyncio.sleep(5)
    except asyncio.CancelledError:
        await asyncio.sleep(1)
        raise

async def w(n):
    await asyncio.sleep(n)
    return n

async def main():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(bad())
            tg.create_task(bad2())
            tg.create_task(slow())
            try:
                await asyncio.sleep(2)
            except asyncio.CancelledError:
                print(f"body cancelled at {now()}")
                await asyncio.sleep(0)
                try:
                    tg.create_task(w(1))
                except RuntimeError as e:
                    print("rt:", e)
                raise
    except ExceptionGroup as eg:
        print("eg:", eg)
    print(now())

asyncio.run(main())
