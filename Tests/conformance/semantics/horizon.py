import asyncio
from _common import now
async def ticker():
    while True:
        print(f"tick {now()}")
        await asyncio.sleep(1)
async def main():
    await asyncio.gather(ticker())
asyncio.run(main())
