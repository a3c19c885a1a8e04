"""Spreadsheet-safe CSV cells: text a spreadsheet would run as a formula is written as plain text.

A learner's answer, id or error message that starts with ``=``, ``+``, ``-`` or
``@`` (or a tab or carriage return) would be read by Excel, LibreOffice or
Google Sheets as a formula when the instructor opens the file (CSV injection:
``=HYPERLINK(...)`` can send a cell's neighbours elsewhere). :func:`neutral`
puts an apostrophe in front, the mark spreadsheets read as "this is text";
:func:`restored` takes it off again when the grader reads a sheet back, so the
learner's text round-trips exactly (a text that itself starts with an
apostrophe gets a second one, so the two are never confused).

A cell that is just a number (``-0``, ``+2.5``) is left alone: a spreadsheet reads it as
that number, and an LMS import needs it as it is.

>>> [neutral(text) for text in ("=1+1", "-3 points", "'quoted", "plain", "", "-0")]
["'=1+1", "'-3 points", "''quoted", 'plain', '', '-0']
>>> all(restored(neutral(text)) == text for text in ("=1+1", "@SUM(A1)", "'=x", "''", "it's", "\\tx", "", "-1"))
True
"""

from __future__ import annotations

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
MARK = "'"


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def neutral(value):
    """``value`` made safe for a CSV cell: text only is changed, and only when it needs it."""
    if isinstance(value, str) and value.startswith(TRIGGERS + (MARK,)) and not _number(value):
        return MARK + value
    return value


def restored(value):
    """The text :func:`neutral` was given, from a cell read back (a cell a spreadsheet left alone too)."""
    if isinstance(value, str) and value.startswith(MARK) and value[1:].startswith(TRIGGERS + (MARK,)):
        return value[1:]
    return value


def row(values: list) -> list:
    """Every cell of a row made safe."""
    return [neutral(value) for value in values]
