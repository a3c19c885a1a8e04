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

# Ideographs: extension A, the unified block, compatibility ideographs.
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Ideographs with radicals, CJK punctuation (、。「」) and full-width forms (，：！).
CJK = "\u2e80-\u2fff\u3000-\u303f" + HAN + "\uff00-\uffef"

HAN_CHAR = re.compile(f"[{HAN}]")
CJK_CHAR = re.compile(f"[{CJK}]")
