import asyncio
async def main():
    print(range(3), range(1, 10, 2))
asyncio.run(main())
