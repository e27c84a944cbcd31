import asyncio
from _common import now

box = []

async def selfish():
    try:
        await box[0]
    except RuntimeError:
        print(f"selfish got RuntimeError at {now()}")
    try:
        x = await asyncio.wait_for(box[0], 1)
    except RuntimeError:
        print("selfish wait_for got RuntimeError")
    return 1

async def other(n):
    print(f"other{n} step 1")
    await asyncio.sleep(0)
    print(f"other{n} step 2")
    await asyncio.sleep(0)
    print(f"other{n} step 3")

async def main():
    o1 = asyncio.create_task(other(1))
    t = asyncio.create_task(selfish())
    o2 = asyncio.create_task(other(2))
    box.append(t)
    xs = await asyncio.gather(o1, t, o2)
    print(xs)

asyncio.run(main())
