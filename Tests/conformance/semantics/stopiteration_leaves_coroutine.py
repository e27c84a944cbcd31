import asyncio
from _common import now

async def f():
    raise StopIteration

async def g():
    await asyncio.sleep(0.1)
    raise StopIteration("x")

async def h():
    raise StopAsyncIteration("y")

async def main():
    try:
        await f()
    except StopIteration:
        print("wrong: StopIteration")
    except RuntimeError as e:
        print("rt", [e], [e])
    t = asyncio.create_task(g())
    try:
        await t
    except RuntimeError as e:
        print("task rt", [e])
    try:
        await h()
    except StopAsyncIteration as e:
        print("sai", [e])
    xs = await asyncio.gather(g(), f(), return_exceptions=True)
    print(xs)

asyncio.run(main())
