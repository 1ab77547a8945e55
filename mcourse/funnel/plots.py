"""Charts of lesson 02: the funnel itself, and step conversions with their intervals."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..data.market import STAGES
from ..i18n import has, t
from ..i18n.formatting import fmt_number, fmt_percent
from ..plots import PALETTE, figure_and_axes, label, localize_axes


def _name(kind: str, code) -> str:
    key = f"label.{kind}.{code}"
    return t(key) if has(key) else str(code)


def plot_funnel(table: pd.DataFrame, ax=None, title: str | None = None, color=None):
    """The sales funnel of a :func:`~mcourse.funnel.counts.funnel_table` (one group).

    One centred bar per stage, as wide as the number of sessions that reached it; each
    bar says how many reached it and their share of the visits, and the arrow between two
    bars gives the step conversion.
    """
    fig, ax = figure_and_axes(ax, (10, 5.5))
    rows = table.set_index("stage").reindex(list(STAGES))
    reached = rows["reached"].to_numpy(float)
    top = reached[0] if reached[0] > 0 else 1.0
    y = np.arange(len(STAGES))
    ax.barh(y, reached, left=-reached / 2, height=0.72, color=color or PALETTE[0])
    for k in range(len(STAGES)):
        text = t("funnel.bar_label", reached=fmt_number(reached[k], 0),
                 share=fmt_percent(reached[k] / top, 1))
        inside = reached[k] > 0.3 * top
        ax.text(0 if inside else reached[k] / 2 + top * 0.01, k, text,
                ha="center" if inside else "left", va="center",
                color="white" if inside else "black", fontsize=11, fontweight="bold")
        if k > 0 and not pd.isna(rows.iloc[k]["step_rate"]):
            ax.annotate(t("funnel.step_label", rate=fmt_percent(rows.iloc[k]["step_rate"], 1)),
                        xy=(-top * 0.53, k - 0.5), ha="left", va="center", fontsize=10,
                        color=PALETTE[3])
    ax.set_yticks(y, [_name("stage", s) for s in STAGES])
    ax.invert_yaxis()
    ax.set_xlim(-top * 0.55, top * 0.85)
    ax.set_xticks([])
    ax.tick_params(axis="y", length=0)
    ax.grid(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
    label(ax, title or t("funnel.title.funnel"), None, None, x=None, y=None)
    return fig


def plot_step_rates(table: pd.DataFrame, by: str, truth: pd.DataFrame | None = None,
                    stages=None, fig=None):
    """Step conversion of each ``by`` group (channels, devices) with its Wilson interval,
    one panel per step; ``truth`` (from :func:`~mcourse.funnel.truth.true_funnel`) adds the
    simulator's true rate as a cross."""
    import matplotlib.pyplot as plt

    stages = list(stages or STAGES[1:])
    groups = list(pd.unique(table[by]))
    if fig is None:
        ncols = 4 if len(groups) <= 4 else 2
        nrows = int(np.ceil(len(stages) / ncols))
        width = 4.4 * ncols if ncols == 4 else 12
        fig, axes = plt.subplots(nrows, ncols, figsize=(width, (0.42 * len(groups) + 1.6)
                                                        * nrows + 1.2), squeeze=False,
                                 sharey=True)
        axes = list(axes.flat)
    else:
        axes = fig.axes
    y = np.arange(len(groups))
    for ax, stage in zip(axes, stages, strict=True):
        part = table[table["stage"] == stage].set_index(by).reindex(groups)
        rate = part["step_rate"].to_numpy(float)
        errors = np.vstack([rate - part["ci_low"].to_numpy(float),
                            part["ci_high"].to_numpy(float) - rate])
        ax.errorbar(rate, y, xerr=errors, fmt="o", color=PALETTE[0], capsize=3,
                    label=t("funnel.legend.observed"))
        if truth is not None:
            true = truth[truth["stage"] == stage].set_index(by).reindex(groups)
            ax.plot(true["true_step_rate"].to_numpy(float), y, "x", color=PALETTE[3],
                    markersize=9, mew=2, label=t("funnel.legend.truth"))
        ax.set_yticks(y, [_name(by, g) for g in groups])
        label(ax, _name("stage", stage), t("funnel.axis.step_rate"), None, x="percent", y=None)
    axes[0].invert_yaxis()
    handles, names = axes[0].get_legend_handles_labels()
    fig.suptitle(t(f"funnel.title.step_rates_{by}"))
    fig.legend(handles, names, loc="lower center", ncols=len(names), frameon=False)
    fig.tight_layout(rect=(0, 0.06, 1, 1))
    return fig


def plot_overall(table: pd.DataFrame, by: str, ax=None):
    """Overall conversion (visit → purchase) of each ``by`` group, with its interval."""
    from .intervals import wilson_interval

    fig, ax = figure_and_axes(ax, (9, 0.45 * table[by].nunique() + 2))
    purchase = table[table["stage"] == "purchase"].set_index(by)
    visits = table[table["stage"] == "visit"].set_index(by)["reached"]
    order = purchase["overall_rate"].sort_values(ascending=False).index
    rate = purchase.loc[order, "overall_rate"].to_numpy(float)
    low, high = wilson_interval(purchase.loc[order, "reached"].to_numpy(),
                                visits.loc[order].to_numpy())
    y = np.arange(len(order))
    ax.barh(y, rate, xerr=np.vstack([rate - low, high - rate]), capsize=3, color=PALETTE[2])
    ax.set_yticks(y, [_name(by, g) for g in order])
    ax.invert_yaxis()
    label(ax, t(f"funnel.title.overall_{by}"), t("funnel.axis.overall_rate"), None,
          x="percent", y=None)
    localize_axes(ax, x="percent")
    return fig
