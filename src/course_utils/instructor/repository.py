"""The course repository an instructor's command works on, or a message saying it is not one."""

from __future__ import annotations

from pathlib import Path

from course_utils.errors import CourseInputError
from course_utils.i18n import Translator

tr = Translator("instructor")


def require_course(root: Path) -> Path:
    """``root`` if it holds the course's lessons; else a message saying where to run the command.

    A command run elsewhere would otherwise find nothing to do and say all is well.
    """
    root = Path(root)
    if not (root / "lessons").is_dir():
        raise CourseInputError(tr.gettext("{root} is not the course repository (it has no lessons/ folder); run "
                                          "this in the repository, or give its folder with --root.",
                                          root=str(root.resolve())), "root")
    return root
