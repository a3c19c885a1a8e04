"""Did a submission change the grader's own files? Fingerprints before and after.

A learner's kernel runs as the same user as the grader, so it could rewrite
the library's source or the hidden checks on disk, or add a file that a later
import would pick up instead (a package ``taskscore/`` beside ``taskscore.py``,
a byte-code file in ``__pycache__``). The fingerprint covers every file under
the ``course_utils`` package, by content, and the set of files itself, so an
added, removed or changed file all show. Scores of the notebook running are
computed from checks read before its kernel started; the fingerprint makes
the change visible so the run can refuse to trust it. A byte-code cache that
holds exactly what its source compiles to is not a change (any Python process
that imports the course may write one); anything else in ``__pycache__`` is.
"""

from __future__ import annotations

import hashlib
import importlib.util
import marshal
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2]  # course_utils/


def _path_of(hidden) -> Path | None:
    """The hidden checks' file from a path, or from an object that carries one (``HiddenChecks``)."""
    hidden = getattr(hidden, "path", hidden)
    return Path(hidden).resolve() if isinstance(hidden, (str, Path)) and hidden else None


def digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return None


def fingerprint(hidden=None) -> dict[str, str]:
    """A content digest of every file of the library (and of the hidden checks' file), by path."""
    found = sorted(path for path in PACKAGE.rglob("*") if path.is_file())
    extra = _path_of(hidden)
    if extra is not None and extra.is_file():
        found.append(extra)
    digests = {}
    for path in found:
        value = digest(path)
        if value is not None:
            digests[str(path)] = value
    return digests


def changed(before: dict[str, str], after: dict[str, str]) -> list[str]:
    """Files whose content changed, that disappeared or that appeared, by path.

    >>> changed({"a.py": "1", "b.py": "2", "d.py": "5"}, {"a.py": "1", "b.py": "3", "c.py": "4"})
    ['b.py', 'c.py', 'd.py']
    """
    return sorted(path for path in set(before) | set(after) if before.get(path) != after.get(path))


def _faithful_cache(path: Path) -> bool:
    """True for byte code that Python itself could have written from the module's source, or that is gone."""
    if not path.exists():
        return True  # a cache removed: Python writes it again from the source
    parts = path.name.split(".")
    if len(parts) < 3 or parts[1] != sys.implementation.cache_tag:
        return False  # not this Python's: nothing here can check it
    optimize = int(parts[2][4:]) if parts[2].startswith("opt-") and parts[2][4:].isdigit() else 0
    source = path.parent.parent / f"{parts[0]}.py"
    try:
        data, text = path.read_bytes(), source.read_bytes()
        if data[:4] != importlib.util.MAGIC_NUMBER:
            return False
        return marshal.loads(data[16:]) == compile(text, str(source), "exec", dont_inherit=True, optimize=optimize)
    except (OSError, ValueError, EOFError, TypeError, SyntaxError):
        return False


def tampered(before: dict[str, str], after: dict[str, str]) -> list[str]:
    """:func:`changed`, less the byte-code caches that hold just what their sources compile to."""
    return [path for path in changed(before, after)
            if not (Path(path).parent.name == "__pycache__" and _faithful_cache(Path(path)))]


def label(path: str) -> str:
    """A file's name as the instructor finds it: inside the library from ``course_utils/``, else its name.

    >>> label(str(PACKAGE / "instructor" / "grading" / "taskscore" / "__init__.py"))
    'course_utils/instructor/grading/taskscore/__init__.py'
    """
    try:
        return Path(path).relative_to(PACKAGE.parent).as_posix()
    except ValueError:
        return Path(path).name
