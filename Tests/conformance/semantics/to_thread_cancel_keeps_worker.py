import asyncio, time
from concurrent.futures import ThreadPoolExecutor
from _common import now
async def job():
    await asyncio.to_thread(time.sleep, 2)
    print("not reached")
async def main():
    asyncio.get_running_loop().set_default_executor(ThreadPoolExecutor(max_workers=1))
    t = asyncio.create_task(job(), name="job")
    await asyncio.sleep(0.5)
    t.cancel()
    await asyncio.to_thread(time.sleep, 1)
    print(f"main's job done at {now()}")
asyncio.run(main())
