import asyncio
from _common import now

async def f(n):
    await asyncio.sleep(n)
    return n

async def main():
    cs = [f(1), f(0.5)]
    c = cs[0]
    xs = await asyncio.gather(c, c, cs[1])
    print(xs, now())
    try:
        ys = await asyncio.gather(cs[1], f(0.25))
    except RuntimeError as e:
        print("gather:", e, now())
    zs = await asyncio.gather(cs[0], f(0.25), return_exceptions=True)
    print(zs, now())
    try:
        for c_ in asyncio.as_completed([cs[0], cs[1]]):
            r = await c_
            print("as_completed got", r, now())
    except RuntimeError as e:
        print("as_completed:", e, now())
    try:
        x = await asyncio.wait_for(cs[1], 0)
    except RuntimeError as e:
        print("wait_for 0:", e)
    try:
        x = await asyncio.wait_for(cs[1], 1)
    except RuntimeError as e:
        print("wait_for 1:", e)
    await asyncio.sleep(1)
    print(now())

asyncio.run(main())
