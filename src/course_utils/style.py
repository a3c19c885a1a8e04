"""The house chart style: one explicit call, no import side effects.

>>> PALETTE[0]
'#0072B2'
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable

from course_utils.i18n import Translator, language

tr = Translator("common")


# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]

# The three stages of the course, always drawn in the same colours.
STAGE_COLOURS = {"content": PALETTE[0], "hub": PALETTE[2], "commerce": PALETTE[3]}

# CJK-capable fonts first, so Chinese labels never draw as boxes; a Latin fallback last.
# Noto CJK (Debian's fonts-noto-cjk, the book's font) first, then the fonts that come with
# macOS and Windows, then other Linux ones.
CJK_FONTS = ["Noto Sans CJK SC", "Source Han Sans SC",  # i18n: not translated (font names)
             "PingFang SC", "Hiragino Sans GB", "Heiti SC", "STHeiti",   # macOS
             "Microsoft YaHei", "SimHei",                                 # Windows
             "WenQuanYi Micro Hei", "WenQuanYi Zen Hei"]
LATIN_FALLBACK = ["DejaVu Sans"]  # i18n: not translated (a font name)
# Latin faces for English charts, the first one installed (DejaVu Sans comes with matplotlib):
# the CJK fonts draw ’ “ ” × ÷ full-width, which leaves gaps in English labels ("article’ s").
LATIN_FONTS = ["Liberation Sans", "Arial", "Helvetica", "DejaVu Sans"]  # i18n: not translated (font names)


# Pixels per inch of a saved chart: a 7-inch chart is 770 pixels wide on screen.
CHART_DPI = 110


def white_ground(pad: float = 0.8, alpha: float = 1.0, rounded: bool = False) -> dict:
    """A label's ``bbox``: a white patch under its text, so a line, a curve or a bar drawn across the
    label does not strike it through (drawn over them: give the label a higher ``zorder``).

    >>> white_ground(alpha=0.9)
    {'facecolor': 'white', 'edgecolor': 'none', 'alpha': 0.9, 'pad': 0.8}
    >>> white_ground(0.2, rounded=True)["boxstyle"]
    'round,pad=0.2'
    """
    ground = {"facecolor": "white", "edgecolor": "none", "alpha": alpha}
    ground.update({"boxstyle": f"round,pad={pad}"} if rounded else {"pad": pad})
    return ground


def cjk_font_among(names: Iterable[str]) -> str | None:
    """The first font of :data:`CJK_FONTS` among the font ``names``, or None.

    >>> cjk_font_among(["DejaVu Sans", "Microsoft YaHei", "PingFang SC"])
    'PingFang SC'
    >>> cjk_font_among(["DejaVu Sans"]) is None
    True
    """
    installed = set(names)
    return next((name for name in CJK_FONTS if name in installed), None)


def font_family(names: Iterable[str], lang: str) -> list[str]:
    """The chart fonts among ``names`` in the order matplotlib tries them for each character.

    English labels take their Latin letters and punctuation from a Latin face and only
    Chinese characters from the CJK font; Chinese labels take everything from the CJK font,
    whose “ ” and ， are the Chinese, full-width ones.

    >>> font_family(["DejaVu Sans", "Liberation Sans", "Noto Sans CJK SC"], "en")
    ['Liberation Sans', 'Noto Sans CJK SC']
    >>> font_family(["DejaVu Sans", "Liberation Sans", "Noto Sans CJK SC"], "zh")
    ['Noto Sans CJK SC', 'Liberation Sans']
    >>> font_family(["DejaVu Sans"], "en")
    ['DejaVu Sans']
    """
    installed = set(names)
    latin = next((name for name in LATIN_FONTS if name in installed), None)
    cjk = cjk_font_among(installed)
    ordered = [cjk, latin] if lang == "zh" else [latin, cjk]
    return [name for name in ordered if name is not None]


def installed_fonts(rescan: bool = False) -> list[str]:
    """The names of the fonts matplotlib can use.

    matplotlib caches its font list, so a font installed since the cache was written stays
    invisible until ``rescan=True`` scans the system afresh (and saves the new list for
    matplotlib's next start).
    """
    from matplotlib import font_manager

    manager = font_manager.fontManager
    if rescan:
        from pathlib import Path

        import matplotlib as mpl

        manager = font_manager.FontManager()
        font_manager.json_dump(manager, Path(mpl.get_cachedir()) / f"fontlist-v{manager.__version__}.json")
    return [font.name for font in manager.ttflist]


def available_cjk_font() -> str | None:
    """The first CJK font of :data:`CJK_FONTS` that matplotlib can find, or None."""
    return cjk_font_among(installed_fonts())


def missing_font_advice(names: Iterable[str]) -> str | None:
    """None when the font ``names`` hold a CJK font; otherwise what to install, per system.

    >>> missing_font_advice(["Noto Sans CJK SC", "DejaVu Sans"]) is None
    True
    >>> "apt-get install fonts-noto-cjk" in missing_font_advice(["DejaVu Sans"])
    True
    """
    return None if cjk_font_among(names) else tr.gettext("No Chinese (CJK) font found, so Chinese labels in charts "
                                                         "will draw as empty boxes. Everything else works. To fix "
                                                         "it, install a CJK font, then run `.venv/bin/course fonts` "
                                                         "(or `make setup`), which refreshes matplotlib's list of "
                                                         "fonts, and restart the notebook's kernel:\n  "
                                                         "Debian/Ubuntu: sudo apt-get install fonts-noto-cjk\n  "
                                                         "macOS: PingFang SC comes with macOS 10.11 and later "
                                                         "(Hiragino Sans GB and Heiti with older versions); or "
                                                         "install Noto: brew install --cask font-noto-sans-cjk-sc\n "
                                                         " Windows: Microsoft YaHei comes with Windows 10 and 11; "
                                                         "if it is missing, add the optional feature \"Chinese "
                                                         "(Simplified) Supplemental Fonts\" (Settings > Apps > "
                                                         "Optional features)")


def apply_style() -> str | None:
    """Set the course's matplotlib style; return the CJK font in use (None if none found).

    Call it once near the top of a notebook. It changes only matplotlib's rcParams.
    """
    import matplotlib as mpl
    from cycler import cycler

    names = installed_fonts()
    font = cjk_font_among(names)
    if font is None:
        warnings.warn(missing_font_advice(names), stacklevel=2)
    family = font_family(names, language())
    mpl.rcParams.update({
        # A list of families, not "sans-serif": matplotlib falls back from font to font
        # character by character only along an explicit list.
        "font.family": family or "sans-serif",
        "font.sans-serif": ([font] if font else []) + CJK_FONTS + LATIN_FALLBACK,
        # A tick's minus is the minus sign, as in the book's tables (the Latin faces and Noto CJK have it).
        "axes.unicode_minus": True,
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
        "savefig.dpi": CHART_DPI,
        "savefig.bbox": "tight",
        "svg.hashsalt": "course",
        "image.cmap": "viridis",
    })
    return font
