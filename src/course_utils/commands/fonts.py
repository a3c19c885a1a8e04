"""``course fonts``: can charts draw Chinese? Names the font, or says how to install one.

A missing font is a warning, not an error (exit code 0): a learner can work through
the course without one, only Chinese labels in charts draw as boxes.
"""

from __future__ import annotations

import argparse
import sys

from course_utils.i18n import Translator

tr = Translator("cli")


HELP = tr.gettext("Check that charts can draw Chinese, and say how to install a Chinese (CJK) font if not.")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """No options."""


def run(args: argparse.Namespace) -> int:
    from course_utils import style

    names = style.installed_fonts()
    if style.cjk_font_among(names) is None:
        names = style.installed_fonts(rescan=True)  # a font may have been installed since the cache
    advice = style.missing_font_advice(names)
    if advice:
        print(advice, file=sys.stderr)
    else:
        print(tr.gettext("Charts draw Chinese with the font {font}.", font=style.cjk_font_among(names)))
    return 0
