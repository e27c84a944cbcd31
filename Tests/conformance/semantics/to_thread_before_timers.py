import asyncio, time
from _common import now
async def job():
    await asyncio.to_thread(time.sleep, 1)
    print(f"job resumed at {now()}")
async def sleeper():
    await asyncio.sleep(1)
    print(f"sleeper resumed at {now()}")
async def main():
    await asyncio.gather(sleeper(), job())
asyncio.run(main())
