"""The learner's lock file: the pins of ``requirements.lock`` that the lessons and exercises need.

``requirements.lock`` pins the instructor's whole environment (tests, browser,
book, grading). A learner needs only the package's own dependencies
(``[project].dependencies`` in ``pyproject.toml``) and what they pull in: that
closure, read from the installed packages' metadata, with the versions of
``requirements.lock``, is ``requirements-learner.lock``, which the student
bundle installs. ``make lock`` writes it; a test checks it is still the closure.
"""

from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement

from course_utils.i18n import Translator

tr = Translator("instructor")

LEARNER_LOCK = "requirements-learner.lock"
HEADER = ("# The packages a learner needs (the course library's own dependencies and what they pull in), at the\n"  # i18n: not translated (the header of a committed lock file, the same in every language)
          "# versions of requirements.lock. Made by 'make lock'; extras for tests, the book and grading stay out.\n")
# Left out of requirements.lock on purpose (see its header); pip adds them on a learner's machine if wanted.
NOT_PINNED = {"lark", "rfc3987-syntax"}
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)$")


def canonical(name: str) -> str:
    """A distribution name as pip compares them.

    >>> canonical("PyYAML"), canonical("jupyter_server")
    ('pyyaml', 'jupyter-server')
    """
    return re.sub(r"[-_.]+", "-", name).lower()


def read_pins(path: Path) -> dict[str, str]:
    """``{canonical name: version}`` of a lock file's ``name==version`` lines."""
    pins = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        match = _PIN.match(line.strip())
        if match:
            pins[canonical(match[1])] = match[2]
    return pins


def runtime_requirements(pyproject: Path) -> list[str]:
    """The package's own dependencies (``[project].dependencies``), without the optional extras."""
    with Path(pyproject).open("rb") as handle:
        return list(tomllib.load(handle)["project"]["dependencies"])


def closure(requirements: list[str], skip: set[str] = frozenset()) -> set[str]:
    """Canonical names of ``requirements`` and everything they need on this platform, from installed metadata.

    Packages in ``skip`` (and what only they need) are left out.
    """
    names: set[str] = set()
    done: set[tuple[str, str]] = set()  # (package, extra) already expanded; "" is the package itself
    pending = [Requirement(text) for text in requirements]
    while pending:
        requirement = pending.pop()
        name = canonical(requirement.name)
        if name in skip:
            continue
        new = {extra for extra in {"", *requirement.extras} if (name, extra) not in done}
        if not new:
            continue
        done |= {(name, extra) for extra in new}
        names.add(name)
        try:
            needs = metadata.requires(requirement.name) or []
        except metadata.PackageNotFoundError:
            raise LookupError(tr.gettext("{package} is not installed, so its dependencies cannot be read",
                                         package=requirement.name)) from None
        for text in needs:
            child = Requirement(text)
            if child.marker is None or any(child.marker.evaluate({"extra": extra}) for extra in new):
                pending.append(child)
    return names


def learner_pins(root: Path) -> dict[str, str]:
    """The learner's pins: the closure of the runtime dependencies, at ``requirements.lock``'s versions."""
    root = Path(root)
    pins = read_pins(root / "requirements.lock")
    needed = closure(runtime_requirements(root / "pyproject.toml"), NOT_PINNED)
    missing = sorted(needed - set(pins))
    if missing:
        raise LookupError(tr.gettext("requirements.lock has no pin for {packages}; run 'make lock'",
                                     packages=", ".join(missing)))
    return {name: pins[name] for name in sorted(needed)}


def lock_text(root: Path) -> str:
    return HEADER + "".join(f"{name}=={version}\n" for name, version in learner_pins(root).items())


def main() -> int:
    """Write ``requirements-learner.lock`` beside ``requirements.lock`` (run by ``make lock``)."""
    root = Path.cwd()
    (root / LEARNER_LOCK).write_text(lock_text(root), encoding="utf-8")
    print(f"{LEARNER_LOCK} updated")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
