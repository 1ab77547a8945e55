"""Show a result table with headers in the lesson's language.

Functions of ``mcourse.clv`` and ``mcourse.crm`` return tables with short English column
names, so that code reads the same in every language (``table["recency_days"]``).
``labelled(table)`` is the copy to *show*: headers, the index name and segment names
translated through the message catalogue.
"""

from __future__ import annotations

import pandas as pd

from ..i18n import has, t
from ..i18n.formatting import fmt_number

PREFIXES = {"crm": ("crm.col.", "clv.col."), "clv": ("clv.col.", "crm.col.")}
"""Where headers are looked up, per lesson: the same short name (``frequency``) means
"orders in 12 months" in a CRM table and "repeat purchases" in a CLV summary."""


def header(name, topic: str = "crm") -> str:
    """The translated header of column ``name`` (unchanged if the catalogue has none)."""
    for prefix in PREFIXES[topic]:
        if has(prefix + str(name)):
            return t(prefix + str(name))
    return str(name)


def segment_name(code: str) -> str:
    """Name of an RFM segment (``"champions"`` → « Champions », « الأبطال »...)."""
    return t(f"crm.segment.{code}") if has(f"crm.segment.{code}") else str(code)


def labelled(table: pd.DataFrame | pd.Series, digits: int | None = None,
             topic: str = "crm") -> pd.DataFrame:
    """A display copy of ``table``: translated headers, index name and segment names.

    With ``digits``, numbers are written as the language writes them (``1 234,57`` in
    Polish) with that many decimals (whole numbers keep none); the copy is then text, for
    reading only. ``topic="clv"`` reads the headers of lesson 04 first.
    """
    out = table.to_frame() if isinstance(table, pd.Series) else table.copy()
    for column in out.columns:
        values = out[column]
        if digits is not None and pd.api.types.is_numeric_dtype(values) \
                and not pd.api.types.is_bool_dtype(values):
            whole = pd.api.types.is_integer_dtype(values)
            out[column] = [("" if pd.isna(v) else fmt_number(v, 0 if whole else digits))
                           for v in values]
        elif str(column) == "segment":
            out[column] = out[column].astype(str).map(segment_name)
        elif str(column) in ("outcome", "predicted", "actual"):
            out[column] = out[column].astype(str).map(lambda v: t(f"crm.outcome.{v}")
                                                      if has(f"crm.outcome.{v}") else v)
    if out.index.name == "variable":
        out.index = out.index.astype(str).map(lambda v: header(v, topic)).rename(
            header("variable", topic))
    elif out.index.name == "segment":
        out.index = out.index.astype(str).map(segment_name).rename(header("segment", topic))
    elif out.index.name is not None:
        out.index = out.index.rename(header(out.index.name, topic))
    out.columns = [header(c, topic) for c in out.columns]
    return out
