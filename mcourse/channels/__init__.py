"""Digital channels and their KPIs (lesson 03).

- :mod:`.kpis` — CTR, CPC, CVR, CPA, ROAS, ROI: the formulas, errors instead of NaN or
  infinity, ratio of sums against average of ratios, a one-campaign KPI sheet;
- :mod:`.campaigns` — the ``campaigns`` dataset's simulator (weekly campaigns per
  channel and country, with the true rates, margins and expected ROAS/ROI);
- :mod:`.viral` — the viral coefficient K and the growth it implies;
- :mod:`.retargeting` — why the naive retargeted-vs-not gap overstates the effect;
- :mod:`.plots` — the lesson's charts.

The KPI calculator widget is :func:`mcourse.widgets.kpi_calculator`.
"""

from __future__ import annotations

from .campaigns import CAMPAIGN_CHANNELS, expected_kpis, simulate_campaigns
from .kpis import (
    KPIS,
    cpa,
    cpc,
    ctr,
    cvr,
    kpi_sheet,
    kpi_table,
    kpis,
    mean_of_ratios,
    pooled_versus_averaged,
    pooling_table,
    roas,
    roi,
    roi_from_profit,
)
from .plots import plot_kpi, plot_retargeting, plot_roas_roi, plot_viral
from .retargeting import (
    conversion_by_group,
    holdout_gap,
    naive_gap,
    readings,
    simulate_retargeting,
    stratified_gap,
    true_naive_gap,
)
from .viral import simulate_viral, viral_coefficient, viral_growth, viral_limit, viral_total

__all__ = ["CAMPAIGN_CHANNELS", "KPIS", "conversion_by_group", "cpa", "cpc", "ctr", "cvr",
           "expected_kpis", "holdout_gap", "kpi_sheet", "kpi_table", "kpis", "labelled",
           "mean_of_ratios", "naive_gap", "pooled_versus_averaged", "pooling_table", "plot_kpi", "plot_retargeting", "plot_roas_roi",
           "plot_viral", "readings", "roas", "roi", "roi_from_profit", "simulate_campaigns",
           "simulate_retargeting", "simulate_viral", "stratified_gap", "true_naive_gap",
           "viral_coefficient", "viral_growth", "viral_limit", "viral_total"]


def labelled(table, digits: int | None = 2, money=(), currency: str | None = None):
    """A display copy of a channels table: headers and channel or stage names in words,
    rates as percentages, ``money`` columns in ``currency``."""
    import pandas as pd

    from ..i18n.formatting import fmt_money
    from ..i18n.tables import labelled as _labelled

    out = table.to_frame() if isinstance(table, pd.Series) else table.copy()
    for column in money:
        out[column] = ["" if pd.isna(v) else fmt_money(v, currency) for v in out[column]]
    index = out.index.name
    rows = {"channel": ("label.channel",), "stage": ("label.stage",),
            "reading": ("channels.reading",)}.get(index)
    values = {c: (f"label.{c}",) for c in ("channel", "stage", "country") if c in out.columns}
    for c in ("shown", "chosen", "holdout", "converted"):
        if c in out.columns:
            values[c] = ("label.answer",)
    return _labelled(out, ("channels.col", "funnel.col", "behaviour.col"), rows=rows,
                     values=values, digits=digits,
                     percent=("ctr", "cvr", "roi", "margin", "rate", "ci_low", "ci_high",
                              "share", "gap", "expected_roi", "pooled_ctr", "average_ctr", "pooled_cvr",
                              "average_cvr", "pooled_roi", "average_roi"))
