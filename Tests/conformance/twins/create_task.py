import asyncio


async def log_request(req):
    await asyncio.sleep(0.5)
    print(f"logged {req}")


async def handle(req):
    print(f"handling {req}")
    asyncio.create_task(log_request(req), name=f"log {req}")
    await asyncio.sleep(0.2)
    return f"200 OK for {req}"


async def main():
    for req in ["GET /a", "GET /b", "GET /c"]:
        r = await handle(req)
        print(r)


if __name__ == "__main__":
    asyncio.run(main())
