"""Charts of lesson 04: what the CLV formulas and models say, and whether they were right.

Every chart is titled and labelled in the active language, and its ticks are written
the language's way (:func:`mcourse.plots.localize_axes`): ``0,2``, ``20%``, ``5.000 دج``,
``5 000 zł``; cohorts in legends by month name (``جانفي 1997``, ``styczeń 1997``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.ticker import MaxNLocator

from ..i18n import t
from ..i18n.formatting import fmt_month
from ..plots import figure_and_axes as _axes
from ..plots import localize_axes


def plot_retention_sensitivity(table: pd.DataFrame, currency: str = "", mark: float | None = None,
                               ax=None):
    """CLV by the simple formula against the retention rate (from
    :func:`mcourse.clv.simple.retention_sensitivity`); ``mark`` highlights one rate.
    With ``currency`` (e.g. ``"DZD"``) the value axis is written in money."""
    fig, ax = _axes(ax)
    ax.plot(table["retention"], table["clv"], marker="o")
    if mark is not None:
        value = np.interp(mark, table["retention"], table["clv"])
        ax.axvline(mark, color="grey", linestyle="--")
        ax.plot([mark], [value], "o", color="#D55E00", markersize=10)
    ax.set_title(t("clv.plot.sensitivity_title"))
    ax.set_xlabel(t("clv.col.retention"))
    ax.set_ylabel(t("clv.col.clv"))
    localize_axes(ax, x="percent", y="money" if currency else "number", currency=currency or None)
    fig.tight_layout()
    return fig


def plot_cohort_clv(cells: pd.DataFrame, currency: str = "", ax=None):
    """Cumulative discounted margin per acquired customer, one line per cohort
    (from :func:`mcourse.clv.cohort_clv`); the legend names each cohort's month.
    With ``currency`` the value axis is written in money."""
    fig, ax = _axes(ax)
    for cohort, part in cells.groupby("cohort", observed=True):
        ax.plot(part["age"], part["cumulative_clv"], marker=".", label=fmt_month(str(cohort)))
    ax.set_title(t("clv.plot.cohort_title"))
    ax.set_xlabel(t("clv.col.age"))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # ages are whole months
    ax.set_ylabel(t("clv.col.cumulative_clv"))
    localize_axes(ax, x="number", y="money" if currency else "number", currency=currency or None)
    ax.legend(title=t("clv.col.cohort"), ncol=2 if cells["cohort"].nunique() > 6 else 1)
    fig.tight_layout()
    return fig


def plot_holdout_check(model, summary: pd.DataFrame, actual: pd.Series, horizon: float,
                       max_frequency: int = 7, ax=None):
    """Average purchases in the holdout period, actual vs predicted by the model, for
    customers grouped by their number of repeat purchases in the calibration period
    (the check of Fader, Hardie & Lee 2005a, figure 4)."""
    table = holdout_table(model, summary, actual, horizon, max_frequency)
    fig, ax = _axes(ax)
    labels = [str(i) for i in table.index[:-1]] + [f"{max_frequency}+"]
    x = np.arange(len(table))
    ax.plot(x, table["actual"], marker="o", label=t("clv.col.actual"))
    ax.plot(x, table["predicted"], marker="s", linestyle="--", label=t("clv.col.predicted"))
    ax.set_xticks(x)
    ax.set_xticklabels(labels)
    ax.set_title(t("clv.plot.holdout_title"))
    ax.set_xlabel(t("clv.col.frequency"))
    ax.set_ylabel(t("clv.col.holdout_purchases"))
    localize_axes(ax, y="number")
    ax.legend()
    fig.tight_layout()
    return fig


def holdout_table(model, summary: pd.DataFrame, actual: pd.Series, horizon: float,
                  max_frequency: int = 7) -> pd.DataFrame:
    """Per calibration frequency (0, 1, ..., ``max_frequency``+): customers, mean actual and
    mean predicted purchases in the next ``horizon`` time units."""
    predicted = model.expected_purchases(horizon, summary)
    group = summary["frequency"].clip(upper=max_frequency)
    frame = pd.DataFrame({"frequency": group, "actual": actual.reindex(summary.index),
                          "predicted": predicted})
    table = frame.groupby("frequency").agg(customers=("actual", "size"),
                                           actual=("actual", "mean"),
                                           predicted=("predicted", "mean"))
    return table


def plot_prob_alive(model, T: float, frequencies=(1, 2, 5, 10), ax=None):
    """P(alive) against recency for a few frequencies, for customers observed for ``T``.

    The same recency means different things: after 10 purchases, a long silence is
    alarming; after 1 purchase, it is normal. (Customers without repeat purchases, x = 0,
    are not drawn: the model gives them 1 by assumption.)"""
    fig, ax = _axes(ax)
    recency = np.linspace(0, T, 60)
    for x in frequencies:
        frame = pd.DataFrame({"frequency": np.full(recency.size, x), "recency": recency,
                              "T": np.full(recency.size, T)})
        ax.plot(recency, model.prob_alive(frame), label=f"x = {x}")
    ax.set_ylim(0, 1.02)
    ax.set_title(t("clv.plot.alive_title"))
    ax.set_xlabel(t("clv.col.recency"))
    ax.set_ylabel(t("clv.col.prob_alive"))
    localize_axes(ax, x="number", y="percent")
    ax.legend(title=t("clv.col.frequency"))
    fig.tight_layout()
    return fig


def plot_tracking(model, first_purchase: pd.Series, weekly_repeat: pd.Series,
                  calibration_end: float | None = None, ax=None):
    """Cumulative repeat purchases week by week: actual against the model (Fader, Hardie
    & Lee 2005a, figure 2).

    ``first_purchase``: each customer's first purchase time (in model units from the start
    of the data); ``weekly_repeat``: actual repeat purchases per time unit, indexed 1, 2...
    """
    fig, ax = _axes(ax)
    weeks = weekly_repeat.index.to_numpy(dtype=float)
    births, counts = np.unique(np.asarray(first_purchase, dtype=float), return_counts=True)
    expected = np.array([
        np.sum(counts[births < w] * model.expected_purchases_new(w - births[births < w]))
        for w in weeks])
    ax.plot(weeks, weekly_repeat.cumsum(), label=t("clv.col.actual"))
    ax.plot(weeks, expected, linestyle="--", label=t("clv.col.predicted"))
    if calibration_end is not None:
        ax.axvline(calibration_end, color="grey", linestyle=":")
    ax.set_title(t("clv.plot.tracking_title"))
    ax.set_xlabel(t("clv.col.week"))
    ax.set_ylabel(t("clv.col.cumulative_repeat"))
    localize_axes(ax, x="number", y="number")
    ax.legend()
    fig.tight_layout()
    return fig
