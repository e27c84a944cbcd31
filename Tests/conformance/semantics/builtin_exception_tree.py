import asyncio
from _common import now

async def t(k):
    try:
        if k == 0:
            raise FloatingPointError("m0")
        elif k == 1:
            raise AttributeError("m1")
        elif k == 2:
            raise BufferError("m2")
        elif k == 3:
            raise EOFError("m3")
        elif k == 4:
            raise ImportError("m4")
        elif k == 5:
            raise ModuleNotFoundError("m5")
        elif k == 6:
            raise MemoryError("m6")
        elif k == 7:
            raise BlockingIOError("m7")
        elif k == 8:
            raise ChildProcessError("m8")
        elif k == 9:
            raise BrokenPipeError("m9")
        elif k == 10:
            raise ConnectionAbortedError("m10")
        elif k == 11:
            raise ConnectionRefusedError("m11")
        elif k == 12:
            raise ConnectionResetError("m12")
        elif k == 13:
            raise FileExistsError("m13")
        elif k == 14:
            raise FileNotFoundError("m14")
        elif k == 15:
            raise InterruptedError("m15")
        elif k == 16:
            raise IsADirectoryError("m16")
        elif k == 17:
            raise NotADirectoryError("m17")
        elif k == 18:
            raise PermissionError("m18")
        elif k == 19:
            raise ProcessLookupError("m19")
        elif k == 20:
            raise ReferenceError("m20")
        elif k == 21:
            raise NotImplementedError("m21")
        elif k == 22:
            raise StopAsyncIteration("m22")
        elif k == 23:
            raise SyntaxError("m23")
        elif k == 24:
            raise IndentationError("m24")
        elif k == 25:
            raise TabError("m25")
        elif k == 26:
            raise SystemError("m26")
        elif k == 27:
            raise UnicodeError("m27")
        elif k == 28:
            raise TimeoutError("m28")
        elif k == 29:
            raise RecursionError("m29")
        elif k == 30:
            raise UnboundLocalError("m30")
        elif k == 31:
            raise NameError("m31")
    except ArithmeticError as e:
        print(k, "ArithmeticError", [e], e)
    except OSError as e:
        print(k, "OSError", [e], e)
    except ConnectionError as e:
        print(k, "ConnectionError", [e], e)
    except LookupError as e:
        print(k, "LookupError", [e], e)
    except RuntimeError as e:
        print(k, "RuntimeError", [e], e)
    except ImportError as e:
        print(k, "ImportError", [e], e)
    except SyntaxError as e:
        print(k, "SyntaxError", [e], e)
    except IndentationError as e:
        print(k, "IndentationError", [e], e)
    except ValueError as e:
        print(k, "ValueError", [e], e)
    except NameError as e:
        print(k, "NameError", [e], e)
    except Exception as e:
        print(k, "Exception", [e], e)

async def main():
    for k in range(32):
        await t(k)

asyncio.run(main())
