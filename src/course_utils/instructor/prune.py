"""Leaving the instructor's modules out of the learner's library, without breaking an import.

``prune(library, entries, notebook_dirs)`` deletes the listed files and packages
from a copy of ``course_utils``, except those that a module it keeps, or a
lesson or exercise notebook, imports (at any depth, inside functions too): those
stay, and are reported, so that a bundle never ships an import it cannot satisfy.
"""

from __future__ import annotations

import ast
import json
import shutil
from pathlib import Path

from course_utils.i18n import Translator

tr = Translator("instructor")


def module_name(library: Path, path: Path) -> str:
    """``course_utils.quiz.seal`` for ``<library>/quiz/seal.py``; a package's ``__init__`` is the package."""
    parts = [library.name, *path.relative_to(library).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(source: str, current: str = "", is_package: bool = False) -> set[str]:
    """Every module ``source`` may import: ``from a.b import c`` gives ``a.b`` and ``a.b.c``.

    >>> sorted(imports_of("from course_utils.exercises import leaks\\nimport yaml"))
    ['course_utils.exercises', 'course_utils.exercises.leaks', 'yaml']
    """
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return set()
    found: set[str] = set()
    package = current if is_package else current.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found |= {f"{base}.{alias.name}" for alias in node.names}
    return found


def _notebook_code(path: Path) -> str:
    cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
    lines = []
    for cell in cells:
        if cell.get("cell_type") == "code":
            source = cell.get("source", "")
            text = "".join(source) if isinstance(source, list) else str(source)
            lines += [line for line in text.splitlines() if not line.lstrip().startswith(("%", "!"))]
    return "\n".join(lines)


def prune(library: Path, entries: tuple[str, ...], notebook_dirs: list[Path]) -> list[str]:
    """Delete ``entries`` (paths relative to ``library``) not imported by what stays; return those kept, and why."""
    library = Path(library)
    owner: dict[str, str] = {}  # module -> the entry it belongs to
    for entry in entries:
        target = library / entry
        files = sorted(target.rglob("*.py")) if target.is_dir() else ([target] if target.is_file() else [])
        owner.update({module_name(library, f): entry for f in files})
    removed = set(owner.values())
    sources = [(module_name(library, f), f.read_text(encoding="utf-8"), f.name == "__init__.py")
               for f in sorted(library.rglob("*.py")) if owner.get(module_name(library, f)) is None]
    sources += [("", _notebook_code(nb), False) for folder in notebook_dirs for nb in sorted(Path(folder).glob("*.ipynb"))]
    kept: list[str] = []
    while sources:
        name, text, is_package = sources.pop(0)
        for imported in sorted(imports_of(text, name, is_package)):
            entry = owner.get(imported)
            if entry in removed:
                removed.discard(entry)
                kept.append(tr.gettext("{entry} (imported by {module})", entry=entry,
                                       module=name or tr.gettext("a notebook")))
                sources += [(m, (library / _path_of(library, m)).read_text(encoding="utf-8"),
                             _path_of(library, m).name == "__init__.py") for m, e in owner.items() if e == entry]
    for entry in sorted(removed):
        target = library / entry
        if target.is_dir():
            shutil.rmtree(target)
        else:
            target.unlink()
    return kept


def _path_of(library: Path, module: str) -> Path:
    relative = Path(*module.split(".")[1:])
    return relative / "__init__.py" if (library / relative).is_dir() else relative.with_suffix(".py")
