import asyncio
from _common import now

async def main():
    xs = [1]
    xs.append(xs)
    print(xs, [xs, xs], len(xs), xs == xs, xs in xs)
    ys = [2, xs]
    xs.append(ys)
    print(xs, ys)
    a = [1]
    b = [1]
    a.append(a)
    b.append(b)
    try:
        print(a == b)
    except RecursionError as e:
        print("rec", e)
    print(f"{xs}")

asyncio.run(main())
