import asyncio


async def fetch(url, delay):
    print(f"Fetching {url}")
    await asyncio.sleep(delay)
    return f"Data from {url}"


async def main():
    results = await asyncio.gather(fetch("/a", 1), fetch("/b", 2), fetch("/c", 3))
    print(results)
    return results


if __name__ == "__main__":
    asyncio.run(main())
