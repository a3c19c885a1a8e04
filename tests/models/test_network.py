"""The component network: dated links, routes to a purchase, centrality."""

from __future__ import annotations

import datetime as dt

import networkx as nx
import pytest

from course_utils.errors import CourseInputError
from course_utils.models import network as nm


def test_every_link_joins_known_components_and_has_a_unique_key():
    assert len(set(nm.LINK_KEYS)) == len(nm.LINKS)
    for link in nm.LINKS:
        assert link.source in nm.COMPONENTS and link.target in nm.COMPONENTS
        assert link.basis in (nm.FACT, nm.ASSUMPTION)
        assert link.date >= nm.FIRST_DATE


def test_fact_sheet_links_carry_outlet_dates_and_confidence():
    facts = {link.key: link for link in nm.LINKS if link.basis == nm.FACT}
    assert facts["oa_ch"].date == dt.date(2020, 10, 1) and facts["oa_ch"].confidence == "H"
    assert facts["ch_store"].date == dt.date(2022, 7, 21) and facts["ch_store"].confidence == "M"
    # Announced on 6 Jan 2022, but the fact sheet cannot date when they reached users: assumed dates.
    announced = {link.key: link for link in nm.LINKS if link.key in ("live_wecom", "live_pay_tip")}
    assert all(link.basis == nm.ASSUMPTION and "China Daily, 7 Jan 2022 (announced)" in link.citation
               for link in announced.values()) and len(announced) == 2
    for link in facts.values():
        assert link.confidence in ("H", "M") and "20" in link.citation
    # Solid only where FACTS.md records the link itself: it dates the store's launch, not its checkout.
    assert set(facts) == {"ch_oa", "search_ch", "oa_ch", "ch_mp", "ch_live", "ch_store"}
    assert "PingWest, Jul 2022 (the store's launch)" in nm.LINKS[nm.LINK_KEYS.index("store_pay")].citation


def test_a_link_the_record_dates_to_the_month_is_shown_to_the_month():
    from course_utils.figures.hub import link_table

    # "Early October 2020" (SCMP, 13 Oct 2020): the model needs a day, the exhibit may not claim one.
    month_only = {link.key for link in nm.LINKS if link.month_only}
    assert month_only == {"oa_ch", "ch_mp", "ch_live"}
    dates = link_table().iloc[:, 0].tolist()
    assert dates.count("2020-10") == 3 and "2020-10-01" not in dates
    assert "2022-07-21" in dates and "2020-01-22" in dates


def test_assumed_links_say_so():
    for link in nm.LINKS:
        if link.basis == nm.ASSUMPTION:
            assert "teaching assumption" in link.citation


def test_links_appear_on_their_date_and_not_before():
    before = nm.hub_graph("2020-09-30")
    after = nm.hub_graph("2020-10-01")
    assert not before.has_edge("official_accounts", "channels")
    assert after.has_edge("official_accounts", "channels")
    assert set(before.nodes) == set(nm.COMPONENTS)  # every component is drawn, linked or not


def test_routes_counted_by_hand_on_a_small_graph():
    # search -> channels -> mini_programs -> pay, and search -> mini_programs -> pay: 2 from search;
    # channels -> mini_programs -> pay: 1 from channels. 3 in all.
    graph = nx.DiGraph([("search", "channels"), ("channels", "mini_programs"),
                        ("search", "mini_programs"), ("mini_programs", "pay")])
    assert nm.count_routes(graph) == 3


def test_tipping_is_not_a_route_to_a_purchase():
    graph = nx.DiGraph()
    graph.add_edge("channels", "live", purchase=True)
    graph.add_edge("live", "pay", purchase=False)
    assert nm.count_routes(graph) == 0


def test_routes_never_fall_as_time_passes():
    days = ["2020-01-22", "2020-10-01", "2020-12-31", "2022-01-06", "2022-07-21", "2023-12-31"]
    counts = [nm.count_routes(nm.hub_graph(day)) for day in days]
    assert counts == sorted(counts)
    assert counts[0] < counts[-1]


def test_switching_a_link_off_never_adds_routes():
    full = nm.count_routes(nm.hub_graph("2022-07-21"))
    for key in nm.LINK_KEYS:
        assert nm.count_routes(nm.hub_graph("2022-07-21", [key])) <= full
    assert nm.count_routes(nm.hub_graph("2022-07-21", ["mp_pay", "store_pay"])) == 0


def test_channels_becomes_the_hub_after_october_2020():
    assert nm.hub_summary("2020-01-22")["channels_rank"] > 1
    late = nm.hub_summary("2022-07-21")
    assert late["channels_rank"] == 1
    assert late["via_channels"] <= late["routes"] and late["via_private"] <= late["routes"]


def test_centrality_of_a_star_by_hand():
    star = nx.DiGraph([("a", "hub"), ("hub", "b"), ("hub", "c")])
    scores = nm.centrality(star)
    assert scores["hub"] == {"degree": 1.0, "betweenness": pytest.approx(2 / 6, abs=1e-6)}
    assert scores["a"]["betweenness"] == 0.0


@pytest.mark.parametrize("bad", ["yesterday", 2022, None, "2022-13-01"])
def test_bad_dates_name_the_argument(bad):
    with pytest.raises(CourseInputError) as info:
        nm.hub_graph(bad)
    assert info.value.argument == "as_of"


def test_unknown_link_names_are_reported_kindly():
    with pytest.raises(CourseInputError, match="no_such_link") as info:
        nm.hub_graph("2022-01-06", ["no_such_link"])
    assert info.value.argument == "switched_off"


def test_routes_reject_a_non_graph_and_unknown_entries():
    with pytest.raises(CourseInputError, match="graph"):
        nm.count_routes([("a", "b")])
    with pytest.raises(CourseInputError) as info:
        nm.count_routes(nm.hub_graph(), entries=["tv"])
    assert info.value.argument == "entries"


def test_an_unknown_link_is_named_in_the_singular_or_plural():
    with pytest.raises(CourseInputError, match="names a link the network does not have: nope"):
        nm.hub_graph("2022-07-21", ["nope"])
    with pytest.raises(CourseInputError, match="names links the network does not have: a, b"):
        nm.hub_graph("2022-07-21", ["b", "a"])
