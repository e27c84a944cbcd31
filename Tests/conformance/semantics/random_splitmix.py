import asyncio
from _common import now
M = (1 << 64) - 1
class SplitMix64:
    def __init__(self, seed): self.state = seed & M
    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & M
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M
        return z ^ (z >> 31)
    def random(self): return (self.next() >> 11) * 2.0 ** -53
R = SplitMix64(42)
random = R.random
def randint(a, b): return a + int(random() * (b - a + 1) // 1)
def uniform(a, b): return a + (b - a) * random()
async def main():
    print(random(), random())
    print(randint(1, 6), randint(1, 6), randint(-5, 5))
    print(uniform(2, 3))
    await asyncio.sleep(uniform(0.1, 0.2))
    print(f"slept until {now()}")
asyncio.run(main())
