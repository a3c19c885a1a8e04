"""The instructor's files in the output folder, kept safe from the submissions being graded.

A learner's kernel runs as the same user as the grader, so it could append a
row to ``overrides.csv`` or give itself full marks in its stored result. Before
any kernel starts, :class:`Snapshot` keeps the bytes of every file the run must
be able to trust in ``--out``: ``overrides.csv``, ``roster.csv``,
``deadlines.json``, the score sheets in ``written/`` and the results in
``results/``. The run tells it what it writes itself (:meth:`Snapshot.expect`);
after the kernels have finished, :meth:`Snapshot.restore` puts back every file
that changed otherwise and removes any that appeared, and returns their names
so the run reports them. What it puts back of the instructor's own files (the
score sheets, overrides, roster, deadlines) is first copied aside as it was:
an instructor who entered scores during the run loses nothing. :func:`digests`
fingerprints the same files around one notebook, so the notebooks running at
the time are named too. A symbolic link is a file of its own here, never followed
(:mod:`guardfiles`): a link put in place of a learner's results folder would otherwise
lead the store's reader to results written elsewhere, where no snapshot sees them.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from course_utils.instructor.gradebook.guardfiles import LINK, entries, plain, put, read, remove, unused
from course_utils.instructor.gradebook.resultstore import atomic_write_bytes

FILES = ("overrides.csv", "roster.csv", "deadlines.json")
FOLDERS = ("written", "results")


def _files(out: Path, skip=frozenset()) -> list[Path]:
    """The trusted files that exist now; names starting with a dot are writes in progress, read by nobody."""
    out = Path(out)
    found = [out / name for name in FILES if plain(out / name)]
    for folder in FOLDERS:
        found += entries(out / folder, lambda path: not any(part.startswith(".") for part in path.relative_to(out).parts))
    return [path for path in found if str(path) not in skip]


def digests(out: Path, skip=frozenset()) -> dict[str, str]:
    """A digest of each trusted file by path, leaving out ``skip`` (the results this run writes itself)."""
    found = {}
    for path in _files(out, skip):
        data = read(path)
        if data is not None:
            found[str(path)] = hashlib.sha256(data).hexdigest()
    return found


def label(out: Path, path: str) -> str:
    """A trusted file's name inside the output folder (``results/bob/03-commerce-loop.json``)."""
    try:
        return Path(path).relative_to(out).as_posix()
    except ValueError:
        return Path(path).name


class Snapshot:
    """The trusted files of ``out`` as they were before the kernels started."""

    def __init__(self, out: Path):
        self.out = Path(out)
        self.before = {str(path): data for path in _files(self.out) if (data := read(path)) is not None}
        self.expected = dict(self.before)
        self.kept_aside: list[Path] = []  # the copies :meth:`restore` made of the instructor's changed files

    def expect(self, path: Path, text: str) -> None:
        """The run itself wrote ``text`` to ``path`` (as :func:`resultstore.atomic_write_text` encodes it)."""
        self.expected[str(path)] = text.encode("utf-8", "backslashreplace")

    def _now(self, everything: bool) -> dict[str, bytes | None]:
        """The bytes now (None: gone) of each file that differs from what is expected, or from the state
        before the run when ``everything``, by path, sorted."""
        target = self.before if everything else self.expected
        now = {str(path): read(path) for path in _files(self.out)}
        return {path: now.get(path) for path in sorted(set(now) | set(target)) if now.get(path) != target.get(path)}

    def restore(self, everything: bool = False, aside: Path | None = None) -> list[str]:
        """Put back what was expected; files that appeared are removed. Returns the names put right.

        The instructor's files among them are first copied, as they are now, under ``aside``.
        """
        target = self.before if everything else self.expected
        changed = self._now(everything)
        for path, data in changed.items():
            name = label(self.out, path)
            if aside is not None and data is not None and not data.startswith(LINK) and _instructors(name):
                self.kept_aside.append(atomic_write_bytes(unused(Path(aside) / name), data))
        # What appeared goes first: a link in place of a folder, before the files that belong in that folder.
        for path in changed:
            if path not in target:
                remove(Path(path))
        links = frozenset(path for path, data in target.items() if data.startswith(LINK))
        for path in changed:
            if path in target:
                put(Path(path), target[path], self.out, links)
        return [label(self.out, path) for path in changed]


def _instructors(name: str) -> bool:
    """A file the instructor fills in (not a stored result, which the run writes)."""
    return name in FILES or name.startswith(f"{FOLDERS[0]}/")
