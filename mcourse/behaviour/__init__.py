"""Consumer behaviour (lesson 01): the six questions of consumer research on data.

Who buys, when, where, what, how and why, asked of the market simulator's customers and
orders (datasets ``market_customers`` and ``market_orders``) and of a consumer survey
(``consumer_survey``, which also reaches people who do not buy online); and which
products the market needs more of and which are becoming obsolete (``product_demand``).

- :mod:`.questions` — the tables that answer the six questions (shares with their Wilson
  intervals, the hour × weekday grid, the weekend and Ramadan effects);
- :mod:`.survey` — the simulated consumer survey with its true model;
- :mod:`.trends` — monthly demand per product, a log-linear trend with its confidence
  interval, and the verdict "growing", "declining" or "unclear";
- :mod:`.plots` — the lesson's charts, titled and labelled in the lesson's language.

Every function returns a tidy DataFrame (short English column names) or a Figure;
:func:`labelled` makes the copy to show, with headers and codes in words.
"""

from __future__ import annotations

from .plots import (
    plot_countries,
    plot_growth,
    plot_hour_weekday,
    plot_monthly,
    plot_online_share,
    plot_shares,
    plot_trends,
    plot_week_heatmaps,
)
from .questions import (
    AGE_BINS,
    age_group,
    basket_by,
    busiest_weekday,
    customer_profile,
    evening_share,
    hour_weekday,
    labelled,
    monthly_orders,
    orders_by_weekday,
    ramadan_days,
    share_of,
    share_table,
    week_order,
    weekend_effect,
)
from .survey import income_quintile, online_share, simulate_survey
from .trends import (
    classify,
    fit_trends,
    products_with,
    simulate_product_demand,
    trend_line,
    yearly_rate,
)

__all__ = ["AGE_BINS", "age_group", "basket_by", "busiest_weekday", "classify",
           "customer_profile", "evening_share", "fit_trends", "hour_weekday",
           "income_quintile", "labelled", "monthly_orders", "online_share",
           "orders_by_weekday", "plot_countries", "plot_growth", "plot_hour_weekday",
           "plot_monthly", "plot_online_share", "plot_shares", "plot_trends",
           "plot_week_heatmaps", "products_with", "ramadan_days", "share_of", "share_table", "simulate_product_demand", "simulate_survey", "trend_line",
           "week_order", "weekend_effect", "yearly_rate"]
