"""RFM: score customers on Recency, Frequency and Monetary value, then name the groups.

- Recency: days since the last order (recent buyers are more likely to buy again);
- Frequency: number of orders in a window (by default the last 365 days);
- Monetary: money spent in the same window.

Each is turned into a score from 1 (worst) to 5 (best) by quintiles: roughly the 20 % most
recent customers get R = 5, the 20 % who order most get F = 5, and so on.

**Ties.** Customers with the same value always get the same score, so a class cannot hold
exactly 20 % when many customers share a value (order counts are small whole numbers).
The rule (:func:`quintile_score`): going from the worst value up, each of the four cuts
between classes is put at the boundary between two distinct values whose cumulative share
is closest to an equal part of what is left (1/5 of all customers for the first cut, then
1/4 of the rest, 1/3, 1/2), never leaving a class empty. So with five or more distinct
values there are always five classes, even when 40 % of the customers share the lowest
value (they all get 1 and the others share 2-5); without ties the classes are the usual
quintiles. With fewer than five distinct values there are as many classes as values: the
lowest gets 1, the highest 5, a middle one the score of where its group sits.

**No order in the window.** A customer with ``frequency == 0`` has not ordered in the
window at all: they get R = F = M = 1 (segment "lost"), and the quintiles are computed
among the customers who did order. Otherwise the lowest frequency class would be made of
such customers only, who cannot be recent, and the segments of recent buyers with few
orders ("new", "promising") could never occur.

The R and F scores place a customer on a 5 × 5 grid whose regions have names used by
CRM teams: champions, loyal customers, at risk, lost... (:data:`REGIONS`). The names are
the usual reading of each region, not facts about the customers in it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..clv._checks import check_no_missing, require_columns
from ..errors import CourseError
from ..i18n import t
from ..i18n.formatting import fmt_number, fmt_percent
from ..plots import figure_and_axes, localize_axes
from .labels import segment_name

SEGMENTS = ("champions", "loyal", "potential_loyalists", "new", "promising",
            "need_attention", "about_to_sleep", "at_risk", "cant_lose", "hibernating", "lost")
"""Segment codes, from the best customers to the ones already gone."""

REGIONS = {
    # segment: (R scores, F scores); every (R, F) pair belongs to exactly one segment
    "champions": ((5,), (4, 5)),
    "loyal": ((3, 4), (4, 5)),
    "potential_loyalists": ((4, 5), (2, 3)),
    "new": ((5,), (1,)),
    "promising": ((4,), (1,)),
    "need_attention": ((3,), (3,)),
    "about_to_sleep": ((3,), (1, 2)),
    "at_risk": ((1, 2), (3, 4)),
    "cant_lose": ((1, 2), (5,)),
    "hibernating": ((2,), (1, 2)),
    "lost": ((1,), (1, 2)),
}
"""The RFM grid: which recency and frequency scores make each segment."""

SEGMENT_OF = {(r, f): name for name, (rs, fs) in REGIONS.items() for r in rs for f in fs}


def quintile_score(values: pd.Series, higher_is_better: bool = True) -> pd.Series:
    """Scores 1-5 by quintile of ``values``; equal values share a score (see the module
    docstring for the tie rule, which keeps five classes whenever there are five or more
    distinct values)."""
    numbers = pd.Series(values, dtype=float)
    signed = numbers.to_numpy() if higher_is_better else -numbers.to_numpy()
    distinct, position, counts = np.unique(signed, return_inverse=True, return_counts=True)
    scores = _class_scores(np.cumsum(counts) / counts.sum())
    return pd.Series(scores[position], index=numbers.index, dtype="int64")


def _class_scores(cumulative: np.ndarray) -> np.ndarray:
    """Score of each distinct value (sorted from worst to best) from the cumulative share
    of customers up to and including it."""
    m = len(cumulative)
    if m >= 5:
        cuts, done = [], 0.0
        for k in range(1, 5):
            low = cuts[-1] + 1 if cuts else 0
            high = m - 1 - (5 - k)           # leave at least one value for each later class
            target = done + (1.0 - done) / (5 - k + 1)
            window = cumulative[low:high + 1]
            cut = low + int(np.argmin(np.abs(window - target)))
            cuts.append(cut)
            done = cumulative[cut]
        return 1 + np.searchsorted(np.array(cuts), np.arange(m), side="left")
    # fewer than five distinct values: one class each, scored by where its group sits
    middle = cumulative - np.diff(np.concatenate([[0.0], cumulative])) / 2
    scores = np.clip(np.ceil(middle * 5), 1, 5).astype(int)
    if m >= 2:
        scores[0], scores[-1] = 1, 5
    for i in range(1, m):                      # distinct values keep distinct scores
        scores[i] = max(scores[i], scores[i - 1] + 1)
    return np.minimum(scores, 5 - (m - 1 - np.arange(m)))


def rfm_table(orders: pd.DataFrame, snapshot=None, customer: str = "customer_id",
              date: str = "date", amount: str = "amount",
              window_days: int | None = 365) -> pd.DataFrame:
    """Recency (days), frequency and monetary value per customer at the ``snapshot`` date.

    Frequency and monetary count the orders of the last ``window_days`` days (all orders if
    None); recency uses the last order ever. ``snapshot`` defaults to the day after the last
    order; orders after it are an error.
    """
    require_columns(orders, [customer, date, amount])
    check_no_missing(orders, [customer, date, amount])
    dates = pd.to_datetime(orders[date])
    snap = dates.max().normalize() + pd.Timedelta(days=1) if snapshot is None \
        else pd.Timestamp(snapshot)
    late = dates > snap
    if late.any():
        from ..clv._checks import rows_text
        raise CourseError("clv.error.after_end", end=snap.date().isoformat(),
                          count=int(late.sum()), rows=rows_text(orders.index[late]))
    frame = pd.DataFrame({"customer": orders[customer].to_numpy(), "date": dates.to_numpy(),
                          "amount": orders[amount].to_numpy(float)})
    recency = (snap - frame.groupby("customer")["date"].max()).dt.days
    recent = frame if window_days is None else frame[
        frame["date"] > snap - pd.Timedelta(days=window_days)]
    grouped = recent.groupby("customer")
    table = pd.DataFrame({"recency_days": recency})
    table["frequency"] = grouped.size().reindex(table.index, fill_value=0).astype("int64")
    table["monetary"] = grouped["amount"].sum().reindex(table.index, fill_value=0.0)
    table.index.name = customer
    return table


def rfm_scores(table: pd.DataFrame, recency: str = "recency_days", frequency: str = "frequency",
               monetary: str = "monetary") -> pd.DataFrame:
    """``table`` plus columns ``R``, ``F``, ``M`` (1-5), ``RFM`` (e.g. "543") and ``segment``.

    Customers with ``frequency`` 0 (no order in the window) get 1, 1, 1 and the segment
    "lost"; the others are scored by quintiles among themselves (tie rule in the module
    docstring).
    """
    require_columns(table, [recency, frequency, monetary])
    check_no_missing(table, [recency, frequency, monetary])
    out = table.copy()
    active = out[frequency].to_numpy() > 0
    for column, source, better in (("R", recency, False), ("F", frequency, True),
                                   ("M", monetary, True)):
        scores = np.ones(len(out), dtype="int64")
        if active.any():
            scores[active] = quintile_score(out.loc[active, source],
                                            higher_is_better=better).to_numpy()
        out[column] = scores
    out["RFM"] = out["R"].astype(str) + out["F"].astype(str) + out["M"].astype(str)
    segment = [SEGMENT_OF[(r, f)] for r, f in zip(out["R"], out["F"], strict=True)]
    out["segment"] = pd.Categorical(segment, categories=SEGMENTS, ordered=True)
    return out


def segment_summary(scored: pd.DataFrame, monetary: str = "monetary",
                    recency: str = "recency_days", frequency: str = "frequency") -> pd.DataFrame:
    """Per segment: customers, share of customers, average recency and frequency, value
    (sum of ``monetary``) and share of value. Empty segments are kept with 0 customers."""
    require_columns(scored, ["segment", monetary, recency, frequency])
    grouped = scored.groupby("segment", observed=False)
    summary = pd.DataFrame({
        "customers": grouped.size(),
        "mean_recency_days": grouped[recency].mean(),
        "mean_frequency": grouped[frequency].mean(),
        "value": grouped[monetary].sum(),
    })
    summary.insert(1, "share_customers", summary["customers"] / summary["customers"].sum())
    summary["share_value"] = summary["value"] / summary["value"].sum()
    summary.index = pd.CategoricalIndex(summary.index.astype(str), categories=SEGMENTS,
                                        ordered=True, name="segment")
    return summary


def plot_rfm_grid(scored: pd.DataFrame, ax=None):
    """The RFM grid: frequency score across, recency score up, each segment a coloured
    block with its name, number of customers and share. Returns the Figure."""
    import matplotlib.pyplot as plt
    from matplotlib.patches import Rectangle

    require_columns(scored, ["R", "F"])
    fig, ax = figure_and_axes(ax, (10, 7.5))
    colours = plt.get_cmap("tab20").colors
    counts = scored.groupby(["R", "F"]).size()
    total = len(scored)
    for k, (name, (rs, fs)) in enumerate(REGIONS.items()):
        x0, y0 = min(fs) - 0.5, min(rs) - 0.5
        width, height = len(fs), len(rs)
        ax.add_patch(Rectangle((x0, y0), width, height, facecolor=colours[(2 * k) % 20],
                               edgecolor="white", linewidth=3, alpha=0.9))
        n = int(sum(counts.get((r, f), 0) for r in rs for f in fs))
        ax.text(x0 + width / 2, y0 + height / 2,
                f"{segment_name(name)}\n{fmt_number(n)} ({fmt_percent(n / total if total else 0, 0)})",
                ha="center", va="center", fontsize=10, wrap=True)
    ax.set_xlim(0.5, 5.5)
    ax.set_ylim(0.5, 5.5)
    ax.set_xticks(range(1, 6))
    ax.set_yticks(range(1, 6))
    ax.grid(False)
    ax.set_xlabel(t("crm.rfm.f_score"))
    ax.set_ylabel(t("crm.rfm.r_score"))
    ax.set_title(t("crm.rfm.grid_title"))
    localize_axes(ax, x="number", y="number")
    fig.tight_layout()
    return fig


def plot_segment_value(summary: pd.DataFrame, ax=None):
    """Share of customers next to share of value, per segment. Returns the Figure."""
    fig, ax = figure_and_axes(ax, (10, 5.5))
    y = np.arange(len(summary))
    ax.barh(y - 0.2, summary["share_customers"], height=0.4, label=t("crm.rfm.share_customers"))
    ax.barh(y + 0.2, summary["share_value"], height=0.4, label=t("crm.rfm.share_value"))
    ax.set_yticks(y)
    ax.set_yticklabels([segment_name(s) for s in summary.index.astype(str)])
    ax.invert_yaxis()
    ax.set_title(t("crm.rfm.value_title"))
    ax.set_xlabel(t("word.share"))
    localize_axes(ax, x="percent")
    ax.legend()
    fig.tight_layout()
    return fig
