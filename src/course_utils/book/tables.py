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
from itertools import groupby

from course_utils.cjk import HAN, HAN_CHAR, NO_LINE_END, NO_LINE_START, WECHAT_NAMES, date_pattern

TABLE = re.compile(r"<table\b.*?</table>", re.S)
ROW = re.compile(r"<tr\b[^>]*>.*?</tr>", re.S)
CELL = re.compile(r"<(t[hd])\b([^>]*)>(.*?)</\1>", re.S)
OPENING_TR = re.compile(r"<tr\b([^>]*)>")
TAG = re.compile(r"<[^>]+>")
# A unit after the number: the course's own ("+10.8 pts", "+10.8 个百分点", "6.00 元") as well as pandas' and the charts'.
NUMBER = re.compile(r"^(?:RMB|¥|\$)?\s*[+\-−~≈<>]?\s*(?:\d[\d,]*(?:\.\d+)?|\.\d+)\s*(?:%|×|x|pp|pts?|k|h|min|s|个百分点|元|倍|秒)?$")
EMPTY = {"", "—", "–", "-", "nan", "NaN"}


def is_number(text: str) -> bool:
    """Whether a table cell's text reads as a number.

    >>> [is_number(t) for t in ("1,234", "+400 %", "RMB 9.50", "9.3×", "0.52", "2022", "+10.8 pts", "+10.8 个百分点")]
    [True, True, True, True, True, True, True, True]
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


GROUP_ROWS = 4  # a longer run of one first cell (a date in Exhibit 2.1's 26 links) is a column, not a group


def keep_groups(document: str) -> str:
    """A body row whose first cell repeats the next row's (a feature and its groups: "Hook" / no, "Hook"
    / yes) is marked ``keep-next``, which the print keeps on one page with that row: Exhibit 1.7 once
    left "Subtitles / no" at a page's foot and "Subtitles / yes" overleaf.

    >>> print(keep_groups("<table><tbody><tr><td>Hook</td><td>no</td></tr><tr><td>Hook</td><td>yes</td></tr>"
    ...                   "<tr><td>Length</td><td>short</td></tr></tbody></table>"))
    <table><tbody><tr class="keep-next"><td>Hook</td><td>no</td></tr><tr><td>Hook</td><td>yes</td></tr><tr><td>Length</td><td>short</td></tr></tbody></table>
    >>> "keep-next" in keep_groups("<table><tbody>" + "<tr><td>2020-01-22</td></tr>" * 5 + "</tbody></table>")
    False
    """
    return TABLE.sub(lambda table: _keep_table(table.group(0)), document)


def _keep_table(table: str) -> str:
    if table.count("<table") > 1 or "<tbody" not in table:
        return table
    head, _, body = table.partition("<tbody")
    firsts = [_text(cells[0][2]) if (cells := CELL.findall(row)) else None for row in ROW.findall(body)]
    runs = [sum(1 for _ in group) for _, group in groupby(firsts)]
    sizes = [size for size in runs for _ in range(size)]  # each row: the length of its run of equal first cells
    kept = iter([bool(first) and first == following and size <= GROUP_ROWS
                 for first, following, size in zip(firsts, firsts[1:] + [None], sizes)])

    def mark_row(row):
        if not next(kept):
            return row.group(0)
        return OPENING_TR.sub(lambda tr: f"<tr{_with_class(tr.group(1), 'keep-next')}>", row.group(0), count=1)

    return head + "<tbody" + ROW.sub(mark_row, body)


def _with_class(attrs: str, name: str) -> str:
    """An element's attributes with ``name`` added to its classes.

    >>> _with_class(' style="x"', "num"), _with_class(' class="a"', "num")
    (' style="x" class="num"', ' class="num a"')
    """
    return attrs.replace('class="', f'class="{name} ', 1) if 'class="' in attrs else f'{attrs} class="{name}"'


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
            return f"<{tag}{_with_class(attrs, 'num')}>{body}</{tag}>"

        return CELL.sub(mark_cell, match.group(0))

    return ROW.sub(mark_row, table)


def _text(body: str) -> str:
    return html.unescape(TAG.sub("", body)).strip()


NAME_LENGTH = 8  # longer runs are phrases and may wrap
LABEL_LENGTH = 24  # a longer cell written mostly in Chinese is prose: it breaks between any two characters
LATIN_LETTER = re.compile(r"[A-Za-z]")
# Kept whole wherever they stand in a cell, even inside a phrase or a sentence: WeChat's product
# names (the longest first, so 视频号小店 is one name) ...
NAMES = re.compile("|".join(map(re.escape, sorted({*WECHAT_NAMES.values(), "视频号直播", "微信小店", "微信小商店"},
                                                   key=lambda name: (-len(name), name)))))
# ... and, found as the text is read, a date (2020年7月14日, 2022年第4季度, 1月21–22日), a number with
# its Chinese unit and sign (1 万元, +10.8 个百分点, 9张: the space kept too) and a grade such as M-H; else a run of
# Chinese characters.
UNITS = "万元|亿元|个百分点|百分点|个月|分钟|小时|万|亿|元|秒|天|周|倍|件|笔|张|位|名|人|次|个|款|条|单"
DATE = date_pattern()
NUMBER_OR_RANGE = "[+−~≈]?\\d[\\d,.]*(?:–\\d[\\d,.]*)?"  # a number, or a range of two (5–8)
# What no line breaks inside, in a cell here and in the prose around tables (``typography.tied_units``).
KEEP = f"{DATE}|{NUMBER_OR_RANGE} ?(?:{UNITS})|(?<![A-Za-z])[A-Z]-[A-Z](?![A-Za-z])"
TOKEN = re.compile(f"(?P<keep>{KEEP})|(?P<run>[{HAN}]+)")
WBR = "<wbr>"
TEXT_OR_TAG = re.compile(r"(<[^>]+>)")


def keep_cjk_words(document: str) -> str:
    """In a table cell, a short run of Chinese (a name such as 微信群) never breaks mid-word.

    Except in a long cell written mostly in Chinese: that is a sentence or two, whose
    clauses kept whole would break only at punctuation and leave ragged lines, so it
    breaks as Chinese prose does, anywhere. In an English cell a Chinese name stays whole.

    >>> keep_cjk_words("<p>微信群</p><table><tr><td>WeCom groups (微信群)</td></tr></table>")
    '<p>微信群</p><table><tr><td>WeCom groups (<span class="zh-word">微信群</span>)</td></tr></table>'
    >>> keep_cjk_words("<table><tr><td>WeCom groups for live viewers 企业微信社群</td></tr></table>")
    '<table><tr><td>WeCom groups for live viewers <span class="zh-word">企业微信社群</span></td></tr></table>'

    A longer phrase wraps anywhere but in WeChat's names; a sentence too, and neither
    breaks a date, a number from its unit or a grade:

    >>> keep_cjk_words("<table><tr><td>视频号成为微信生态的连接器</td></tr></table>")
    '<table><tr><td><span class="zh-word">视频号</span><wbr>成为微信生态的连接器</td></tr></table>'
    >>> keep_cjk_words("<table><tr><td>一家茶叶品牌，有自己的视频团队；但很少有观众添加企业微信。</td></tr></table>")
    '<table><tr><td>一家茶叶品牌，有自己的视频团队；但很少有观众添加<wbr><span class="zh-word">企业微信</span>。</td></tr></table>'
    >>> keep_cjk_words("<table><tr><td>+10.8 个百分点</td></tr></table>")
    '<table><tr><td><span class="zh-word">+10.8 个百分点</span></td></tr></table>'
    >>> keep_cjk_words("<table><tr><td>2022年第4季度</td><td>商品限1万元以内</td><td>M-H</td></tr></table>")
    '<table><tr><td><span class="zh-word">2022年第4季度</span></td><td><span class="zh-word">商品限</span><wbr><span class="zh-word">1万元</span><wbr><span class="zh-word">以内</span></td><td><span class="zh-word">M-H</span></td></tr></table>'

    A line may still break beside a kept word (WeasyPrint offers no break at the edge of an
    unbreakable span, so a header such as this one would be one unbreakable line), except
    where Chinese rules forbid it: before a closing bracket or a comma, after an opening one.

    >>> keep_cjk_words("<table><tr><th>UV价值（每位观众成交额）</th></tr></table>")
    '<table><tr><th>UV<wbr><span class="zh-word">价值</span><wbr>（<span class="zh-word">每位观众成交额</span>）</th></tr></table>'
    """
    def cell(match: re.Match) -> str:
        text = _text(match.group(3))
        prose = len(text) > LABEL_LENGTH and len(HAN_CHAR.findall(text)) > len(LATIN_LETTER.findall(text))
        pieces = TEXT_OR_TAG.split(match.group(3))
        body = "".join(piece if piece.startswith("<") else _kept_words(piece, prose) for piece in pieces)
        return f"<{match.group(1)}{match.group(2)}>{body}</{match.group(1)}>"

    return TABLE.sub(lambda table: CELL.sub(cell, table.group(0)), document)


def _kept_words(text: str, prose: bool) -> str:
    """``text`` (a cell's text between tags) with each word that must not break made unbreakable."""
    def token(found: re.Match) -> str:
        if found.group("keep") or (not prose and 1 < len(found.group(0)) <= NAME_LENGTH):
            return _unbroken(text, found.start(), found.end())
        # A phrase, or a run in a sentence: only the names in it stay whole.
        return NAMES.sub(lambda name: _unbroken(text, found.start() + name.start(), found.start() + name.end()),
                         found.group(0))

    return TOKEN.sub(token, text).replace(WBR + WBR, WBR)  # two kept words side by side: one break between


def _unbroken(text: str, start: int, end: int) -> str:
    """``text[start:end]`` as one unbreakable word, with a break offered on each side where one may fall
    (not before what a line may not start with, nor after what it may not end with: ``cjk``'s rules)."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    opens = "" if before.isspace() or before in NO_LINE_END else WBR
    closes = "" if after.isspace() or after in NO_LINE_START else WBR
    return f'{opens}<span class="zh-word">{text[start:end]}</span>{closes}'  # i18n: not translated (markup)


# A table pandas printed as it is (a worked solution's ``display(frame)``): exhibits carry more classes.
RAW_FRAME = re.compile(r'<table\b[^>]*\bclass="dataframe"[^>]*>.*?</table>', re.S)
BODY_CELL = re.compile(r"(<td\b[^>]*>)(.*?)(</td>)", re.S)
WHOLE_FLOAT = re.compile(r"^-?\d+\.0$")
LONG_NUMBER = re.compile(r"^(-?)(\d{4,})((?:\.\d+)?)$")


def frame_numbers(document: str) -> str:
    """In a table pandas printed raw, numbers print as the lessons print theirs: a column of whole
    numbers stored as floats without ".0", thousands separated in a column that reaches five digits
    (a column of years or hours keeps its digits), and a missing value as a dash, not "NaN".

    >>> frame_numbers('<table border="1" class="dataframe"><tr><th>x</th><td></td><td></td><td></td></tr>'
    ...               '<tr><th>a</th><td>10163.0</td><td>0.5</td><td>2024</td></tr>'
    ...               '<tr><th>b</th><td>NaN</td><td>2.0</td><td>2025</td></tr><tr><th>c</th><td>8828.0</td><td>1.25</td><td>2025</td></tr></table>')
    '<table border="1" class="dataframe"><tr><th>x</th><td></td><td></td><td></td></tr><tr><th>a</th><td>10,163</td><td>0.5</td><td>2024</td></tr><tr><th>b</th><td>—</td><td>2.0</td><td>2025</td></tr><tr><th>c</th><td>8,828</td><td>1.25</td><td>2025</td></tr></table>'
    >>> frame_numbers('<table class="dataframe exhibit-table"><tr><td>2000.0</td></tr></table>')  # an exhibit: as its lesson wrote it
    '<table class="dataframe exhibit-table"><tr><td>2000.0</td></tr></table>'
    """
    return RAW_FRAME.sub(lambda table: _plain_table(table.group(0)), document)


def _plain_table(table: str) -> str:
    rows = [[cell.group(2).strip() for cell in BODY_CELL.finditer(row)] for row in ROW.findall(table)]
    width = max(map(len, rows), default=0)
    whole = [all(WHOLE_FLOAT.match(row[c]) or row[c] in ("NaN", "") for row in rows if c < len(row))
             and any(c < len(row) and WHOLE_FLOAT.match(row[c]) for row in rows) for c in range(width)]
    grouped = [any(c < len(row) and re.match(r"^-?\d{5,}", row[c]) for row in rows) for c in range(width)]

    def cell_text(text: str, column: int) -> str:
        if text == "NaN":
            return "—"
        if whole[column] and WHOLE_FLOAT.match(text):
            text = text[:-2]
        long = LONG_NUMBER.match(text) if grouped[column] else None
        return f"{long.group(1)}{int(long.group(2)):,}{long.group(3)}" if long else text

    def row(match: re.Match) -> str:
        cells = iter(range(width))
        return BODY_CELL.sub(lambda c: c.group(1) + cell_text(c.group(2).strip(), next(cells)) + c.group(3), match.group(0))

    return ROW.sub(row, table)
