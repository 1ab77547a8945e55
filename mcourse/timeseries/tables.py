"""Tables as a student reads them: headers, method and event names in the active
language; show them with :func:`mcourse.show`, which writes the numbers the local way
(decimal comma, thousands grouped, no padded decimals)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..i18n import t
from ..i18n.formatting import fmt_decimal, fmt_percent
from ..i18n.tables import labelled as _labelled

HEADERS = ("timeseries.col", "timeseries.method", "timeseries.event")
ROWS = ("timeseries.method", "timeseries.event", "timeseries.col")

PERCENT = {"coverage", "effect", "effect_lower", "effect_upper", "truth", "weekly_truth",
           "daily_truth", "coverage_all", "coverage_holiday", "coverage_other"}
"""Columns holding shares (0.35), shown as percentages (35 %)."""

P_FLOOR = 0.001
"""p-values below this are shown as "< 0,001" rather than as a row of zeros."""


def _p_text(value, bound: str, digits: int) -> str:
    """A p-value as text: ``0,027``, ``< 0,001``, or with a table bound ``< 0,01``."""
    if pd.isna(value):
        return ""
    if value < P_FLOOR and not bound:
        return f"< {fmt_decimal(P_FLOOR)}"
    text = fmt_decimal(round(float(value), max(digits, 3)))
    return f"{bound} {text}" if bound else text


def labelled(table: pd.DataFrame, digits: int | None = None) -> pd.DataFrame:
    """A copy of a result table (ranking, effects, tests...) ready to show.

    Headers and row names (methods, events) are translated, and yes/no columns read
    as words (نعم / لا, tak / nie). With ``digits``, shares
    (columns in :data:`PERCENT`) become percentages with one decimal (``35,2%``) and the
    other numbers are rounded to ``digits`` decimals, staying numbers so that
    :func:`mcourse.show` writes them in the language's format without padding (``30``,
    never ``30,000``); a ``p_value`` column becomes text such as ``0,027`` or ``< 0,001``,
    with the KPSS table bound of ``p_bound`` (``< 0,01``) folded into it. The result is
    for reading only: compute with the original table.
    """
    out = table.to_frame() if isinstance(table, pd.Series) else table.copy()
    for column in out.columns:
        if pd.api.types.is_bool_dtype(out[column]):
            out[column] = [t("timeseries.word.yes") if v else t("timeseries.word.no")
                           for v in out[column]]
    if digits is not None and "p_value" in out.columns:
        bounds = out.pop("p_bound") if "p_bound" in out.columns else pd.Series("", index=out.index)
        out["p_value"] = [_p_text(v, b, digits) for v, b in zip(out["p_value"], bounds, strict=True)]
    if digits is not None:
        for column in out.columns:
            series = out[column]
            if not pd.api.types.is_numeric_dtype(series):
                continue
            if str(column) in PERCENT:
                out[column] = ["" if pd.isna(v) else fmt_percent(v, 1) for v in series]
            elif pd.api.types.is_float_dtype(series):
                out[column] = np.round(series, digits)
    return _labelled(out, HEADERS, rows=ROWS)
