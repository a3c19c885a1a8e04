"""What the public checks expect, read from a table: never computed in the learner's library.

A public check needs the right answer on its own small data, and the answers the known
mistakes give there, to say which mistake was made. Code that computes them would be a
worked solution in every learner's bundle, one that runs on the course's data as well.
The instructor's references compute them (``instructor/references.py``); ``course
exercises`` writes what each check asks of them to ``expected.json`` beside this module,
and checks it against them. A call is found by its reference's name and its arguments.

>>> call_key("payback", (0.5,), {"pooled": False}) == call_key("payback", (0.5,), {"pooled": False})
True
>>> call_key("payback", (0.5,), {}) == call_key("payback", (0.25,), {})
False
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from importlib import resources

TABLE = "expected.json"
PAIRS = "pairs"  # how a mapping is kept: its items in order, so keys stay numbers where they were


# Each reference's keyword arguments with their defaults: a call is the same call whether a default is
# given or left out. (``tests/exercises/test_expected.py`` holds them to the references' signatures.)
DEFAULTS = {"contribution": {"mistake": ""},
            "kol": {"like_for_like": False, "weights": "kol", "totals": False, "refunds": True, "gmv_only": False,
                    "one_host_counted": False},
            "window": {"censor": True, "window": True, "inclusive": True, "measure": "repeat", "keep_refunds": False},
            "lift": {}, "per_thousand": {"pooled": True}, "payback": {"pooled": True, "margin": True, "coupons": True},
            "quarters": {"pooled": True}}


def call_key(name: str, args: tuple, flags: dict) -> str:
    """The table's key for ``name(*args, **flags)``: the name, and a digest of the arguments as JSON."""
    text = json.dumps([list(args), sorted({**DEFAULTS[name], **flags}.items())], sort_keys=True, ensure_ascii=True)
    return f"{name}:{hashlib.sha256(text.encode('ascii')).hexdigest()[:20]}"


def encode(value):
    """A reference's result as JSON: numbers as they are, tuples as lists, a mapping as its pairs.

    >>> encode({1: (2, 0.5)})
    {'pairs': [[1, [2, 0.5]]]}
    """
    if isinstance(value, dict):
        return {PAIRS: [[encode(key), encode(item)] for key, item in value.items()]}
    if isinstance(value, (tuple, list)):
        return [encode(item) for item in value]
    return value


def decode(value):
    """What :func:`encode` kept, as the reference gave it (lists as tuples).

    >>> decode(encode({1: (2, 0.5), "a": 0.25}))
    {1: (2, 0.5), 'a': 0.25}
    """
    if isinstance(value, dict):
        return {decode(key): decode(item) for key, item in value[PAIRS]}
    if isinstance(value, list):
        return tuple(decode(item) for item in value)
    return value


@lru_cache(maxsize=1)
def _table() -> dict:
    return json.loads(resources.files("course_utils.exercises").joinpath(TABLE).read_text(encoding="utf-8"))


def recorded(name: str, *args, **flags):
    """What the reference ``name`` gives for these arguments, as recorded in the table."""
    return decode(_table()[call_key(name, args, flags)])
