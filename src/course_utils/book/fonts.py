"""The fonts the book's stylesheet asks for, checked before printing.

WeasyPrint silently falls back when a named font is missing: Latin text then comes
out in the CJK font, whose ’ × ÷ are full-width ("article’ s"). So every quoted
family in the CSS must be installed, and a missing one stops the build with the
Debian package that provides it (``print.font_packages`` in book.yaml).
"""

from __future__ import annotations

import re

from course_utils.book.pdf import installed_font_families
from course_utils.errors import CourseDataError
from course_utils.i18n import Translator

tr = Translator("book")

DECLARATION = re.compile(r"\bfont(?:-family)?\s*:([^;}]*)", re.I)
QUOTED = re.compile(r"\"([^\"]+)\"|'([^']+)'")
FONT_FACE = re.compile(r"@font-face\s*\{([^}]*)\}", re.I)
STYLE_SUFFIX = re.compile(r"(\s+(Regular|Bold|Italic|Oblique))+$", re.I)
LOCAL = re.compile(r"local\(\s*[\"']([^\"']+)[\"']\s*\)", re.I)


def print_rules(css: str) -> str:
    """``css`` without its ``@media screen`` blocks (the reader's browser picks those fonts).

    >>> print_rules('p { color: red } @media screen { body { font-family: "Georgia" } } h1 { x: y }')
    'p { color: red }  h1 { x: y }'
    """
    out, position = [], 0
    for match in re.finditer(r"@media\s+screen\b[^{]*\{", css):
        if match.start() < position:
            continue
        out.append(css[position:match.start()])
        depth, index = 1, match.end()
        while depth and index < len(css):
            depth += {"{": 1, "}": -1}.get(css[index], 0)
            index += 1
        position = index
    out.append(css[position:])
    return "".join(out)


def css_font_families(css: str) -> list[str]:
    """The installed font families the print rules of ``css`` need, in first-use order.

    Generic families are unquoted, so they are not listed; ``@media screen`` rules are skipped.
    A family the stylesheet defines with ``@font-face`` is not looked for itself; the
    installed fonts it takes with ``local()`` are.

    >>> css_font_families('body { font-family: "Liberation Serif", "Noto Sans CJK SC", serif; }'
    ...                   ' h1 { font: bold 9pt "Liberation Sans", sans-serif; } p { content: "x"; }')
    ['Liberation Serif', 'Noto Sans CJK SC', 'Liberation Sans']
    >>> css_font_families('@font-face { font-family: "Latin"; src: local("Liberation Serif"); }'
    ...                   '@font-face { font-family: "Latin"; src: local("Liberation Serif Bold"); }'
    ...                   ' body { font-family: "Latin", "Noto Serif CJK SC"; }')
    ['Liberation Serif', 'Noto Serif CJK SC']
    """
    rules = print_rules(css)
    names: list[str] = []
    defined: set[str] = set()
    for face in FONT_FACE.findall(rules):
        for declaration in DECLARATION.findall(face):
            defined.update(double or single for double, single in QUOTED.findall(declaration))
        # local() takes a face's full name ("Liberation Serif Bold"): its family is what is installed.
        families = [STYLE_SUFFIX.sub("", name) for name in LOCAL.findall(face)]
        names.extend(name for name in dict.fromkeys(families) if name not in names)
    for declaration in DECLARATION.findall(FONT_FACE.sub("", rules)):
        for double, single in QUOTED.findall(declaration):
            name = double or single
            if name not in names and name not in defined:
                names.append(name)
    return names


def check_fonts(css: str, packages: dict[str, str], families: set[str] | None = None) -> None:
    """Raise :class:`CourseDataError` naming the package to install unless every CSS font is installed.

    >>> packages = {"Liberation Serif": "fonts-liberation2"}
    >>> check_fonts('p { font-family: "Liberation Serif", serif; }', packages, {"Liberation Serif"})
    >>> check_fonts('p { font-family: "Liberation Serif", serif; }', packages, {"DejaVu Sans"})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    course_utils.errors.CourseDataError: The book's stylesheet asks for the font "Liberation Serif"... apt-get install fonts-liberation2...
    """
    families = installed_font_families() if families is None else families
    wanted = css_font_families(css)
    if families is None:
        raise CourseDataError(tr.gettext("Cannot check for the fonts the book needs ({font}): fontconfig (fc-list) "
                                         "is not installed. Fix: `sudo apt-get install fontconfig fonts-noto-cjk "
                                         "fonts-liberation2` (`make book` run as root installs them), then build "
                                         "again.", font=", ".join(wanted)))
    missing = [name for name in wanted if name not in families]
    if missing:
        needed = sorted({packages.get(name, "") for name in missing} - {""})
        unknown = [name for name in missing if name not in packages]
        raise CourseDataError(tr.gettext("The book's stylesheet asks for the font \"{font}\", which is not "
                                         "installed, so WeasyPrint would set that text in another font (Latin text "
                                         "in the CJK font gets full-width apostrophes). Missing: {fonts}. Fix: run "
                                         "`make setup`, or on Debian/Ubuntu `sudo apt-get install {packages}`, then "
                                         "build again. Fonts with no package listed under print.font_packages in "
                                         "book/book.yaml: {unknown}.", font=missing[0], fonts=", ".join(missing),
                                         packages=" ".join(needed) or tr.gettext("(none known)"),
                                         unknown=", ".join(unknown) or tr.gettext("none")))
