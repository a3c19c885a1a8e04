"""Uploaded files kept in a per-visitor temporary folder, removed when the visitor leaves.

Each visitor of the app has a kernel of their own; the folder belongs to that
kernel's process and is removed when the process ends (the visitor closes the page
and Voilà shuts the kernel down, or the idle kernel is culled) or when the
:class:`UploadFolder` is closed.
"""

from __future__ import annotations

import atexit
import re
import shutil
import tempfile
import weakref
from pathlib import Path

PREFIX = "course-app-upload-"


def safe_name(filename: str) -> str:
    """A file name with no folder part and no characters a file system might refuse.

    >>> safe_name("../../etc/passwd"), safe_name("月度 数据.csv")
    ('passwd', '月度-数据.csv')
    """
    base = re.split(r"[\\/]", str(filename))[-1].strip() or "upload"
    cleaned = re.sub(r"[^\w.\-]+", "-", base).strip(".-")
    return cleaned[:80] or "upload"


class UploadFolder:
    """A private temporary folder for one visitor's uploads."""

    def __init__(self) -> None:
        self.path = Path(tempfile.mkdtemp(prefix=PREFIX))
        self._finalizer = weakref.finalize(self, shutil.rmtree, str(self.path), ignore_errors=True)
        atexit.register(self._finalizer)

    def save(self, filename: str, data: bytes) -> Path:
        """Write an uploaded file; returns its path inside the folder."""
        target = self.path / safe_name(filename)
        target.write_bytes(data)
        return target

    def close(self) -> None:
        """Remove the folder and everything in it."""
        self._finalizer()

    @property
    def closed(self) -> bool:
        return not self._finalizer.alive
