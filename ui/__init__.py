"""The Qt window. Widgets only: every capability comes from `enablement_desktop`."""

import sys

if sys.version_info < (3, 12):
    # PySide6 6.12's abi3 wheels drop one reference to None on every call that
    # returns nothing when run on Python 3.11 (None is immortal only from 3.12).
    # A few thousand repaints would free None and abort the interpreter
    # ("none_dealloc"). Give None more references than any session can lose.
    import ctypes

    ctypes.c_ssize_t.from_address(id(None)).value += 1 << 40
