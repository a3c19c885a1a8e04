"""The three fictional capstone businesses: who they are (one row each)."""

from __future__ import annotations

import pandas as pd

PROFILES = (  # i18n: not translated (data written to capstone_profiles.csv)
    {"business": "tea", "name": "Jade Cloud Tea", "name_zh": "玉云茶", "sector": "tea and teaware",
     "description": ("An online-first tea brand with an in-house video team. Its Channels posts are polished "
                     "and widely watched, and it goes live most weeks, but few viewers add its WeCom account "
                     "or join a group, so most buyers purchase once and are not heard from again."),
     "city": "Hangzhou", "stores": 2, "gross_margin": 0.58},
    {"business": "kidswear", "name": "Little Sprout Kidswear", "name_zh": "小芽童装",
     "sector": "children's clothing",
     "description": ("A children's clothing label run by its two founders. Parents who find it add the "
                     "founder's WeCom, stay in the parents' groups and buy again each season, but the brand "
                     "posts only a few videos a month and they reach few people."),
     "city": "Foshan", "stores": 3, "gross_margin": 0.46},
    {"business": "bakery", "name": "Corner Oven Bakery", "name_zh": "街角烤房",
     "sector": "neighbourhood bakery chain",
     "description": ("A chain of neighbourhood bakeries. Daily-bake videos are popular locally and every "
                     "store runs a busy WeChat group for pre-orders, but the chain almost never goes live, "
                     "sells single low-priced items and earns little from each visitor."),
     "city": "Chengdu", "stores": 9, "gross_margin": 0.62},
)


def build() -> pd.DataFrame:
    """One row per business, in the order tea, kidswear, bakery."""
    return pd.DataFrame(list(PROFILES))
