"""Charts of lesson 01, titled and labelled in the lesson's language (codes as words).

Each function takes ``ax=`` (or draws its own figure) and returns the Figure. Tick labels
follow the language's number format (:func:`mcourse.plots.localize_axes`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..data.calendar import WEEKEND
from ..i18n import has, t
from ..i18n.formatting import fmt_percent, weekday_name
from ..plots import PALETTE, figure_and_axes, label, localize_axes, side_by_side

CURRENCY = {"DZ": "DZD", "PL": "PLN"}


def code_label(kind: str, code) -> str:
    """The words for a code (``label.<kind>.<code>``), or the code itself if none."""
    key = f"label.{kind}.{code}"
    return t(key) if has(key) else str(code)


def plot_hour_weekday(grid: pd.DataFrame, country: str, ax=None, vmax: float | None = None):
    """Heatmap of :func:`~mcourse.behaviour.questions.hour_weekday`: weekdays × hours.

    Weekend rows are named in bold, so the Friday-Saturday weekend of Algeria and the
    Saturday-Sunday weekend of Poland stand out.
    """
    fig, ax = figure_and_axes(ax, (11, 4.5))
    hours = [h for h in grid.columns if grid[h].sum() > 0]
    first, last = min(hours), max(hours)
    shown = grid.loc[:, first:last]
    image = ax.imshow(shown.to_numpy(float), aspect="auto", cmap="YlOrRd", vmin=0,
                      vmax=vmax if vmax is not None else float(shown.to_numpy().max()))
    ax.set_yticks(range(len(shown.index)),
                  [weekday_name(int(d)) for d in shown.index])
    for tick, day in zip(ax.get_yticklabels(), shown.index, strict=True):
        if int(day) in WEEKEND[country]:
            tick.set_fontweight("bold")
    ax.set_xticks(range(0, len(shown.columns), 2), [str(h) for h in shown.columns[::2]])
    ax.grid(False)
    bar = fig.colorbar(image, ax=ax, fraction=0.04, pad=0.02)
    bar.set_label(t("behaviour.axis.orders_per_hour"))
    localize_axes(bar.ax, y="number")
    label(ax, t("behaviour.title.hour_weekday", country=code_label("country", country)),
          t("behaviour.axis.hour"), t("word.weekday"), x=None, y=None)
    return fig


def plot_shares(shares: pd.DataFrame, column: str, by: str | None = "country", ax=None,
                title: str | None = None, top: int | None = None):
    """Horizontal bars of a :func:`~mcourse.behaviour.questions.share_table`, with the
    Wilson interval of each share as a whisker; one colour per ``by`` group (countries)."""
    groups = list(pd.unique(shares[by])) if by else [None]
    codes = list(pd.unique(shares.sort_values("share", ascending=False)[column]))
    if top is not None:
        codes = codes[:top]
    fig, ax = figure_and_axes(ax, (10, 0.45 * len(codes) * max(1, len(groups)) + 1.8))
    height = 0.8 / len(groups)
    y = np.arange(len(codes))
    for i, group in enumerate(groups):
        part = shares if group is None else shares[shares[by] == group]
        part = part.set_index(column).reindex(codes)
        values = part["share"].fillna(0).to_numpy()
        offset = y + (i - (len(groups) - 1) / 2) * height
        errors = None
        if "ci_low" in part:
            errors = np.vstack([values - part["ci_low"].fillna(0).to_numpy(),
                                part["ci_high"].fillna(0).to_numpy() - values])
        name = None if group is None else code_label(by, group)
        ax.barh(offset, values, height=height * 0.95, xerr=errors, capsize=2,
                color=PALETTE[i % len(PALETTE)], label=name)
    ax.set_yticks(y, [code_label(column, c) for c in codes])
    ax.invert_yaxis()
    if by:
        ax.legend(title=t(f"behaviour.col.{by}") if has(f"behaviour.col.{by}") else None)
    label(ax, title or t(f"behaviour.title.share_{column}"), t("behaviour.axis.share"),
          None, x="percent", y=None)
    return fig


def plot_monthly(monthly: pd.DataFrame, country: str, ax=None, color=None):
    """Orders per day, month by month; months with Ramadan days shaded."""
    fig, ax = figure_and_axes(ax, (11, 4.5))
    months = monthly.index
    ax.plot(months, monthly["orders_per_day"], marker="o", color=color or PALETTE[0])
    shaded = False
    for month, days in monthly["ramadan_days"].items():
        if days > 0:
            end = month + pd.offsets.MonthBegin(1)
            ax.axvspan(month, end, color=PALETTE[2], alpha=0.08 + 0.25 * days / 31,
                       label=None if shaded else t("behaviour.legend.ramadan"), lw=0)
            shaded = True
    if shaded:
        ax.legend(loc="upper left")
    ax.set_ylim(bottom=0)
    label(ax, t("behaviour.title.monthly", country=code_label("country", country)),
          t("word.month"), t("behaviour.axis.orders_per_day"), x="month", y="number")
    return fig


def plot_countries(baskets: dict[str, pd.DataFrame], value: str = "mean_value",
                   by_kind: str = "category", fig=None):
    """Algeria and Poland side by side: one panel each, money in its own currency.

    ``baskets`` maps a country code to a :func:`~mcourse.behaviour.questions.basket_by`
    table (indexed by ``by_kind`` codes). Each panel's ticks are written in that country's
    currency (دج / DZD and zł / PLN): the amounts cannot share one axis.
    """

    countries = list(baskets)
    fig, axes = side_by_side(len(countries), (6, 5), fig)
    order = list(baskets[countries[0]].sort_values(value, ascending=False).index)
    for i, (ax, country) in enumerate(zip(axes, countries, strict=True)):
        table = baskets[country].reindex(order)
        ax.barh(range(len(order)), table[value].to_numpy(), color=PALETTE[i % len(PALETTE)])
        ax.set_yticks(range(len(order)), [code_label(by_kind, c) for c in order])
        ax.invert_yaxis()
        label(ax, code_label("country", country),
              t(f"behaviour.axis.{value}", currency=t(f"behaviour.currency.{CURRENCY[country]}")),
              None, x=None, y=None)
        localize_axes(ax, x="money", currency=CURRENCY[country])
        from matplotlib.ticker import MaxNLocator

        ax.xaxis.set_major_locator(MaxNLocator(5, steps=[1, 2, 5, 10]))
        ax.tick_params(axis="x", labelrotation=30)
    fig.suptitle(t(f"behaviour.title.countries_{value}"))
    fig.tight_layout()
    return fig


def plot_trends(demand: pd.DataFrame, trends: pd.DataFrame, country: str, products=None,
                ncols: int = 4, level: float = 0.95):
    """Small multiples: monthly units of each product, its fitted trend and 95 % band.

    Each panel's title names the product and its yearly growth with the interval.
    """
    import matplotlib.pyplot as plt

    from .trends import trend_line

    products = list(products or trends.index)
    nrows = int(np.ceil(len(products) / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(3.6 * ncols, 3.0 * nrows + 0.8),
                             squeeze=False, sharex=True)
    colours = {"growing": PALETTE[2], "declining": PALETTE[3], "unclear": PALETTE[7]}
    for ax, product in zip(axes.flat, products, strict=False):
        line = trend_line(demand, product, level)
        row = trends.loc[product]
        colour = colours[row["verdict"]]
        ax.plot(line["month"], line["units"], color=PALETTE[5], lw=1, alpha=0.8)
        ax.fill_between(line["month"], line["ci_low"], line["ci_high"], color=colour, alpha=0.3,
                        lw=0)
        ax.plot(line["month"], line["trend"], color=colour, lw=2)
        ax.set_ylim(bottom=0)
        growth = t("behaviour.trend.growth_short", rate=fmt_percent(row["growth_rate"], 0),
                   low=fmt_percent(row["rate_low"], 0), high=fmt_percent(row["rate_high"], 0))
        ax.set_title(f"{code_label('product', product)}\n{growth}", fontsize=11)
        ax.tick_params(labelsize=9)
        localize_axes(ax, x=None, y="number")
        import matplotlib.dates as mdates

        ax.xaxis.set_major_locator(mdates.YearLocator(2))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    for ax in list(axes.flat)[len(products):]:
        ax.set_visible(False)
    fig.supylabel(t("behaviour.axis.units_per_month"))
    fig.suptitle(t("behaviour.title.trends", country=code_label("country", country)))
    fig.tight_layout()
    return fig


def plot_growth(trends: dict[str, pd.DataFrame], ax=None):
    """Yearly growth of each product with its 95 % interval, one colour per country.

    Intervals entirely right of 0: a product the market needs more of; left of 0: a
    product on its way out; across 0: the data cannot tell.
    """
    countries = list(trends)
    products = list(trends[countries[0]].index)
    fig, ax = figure_and_axes(ax, (10, 0.55 * len(products) + 2))
    y = np.arange(len(products))
    for i, country in enumerate(countries):
        part = trends[country].reindex(products)
        offset = y + (i - (len(countries) - 1) / 2) * 0.3
        rate = part["growth_rate"].to_numpy(float)
        errors = np.vstack([rate - part["rate_low"].to_numpy(float),
                            part["rate_high"].to_numpy(float) - rate])
        ax.errorbar(rate, offset, xerr=errors, fmt="o", capsize=3, color=PALETTE[i],
                    label=code_label("country", country))
    ax.axvline(0, color="black", lw=1)
    ax.set_yticks(y, [code_label("product", p) for p in products])
    ax.invert_yaxis()
    ax.legend()
    label(ax, t("behaviour.title.growth"), t("behaviour.axis.growth_rate"), None,
          x="percent", y=None)
    return fig


def plot_week_heatmaps(orders: pd.DataFrame, countries=("DZ", "PL")):
    """The hour × weekday grid of each country side by side, in one figure."""

    from .questions import hour_weekday

    fig, axes = side_by_side(len(countries), (8, 4.8))
    for ax, country in zip(axes, countries, strict=True):
        grid = hour_weekday(orders[orders["country"] == country])
        plot_hour_weekday(grid, country, ax=ax)
        ax.set_title(code_label("country", country))
    fig.suptitle(t("behaviour.title.week_heatmaps"))
    fig.tight_layout()
    return fig


def plot_online_share(survey: pd.DataFrame, by: str = "income_quintile", ax=None):
    """Share of survey respondents who bought online, per group, one bar per country."""
    from .survey import online_share

    rows = []
    for country in pd.unique(survey["country"].astype(str)):
        part = online_share(survey[survey["country"] == country], by).reset_index()
        part.insert(0, "country", country)
        rows.append(part)
    shares = pd.concat(rows, ignore_index=True)
    shares[by] = shares[by].astype(str)
    order = list(pd.unique(shares[by]))
    fig, ax = figure_and_axes(ax, (10, 5))
    countries = list(pd.unique(shares["country"]))
    width = 0.8 / len(countries)
    x = np.arange(len(order))
    for i, country in enumerate(countries):
        part = shares[shares["country"] == country].set_index(by).reindex(order)
        values = part["share"].to_numpy(float)
        errors = np.vstack([values - part["ci_low"].to_numpy(float),
                            part["ci_high"].to_numpy(float) - values])
        ax.bar(x + (i - (len(countries) - 1) / 2) * width, values, width * 0.95, yerr=errors,
               capsize=3, color=PALETTE[i], label=code_label("country", country))
    names = [code_label(by, c) if by != "age_group" else c for c in order]
    ax.set_xticks(x, names, rotation=20 if by == "income_quintile" else 0,
                  ha="right" if by == "income_quintile" else "center")
    ax.set_ylim(0, 1)
    ax.legend()
    label(ax, t(f"behaviour.title.online_{by}"), t(f"behaviour.col.{by}"),
          t("behaviour.axis.online_share"), x=None, y="percent")
    return fig
