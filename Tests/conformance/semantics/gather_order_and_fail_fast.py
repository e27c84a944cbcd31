import asyncio
from _common import now
async def ok(d):
    await asyncio.sleep(d); print(f"ok {d} done at {now()}"); return d
async def bad():
    await asyncio.sleep(0.5); raise ValueError("bad")
async def main():
    xs = await asyncio.gather(ok(2), ok(1), ok(1.5))
    print(xs)
    try:
        await asyncio.gather(ok(1), bad(), ok(2))
    except ValueError as e:
        print(f"caught {e} at {now()}")
    await asyncio.sleep(3)
    print(f"end at {now()}")
asyncio.run(main())
