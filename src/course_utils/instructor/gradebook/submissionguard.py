"""The learners' notebooks as handed in, kept so while the class is graded.

A learner's kernel runs as the same user as the grader, and the submissions folder
is on the command line, so a cell could rewrite another learner's notebook, or its
time (which decides lateness), before that notebook is graded; every later regrade
would then repeat the damage. :class:`Handed` reads the folder's notebooks before
any kernel starts: each is graded from those bytes and dated by that time. After
the kernels have finished, :meth:`Handed.restore` puts back what changed, with its
time, and removes what appeared, each changed version first kept aside.
:func:`fingerprints` tells, around one notebook, whether anything there changed:
by inode, size and change time, which no program can set back.
"""

from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path

from course_utils.instructor.gradebook.outputguard import LINK, entries, put, read, remove, unused
from course_utils.instructor.gradebook.resultstore import atomic_write_bytes


def _watched(base: Path):
    """What the grader reads of a learner's folder: notebooks, and links (a folder swapped for one),
    outside hidden folders and checkpoints (which it never reads)."""
    def keep(path: Path) -> bool:
        hidden = any(part.startswith((".", "__")) for part in path.relative_to(base).parts)
        return not hidden and (path.suffix == ".ipynb" or path.is_symlink())

    return keep


def fingerprints(base: Path) -> dict[str, tuple]:
    """Inode, size, modification and change time of each notebook and link in ``base``, by path."""
    found = {}
    for path in entries(base, _watched(Path(base))):
        try:
            stat = path.lstat()
        except OSError:
            continue
        found[str(path)] = (stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)
    return found


class Handed:
    """The notebooks of ``base`` as they were before any kernel started: bytes and times."""

    def __init__(self, base: Path):
        self.base = Path(base)
        self.before: dict[str, tuple[bytes, int]] = {}
        self._through: dict[str, bytes | None] = {}  # notebooks reached through a link, as first read
        for path in entries(self.base, _watched(self.base)):
            data = read(path)
            try:
                self.before[str(path)] = (data, os.stat(path).st_mtime_ns)  # a link: its notebook's time
            except OSError:
                continue  # a link that leads nowhere has no time: the grader's reader names it

    def content(self, path: Path) -> bytes | None:
        """The notebook's bytes as handed in; None when unreadable. A link is read through the first time
        it is asked for (the run asks for every notebook it grades before any kernel starts) and kept."""
        data, _time = self.before.get(str(path), (None, 0))
        if data is not None and not data.startswith(LINK):
            return data
        if str(path) not in self._through:
            try:
                self._through[str(path)] = Path(path).read_bytes()
            except OSError:
                self._through[str(path)] = None
        return self._through[str(path)]

    def submitted_at(self, path: Path) -> datetime:
        """When the notebook was last changed before the run (the LMS download keeps the files' times)."""
        found = self.before.get(str(path))
        seconds = found[1] / 1e9 if found else Path(path).stat().st_mtime
        return datetime.fromtimestamp(seconds, tz=timezone.utc).replace(microsecond=0)

    def restore(self, aside: Path) -> list[str]:
        """Put back each notebook that changed (its bytes and time) and remove what appeared, each changed
        version first copied under ``aside``; return their names inside the folder."""
        now = {str(path): read(path) for path in entries(self.base, _watched(self.base))}
        changed = [path for path in sorted(set(now) | set(self.before)) if self._changed(path, now.get(path))]
        for path in changed:
            data = now.get(path)
            if data is not None and not data.startswith(LINK):
                atomic_write_bytes(unused(Path(aside) / Path(path).relative_to(self.base)), data)
        for path in changed:
            if path not in self.before:
                remove(Path(path))
        for path in changed:
            if path in self.before:
                data, time = self.before[path]
                put(Path(path), data, self.base)
                if not data.startswith(LINK):
                    os.utime(path, ns=(time, time))
        return [Path(path).relative_to(self.base).as_posix() for path in changed]

    def _changed(self, path: str, data: bytes | None) -> bool:
        if path not in self.before:
            return True
        before, time = self.before[path]
        if data != before:
            return True
        try:
            return not before.startswith(LINK) and os.lstat(path).st_mtime_ns != time
        except OSError:
            return True
