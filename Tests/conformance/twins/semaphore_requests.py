import asyncio

limit = None
active = 0


async def request(i):
    global active
    async with limit:
        active = active + 1
        print(f"request {i} sent ({active} active)")
        await asyncio.sleep(1)
        active = active - 1
    return i * 10


async def main():
    global limit
    limit = asyncio.Semaphore(5)
    tasks = [asyncio.create_task(request(i), name=f"req {i}") for i in range(10)]
    results = await asyncio.gather(*tasks)
    print(results)


if __name__ == "__main__":
    asyncio.run(main())
