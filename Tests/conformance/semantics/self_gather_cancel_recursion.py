import asyncio
from _common import now

box = []

async def leaf():
    await asyncio.sleep(1)

async def t0():
    xs = await asyncio.gather(box[0], leaf(), return_exceptions=True)
    print("t0 got", xs)

async def main():
    t = asyncio.create_task(t0())
    box.append(t)
    await asyncio.sleep(0.5)
    try:
        t.cancel()
    except RecursionError:
        print(f"cancel raised RecursionError at {now()}")
    await asyncio.sleep(2)
    print(t.done(), t.cancelled())

asyncio.run(main())
