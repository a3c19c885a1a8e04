"""The gettext catalogues: extract messages with Babel, update translations, compile, check.

Every module names its domain once (``tr = Translator("hub")``); every template's domain
is its folder's (:data:`TEMPLATE_DOMAINS`). Extraction writes ``locale/<domain>.pot``,
updating merges each ``locale/<lang>/LC_MESSAGES/<domain>.po`` with it (a message no code
uses any more is dropped, never kept as obsolete) and compiling writes the ``.mo`` the
library reads. Files are written without line numbers or dates, so they change only when
a message does.
"""

from __future__ import annotations

import ast
import io
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract, extract_python
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po
from jinja2.ext import babel_extract

from course_utils import __version__
from course_utils.i18n import Translator, template_translator
from course_utils.instructor.house_style import punctuation_slips, spacing_slips, wording_slips

# Babel keyword specs: argument positions of the message, the plural and the context.
KEYWORDS = {"gettext": None, "noop": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2), "npgettext": ((1, "c"), 2, 3)}
TRANSLATIONS = ("zh",)
tr = Translator("instructor")
FIXED_DATE = datetime(2026, 1, 1, tzinfo=timezone.utc)
PLACEHOLDER = re.compile(r"(?<!\{)\{([a-z_][a-z0-9_]*)(?:[:!][^{}]*)?\}(?!\})")


@dataclass(frozen=True)
class Message:
    domain: str
    context: str | None
    id: str | tuple[str, str]
    where: str


def module_domain(source: str) -> str | None:
    """The domain named by the module's ``Translator("...")`` call, if it has one."""
    for node in ast.walk(ast.parse(source)):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Translator"
                and node.args and isinstance(node.args[0], ast.Constant)):
            return node.args[0].value
    return None


def template_domain(path: Path, root: Path) -> str:
    return template_translator(path.relative_to(root).as_posix()).domain


def _babel_messages(method, path: Path, domain: str, where: str) -> list[Message]:
    """The messages Babel finds in ``path``: literal arguments only, per the keyword specs."""
    with path.open("rb") as handle:
        found = extract(method, handle, KEYWORDS, (), {"encoding": "utf-8", "trimmed": "false"})
        return [Message(domain, context, message, where) for _, message, _, context in found]


def extract_all(package: Path, extra_templates: dict[Path, str] | None = None) -> list[Message]:
    """Every message the library's code and templates use, with its domain."""
    found: list[Message] = []
    for path in sorted(package.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        if "Translator(" not in text:
            continue
        domain = module_domain(text)
        if domain is None:
            continue
        where = str(path.relative_to(package.parent))
        found += _babel_messages(extract_python, path, domain, where)
    roots = [(package / "templates", None)] + [(root, domain) for root, domain in (extra_templates or {}).items()]
    for root, fixed in roots:
        for path in sorted(root.rglob("*.j2")):
            domain = fixed or template_domain(path, root)
            where = str(path.relative_to(root.parent))
            found += _babel_messages(babel_extract, path, domain, where)
    return found


def templates_by_domain(messages: list[Message]) -> dict[str, Catalog]:
    catalogues: dict[str, Catalog] = {}
    for message in messages:
        catalogue = catalogues.setdefault(message.domain, _new_catalogue(message.domain))
        catalogue.add(message.id, context=message.context, locations=[(message.where, None)])
    return catalogues


def _new_catalogue(domain: str, locale: str | None = None) -> Catalog:
    return Catalog(locale=locale, domain=domain, project="course_utils", version=__version__,  # i18n: not translated (file header)
                   creation_date=FIXED_DATE, revision_date=FIXED_DATE, fuzzy=False, charset="utf-8",
                   msgid_bugs_address="the course repository's issue tracker",
                   last_translator="the course team", language_team="the course team",
                   header_comment=f"# Messages of the course library, domain {domain!r}.")


def po_bytes(catalogue: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalogue, width=100, sort_output=True, include_lineno=False, omit_header=False,
             ignore_obsolete=True)
    return buffer.getvalue()


def mo_bytes(catalogue: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, catalogue, use_fuzzy=False)
    return buffer.getvalue()


def read_catalogue(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=locale)


def updated_translation(template: Catalog, existing: Catalog | None, lang: str) -> Catalog:
    """``existing`` merged with ``template``: new messages empty, gone ones dropped, no fuzzy guesses."""
    catalogue = existing or _new_catalogue(template.domain, lang)
    catalogue.update(template, no_fuzzy_matching=True, update_header_comment=False)
    catalogue.obsolete.clear()
    catalogue.creation_date = catalogue.revision_date = FIXED_DATE
    return catalogue


def placeholders(text: str) -> set[str]:
    """The named placeholders in ``text``: ``{name}`` and ``{rate:.1%}`` give name and rate."""
    return set(PLACEHOLDER.findall(text))


def _sources(package: Path) -> dict[Path, str]:
    """The book's own templates (outside the package, in the repository) belong to the domain "book"."""
    book_templates = package.parent.parent / "book" / "templates"
    return {book_templates: "book"} if book_templates.is_dir() else {}


def planned_files(package: Path) -> dict[Path, bytes]:
    """Every catalogue file as it should be: templates, merged translations, compiled translations."""
    locale = package / "locale"
    templates = templates_by_domain(extract_all(package, _sources(package)))
    files: dict[Path, bytes] = {}
    for domain, template in sorted(templates.items()):
        files[locale / f"{domain}.pot"] = po_bytes(template)
        for lang in TRANSLATIONS:
            po_path = locale / lang / "LC_MESSAGES" / f"{domain}.po"
            existing = read_catalogue(po_path, lang) if po_path.is_file() else None
            translation = updated_translation(template, existing, lang)
            text = po_bytes(translation)
            files[po_path] = text
            # Compiled from the text as written, so the .mo is the same whether or not the .po was just updated.
            files[po_path.with_suffix(".mo")] = mo_bytes(read_po(io.BytesIO(text), locale=lang))
    return files


def stale_files(package: Path) -> list[str]:
    """Catalogue files that differ from what the code says they should be, or should not exist."""
    planned = planned_files(package)
    locale = package / "locale"
    found = {path for path in locale.rglob("*") if path.suffix in (".pot", ".po", ".mo")}
    stale = [path for path, data in planned.items() if not path.is_file() or path.read_bytes() != data]
    return sorted(str(path.relative_to(package)) for path in stale + sorted(found - set(planned)))


def write(package: Path) -> list[str]:
    """Bring every catalogue file up to date; return the ones written or removed."""
    planned = planned_files(package)
    locale = package / "locale"
    changed = []
    for path, data in planned.items():
        if not path.is_file() or path.read_bytes() != data:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            changed.append(str(path.relative_to(package)))
    for path in sorted(locale.rglob("*")):
        if path.suffix in (".pot", ".po", ".mo") and path not in planned:
            path.unlink()
            changed.append(str(path.relative_to(package)))
    return changed


def translation_problems(package: Path) -> list[str]:
    """Fuzzy and untranslated entries, translations whose placeholders differ from their English message,
    punctuation slips."""
    problems = []
    for path in sorted((package / "locale").glob("*/LC_MESSAGES/*.po")):
        where = path.relative_to(package)
        for message in read_catalogue(path):
            if not message.id:
                continue
            english = message.id if isinstance(message.id, tuple) else (message.id,)
            if message.fuzzy:
                problems.append(tr.gettext("{where}: fuzzy entry {message!r}", where=where, message=english[0]))
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            if not all(strings):  # shown in English to a reader of the other language
                problems.append(tr.gettext("{where}: not translated: {message!r}", where=where, message=english[0]))
            wanted = set().union(*(placeholders(text) for text in english))
            for text in strings:
                problems += [tr.gettext("{where}: the translation of {message!r} {slip}", where=where, message=english[0], slip=slip)
                             for slip in (punctuation_slips(text, path.parts[-3]) + spacing_slips(text, path.parts[-3])
                                          + wording_slips(text, path.parts[-3]))]
                if text and placeholders(text) - wanted:
                    problems.append(tr.gettext("{where}: {message!r} has placeholders {found}, the English {wanted}",
                                               where=where, message=english[0], found=sorted(placeholders(text)),
                                               wanted=sorted(wanted)))
                elif text and len(english) == 1 and placeholders(text) != wanted:
                    problems.append(tr.gettext("{where}: {message!r} drops placeholders {missing}", where=where,
                                               message=english[0], missing=sorted(wanted - placeholders(text))))
    return problems
