import asyncio
from _common import now
async def w(d):
    await asyncio.sleep(d); return d
async def bad(d):
    await asyncio.sleep(d); raise ValueError(f"bad {d}")
def names(s, order):
    return [t.get_name() for t in order if t in s]
async def main():
    ts = [asyncio.create_task(w(3), name="t3"), asyncio.create_task(w(1), name="t1"), asyncio.create_task(w(2), name="t2")]
    done, pending = await asyncio.wait(ts, return_when=asyncio.FIRST_COMPLETED)
    print(now(), names(done, ts), names(pending, ts))
    done, pending = await asyncio.wait(ts, timeout=0.5)
    print(now(), names(done, ts), names(pending, ts))
    done, pending = await asyncio.wait(ts)
    print(now(), names(done, ts), names(pending, ts))
    us = [asyncio.create_task(w(1), name="u1"), asyncio.create_task(bad(2), name="b2"), asyncio.create_task(w(5), name="u5"), asyncio.create_task(bad(3), name="b3")]
    done, pending = await asyncio.wait(us, return_when=asyncio.FIRST_EXCEPTION)
    print(now(), names(done, us), names(pending, us))
    done, pending = await asyncio.wait(us, return_when=asyncio.ALL_COMPLETED, timeout=0.5)
    print(now(), names(done, us), names(pending, us))
asyncio.run(main())
