import asyncio
async def main():
    print(2 ** 100)
    x = 9223372036854775807
    print(x + 1)
asyncio.run(main())
