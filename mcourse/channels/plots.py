"""Charts of lesson 03: KPIs per channel, ROAS against ROI, viral growth, retargeting."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..i18n import has, t
from ..i18n.formatting import fmt_number, fmt_percent
from ..plots import PALETTE, figure_and_axes, label, localize_axes, side_by_side
from .kpis import KINDS

CURRENCY = {"DZ": "DZD", "PL": "PLN"}


def _name(kind: str, code) -> str:
    key = f"label.{kind}.{code}"
    return t(key) if has(key) else str(code)


def plot_kpi(tables: dict[str, pd.DataFrame], kpi: str, fig=None):
    """One KPI per channel, one panel per country (money KPIs in each country's currency).

    ``tables`` maps a country code to its :func:`~mcourse.channels.kpis.kpi_table`.
    """

    countries = list(tables)
    fig, axes = side_by_side(len(countries), (6.5, 4.8), fig)
    order = list(tables[countries[0]].sort_values(kpi, ascending=False).index)
    kind = KINDS[kpi]
    for i, (ax, country) in enumerate(zip(axes, countries, strict=True)):
        values = tables[country][kpi].reindex(order).to_numpy(float)
        colours = [PALETTE[3] if kpi == "roi" and v < 0 else PALETTE[i] for v in values]
        ax.barh(range(len(order)), values, color=colours)
        ax.set_yticks(range(len(order)), [_name("channel", c) for c in order])
        ax.invert_yaxis()
        if kpi == "roi":
            ax.axvline(0, color="black", lw=1)
        tick = {"percent": "percent", "money": "money", "times": "number"}[kind]
        label(ax, _name("country", country), t(f"channels.axis.{kpi}"), None, x=None, y=None)
        localize_axes(ax, x=tick, currency=CURRENCY.get(country))
        from matplotlib.ticker import MaxNLocator

        ax.xaxis.set_major_locator(MaxNLocator(4, steps=[1, 2, 5, 10]))
    fig.suptitle(t("channels.title.kpi", kpi=t(f"channels.kpi.{kpi}")))
    fig.tight_layout()
    return fig


def plot_roas_roi(table: pd.DataFrame, country: str, ax=None):
    """Each channel as a point: ROAS across, ROI up; the break-even ROI = 0 line and the
    curve ROI = ROAS · margin − 1 for a few margins."""
    fig, ax = figure_and_axes(ax, (9.5, 6))
    roas = table["roas"].to_numpy(float)
    roi = table["roi"].to_numpy(float)
    top = float(np.nanmax(roas)) * 1.1
    grid = np.linspace(0, top, 50)
    for j, margin in enumerate((0.12, 0.25, 0.40)):
        ax.plot(grid, grid * margin - 1, color=(PALETTE[3], PALETTE[1], PALETTE[2])[j], lw=1,
                ls="--", label=fmt_percent(margin, 0))
    ax.axhline(0, color="black", lw=1)
    ax.scatter(roas, roi, s=70, color=PALETTE[0], zorder=3)
    for x, y, channel in zip(roas, roi, table.index, strict=True):
        ax.annotate(_name("channel", channel), (x, y), textcoords="offset points",
                    xytext=(6, 4), fontsize=10)
    ax.set_xlim(0, top)
    ax.legend(title=t("channels.legend.margin_title"), loc="upper left", fontsize=10)
    label(ax, t("channels.title.roas_roi", country=_name("country", country)),
          t("channels.axis.roas"), t("channels.axis.roi"), x="number", y="percent")
    return fig


def plot_viral(curves: dict[float, pd.DataFrame], ax=None, log: bool = False):
    """Total users cycle by cycle for several viral coefficients K."""
    fig, ax = figure_and_axes(ax, (9, 5))
    for i, (k, curve) in enumerate(curves.items()):
        ax.plot(curve["cycle"], curve["total_users"], marker="o", color=PALETTE[i % 8],
                label=t("channels.legend.k", k=fmt_number(k, 2)))
    if log:
        ax.set_yscale("log")
    ax.legend()
    label(ax, t("channels.title.viral"), t("channels.axis.cycle"), t("channels.axis.users"),
          x="number", y=None if log else "number")
    ax.xaxis.get_major_locator().set_params(integer=True)
    return fig


def plot_retargeting(groups: pd.DataFrame, ax=None):
    """Conversion of visitors shown the ads and not, per funnel stage, with intervals."""
    fig, ax = figure_and_axes(ax, (10, 5))
    stages = list(pd.unique(groups["stage"].astype(str)))
    x = np.arange(len(stages))
    for i, shown in enumerate((False, True)):
        part = groups[groups["shown"] == shown].set_index(groups["stage"].astype(str)[
            groups["shown"] == shown]).reindex(stages)
        rate = part["rate"].to_numpy(float)
        errors = np.vstack([rate - part["ci_low"].to_numpy(float),
                            part["ci_high"].to_numpy(float) - rate])
        ax.bar(x + (i - 0.5) * 0.38, rate, 0.36, yerr=errors, capsize=3,
               color=PALETTE[i * 2], label=t(f"channels.legend.shown_{str(shown).lower()}"))
    ax.set_xticks(x, [_name("stage", s) for s in stages])
    ax.legend()
    label(ax, t("channels.title.retargeting"), t("channels.axis.last_stage"),
          t("channels.axis.conversion_14d"), x=None, y="percent")
    return fig
