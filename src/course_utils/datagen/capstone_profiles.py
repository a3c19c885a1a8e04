"""The three fictional capstone businesses: who they are (one row each)."""

from __future__ import annotations

import pandas as pd

PROFILES = (  # i18n: not translated (data written to capstone_profiles.csv)
    {"business": "tea", "name": "Jade Cloud Tea", "name_zh": "玉云茶", "sector": "tea and teaware",
     "description": ("An online-first tea brand with an in-house video team. Its Channels posts are polished "
                     "and widely watched, and it goes live most weeks, but few viewers add its WeCom account "
                     "or join a group, so most buyers purchase once and are not heard from again."),
     "city": "Hangzhou", "stores": 2, "gross_margin": 0.58,
     "sector_zh": "茶叶与茶具", "city_zh": "杭州",
     "description_zh": "一家以线上为主的茶叶品牌，有自己的视频团队。视频号内容制作精良、播放量高，几乎每周都直播；但很少有观众添加它的企业微信或入群，多数买家只买一次，之后便再无音讯。"},
    {"business": "kidswear", "name": "Little Sprout Kidswear", "name_zh": "小芽童装",
     "sector": "children's clothing",
     "description": ("A children's clothing label run by its two founders. Parents who find it add the "
                     "founder's WeCom, stay in the parents' groups and buy again each season, but the brand "
                     "posts only a few videos a month and they reach few people."),
     "city": "Foshan", "stores": 3, "gross_margin": 0.46,
     "sector_zh": "童装", "city_zh": "佛山",
     "description_zh": "由两位创始人经营的童装品牌。找到它的家长会添加创始人的企业微信，留在家长群里，每季都会复购；但品牌每月只发几条视频，触达的人很少。"},
    {"business": "bakery", "name": "Corner Oven Bakery", "name_zh": "街角烤房",
     "sector": "neighbourhood bakery chain",
     "description": ("A chain of neighbourhood bakeries. Daily-bake videos are popular locally and every "
                     "store runs a busy WeChat group for pre-orders, but the chain almost never goes live, "
                     "sells single low-priced items and earns little from each visitor."),
     "city": "Chengdu", "stores": 9, "gross_margin": 0.62,
     "sector_zh": "社区烘焙连锁", "city_zh": "成都",
     "description_zh": "一家社区面包店连锁。每日出炉的视频在本地很受欢迎，每家门店都有一个活跃的微信群接受预订；但这家连锁几乎从不直播，卖的是单价低的单品，每位访客带来的收入很少。"},
)


def build() -> pd.DataFrame:
    """One row per business, in the order tea, kidswear, bakery."""
    return pd.DataFrame(list(PROFILES))
