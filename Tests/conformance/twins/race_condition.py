import asyncio

counter = 0


async def increment(name, n):
    global counter
    for _ in range(n):
        value = counter
        await asyncio.sleep(0.01)
        counter = value + 1


async def main():
    await asyncio.gather(increment("a", 5), increment("b", 5), increment("c", 5))
    print(f"counter = {counter} (expected 15)")


if __name__ == "__main__":
    asyncio.run(main())
