import asyncio
from _common import now

async def f(k, x, s):
    try:
        if s == 0:
            print(k, f"[{x: }]")
        elif s == 1:
            print(k, f"[{x:#}]")
        elif s == 2:
            print(k, f"[{x:#.1}]")
        elif s == 3:
            print(k, f"[{x:#.2g}]")
        elif s == 4:
            print(k, f"[{x:#.3}]")
        elif s == 5:
            print(k, f"[{x:#.3g}]")
        elif s == 6:
            print(k, f"[{x:#010x}]")
        elif s == 7:
            print(k, f"[{x:#012_x}]")
        elif s == 8:
            print(k, f"[{x:+}]")
        elif s == 9:
            print(k, f"[{x:+010,}]")
        elif s == 10:
            print(k, f"[{x:+c}]")
        elif s == 11:
            print(k, f"[{x:,}]")
        elif s == 12:
            print(k, f"[{x:,,}]")
        elif s == 13:
            print(k, f"[{x:,_}]")
        elif s == 14:
            print(k, f"[{x:,n}]")
        elif s == 15:
            print(k, f"[{x:,x}]")
        elif s == 16:
            print(k, f"[{x:.1}]")
        elif s == 17:
            print(k, f"[{x:.2}]")
        elif s == 18:
            print(k, f"[{x:.2f}]")
        elif s == 19:
            print(k, f"[{x:.3n}]")
        elif s == 20:
            print(k, f"[{x:.f}]")
        elif s == 21:
            print(k, f"[{x:012,.1f}]")
        elif s == 22:
            print(k, f"[{x:05}]")
        elif s == 23:
            print(k, f"[{x:08,}]")
        elif s == 24:
            print(k, f"[{x:5c}]")
        elif s == 25:
            print(k, f"[{x:<06}]")
        elif s == 26:
            print(k, f"[{x:<08,}]")
        elif s == 27:
            print(k, f"[{x:=5}]")
        elif s == 28:
            print(k, f"[{x:>5}]")
        elif s == 29:
            print(k, f"[{x:^05}]")
        elif s == 30:
            print(k, f"[{x:^9}]")
        elif s == 31:
            print(k, f"[{x:_x}]")
        elif s == 32:
            print(k, f"[{x:abc}]")
        elif s == 33:
            print(k, f"[{x:c}]")
        elif s == 34:
            print(k, f"[{x:d}]")
        elif s == 35:
            print(k, f"[{x:n}]")
        elif s == 36:
            print(k, f"[{x:s}]")
        elif s == 37:
            print(k, f"[{x:x<06}]")
        elif s == 38:
            print(k, f"[{x:z}]")
        elif s == 39:
            print(k, f"[{x:z.0f}]")
        elif s == 40:
            print(k, f"[{x:z.2%}]")
    except Exception as e:
        print(k, [e])

async def main():
    await f(0, True, 28)
    await f(1, True, 34)
    await f(2, False, 18)
    await f(3, True, 36)
    await f(4, None, 28)
    await f(5, [1, 2], 30)
    await f(6, "s", 34)
    await f(7, 1.5, 34)
    await f(8, "x", 18)
    await f(9, 5, 36)
    await f(10, 1, 17)
    await f(11, "s", 8)
    await f(12, "s", 0)
    await f(13, "s", 27)
    await f(14, "s", 11)
    await f(15, "s", 1)
    await f(16, "s", 22)
    await f(17, "ab", 29)
    await f(18, 65, 33)
    await f(19, 65, 24)
    await f(20, 1, 10)
    await f(21, -1, 33)
    await f(22, 1, 12)
    await f(23, 1, 13)
    await f(24, 1, 15)
    await f(25, 1000000, 14)
    await f(26, 1.5, 20)
    await f(27, 1.5, 32)
    await f(28, 1234, 23)
    await f(29, -1234, 23)
    await f(30, 1234.5, 21)
    await f(31, 255, 7)
    await f(32, 123456, 31)
    await f(33, -5, 6)
    await f(34, 1.5, 25)
    await f(35, 1.5, 37)
    await f(36, 1234, 26)
    await f(37, float("nan"), 9)
    await f(38, 1.5, 16)
    await f(39, 12.0, 17)
    await f(40, 0.5, 16)
    await f(41, 0.0, 16)
    await f(42, 10.0, 17)
    await f(43, 5.0, 2)
    await f(44, 1e+22, 1)
    await f(45, 999.5, 4)
    await f(46, 999.5, 5)
    await f(47, 99.5, 3)
    await f(48, 1234567.0, 35)
    await f(49, 1.0, 19)
    await f(50, -0.0, 38)
    await f(51, -0.4, 39)
    await f(52, -1e-09, 40)
    await f(53, 1, 38)

asyncio.run(main())
