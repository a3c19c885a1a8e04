"""What goes with a post being watched to the end: grouped means and a least-squares fit.

Completion rate (完播率) = views watched to the end ÷ views. These helpers describe
the ``content_posts`` data set; they measure association, not cause: a post with a
strong hook may also come from a practised creator, and the data are synthetic.

>>> import pandas as pd
>>> toy = pd.DataFrame({"hook_3s": [True, True, False, False],
...                     "completion_rate": [0.5, 0.7, 0.2, 0.4]})
>>> completion_by(toy, "hook_3s")[["group", "posts", "mean_completion"]].to_dict("records")
[{'group': 'no', 'posts': 2, 'mean_completion': 0.3}, {'group': 'yes', 'posts': 2, 'mean_completion': 0.6}]
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from course_utils import validate
from course_utils.errors import CourseInputError
from course_utils.i18n import Translator

tr = Translator("content")

FEATURES = ("hook_3s", "subtitles", "length_band", "hour_band", "friend_likes_band")
# Band labels are category values in the data the learner's own code compares against.
LENGTH_BANDS = ((0, 15, "up to 15 s"), (16, 30, "16-30 s"), (31, 60, "31-60 s"),  # i18n: not translated (data values)
                (61, 10**9, "over 60 s"))
HOUR_BANDS = ((0, 6, "night 0-6h"), (7, 11, "morning 7-11h"), (12, 17, "afternoon 12-17h"),
              (18, 23, "evening 18-23h"))
FRIEND_BANDS = ((0, 0, "none"), (1, 2, "1-2"), (3, 9, "3-9"), (10, 10**9, "10 or more"))  # i18n: not translated (data values)


def band(value: float, bands) -> str:
    """The label of the band ``(low, high, label)`` holding ``value`` (ends inclusive).

    >>> band(45, LENGTH_BANDS)
    '31-60 s'
    """
    value = validate.non_negative("value", value)
    for low, high, label in bands:
        if low <= value <= high:
            return label
    raise CourseInputError(tr.gettext("{value} does not fall in any band; check the value.", value=value), "value")


def add_bands(posts: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``posts`` with ``length_band``, ``hour_band`` and ``friend_likes_band``."""
    posts = validate.frame("posts", posts, ["length_s", "hour", "friend_likes"])
    out = posts.copy()
    out["length_band"] = _cut(out["length_s"], LENGTH_BANDS, "length_s")
    out["hour_band"] = _cut(out["hour"], HOUR_BANDS, "hour")
    out["friend_likes_band"] = _cut(out["friend_likes"], FRIEND_BANDS, "friend_likes")
    return out


def _cut(series: pd.Series, bands, name: str) -> pd.Categorical:
    values = pd.to_numeric(series, errors="coerce")
    if values.isna().any() or (values < 0).any():
        raise CourseInputError(tr.gettext("{name} should hold numbers of 0 or more in every row; some are missing, "
                                          "text or negative.", name=name), name)
    edges = [bands[0][0] - 0.5] + [high + 0.5 for _, high, _ in bands]
    return pd.cut(values, edges, labels=[label for _, _, label in bands])


def completion_by(posts: pd.DataFrame, feature: str) -> pd.DataFrame:
    """Posts, mean and median completion rate for each value of ``feature``.

    Columns: ``feature``, ``group`` (yes/no for true/false features), ``posts``,
    ``mean_completion``, ``median_completion``.
    """
    posts = validate.frame("posts", posts, ["completion_rate"])
    if not isinstance(feature, str) or feature not in posts.columns:
        raise CourseInputError(tr.gettext("{name} should name a column of {frame}, such as {examples}; got {value}.",
                                          name="feature", frame="posts", examples='"hook_3s" or "creator_type"',
                                          value=repr(feature) if isinstance(feature, str) else type(feature).__name__),
                               "feature")
    rates = pd.to_numeric(posts["completion_rate"], errors="coerce")
    if rates.isna().any() or not rates.between(0, 1).all():
        raise CourseInputError(tr.gettext("completion_rate should hold rates between 0 and 1 in every row."), "posts")
    keys = posts[feature]
    if keys.dtype == bool:
        keys = keys.map({True: "yes", False: "no"})
    grouped = rates.groupby(keys, observed=True)
    table = pd.DataFrame({"posts": grouped.size(), "mean_completion": grouped.mean().round(4),
                          "median_completion": grouped.median().round(4)})
    table = table.reset_index(names="group")
    table.insert(0, "feature", feature)
    return table


def feature_table(posts: pd.DataFrame) -> pd.DataFrame:
    """:func:`completion_by` for every feature of :data:`FEATURES`, stacked (bands added)."""
    banded = add_bands(posts)
    return pd.concat([completion_by(banded, feature) for feature in FEATURES], ignore_index=True)


@dataclass(frozen=True)
class Fit:
    """A least-squares fit: coefficient table, R², observations."""

    table: pd.DataFrame
    r_squared: float
    n: int


def ols(X: pd.DataFrame, y: pd.Series) -> Fit:
    """Ordinary least squares ``y = X b + e`` with classical standard errors.

    b minimises the sum of squared residuals; se = sqrt(diag(s² (XᵀX)⁻¹)) with
    s² = RSS / (n − k); R² = 1 − RSS / TSS.

    >>> X = pd.DataFrame({"const": [1.0, 1, 1, 1], "x": [0.0, 1, 2, 3]})
    >>> fit = ols(X, pd.Series([1.0, 3, 5, 7]))      # y = 1 + 2x exactly
    >>> fit.table["coef"].round(6).tolist(), round(fit.r_squared, 6)
    ([1.0, 2.0], 1.0)
    """
    X = validate.frame("X", X)
    values = X.to_numpy(dtype=float)
    target = pd.to_numeric(pd.Series(y), errors="coerce").to_numpy(dtype=float)
    n, k = values.shape
    if len(target) != n:
        raise CourseInputError(tr.gettext("X has {rows} rows but y has {values} values: they should match one for "
                                          "one.", rows=n, values=len(target)), "y")
    if not (np.isfinite(values).all() and np.isfinite(target).all()):
        raise CourseInputError(tr.gettext("X and y should hold finite numbers only (no blanks, NaN or infinity)."), "X")
    if n <= k or np.linalg.matrix_rank(values) < k:
        raise CourseInputError(tr.gettext("A fit with {columns} terms needs more than {columns} rows whose columns "
                                          "are not copies of each other; got {rows} rows.", rows=n, columns=k), "X")
    coef, *_ = np.linalg.lstsq(values, target, rcond=None)
    residuals = target - values @ coef
    rss = float(residuals @ residuals)
    tss = float(((target - target.mean()) ** 2).sum())
    s2 = rss / (n - k)
    se = np.sqrt(np.diag(s2 * np.linalg.inv(values.T @ values)))
    with np.errstate(divide="ignore", invalid="ignore"):
        t = np.where(se > 0, coef / se, np.inf)
    table = pd.DataFrame({"term": list(X.columns), "coef": coef, "std_error": se, "t": t})
    return Fit(table, 1.0 - rss / tss if tss > 0 else 1.0, n)


def design_matrix(posts: pd.DataFrame) -> pd.DataFrame:
    """Regressors for completion: hook, subtitles, doublings of length, evening, log(1 + friend likes).

    ``log2_length`` = log2(length_s / 30): +1 means twice as long as a 30-second post;
    ``evening`` is 1 for posts published 18:00-23:59.
    """
    posts = validate.frame("posts", posts, ["hook_3s", "subtitles", "length_s", "hour", "friend_likes"])
    numeric = {name: pd.to_numeric(posts[name], errors="coerce")
               for name in ("length_s", "hour", "friend_likes")}
    for name, column in numeric.items():
        if column.isna().any() or (column < 0).any():
            raise CourseInputError(tr.gettext("{name} should hold numbers of 0 or more in every row; some are "
                                              "missing, text or negative.", name=name), name)
    return pd.DataFrame({
        "const": 1.0,
        "hook_3s": posts["hook_3s"].astype(float),
        "subtitles": posts["subtitles"].astype(float),
        "log2_length": np.log2(numeric["length_s"].clip(lower=1) / 30.0),
        "evening": (numeric["hour"] >= 18).astype(float),
        "log1p_friend_likes": np.log1p(numeric["friend_likes"].astype(float)),
    })


def completion_regression(posts: pd.DataFrame) -> Fit:
    """Least-squares fit of completion rate on :func:`design_matrix` (association only)."""
    posts = validate.frame("posts", posts, ["completion_rate"])
    return ols(design_matrix(posts), posts["completion_rate"])
