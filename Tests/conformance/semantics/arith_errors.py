import asyncio
from _common import now

async def t(k):
    try:
        if k == 0:
            x = 0.0 ** -1
        elif k == 1:
            x = 0 ** -2
        elif k == 2:
            x = 0 ** -1.5
        elif k == 3:
            x = 1.0 // 0
        elif k == 4:
            x = 5 % 0.0
        elif k == 5:
            x = int(float("nan"))
        elif k == 6:
            x = [1, 2][1.0]
        elif k == 7:
            x = min(1, "a")
        print(k, x)
    except Exception as e:
        print(k, [e])

async def main():
    for k in range(8):
        await t(k)

asyncio.run(main())
