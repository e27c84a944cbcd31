import asyncio, time
async def main():
    print("start")
    time.sleep(3)
    print("never")
asyncio.run(main())
