"""Table alignment for print: numbers right, words left.

Pandas and Markdown tables arrive with one alignment for every column (pandas
right-aligns its headers, the notebook CSS right-aligns every cell), so a column of
descriptions prints ragged-left and hard to read. Here each table's columns are
inspected: a column whose body cells are all numbers (``1,234``, ``+400 %``,
``RMB 9.50``, ``9.3×``) gets ``class="num"`` on every cell, header included, and
the stylesheet aligns those right and everything else left.
"""

from __future__ import annotations

import html
import re

from course_utils.cjk import HAN, HAN_CHAR

TABLE = re.compile(r"<table\b.*?</table>", re.S)
ROW = re.compile(r"<tr\b[^>]*>.*?</tr>", re.S)
CELL = re.compile(r"<(t[hd])\b([^>]*)>(.*?)</\1>", re.S)
TAG = re.compile(r"<[^>]+>")
NUMBER = re.compile(r"^(?:RMB|¥|\$)?\s*[+\-−~≈<>]?\s*(?:\d[\d,]*(?:\.\d+)?|\.\d+)\s*(?:%|×|x|pp|k|h|min|s)?$")
EMPTY = {"", "—", "–", "-", "nan", "NaN"}


def is_number(text: str) -> bool:
    """Whether a table cell's text reads as a number.

    >>> [is_number(t) for t in ("1,234", "+400 %", "RMB 9.50", "9.3×", "0.52", "2022")]
    [True, True, True, True, True, True]
    >>> [is_number(t) for t in ("3× the year before", "2020-01-22", "H", "Channels 视频号")]
    [False, False, False, False]
    """
    return bool(NUMBER.match(text.strip()))


def mark_numeric_cells(document: str) -> str:
    """Add ``class="num"`` to every cell of each all-number column of each table.

    >>> table = ("<table><tr><th>name</th><th>views</th></tr>"
    ...          "<tr><td>a</td><td>1,200</td></tr><tr><td>b</td><td>—</td></tr></table>")
    >>> print(mark_numeric_cells(table))
    <table><tr><th>name</th><th class="num">views</th></tr><tr><td>a</td><td class="num">1,200</td></tr><tr><td>b</td><td class="num">—</td></tr></table>
    """
    return TABLE.sub(lambda match: _mark_table(match.group(0)), document)


EMPTY_HEADER = re.compile(r"<th\b([^>]*)>(\s*)</th>")


def blank_corners(document: str) -> str:
    """An empty header cell (the corner pandas leaves above a table's index) becomes a data cell.

    A header cell names its row or column to a screen reader; an empty one names it with nothing.

    >>> blank_corners('<table><tr><th></th><th>views</th></tr><tr><th>a</th><td>1</td></tr></table>')
    '<table><tr><td></td><th>views</th></tr><tr><th>a</th><td>1</td></tr></table>'
    >>> blank_corners('<p><th></th></p>')  # outside a table: left alone
    '<p><th></th></p>'
    """
    return TABLE.sub(lambda table: EMPTY_HEADER.sub(r"<td\1>\2</td>", table.group(0)), document)


def _mark_table(table: str) -> str:
    if table.count("<table") > 1 or "colspan" in table or "rowspan" in table:
        return table  # nested or spanning tables: column positions are not simple
    rows = [[(tag, attrs, _text(body)) for tag, attrs, body in CELL.findall(row)] for row in ROW.findall(table)]
    numeric = set()
    for column in range(max((len(r) for r in rows), default=0)):
        values = [r[column][2] for r in rows if len(r) > column and r[column][0] == "td"]
        filled = [v for v in values if v not in EMPTY]
        if filled and all(is_number(v) for v in filled):
            numeric.add(column)
    if not numeric:
        return table

    def mark_row(match):
        position = iter(range(10_000))

        def mark_cell(cell):
            tag, attrs, body = cell.group(1), cell.group(2), cell.group(3)
            if next(position) not in numeric:
                return cell.group(0)
            if 'class="' in attrs:
                attrs = attrs.replace('class="', 'class="num ', 1)
            else:
                attrs += ' class="num"'
            return f"<{tag}{attrs}>{body}</{tag}>"

        return CELL.sub(mark_cell, match.group(0))

    return ROW.sub(mark_row, table)


def _text(body: str) -> str:
    return html.unescape(TAG.sub("", body)).strip()


CJK_RUN = re.compile(f"[{HAN}]+")
NAME_LENGTH = 8  # longer runs are phrases and may wrap
LABEL_LENGTH = 24  # a longer cell written mostly in Chinese is prose: it breaks between any two characters
LATIN_LETTER = re.compile(r"[A-Za-z]")
# Where a line may not start, or end (Chinese line-breaking rules): no break is offered there.
# Straight quotes are curled later (typography.py), so either may open or close: never broken beside.
NO_LINE_START = set("）」』》〉】〕”’，。、；：！？…·%)]}>,.;:!?\"'")
NO_LINE_END = set("（「『《〈【〔“‘([{<\"'")
WBR = "<wbr>"
TEXT_OR_TAG = re.compile(r"(<[^>]+>)")


def keep_cjk_words(document: str) -> str:
    """In a table cell, a short run of Chinese (a name such as 微信群) never breaks mid-word.

    Except in a long cell written mostly in Chinese: that is a sentence or two, whose
    clauses kept whole would break only at punctuation and leave ragged lines, so it
    breaks as Chinese prose does, anywhere. In an English cell a Chinese name stays whole.

    >>> keep_cjk_words("<p>微信群</p><table><tr><td>WeCom groups (微信群)</td></tr></table>")
    '<p>微信群</p><table><tr><td>WeCom groups (<span class="zh-word">微信群</span>)</td></tr></table>'
    >>> keep_cjk_words("<table><tr><td>视频号成为微信生态的连接器</td></tr></table>")  # a phrase: free to wrap
    '<table><tr><td>视频号成为微信生态的连接器</td></tr></table>'
    >>> keep_cjk_words("<table><tr><td>一家茶叶品牌，有自己的视频团队；但很少有观众添加企业微信。</td></tr></table>")
    '<table><tr><td>一家茶叶品牌，有自己的视频团队；但很少有观众添加企业微信。</td></tr></table>'
    >>> keep_cjk_words("<table><tr><td>WeCom groups for live viewers 企业微信社群</td></tr></table>")
    '<table><tr><td>WeCom groups for live viewers <span class="zh-word">企业微信社群</span></td></tr></table>'

    A line may still break beside a kept word (WeasyPrint offers no break at the edge of an
    unbreakable span, so a header such as this one would be one unbreakable line), except
    where Chinese rules forbid it: before a closing bracket or a comma, after an opening one.

    >>> keep_cjk_words("<table><tr><th>UV价值（每位观众成交额）</th></tr></table>")
    '<table><tr><th>UV<wbr><span class="zh-word">价值</span><wbr>（<span class="zh-word">每位观众成交额</span>）</th></tr></table>'
    """
    def word(run: re.Match) -> str:
        text = run.group(0)
        if not 1 < len(text) <= NAME_LENGTH:
            return text
        before = run.string[run.start() - 1] if run.start() > 0 else " "
        after = run.string[run.end()] if run.end() < len(run.string) else " "
        opens = "" if before.isspace() or before in NO_LINE_END else WBR
        closes = "" if after.isspace() or after in NO_LINE_START else WBR
        return f'{opens}<span class="zh-word">{text}</span>{closes}'  # i18n: not translated (markup)

    def words(piece: str) -> str:
        return CJK_RUN.sub(word, piece)

    def cell(match: re.Match) -> str:
        text = _text(match.group(3))
        if len(text) > LABEL_LENGTH and len(HAN_CHAR.findall(text)) > len(LATIN_LETTER.findall(text)):
            return match.group(0)
        pieces = TEXT_OR_TAG.split(match.group(3))
        body = "".join(piece if piece.startswith("<") else words(piece) for piece in pieces)
        return f"<{match.group(1)}{match.group(2)}>{body}</{match.group(1)}>"

    return TABLE.sub(lambda table: CELL.sub(cell, table.group(0)), document)

