"""The execution cache: an executed notebook is reused while what its results
depend on is unchanged.

The key hashes the notebook's code cells (sources, in order), the helper library's
source, the data files, the versions of the packages that produce outputs, and the
course language with the catalogues it is read from (:func:`language_fingerprint`).
Markdown is not in the key: editing prose re-renders the book but never
re-executes. The built notebook is the current notebook with the cached outputs
copied onto its code cells, so the prose is always the latest.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from importlib import metadata
from pathlib import Path

from course_utils.errors import CourseDataError
from course_utils.i18n import Translator, language

tr = Translator("book")

# Packages whose versions change what a notebook prints or draws.
OUTPUT_PACKAGES = ("ipykernel", "ipywidgets", "matplotlib", "numpy", "pandas", "networkx", "nbclient")
SKIP_DIRS = {"__pycache__", ".ipynb_checkpoints"}
LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"
# The compiled translations and the message templates: what a page reads its words from.
CATALOGUE_SUFFIXES = (".mo", ".pot")


def code_fingerprint(nb) -> str:
    """Hash of the code cells' sources, in order (markdown and outputs excluded).

    >>> import nbformat
    >>> a = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("Hi"), nbformat.v4.new_code_cell("x = 1")])
    >>> b = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("Hello"), nbformat.v4.new_code_cell("x = 1")])
    >>> code_fingerprint(a) == code_fingerprint(b)
    True
    """
    digest = hashlib.sha256()
    for cell in nb.cells:
        if cell.cell_type == "code":
            digest.update(cell.source.encode("utf-8") + b"\0")
    return digest.hexdigest()


def tree_fingerprint(paths: list[Path], exclude: tuple[str, ...] = ()) -> str:
    """Hash of every file's relative path and bytes under ``paths`` (sorted)."""
    digest = hashlib.sha256()
    for base in paths:
        base = Path(base)
        files = [base] if base.is_file() else sorted(p for p in base.rglob("*") if p.is_file())
        for path in files:
            relative = path.relative_to(base.parent) if path != base else Path(base.name)
            if set(relative.parts) & SKIP_DIRS or path.suffix == ".pyc":
                continue
            if any(part in exclude for part in relative.parts[1:2]):
                continue
            digest.update(str(relative).encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def dependency_versions() -> dict[str, str]:
    versions = {"python": sys.version.split()[0]}
    for name in OUTPUT_PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "absent"
    return versions


def cache_key(nb, environment: str) -> str:
    """The cache key of a notebook given the environment fingerprint."""
    return hashlib.sha256(f"{code_fingerprint(nb)}:{environment}".encode()).hexdigest()[:24]


def language_fingerprint(locale_dir: Path = LOCALE_DIR) -> str:
    """Hash of the course language and every catalogue under ``locale_dir`` (``**/*.mo``, ``*.pot``).

    The same notebook in another language, or with a changed translation, is another
    page: every cache of the book build takes this into its key.
    """
    digest = hashlib.sha256(f"{language()}\0".encode())
    files = sorted(p for p in Path(locale_dir).rglob("*") if p.is_file() and p.suffix in CATALOGUE_SUFFIXES)
    for path in files:
        digest.update(str(path.relative_to(locale_dir)).encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def environment_fingerprint(library_dirs: list[Path], data_dirs: list[Path], locale_dir: Path = LOCALE_DIR) -> str:
    """Library source (the book build itself excluded) + data files + versions + language and catalogues."""
    parts = {
        "library": tree_fingerprint(library_dirs, exclude=("book", "commands")),
        "data": tree_fingerprint(data_dirs),
        "versions": dependency_versions(),
        "language": language_fingerprint(locale_dir),
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


class ExecutionCache:
    """Executed notebooks under ``directory``, one file per notebook and key."""

    def __init__(self, directory: Path):
        self.directory = Path(directory)

    def _path(self, name: str, key: str) -> Path:
        return self.directory / f"{name}.{key}.ipynb"

    def get(self, name: str, key: str):
        path = self._path(name, key)
        if not path.is_file():
            return None
        try:
            return read_notebook(path)
        except CourseDataError:
            return None  # a damaged entry is a miss: the notebook runs again and the entry is rewritten

    def put(self, name: str, key: str, nb) -> Path:
        import nbformat

        self.directory.mkdir(parents=True, exist_ok=True)
        path = self._path(name, key)
        atomic_write_text(path, nbformat.writes(nb))
        for stale in self.directory.glob(f"{name}.*.ipynb"):
            if stale != path:  # one entry per notebook keeps the cache small
                stale.unlink(missing_ok=True)
        return path


def merge_outputs(current, executed):
    """The current notebook (latest prose) carrying the executed code cells' outputs."""
    merged = current.copy()
    merged.cells = [cell.copy() for cell in current.cells]
    done = iter([c for c in executed.cells if c.cell_type == "code"])
    for cell in merged.cells:
        if cell.cell_type == "code":
            source = next(done)
            cell.outputs = source.get("outputs", [])
            cell.execution_count = source.get("execution_count")
    merged.metadata = dict(current.metadata)
    if "widgets" in executed.metadata:
        merged.metadata["widgets"] = executed.metadata["widgets"]
    return merged


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path``, then rename over it."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o644)  # mkstemp makes 0600; a book is for sharing
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def read_notebook(path: Path):
    """A notebook as nbformat gives it, read without schema validation when it is already v4.

    Validation (and importing the validator) costs more than the rest of a rebuild with
    nothing changed; the notebook tests validate every notebook.
    """
    import nbformat
    from nbformat.v4 import nbjson

    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise CourseDataError(tr.gettext("{path} cannot be read as a notebook (line {line}, column {column}: "
                                         "{reason}). If it was being saved, build again once it is saved; otherwise "
                                         "restore it (`git checkout -- {path}`) or save it again from JupyterLab.",
                                         path=path, reason=error.msg, line=error.lineno, column=error.colno)) from None
    except UnicodeDecodeError:
        raise CourseDataError(tr.gettext("{path} cannot be read as a notebook: it is not UTF-8 text. Restore it "
                                         "(`git checkout -- {path}`) or save it again from JupyterLab.",
                                         path=path)) from None
    if not isinstance(data, dict) or not isinstance(data.get("cells", []), list) or "nbformat" not in data:
        raise _not_a_notebook(path)
    try:
        if data["nbformat"] == 4:
            if not all(isinstance(cell, dict) and "cell_type" in cell for cell in data.get("cells", [])):
                raise _not_a_notebook(path)
            return nbjson.JSONReader().to_notebook(data)  # lines joined, transient fields dropped, as nbformat.read does
        return nbformat.read(path, as_version=4)
    except (AttributeError, KeyError, TypeError, ValueError, nbformat.ValidationError):
        raise _not_a_notebook(path) from None


def _not_a_notebook(path) -> CourseDataError:
    return CourseDataError(tr.gettext("{path} cannot be read as a notebook: it holds JSON, but not a notebook. "
                                      "Restore it (`git checkout -- {path}`) or save it again from JupyterLab.",
                                      path=path))
