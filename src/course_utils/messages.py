"""Every learner-facing string of the library, in one place.

Strings live in ``locale/<language>/<domain>.json`` (package data) so that the
Simplified Chinese edition is a translation of files, not a hunt through code.
A key is ``"<domain>.<name>"``; ``msg("quiz.empty_answer")`` reads
``locale/en/quiz.json`` and returns its ``"empty_answer"`` entry, formatted.

>>> msg("common.not_a_number", name="visitors", value="abc")
'visitors should be a number; got "abc".'
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from importlib import resources

DEFAULT_LANGUAGE = "en"


def language() -> str:
    """The language of learner-facing text (``COURSE_LANGUAGE``, default English)."""
    return os.environ.get("COURSE_LANGUAGE", DEFAULT_LANGUAGE)


@lru_cache(maxsize=None)
def _domain(lang: str, domain: str) -> dict[str, str]:
    path = resources.files("course_utils").joinpath("locale", lang, f"{domain}.json")
    if not path.is_file() and lang != DEFAULT_LANGUAGE:
        return _domain(DEFAULT_LANGUAGE, domain)
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def catalogue(lang: str, domain: str) -> dict[str, str]:
    """Every string of ``domain`` in ``lang`` (English where the language has no file)."""
    return dict(_domain(lang, domain))


def msg(key: str, /, **values: object) -> str:
    """Return the text for ``key`` (``"domain.name"``) formatted with ``values``.

    A translation that lacks a key falls back to the English string, so a new
    message never breaks another language before it is translated.
    """
    domain, _, name = key.partition(".")
    template = _domain(language(), domain).get(name)
    if template is None:
        template = _domain(DEFAULT_LANGUAGE, domain).get(name)
    if template is None:
        raise KeyError(f"no message {key!r} in locale/{DEFAULT_LANGUAGE}/{domain}.json")
    return template.format(**values) if values else template
