import asyncio
import time


_T0 = time.monotonic()


def now():
    """Seconds since the program started (the virtual clock under the harness)."""
    return time.monotonic() - _T0


class TransientError(Exception):
    pass


attempts = 0


async def flaky_request():
    global attempts
    attempts = attempts + 1
    await asyncio.sleep(0.2)
    if attempts < 3:
        raise TransientError(f"attempt {attempts} failed")
    return f"ok after {attempts} attempts"


async def with_retry(max_tries):
    delay = 0.5
    for i in range(max_tries):
        try:
            r = await flaky_request()
            return r
        except TransientError as e:
            print(f"{e}; retrying in {delay}s")
            await asyncio.sleep(delay)
            delay = delay * 2
    raise RuntimeError("gave up")


async def main():
    result = await with_retry(5)
    print(f"{result} at {now():.1f}s")


if __name__ == "__main__":
    asyncio.run(main())
