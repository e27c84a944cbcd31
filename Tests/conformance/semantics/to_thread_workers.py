import asyncio, time
from concurrent.futures import ThreadPoolExecutor
from _common import now
async def job(name, d):
    await asyncio.to_thread(time.sleep, d)
    print(f"{name} done at {now()}")
async def main():
    asyncio.get_running_loop().set_default_executor(ThreadPoolExecutor(max_workers=2))
    await asyncio.gather(job("a", 1), job("b", 2), job("c", 1), job("d", 1), job("e", 0.5))
asyncio.run(main())
