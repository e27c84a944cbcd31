import asyncio
from _common import now
async def a():
    await asyncio.sleep(1); print(f"a at {now()}")
async def b():
    await asyncio.sleep(0.5); await asyncio.sleep(0.5); print(f"b at {now()}")
async def c():
    await asyncio.sleep(1); print(f"c at {now()}")
async def main():
    await asyncio.gather(b(), a(), c())
asyncio.run(main())
