"""The random streams of the synthetic data sets: one fixed stream per data set.

Every data set draws from ``numpy.random.default_rng([SEED, stream])``, so
changing one data set never shifts the numbers of another.

>>> [int(rng_for("orders").integers(10**6)) for _ in range(2)] == [int(rng_for("orders").integers(10**6))] * 2
True
>>> rng_for("orders").random() == rng_for("customers").random()
False
"""

from __future__ import annotations

import numpy as np

SEED = 20240618

# name -> stream number. The stream number is fixed forever.
STREAMS: dict[str, int] = {
    "customers": 1,
    "orders": 2,
    "live_sessions": 3,
    "content_posts": 4,
    "capstone_profiles": 5,
    "capstone_tea": 6,
    "capstone_kidswear": 7,
    "capstone_bakery": 8,
}


def rng_for(name: str) -> np.random.Generator:
    """The random stream of data set ``name`` (same numbers every run)."""
    return np.random.default_rng([SEED, STREAMS[name]])
