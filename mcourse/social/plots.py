"""Charts of lesson 07, titled and labelled in the active language."""

from __future__ import annotations

import numpy as np

from ..i18n import t
from ..i18n.formatting import weekday_name
from ..plots import figure_and_axes, label, localize_axes


def plot_hour_weekday(table, country: str, relative: bool = False, ax=None):
    """Heatmap of an :func:`~mcourse.social.hour_weekday_table` (hours × weekdays) for
    ``country``; empty cells (no post at that time) stay blank. ``relative``: the table
    holds rates relative to each account's mean (1 = usual), labelled so."""
    fig, ax = figure_and_axes(ax, (7, 6))
    values = np.ma.masked_invalid(table.to_numpy(dtype=float))
    image = ax.imshow(values, aspect="auto", cmap="YlGnBu", origin="upper")
    ax.set_xticks(range(7))
    ax.set_xticklabels([weekday_name(d, "abbreviated") for d in table.columns], rotation=45,
                       ha="right")
    step = max(1, len(table.index) // 8)
    ax.set_yticks(range(0, len(table.index), step))
    ax.set_yticklabels([f"{h}:00" for h in table.index[::step]])
    ax.grid(False)
    bar = fig.colorbar(image, ax=ax)
    bar.set_label(t("social.plot.relative_rate" if relative else "social.plot.engagement_rate"))
    localize_axes(bar.ax, y="number" if relative else "percent")
    label(ax, t(f"social.plot.heatmap_title.{country}"), t("word.weekday"),
          t("social.plot.hour"), x=None, y=None)
    fig.tight_layout()
    return fig


def plot_rates(table, title_key: str, names: dict | None = None, ax=None):
    """Bars of the ``rate_of_sums`` column of an :func:`~mcourse.social.engagement_rate`
    table, one bar per group (``names`` maps group codes to words)."""
    names = names or {}
    fig, ax = figure_and_axes(ax, (7, 4))
    ax.bar([names.get(k, str(k)) for k in table.index], table["rate_of_sums"])
    label(ax, t(title_key), None, t("social.plot.engagement_rate"), x=None, y="percent")
    fig.tight_layout()
    return fig
