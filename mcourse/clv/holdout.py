"""Count what customers really did after the calibration period (to check a forecast)."""

from __future__ import annotations

import pandas as pd

from ._checks import require_columns


def holdout_purchases(transactions: pd.DataFrame, calibration_end, holdout_end,
                      customers=None, customer: str = "customer_id",
                      date: str = "date") -> pd.Series:
    """Purchase days of each customer in (``calibration_end``, ``holdout_end``].

    Same-day purchases count once, as in :func:`rfm_summary`. ``customers`` (e.g. the index
    of the calibration summary) lists who to report, with 0 for those who did not buy.
    """
    require_columns(transactions, [customer, date])
    days = pd.to_datetime(transactions[date]).dt.normalize()
    start = pd.Timestamp(calibration_end).normalize()
    end = pd.Timestamp(holdout_end).normalize()
    inside = (days > start) & (days <= end)
    pairs = pd.DataFrame({"customer": transactions.loc[inside, customer].to_numpy(),
                          "day": days[inside].to_numpy()}).drop_duplicates()
    counts = pairs.groupby("customer").size()
    if customers is not None:
        counts = counts.reindex(pd.Index(customers), fill_value=0)
    counts.index.name = customer
    return counts.astype("int64").rename("holdout_purchases")
