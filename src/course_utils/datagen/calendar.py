"""The 2024 trading calendar of the fictional tea brand: campaign windows and demand.

Shared by the customer, order and live-session generators so that first
purchases, repeat orders and live themes peak on the same days: the Spring
Festival gift season (festival on 10 February 2024), the new-season spring tea
(明前茶) before Qingming, Children's Day (1 June), the 618 festival (18 June),
the Mid-Autumn gift season (festival on 17 September) and Double 11 (11 November).
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np

YEAR_START = date(2024, 1, 1)
YEAR_END = date(2024, 12, 31)
DAYS = (YEAR_END - YEAR_START).days + 1

# (theme, first day, last day, demand multiplier): the campaign windows.
WINDOWS = (
    ("spring_festival", date(2024, 1, 15), date(2024, 2, 7), 1.9),
    ("new_season", date(2024, 3, 15), date(2024, 4, 30), 1.35),
    ("childrens_day", date(2024, 5, 27), date(2024, 6, 1), 1.6),
    ("618", date(2024, 6, 2), date(2024, 6, 18), 2.4),
    ("mid_autumn", date(2024, 9, 1), date(2024, 9, 15), 1.6),
    ("double11", date(2024, 10, 20), date(2024, 11, 11), 2.6),
)
# Single days with an extra spike (the festival day itself).
PEAK_DAYS = {date(2024, 6, 18): 2.0, date(2024, 11, 11): 2.5, date(2024, 10, 21): 1.5, date(2024, 12, 12): 1.6}
# Couriers stop over the Spring Festival holiday, so orders fall away.
QUIET = (date(2024, 2, 8), date(2024, 2, 17), 0.35)


def day(index: int) -> date:
    """The calendar date of day ``index`` (0 = 1 January 2024).

    >>> day(0), day(365)
    (datetime.date(2024, 1, 1), datetime.date(2024, 12, 31))
    """
    return YEAR_START + timedelta(days=int(index))


def theme_of(when: date) -> str:
    """The campaign a date falls in (``"regular"`` outside every window).

    >>> theme_of(date(2024, 6, 18)), theme_of(date(2024, 7, 18))
    ('618', 'regular')
    """
    for theme, first, last, _ in WINDOWS:
        if first <= when <= last:
            return theme
    return "regular"


def demand_weights() -> np.ndarray:
    """Relative daily demand for 2024 (mean 1), one value per day."""
    weights = np.ones(DAYS)
    for index in range(DAYS):
        when = day(index)
        for _, first, last, multiplier in WINDOWS:
            if first <= when <= last:
                weights[index] *= multiplier
        weights[index] *= PEAK_DAYS.get(when, 1.0)
        if QUIET[0] <= when <= QUIET[1]:
            weights[index] *= QUIET[2]
        if when.weekday() >= 5:  # weekends sell a little more
            weights[index] *= 1.12
    return weights / weights.mean()
