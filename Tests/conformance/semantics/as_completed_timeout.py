import asyncio
from _common import now
async def w(d):
    await asyncio.sleep(d); return d
async def main():
    try:
        for c in asyncio.as_completed([asyncio.create_task(w(3)), asyncio.create_task(w(1)), asyncio.create_task(w(2))], timeout=2.5):
            r = await c
            print(f"got {r} at {now()}")
    except TimeoutError:
        print(f"timed out at {now()}")
asyncio.run(main())
