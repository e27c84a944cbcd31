import asyncio
from _common import now
async def child(n):
    try:
        await asyncio.sleep(5)
    except asyncio.CancelledError:
        print(f"child {n} cancelled at {now()}")
        await asyncio.sleep(0.2)
        raise
async def main():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(child(1), name="c1")
            tg.create_task(child(2), name="c2")
            await asyncio.sleep(1)
            raise ValueError("body failed")
    except ExceptionGroup as eg:
        print(f"group: {eg} at {now()}")
asyncio.run(main())
