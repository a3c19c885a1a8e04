"""The course's house style for translations, as lints: each says, in words, how a translated
message departs from it (an empty list when it does not). ``course catalogues --check`` runs
them on the library's messages and ``course translate --check`` on the documents'.
"""

from __future__ import annotations

import re

from course_utils.cjk import HAN, date_pattern
from course_utils.i18n import Translator

tr = Translator("instructor")
HAN_COLON = re.compile(f"[{HAN}]:")
# Chinese right against a number or a Latin word ("约90分钟", "UV价值"), emphasis aside: the course sets a
# space between them. A date is one unit, written tight ("2020年1月21日", "{year}年{month}"); code keeps its
# own spacing; and a placeholder is left as written, since it may hold Chinese ("{metric}为{value}"), unless
# its format spec says it holds a number ("每位观众 {uv:.2f} 元").
TIGHT = re.compile(f"[{HAN}]\\*{{0,2}}[0-9A-Za-z]|[0-9A-Za-z%]\\*{{0,2}}[{HAN}]"
                   f"|[{HAN}]\\{{[^{{}}]*:[^{{}}]*\\}}|\\{{[^{{}}]*:[^{{}}]*\\}}[{HAN}]")
_N = r"\{[^{}]*\}"  # a placeholder may stand for a date's numbers ("{year}年{month}")
DATE = re.compile(date_pattern(number=rf"(?:\d{{1,2}}|{_N})", year=rf"(?:\d{{4}}|{_N})", quarter=rf"(?:\d|{_N})")
                  + r"|\d{1,2}月(?!\d)")  # and a month alone ("10月初")
CODE_SPAN = re.compile(r"```.*?```|`[^`\n]*`", re.S)
# A name written as its owner writes it, digits and Chinese together: the outlet 36氪.
NAMES = re.compile("36氪")
# Markdown emphasis on Chinese between Chinese characters, set off by spaces: "本身 *带来* 了" prints two gaps.
SPACED_EMPHASIS = re.compile(f"[{HAN}] (\\*{{1,2}})[{HAN}](?:[^*\\n]*[{HAN}])?\\1 [{HAN}]")


def punctuation_slips(text: str, lang: str) -> list[str]:
    """How a translation breaks the course's Chinese punctuation, in words; none for English.

    The course writes mainland style: quotes “” (‘’ inside), never 「」, a full-width ：
    after a Chinese character, and no space around emphasis between Chinese characters.

    >>> len(punctuation_slips("日期: 点击「核对答案」", "zh")), punctuation_slips("日期：点击“核对答案”", "zh")
    (2, [])
    >>> punctuation_slips("RMB: 5", "zh"), punctuation_slips("「x」: y", "en")
    ([], [])
    >>> len(punctuation_slips("本身 *带来* 了", "zh")), punctuation_slips("本身*带来*了，按 **Shift** 键", "zh")
    (1, [])
    """
    if lang != "zh":
        return []
    slips = []
    if "「" in text or "」" in text:
        slips.append(tr.gettext("quotes with 「」; Chinese text in this course quotes with “” (‘’ inside them)"))
    if HAN_COLON.search(text):
        slips.append(tr.gettext("has a half-width colon after a Chinese character; Chinese text takes the full-width ："))
    if SPACED_EMPHASIS.search(text):
        slips.append(tr.gettext("sets emphasis off with spaces between Chinese characters; Chinese takes none (本身*带来*了)"))
    return slips


def emphasis_slips(source: str, text: str) -> list[str]:
    """A translation whose Markdown emphasis does not render where the source's does, in words: an
    asterisk printed as it is ("增长*超过 *244%": an asterisk after a space opens emphasis, it does not
    close it). Read as the book and the notebooks read it (mistune, nbconvert's Markdown).

    >>> len(emphasis_slips("grew *more than* 244%", "增长*超过 *244%")), emphasis_slips("grew *more than* 244%", "增长*超过* 244%")
    (1, [])
    """
    if _printed_asterisks(text) <= _printed_asterisks(source):
        return []
    return [tr.gettext("prints an asterisk where the English sets emphasis: the asterisk that closes it must "
                       "follow the emphasised word with no space (增长*超过* 244%)")]


def _printed_asterisks(markdown: str) -> int:
    import mistune

    shown = re.sub(r"<(code|pre)\b.*?</\1>", "", mistune.html(markdown), flags=re.S)
    return re.sub(r"<[^>]+>", "", shown).count("*")


def spacing_slips(text: str, lang: str) -> list[str]:
    """How a Chinese translation breaks the course's spacing, in words; none for English.

    A space stands between Chinese and a number or a Latin word; a date is one unit, written
    tight; code and placeholders keep their own spacing.

    >>> len(spacing_slips("约90分钟，UV价值", "zh")), spacing_slips("于 2020年1月21日，约 90 分钟，`x=1`的值", "zh")
    (1, [])
    >>> len(spacing_slips("每位观众{uv:.2f}元", "zh")), spacing_slips("{metric}为{value}，约 {year}年", "zh")
    (1, [])
    >>> spacing_slips("据 36氪报道", "zh")
    []
    """
    if lang != "zh":
        return []
    if TIGHT.search(DATE.sub(" 0 ", NAMES.sub(" x ", CODE_SPAN.sub(" x ", text)))):
        return [tr.gettext("sets Chinese right against a number or a Latin word; the course puts a space between "
                           "them (约 90 分钟, UV 价值), except inside a date (2020年1月21日)")]
    return []


# One Chinese word for each thing, where two were in use: the first is the course's, the second
# what a translation wrote for it. 粉丝 is what people who run Channels accounts say, and a Channels
# post is a video (发帖 is a forum's word); amounts are written "150 元", as in the charts and tables.
WORDING = (("粉丝", "关注者"), ("新增粉丝", "新增关注"), ("元", "¥"), ("结业项目", "综合案例"), ("视频", "发帖"),
           ("每条视频", "每帖"), ("买家数", "购买人数"), ("平台费", "平台费用"), ("好友推荐", "朋友推荐"),
           ("好友点赞", "朋友点赞"),
           # sales ÷ spend is what operators call 投产比; 投资回报率 reads as a net return
           ("投产比", "投资回报率"))


def wording_slips(text: str, lang: str) -> list[str]:
    """Where a Chinese translation uses another word than the course's for the same thing; none
    for English. Code is left as written (a learner may type "¥150000" into a reader).

    >>> wording_slips("关注者中只有 3% 添加企业微信，客单价 ¥150", "zh")  # doctest: +NORMALIZE_WHITESPACE
    ['writes 关注者 where the course writes 粉丝', 'writes ¥ where the course writes 元']
    >>> wording_slips("新增粉丝中只有 3% 添加企业微信，客单价 150 元；`parse('¥150')`", "zh"), wording_slips("¥150", "en")
    ([], [])
    """
    if lang != "zh":
        return []
    prose = CODE_SPAN.sub(" ", text)
    return [tr.gettext("writes {found} where the course writes {word}", found=found, word=word)
            for word, found in WORDING if found in prose]
