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

from course_utils.instructor.gradebook.guardfiles import LINK, entries, put, read, remove, unused
from course_utils.instructor.gradebook.resultstore import atomic_write_bytes


def _watched(base: Path):
    """What the grader reads of a learner's folder: notebooks, and links (a folder swapped for one),
    outside hidden folders and checkpoints (which it never reads)."""
    def keep(path: Path) -> bool:
        hidden = any(part.startswith((".", "__")) for part in path.relative_to(base).parts)
        return not hidden and (path.suffix == ".ipynb" or path.is_symlink())

    return keep


def _listed(base: Path) -> list[Path]:
    """The notebooks and links of ``base`` (itself perhaps a link), and of each learner's folder that is
    a link (the grader follows those, one level down, as it finds the learners)."""
    base = Path(base)
    found = entries(base, _watched(base), follow_root=True)
    for link in [path for path in found if path.parent == base and path.is_symlink() and path.is_dir()]:
        found += entries(link, _watched(base), follow_root=True)
    return sorted(set(found))


def _folders(base: Path) -> set[str]:
    """Every folder under ``base``, by path (links to folders not followed)."""
    return {str(Path(folder) / name) for folder, names, _files in os.walk(base) for name in names}


def fingerprints(base: Path) -> dict[str, tuple]:
    """Inode, size, modification and change time of each notebook and link in ``base``, by path."""
    found = {}
    for path in _listed(base):
        try:
            stat = path.lstat()
        except OSError:
            continue
        found[str(path)] = (stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)
    return found


class Handed:
    """The notebooks of ``base`` as they were before any kernel started: bytes and times.

    What cannot be read as a file (a socket, a file without read permission) is left out, before
    and after: the grader's own reader names it, and the guard neither keeps nor removes it.
    """

    def __init__(self, base: Path):
        self.base = Path(base)
        # By path: the bytes (a link's, LINK and its target) and the modification time of the file itself.
        self.before: dict[str, tuple[bytes, int]] = {}
        self._through: dict[str, tuple[bytes | None, int]] = {}  # notebooks reached through a link, as first read
        self.folders = _folders(self.base)
        for path in _listed(self.base):
            data = read(path)
            try:
                if data is not None:
                    self.before[str(path)] = (data, path.lstat().st_mtime_ns)
            except OSError:
                continue  # gone since it was listed

    def _now(self) -> dict[str, bytes]:
        return {str(path): data for path in _listed(self.base) if (data := read(path)) is not None}

    def content(self, path: Path) -> bytes | None:
        """The notebook's bytes as handed in; None when unreadable. A link is read through the first time
        it is asked for (the run asks for every notebook it grades before any kernel starts) and kept."""
        data, _time_ns = self.before.get(str(path), (None, 0))
        if data is not None and not data.startswith(LINK):
            return data
        return self._read_through(path)[0]

    def _read_through(self, path: Path) -> tuple[bytes | None, int]:
        if str(path) not in self._through:
            try:
                self._through[str(path)] = (Path(path).read_bytes(), os.stat(path).st_mtime_ns)
            except OSError:
                self._through[str(path)] = (None, 0)
        return self._through[str(path)]

    def submitted_at(self, path: Path) -> datetime:
        """When the notebook was last changed before the run (the LMS download keeps the files' times)."""
        data, time = self.before.get(str(path), (None, 0))
        if data is None or data.startswith(LINK):
            data, time = self._read_through(path)
        seconds = time / 1e9 if data is not None else Path(path).stat().st_mtime
        return datetime.fromtimestamp(seconds, tz=timezone.utc).replace(microsecond=0)

    def restore(self, aside: Path) -> list[str]:
        """Put back each notebook that changed (its bytes and time) and remove what appeared (and the
        folders that came with it, left empty), each changed version first copied under ``aside``;
        return their names inside the folder."""
        now = self._now()
        changed = [path for path in sorted(set(now) | set(self.before)) if self._changed(path, now.get(path))]
        for path in changed:
            data = now.get(path)
            if data is not None and not data.startswith(LINK):
                atomic_write_bytes(unused(Path(aside) / Path(path).relative_to(self.base)), data)
        for path in changed:
            if path not in self.before:
                remove(Path(path))
        for folder in sorted(_folders(self.base) - self.folders, key=lambda name: -name.count(os.sep)):
            try:
                os.rmdir(folder)  # only if empty: a folder of anything else is left as it is
            except OSError:
                continue
        # Looked at again: a notebook read through a link just removed (a folder swapped for one) is gone now.
        again = [path for path in self.before if self._changed(path, read(Path(path)))]
        links = frozenset(path for path, (data, _time_ns) in self.before.items() if data.startswith(LINK))
        for path in again:
            data, time = self.before[path]
            put(Path(path), data, self.base, links)
            if not data.startswith(LINK):
                os.utime(path, ns=(time, time))
        return [Path(path).relative_to(self.base).as_posix() for path in sorted(set(changed) | set(again))]

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
