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


def msg(key: str, /, **values: object) -> str:
    """Return the text for ``key`` (``"domain.name"``) formatted with ``values``."""
    domain, _, name = key.partition(".")
    table = _domain(language(), domain)
    try:
        template = table[name]
    except KeyError:
        raise KeyError(f"no message {key!r} in locale/{language()}/{domain}.json") from None
    return template.format(**values) if values else template
