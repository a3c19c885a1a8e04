"""Laid-out parts of the book, kept on disk and reused while their inputs are unchanged.

An entry is keyed by the hash of the part's document (its markup and the book's
``<head>``, so its CSS) and the print environment (WeasyPrint and pydyf versions, the
installed fonts, the files under the book folder that the document can load). It holds
the part's PDF and a record: page count, anchors, links to other parts and the font
file of each embedded face. A part's layout does not depend on where it falls in the
book (its page numbers are printed on when the book is joined), so an entry serves the
part wherever an edit before it moves it.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
from dataclasses import MISSING, dataclass, field, fields
from importlib import metadata
from pathlib import Path

from course_utils.book.cache import atomic_write_bytes, atomic_write_text, language_fingerprint

# <document hash>; with "-<start page>", an entry laid out before layouts stopped depending on it (deleted)
ENTRY = re.compile(r"[0-9a-f]{32}(?:-\d+)?")
# 3: laid out without page numbers, wherever the part falls; 4: with its bookmarks' levels; 5: with its
# page tops and prints (older entries are laid out again)
RECORD_FORMAT = 5


def print_environment(book_files: str) -> str:
    """Hash of what a layout depends on besides its document: versions, fonts, book files, language."""
    versions = {}
    for name in ("weasyprint", "pydyf", "tinycss2", "tinyhtml5", "fonttools"):
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "absent"
    fonts = ""
    if shutil.which("fc-list"):
        fonts = subprocess.run(["fc-list", "--format", "%{file}|%{family}|%{style}|%{fontversion}\n"],
                               capture_output=True, text=True, check=False).stdout
    parts = {"versions": versions, "fonts": sorted(fonts.splitlines()), "book": book_files,
             "language": language_fingerprint(), "record": RECORD_FORMAT}
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:16]


@dataclass
class PartRecord:
    pages: int
    anchors: dict
    links: list
    path: Path
    fonts: dict = field(default_factory=dict)  # embedded face → its font file (fontmerge.face_identities)
    levels: list = field(default_factory=list)  # each bookmark's level, in order (pdf.render_part)
    marks: list = field(default_factory=list)  # each bookmark's page
    tops: list = field(default_factory=list)  # where pages start (pagetops.page_facts)
    prints: list = field(default_factory=list)  # what each page draws (pagetops.fingerprint)
    head: str = ""  # hash of the document's head (pagetops.head_hash)


@dataclass
class PageCache:
    """Part PDFs under ``directory`` as ``<document hash>.pdf`` plus ``.json``."""

    directory: Path
    environment: str

    def document_hash(self, document: str) -> str:
        digest = hashlib.sha256(self.environment.encode())
        digest.update(document.encode("utf-8"))
        return digest.hexdigest()[:32]

    def get(self, document_hash: str) -> PartRecord | None:
        stem = self.directory / document_hash
        record, pdf = stem.with_suffix(".json"), stem.with_suffix(".pdf")
        if not (record.is_file() and pdf.is_file()):
            return None
        data = json.loads(record.read_text(encoding="utf-8"))
        return PartRecord(path=pdf, **_fields(data))

    def put(self, document_hash: str, result: dict) -> PartRecord:
        stem = self.directory / document_hash
        atomic_write_bytes(stem.with_suffix(".pdf"), result["pdf"])
        record = _fields(result)
        atomic_write_text(stem.with_suffix(".json"), json.dumps(record, sort_keys=True))
        return PartRecord(path=stem.with_suffix(".pdf"), **record)

    def last_layouts(self) -> dict[str, list[str]]:
        """Each edition's parts' layouts as the last build recorded them (:meth:`remember`), in this
        print environment only: edition → stems, by part."""
        try:
            latest = json.loads((self.directory / "latest.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return dict(latest.get("editions", {})) if latest.get("environment") == self.environment else {}

    def previous(self, stems: list[str], index: int) -> PartRecord | None:
        """The layout ``stems[index]`` (an edition's, from :meth:`last_layouts`), if it is still cached and readable."""
        try:
            return self.get(stems[index]) if 0 <= index < len(stems) else None
        except (OSError, ValueError, KeyError, TypeError):
            return None  # a record that cannot be read: the part is laid out whole

    def remember(self, layouts: dict[str, list[str]]) -> None:
        """Record each edition's parts' layouts (edition → stems, by part) for :meth:`last_layouts`."""
        editions = self.last_layouts()
        editions.update(layouts)
        atomic_write_text(self.directory / "latest.json",
                          json.dumps({"environment": self.environment, "editions": editions}, indent=1, sort_keys=True))

    def discard(self, pdf: Path) -> None:
        """Forget the entry whose PDF is ``pdf`` (one that cannot be read back): it is laid out again."""
        pdf.unlink(missing_ok=True)
        pdf.with_suffix(".json").unlink(missing_ok=True)

    def keep_only(self, used: dict[str, list[str]]) -> None:
        """Delete entries no edition's latest build used (``used``: edition → stems).

        The list of stems in use is kept per edition, so building one edition does not
        throw away the other's parts.
        """
        index_path = self.directory / "in-use.json"
        index = json.loads(index_path.read_text(encoding="utf-8")) if index_path.is_file() else {}
        index.update(used)
        atomic_write_text(index_path, json.dumps(index, indent=1, sort_keys=True))
        keep = {stem for stems in index.values() for stem in stems}
        for path in self.directory.glob("*.*"):
            # Entries only, not the index itself ("in-use.json").
            if path.suffix in (".pdf", ".json") and ENTRY.fullmatch(path.stem) and path.stem not in keep:
                path.unlink(missing_ok=True)


def _fields(data: dict) -> dict:
    """A record's fields from a layout's result or a stored record; one missing takes the record's default
    (an older result has no page tops), a required one missing is an error."""
    found = {}
    for item in fields(PartRecord):
        if item.name == "path":
            continue
        if item.name in data:
            found[item.name] = data[item.name]
        elif item.default_factory is not MISSING:
            found[item.name] = item.default_factory()
        elif item.default is not MISSING:
            found[item.name] = item.default
        else:
            raise KeyError(item.name)
    return found
