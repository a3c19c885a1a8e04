"""What each output of the book was built from, so that a rebuild with nothing changed does nothing.

The manifest (``.manifest.json`` in the output folder) keeps two keys for each output
(``student.pdf``, ``instructor.html``, …):

- the **output key**: everything the output depends on, each notebook taken as printed
  (its prose with the outputs of its execution);
- the **inputs key**: the same, each notebook taken as the bytes of its file and of its
  cached execution, with the library's fingerprint and whether notebooks are run.

The inputs key is checked first. When every output asked for still has its inputs key,
nothing has changed since it was written, and the build stops there, without parsing a
notebook. A changed byte anywhere (a re-saved notebook with the same prose included)
sends the build down the full path, where the output key decides.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from course_utils import __version__
from course_utils.book.cache import atomic_write_text, language_fingerprint, tree_fingerprint
from course_utils.book.config import bank_path, book_files

PACKAGE_DIR = Path(__file__).resolve().parent


def other_inputs(config) -> list[Path]:
    """The files outside the book folder and the notebooks that the book prints from: the
    timeline appendix, the rubrics beside the worked solutions and each lesson's quiz bank."""
    paths = [config.root_path(relative) for relative in (config.data.get("appendices", {}).get("timeline"),
                                                          config.print_options.get("solutions", {}).get("rubrics"))
             if relative]
    pattern = config.data.get("quiz_banks")
    if pattern:
        paths += [config.root_path(bank_path(pattern, chapter.number)) for chapter in config.chapters]
    return paths


def output_key(config, edition: str, notebooks: list[str]) -> str:
    """Hash of everything an edition's output depends on (``notebooks``: a hash per chapter, in order)."""
    digest = hashlib.sha256(f"{__version__}:{edition}".encode())
    digest.update(json.dumps(config.data, sort_keys=True, default=str).encode())
    for notebook in notebooks:
        digest.update(notebook.encode())
    digest.update(tree_fingerprint(book_files(config)).encode())
    digest.update(tree_fingerprint([PACKAGE_DIR]).encode())
    for path in other_inputs(config):
        if path.is_file():
            digest.update(path.read_bytes())
    digest.update(language_fingerprint().encode())
    return digest.hexdigest()


def inputs_keys(config, editions, environment: str, cache_dir: Path, execute: bool) -> dict[str, str]:
    """Each edition's output key computed from the files as they lie on disk (see the module's notes)."""
    notebooks: dict[str, str] = {}  # chapter → hash; the editions share most chapters, each is read once

    def notebook(chapter) -> str:
        if chapter.key not in notebooks:
            digest = hashlib.sha256(chapter.path.read_bytes())
            for entry in sorted(Path(cache_dir).glob(f"{chapter.key}.*.ipynb")):
                digest.update(entry.name.encode("utf-8") + b"\0" + entry.read_bytes())
            notebooks[chapter.key] = digest.hexdigest()
        return notebooks[chapter.key]

    keys = {}
    for edition in editions:
        key = output_key(config, edition, [notebook(chapter) for chapter in config.chapters_for(edition)])
        keys[edition] = hashlib.sha256(f"{key}:{environment}:{execute}".encode()).hexdigest()
    return keys


class Manifest:
    """The output keys and inputs keys of what the output folder holds."""

    def __init__(self, path: Path):
        self.path = Path(path)
        data = json.loads(self.path.read_text(encoding="utf-8")) if self.path.is_file() else {}
        self.outputs: dict[str, str] = {k: v for k, v in data.items() if k != "inputs" and isinstance(v, str)}
        self.inputs: dict[str, str] = dict(data.get("inputs", {}))
        self.kept: dict[tuple[str, str], str] = {}  # (edition, format) → output key, for this build's outputs

    def unchanged(self, edition: str, fmt: str, inputs: str, target: Path) -> bool:
        """Whether ``target`` was written from exactly these inputs and is still there."""
        entry = f"{edition}.{fmt}"
        return self.inputs.get(entry) == inputs and entry in self.outputs and Path(target).is_file()

    def current(self, edition: str, fmt: str, key: str, target: Path) -> bool:
        """Whether ``target`` was written with this output key and is still there."""
        return self.outputs.get(f"{edition}.{fmt}") == key and Path(target).is_file()

    def keep(self, edition: str, fmt: str, key: str) -> None:
        """This build wrote the output, or found it current, with output key ``key``."""
        self.kept[(edition, fmt)] = key

    def save(self, inputs: dict[str, str]) -> None:
        """Record the kept outputs with the inputs they stand for (``inputs``: edition → inputs key)."""
        before = (dict(self.outputs), dict(self.inputs))
        for (edition, fmt), key in self.kept.items():
            self.outputs[f"{edition}.{fmt}"], self.inputs[f"{edition}.{fmt}"] = key, inputs[edition]
        if (self.outputs, self.inputs) != before:
            atomic_write_text(self.path, json.dumps({**self.outputs, "inputs": self.inputs}, indent=1,
                                                    sort_keys=True))
