"""Show a result table with headers in the lesson's language.

Functions of ``mcourse.clv`` and ``mcourse.crm`` return tables with short English column
names, so that code reads the same in every language (``table["recency_days"]``).
``labelled(table)`` is the copy to *show*: headers, the index name and segment names
translated through the message catalogue (see :mod:`mcourse.i18n.tables`).
"""

from __future__ import annotations

import pandas as pd

from ..i18n.formatting import fmt_month
from ..i18n.tables import labelled as _labelled
from ..i18n.tables import translate

PREFIXES = {"crm": ("crm.col", "clv.col"), "clv": ("clv.col", "crm.col")}
"""Where headers are looked up, per lesson: the same short name (``frequency``) means
"orders in 12 months" in a CRM table and "repeat purchases" in a CLV summary."""

OUTCOME = ("crm.outcome",)
SEGMENT = ("crm.segment",)
RULE = ("crm.rule",)


def header(name, topic: str = "crm") -> str:
    """The translated header of column ``name`` (unchanged if the catalogue has none)."""
    return translate(name, PREFIXES[topic])


def segment_name(code: str) -> str:
    """Name of an RFM segment (``"champions"`` → « Champions », « الأبطال »...)."""
    return translate(code, SEGMENT)


def labelled(table: pd.DataFrame | pd.Series, digits: int | None = None,
             topic: str = "crm", codes: dict[str, str] | None = None) -> pd.DataFrame:
    """A display copy of ``table``: translated headers, index name and segment names.

    With ``digits``, numbers are written as the language writes them (``1 234,57`` in
    Polish) with that many decimals (whole numbers keep none); the copy is then text, for
    reading only. ``topic="clv"`` reads the headers of lesson 04 first. ``codes`` names
    the kind of code in other columns, e.g. ``{"gender": "gender", "acquisition_channel":
    "channel", "region": "region"}``, so their values show as words (``label.<kind>.<code>``
    in the catalogue). Cohorts ("2024-01") in the index or a ``cohort`` column are shown by
    month name (``جانفي 2024``, ``styczeń 2024``).
    """
    headers = PREFIXES[topic]
    if table.index.name == "cohort" or (isinstance(table, pd.DataFrame)
                                        and "cohort" in table.columns):
        table = table.copy()
        if table.index.name == "cohort":
            table.index = pd.Index([fmt_month(str(c)) for c in table.index], name="cohort")
        if isinstance(table, pd.DataFrame) and "cohort" in table.columns:
            table["cohort"] = [fmt_month(str(c)) for c in table["cohort"]]
    rows = {"variable": headers, "segment": SEGMENT, "rule": RULE}.get(table.index.name)
    values = {"segment": SEGMENT, "outcome": OUTCOME, "predicted": OUTCOME, "actual": OUTCOME}
    values |= {column: (f"label.{kind}",) for column, kind in (codes or {}).items()}
    return _labelled(table, headers, rows=rows, digits=digits, values=values)
