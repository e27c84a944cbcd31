import asyncio
async def bg():
    await asyncio.sleep(5)
async def main():
    asyncio.create_task(bg(), name="bg")
    await asyncio.sleep(1)
    raise ValueError("boom")
asyncio.run(main())
