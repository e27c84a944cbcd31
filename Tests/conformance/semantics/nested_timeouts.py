import asyncio
from _common import now
async def main():
    try:
        async with asyncio.timeout(1):
            try:
                async with asyncio.timeout(3):
                    await asyncio.sleep(2)
            except TimeoutError:
                print(f"inner timeout (wrong) at {now()}")
            print("not reached")
    except TimeoutError:
        print(f"outer timeout at {now()}")
    try:
        async with asyncio.timeout(3):
            try:
                async with asyncio.timeout(1):
                    await asyncio.sleep(2)
            except TimeoutError:
                print(f"inner timeout at {now()}")
            await asyncio.sleep(0.5)
            print(f"outer body goes on at {now()}")
    except TimeoutError:
        print("wrong")
    x = await asyncio.wait_for(wait_for_inner(), 5)
    print(x)
async def wait_for_inner():
    try:
        x = await asyncio.wait_for(sleeper(), 0.5)
    except TimeoutError:
        return f"inner wait_for expired at {now()}"
async def sleeper():
    await asyncio.sleep(1)
asyncio.run(main())
