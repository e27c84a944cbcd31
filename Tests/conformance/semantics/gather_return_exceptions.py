import asyncio
from _common import now
async def ok(d):
    await asyncio.sleep(d); return d
async def bad(d):
    await asyncio.sleep(d); raise KeyError("k")
async def main():
    xs = await asyncio.gather(bad(1), ok(2), bad(0.5), return_exceptions=True)
    print(xs)
    print(f"at {now()}")
asyncio.run(main())
