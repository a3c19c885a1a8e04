"""``course fonts``: can charts draw Chinese? Names the font, or says how to install one.

A missing font is a warning, not an error (exit code 0): a learner can work through
the course without one, only Chinese labels in charts draw as boxes.
"""

from __future__ import annotations

import argparse
import sys

from course_utils.messages import msg

HELP = msg("setup.fonts_help")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """No options."""


def run(args: argparse.Namespace) -> int:
    from course_utils import style

    # The cached font list may predate a font installed since: look again before warning.
    font = style.available_cjk_font() or style.rescan_fonts()
    if font:
        print(msg("setup.cjk_font_found", font=font))
    else:
        print(msg("setup.no_cjk_font"), file=sys.stderr)
    return 0
