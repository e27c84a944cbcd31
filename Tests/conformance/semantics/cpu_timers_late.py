import asyncio, time
from _common import now
async def sleeper():
    await asyncio.sleep(0.5); print(f"sleeper woke at {now()}")
async def hog():
    time.sleep(2); print(f"hog done at {now()}")
async def main():
    await asyncio.gather(sleeper(), hog())
asyncio.run(main())
