import asyncio
async def main():
    E = asyncio.Event()
    print("waiting")
    await asyncio.sleep(0.5)
    await E.wait()
asyncio.run(main())
