"""The private-domain (私域) funnel: from a public-domain view to a repeat purchase.

Steps: view → follow → add WeCom (企业微信) → join group → first purchase in the
Mini Program (小程序) → repurchase. Each step rate is the share of the people at
the previous step who take this step, so

    people at step k = views × rate_1 × rate_2 × … × rate_k

and leakage at step k = people at step k−1 − people at step k.

**The step worth improving first** (definition used in the course): raise one
step's rate by the same uplift, holding every other rate fixed, either by
``uplift`` percentage points (``mode="points"``: rate + uplift) or by ``uplift``
per cent of its current value (``mode="relative"``: rate × (1 + uplift)), capped
at 100 %; the step worth improving first is the one whose uplift adds the most
to the chosen outcome, repeat customers or gross profit. It ignores what the
uplift costs to achieve: a manager still has to price each improvement.

>>> people = funnel_counts(100_000, follow=0.05, add_wecom=0.2, join_group=0.5,
...                        first_purchase=0.2, repurchase=0.3)
>>> [round(p, 1) for p in people]
[100000.0, 5000.0, 1000.0, 500.0, 100.0, 30.0]
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from course_utils import validate
from course_utils.errors import CourseInputError
from course_utils.i18n import Translator

tr = Translator("hub")

STEPS = ("view", "follow", "add_wecom", "join_group", "first_purchase", "repurchase")
RATE_STEPS = STEPS[1:]
MODES = ("points", "relative")
OBJECTIVES = ("repeat_customers", "profit")
_TIE = 1e-9


def step_rates(**rates: object) -> dict[str, float]:
    """Check the five step rates (each between 0 and 1) and return them in funnel order."""
    extra = sorted(set(rates) - set(RATE_STEPS))
    if extra:
        raise CourseInputError(tr.gettext("{name} is not a step of the funnel; the steps are {steps}.",
                                          name=extra[0], steps=", ".join(RATE_STEPS)), extra[0])
    missing = [step for step in RATE_STEPS if step not in rates]
    if missing:
        raise CourseInputError(tr.gettext("The funnel needs a rate for the step {name}.", name=missing[0]), missing[0])
    return {step: validate.rate(step, rates[step]) for step in RATE_STEPS}


def _mapping(rates: object) -> Mapping[str, object]:
    """``rates`` as given to the table functions: a dict of step rates, not None or text."""
    if not isinstance(rates, Mapping):
        raise CourseInputError(tr.gettext("{name} should be a dict of step rates, such as {example}; got {kind}.",
                                          name="rates", example='{"follow": 0.05, ...}', kind=type(rates).__name__), "rates")
    return rates


def funnel_counts(views: float, **rates: float) -> list[float]:
    """People at each of the six steps (see the module docstring for the formula)."""
    people = [validate.non_negative("views", views)]
    for rate in step_rates(**rates).values():
        people.append(people[-1] * rate)
    return people


def funnel_table(views: float, **rates: float) -> pd.DataFrame:
    """The funnel as a table: people, step rate, share of views and leakage at each step.

    >>> table = funnel_table(1000, follow=0.1, add_wecom=0.5, join_group=0.5,
    ...                      first_purchase=0.4, repurchase=0.5)
    >>> table["lost"].tolist()
    [0.0, 900.0, 50.0, 25.0, 15.0, 5.0]
    """
    checked = step_rates(**_mapping(rates))
    people = funnel_counts(views, **checked)
    lost = [0.0] + [before - after for before, after in zip(people, people[1:])]
    total = people[0]
    return pd.DataFrame({
        "step": list(STEPS),
        "step_rate": [float("nan")] + list(checked.values()),
        "people": people,
        "share_of_views": [p / total if total else float("nan") for p in people],
        "lost": lost,
    })


def biggest_leak(table: pd.DataFrame) -> str:
    """The step that loses the most people; when several lose as many, the earliest.

    ``table`` is :func:`funnel_table`'s output. Earliest wins a tie because a
    leak early in the funnel also starves every later step.

    >>> biggest_leak(funnel_table(1000, follow=0.5, add_wecom=0.0, join_group=0.5,
    ...                           first_purchase=0.5, repurchase=0.5))   # both lose 500
    'follow'
    """
    validate.frame("table", table, ["step", "lost"])
    # The first step (views) is where people arrive, so it never counts as a leak.
    rows = [(step, float(lost)) for step, lost in zip(table["step"], table["lost"]) if step != STEPS[0]]
    if not rows:
        raise CourseInputError(tr.gettext("{name} is empty: it needs at least one row.", name="table"), "table")
    steps, lost = [step for step, _ in rows], [value for _, value in rows]
    # The tie rule is in the key, so it does not hang on how a sort orders equal values.
    return steps[max(range(len(steps)), key=lambda index: (lost[index], -index))]


def gross_profit(first_buyers: float, repeat_buyers: float, *, aov: float, margin: float,
                 repeat_orders: float) -> float:
    """Gross profit = (first buyers + repeat buyers × repeat orders each) × AOV × gross margin.

    >>> gross_profit(100, 30, aov=150, margin=0.4, repeat_orders=2)
    9600.0
    """
    first_buyers = validate.non_negative("first_buyers", first_buyers)
    repeat_buyers = validate.non_negative("repeat_buyers", repeat_buyers)
    aov = validate.non_negative("aov", aov)
    margin = validate.rate("margin", margin)
    repeat_orders = validate.non_negative("repeat_orders", repeat_orders)
    return (first_buyers + repeat_buyers * repeat_orders) * aov * margin


def _outcome(people: list[float], objective: str, economics: Mapping[str, float]) -> float:
    if objective == "repeat_customers":
        return people[-1]
    return gross_profit(people[-2], people[-1], **economics)


def _raised(rate: float, uplift: float, mode: str) -> float:
    return min(1.0, rate + uplift if mode == "points" else rate * (1 + uplift))


def step_gains(views: float, rates: Mapping[str, float], *, uplift: float = 0.01, mode: str = "points",
               objective: str = "repeat_customers", aov: float = 150.0, margin: float = 0.4,
               repeat_orders: float = 2.0) -> pd.DataFrame:
    """What the same uplift at each step adds to the outcome (module docstring).

    ``uplift`` is a share: 0.01 means +1 percentage point in ``"points"`` mode and
    +1 % of the current rate in ``"relative"`` mode. Columns: ``step``, ``rate``,
    ``new_rate``, ``outcome`` (after the uplift), ``gain`` (over today's outcome).
    """
    checked = step_rates(**_mapping(rates))
    uplift = validate.number("uplift", uplift, minimum=0, maximum=1)
    mode = validate.one_of("mode", mode, MODES)
    objective = validate.one_of("objective", objective, OBJECTIVES)
    economics = {"aov": aov, "margin": margin, "repeat_orders": repeat_orders}
    base = _outcome(funnel_counts(views, **checked), objective, economics)
    rows = []
    for step, rate in checked.items():
        new_rate = _raised(rate, uplift, mode)
        outcome = _outcome(funnel_counts(views, **{**checked, step: new_rate}), objective, economics)
        rows.append({"step": step, "rate": rate, "new_rate": new_rate, "outcome": outcome,
                     "gain": outcome - base})
    return pd.DataFrame(rows)


def best_steps(gains: pd.DataFrame) -> list[str]:
    """The step(s) worth improving first: the largest gain, with ties all listed.

    A relative uplift multiplies repeat customers by the same factor at every step,
    so in that mode every step ties unless a rate hits its 100 % cap.
    """
    validate.frame("gains", gains, ["step", "gain"])
    top = float(gains["gain"].max())
    if top <= 0:
        return []
    return [step for step, gain in zip(gains["step"], gains["gain"]) if gain >= top - _TIE * max(1.0, abs(top))]


def rate_needed(views: float, rates: Mapping[str, float], step: str, target_repeat: float) -> float:
    """The rate ``step`` would need, others fixed, for ``target_repeat`` repeat customers.

    A result above 1 means the target cannot be reached by that step alone.

    >>> rate_needed(1000, dict(follow=0.1, add_wecom=0.5, join_group=0.5,
    ...             first_purchase=0.4, repurchase=0.5), "repurchase", 10)
    1.0
    """
    checked = step_rates(**_mapping(rates))
    step = validate.one_of("step", step, RATE_STEPS)
    target_repeat = validate.non_negative("target_repeat", target_repeat)
    others = funnel_counts(views, **{**checked, step: 1.0})[-1]
    if others == 0:
        return float("inf") if target_repeat > 0 else 0.0
    return target_repeat / others


def doubling_table(views: float, rates: Mapping[str, float]) -> pd.DataFrame:
    """For each step: today's rate and the rate it alone would need to double repeat customers.

    ``feasible`` is False where the needed rate is above 100 %.

    >>> doubling_table(1000, dict(follow=0.1, add_wecom=0.5, join_group=0.5,
    ...                first_purchase=0.4, repurchase=0.5))["needed"].tolist()
    [0.2, 1.0, 1.0, 0.8, 1.0]
    """
    checked = step_rates(**_mapping(rates))
    target = 2 * funnel_counts(views, **checked)[-1]
    needed = [rate_needed(views, checked, step, target) for step in RATE_STEPS]
    return pd.DataFrame({"step": list(RATE_STEPS), "rate": list(checked.values()), "needed": needed,
                         "feasible": [value <= 1.0 + 1e-12 for value in needed]})
