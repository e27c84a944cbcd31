import time

_T0 = time.monotonic()


def now():
    return time.monotonic() - _T0
