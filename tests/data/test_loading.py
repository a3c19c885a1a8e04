"""Every shipped data set loads with the declared dtypes, row counts and card."""

from __future__ import annotations

import pandas as pd
import pytest

from course_utils import datasets
from course_utils.datagen import REGISTRY
from course_utils.errors import CourseInputError

EXPECTED = {
    "milestones", "reported_growth", "customers", "orders", "live_sessions", "content_posts",
    "capstone_profiles", "capstone_tea", "capstone_kidswear", "capstone_bakery",
}
DTYPE_CHECK = {
    "str": pd.api.types.is_string_dtype,
    "int": lambda series: series.dtype == "int64",
    "float": lambda series: series.dtype == "float64",
    "bool": pd.api.types.is_bool_dtype,
    "date": pd.api.types.is_datetime64_dtype,
    "datetime": pd.api.types.is_datetime64_dtype,
}
# The columns and dtypes other modules are written against (DESIGN.md).
CONTRACT = {
    "orders": {"order_id": "str", "customer_id": "str", "order_date": "date", "channel": "str",
               "product": "str", "coupon": "bool", "list_amount": "float", "discount": "float",
               "amount": "float", "refunded": "bool"},
    "customers": {"customer_id": "str", "first_order_date": "date", "acquisition_channel": "str",
                  "city_tier": "int", "added_wecom": "bool", "joined_group": "bool", "member": "bool"},
    "live_sessions": {"session_id": "str", "date": "date", "start_hour": "int", "views": "int",
                      "viewers": "int", "peak_concurrent": "int", "avg_watch_min": "float", "gmv": "float",
                      "flash_sale": "bool", "presale": "bool", "theme": "str", "host": "str"},
    "content_posts": {"posted_at": "datetime", "hour": "int", "length_s": "int", "hook_3s": "bool",
                      "social_share": "float", "completion_rate": "float", "friend_likes": "int"},
    "milestones": {"date": "date", "date_precision": "str", "stage": "str", "event": "str",
                   "event_zh": "str", "confidence": "str", "source": "str", "url": "str"},
    "reported_growth": {"metric": "str", "value": "float", "unit": "str", "comparison": "str", "period": "str",
                        "reported_at": "str", "reported_on": "date", "source": "str", "confidence": "str"},
    "capstone_profiles": {"business": "str", "name": "str", "name_zh": "str", "sector": "str",
                          "description": "str", "stores": "int", "gross_margin": "float"},
}


def test_the_data_sets_of_the_design_are_all_listed():
    assert set(datasets.list_datasets()) == EXPECTED
    assert set(REGISTRY) == {name for name in EXPECTED if datasets.is_synthetic(name)}
    assert not datasets.is_synthetic("milestones") and not datasets.is_synthetic("reported_growth")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_loads_with_schema_dtypes_and_row_count(name):
    frame = datasets.load(name)
    entry = datasets.spec(name)
    assert entry["rows"]["min"] <= len(frame) <= entry["rows"]["max"]
    assert list(frame.columns) == [column["name"] for column in entry["columns"]]
    for column in entry["columns"]:
        assert DTYPE_CHECK[column["dtype"]](frame[column["name"]]), (name, column["name"], frame[column["name"]].dtype)


@pytest.mark.parametrize("name", sorted(CONTRACT))
def test_design_contract_columns(name):
    frame = datasets.load(name)
    for column, kind in CONTRACT[name].items():
        assert DTYPE_CHECK[kind](frame[column]), (name, column)


@pytest.mark.parametrize("name", ["capstone_tea", "capstone_kidswear", "capstone_bakery"])
def test_capstone_has_twelve_months_of_2024(name):
    frame = datasets.load(name)
    assert frame["month"].tolist() == list(pd.date_range("2024-01-01", periods=12, freq="MS"))


def test_row_counts_are_the_designed_sizes():
    sizes = {name: len(datasets.load(name)) for name in EXPECTED}
    assert 2400 <= sizes["customers"] <= 2600
    assert 5500 <= sizes["orders"] <= 6500
    assert 110 <= sizes["live_sessions"] <= 130
    assert sizes["content_posts"] == 1500
    assert 18 <= sizes["milestones"] <= 30 and sizes["reported_growth"] == 6


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_data_set_has_a_card_documenting_every_column(name):
    text = datasets.card(name)
    assert text.startswith("# ")
    assert "Licence" in text and "CC BY 4.0" in text
    for column in datasets.spec(name)["columns"]:
        assert f"`{column['name']}`" in text, column["name"]
    if datasets.is_synthetic(name):
        assert "SYNTHETIC — generated for teaching; not real Tencent or merchant data." in text
    else:
        assert "SYNTHETIC" not in text and "Real data" in text


def test_unknown_name_gets_a_kind_message_with_a_suggestion():
    with pytest.raises(CourseInputError, match='did you mean "orders"'):
        datasets.load("order")
    with pytest.raises(CourseInputError, match="The data sets are"):
        datasets.card("weibo")


def test_a_layout_name_without_a_file_is_refused_kindly():
    with pytest.raises(CourseInputError, match='no data set called "capstone_monthly"'):
        datasets.load("capstone_monthly")


def test_schema_entries_are_complete_and_consistent():
    known = {"str", "int", "float", "bool", "date", "datetime"}
    for name in datasets.list_datasets():
        entry = datasets.spec(name)
        assert entry["file"] == f"{name}.csv" and entry["card"] == f"{name}.md"
        assert isinstance(entry["synthetic"], bool)
        assert entry["rows"]["min"] <= entry["rows"]["max"]
        names = [column["name"] for column in entry["columns"]]
        assert len(names) == len(set(names))
        for column in entry["columns"]:
            assert column["dtype"] in known and column["description"]
            assert "allowed" not in column or column["dtype"] == "str"
            assert "decimals" in column or column["dtype"] != "float"
        for check in entry.get("checks", []):
            assert {check[key] for key in ("left", "right", "result") if key in check} <= set(names)
