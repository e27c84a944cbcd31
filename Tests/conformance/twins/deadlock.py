import asyncio

fork = None
knife = None


async def alice():
    async with fork:
        print("alice has the fork")
        await asyncio.sleep(1)
        async with knife:
            print("alice eats")


async def bob():
    async with knife:
        print("bob has the knife")
        await asyncio.sleep(1)
        async with fork:
            print("bob eats")


async def main():
    global fork, knife
    fork = asyncio.Lock()
    knife = asyncio.Lock()
    blocks = [("alice", alice), ("bob", bob)]
    await asyncio.gather(*(asyncio.create_task(block(), name=name) for name, block in blocks),
                         return_exceptions=True)


if __name__ == "__main__":
    asyncio.run(main())
