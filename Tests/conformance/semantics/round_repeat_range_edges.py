import asyncio
from _common import now

class SplitMix64:
    """asyncviz's random generator: random(), randint() and uniform() draw from it."""

    def __init__(self, seed):
        self.state = seed % 2**64

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) % 2**64
        z = self.state
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9 % 2**64
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB % 2**64
        return z ^ (z >> 31)

_rng = SplitMix64(7)

def random():
    return (_rng.next() >> 11) * 2.0**-53

def randint(a, b):
    if b < a:
        raise ValueError(f"empty range in randint({a}, {b})")
    return a + int(random() * (b - a + 1))

def uniform(a, b):
    return a + (b - a) * random()

async def main():
    print(round(1e+308, -308), round(-1e+308, -308), round(5.0, -1), round(15.0, -1), round(25.0, -1), round(-25.0, -1), round(5.5, -1))
    print(round(123456.789, -3), round(0.5, -1), round(-0.5, -1), round(9.5, -1), round(95.0, -1), round(999.9, -3), round(1e+22, -21), round(1.5e+22, -22), round(2.5e+22, -22))
    print(round(1234567.0, -400), round(-1234567.0, -400), round(1e+300, -301), round(123.456, 400))
    print(round(1234, -2), round(1250, -2), round(1350, -2), round(-1250, -2), round(-1350, -2), round(5, -1), round(15, -1), round(-5, -1), round(0, -3))
    print(round(9223372036854775807, -18), round(-9223372036854775807, -18), round(1234567890123456789, -2), round(4999999999999999999, -19), round(5000000000000000000, -19))
    try:
        x = 2.0 ** 10000
    except OverflowError as e:
        print([e], e)
    try:
        x = "ab" * 9223372036854775807
    except OverflowError as e:
        print([e], f"[{e}]")
    try:
        x = [1, 2] * 9223372036854775807
    except MemoryError as e:
        print([e])
    print(randint(-9223372036854775807 - 1, 9223372036854775807), randint(0, 9223372036854775807), randint(-5, -5))
    r = range(-9223372036854775807 - 1, 9223372036854775807, 3)
    print(0 in r, -9223372036854775807 - 1 in r, r[-1], r[12345], 9223372036854775806 in r)
    try:
        print(len(r))
    except OverflowError as e:
        print([e])
    print(len(range(9223372036854775807, -9223372036854775807, -4611686018427387904)), [x for x in range(1, 9223372036854775807, 4611686018427387904)])
    print(max(range(-9223372036854775807 - 1, 9223372036854775807, 4611686018427387904)), [x for x in range(9223372036854775807, -9223372036854775807, -4611686018427387904)])
    try:
        for _ in range(2.5):
            print("no")
    except TypeError as e:
        print([e])

asyncio.run(main())
