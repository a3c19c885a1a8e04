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
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from course_utils.book.cache import atomic_write_bytes, atomic_write_text, language_fingerprint

# <document hash>; with "-<start page>", an entry laid out before layouts stopped depending on it (deleted)
ENTRY = re.compile(r"[0-9a-f]{32}(?:-\d+)?")
# 3: laid out without page numbers, wherever the part falls; 4: with its bookmarks' levels (older entries are laid out again)
RECORD_FORMAT = 4


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
        return PartRecord(data["pages"], data["anchors"], data["links"], pdf, data["fonts"], data["levels"])

    def put(self, document_hash: str, result: dict) -> PartRecord:
        stem = self.directory / document_hash
        atomic_write_bytes(stem.with_suffix(".pdf"), result["pdf"])
        record = {"pages": result["pages"], "anchors": result["anchors"], "links": result["links"],
                  "fonts": result.get("fonts", {}), "levels": result.get("levels", [])}
        atomic_write_text(stem.with_suffix(".json"), json.dumps(record, sort_keys=True))
        return PartRecord(result["pages"], result["anchors"], result["links"], stem.with_suffix(".pdf"),
                          record["fonts"], record["levels"])

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
