"""Input checks shared by the CLV models: a bad row is named, never silently dropped."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import CourseError


def rows_text(labels, limit: int = 8) -> str:
    """The first few row labels as text, e.g. ``"3, 17, 42 … (+5)"``."""
    labels = list(labels)
    shown = ", ".join(str(label) for label in labels[:limit])
    extra = len(labels) - limit
    return f"{shown} … (+{extra})" if extra > 0 else shown


def require_columns(table: pd.DataFrame, columns) -> None:
    """Every name in ``columns`` is a column of ``table``, else an error listing both."""
    if not isinstance(table, pd.DataFrame):
        raise CourseError("clv.error.not_table", kind=type(table).__name__)
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise CourseError("clv.error.missing_columns", columns=", ".join(missing),
                          found=", ".join(map(str, table.columns)))


def check_no_missing(table: pd.DataFrame, columns) -> None:
    """No empty cell in ``columns``; the error names the rows."""
    for column in columns:
        empty = table[column].isna()
        if empty.any():
            raise CourseError("clv.error.missing_values", column=column,
                              count=int(empty.sum()), rows=rows_text(table.index[empty]))


def check_summary(summary: pd.DataFrame, monetary: bool = False) -> pd.DataFrame:
    """A customer summary that the BG/NBD or Gamma-Gamma model can use.

    Checks, each error naming the customers (index labels): the columns exist and are
    filled; ``frequency`` is a whole number >= 0; ``recency`` is between 0 and ``T``;
    ``recency`` is 0 when there is no repeat purchase; ``T`` > 0 (a customer seen for no
    time at all tells the model nothing); with ``monetary=True``, ``monetary_value`` > 0
    for every customer with repeat purchases.
    """
    columns = ["frequency", "monetary_value"] if monetary else ["frequency", "recency", "T"]
    require_columns(summary, columns)
    check_no_missing(summary, columns)
    for column in columns:
        if not pd.api.types.is_numeric_dtype(summary[column]):
            raise CourseError("clv.error.not_numeric", column=column,
                              dtype=str(summary[column].dtype))
    x = summary["frequency"].to_numpy(dtype=float)
    problems = [
        ((x < 0) | (x % 1 != 0), "clv.error.bad_frequency"),
    ]
    if monetary:
        m = summary["monetary_value"].to_numpy(dtype=float)
        problems.append(((x > 0) & (m <= 0), "clv.error.bad_monetary"))
    else:
        t_x = summary["recency"].to_numpy(dtype=float)
        T = summary["T"].to_numpy(dtype=float)
        problems += [
            (T <= 0, "clv.error.T_zero"),
            ((t_x < 0) | (t_x > T + 1e-9), "clv.error.recency_range"),
            ((x == 0) & (t_x != 0), "clv.error.recency_without_repeat"),
        ]
    for mask, key in problems:
        if np.any(mask):
            raise CourseError(key, count=int(mask.sum()), rows=rows_text(summary.index[mask]))
    return summary
