"""One ``course grade`` at a time in an output folder, and a folder it can write to.

Two runs writing the same ``--out`` would each take the other's writes for a
submission tampering with the instructor's files (:mod:`outputguard`): each would
put the other's results back and score the notebooks running at the time 0. The
second run is refused instead, before it grades anything. The lock is a POSIX
record lock (``lockf``) on ``.grading.lock`` (a dot name, which the guard leaves
alone): it belongs to the run's own process, not to the workers it forks, so the
system releases it when that process ends, however it ends (an ``flock`` would be
held on by a stray worker of a killed run).
"""

from __future__ import annotations

import errno
import fcntl
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from course_utils.errors import CourseInputError
from course_utils.i18n import Translator

tr = Translator("instructor")

LOCK = ".grading.lock"


@contextmanager
def holding(out: Path) -> Iterator[Path]:
    """Create ``out`` if needed and hold its lock for the block; a clear message if either cannot be done."""
    out = Path(out)
    try:
        out.mkdir(parents=True, exist_ok=True)
        handle = open(out / LOCK, "a+", encoding="utf-8")  # noqa: SIM115 - held for the whole block
    except OSError as error:
        raise CourseInputError(tr.gettext("--out {out} cannot be used for the grading output ({reason}); give a "
                                          "folder you can write to (default grades/).", out=str(out),
                                          reason=error.strerror or type(error).__name__), "out") from None
    with handle:
        try:
            fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            if error.errno not in (errno.EAGAIN, errno.EACCES):  # a file system without locks
                raise CourseInputError(tr.gettext("--out {out} cannot be used for the grading output ({reason}); "
                                                  "give a folder you can write to (default grades/).", out=str(out),
                                                  reason=error.strerror or type(error).__name__), "out") from None
            raise CourseInputError(tr.gettext("Another course grade is writing to {out} now. Let it finish (or "
                                              "stop it) and grade again: two runs at once would each take the "
                                              "other's results for a submission's tampering.", out=str(out)),
                                   "out") from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")  # who holds it, for an instructor who looks
        handle.flush()
        yield out
