"""Preprocessor: a code line too long for the printed page is broken where Python would break it.

A4 with the book's margins holds about 90 characters of code at the body size. A
longer line is broken inside its brackets, after a comma or before an operator or a
comprehension's ``for`` and ``if``, and the rest aligned with the opening bracket
(PEP 8); a long string inside brackets is split between words into two adjacent
literals, which Python joins back into one; a one-line docstring is broken between
words. Only the printed copy changes, and only where the result is the same program:
each cell's syntax tree (with the whitespace inside strings ignored) is compared
before and after, and a cell that would differ, or does not parse, prints as written.
What still does not fit, such as a long expression outside brackets, is set smaller by
:mod:`.codefit`.

>>> print(wrap_source('total = contribution(row.gmv, row.refund_amount, 0.05, 0.45, row.coupon_cost, row.ad_spend)', 60))
total = contribution(row.gmv, row.refund_amount, 0.05, 0.45,
                     row.coupon_cost, row.ad_spend)
"""

from __future__ import annotations

import ast
import io
import tokenize
from typing import NamedTuple

from nbconvert.preprocessors import Preprocessor
from traitlets import Int

from course_utils.cjk import columns

OPEN, CLOSE = "([{", ")]}"
# Inside brackets, a line may break before these (PEP 8 puts the operator first on the new line);
# after a comma first, then before a clause, a comparison, and an arithmetic operator last.
RANK = {",": 0, "for": 1, "if": 1, "else": 1, "and": 1, "or": 1,
        "<": 2, "<=": 2, ">": 2, ">=": 2, "==": 2, "!=": 2, "+": 3, "-": 3, "*": 3, "/": 3, "//": 3}
OPERATORS = "/÷×*+-=<>"  # in a docstring's formula, a line never breaks beside these
MIN_REST = 12  # a break leaving less than this on the new line is not worth it
STRING_RANK = 4  # a string is split only where nothing else breaks the line
MIN_STRING = 40  # a shorter string (a dict key, a label) is never split
MIN_PIECE = 10  # nor split to leave fewer characters than this on either side


class _Break(NamedTuple):
    """A place where a line may break."""

    depth: int  # bracket depth: the outermost bracket is preferred
    rank: int  # the kind of break: after a comma first (RANK), a string split last
    col: int  # where the new line starts
    indent: int  # the new line's indent
    close: str = ""  # text closing the first line (a split string's quote)
    reopen: str = ""  # text opening the second (the string's prefix and quote)


def _same_program(before: str, after: str) -> bool:
    """Whether two sources parse to the same tree, the whitespace inside strings aside."""
    def tree(source: str) -> str:
        parsed = ast.parse(source)
        for node in ast.walk(parsed):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                node.value = " ".join(node.value.split())
        return ast.dump(parsed)

    try:
        return tree(before) == tree(after)
    except (SyntaxError, ValueError):
        return False


def _break_points(source: str, row: int) -> list[_Break]:
    """Where line ``row`` (from 1) may break."""
    points: list[_Break] = []
    stack: list[int] = []
    in_target: list[bool] = []  # between a comprehension's "for" and its "in": "for key, value" stays whole
    tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    for index, token in enumerate(tokens):
        (start_row, start_col), (end_row, end_col) = token.start, token.end
        if start_row > row:
            break
        if token.type == tokenize.OP and token.string in OPEN:
            stack.append(start_col)
            in_target.append(False)
        elif token.type == tokenize.OP and token.string in CLOSE and stack:
            stack.pop()
            in_target.pop()
        elif stack and token.type == tokenize.NAME and token.string in ("for", "in"):
            in_target[-1] = token.string == "for"
        if start_row != row or not stack:
            if (start_row == row == end_row and token.type == tokenize.STRING and token.string[:3] in ('"""', "'''")
                    and token.string.endswith(token.string[:3]) and len(token.string) > 6):
                points.extend(_docstring_points(token.string, start_col))
            continue
        if token.type == tokenize.STRING and start_row == end_row:
            # The second literal lines up under the first (after ``note=``, say), not the bracket.
            points.extend(_Break(len(stack), STRING_RANK, col, start_col, close, reopen)
                          for col, close, reopen in _string_points(token.string, start_col))
            continue
        rank = RANK.get(token.string) if token.type in (tokenize.OP, tokenize.NAME) else None
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        if token.string == ",":
            if following is not None and following.start[0] == row and not in_target[-1]:
                points.append(_Break(len(stack), 0, end_col, stack[-1] + 1))
        elif rank is not None and start_col > stack[-1] + 1:
            points.append(_Break(len(stack), rank, start_col, stack[-1] + 1))
    return points


def _docstring_points(text: str, column: int) -> list[_Break]:
    """Spaces inside a one-line docstring where it may break, the new line aligned with its quotes
    (never beside an operator: "rate / benchmark" stays on one line)."""
    return [_Break(0, 0, column + offset + 1, column) for offset, char in enumerate(text)
            if char == " " and 3 < offset < len(text) - 3 and text[offset - 1] not in OPERATORS
            and text[offset + 1] not in OPERATORS]


def _string_points(text: str, column: int) -> list[tuple[int, str, str]]:
    """Where a one-line string literal may be split in two: (column, text closing the first
    literal, text opening the second). After a space between words, never inside an
    f-string's ``{...}``; the second literal drops the ``f`` if it holds no braces.

    >>> [(col, reopen) for col, _close, reopen in _string_points('f"Hook lift: {lift:+.1f} points of completion rate"', 0)]
    [(13, 'f"'), (25, '"'), (32, '"'), (35, '"')]
    """
    prefix = text[:len(text) - len(text.lstrip("rRbBuUfF"))]
    quote = text[len(prefix):len(prefix) + 1]
    body = text[len(prefix) + 1:-1]
    if len(text) < MIN_STRING or quote not in "\"'" or text[len(prefix):len(prefix) + 3] == quote * 3:
        return []
    formatted = "f" in prefix.lower()
    points, depth, index = [], 0, 0
    while index < len(body):
        char = body[index]
        if formatted and char in "{}" and body[index:index + 2] == char * 2 and depth == 0:
            index += 2  # an escaped brace
            continue
        if formatted and char == "{":
            depth += 1
        elif formatted and char == "}":
            depth -= 1
        elif (char == " " and depth == 0 and MIN_PIECE <= index + 1 <= len(body) - MIN_PIECE
              and body[index + 1] != " " and body[index - 1] != "\\"):
            rest = body[index + 1:]
            second = prefix if "{" in rest or "}" in rest else prefix.replace("f", "").replace("F", "")
            points.append((column + len(prefix) + 1 + index + 1, quote, second + quote))
        index += 1
    return points


def _break_once(lines: list[str], row: int, width: int) -> list[str] | None:
    """``lines`` with line ``row`` (from 0) broken once, its first part within ``width``; None if it cannot be."""
    line = lines[row]
    try:
        points = _break_points("\n".join(lines), row + 1)
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return None
    lead = len(line) - len(line.lstrip())
    fitting = [point for point in points
               if lead + 1 < point.col and columns(line[:point.col]) <= width - len(point.close)
               and len(line) - point.col >= MIN_REST]
    if not fitting:
        return None
    # The outermost bracket first, the best kind of break in it, as far right as fits.
    best = min(fitting, key=lambda point: (point.depth, point.rank, -point.col))
    col, indent = best.col, best.indent
    if best.close:  # a string split in two: the first literal closed, the second opened on the new line
        broken = [line[:col] + best.close, " " * indent + best.reopen + line[col:]]
    else:
        broken = [line[:col].rstrip(), " " * indent + line[col:].lstrip()]
    return lines[:row] + broken + lines[row + 1:]


def wrap_source(source: str, width: int = 90) -> str:
    """``source`` with each line wider than ``width`` columns (:func:`course_utils.cjk.columns`) broken where
    Python would, if the program stays the same.

    A line is broken until every piece fits, or not at all: half a break helps no reader.

    >>> wrap_source('print(f"{x:.1f}")', 10)  # nothing to break at: as written
    'print(f"{x:.1f}")'
    >>> print(wrap_source("def f():\\n    '''Orders a new customer must place to repay the spend.'''", 40))
    def f():
        '''Orders a new customer must place
        to repay the spend.'''
    """
    lines, row = source.split("\n"), 0
    while row < len(lines):
        trial, last = lines, row
        while trial is not None and columns(trial[last]) > width:
            trial = _break_once(trial, last, width)
            last += 1
        if trial is not None:
            lines, row = trial, last
        row += 1
    wrapped = "\n".join(lines)
    return wrapped if wrapped != source and _same_program(source, wrapped) else source


class CodeLinesPreprocessor(Preprocessor):
    """Break code lines too long for the printed page, where Python would."""

    width = Int(90, help="The longest code line, in columns (a Chinese character takes two), that prints at the "
                "body code size.").tag(config=True)

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "code" and any(columns(line) > self.width for line in cell.source.split("\n")):
            cell.source = wrap_source(cell.source, self.width)
        return cell, resources
