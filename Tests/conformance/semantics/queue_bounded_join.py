import asyncio
from _common import now
Q = None
async def consumer():
    while True:
        x = await Q.get()
        await asyncio.sleep(1)
        print(f"did {x} at {now()}")
        Q.task_done()
async def main():
    global Q
    Q = asyncio.Queue(maxsize=1)
    c = asyncio.create_task(consumer(), name="consumer")
    for i in range(3):
        await Q.put(i)
        print(f"put {i} at {now()}")
    await Q.join()
    print(f"joined at {now()}")
    await Q.join()
    print("join with nothing unfinished returns at once")
    try:
        Q.task_done()
    except ValueError as e:
        print(f"error: {e}")
asyncio.run(main())
