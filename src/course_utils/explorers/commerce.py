"""Explorers for lesson 3, the commerce loop: the session P&L, break-even uplift, flash sales.

Each factory returns a :class:`~course_utils.explorer.Explorer` whose controls drive
a model from :mod:`course_utils.models.live` or :mod:`course_utils.models.promotions`.
"""

from __future__ import annotations

from course_utils.exhibit import shown_value
from course_utils.explorer import Explorer
from course_utils.explorers.controls import int_slider, shared_width, slider
from course_utils.figures import commerce as charts
from course_utils.i18n import Translator
from course_utils.models.live import session_pnl
from course_utils.models.promotions import break_even_uplift, flash_sale
from course_utils.render import render

tr = Translator("commerce")

# Assumptions of the P&L explorer that are not on its sliders.
PNL_ASSUMPTIONS = dict(coupon_use=0.6, refund_rate=0.08, fee_rate=0.05, cogs_share=0.40,
                       ad_spend=3_000.0)
# Assumptions of the flash-sale explorer: a tea sampler with a 40% margin on follow-on orders.
FLASH_ASSUMPTIONS = dict(unit_cost=30.0, new_viewers=8_000.0, follow_on_aov=200.0, margin=0.40)
# Every slider of the lesson's explorers shares one layout of this width.
_WIDTH = "330px"


def _summary(rows: list[tuple[str, str]]) -> str:
    return render("commerce/summary.html.j2", rows=rows)


def pnl_model(visitors, conversion, aov, coupon, discount):
    """The P&L explorer's model step: :func:`session_pnl` with the lesson's assumptions."""
    return session_pnl(visitors, conversion, aov, discount=discount, coupon=coupon,
                       **PNL_ASSUMPTIONS)


def render_pnl(visitors, conversion, aov, coupon, discount):
    """Waterfall and summary for one setting of the P&L explorer."""
    pnl = pnl_model(visitors, conversion, aov, coupon, discount)
    rows = [(tr.gettext("Orders (one per buyer)"), shown_value("count", pnl.orders)),
            (tr.gettext("GMV"), shown_value("rmb", pnl.gmv)),
            (tr.gettext("Contribution"), shown_value("rmb", pnl.contribution)),
            (tr.gettext("Contribution ÷ GMV"), shown_value("percent", pnl.contribution_margin)),
            (tr.gettext("Contribution per visitor"),
             shown_value("rmb:2", pnl.contribution / visitors) if visitors else "–")]
    return charts.waterfall(pnl), _summary(rows)


def pnl_explorer(number: str = "3.4", *, visitors: int = 20_000, conversion: float = 0.025,
                 aov: float = 220.0, coupon: float = 20.0, discount: float = 0.10) -> Explorer:
    """Explorer 1: traffic, conversion, AOV, coupon and discount → the session P&L waterfall."""
    controls = {
        "visitors": int_slider("visitors", visitors, 1_000, 100_000, 1_000,
                               tr.gettext("Visitors (UV)"), width=shared_width(_WIDTH)),
        "conversion": slider("conversion", conversion, 0.0, 0.10, 0.0025,
                             tr.gettext("Conversion"), fmt=".2%", width=shared_width(_WIDTH)),
        "aov": slider("aov", aov, 40, 600, 10, tr.gettext("AOV at list price (RMB)"), fmt=".0f", width=shared_width(_WIDTH)),
        "coupon": slider("coupon", coupon, 0, 80, 5, tr.gettext("Coupon (RMB off)"), fmt=".0f", width=shared_width(_WIDTH)),
        "discount": slider("discount", discount, 0.0, 0.5, 0.05,
                           tr.gettext("Discount"), fmt=".0%", width=shared_width(_WIDTH)),
    }
    source = tr.gettext("Course model (session_pnl); illustrative assumptions: {coupon_use} of kept orders use the "
                        "coupon, refunds {refund_rate} of GMV, platform fee {fee_rate}, cost of goods {cogs_share} "
                        "of list price, ad spend RMB {ad_spend}",
                        **{k: _pct_or_rmb(k, v) for k, v in PNL_ASSUMPTIONS.items()})
    return Explorer(render_pnl, controls, number=number, title=tr.gettext("Session P&L: from GMV to contribution"),
                    source=source, synthetic=True)


def render_uplift(margin, discount):
    """Break-even uplift curve and summary for one setting of the uplift explorer."""
    uplift = break_even_uplift(margin, discount)
    rows = [(tr.gettext("Margin per unit before the discount"), shown_value("percent:0", margin)),
            (tr.gettext("Margin per unit after the discount"), shown_value("percent:0", margin - discount)),
            (tr.gettext("Break-even volume uplift"), shown_value("percent:0", uplift)),
            (tr.gettext("Units needed for every 100 sold at full price"), shown_value("count", 100 * (1 + uplift)))]
    return charts.uplift_chart(margin, discount), _summary(rows)


def uplift_explorer(number: str = "3.5", *, margin: float = 0.40,
                    discount: float = 0.10) -> Explorer:
    """Explorer 2: margin and discount → the break-even uplift curve d / (m − d) and the point."""
    controls = {
        "margin": slider("margin", margin, 0.05, 0.90, 0.05,
                         tr.gettext("Margin"), fmt=".0%", width=shared_width(_WIDTH)),
        "discount": slider("discount", discount, 0.0, 0.60, 0.05,
                           tr.gettext("Discount"), fmt=".0%", width=shared_width(_WIDTH)),
    }
    return Explorer(render_uplift, controls, number=number, title=tr.gettext("Break-even uplift: how much more "
                                                                             "volume a discount needs"),
                    source=tr.gettext("Course model (break_even_uplift), uplift = d / (m − d)"))


def flash_model(units, flash_price, follow_rate, repeat_rate):
    """The flash-sale explorer's model step: :func:`flash_sale` with the lesson's assumptions."""
    return flash_sale(units, flash_price, follow_rate=follow_rate, repeat_rate=repeat_rate,
                      **FLASH_ASSUMPTIONS)


def render_flash(units, flash_price, follow_rate, repeat_rate):
    """Loss, follow-on contribution and net for one setting of the flash-sale explorer."""
    sale = flash_model(units, flash_price, follow_rate, repeat_rate)
    per_follower = (shown_value("rmb:2", sale.cost_per_follower) if sale.new_followers else "–")
    rows = [(tr.gettext("Loss on the flash-sale units"), shown_value("rmb", sale.loss_on_units)),
            (tr.gettext("New followers"), shown_value("count", sale.new_followers)),
            (tr.gettext("Loss per new follower"), per_follower),
            (tr.gettext("Net after follow-on purchases"), shown_value("rmb", sale.net))]
    return charts.flash_sale_chart(sale), _summary(rows)


def flash_sale_explorer(number: str = "3.8", *, units: int = 500, flash_price: float = 9.9,
                        follow_rate: float = 0.10, repeat_rate: float = 0.25) -> Explorer:
    """Explorer 3: a flash sale's units and price against the followers and repeat buyers it brings."""
    controls = {
        "units": int_slider("units", units, 0, 3_000, 100, tr.gettext("Flash-sale units"), width=shared_width(_WIDTH)),
        "flash_price": slider("flash_price", flash_price, 0.9, 40, 1.0,
                              tr.gettext("Flash price (RMB)"), fmt=".1f", width=shared_width(_WIDTH)),
        "follow_rate": slider("follow_rate", follow_rate, 0.0, 0.30, 0.01,
                              tr.gettext("Follow rate of new viewers"), fmt=".0%", width=shared_width(_WIDTH)),
        "repeat_rate": slider("repeat_rate", repeat_rate, 0.0, 0.60, 0.05,
                              tr.gettext("Followers who buy again"), fmt=".0%", width=shared_width(_WIDTH)),
    }
    source = tr.gettext("Course model (flash_sale); illustrative assumptions: unit cost RMB {cost}, {viewers} new "
                        "viewers reached, follow-on AOV RMB {aov}, margin {margin}",
                        cost=f"{FLASH_ASSUMPTIONS['unit_cost']:.0f}",
                        viewers=f"{FLASH_ASSUMPTIONS['new_viewers']:,.0f}",
                        aov=f"{FLASH_ASSUMPTIONS['follow_on_aov']:.0f}", margin=f"{FLASH_ASSUMPTIONS['margin']:.0%}")
    return Explorer(render_flash, controls, number=number, title=tr.gettext("Flash sale (秒杀): margin cost against "
                                                                            "followers and repeat purchases"),
                    source=source, synthetic=True)


def _pct_or_rmb(name: str, value: float) -> str:
    return f"{value:,.0f}" if name == "ad_spend" else f"{value:.0%}"
