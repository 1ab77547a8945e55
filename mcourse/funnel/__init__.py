"""The digital consumer journey and the sales funnel (lesson 02).

- :mod:`.counts` — the funnel from session data: reached, step conversion with its
  Wilson interval, drop-off, overall conversion, by channel and by device;
- :mod:`.intervals` — the Wilson interval of a proportion (statsmodels);
- :mod:`.truth` — the market simulator's true funnel, to check the intervals against;
- :mod:`.plots` — the funnel chart and step conversions with their intervals.

Data: ``market_sessions`` (the last stage each session reached, with its channel and
device). The interactive explorer is :func:`mcourse.widgets.funnel_explorer`.
"""

from __future__ import annotations

from .counts import best_group, biggest_drop, depth, funnel_table, reached_counts, step_rate
from .intervals import wilson_interval
from .plots import plot_funnel, plot_overall, plot_step_rates
from .truth import coverage, simulate_sessions, true_funnel

__all__ = ["best_group", "biggest_drop", "coverage", "depth", "funnel_table", "labelled",
           "plot_funnel", "plot_overall", "plot_step_rates", "reached_counts",
           "simulate_sessions", "step_rate", "true_funnel", "wilson_interval"]


def labelled(table, digits: int | None = 3, codes: dict[str, str] | None = None):
    """A display copy of a funnel table: headers and stage, channel, device names in words,
    rates as percentages."""
    from ..i18n.tables import labelled as _labelled

    values = {"stage": ("label.stage",)}
    values |= {column: (f"label.{kind}",) for column, kind in (codes or {}).items()}
    for column in ("channel", "device", "country"):
        if column in getattr(table, "columns", []):
            values.setdefault(column, (f"label.{column}",))
    index = getattr(table, "index", None)
    rows = {"stage": ("label.stage",), "channel": ("label.channel",),
            "device": ("label.device",)}.get(getattr(index, "name", None))
    return _labelled(table, ("funnel.col", "behaviour.col"), rows=rows, values=values,
                     digits=digits,
                     percent=("step_rate", "ci_low", "ci_high", "drop_off", "overall_rate",
                              "true_step_rate", "true_overall_rate"))
