"""Creator supply: who posts when creating gets cheaper, and the content flywheel.

The model of lesson 1. A community of ``users`` would-be creators each weigh the
value of the attention a post brings against the effort of making it.

*Participation.* Person *i* posts when ``benefit + e_i > cost``, where ``e_i`` is a
personal taste for posting, logistic with scale ``spread``. The share who post is
then the logistic participation curve

    participation = 1 / (1 + exp(-(benefit - cost) / spread))

*Templates.* Editing templates (剪辑模板) cut the effort of a post by
``template_saving × template_quality`` and make posts more watchable, multiplying
engagement per viewer by ``1 + quality_boost × template_quality``.

*Flywheel* (creators → content → viewers → engagement → creators), month by month:

- benefit(t) = base_benefit + audience_value × engagement(t-1) / users
- community(t) = community(t-1) + adoption_speed × ((users − seed) × participation(t) − community(t-1))
- creators(t) = seed_creators + community(t) (organisations and KOLs post regardless)
- posts(t) = creators(t) × posts_per_creator
- viewers(t) = users × x / (x + half_saturation), with x = posts(t) / users
- engagement(t) = viewers(t) × (1 + quality_boost × template_quality)

Costs and benefits are in hours of effort per post. The numbers are illustrative
defaults for teaching, not estimates for WeChat.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from course_utils import validate
from course_utils.errors import CourseInputError
from course_utils.i18n import Translator

tr = Translator("content")


def participation(cost, benefit: float = 1.0, spread: float = 0.5):
    """Share of would-be creators who post: ``1 / (1 + exp(-(benefit - cost) / spread))``.

    ``cost`` may be a number or a numpy array of costs (hours per post).

    >>> round(participation(1.0, benefit=1.0), 3)   # cost equals the typical benefit
    0.5
    >>> round(participation(3.0, benefit=1.0, spread=0.5), 4)   # a 3-hour video
    0.018
    """
    benefit = validate.number("benefit", benefit)
    spread = validate.positive("spread", spread)
    if isinstance(cost, np.ndarray):
        costs = cost.astype(float)
        if costs.size == 0:
            raise CourseInputError(tr.gettext("cost holds no values: give at least one cost of creating (hours per "
                                              "post)."), "cost")
        bad = costs[~(np.isfinite(costs) & (costs >= 0))]
        if bad.size:
            validate.non_negative("cost", float(bad[0]))
        return 1.0 / (1.0 + np.exp(-(benefit - costs) / spread))
    cost = validate.non_negative("cost", cost)
    return float(1.0 / (1.0 + np.exp(-(benefit - cost) / spread)))


def effective_cost(cost: float, template_quality: float, template_saving: float = 0.6) -> float:
    """Hours per post after templates: ``cost × (1 − template_saving × template_quality)``.

    >>> effective_cost(3.0, 0.5)
    2.1
    """
    cost = validate.non_negative("cost", cost)
    template_quality = validate.rate("template_quality", template_quality)
    template_saving = validate.rate("template_saving", template_saving)
    return round(cost * (1.0 - template_saving * template_quality), 12)


@dataclass(frozen=True)
class FlywheelParams:
    """The community and behaviour assumed by :func:`flywheel` (defaults for teaching)."""

    users: int = 100_000            # would-be creators, who are also the potential viewers
    seed_creators: int = 500        # organisations and KOLs posting from day one
    base_benefit: float = -1.5      # posting to no audience: most people are reluctant (hours)
    audience_value: float = 1.0     # hours worth spending when the whole community engages
    spread: float = 0.8             # spread of personal taste for posting (hours)
    adoption_speed: float = 0.35    # share of the gap to the target closed each month
    posts_per_creator: float = 4.0  # posts per active creator per month
    half_saturation: float = 0.05   # posts per user per month at which half the users watch
    template_saving: float = 0.6    # share of effort the best templates save
    quality_boost: float = 0.5      # engagement lift from the best templates

    def checked(self) -> "FlywheelParams":
        """Validate every field; raise CourseInputError naming the bad one."""
        users = validate.whole("users", self.users, minimum=1)
        validate.whole("seed_creators", self.seed_creators, minimum=0, maximum=users)
        validate.number("base_benefit", self.base_benefit)
        validate.non_negative("audience_value", self.audience_value)
        validate.positive("spread", self.spread)
        validate.rate("adoption_speed", self.adoption_speed)
        validate.positive("posts_per_creator", self.posts_per_creator)
        validate.positive("half_saturation", self.half_saturation)
        validate.rate("template_saving", self.template_saving)
        validate.non_negative("quality_boost", self.quality_boost)
        return self


def flywheel(cost: float, template_quality: float = 0.0, months: int = 12,
             params: FlywheelParams | None = None) -> dict[str, np.ndarray]:
    """Simulate the content flywheel month by month (definitions in the module docstring).

    Returns arrays indexed by month 1..``months``: ``month``, ``benefit``,
    ``participation``, ``creators``, ``posts``, ``viewers``, ``engagement``.

    >>> early = flywheel(cost=3.0)                       # no in-app tools
    >>> easy = flywheel(cost=1.0, template_quality=0.8)  # templates inside the app
    >>> bool(easy["creators"][-1] > 5 * early["creators"][-1])
    True
    """
    params = (params or FlywheelParams()).checked()
    months = validate.whole("months", months, minimum=1, maximum=240)
    hours = effective_cost(cost, template_quality, params.template_saving)
    lift = 1.0 + params.quality_boost * template_quality
    users = float(params.users)

    out = {key: np.empty(months) for key in
           ("benefit", "participation", "creators", "posts", "viewers", "engagement")}
    seed = float(params.seed_creators)
    community = 0.0
    engagement = _engagement(seed, users, lift, params)
    for t in range(months):
        benefit = params.base_benefit + params.audience_value * engagement / users
        share = 1.0 / (1.0 + np.exp(-(benefit - hours) / params.spread))
        community += params.adoption_speed * ((users - seed) * share - community)
        creators = seed + community
        engagement = _engagement(creators, users, lift, params)
        posts = creators * params.posts_per_creator
        out["benefit"][t] = benefit
        out["participation"][t] = creators / users
        out["creators"][t] = creators
        out["posts"][t] = posts
        out["viewers"][t] = engagement / lift
        out["engagement"][t] = engagement
    out["month"] = np.arange(1, months + 1)
    return out


def _engagement(creators: float, users: float, lift: float, params: FlywheelParams) -> float:
    # Viewers saturate: the first posts draw people in, later ones compete for the same eyes.
    per_user = creators * params.posts_per_creator / users
    viewers = users * per_user / (per_user + params.half_saturation)
    return viewers * lift


def month_outcomes(scenarios: dict[str, tuple[float, float]], months: int = 12,
                   params: FlywheelParams | None = None) -> list[dict[str, float]]:
    """Month-``months`` creators, posts and viewers for named (cost, template_quality) pairs."""
    rows = []
    for name, (cost, quality) in scenarios.items():
        run = flywheel(cost, quality, months, params)
        rows.append({"scenario": name, "cost_h": float(cost), "template_quality": float(quality),
                     "effective_cost_h": effective_cost(cost, quality),
                     "creators": float(run["creators"][-1]), "posts": float(run["posts"][-1]),
                     "viewers": float(run["viewers"][-1])})
    return rows
