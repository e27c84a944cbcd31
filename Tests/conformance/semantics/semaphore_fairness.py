import asyncio
from _common import now
S = None
async def user(name, d, hold):
    await asyncio.sleep(d)
    async with S:
        print(f"{name} in at {now()}")
        await asyncio.sleep(hold)
async def main():
    global S
    S = asyncio.Semaphore(2)
    await asyncio.gather(user("a", 0, 1), user("b", 0, 2), user("c", 0.1, 1), user("d", 0.2, 1), user("late", 1, 1))
    S.release()
    S.release()
    print("released twice more")
    await S.acquire()
    await S.acquire()
    await S.acquire()
    print(f"three acquires without waiting at {now()}")
asyncio.run(main())
