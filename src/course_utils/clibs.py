"""WeasyPrint imported without its library search's dead ends.

For each C library it needs, WeasyPrint tries a list of names in turn, Windows and
macOS names first (``libpango-1.0-0``, ``pango-1.0``). On Linux each name that is not
a file sends ``ctypes.util.find_library`` to run ``ldconfig``, ``gcc`` and ``ld``: 17
misses, about 0.11 s of the 0.37 s an import takes, on the critical path of a prose
edit (a worker imports WeasyPrint, then lays out the edited part). Every list ends
with the library's soname, which the dynamic loader finds by itself. So, where every
soname below loads, the import runs with ``find_library`` answering "not found" at
once, and WeasyPrint reaches the sonames without the detour; elsewhere it is imported
as it is.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys
from contextlib import contextmanager

# WeasyPrint 70's last name for each library it cannot do without (weasyprint/text/ffi.py).
SONAMES = ("libgobject-2.0.so.0", "libpango-1.0.so.0", "libharfbuzz.so.0", "libharfbuzz-subset.so.0",
           "libfontconfig.so.1", "libpangoft2-1.0.so.0")


def import_weasyprint():
    """The ``weasyprint`` module, imported by the sonames where they all load (see above) if not yet."""
    if "weasyprint" not in sys.modules:
        with _sonames_only(all(_loads(name) for name in SONAMES) if sys.platform.startswith("linux") else False):
            import weasyprint  # noqa: F401
    return sys.modules["weasyprint"]


def _loads(soname: str) -> bool:
    try:
        ctypes.CDLL(soname)  # loaded once per process: WeasyPrint's own dlopen reuses it
    except OSError:
        return False
    return True


@contextmanager
def _sonames_only(active: bool):
    """``find_library`` finds nothing in the block, if ``active`` (one thread runs here: a worker's import)."""
    if not active:
        yield
        return
    saved = ctypes.util.find_library
    ctypes.util.find_library = lambda _name: None
    try:
        yield
    finally:
        ctypes.util.find_library = saved
