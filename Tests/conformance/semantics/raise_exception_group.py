import asyncio
from _common import now

async def f(k):
    try:
        if k == 0:
            raise ExceptionGroup("eg")
        elif k == 1:
            raise ExceptionGroup
        else:
            raise BaseExceptionGroup("b")
    except TypeError as e:
        print(k, [e])
    except BaseException as e:
        print("wrong", k, [e])

async def main():
    await f(0)
    await f(1)
    await f(2)

asyncio.run(main())
