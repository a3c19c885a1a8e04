"""The house chart style: one explicit call, no import side effects.

>>> PALETTE[0]
'#0072B2'
"""

from __future__ import annotations

import warnings

# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]

# The three stages of the course, always drawn in the same colours.
STAGE_COLOURS = {"content": PALETTE[0], "hub": PALETTE[2], "commerce": PALETTE[3]}

# CJK-capable fonts first, so Chinese labels never draw as boxes; a Latin fallback last.
CJK_FONTS = ["Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei"]
LATIN_FALLBACK = ["DejaVu Sans"]


def available_cjk_font() -> str | None:
    """The first CJK font of :data:`CJK_FONTS` that matplotlib can find, or None."""
    from matplotlib import font_manager

    installed = {font.name for font in font_manager.fontManager.ttflist}
    return next((name for name in CJK_FONTS if name in installed), None)


def apply_style() -> str | None:
    """Set the course's matplotlib style; return the CJK font in use (None if none found).

    Call it once near the top of a notebook. It changes only matplotlib's rcParams.
    """
    import matplotlib as mpl
    from cycler import cycler

    font = available_cjk_font()
    if font is None:
        warnings.warn(
            "No CJK font found: Chinese labels would draw as boxes. "
            "Install one with `make setup` (Debian: apt-get install fonts-noto-cjk), "
            "then delete ~/.cache/matplotlib/fontlist-*.json.",
            stacklevel=2,
        )
    mpl.rcParams.update({
        "font.family": "sans-serif",
        "font.sans-serif": ([font] if font else []) + CJK_FONTS + LATIN_FALLBACK,
        "axes.unicode_minus": False,
        "axes.prop_cycle": cycler(color=PALETTE),
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "grid.alpha": 0.3,
        "axes.titlesize": 12,
        "axes.titleweight": "bold",
        "axes.labelsize": 10,
        "xtick.labelsize": 9,
        "ytick.labelsize": 9,
        "legend.fontsize": 9,
        "legend.frameon": False,
        "figure.figsize": (7.0, 3.8),
        "figure.dpi": 100,
        "savefig.dpi": 110,
        "savefig.bbox": "tight",
        "svg.hashsalt": "course",
        "image.cmap": "viridis",
    })
    return font
