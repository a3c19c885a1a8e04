"""The files a grading guard keeps (:mod:`outputguard`, :mod:`submissionguard`): listed, read and written
back without ever following a symbolic link or opening what is not a regular file.

A link is a file of its own here, read as :data:`LINK` and its target: followed, a link a kernel
put in place of a folder would lead the guard to files it never kept. A named pipe is left out:
opened, it would hold the run up waiting for a writer.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from course_utils.instructor.gradebook.resultstore import atomic_write_bytes

LINK = b"\0symbolic link to\0"  # how a link reads here: never as the bytes it leads to


def entries(root: Path, keep=lambda path: True, follow_root: bool = False) -> list[Path]:
    """Every regular file and symbolic link under ``root`` that ``keep`` accepts, sorted; a link to a
    folder is listed and not followed, and a ``root`` that is itself a link is listed as one (unless
    ``follow_root``). What is neither (a named pipe, a socket) is left out: opened, a pipe would wait."""
    root = Path(root)
    if root.is_symlink() and not follow_root:
        return [root] if keep(root) else []
    found = []
    for folder, folders, files in os.walk(root):  # does not descend into linked folders
        here = Path(folder)
        found += [here / name for name in files] + [here / name for name in folders if (here / name).is_symlink()]
    return sorted(path for path in found if plain(path) and keep(path))


def plain(path: Path) -> bool:
    """A regular file or a symbolic link, as the path itself is (never followed)."""
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return False
    return stat.S_ISREG(mode) or stat.S_ISLNK(mode)


def read(path: Path) -> bytes | None:
    """A file's bytes; a link's target after :data:`LINK`; None when there is nothing to read, or
    something other than a regular file (a pipe swapped in meanwhile is not waited on)."""
    try:
        if Path(path).is_symlink():
            return LINK + os.fsencode(os.readlink(path))
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW)
    except OSError:
        return None
    if not stat.S_ISREG(os.fstat(handle).st_mode):  # a folder, or a pipe swapped in meanwhile
        os.close(handle)
        return None
    with os.fdopen(handle, "rb") as stream:
        return stream.read()


def put(path: Path, data: bytes, within: Path, links=frozenset()) -> None:
    """Make ``path`` hold ``data`` (a link again where ``data`` is one), through real folders only from
    ``within`` (the guarded folder, which may itself be reached through links) down, but for ``links``,
    the links that were there before (by path)."""
    path, within = Path(path), Path(within)
    for parent in reversed(path.relative_to(within).parents[:-1]):
        if (within / parent).is_symlink() and str(within / parent) not in links:
            (within / parent).unlink()  # a link put in place of a folder: the folder comes back, empty
    if data.startswith(LINK):
        if path.is_dir() and not path.is_symlink():  # a folder put where a link was: set aside, never deleted
            os.replace(path, unused(path.with_name(f"{path.name}.replaced")))
        path.unlink(missing_ok=True)
        os.symlink(os.fsdecode(data[len(LINK):]), path)
    else:
        atomic_write_bytes(path, data)


def remove(path: Path) -> None:
    """Remove a file or link (a link to a folder goes, not the folder it leads to)."""
    Path(path).unlink(missing_ok=True)


def unused(path: Path) -> Path:
    """``path``, or ``name-2.csv``, ``name-3.csv``, ...: a later copy never replaces an earlier one."""
    candidate, number = path, 1
    while candidate.exists():
        number += 1
        candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
    return candidate
