"""A document's translatable messages, and the document rebuilt from their translations.

The course's documents (lesson notebooks, book matter, quiz banks, data cards) are written
in English and translated message by message, the way Sphinx and Jupyter Book translate
documents: a Markdown paragraph, list item, heading or table is one message; in a code
cell a comment or a string of prose is one message, and the code around it never changes;
in a YAML document each prose value is one message. Extraction and application walk the
same units in the same order, so a document rebuilt with no translations is the original.

>>> [m for m in markdown_messages("## 1. The case\\n\\nChannels grew.\\n\\n- one\\n- two")]
['1. The case', 'Channels grew.', 'one', 'two']
>>> apply_markdown("## 1. The case\\n\\n- one", {"1. The case": "1. 案例", "one": "一"}.get)
'## 1. 案例\\n\\n- 一'
>>> list(markdown_messages("<!-- BEGIN ANSWER -->\\nPartly.\\n<!-- END ANSWER -->"))
['Partly.']
>>> code_messages('exhibit(fig, "2.1", "Routes multiplied")  # the chart')
['Routes multiplied', 'the chart']
>>> code_messages('labels = {True: "with flash sale", False: "without"}')
['with flash sale', 'without']
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from collections.abc import Callable, Iterator

from course_utils.cjk import HAN

Lookup = Callable[[str], "str | None"]

_FENCE = re.compile(r"^\s*(```|~~~)")
_HEADING = re.compile(r"^(#{1,6}\s+)(.*)$")
_ITEM = re.compile(r"^(\s*(?:[-*+]|\d+[.)])\s+)(.*)$")
_QUOTE = re.compile(r"^(>\s?)(.*)$")
# A line that is only an HTML comment (the solution and answer markers) is structure.
_COMMENT_LINE = re.compile(r"^\s*<!--.*-->\s*$")
# Prose: at least two words of letters, or any CJK; identifiers, dates and formats are not.
_PROSE = re.compile(r"[A-Za-z]{2,}[^\n]*?\s+[A-Za-z(]|" + f"[{HAN}]")
_STRING_PREFIX = re.compile(r"^([rRbBuUfF]{0,2})('''|\"\"\"|'|\")", re.S)


def _blocks(text: str) -> list[tuple[str, list[str]]]:
    """Split Markdown into ("fence"|"fixed"|"blank"|"text", lines) blocks at blank lines, keeping
    fences whole and comment lines (markers) apart."""
    blocks: list[tuple[str, list[str]]] = []
    current: list[str] = []
    fence = False
    for line in text.split("\n"):
        if fence:
            current.append(line)
            if _FENCE.match(line):
                blocks.append(("fence", current))
                current, fence = [], False
            continue
        if _FENCE.match(line):
            if current:
                blocks.append(("text", current))
            current, fence = [line], True
        elif _COMMENT_LINE.match(line):
            if current:
                blocks.append(("text", current))
            blocks.append(("fixed", [line]))
            current = []
        elif line.strip() == "":
            if current:
                blocks.append(("text", current))
            blocks.append(("blank", [line]))
            current = []
        else:
            current.append(line)
    if current:
        blocks.append(("fence" if fence else "text", current))
    return blocks


def _units(lines: list[str]) -> list[tuple[str, str]]:
    """A text block as (prefix, message) units: a heading, each list item, or the whole block."""
    if len(lines) == 1 and _HEADING.match(lines[0]):
        prefix, body = _HEADING.match(lines[0]).groups()
        return [(prefix, body)]
    if _ITEM.match(lines[0]):
        units: list[tuple[str, str]] = []
        for line in lines:
            item = _ITEM.match(line)
            if item:
                units.append(item.groups())
            else:
                prefix, body = units[-1]
                units[-1] = (prefix, body + "\n" + line)
        return units
    if all(_QUOTE.match(line) for line in lines):
        bodies = [_QUOTE.match(line).group(2) for line in lines]
        return [(_QUOTE.match(lines[0]).group(1), "\n".join(bodies))]
    return [("", "\n".join(lines))]


def _translatable(message: str) -> bool:
    return bool(re.search(f"[A-Za-z{HAN}]", message))


def markdown_messages(text: str) -> Iterator[str]:
    for kind, lines in _blocks(text):
        if kind == "text":
            for _, body in _units(lines):
                if _translatable(body):
                    yield body


def apply_markdown(text: str, lookup: Lookup) -> str:
    out: list[str] = []
    for kind, lines in _blocks(text):
        if kind != "text":
            out.extend(lines)
            continue
        for prefix, body in _units(lines):
            translated = (lookup(body) if _translatable(body) else None) or body
            if prefix.startswith(">"):
                out.extend(prefix + line for line in translated.split("\n"))
            else:
                out.append(prefix + translated)
    return "\n".join(out)


def _string_body(token: str) -> tuple[str, str, str] | None:
    """(prefix+quote, body, closing quote) of a string token; None for bytes."""
    match = _STRING_PREFIX.match(token)
    if not match or "b" in match.group(1).lower():
        return None
    head = match.group(0)
    quote = match.group(2)
    return head, token[len(head):-len(quote)], quote


def _label_positions(source: str) -> set[tuple[int, int]]:
    """Where the one-word labels are: string values of a dict whose other values are prose
    (``{True: "with flash sale", False: "without"}`` maps data to display text)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return set()
    lines = source.split("\n")
    found = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Dict):
            continue
        strings = [v for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)]
        if any(_PROSE.search(v.value) for v in strings):
            for value in strings:
                # ast counts UTF-8 bytes, tokenize characters.
                column = len(lines[value.lineno - 1].encode("utf-8")[:value.col_offset].decode("utf-8"))
                found.add((value.lineno, column))
    return found


def _code_units(source: str) -> Iterator[tuple[tuple[int, int], tuple[int, int], str, str, str]]:
    """(start, end, head, message, tail) for each comment and prose string in ``source``."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return
    labels = _label_positions(source)
    for token in tokens:
        if token.type == tokenize.COMMENT:
            match = re.match(r"^(#+\s*)(.*?)(\s*)$", token.string)
            head, body, tail = match.groups()
            # Solution markers are structure, not prose.
            if body and not body.startswith(("BEGIN ", "END ")) and _PROSE.search(body):
                yield token.start, token.end, head, body, tail
        elif token.type == tokenize.STRING:
            parts = _string_body(token.string)
            if parts and (_PROSE.search(parts[1]) or (token.start in labels and re.search("[A-Za-z]", parts[1]))):
                yield token.start, token.end, parts[0], parts[1], parts[2]


def code_messages(source: str) -> list[str]:
    return [message for _, _, _, message, _ in _code_units(source)]


def apply_code(source: str, lookup: Lookup) -> str:
    lines = source.split("\n")
    # Replace from the end so earlier positions stay valid.
    for start, end, head, message, tail in reversed(list(_code_units(source))):
        translated = lookup(message)
        if not translated or translated == message:
            continue
        (row0, col0), (row1, col1) = start, end
        before = lines[row0 - 1][:col0]
        after = lines[row1 - 1][col1:]
        replacement = (head + translated + tail).split("\n")
        replacement[0] = before + replacement[0]
        replacement[-1] = replacement[-1] + after
        lines[row0 - 1:row1] = replacement
    return "\n".join(lines)


def data_messages(value, keys: frozenset[str], list_keys: frozenset[str], key: str | None = None) -> Iterator[str]:
    """Prose values of a parsed YAML document: strings under ``keys``; a list under ``list_keys``
    is one message, a line per entry (accepted answers, which a translation may add to)."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield from data_messages(v, keys, list_keys, k)
    elif isinstance(value, list):
        if key in list_keys and all(isinstance(v, str) for v in value):
            if value:
                yield "\n".join(value)
            return
        for v in value:
            yield from data_messages(v, keys, list_keys, key)
    elif isinstance(value, str) and key in keys and _translatable(value):
        yield value


def apply_data(value, keys: frozenset[str], list_keys: frozenset[str], lookup: Lookup, key: str | None = None):
    if isinstance(value, dict):
        return {k: apply_data(v, keys, list_keys, lookup, k) for k, v in value.items()}
    if isinstance(value, list):
        if key in list_keys and value and all(isinstance(v, str) for v in value):
            translated = lookup("\n".join(value))
            return [line for line in translated.split("\n") if line.strip()] if translated else value
        return [apply_data(v, keys, list_keys, lookup, key) for v in value]
    if isinstance(value, str) and key in keys and _translatable(value):
        return lookup(value) or value
    return value
