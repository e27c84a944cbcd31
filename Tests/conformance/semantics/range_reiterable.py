import asyncio
from _common import now

async def main():
    r = range(3)
    for x in r:
        print("a", x)
    for x in r:
        print("b", x)
    print(len(r), [y * 2 for y in r], [y for y in r])
    print(2 in r, 5 in r)
    s = "ab"
    for c in s:
        print(c)
    for c in s:
        print(c)
    print(r[1], r[-1])
    print(range(3), range(1, 10, 2), range(5, 0, -1), [range(0)], str(range(2)))
    print(range(0) == range(2, 2), range(3) == range(0, 3), range(1, 2, 5) == range(1, 3, 7), range(3) == [0, 1, 2], range(0, 4, 2) == range(0, 3, 2))
    try:
        print(r[3])
    except IndexError as e:
        print([e])
    try:
        print(r[1.0])
    except TypeError as e:
        print([e])
    print(range(10, 0, -3)[2], range(10, 0, -3)[-1], len(range(10, 0, -3)))
    a, b, c = r
    print(a, b, c)
    print(max(r), min(r))

asyncio.run(main())
