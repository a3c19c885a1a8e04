"""The table of what the public checks expect (``exercises/expected.json``), made from the references.

Each reference is called on the arguments the checks give it, with every combination of the
values its keywords take in the checks, so that any mistake a check looks up is there.
``course exercises`` writes the table; ``course exercises --check`` and the tests compare.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

from course_utils.exercises import commerce, commerce_kol, content_creators, diagnosis, hub
from course_utils.exercises.expected import TABLE, call_key, encode
from course_utils.instructor.references import REFERENCES

# The values each reference's keywords take in the checks' calls.
FLAGS = {"contribution": {"mistake": ("", "refunds_kept", "refunds_after_rates", "rates_in_turn", "fee_on_gmv",
                                      "cogs_on_gmv", "no_coupon", "no_ads", "no_costs")},
         "kol": {"like_for_like": (False, True), "weights": ("kol", "sessions", "none"), "totals": (False, True),
                 "refunds": (True, False), "gmv_only": (False, True), "one_host_counted": (False, True)},
         "window": {"measure": ("repeat", "value"), "censor": (True, False), "window": (True, False),
                    "inclusive": (True, False), "keep_refunds": (False, True)},
         "lift": {}, "per_thousand": {"pooled": (True, False)},
         "payback": {"pooled": (True, False), "margin": (True, False), "coupons": (True, False)},
         "quarters": {"pooled": (True, False)}}


def arguments() -> dict[str, list[tuple]]:
    """Each reference's positional arguments in the checks' calls, from the checks' own data."""
    return {"contribution": list(commerce.CONTRIBUTION_SESSIONS),
            "kol": list(commerce_kol.KOL_RATES),
            "window": [(hub.COHORT, days) for days in hub.WINDOW_DAYS],
            "lift": [(content_creators.MIXED_HOOK_ROWS,)],
            "per_thousand": [(content_creators.REACH_ROWS, column) for column in content_creators.ENGAGEMENT],
            "payback": [(margin,) for margin in diagnosis.PAYBACK_MARGINS],
            "quarters": [(diagnosis.YEAR_TOP, diagnosis.YEAR_BOTTOM)]}


def table() -> dict:
    """Every recorded call by its key (:func:`call_key`), sorted."""
    found = {}
    for name, calls in arguments().items():
        keywords = FLAGS[name]
        for args, values in itertools.product(calls, itertools.product(*keywords.values())):
            flags = dict(zip(keywords, values))
            found[call_key(name, args, flags)] = encode(REFERENCES[name](*args, **flags))
    return dict(sorted(found.items()))


def table_text() -> str:
    """The table as the file holds it."""
    return json.dumps(table(), indent=0, sort_keys=True, allow_nan=False) + "\n"


def table_path() -> Path:
    """The table in the course's source tree (beside ``exercises/expected.py``)."""
    return Path(commerce.__file__).with_name(TABLE)


def write_table(check_only: bool = False) -> bool:
    """Write the table (or, with ``check_only``, compare); True when the file was not what it should be."""
    path, text = table_path(), table_text()
    stale = not path.is_file() or path.read_text(encoding="utf-8") != text
    if stale and not check_only:
        path.write_text(text, encoding="utf-8")
    return stale
