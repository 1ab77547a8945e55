"""Monthly cohorts: follow the customers acquired in the same month as they come back.

A cohort is the set of customers whose first order fell in the same month. Its *age* is
the number of months since then (0 = the acquisition month). The retention matrix shows,
for each cohort (row) and age (column), the share of the cohort that ordered that month:
reading along a row shows how a cohort fades, reading down a column compares cohorts at
the same age (did the customers acquired in summer stay longer?).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.ticker import FuncFormatter

from ..clv._checks import check_no_missing, require_columns
from ..i18n import t
from ..i18n.formatting import fmt_month, fmt_number, fmt_percent
from ..plots import figure_and_axes


def cohort_activity(orders: pd.DataFrame, customer: str = "customer_id", date: str = "date",
                    amount: str | None = None) -> pd.DataFrame:
    """One row per cohort and age: cohort size, active customers (and revenue).

    Every age from 0 up to the last month in the data is listed, with 0 active customers
    where nobody ordered, so the matrix has no misleading holes.
    """
    needed = [customer, date] + ([amount] if amount else [])
    require_columns(orders, needed)
    check_no_missing(orders, needed)
    dates = pd.to_datetime(orders[date])
    month = (dates.dt.year * 12 + dates.dt.month - 1).to_numpy()
    frame = pd.DataFrame({"customer": orders[customer].to_numpy(), "month": month,
                          "revenue": orders[amount].to_numpy(float) if amount else 0.0})
    frame["cohort"] = frame.groupby("customer")["month"].transform("min")
    frame["age"] = frame["month"] - frame["cohort"]

    sizes = frame.groupby("cohort")["customer"].nunique()
    last = int(frame["month"].max())
    grid = pd.DataFrame([(c, a) for c in sizes.index for a in range(last - c + 1)],
                        columns=["cohort", "age"])
    cells = frame.groupby(["cohort", "age"]).agg(active=("customer", "nunique"),
                                                 revenue=("revenue", "sum")).reset_index()
    out = grid.merge(cells, on=["cohort", "age"], how="left").fillna(
        {"active": 0, "revenue": 0.0})
    out["customers"] = out["cohort"].map(sizes).astype("int64")
    out["active"] = out["active"].astype("int64")
    labels = {c: f"{c // 12:04d}-{c % 12 + 1:02d}" for c in sizes.index}
    out["cohort"] = pd.Categorical(out["cohort"].map(labels),
                                   categories=[labels[c] for c in sizes.index], ordered=True)
    columns = ["cohort", "age", "customers", "active"] + (["revenue"] if amount else [])
    return out[columns]


def retention_matrix(orders: pd.DataFrame, customer: str = "customer_id", date: str = "date",
                     max_age: int | None = None) -> pd.DataFrame:
    """Cohorts × age: share of each cohort's customers who ordered in that month.

    Cells in the future of a cohort (not observed yet) are empty (NaN), not zero.
    The cohort sizes are kept in ``matrix.attrs["sizes"]``.
    """
    cells = cohort_activity(orders, customer=customer, date=date)
    cells["retention"] = cells["active"] / cells["customers"]
    matrix = cells.pivot(index="cohort", columns="age", values="retention")
    if max_age is not None:
        matrix = matrix.loc[:, matrix.columns <= max_age]
    matrix.index.name = "cohort"
    matrix.columns.name = "age"
    matrix.attrs["sizes"] = cells.groupby("cohort", observed=True)["customers"].first().to_dict()
    return matrix


def plot_retention_heatmap(matrix: pd.DataFrame, ax=None, annotate: bool | None = None):
    """Heatmap of a :func:`retention_matrix`; returns the Figure. Cohorts are named by
    their month (``جانفي 2024``, ``styczeń 2024``) with their size, n = customers."""
    fig, ax = figure_and_axes(ax, (11, 0.42 * len(matrix) + 2))
    values = matrix.to_numpy(dtype=float)
    shown = np.ma.masked_invalid(values)
    image = ax.imshow(shown, aspect="auto", cmap="YlGnBu", vmin=0,
                      vmax=np.nanmax(values[:, 1:]) if values.shape[1] > 1 else 1)
    sizes = matrix.attrs.get("sizes", {})
    ax.set_yticks(range(len(matrix)))
    ax.set_yticklabels([f"{fmt_month(str(c))} (n = {fmt_number(sizes[c])})" if c in sizes
                        else fmt_month(str(c)) for c in matrix.index])
    ax.set_xticks(range(matrix.shape[1]))
    ax.set_xticklabels([fmt_number(a) for a in matrix.columns])
    ax.grid(False)
    if annotate is None:
        annotate = matrix.shape[1] <= 13
    if annotate:
        for i in range(values.shape[0]):
            for j in range(values.shape[1]):
                if not np.isnan(values[i, j]) and j > 0:
                    ax.text(j, i, fmt_percent(values[i, j], 0), ha="center", va="center",
                            fontsize=8, color="black" if values[i, j] < 0.5 * shown.max()
                            else "white")
    bar = fig.colorbar(image, ax=ax, format=FuncFormatter(lambda v, _: fmt_percent(v, 0)))
    bar.set_label(t("crm.cohort.retention"))
    ax.set_title(t("crm.cohort.title"))
    ax.set_xlabel(t("crm.cohort.age"))
    ax.set_ylabel(t("crm.cohort.cohort"))
    fig.tight_layout()
    return fig
