"""From satisfaction to loyalty: do happier customers recommend more and stay longer?

Loyalty shows in two ways: attitude (would you recommend us? on a 0-10 scale) and behaviour
(does the customer stay and keep buying?). Here both are set against the satisfaction
score (1-5) of the customer's survey, first as a table of averages per score, then as a
regression line with its confidence interval (statsmodels OLS).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..clv._checks import check_no_missing, require_columns
from ..i18n import t
from ..i18n.formatting import fmt_number, fmt_percent
from ..plots import localize_axes


def loyalty_by_satisfaction(customers: pd.DataFrame, satisfaction: str = "satisfaction",
                            recommend: str = "recommend", churned: str = "churned",
                            frequency: str | None = "frequency") -> pd.DataFrame:
    """Per satisfaction score: customers, mean recommendation, share who stayed and (if
    ``frequency`` is given) mean number of orders."""
    needed = [satisfaction, recommend, churned] + ([frequency] if frequency else [])
    require_columns(customers, needed)
    check_no_missing(customers, needed)
    frame = customers.assign(_stayed=1.0 - customers[churned].astype(float))
    grouped = frame.groupby(satisfaction)
    table = pd.DataFrame({
        "customers": grouped.size(),
        "mean_recommend": grouped[recommend].mean(),
        "stay_rate": grouped["_stayed"].mean(),
    })
    if frequency:
        table["mean_frequency"] = grouped[frequency].mean()
    table.index.name = "satisfaction"
    return table


def fit_loyalty(customers: pd.DataFrame, satisfaction: str = "satisfaction",
                loyalty: str = "recommend"):
    """OLS of ``loyalty`` on ``satisfaction``; returns the statsmodels result."""
    import statsmodels.api as sm

    require_columns(customers, [satisfaction, loyalty])
    check_no_missing(customers, [satisfaction, loyalty])
    X = sm.add_constant(customers[[satisfaction]].astype(float))
    return sm.OLS(customers[loyalty].astype(float), X).fit()


def read_loyalty(result, satisfaction: str = "satisfaction", level: float = 0.95) -> str:
    """The slope of :func:`fit_loyalty` as a sentence in the active language."""
    low, high = result.conf_int(alpha=1 - level).loc[satisfaction]
    return t("crm.loyalty.read", slope=fmt_number(result.params[satisfaction], 2),
             low=fmt_number(low, 2), high=fmt_number(high, 2), level=fmt_percent(level, 0))


def plot_satisfaction_loyalty(customers: pd.DataFrame, result=None,
                              satisfaction: str = "satisfaction",
                              recommend: str = "recommend", churned: str = "churned"):
    """Left: recommendation by satisfaction (points, means and the fitted line).
    Right: share of customers who stayed, by satisfaction. Returns the Figure."""
    import matplotlib.pyplot as plt

    table = loyalty_by_satisfaction(customers, satisfaction, recommend, churned,
                                    frequency=None)
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 5))
    rng = np.random.default_rng(0)  # only spreads the points sideways so they can be seen
    jitter = rng.uniform(-0.15, 0.15, len(customers))
    left.scatter(customers[satisfaction] + jitter, customers[recommend], s=6, alpha=0.15)
    left.plot(table.index, table["mean_recommend"], "o", markersize=10,
              label=t("crm.loyalty.mean"))
    if result is not None:
        grid = np.linspace(table.index.min(), table.index.max(), 50)
        line = result.params["const"] + result.params[satisfaction] * grid
        left.plot(grid, line, linewidth=2, label=t("crm.loyalty.fit"))
    left.set_title(t("crm.loyalty.recommend_title"))
    left.set_xlabel(t("crm.col.satisfaction"))
    left.set_ylabel(t("crm.col.recommend"))
    left.legend()
    right.bar(table.index, table["stay_rate"], color="#009E73")
    right.set_ylim(0, 1)
    right.set_title(t("crm.loyalty.stay_title"))
    right.set_xlabel(t("crm.col.satisfaction"))
    right.set_ylabel(t("crm.col.stay_rate"))
    localize_axes(left, x="number", y="number")
    localize_axes(right, x="number", y="percent")
    fig.tight_layout()
    return fig
