"""The course language, and the gettext catalogues every learner-facing string comes from.

English is the source language: a message is its English text, written where it is used
and passed straight to a translator call, the way JupyterLab and Sphinx do it. Each module
has one translator for one domain (a lesson's name, or a package such as ``quiz``); Babel
extracts the messages into ``locale/<domain>.pot`` and translations live in
``locale/<lang>/LC_MESSAGES/<domain>.po``, compiled to ``.mo`` beside it
(``course catalogues`` does all three). A message a catalogue lacks falls back to English,
message by message.

Placeholders are named and filled with ``str.format``; plural forms go through
``ngettext`` (the count is also available as ``{n}``) and ambiguous words take a context:

>>> tr = Translator("common")
>>> tr.gettext("{name} should be a number; got {value}.", name="visitors", value='"abc"')
'visitors should be a number; got "abc".'
>>> [tr.ngettext("{n} notebook", "{n} notebooks", n) for n in (1, 3)]
['1 notebook', '3 notebooks']
>>> with using_language("zh"):
...     language()
'zh'
"""

from __future__ import annotations

import gettext as _gettext
import io
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from importlib import resources

DEFAULT_LANGUAGE = "en"
LANGUAGES = ("en", "zh")
# Not LANG: that is the system locale, which says nothing about which course to read.
ENVIRONMENT_VARIABLE = "COURSE_LANG"
# Where the course's notebooks live; a translation sits in a language folder inside each.
NOTEBOOK_FOLDERS = ("lessons", "exercises", "solutions")

# Templates take the domain of the folder they are in; the top level is "common".
TEMPLATE_DOMAINS = {"app": "app", "quiz": "quiz", "exercises": "exercises", "instructor": "instructor",
                    "tour": "tour", "content": "content", "hub": "hub", "commerce": "commerce",
                    "diagnosis": "diagnosis", "coursebook": "book"}

_chosen: list[str] = []


def language() -> str:
    """The course language: set in code (:func:`using_language`), else ``COURSE_LANG``, else the
    language the kernel's own notebook says it is written in, else that of the notebook folder
    the kernel runs in (``lessons/zh/`` is Chinese), else English.

    JupyterLab tells a kernel which notebook it runs for (``__session__``) and starts it in the
    notebook's folder, so a Chinese lesson's quiz and checks answer in Chinese without any
    setting, even in a copy saved elsewhere. An unknown language in the environment reads as
    English rather than failing a lesson.
    """
    if _chosen:
        return _chosen[-1]
    value = os.environ.get(ENVIRONMENT_VARIABLE, "").strip().lower()
    if value in LANGUAGES:
        return value
    session = getattr(sys.modules.get("__main__"), "__session__", None)
    if isinstance(session, str) and session.endswith(".ipynb"):
        saved = _saved_language(session)
        if saved is not None:
            return saved
    return folder_language(os.getcwd())


@lru_cache(maxsize=8)
def _saved_language(path: str) -> str | None:
    """The language a saved course notebook says it is written in (``metadata.course.language``);
    None if it says none (a learner's own notebook) or cannot be read (not saved yet)."""
    try:
        with open(path, encoding="utf-8") as handle:
            return stated_language(json.load(handle))
    except (OSError, ValueError, RecursionError):
        return None


def folder_language(folder: str) -> str:
    """The language of a course notebook folder: ``lessons/zh`` -> "zh"; anything else English.

    >>> folder_language("/course/lessons/zh"), folder_language("/course/exercises"), folder_language("/tmp")
    ('zh', 'en', 'en')
    """
    path = os.path.normpath(folder)
    name, parent = os.path.basename(path), os.path.basename(os.path.dirname(path))
    if name in LANGUAGES and parent in NOTEBOOK_FOLDERS:
        return name
    return DEFAULT_LANGUAGE


@contextmanager
def using_language(lang: str) -> Iterator[str]:
    """Run a block in ``lang`` (a book build, a test, the app's second language), then go back."""
    if lang not in LANGUAGES:
        raise ValueError(f"the course language is one of {', '.join(LANGUAGES)}; got {lang!r}")
    _chosen.append(lang)
    try:
        yield lang
    finally:
        _chosen.pop()


@lru_cache(maxsize=None)
def _translations(lang: str, domain: str) -> _gettext.NullTranslations:
    if lang == DEFAULT_LANGUAGE:
        return _gettext.NullTranslations()
    compiled = resources.files("course_utils").joinpath("locale", lang, "LC_MESSAGES", f"{domain}.mo")
    if not compiled.is_file():
        return _gettext.NullTranslations()
    return _gettext.GNUTranslations(io.BytesIO(compiled.read_bytes()))


def _filled(text: str, values: dict[str, object]) -> str:
    return text.format(**values) if values else text


class Translator:
    """The messages of one domain, in the course language of the moment.

    Create one per module, at module level, with the domain as a literal
    (``tr = Translator("hub")``): the catalogue tools read the domain from that line.
    """

    def __init__(self, domain: str) -> None:
        self.domain = domain

    def __repr__(self) -> str:
        return f"Translator({self.domain!r})"

    def _catalogue(self) -> _gettext.NullTranslations:
        return _translations(language(), self.domain)

    def gettext(self, message: str, /, **values: object) -> str:
        """``message`` in the course language, its ``{placeholders}`` filled from ``values``."""
        return _filled(self._catalogue().gettext(message), values)

    def ngettext(self, singular: str, plural: str, n: int, /, **values: object) -> str:
        """The singular or plural form for the count ``n`` (the language's own plural rule)."""
        return _filled(self._catalogue().ngettext(singular, plural, n), {"n": n, **values})

    def pgettext(self, context: str, message: str, /, **values: object) -> str:
        """``message`` in ``context``, for a word that translates differently by use ("Stage" of a chart)."""
        return _filled(self._catalogue().pgettext(context, message), values)

    def npgettext(self, context: str, singular: str, plural: str, n: int, /, **values: object) -> str:
        """:meth:`ngettext` with a context."""
        return _filled(self._catalogue().npgettext(context, singular, plural, n), {"n": n, **values})

    def noop(self, message: str, /) -> str:
        """``message`` unchanged, marked for the catalogue: for a message read later, in the language
        of that moment, with ``gettext(variable)`` (gettext's ``gettext_noop``)."""
        return message

    def template_functions(self) -> dict[str, object]:
        """The functions a Jinja template calls (``{{ gettext("Contents") }}``), bound to this domain."""
        return {"gettext": self.gettext, "ngettext": self.ngettext, "pgettext": self.pgettext,
                "npgettext": self.npgettext}


def template_translator(template: str) -> Translator:
    """The translator of a template file: its folder's domain (``hub/summary.html.j2`` -> "hub").

    >>> template_translator("quiz/feedback.html.j2"), template_translator("exhibit.html.j2")
    (Translator('quiz'), Translator('common'))
    """
    folder, _, rest = template.partition("/")
    return Translator(TEMPLATE_DOMAINS.get(folder, "common") if rest else "common")


def stated_language(notebook: dict) -> str | None:
    """The course language a notebook states (``metadata.course.language``); None if it states none.

    >>> stated_language({"metadata": {"course": {"language": "zh"}}}), stated_language({"cells": []})
    ('zh', None)
    """
    metadata = notebook.get("metadata") if isinstance(notebook, dict) else None
    course = metadata.get("course") if isinstance(metadata, dict) else None
    value = course.get("language") if isinstance(course, dict) else None
    return value if value in LANGUAGES else None


def notebook_language(notebook: dict) -> str:
    """The language a course notebook is written in: ``metadata.course.language``, else English.

    >>> notebook_language({"metadata": {"course": {"language": "zh"}}}), notebook_language({"cells": []})
    ('zh', 'en')
    """
    return stated_language(notebook) or DEFAULT_LANGUAGE


def localized_file(folder, name: str):
    """``folder/<lang>/name`` when the course language has a translation of it, else ``folder/name``.

    ``folder`` is a path or an ``importlib.resources`` traversable (quiz banks, data cards).
    """
    lang = language()
    if lang != DEFAULT_LANGUAGE:
        translated = folder.joinpath(lang, name)
        if translated.is_file():
            return translated
    return folder.joinpath(name)


def clear_cache() -> None:
    """Forget loaded catalogues (after ``course catalogues`` rewrote them in this process)."""
    _translations.cache_clear()
