import asyncio


async def fetch(url, delay):
    print(f"Fetching {url}")
    await asyncio.sleep(delay)
    return f"Data from {url}"


async def main():
    a = await fetch("/a", 1)
    b = await fetch("/b", 2)
    c = await fetch("/c", 3)
    results = [a, b, c]
    print(results)
    return results


if __name__ == "__main__":
    asyncio.run(main())
