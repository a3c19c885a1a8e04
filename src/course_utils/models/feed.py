"""A feed simulation on a synthetic social graph: social, algorithmic and mixed ranking.

The world (built once by :func:`build_world`, seeded) is a friend graph of a few
hundred users in communities (a stochastic block model: friends mostly share a
community, and a community leans towards one topic), each user with an interest
vector over topics, and a pool of posts, some by new creators with no likes yet.

A feed shows each user the ``feed_size`` posts with the highest score

    score = w × social + (1 − w) × algorithmic + boost × [new creator]

- *social* (朋友赞过, "friends liked"): log(1 + friends who liked the post), scaled to 0–1;
- *algorithmic*: the platform's estimate of interest match × estimated quality, 0–1;
- ties broken by overall popularity, then by post index (the post listed first wins),
  so every machine shows the same feeds (:func:`top_k`).

Metrics of a feed (:func:`simulate_feed`):

- reach: share of posts shown to at least one user;
- cold-start reach: the same share among new creators' posts;
- relevance: mean true interest match of the posts shown (0–1);
- diversity: mean topic entropy of a feed ÷ its maximum (0 = one topic, 1 = even mix);
- dwell time (停留时长): expected seconds watched per user per feed, where a post is
  watched to the end with probability logistic(−2.5 + 3·match + 1.5·quality + 0.8·friend signal),
  discounted by ``fatigue`` for each earlier post of the same topic in the feed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from course_utils import validate
from course_utils.errors import CourseInputError
from course_utils.i18n import Translator

tr = Translator("content")

MODES = {"social": 1.0, "mixed": 0.5, "algorithmic": 0.0}


@dataclass(frozen=True)
class FeedWorld:
    """Everything a feed recompute needs, precomputed once (arrays are users × posts)."""

    community: np.ndarray      # (users,) friend circle of each user
    interests: np.ndarray      # (users, topics), rows sum to 1
    post_topic: np.ndarray     # (posts,)
    post_creator: np.ndarray   # (posts,)
    post_quality: np.ndarray   # (posts,) true quality 0-1
    post_length_s: np.ndarray  # (posts,)
    new_creator: np.ndarray    # (posts,) bool: no likes yet
    match: np.ndarray          # true interest match
    social: np.ndarray         # social score 0-1
    algorithmic: np.ndarray    # algorithmic score 0-1
    friend_signal: np.ndarray  # 1 where at least one friend liked the post
    base: np.ndarray           # tie-breaker, and -inf on the user's own posts
    n_topics: int

    @property
    def n_users(self) -> int:
        return self.interests.shape[0]

    @property
    def n_posts(self) -> int:
        return self.post_topic.shape[0]


def build_world(n_users: int = 400, n_posts: int = 600, n_topics: int = 8, *,
                p_in: float = 0.15, p_out: float = 0.005, new_share: float = 0.15,
                seed: int = 2021) -> FeedWorld:
    """Build the seeded synthetic world: friend graph, interests, posts and past likes."""
    import networkx as nx  # deferred: only the feed needs it

    n_users = validate.whole("n_users", n_users, minimum=2)
    n_posts = validate.whole("n_posts", n_posts, minimum=10)
    n_topics = validate.whole("n_topics", n_topics, minimum=2, maximum=n_users)
    p_in, p_out = validate.rate("p_in", p_in), validate.rate("p_out", p_out)
    new_share = validate.rate("new_share", new_share)
    seed = validate.whole("seed", seed, minimum=0)
    rng = np.random.default_rng(seed)

    sizes = [n_users // n_topics + (1 if i < n_users % n_topics else 0) for i in range(n_topics)]
    probs = [[p_in if i == j else p_out for j in range(n_topics)] for i in range(n_topics)]
    graph = nx.stochastic_block_model(sizes, probs, seed=seed)
    friends = nx.to_numpy_array(graph, nodelist=range(n_users))
    community = np.repeat(np.arange(n_topics), sizes)

    # Interests: some weight on the community's topic, the rest personal taste.
    interests = 0.35 * np.eye(n_topics)[community] + 0.65 * rng.dirichlet(np.full(n_topics, 0.5), n_users)
    post_creator = rng.integers(0, n_users, n_posts)
    post_topic = np.array([rng.choice(n_topics, p=interests[c]) for c in post_creator])
    post_quality = rng.beta(2, 2, n_posts)
    post_length_s = rng.integers(15, 61, n_posts).astype(float)
    new_creator = rng.random(n_posts) < new_share

    match = interests[:, post_topic] / interests.max(axis=1, keepdims=True)
    # Past likes: established posts were seen by about a third of users; new ones by nobody.
    seen = (rng.random((n_users, n_posts)) < 0.35) & ~new_creator
    # People like what interests them, and their friends' posts whatever the topic.
    creator_is_friend = friends[:, post_creator]
    likes = seen & (rng.random((n_users, n_posts)) < 0.4 * match * post_quality + 0.4 * creator_is_friend)
    friend_likes = friends @ likes
    social = np.log1p(friend_likes) / np.log1p(friend_likes.max())

    # The algorithm sees interests with noise and quality only through past like rates.
    est_match = match + rng.normal(0, 0.3, match.shape)
    like_rate = likes.sum(0) / np.maximum(seen.sum(0), 1)
    est_quality = np.where(new_creator, like_rate[~new_creator].mean(), like_rate)
    algorithmic = est_match * (0.7 + 0.3 * est_quality / est_quality.max())
    algorithmic = (algorithmic - algorithmic.min()) / (algorithmic.max() - algorithmic.min())

    popularity = likes.sum(0) / max(likes.sum(0).max(), 1)
    base = np.broadcast_to(1e-3 * popularity, (n_users, n_posts)).copy()
    base[post_creator, np.arange(n_posts)] = -np.inf
    return FeedWorld(community, interests, post_topic, post_creator, post_quality, post_length_s,
                     new_creator, match, social, algorithmic, (friend_likes > 0).astype(float),
                     base, n_topics)


@lru_cache(maxsize=1)
def default_world() -> FeedWorld:
    """The lesson's world (400 users, 600 posts, 8 topics, seed 2021), built on first use."""
    return build_world()


def top_k(score: np.ndarray, k: int) -> np.ndarray:
    """Column indices of the ``k`` highest scores of each row, highest first.

    Equal scores go to the lower column index (the post listed first). The rule is
    explicit because ``np.argpartition`` alone picks among ties by whichever SIMD sort
    numpy dispatches to on the CPU at hand.

    >>> top_k(np.array([[0.2, 0.9, 0.5, 0.9, 0.5]]), 3)
    array([[1, 3, 2]])
    """
    if not isinstance(score, np.ndarray) or score.ndim != 2 or np.isnan(score).any():
        raise CourseInputError(tr.gettext("{name} should be a 2-D numpy array of scores without NaN (users × "
                                          "posts); got {kind}.", name="score", kind=type(score).__name__), "score")
    k = validate.whole("k", k, minimum=1, maximum=score.shape[1])
    # The k-th largest value is the same on every machine, even when its index is not:
    # take every score at or above it, then order by (row, score descending, column).
    kth = -np.partition(-score, k - 1, axis=1)[:, k - 1]
    rows, cols = np.nonzero(score >= kth[:, None])
    order = np.lexsort((cols, -score[rows, cols], rows))
    rows, cols = rows[order], cols[order]
    starts = np.searchsorted(rows, np.arange(score.shape[0]))
    return cols[starts[:, None] + np.arange(k)]


def simulate_feed(world: FeedWorld, social_weight: float = 0.5, feed_size: int = 10,
                  new_creator_boost: float = 0.0, fatigue: float = 1.0) -> dict[str, float]:
    """Rank every user's feed and measure it (definitions in the module docstring).

    >>> world = build_world(n_users=80, n_posts=120, n_topics=4, seed=1)
    >>> social = simulate_feed(world, social_weight=1.0)
    >>> algorithmic = simulate_feed(world, social_weight=0.0)
    >>> social["diversity"] > algorithmic["diversity"]   # interest matching narrows topics
    True
    >>> algorithmic["cold_start_reach"] > social["cold_start_reach"]  # no likes, no social reach
    True
    """
    w = validate.rate("social_weight", social_weight)
    k = validate.whole("feed_size", feed_size, minimum=1, maximum=min(50, world.n_posts - 1))
    boost = validate.number("new_creator_boost", new_creator_boost, minimum=0, maximum=1)
    fatigue = validate.rate("fatigue", fatigue)

    score = w * world.social + (1.0 - w) * world.algorithmic + world.base
    if boost:
        score = score + boost * world.new_creator
    shown = top_k(score, k)

    rows = np.arange(world.n_users)[:, None]
    match = world.match[rows, shown]
    topics = world.post_topic[shown]
    counts = np.zeros((world.n_users, world.n_topics))
    np.add.at(counts, (np.broadcast_to(rows, shown.shape), topics), 1.0)
    share = counts / k
    with np.errstate(divide="ignore", invalid="ignore"):
        entropy = -np.nansum(np.where(share > 0, share * np.log(share), 0.0), axis=1)
    max_entropy = np.log(min(k, world.n_topics))
    diversity = float(entropy.mean() / max_entropy) if max_entropy > 0 else 0.0

    # How many earlier posts in this feed share the topic: each repeat tires the viewer.
    same = topics[:, :, None] == topics[:, None, :]
    repeats = np.tril(same, -1).sum(axis=2)
    logit = -2.5 + 3.0 * match + 1.5 * world.post_quality[shown] + 0.8 * world.friend_signal[rows, shown]
    complete = fatigue ** repeats / (1.0 + np.exp(-logit))
    dwell = (complete * world.post_length_s[shown]).sum(axis=1)

    hits = np.bincount(shown.ravel(), minlength=world.n_posts) > 0
    return {
        "social_weight": w,
        "reach": float(hits.mean()),
        "cold_start_reach": float(hits[world.new_creator].mean()) if world.new_creator.any() else 0.0,
        "relevance": float(match.mean()),
        "diversity": diversity,
        "dwell_s": float(dwell.mean()),
    }


def sweep(world: FeedWorld, weights=None, **settings) -> list[dict[str, float]]:
    """:func:`simulate_feed` at each social weight (default 0, 0.05, ..., 1)."""
    weights = np.linspace(0, 1, 21) if weights is None else weights
    return [simulate_feed(world, float(w), **settings) for w in weights]
