"""Did a submission change the grader's own files? A fingerprint before and after each notebook.

A learner's kernel runs as the same user as the grader, so it could rewrite
the library's source or the hidden checks on disk, and a process that imports
them later would run the learner's code. Scores are computed from checks read
before the kernel starts, so this notebook's own grade is unaffected; the
fingerprint makes any such change visible so the instructor can restore the
files before grading again. New files are ignored: nothing imports them.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

SUFFIXES = {".py", ".pyc", ".json", ".j2"}


def _files(hidden) -> list[Path]:
    package = Path(__file__).resolve().parents[1]
    found = sorted(path for path in package.rglob("*") if path.suffix in SUFFIXES and path.is_file())
    if isinstance(hidden, (str, Path)) and Path(hidden).is_file():
        found.append(Path(hidden).resolve())
    return found


def fingerprint(hidden=None) -> dict[str, str]:
    """A content digest of each library file (and the hidden checks' file), by path."""
    digests = {}
    for path in _files(hidden):
        try:
            digests[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            continue
    return digests


def changed(before: dict[str, str], after: dict[str, str]) -> list[str]:
    """Files whose content changed or that disappeared, by name.

    >>> changed({"a.py": "1", "b.py": "2"}, {"a.py": "1", "b.py": "3", "c.py": "4"})
    ['b.py']
    """
    return sorted(Path(path).name for path, digest in before.items() if after.get(path) != digest)
