import asyncio
from _common import now
async def good():
    await asyncio.sleep(1); print("good done"); return 1
async def bad():
    await asyncio.sleep(0.5); raise ValueError("bad block")
async def late():
    await asyncio.sleep(2); print(f"late done at {now()}")
async def main():
    blocks = [("good", good), ("bad", bad), ("late", late)]
    await asyncio.gather(*(asyncio.create_task(b(), name=n) for n, b in blocks), return_exceptions=True)
asyncio.run(main())
