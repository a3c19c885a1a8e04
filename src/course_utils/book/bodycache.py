"""Rendered chapter bodies, reused while their notebook and the renderer are unchanged.

Turning a notebook into a chapter's HTML (nbconvert, our template and preprocessors)
costs about a tenth of a second to a second per chapter; after a prose edit only the
edited chapter needs it again. A body is kept typeset (``render.typeset``: quotes,
code fitted to the page and the rest), which costs as much again over a whole book. It
is keyed by the notebook as printed (outputs included), its chapter number and part,
and the renderer: the edition, the print options, the templates, the stylesheet, this
library's source and the versions of the packages that turn Markdown and code into HTML.
"""

from __future__ import annotations

import hashlib
import json
from importlib import metadata
from pathlib import Path

from course_utils.book.cache import atomic_write_text, language_fingerprint, tree_fingerprint
from course_utils.book.config import book_css
from course_utils.book.export import chapter_body

LIBRARY_DIR = Path(__file__).resolve().parents[1]
# What the book's assembly reads from a chapter's resources besides its HTML.
KEPT_RESOURCES = ("warnings", "exhibits", "rubrics_placed")
RENDER_PACKAGES = ("nbconvert", "mistune", "pygments", "jinja2", "nh3", "bleach", "markupsafe")


def renderer_fingerprint(config, edition: str) -> str:
    """Hash of everything a chapter body depends on besides its notebook."""
    versions = {}
    for name in RENDER_PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "absent"
    # Worked solutions print each task's rubric beside it, so the rubrics file is an input too.
    rubrics = config.print_options.get("solutions", {}).get("rubrics")
    rubrics_path = config.root_path(rubrics) if rubrics else None
    # The bodies are kept typeset, and typesetting reads the stylesheet (which code tokens it styles).
    parts = {"edition": edition, "print": config.print_options, "versions": versions,
             "css": hashlib.sha256(book_css(config).encode("utf-8")).hexdigest(),
             "templates": tree_fingerprint([config.book_path("templates")]),
             "library": tree_fingerprint([LIBRARY_DIR]), "language": language_fingerprint(),
             "rubrics": (hashlib.sha256(rubrics_path.read_bytes()).hexdigest()
                         if rubrics_path and rubrics_path.is_file() else None)}
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


class BodyCache:
    """Chapter bodies of one edition under ``directory``; ``render`` stands in for ``chapter_body``."""

    def __init__(self, directory: Path, fingerprint: str):
        self.directory = Path(directory)
        self.fingerprint = fingerprint
        self.used: list[str] = []
        self.rendered: list[str] = []

    def render(self, exporter, nb, number: int, part: str | None = None, title: str = "",
               typeset=None) -> tuple[str, dict]:
        # The title only names the chapter in messages today; keyed anyway, as the template may print it.
        digest = hashlib.sha256(f"{self.fingerprint}:{number}:{part}:{title}\n".encode())
        digest.update(json.dumps(nb, sort_keys=True).encode("utf-8"))
        key = digest.hexdigest()[:32]
        path = self.directory / f"{key}.json"
        self.used.append(key)
        if path.is_file():
            data = json.loads(path.read_text(encoding="utf-8"))
            return data["body"], {name: data.get(name, []) for name in KEPT_RESOURCES}
        body, resources = chapter_body(exporter, nb, number, part, title, typeset=typeset)
        self.rendered.append(key)
        kept = {name: resources.get(name, []) for name in KEPT_RESOURCES}
        atomic_write_text(path, json.dumps({"body": body, **kept}))
        return body, kept

    @staticmethod
    def keep_only(directory: Path, used: dict[str, list[str]]) -> None:
        """Delete bodies no edition's latest build used (``used``: edition → keys).

        The keys in use are kept per edition, so building one edition keeps the other's.
        Called once per build, from one process.
        """
        directory = Path(directory)
        index_path = directory / "in-use.json"
        index = json.loads(index_path.read_text(encoding="utf-8")) if index_path.is_file() else {}
        index.update({edition: sorted(set(keys)) for edition, keys in used.items()})
        atomic_write_text(index_path, json.dumps(index, indent=1, sort_keys=True))
        keep = {key for keys in index.values() for key in keys}
        for path in directory.glob("*.json"):
            if path.name != "in-use.json" and path.stem not in keep:
                path.unlink(missing_ok=True)
