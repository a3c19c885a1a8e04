"""Print typography for prose: typographic quotes, apostrophes and number dashes outside code, and
what a line must not break (a cross-reference from its number, a date, a number from its unit, the
last two characters of a Chinese paragraph).

The lessons are written with curly quotes, the teaching notes and some generated
text with straight ones; the book prints them all curly. Besides looking right,
this avoids a WeasyPrint line-breaking fault: a straight apostrophe after a digit
("Lesson 1's") can make the lines before it break after every word. Code,
preformatted output, markup and attribute values are left untouched. Outside code, a hyphen
before a negative number prints as a minus sign and one in a range of numbers as an en dash
(:func:`course_utils.quotes.dashes`), as in the charts.
"""

from __future__ import annotations

import re

from course_utils.book.tables import KEEP, NAME_LENGTH
from course_utils.cjk import CJK, HAN, NO_LINE_START
from course_utils.quotes import curl_run, dashes

# The word joiner (U+2060): the print ties a date, an amount or a grade with it (``tied_units``).
JOINER = "\u2060"

PROTECTED = re.compile(r"(<(pre|code|script|style|textarea|kbd|samp)\b.*?</\2>|<[^>]+>)", re.S | re.I)
# Escaped quotes in text (Jinja and Markdown escape them) are quotes all the same.
ENTITIES = re.compile(r"&(?:quot|#34|#x22|#39|#x27|apos);", re.I)


def _unescape(match: re.Match) -> str:
    return '"' if match.group(0).lower() in ("&quot;", "&#34;", "&#x22;") else "'"


def curl_quotes(document: str) -> str:
    """Straight quotes, apostrophes and number dashes in prose become typographic, except in code and tags.

    >>> curl_quotes("<p>Lesson 1's <code>d['a']</code> <a title=\\"it's\\">it's</a></p>")
    '<p>Lesson 1’s <code>d[\\'a\\']</code> <a title="it\\'s">it’s</a></p>'
    >>> curl_quotes('<p>the "<em>loop</em>" and \\'hub\\' (&quot;new&quot;); learners\\' notes</p>')
    '<p>the “<em>loop</em>” and ‘hub’ (“new”); learners’ notes</p>'
    >>> curl_quotes("<pre>print('x')</pre><p>'90s</p>")
    "<pre>print('x')</pre><p>’90s</p>"
    >>> curl_quotes("<td>-0.116</td><td>16-30 s</td><td>2020-01-22</td><code>x = -1</code>")
    '<td>−0.116</td><td>16–30 s</td><td>2020-01-22</td><code>x = -1</code>'
    """
    pieces = PROTECTED.split(document)
    out = []
    before, quoting = "", False
    # split() with two groups yields: text, whole match, inner tag name, text, ...
    for index in range(0, len(pieces), 3):
        text, quoting = curl_run(ENTITIES.sub(_unescape, pieces[index]), before, quoting)
        text = dashes(text)
        out.append(text)
        if text:
            before = text[-1]
        if index + 1 < len(pieces):
            tag = pieces[index + 1]
            out.append(tag)
            if pieces[index + 2]:  # code or pre: its content counts as a word before the next quote
                before = "x"
            elif re.match(r"</?(p|div|li|td|th|h\d|br|tr|section|ul|ol|dd|dt|blockquote|figcaption)\b", tag, re.I):
                before, quoting = "", False
    return "".join(out)


# The name the exporter has always called; everything is curled now, not apostrophes only.
curl_apostrophes = curl_quotes


APOSTROPHE_WORD = re.compile(r"[A-Za-z]+(?:[’'][A-Za-z]+)+")


# Text a span may not enter (code keeps its own face; a title holds no markup; a span would end SVG or MathML).
NO_SPANS = re.compile(r"(<(pre|code|script|style|textarea|kbd|samp|title|svg|math)\b.*?</\2>|<[^>]+>)", re.S | re.I)
# A run starts with an ideograph and takes the Chinese punctuation after it (a trailing ？ or 。 set outside
# the span would come from the CJK face at full line height all the same).
CHINESE_RUN = re.compile(f"[{HAN}][{CJK}{JOINER}]*")  # word joiners inside (``tied_units``) too


def _spans(document: str, pattern: re.Pattern, span) -> str:
    """Each match of ``pattern`` in the document's text (outside tags and NO_SPANS elements) replaced by ``span(match)``."""
    pieces = NO_SPANS.split(document)
    out = []
    for index in range(0, len(pieces), 3):
        out.append(pattern.sub(span, pieces[index]))
        if index + 1 < len(pieces):
            out.append(pieces[index + 1])
    return "".join(out)


def latin_apostrophes(document: str) -> str:
    """In a Chinese book, an English word with an apostrophe is marked Latin, so its ’ is set
    half-width in the Latin face (the CJK face, which sets Chinese quotation marks, has a wide one).

    >>> latin_apostrophes("<p>“生态闭环”与 Douyin’s rival <code>it’s</code></p>")
    '<p>“生态闭环”与 <span class="latin">Douyin’s</span> rival <code>it’s</code></p>'
    """
    return _spans(document, APOSTROPHE_WORD, lambda word: f'<span class="latin">{word.group(0)}</span>')  # i18n: not translated (markup)


def mark_chinese(document: str) -> str:
    """In an English book, each run of Chinese is marked ``lang="zh-CN"``, so a screen reader
    reads it as Chinese and a browser shapes it as Simplified Chinese. A short run is a name or a
    term (有赞, 视频号小店) and is kept on one line, as in the tables; a longer one is a quotation,
    which wraps between any two characters as Chinese does.

    >>> mark_chinese('<title>视频号</title><p>Channels (视频号) and 企业微信·社群</p><code>"视频号"</code>')
    '<title>视频号</title><p>Channels (<span lang="zh-CN" class="zh-word">视频号</span>) and <span lang="zh-CN" class="zh-word">企业微信</span>·<span lang="zh-CN" class="zh-word">社群</span></p><code>"视频号"</code>'
    >>> mark_chinese("<p>秒 and 但无论哪种算法，其最终目的只有一个</p>")
    '<p><span lang="zh-CN">秒</span> and <span lang="zh-CN">但无论哪种算法，其最终目的只有一个</span></p>'
    >>> mark_chinese("<p>微信视频号迭代的核心逻辑是什么？ (What is the core logic?)</p>")  # its punctuation with it
    '<p><span lang="zh-CN">微信视频号迭代的核心逻辑是什么？</span> (What is the core logic?)</p>'
    """
    return _spans(document, CHINESE_RUN, _chinese_span)


def _chinese_span(match: re.Match) -> str:
    run = match.group(0)
    kept = ' class="zh-word"' if 1 < len(run.replace(JOINER, "")) <= NAME_LENGTH else ""
    return f'<span lang="zh-CN"{kept}>{run}</span>'  # i18n: not translated (markup)


# The end of a Chinese paragraph, list item or table cell or header (or a caption's source line, a span ending its
# block): its last two characters, the second Chinese, and the punctuation after them, before the end tag
# (and the spans that end with it: a table cell's Chinese line in the English book's timeline). A name
# a table keeps whole (``tables.keep_cjk_words``) is matched first, and left as it is.
LINE_END = re.compile(f'(?P<kept><span [^>]*class="zh-word"[^>]*>[^<]*</span>)|(?P<end>[{HAN}0-9A-Za-z%][{HAN}]'
                      f"[{re.escape(''.join(sorted(NO_LINE_START)))}]*)(?P<tags>(?:</span>)*</(?:p|li|td|th)>|</span></div>)")


def chinese_line_ends(document: str) -> str:
    """No paragraph, list item or table cell ends with a line holding one Chinese character and its
    punctuation (a 孤字, which the print left on 28 lines of the Chinese student edition): its last two
    characters are kept on one line.

    >>> chinese_line_ends("<p>约 20 分钟）。</p><li>带来了什么<em>提升</em></li><p>RMB 6.00</p>")
    '<p>约 20 <span class="line-end">分钟）。</span></p><li>带来了什么<em>提升</em></li><p>RMB 6.00</p>'
    >>> chinese_line_ends('<td><span class="zh">优于算法推荐</span></td><td><span class="zh-word">2023年1月</span></td>')
    '<td><span class="zh">优于算法<span class="line-end">推荐</span></span></td><td><span class="zh-word">2023年1月</span></td>'
    >>> chinese_line_ends('<th>添加企业微信的买家占比</th>')  # a column's header too ("占" / "比" once)
    '<th>添加企业微信的买家<span class="line-end">占比</span></th>'
    """
    return LINE_END.sub(_line_end, document)


def _line_end(match: re.Match) -> str:
    if match["kept"]:
        return match["kept"]
    return f'<span class="line-end">{match["end"]}</span>{match["tags"]}'  # i18n: not translated (markup)


# A cross-reference: its word and its number, or a Chinese ordinal and what it counts ("第 4 课").
REFERENCE = re.compile(f"(?:\\b(?:Exhibits?|Tasks?|Lessons?|Appendix) |图表 |任务 )(?:[0-9]+(?:\\.[0-9]+)?|[A-D]\\b)"
                       f"|第 [0-9]+(?:–\u2060?[0-9]+)?[ \u00a0](?=[{HAN}])")  # after tied_units: "5–\u20608\xa0周"


def tied_references(document: str) -> str:
    """A cross-reference prints on one line with its number: a no-break space, not a space, between
    "Exhibit" and "4.2", "图表" and "0.1", and in "第 4 课" (the print had ended a line with "Exhibit"
    or "第" once or twice in each English edition and four to nine times in each Chinese one). Text
    that starts an element is left alone: a caption or a heading starts its line.

    >>> tied_references("<p>as Exhibit 4.2 shows</p><figcaption>Exhibit 4.2 — Plan</figcaption>")
    '<p>as Exhibit\xa04.2 shows</p><figcaption>Exhibit 4.2 — Plan</figcaption>'
    >>> tied_references("<p>见图表 0.1；第 4 课会用到，任务 3.4 也是</p>")
    '<p>见图表\xa00.1；第\xa04\xa0课会用到，任务\xa03.4 也是</p>'
    """
    return _spans(document, REFERENCE, _tie)


def _tie(match: re.Match) -> str:
    if not match.string[:match.start()].strip():
        return match.group(0)
    return match.group(0).replace(" ", "\u00a0")


# What a line must not break inside, in a table too: an English date, a time in minutes or hours, a
# source's grade in brackets and a range of numbers at its dash (a narrow column broke "14 Jul" / "2020",
# "30" / "min", "(H)" onto a line, and "11–" / "13" in the plan's weeks).
MONTHS = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
EVERYWHERE = f"(?:\\d{{1,2}} )?(?:{MONTHS}) \\d{{4}}\\b|\\b\\d+ (?:min|h)\\b| ?[（(](?:M-H|H|M)[)）]|\\d–\\d"
# ... and elsewhere: a Chinese date, a number or a range (5–8) with its Chinese unit and a grade (M-H), as
# a table cell keeps them (``tables.KEEP``), and a sum of Chinese terms (短视频+直播+小商店).
# ... and a short formula in brackets, "(m − d)" or "(1 + X)", whose line once ended at "(m −".
SHORT_FORMULA = "\\([^()\\s]{1,8}(?: [−+×÷] [^()\\s]{1,8})+\\)"
KEPT = re.compile(f"{KEEP}|[{HAN}]+(?:\\+[{HAN}]+)+|{EVERYWHERE}|{SHORT_FORMULA}")
IN_TABLES = re.compile(EVERYWHERE)
TABLE = re.compile(r"(<table\b.*?</table>)", re.S | re.I)
# Between two characters of a kept piece where a line could break: after a hyphen or a range's dash,
# beside a Chinese character.
JOINS = re.compile(f"(?<=[-–])(?=.)|(?<=[{HAN}])(?=.)|(?<=[^\\u00a0])(?=[{HAN}])")


def tied_units(document: str) -> str:
    """A grade, a date, a number with its unit and the like print on one line (``KEPT``): a word
    joiner (U+2060, which prints nothing) where a line could break inside one, and a no-break space
    for a space. The Chinese student edition had broken 21 ("2020年7" / "月", "约 2022" / "年", "20" /
    "分钟"), the English one 2 ("M-" / "H", "一年迭代33" / "次"). Tables keep Chinese ones their own way
    (``tables.keep_cjk_words``): in a table only ``EVERYWHERE`` is kept here.

    >>> tied_units("<p>约 2022年，约 20 分钟，第 5–8 周，M-H</p><table><td>2022年，14 Jul 2020 (H)</td></table>")
    '<p>约 2022\u2060年，约 20\xa0分\u2060钟，第 5–\u20608\xa0周，M-\u2060H</p><table><td>2022年，14\xa0Jul\xa02020\xa0(H)</td></table>'
    >>> tied_units("<p>u = d ÷ (m − d)</p>")
    '<p>u = d ÷ (m\xa0−\xa0d)</p>'
    >>> tied_units("<p>以“短视频+直播”为核心</p><table><td>2020年7月16日（M-H）</td><td>11–13</td></table>")
    '<p>以“短\u2060视\u2060频\u2060+\u2060直\u2060播”为核心</p><table><td>2020年7月16日\u2060（M-\u2060H）</td><td>11–\u206013</td></table>'
    """
    pieces = TABLE.split(document)
    return "".join(_spans(piece, IN_TABLES if index % 2 else KEPT, _joined) for index, piece in enumerate(pieces))


def _joined(match: re.Match) -> str:
    kept = JOINS.sub(JOINER, match.group(0).replace(" ", "\u00a0"))
    return JOINER + kept if kept.startswith("（") else kept  # a full-width bracket stays with what it follows


# Inline code that is one hyphenated word: a file name, which a line must not break at its hyphen.
HYPHENATED_CODE = re.compile(r"<code>([^<\s]*-[^<\s]*)</code>")


def unbroken_paths(document: str) -> str:
    """Inline code that is a single hyphenated word (``exercises/01-content-engine.ipynb``) is marked
    unbreakable: the print once broke it as "exercises/01-content-" / "engine.ipynb". Code blocks and
    code with spaces (a call, which may break between its arguments) are left as they are.

    >>> unbroken_paths("<p>open <code>exercises/01-content-engine.ipynb</code>, then <code>f(a, b-1)</code></p>")
    '<p>open <code class="unbroken">exercises/01-content-engine.ipynb</code>, then <code>f(a, b-1)</code></p>'
    """
    return HYPHENATED_CODE.sub(r'<code class="unbroken">\1</code>', document)


# An address's pieces: up to a slash that is not part of "//" (the next piece starts with it).
ADDRESS_PIECE = re.compile(r"(?:[^/]|//)+|/(?:[^/]|//)*")


def url_pieces(url: str, longest: int = 70) -> list[str]:
    """Where a printed web address may break: before each single slash, and in a piece longer than
    ``longest`` characters before a hyphen, as the Chicago Manual advises (a closing slash stays with
    the piece before it). The template prints each piece unbroken; a line ending on the address's own
    hyphen ("a-new-e-" / "commerce") would read as a word hyphenated by the line break.

    >>> url_pieces("technode.com/2020/07/16/wechat-is-testing-a-new-e-commerce-mini-program-feature/")
    ['technode.com', '/2020', '/07', '/16', '/wechat-is-testing-a-new-e-commerce-mini-program-feature/']
    >>> url_pieces("https://example.com/a-long-title", longest=8)
    ['https://example.com', '/a-long', '-title']
    """
    pieces = []
    for piece in ADDRESS_PIECE.findall(url):
        words = re.split(r"(?=-)", piece)
        current = words[0]
        for word in words[1:]:
            if len(current) + len(word) > longest:
                pieces.append(current)
                current = word
            else:
                current += word
        pieces.append(current)
    if len(pieces) > 1 and pieces[-1] == "/":
        pieces[-2:] = [pieces[-2] + "/"]
    return pieces


# What word joiners tie: the characters from a joiner on (each joined one with the number or Latin
# word it starts), and before the first joiner, such a word or else one character.
TIED_FROM = re.compile(r"(?:\u2060[^\s<>\u2060][0-9A-Za-z.,%–-]*)+")
WORD_BEFORE = re.compile(r"[0-9A-Za-z.,%–-]+$")
NOT_TIED = frozenset(" \t\r\n\u00a0<>")


def screen_ties(document: str) -> str:
    """The HTML edition as read on screen: each run of characters the print ties with word joiners
    becomes a ``tie`` span (one line, by the style), so that text copied from the page holds no
    invisible characters ("2021年1月" pasted into a search box or a sheet); joiners in markup go.

    >>> screen_ties('<p title="M-\u2060H">约 2022\u2060年，第 5–\u20608\xa0周，M-\u2060H，21–\u206022 Jan。</p>')
    '<p title="M-H">约 <span class="tie">2022年</span>，第 <span class="tie">5–8</span>\xa0周，<span class="tie">M-H</span>，<span class="tie">21–22</span> Jan。</p>'
    """
    # Found joiner by joiner, not by splitting the document: this runs on every build, on megabytes.
    out, done, at = [], 0, document.find(JOINER)
    while at != -1:
        tied = TIED_FROM.match(document, at)
        word = WORD_BEFORE.search(document, max(done, at - 40), at)
        start = word.start() if word else at - 1
        if (tied is None or start < done or document[start] in NOT_TIED
                or document.rfind("<", 0, at) > document.rfind(">", 0, at)):  # in markup
            out.append(document[done:at])
            done = at + 1
        else:
            run = document[start:tied.end()].replace(JOINER, "")
            out += [document[done:start], '<span class="tie">', run, "</span>"]  # i18n: not translated (markup)
            done = tied.end()
        at = document.find(JOINER, done)
    out.append(document[done:])
    return "".join(out)
