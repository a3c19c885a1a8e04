"""Which characters are Chinese: one definition for every module that handles mixed text.

``HAN`` and ``CJK`` are the bodies of regular-expression character classes, to be
combined with others (``f"[A-Za-z{HAN}]"``); ``HAN_CHAR`` finds one ideograph.

>>> bool(HAN_CHAR.search("Channels (视频号)")), bool(HAN_CHAR.search("Channels: 4% of sales, weeks 1–4"))
(True, False)
>>> [bool(CJK_CHAR.match(c)) for c in "视，“A"]  # “ is shared with Latin text: not CJK by itself
[True, True, False, False]
"""

from __future__ import annotations

import re
import unicodedata

# Ideographs: extension A, the unified block, compatibility ideographs.
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# CJK punctuation (、。「」) and full-width forms (，：！): they carry their own space.
CJK_PUNCTUATION = "\u3000-\u303f\uff00-\uffef"
# Ideographs with radicals, CJK punctuation and full-width forms.
CJK = "\u2e80-\u2fff" + HAN + CJK_PUNCTUATION

# WeChat's components, by the network model's keys: proper names, shown beside the English name in
# every language (so data rather than messages), and never broken across lines in a table.
WECHAT_NAMES = {"search": "搜一搜", "moments": "朋友圈", "channels": "视频号", "live": "直播",
                "official_accounts": "公众号", "wecom": "企业微信", "groups": "微信群", "mini_programs": "小程序",
                "channels_store": "视频号小店", "pay": "微信支付"}

# Chinese line-breaking rules (kinsoku): what a line may not start with, and may not end with.
# Straight quotes are curled later in the book, so either may open or close: never broken beside.
NO_LINE_START = frozenset("）」』》〉】〕”’，。、；：！？…·%)]}>,.;:!?\"'")
NO_LINE_END = frozenset("（「『《〈【〔“‘([{<\"'")

HAN_CHAR = re.compile(f"[{HAN}]")
CJK_CHAR = re.compile(f"[{CJK}]")
CJK_PUNCTUATION_CHAR = re.compile(f"[{CJK_PUNCTUATION}]")


def columns(text: str) -> int:
    """The columns ``text`` takes in monospaced code: a wide character (Chinese, full-width punctuation)
    takes two, as the CJK face sets it about twice as wide as a Latin code character.

    >>> columns("GPM（成交额）"), columns("gpm(x)")
    (13, 6)
    """
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def date_pattern(number: str = r"\d{1,2}", year: str = r"\d{4}", quarter: str = r"\d") -> str:
    """The body of a regular expression for a Chinese date, which is written and set as one unit:
    2020年7月14日, 2022年第4季度, 1月21–22日. ``number`` is a month's or a day's number, ``year`` a
    year's, ``quarter`` a quarter's (the translation lint lets a placeholder stand for each).

    >>> [bool(re.fullmatch(date_pattern(), d)) for d in ("2020年7月14日", "2022年第4季度", "1月21–22日", "3年")]
    [True, True, True, False]
    """
    return (f"{year}年(?:第{quarter}季度|{number}月(?:{number}(?:[–-]{number})?日)?)?"
            f"|{number}月{number}(?:[–-]{number})?日")
