"""Tables as a student reads them: headers, method and event names in the active
language, numbers written the local way (decimal comma in Polish)."""

from __future__ import annotations

import pandas as pd

from ..i18n.tables import labelled as _labelled

HEADERS = ("timeseries.col", "timeseries.method", "timeseries.event")
ROWS = ("timeseries.method", "timeseries.event", "timeseries.col")

PERCENT = {"coverage", "effect", "effect_lower", "effect_upper", "truth"}
"""Columns holding shares (0.35), shown as percentages (35 %)."""


def labelled(table: pd.DataFrame, digits: int | None = None) -> pd.DataFrame:
    """A copy of a result table (ranking, effects, tests...) ready to show.

    Headers and row names (methods, events) are translated; with ``digits`` the numbers
    become text formatted for the language (shares as percentages). The result is for
    reading only: compute with the original table.
    """
    return _labelled(table, HEADERS, rows=ROWS, digits=digits, percent=tuple(PERCENT))
