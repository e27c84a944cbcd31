import asyncio

counter = 0
counter_lock = None


async def increment(name, n):
    global counter
    for _ in range(n):
        async with counter_lock:
            value = counter
            await asyncio.sleep(0.01)
            counter = value + 1


async def main():
    global counter_lock
    counter_lock = asyncio.Lock()
    await asyncio.gather(increment("a", 5), increment("b", 5), increment("c", 5))
    print(f"counter = {counter} (expected 15)")


if __name__ == "__main__":
    asyncio.run(main())
