"""Check the shipped data files against a fresh run of the generator.

Synthetic data sets are regenerated in a temporary folder and compared byte
for byte with the shipped files; the hand-written real data sets are checked
against their schema. One :class:`Result` per data set.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from course_utils.errors import CourseDataError
from course_utils.i18n import Translator

tr = Translator("data")

_SHOWN_CHARS = 70


@dataclass(frozen=True)
class Result:
    """The outcome for one data set: ``ok`` and the line to print."""

    name: str
    ok: bool
    line: str


def datafiles_dir() -> Path:
    """The package's ``datafiles`` folder (where the shipped CSVs live)."""
    return Path(str(resources.files("course_utils").joinpath("datafiles")))


def _clip(line: bytes | None) -> str:
    if line is None:
        return tr.gettext("(end of file)")
    text = line.decode("utf-8", errors="replace")
    return repr(text if len(text) <= _SHOWN_CHARS else text[:_SHOWN_CHARS] + "...")


def first_difference(expected: bytes, actual: bytes) -> tuple[int, str, str] | None:
    """(line number, shipped line, regenerated line) of the first difference, or None."""
    if expected == actual:
        return None
    old, new = expected.split(b"\n"), actual.split(b"\n")
    for number in range(max(len(old), len(new))):
        left = old[number] if number < len(old) else None
        right = new[number] if number < len(new) else None
        if left != right:
            return number + 1, _clip(left), _clip(right)
    return 1, _clip(old[0]), _clip(new[0])  # unreachable: equal splits mean equal bytes


def verify(reference_dir: str | Path | None = None, *, fresh_dir: str | Path | None = None) -> list[Result]:
    """Compare every data set in ``reference_dir`` (default: the shipped files).

    The synthetic sets are regenerated in a temporary folder, unless
    ``fresh_dir`` already holds a generator run to compare against.
    """
    from course_utils import datasets
    from course_utils.datagen import REGISTRY, generate_all

    reference = Path(reference_dir) if reference_dir is not None else datafiles_dir()
    results = []
    if fresh_dir is not None:
        fresh = {name: (Path(fresh_dir) / f"{name}.csv").read_bytes() for name in REGISTRY}
    else:
        with tempfile.TemporaryDirectory(prefix="course-data-") as scratch:
            fresh = {path.stem: path.read_bytes() for path in generate_all(scratch)}
    for name in datasets.list_datasets():
        shipped = reference / f"{name}.csv"
        if not shipped.is_file():
            results.append(Result(name, False, tr.gettext("{name}: DIFFERS: {file} is missing", name=name,
                                                          file=shipped)))
        elif name in REGISTRY:
            difference = first_difference(shipped.read_bytes(), fresh[name])
            if difference is None:
                results.append(Result(name, True, tr.gettext("{name}: OK", name=name)))
            else:
                line, old, new = difference
                results.append(Result(name, False, tr.gettext("{name}: DIFFERS at line {line}: shipped {expected} / "
                                                              "regenerated {actual}", name=name, line=line,
                                                              expected=old, actual=new)))
        else:
            try:
                datasets.load(name, path=shipped)
            except CourseDataError as error:
                results.append(Result(name, False, tr.gettext("{name}: DIFFERS: {reason}", name=name,
                                                              reason=str(error).replace("\n", " "))))
            else:
                results.append(Result(name, True, tr.gettext("{name}: OK (hand-written; matches its schema)",
                                                             name=name)))
    return results
