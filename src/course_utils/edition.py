"""Which edition of the course this library is: the instructor's repository or a learner's bundle.

``course release`` writes ``edition.json`` (``{"edition": "learner"}``) into the
bundle's copy of the library; without it the library is the instructor's. The
``course`` command lists only learner commands in a learner's edition, and a
sealed quiz bank has no answer key to show.
"""

from __future__ import annotations

import json
from importlib import resources

MARKER = "edition.json"
LEARNER = "learner"
INSTRUCTOR = "instructor"


def edition() -> str:
    """"learner" in a student bundle, else "instructor"."""
    marker = resources.files("course_utils").joinpath(MARKER)
    if not marker.is_file():
        return INSTRUCTOR
    try:
        data = json.loads(marker.read_text(encoding="utf-8"))
    except ValueError:
        return LEARNER  # a damaged marker still means a bundle: never offer instructor tools on a guess
    return INSTRUCTOR if data == {"edition": INSTRUCTOR} else LEARNER


def marker_text() -> str:
    """The contents of a learner bundle's ``edition.json``."""
    return json.dumps({"edition": LEARNER}) + "\n"
