"""Render the library's HTML snippets from template files (package data)."""

from __future__ import annotations

from functools import lru_cache

import jinja2

from course_utils.i18n import template_translator


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("course_utils", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )


def render(template: str, **context: object) -> str:
    """Render ``templates/<template>`` with ``context``, its ``gettext`` calls in the course language."""
    functions = template_translator(template).template_functions()
    return _environment().get_template(template).render(**functions, **context)


class Html:
    """HTML to display in a notebook (a report, a summary); its plain-text form is ``text``."""

    def __init__(self, html: str, text: str = ""):
        self.html = html
        self.text = text

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return self.text
