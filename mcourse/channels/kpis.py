"""The KPIs of digital campaigns, computed so that a bad input is an error, never a NaN.

    CTR  = clicks / impressions             click-through rate
    CPC  = spend / clicks                   cost per click
    CVR  = conversions / clicks             conversion rate (orders per click)
    CPA  = spend / conversions              cost per acquisition
    ROAS = revenue / spend                  return on ad spend
    ROI  = (revenue · margin − spend) / spend    return on investment (gross profit)

ROAS counts revenue, ROI counts the gross profit the revenue leaves once the goods are
paid: a ROAS of 5 with a 15 % margin loses money (5 × 0.15 − 1 = −25 %), a ROAS of 3 with
a 45 % margin earns 35 %. A campaign breaks even when ROAS = 1 / margin.

Each function takes numbers or arrays (pandas Series keep their index). A zero
denominator (no clicks, no conversions, no spend) or a negative amount raises a
:class:`~mcourse.errors.CourseError` naming the KPI and the rows, in the active language:
a CPA "of infinity" or a silent ``NaN`` in a report is how wrong decisions are made.

Over several campaigns or weeks, a KPI is the **ratio of the sums** (total spend / total
conversions), not the average of each week's ratio: :func:`kpi_table` computes it that
way, :func:`mean_of_ratios` shows how different the average of ratios can be.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import CourseError

KPIS = ("ctr", "cpc", "cvr", "cpa", "roas", "roi")
"""The course's campaign KPIs, in the order of the funnel (exposure → click → sale → money)."""

PARTS = {"ctr": ("clicks", "impressions"), "cpc": ("spend", "clicks"),
         "cvr": ("conversions", "clicks"), "cpa": ("spend", "conversions"),
         "roas": ("revenue", "spend"), "roi": ("gross_profit", "spend")}
"""Numerator and denominator of each KPI (ROI: gross profit − spend over spend)."""

KINDS = {"ctr": "percent", "cvr": "percent", "roi": "percent", "cpc": "money", "cpa": "money",
         "roas": "times"}
"""How each KPI is written: a percentage, an amount of money, or a multiple (× 4,2)."""


def _values(x):
    if isinstance(x, pd.Series):
        return x.to_numpy(dtype=float), x.index
    array = np.asarray(x, dtype=float)
    return array, None


def _rows(mask: np.ndarray, index) -> str:
    positions = np.flatnonzero(np.atleast_1d(mask))
    labels = [str(index[i]) if index is not None else str(i) for i in positions[:5]]
    return ", ".join(labels) + ("…" if len(positions) > 5 else "")


def _check_amount(name: str, values: np.ndarray, index) -> None:
    if np.any(np.isnan(values)):
        raise CourseError("channels.error.missing", what=_word(name),
                          rows=_rows(np.isnan(values), index))
    if np.any(values < 0):
        raise CourseError("channels.error.negative", what=_word(name),
                          rows=_rows(values < 0, index))


def _word(name: str) -> str:
    from ..i18n import t

    return t(f"channels.part.{name}")


def _ratio(kpi: str, numerator, denominator):
    top_name, bottom_name = PARTS[kpi]
    top, index = _values(numerator)
    bottom, index_b = _values(denominator)
    index = index if index is not None else index_b
    if kpi != "roi":
        _check_amount(top_name, top, index)
    _check_amount(bottom_name, bottom, index)
    zero = bottom == 0
    if np.any(zero):
        from ..i18n import t

        raise CourseError("channels.error.zero", kpi=t(f"channels.kpi.{kpi}"),
                          what=_word(bottom_name), rows=_rows(zero, index))
    result = top / bottom
    if index is not None:
        return pd.Series(result, index=index, name=kpi)
    return float(result) if np.ndim(result) == 0 else result


def ctr(clicks, impressions):
    """Click-through rate: clicks / impressions."""
    out = _ratio("ctr", clicks, impressions)
    _not_more(clicks, impressions, "clicks", "impressions")
    return out


def cpc(spend, clicks):
    """Cost per click: spend / clicks."""
    return _ratio("cpc", spend, clicks)


def cvr(conversions, clicks):
    """Conversion rate: conversions / clicks."""
    out = _ratio("cvr", conversions, clicks)
    _not_more(conversions, clicks, "conversions", "clicks")
    return out


def cpa(spend, conversions):
    """Cost per acquisition: spend / conversions."""
    return _ratio("cpa", spend, conversions)


def roas(revenue, spend):
    """Return on ad spend: revenue / spend (a multiple: 4.2 means 4.2 of revenue per 1 spent)."""
    return _ratio("roas", revenue, spend)


def roi(revenue, spend, margin):
    """Return on investment: (revenue × margin − spend) / spend, margin the gross margin
    (a share between 0 and 1 of revenue left once the goods are paid)."""
    m, index = _values(margin)
    bad = np.isnan(m) | (m < 0) | (m > 1)
    if np.any(bad):
        raise CourseError("channels.error.margin", rows=_rows(bad, index))
    r, index_r = _values(revenue)
    _check_amount("revenue", r, index if index is not None else index_r)
    profit = revenue * margin if isinstance(revenue, pd.Series) or isinstance(margin, pd.Series) \
        else r * m
    return roi_from_profit(profit, spend)


def roi_from_profit(gross_profit, spend):
    """ROI from the gross profit itself: (gross profit − spend) / spend."""
    profit, index = _values(gross_profit)
    money, index_s = _values(spend)
    _check_amount("gross_profit", profit, index if index is not None else index_s)
    net = gross_profit - spend if isinstance(gross_profit, pd.Series) else profit - money
    return _ratio("roi", net, spend)


def _not_more(part, whole, part_name, whole_name) -> None:
    p, index = _values(part)
    w, _ = _values(whole)
    if np.any(p > w):
        raise CourseError("channels.error.more_than", part=_word(part_name),
                          whole=_word(whole_name), rows=_rows(p > w, index))


def kpis(spend, impressions, clicks, conversions, revenue, margin) -> dict:
    """All six KPIs of one campaign (numbers) as a dict ``{"ctr": ..., "roi": ...}``."""
    return {"ctr": ctr(clicks, impressions), "cpc": cpc(spend, clicks),
            "cvr": cvr(conversions, clicks), "cpa": cpa(spend, conversions),
            "roas": roas(revenue, spend), "roi": roi(revenue, spend, margin)}


SUMS = ("spend", "impressions", "clicks", "conversions", "revenue", "gross_profit")


def _need(table: pd.DataFrame, columns) -> None:
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise CourseError("channels.error.missing_column", columns=", ".join(missing),
                          found=", ".join(map(str, table.columns)))


def kpi_table(campaigns: pd.DataFrame, by="channel") -> pd.DataFrame:
    """Totals and KPIs per ``by`` group (ratio of sums), one currency at a time.

    Columns: the summed ``spend``, ``impressions``, ``clicks``, ``conversions``,
    ``revenue``, ``gross_profit``, then ``margin`` (gross profit / revenue) and the six
    KPIs computed from the sums.
    """
    _need(campaigns, list(SUMS) + ([by] if isinstance(by, str) else list(by)))
    if "currency" in campaigns and campaigns["currency"].nunique() > 1:
        raise CourseError("behaviour.error.mixed_currencies",
                          found=", ".join(sorted(campaigns["currency"].astype(str).unique())))
    totals = campaigns.groupby(by, observed=True)[list(SUMS)].sum()
    totals["margin"] = _ratio_safe(totals["gross_profit"], totals["revenue"])
    totals["ctr"] = ctr(totals["clicks"], totals["impressions"])
    totals["cpc"] = cpc(totals["spend"], totals["clicks"])
    totals["cvr"] = cvr(totals["conversions"], totals["clicks"])
    totals["cpa"] = cpa(totals["spend"], totals["conversions"])
    totals["roas"] = roas(totals["revenue"], totals["spend"])
    totals["roi"] = roi_from_profit(totals["gross_profit"], totals["spend"])
    return totals


def _ratio_safe(top: pd.Series, bottom: pd.Series) -> pd.Series:
    if (bottom <= 0).any():
        raise CourseError("channels.error.no_revenue", rows=_rows((bottom <= 0).to_numpy(),
                                                                   bottom.index))
    return top / bottom


def mean_of_ratios(campaigns: pd.DataFrame, kpi: str, by="channel") -> pd.Series | float:
    """The average over rows (e.g. weeks) of each row's ``kpi``, per ``by`` group (or over
    all rows with ``by=None``, e.g. the average of the channels' KPIs).

    Shown next to :func:`kpi_table` to see why it is *not* the group's KPI: a week (or a
    channel) with few conversions weighs as much as a busy one, and a week with none has
    no CPA at all (which raises the same error as :func:`cpa`).
    """
    if kpi not in KPIS:
        raise CourseError("error.unknown_choice", value=kpi, name="kpi", choices=", ".join(KPIS))
    top, bottom = PARTS[kpi]
    _need(campaigns, [top, bottom] + ([by] if by else []))
    rows = campaigns.reset_index()
    names = rows["week"].dt.strftime("%Y-%m-%d") if "week" in rows else None
    if names is None:
        first = rows.columns[0]
        names = rows[first].astype(str)
    if by and "week" in rows:
        from ..i18n import has, t

        words = rows[by].astype(str).map(
            lambda code: t(f"label.{by}.{code}") if has(f"label.{by}.{code}") else code)
        label = words + " " + names
    else:
        label = names
    index = pd.Index(label)
    numerator, denominator = rows[top].set_axis(index), rows[bottom].set_axis(index)
    each = (roi_from_profit(numerator, denominator) if kpi == "roi"
            else _ratio(kpi, numerator, denominator))
    values = pd.Series(np.asarray(each), index=rows.index)
    if not by:
        return float(values.mean())
    return values.groupby(rows[by].to_numpy()).mean().rename(kpi)


def pooled_versus_averaged(campaigns: pd.DataFrame, kpi: str) -> dict:
    """One country's ``kpi`` two ways: for all its campaigns together (ratio of the sums,
    the right one) and as the plain average of the channels' own ``kpi``."""
    per_channel = kpi_table(campaigns, "channel")
    pooled = kpi_table(campaigns.assign(all="all"), "all").iloc[0][kpi]
    return {"pooled": float(pooled), "average": mean_of_ratios(per_channel, kpi, by=None)}


def _shown(kpi: str, value: float, currency: str | None) -> str:
    from ..i18n.formatting import fmt_money, fmt_number, fmt_percent

    kind = KINDS[kpi]
    if kind == "percent":
        return fmt_percent(value, 2)
    if kind == "money":
        return fmt_money(value, currency, digits=2)
    return fmt_number(value, 2)


def kpi_sheet(spend, impressions, clicks, conversions, revenue, margin,
              currency: str | None = None):
    """The six KPIs of one campaign as a table to read: each KPI's formula, the formula
    with the campaign's numbers, and the result, in the active language (a
    :class:`mcourse.i18n.display.Table`)."""
    from ..i18n import t
    from ..i18n.display import table
    from ..i18n.formatting import fmt_decimal

    values = kpis(spend, impressions, clicks, conversions, revenue, margin)
    n = {name: fmt_decimal(value, 2) for name, value in (
        ("spend", spend), ("impressions", impressions), ("clicks", clicks),
        ("conversions", conversions), ("revenue", revenue), ("margin", margin))}
    numbers = {"ctr": f"{n['clicks']} ÷ {n['impressions']}",
               "cpc": f"{n['spend']} ÷ {n['clicks']}",
               "cvr": f"{n['conversions']} ÷ {n['clicks']}",
               "cpa": f"{n['spend']} ÷ {n['conversions']}",
               "roas": f"{n['revenue']} ÷ {n['spend']}",
               "roi": f"({n['revenue']} × {n['margin']} − {n['spend']}) ÷ {n['spend']}"}
    frame = pd.DataFrame({
        t("channels.col.formula"): [t(f"channels.formula.{k}") for k in KPIS],
        t("channels.col.calculation"): [numbers[k] for k in KPIS],
        t("channels.col.value"): [_shown(k, values[k], currency) for k in KPIS],
    }, index=pd.Index([t(f"channels.kpi.{k}") for k in KPIS], name=t("channels.col.kpi")))
    return table(frame)


def pooling_table(campaigns: pd.DataFrame, kpis=("ctr", "cvr", "cpa", "roi"),
                  currency: str | None = None) -> pd.DataFrame:
    """For reading: each KPI of all campaigns together and as the average of the
    channels' KPIs, written in the active language (money in ``currency``)."""
    from ..i18n import t

    rows = {}
    for kpi in kpis:
        both = pooled_versus_averaged(campaigns, kpi)
        rows[t(f"channels.kpi.{kpi}")] = {
            t("channels.col.pooled"): _shown(kpi, both["pooled"], currency),
            t("channels.col.average"): _shown(kpi, both["average"], currency)}
    out = pd.DataFrame(rows).T
    out.index.name = t("channels.col.kpi")
    return out
