"""Result tables as a student reads them: headers, row names and codes in the active
language, numbers written the local way (``1 234,57`` in Polish, ``1.234,57`` in Arabic).

Show the copy with :func:`mcourse.show`, which lays an Arabic table out right to left
(index on the right) and keeps numbers and signs in reading order.

Topic modules return tables with short English column names, so code reads the same in
every language (``table["recency_days"]``); ``labelled`` makes the copy to *show*. Each
topic says where its names live in the catalogue (e.g. ``crm.col.``, ``timeseries.method.``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from . import has, t
from .formatting import fmt_decimal, fmt_number, fmt_percent


def translate(value, prefixes: Sequence[str]) -> str:
    """The catalogue text of ``value`` under the first prefix that has it, else ``value``."""
    for prefix in prefixes:
        if has(f"{prefix}.{value}"):
            return t(f"{prefix}.{value}")
    return str(value)


def labelled(table: pd.DataFrame | pd.Series, headers: Sequence[str], *,
             rows: Sequence[str] | None = None, values: Mapping[str, Sequence[str]] | None = None,
             digits: int | None = None, percent: Sequence[str] = ()) -> pd.DataFrame:
    """A display copy of ``table``.

    ``headers``: catalogue prefixes for column and index names; ``rows``: prefixes for the
    index values (none: kept; a date index is always kept); ``values``: per column, prefixes
    for codes stored in it (e.g. segment names). With ``digits``, numbers become text in the
    language's format: ``percent`` columns as percentages with one decimal, the rest with
    at most ``digits`` decimals and never padded - whole numbers have none (``30``, not
    ``30,000``, which reads as thirty thousand), ``0.250`` is ``0,25``. The copy is for
    reading only: compute with the original.
    """
    out = table.to_frame() if isinstance(table, pd.Series) else table.copy()
    values = values or {}
    for column in out.columns:
        series = out[column]
        if str(column) in values:
            out[column] = series.astype(str).map(lambda v, p=values[str(column)]: translate(v, p))
        elif digits is not None and pd.api.types.is_numeric_dtype(series) \
                and not pd.api.types.is_bool_dtype(series):
            if str(column) in percent:
                out[column] = ["" if pd.isna(v) else fmt_percent(v, 1) for v in series]
            elif pd.api.types.is_integer_dtype(series):
                out[column] = ["" if pd.isna(v) else fmt_number(v, 0) for v in series]
            else:
                out[column] = ["" if pd.isna(v) else fmt_decimal(v, digits) for v in series]
    name = out.index.name
    if rows is not None and not isinstance(out.index, pd.DatetimeIndex):
        out.index = pd.Index([translate(v, rows) for v in out.index])
    out.index.name = translate(name, headers) if name is not None else None
    out.columns = [translate(c, headers) for c in out.columns]
    return out
