"""Tables as a student reads them: headers, method and event names in the active
language, numbers written the local way (decimal comma in Polish)."""

from __future__ import annotations

import pandas as pd

from ..i18n import has, t
from ..i18n.formatting import fmt_number, fmt_percent

PERCENT = {"coverage", "effect", "effect_lower", "effect_upper", "truth"}
"""Columns holding shares (0.35), shown as percentages (35 %)."""


def _name(value, groups=("col", "method", "event")) -> str:
    for group in groups:
        key = f"timeseries.{group}.{value}"
        if has(key):
            return t(key)
    return str(value)


def labelled(table: pd.DataFrame, digits: int | None = None) -> pd.DataFrame:
    """A copy of a result table (ranking, effects, tests...) ready to show.

    Headers and row names (methods, events) are translated; with ``digits`` the decimal
    numbers become text formatted for the language (shares as percentages). The result is
    for reading only: compute with the original table.
    """
    out = table.copy()
    if digits is not None:
        for column in out.columns:
            if pd.api.types.is_float_dtype(out[column]):
                values = out[column]
                if column in PERCENT:
                    out[column] = ["" if pd.isna(v) else fmt_percent(v, 1) for v in values]
                else:
                    out[column] = ["" if pd.isna(v) else fmt_number(v, digits) for v in values]
    out.columns = [_name(c) for c in out.columns]
    name = out.index.name
    if not isinstance(out.index, pd.DatetimeIndex):
        out.index = [_name(v, ("method", "event", "col")) for v in out.index]
    out.index.name = _name(name) if name else None
    return out
