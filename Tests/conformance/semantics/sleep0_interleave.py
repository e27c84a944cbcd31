import asyncio
async def loop(name):
    for i in range(3):
        print(f"{name} {i}")
        await asyncio.sleep(0)
async def main():
    await asyncio.gather(loop("a"), loop("b"))
asyncio.run(main())
