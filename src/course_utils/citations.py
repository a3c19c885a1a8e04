"""Citations ("China Daily, 11 Jan 2023") in the course language.

The data sets cite their sources the way the English edition does: the outlet, a comma
and the date at the precision it is known. In another language the outlet takes its
usual name there (中国日报) and the date is written as that language writes dates
(2023年1月11日); in English a citation is shown exactly as the data set has it.
"""

from __future__ import annotations

import re

from course_utils.i18n import DEFAULT_LANGUAGE, Translator, language
from course_utils.models.timeline import date_label

tr = Translator("common")

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_CITE = re.compile(r"^(?P<outlet>.+?),\s+(?:(?P<day>\d{1,2})\s+)?(?:(?P<month>" + "|".join(MONTHS) + r")\s+)?"
                   r"(?:Q(?P<quarter>[1-4])\s+)?(?P<about>c\.\s+)?(?P<year>\d{4})(?:\s+\((?P<note>[^()]+)\))?$")


# The outlets with another name in some language, marked for the catalogue (the English is the
# name as the data sets cite it); any other outlet keeps its name.
OUTLETS = frozenset({tr.noop("Youzan article"), tr.noop("PingWest"), tr.noop("Zhitong Finance"),
                     tr.noop("KrASIA (SCMP)"), tr.noop("SCMP"), tr.noop("Yicai Global"), tr.noop("China Daily"),
                     tr.noop("China Securities Journal"), tr.noop("36Kr"), tr.noop("WeChat developer documentation"),
                     tr.noop("WeChat developer documentation (capability)"), tr.noop("date a teaching assumption"),
                     tr.noop("announced"), tr.noop("the store's launch"),
                     tr.noop("checkout through WeChat Pay a teaching assumption")})


def outlet_name(outlet: str) -> str:
    """An outlet as readers of the course language know it (the name itself where it has no other)."""
    return tr.gettext(outlet.strip()) if outlet.strip() in OUTLETS else outlet.strip()


def cite_label(cite: str) -> str:
    """``cite`` in the course language; several citations joined by "; " are each translated.

    >>> cite_label("China Daily, 11 Jan 2023"), cite_label("teaching assumption")
    ('China Daily, 11 Jan 2023', 'teaching assumption')
    """
    if language() == DEFAULT_LANGUAGE or not isinstance(cite, str):
        return cite
    return tr.gettext("; ").join(_one(part) for part in cite.split("; "))


def _one(cite: str) -> str:
    found = _CITE.match(cite.strip())
    if not found:
        return outlet_name(cite)
    year = int(found["year"])
    if found["about"]:
        when = tr.gettext("c. {year}", year=year)
    elif found["quarter"]:
        when = date_label(f"{year}-{3 * int(found['quarter']) - 2:02d}-01", "quarter")
    elif found["month"]:
        month = MONTHS.index(found["month"]) + 1
        when = date_label(f"{year}-{month:02d}-{int(found['day'] or 1):02d}", "day" if found["day"] else "month")
    else:
        when = tr.pgettext("a citation's date when only its year is known", "{year}", year=year)
    label = tr.gettext("{outlet}, {when}", outlet=outlet_name(found["outlet"]), when=when)
    # "(announced)": what the outlet dates is the announcement, not the launch.
    return tr.gettext("{citation} ({note})", citation=label, note=outlet_name(found["note"])) if found["note"] else label
