"""Synthetic customers of Mountain Mist Tea (山雾茶), 2024.

Generative story: 2,500 people made a first purchase in 2024, on a day drawn
from the brand's demand calendar (:mod:`.calendar`). Each came from one
acquisition channel; how likely they were to add the brand's WeCom
(企业微信) account, join a customer group and become a member depends on
that channel, because a live-room viewer who has just bought is easier to
invite than a searcher. The order generator then gives the touch-pointed
customers a higher repeat-purchase rate.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from course_utils.datagen import calendar
from course_utils.datagen.streams import rng_for

N_CUSTOMERS = 2500
CHANNELS = ("channels_video", "channels_live", "official_account", "moments", "search")
CHANNEL_SHARE = (0.31, 0.26, 0.18, 0.15, 0.10)
# Probability of adding WeCom after the first purchase, by acquisition channel.
WECOM_RATE = {"channels_video": 0.34, "channels_live": 0.46, "official_account": 0.42,
              "moments": 0.52, "search": 0.18}
GROUP_IF_WECOM = 0.55     # most groups are WeCom groups: joining needs the contact first
GROUP_OTHERWISE = 0.04    # a few join a group a friend shared
TIER_SHARE = (0.18, 0.33, 0.30, 0.19)


def build() -> pd.DataFrame:
    """The customers table, one row per customer, ordered by customer_id."""
    rng = rng_for("customers")
    weights = calendar.demand_weights()
    first_days = np.sort(rng.choice(calendar.DAYS, size=N_CUSTOMERS, p=weights / weights.sum()))
    channel = rng.choice(len(CHANNELS), size=N_CUSTOMERS, p=CHANNEL_SHARE)
    channel_names = [CHANNELS[k] for k in channel]
    wecom = rng.random(N_CUSTOMERS) < np.array([WECOM_RATE[c] for c in channel_names])
    group = rng.random(N_CUSTOMERS) < np.where(wecom, GROUP_IF_WECOM, GROUP_OTHERWISE)
    member = rng.random(N_CUSTOMERS) < 0.12 + 0.18 * wecom + 0.20 * group
    tier = rng.choice(4, size=N_CUSTOMERS, p=TIER_SHARE) + 1
    return pd.DataFrame({
        "customer_id": [f"C{k + 1:05d}" for k in range(N_CUSTOMERS)],
        "first_order_date": pd.to_datetime([calendar.day(d) for d in first_days]),
        "acquisition_channel": channel_names,
        "city_tier": tier.astype("int64"),
        "added_wecom": wecom,
        "joined_group": group,
        "member": member,
    })
