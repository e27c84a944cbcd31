import asyncio
class CustomError(Exception):
    pass
async def main():
    print(0.1 + 0.2)
    print(["a", "b"], ("x" in ["x"]), None)
    print(1 / 3, 10 / 2, 2 ** 62, -7 // 2, -7 % 3, 1e20 * 10, 1.5e-7)
    x = 3.14159
    n = 1234567
    print(f"{x:.2f}|{n:>10}|{n:,}|{n:<9}|{x:8.3f}|{n:08d}|{'s':^5}|")
    print([1.0, 2.5, None, True], [[1], []], str(0.5), int("42") + 1, float(3))
    print("tab\there", "{braces}", len("héllo"))
    try:
        raise ValueError("bad value")
    except ValueError as e:
        print(e, [e])
    try:
        raise KeyError("k")
    except KeyError as e:
        print(e, [e])
    try:
        raise CustomError
    except CustomError as e:
        print(f"custom: [{e}]", [e])
    print(round(2.5), round(3.5), round(2.675, 2), abs(-3), min(3, 1, 2), max([4, 9]))
    print([i * i for i in range(5) if i % 2 == 0], list(range(3)))
asyncio.run(main())
