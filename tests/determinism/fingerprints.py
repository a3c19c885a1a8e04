"""Fingerprints of the models behind every lesson, for the same-results-everywhere guard.

Run as a script (``python tests/determinism/fingerprints.py``) it prints one JSON
object: ``models`` maps each model to the sha256 of its results on the lessons'
inputs, serialised canonically (floats to 10 significant digits, so a last-bit
difference between two SIMD implementations of ``exp`` does not count, while a
different pick among tied scores does); ``numpy`` says which SIMD levels were
switched off and what numpy said about ``NPY_DISABLE_CPU_FEATURES``.
``test_same_results_everywhere.py`` runs it under several environments and
compares the fingerprints.
"""

from __future__ import annotations

import warnings

# numpy reads NPY_DISABLE_CPU_FEATURES when it is first imported: import it first,
# recording what it says about the setting (an ImportWarning, hidden by default).
with warnings.catch_warnings(record=True) as _numpy_warnings:
    warnings.simplefilter("always")
    import numpy as np

import dataclasses  # noqa: E402
import datetime as dt  # noqa: E402
import hashlib  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402

import pandas as pd  # noqa: E402

FLOAT_DIGITS = 10


def canonical(value):
    """``value`` as plain JSON data: floats as text to :data:`FLOAT_DIGITS` digits."""
    if isinstance(value, pd.DataFrame):
        return {"columns": [str(c) for c in value.columns], "index": canonical(list(value.index)),
                "rows": canonical(value.to_numpy(dtype=object).tolist())}
    if isinstance(value, pd.Series):
        return {"index": canonical(list(value.index)), "values": canonical(value.tolist())}
    if isinstance(value, np.ndarray):
        return canonical(value.tolist())
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {field.name: getattr(value, field.name) for field in dataclasses.fields(value)}
        return {type(value).__name__: canonical(fields)}
    if isinstance(value, dict):
        return {str(key): canonical(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [canonical(item) for item in value]
    if isinstance(value, (bool, np.bool_)) or value is None:
        return None if value is None else bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return format(float(value), f".{FLOAT_DIGITS}g")
    if isinstance(value, (pd.Timestamp, dt.date)):
        return value.isoformat()
    return str(value)


def digest(value) -> str:
    text = json.dumps(canonical(value), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def timeline_results():
    from course_utils.datasets import load
    from course_utils.models import timeline

    milestones = load("milestones")
    days = pd.date_range("2020-01-01", "2025-12-31", freq="QE")
    return {"as_of": [timeline.as_of(milestones, day)[["date", "stage", "event"]] for day in days],
            "counts": [timeline.stage_counts(milestones, day) for day in days],
            "growth": [timeline.multiple_from_percent(400), timeline.percent_from_multiple(8)]}


def supply_results():
    from course_utils.models import supply

    scenarios = {"early": (3.0, 0.0), "app": (2.0, 0.3), "templates": (1.0, 0.8)}
    return {"participation": supply.participation(np.linspace(0, 4, 41), benefit=1.0, spread=0.5),
            "flywheel": [supply.flywheel(cost, quality, 24) for cost, quality in scenarios.values()],
            "outcomes": supply.month_outcomes(scenarios)}


def feed_results():
    from course_utils.models import feed

    world = feed.default_world()
    return {"modes": {name: feed.simulate_feed(world, weight) for name, weight in feed.MODES.items()},
            "sweeps": [feed.sweep(world, feed_size=10), feed.sweep(world, feed_size=25, new_creator_boost=0.2)],
            "fatigue": [feed.simulate_feed(world, 0.5, fatigue=f) for f in (0.5, 0.8)]}


def posts_results():
    from course_utils.datasets import load
    from course_utils.models import posts

    content = load("content_posts")
    fit = posts.completion_regression(content)
    return {"features": posts.feature_table(content), "fit": fit.table, "r2": fit.r_squared}


def network_results():
    from course_utils.models import network

    days = sorted({link.date.isoformat() for link in network.LINKS} | {"2022-12-31"})
    summaries = [network.hub_summary(day) for day in days]
    switched = [network.hub_summary("2022-12-31", [key]) for key in network.LINK_KEYS]
    return {"summaries": summaries, "switched_off": switched, "links": network.LINKS,
            "routes": network.purchase_routes(network.hub_graph("2022-07-21"))}


def funnel_results():
    from course_utils.models import funnel

    rates = dict(follow=0.04, add_wecom=0.25, join_group=0.50, first_purchase=0.20, repurchase=0.30)
    table = funnel.funnel_table(100_000, **rates)
    gains = [funnel.step_gains(100_000, rates, uplift=0.01, mode=mode, objective=objective)
             for mode in funnel.MODES for objective in funnel.OBJECTIVES]
    return {"table": table, "gains": gains, "best": [funnel.best_steps(g) for g in gains],
            "leak": funnel.biggest_leak(table), "doubling": funnel.doubling_table(100_000, rates)}


def repurchase_results():
    from course_utils.datasets import load
    from course_utils.models import repurchase

    orders, customers = load("orders"), load("customers")
    windows = ({}, {"end": "2024-06-30"}, {"include_refunded": False})
    touch = repurchase.touchpoint_repurchase(orders, customers)
    return {"rates": [(repurchase.customer_repurchase_rate(orders, **w), repurchase.order_repurchase_rate(orders, **w))
                      for w in windows],
            "cohorts": repurchase.cohort_retention(orders, sizes=True), "touch": touch,
            "scenarios": repurchase.touchpoint_scenarios(touch)}


def live_results():
    from course_utils.datasets import load
    from course_utils.models import live

    sessions = live.session_metrics(load("live_sessions"))
    return {"sessions": sessions, "by_theme": live.metrics_by(sessions, "theme"),
            "by_host": live.metrics_by(sessions, "host"),
            "pnl": [live.session_pnl(20_000, 0.025, 220, discount=d, coupon=c, ad_spend=3_000)
                    for d in (0.0, 0.1) for c in (0, 20)]}


def promotions_results():
    from course_utils.datasets import load
    from course_utils.models import promotions

    orders = load("orders")
    return {"by_channel": promotions.coupon_summary(orders, by="channel"), "all": promotions.coupon_summary(orders),
            "curve": promotions.break_even_curve(0.4, np.linspace(0, 0.5, 26)),
            "flash": promotions.flash_sale(500, 9.9, 30, 8_000, 0.10, 0.25, 200, 0.40),
            "presale": [promotions.presale(2_000, 0.80, rate, 20) for rate in np.arange(0.60, 0.96, 0.05)]}


def scorecard_results():
    from course_utils.models import scorecard

    return {profile: scorecard.score(scorecard.illustrative_features(profile)) for profile in scorecard.PROFILES}


def diagnosis_results():
    from course_utils.datasets import load
    from course_utils.errors import CourseInputError
    from course_utils.models import diagnosis, plan

    profiles = load("capstone_profiles")
    results = {}
    for row in profiles.itertuples():
        figures = diagnosis.figures_from_monthly(load(f"capstone_{row.business}"), float(row.gross_margin))
        found = diagnosis.diagnose(figures, row.business)
        plans = {}
        for focus in diagnosis.STAGES:
            try:
                plans[focus] = plan.draft_plan(found, start=dt.date(2025, 4, 7), ambition=0.5, focus=focus,
                                               family_audience=True)
            except CourseInputError as error:  # a stage with nothing below benchmark has no plan
                plans[focus] = str(error)
        first = plan.draft_plan(found, start=dt.date(2025, 4, 7), ambition=0.5)
        results[row.business] = {"diagnosis": found, "lever": found.lever.key, "plans": plans,
                                 "projection": plan.project(found, first.targets)}
    return results


def datagen_results():
    from course_utils.datagen import generate_all

    with tempfile.TemporaryDirectory(prefix="fingerprint-data-") as folder:
        return {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in generate_all(folder)}


MODELS = {
    "timeline": timeline_results, "supply": supply_results, "feed": feed_results, "posts": posts_results,
    "network": network_results, "funnel": funnel_results, "repurchase": repurchase_results,
    "live": live_results, "promotions": promotions_results, "scorecard": scorecard_results,
    "diagnosis_and_plan": diagnosis_results, "datagen": datagen_results,
}


def numpy_state() -> dict:
    """The SIMD levels numpy was told to switch off, which of them are off, and its warnings."""
    from numpy._core._multiarray_umath import __cpu_dispatch__, __cpu_features__

    asked = os.environ.get("NPY_DISABLE_CPU_FEATURES", "").replace(",", " ").split()
    return {"dispatch": list(__cpu_dispatch__), "asked_off": asked,
            "still_on": [name for name in asked if __cpu_features__.get(name, False)],
            "warnings": [str(w.message) for w in _numpy_warnings if "NPY_" in str(w.message)]}


def fingerprints(names=None) -> dict:
    return {name: digest(MODELS[name]()) for name in (names or MODELS)}


def main(argv: list[str]) -> int:
    json.dump({"models": fingerprints(argv or None), "numpy": numpy_state(),
               "hash_seed": os.environ.get("PYTHONHASHSEED")}, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
