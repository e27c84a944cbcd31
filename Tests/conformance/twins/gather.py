import asyncio


async def fetch(url):
    print(f"Fetching {url}")
    await asyncio.sleep({"/a": 1, "/b": 2, "/c": 3}[url])
    print(f"Got {url}")
    return f"Data from {url}"


async def main():
    results = await asyncio.gather(fetch("/a"), fetch("/b"), fetch("/c"))
    print(results)


if __name__ == "__main__":
    asyncio.run(main())
