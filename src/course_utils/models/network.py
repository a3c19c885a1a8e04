"""WeChat's "atomic components" (原子化组件) as a network with dated links.

Nodes are WeChat components; a directed link ``a -> b`` means a user (or a
merchant's offer) can move from component ``a`` to component ``b`` in one step.
Each link carries the date it became possible, whether that date comes from the
course fact sheet or is a teaching assumption, a confidence grade and a source.

Definitions used in the lesson:

* **Route to a purchase**: a simple directed path (no component visited twice)
  from a public-domain entry point (Search, or the Channels recommended feed)
  to WeChat Pay, using only links that can carry a purchase (tipping a
  streamer is a payment, not a purchase, so it is left out of routes).
* **Degree centrality** of a component: the number of other components it is
  linked with, in either direction, ÷ (components − 1); 1 means linked with all.
* **Betweenness centrality**: the share of shortest routes between other pairs
  of components that pass through it (normalised, directed).

>>> graph = hub_graph("2020-09-30")
>>> count_routes(graph)
12
>>> count_routes(hub_graph("2022-12-31")) > count_routes(graph)
True
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx

from course_utils import validate
from course_utils.errors import CourseInputError
from course_utils.i18n import Translator

tr = Translator("hub")

COMPONENTS = ("search", "moments", "channels", "live", "official_accounts", "wecom",
              "groups", "mini_programs", "channels_store", "pay")
PUBLIC_ENTRIES = ("search", "channels")
PRIVATE_DOMAIN = ("official_accounts", "wecom", "groups")
PURCHASE_NODE = "pay"
FACT, ASSUMPTION = "fact sheet", "teaching assumption"  # i18n: not translated (data values; figures.hub.basis_label shows them)
FIRST_DATE = dt.date(2020, 1, 22)  # Channels' internal beta: the network's first day


@dataclass(frozen=True)
class Link:
    """One dated link between two components (see the module docstring)."""

    key: str
    source: str
    target: str
    date: dt.date
    basis: str          # FACT or ASSUMPTION (for the date, and the link where no fact exists)
    confidence: str     # "H", "M" (fact sheet) or "—" for a teaching assumption
    citation: str
    purchase: bool = True
    month_only: bool = False  # the record gives the month ("early October 2020"): shown as 2020-10


def _d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


_BASE = "2020-01-22"
LINKS: tuple[Link, ...] = (  # i18n: not translated (citations are data: outlet and date)
    # In place when Channels launched (Mini Programs, Official Accounts, WeCom pre-date it).
    Link("mp_pay", "mini_programs", "pay", _d(_BASE), ASSUMPTION, "—", ASSUMPTION),
    Link("oa_mp", "official_accounts", "mini_programs", _d(_BASE), ASSUMPTION, "—", ASSUMPTION),
    Link("oa_wecom", "official_accounts", "wecom", _d(_BASE), ASSUMPTION, "—", ASSUMPTION),
    Link("wecom_groups", "wecom", "groups", _d(_BASE), ASSUMPTION, "—", ASSUMPTION),
    Link("wecom_mp", "wecom", "mini_programs", _d(_BASE), ASSUMPTION, "—", ASSUMPTION),
    Link("groups_mp", "groups", "mini_programs", _d(_BASE), ASSUMPTION, "—", ASSUMPTION),
    Link("search_oa", "search", "official_accounts", _d(_BASE), ASSUMPTION, "—", ASSUMPTION),
    Link("search_mp", "search", "mini_programs", _d(_BASE), ASSUMPTION, "—", ASSUMPTION),
    Link("moments_oa", "moments", "official_accounts", _d(_BASE), ASSUMPTION, "—", ASSUMPTION),
    # Channels' beta, January 2020.
    Link("ch_oa", "channels", "official_accounts", _d(_BASE), FACT, "H", "Zhitong Finance, Jan 2020"),
    Link("search_ch", "search", "channels", _d(_BASE), FACT, "H", "Zhitong Finance, Jan 2020"),
    Link("moments_ch", "moments", "channels", _d(_BASE), ASSUMPTION, "—", ASSUMPTION),
    Link("ch_groups", "channels", "groups", _d(_BASE), ASSUMPTION, "—", ASSUMPTION),
    Link("groups_ch", "groups", "channels", _d(_BASE), ASSUMPTION, "—", ASSUMPTION),
    # Early October 2020.
    Link("oa_ch", "official_accounts", "channels", _d("2020-10-01"), FACT, "H", "SCMP, 13 Oct 2020", month_only=True),
    Link("ch_mp", "channels", "mini_programs", _d("2020-10-01"), FACT, "H", "SCMP, 13 Oct 2020", month_only=True),
    Link("ch_live", "channels", "live", _d("2020-10-01"), FACT, "H", "KrASIA (SCMP), Oct 2020", month_only=True),
    Link("live_mp", "live", "mini_programs", _d("2020-12-31"), ASSUMPTION, "H",
         "WeChat developer documentation (capability); date a teaching assumption"),
    Link("groups_live", "groups", "live", _d("2020-12-31"), ASSUMPTION, "—", ASSUMPTION),
    # Announced 6 January 2022 at the WeChat Open Class PRO; when each reached users is not on record
    # (the fact sheet could not date tipping), so the announcement date stands in as an assumption.
    Link("live_wecom", "live", "wecom", _d("2022-01-06"), ASSUMPTION, "H",
         "China Daily, 7 Jan 2022 (announced); date a teaching assumption"),
    Link("live_pay_tip", "live", "pay", _d("2022-01-06"), ASSUMPTION, "H",
         "China Daily, 7 Jan 2022 (announced); date a teaching assumption", purchase=False),
    Link("ch_wecom", "channels", "wecom", _d("2022-01-06"), ASSUMPTION, "—", ASSUMPTION),
    # 21 July 2022, Channels Store.
    Link("ch_store", "channels", "channels_store", _d("2022-07-21"), FACT, "M", "PingWest, Jul 2022"),
    # The record dates the store's launch, not its checkout: paying through WeChat Pay is assumed.
    Link("store_pay", "channels_store", "pay", _d("2022-07-21"), ASSUMPTION, "M",
         "PingWest, Jul 2022 (the store's launch); checkout through WeChat Pay a teaching assumption"),
    Link("live_store", "live", "channels_store", _d("2022-07-21"), ASSUMPTION, "—", ASSUMPTION),
)
LINK_KEYS = tuple(link.key for link in LINKS)


def as_date(name: str, value: object) -> dt.date:
    """Read a date given as ``datetime.date``, a pandas Timestamp or ``"YYYY-MM-DD"``."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise CourseInputError(tr.gettext("{name} should be a date such as \"2022-01-06\"; got \"{value}\".", name=name,
                                      value=value), name)


def _link_keys(name: str, keys: Iterable[str] | None) -> frozenset[str]:
    if keys is None:
        return frozenset()
    if isinstance(keys, str):
        keys = [keys]
    chosen = frozenset(keys)
    unknown = sorted(chosen - set(LINK_KEYS))
    if unknown:
        raise CourseInputError(tr.ngettext("{name} names a link the network does not have: {links}.",
                                           "{name} names links the network does not have: {links}.", len(unknown),
                                           name=name, links=", ".join(unknown)), name)
    return chosen


def hub_graph(as_of: object = "2022-12-31", switched_off: Iterable[str] | None = None) -> nx.DiGraph:
    """The component network as of a date, with some links switched off.

    Every component is a node (even before it has links); a link is present if
    it existed on ``as_of`` and its key is not in ``switched_off``.
    """
    day = as_date("as_of", as_of)
    off = _link_keys("switched_off", switched_off)
    graph = nx.DiGraph()
    graph.add_nodes_from(COMPONENTS)
    for link in LINKS:
        if link.date <= day and link.key not in off:
            graph.add_edge(link.source, link.target, key=link.key, purchase=link.purchase)
    return graph


def purchase_routes(graph: nx.DiGraph, entries: Iterable[str] = PUBLIC_ENTRIES) -> list[list[str]]:
    """Every simple route from a public-domain entry point to a purchase (see module docstring)."""
    if not isinstance(graph, nx.DiGraph):
        raise CourseInputError(tr.gettext("{name} should be a networkx DiGraph; got {kind}.", name="graph",
                                          kind=type(graph).__name__), "graph")
    starts = [validate.one_of("entries", entry, COMPONENTS) for entry in entries]
    buying = nx.subgraph_view(graph, filter_edge=lambda a, b: graph.edges[a, b].get("purchase", True))
    routes: list[list[str]] = []
    for start in starts:
        if start in buying and PURCHASE_NODE in buying:
            routes.extend(nx.all_simple_paths(buying, start, PURCHASE_NODE))
    return routes


def count_routes(graph: nx.DiGraph, entries: Iterable[str] = PUBLIC_ENTRIES) -> int:
    """How many routes lead from a public-domain view to a purchase."""
    return len(purchase_routes(graph, entries))


def centrality(graph: nx.DiGraph) -> dict[str, dict[str, float]]:
    """Degree and betweenness centrality of every component (definitions above).

    In a line a -> b -> c, b touches both others and sits on the only route
    between them (1 of the 2 ordered pairs of other components is connected through it):

    >>> line = nx.DiGraph([("a", "b"), ("b", "c")])
    >>> centrality(line)["b"]
    {'degree': 1.0, 'betweenness': 0.5}
    """
    if not isinstance(graph, nx.DiGraph):
        raise CourseInputError(tr.gettext("{name} should be a networkx DiGraph; got {kind}.", name="graph",
                                          kind=type(graph).__name__), "graph")
    degree = nx.degree_centrality(graph.to_undirected(as_view=True))
    betweenness = nx.betweenness_centrality(graph, normalized=True)
    return {node: {"degree": round(degree[node], 6), "betweenness": round(betweenness[node], 6)}
            for node in graph.nodes}


def hub_summary(as_of: object = "2022-12-31", switched_off: Iterable[str] | None = None) -> dict:
    """The numbers an explorer shows for one date and one set of switched-off links.

    ``routes``: routes to a purchase; ``via_channels`` and ``via_private``: how many
    of them pass through Channels (or start there) and through the private domain
    (Official Accounts, WeCom or groups); ``channels_rank``: Channels' place by
    betweenness (1 = most central).
    """
    graph = hub_graph(as_of, switched_off)
    routes = purchase_routes(graph)
    scores = centrality(graph)
    ranking = sorted(scores, key=lambda node: (-scores[node]["betweenness"], node))
    return {
        "as_of": as_date("as_of", as_of),
        "links": graph.number_of_edges(),
        "routes": len(routes),
        "via_channels": sum("channels" in route for route in routes),
        "via_private": sum(any(node in PRIVATE_DOMAIN for node in route) for route in routes),
        "channels_degree": scores["channels"]["degree"],
        "channels_betweenness": scores["channels"]["betweenness"],
        "channels_rank": ranking.index("channels") + 1,
        "centrality": scores,
    }
