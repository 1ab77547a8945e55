"""From a list of transactions to the four numbers per customer that CLV models read.

For every customer, over an observation window that ends at ``observation_end``:

- ``frequency`` (x): number of *repeat* purchases, i.e. purchase days after the first one;
- ``recency`` (t_x): time from the first to the last purchase (0 without repeat purchases);
- ``T``: time from the first purchase to the end of observation;
- ``monetary_value``: average value of the repeat purchases (0 without any).

These are the inputs of the BG/NBD and Gamma-Gamma models (Fader, Hardie & Lee 2005a,
section 4; 2005b, section "Spend"). Several purchases on the same day count as one
purchase whose value is their sum, as in the CDNOW summaries published by Fader and Hardie.
Times are measured in units of ``unit_days`` days (7 = weeks, as in the papers).
"""

from __future__ import annotations

import pandas as pd

from ..errors import CourseError
from ._checks import check_no_missing, require_columns, rows_text


def rfm_summary(transactions: pd.DataFrame, customer: str = "customer_id", date: str = "date",
                amount: str | None = "amount", observation_end=None,
                unit_days: float = 7.0) -> pd.DataFrame:
    """One row per customer: ``frequency``, ``recency``, ``T`` and ``monetary_value``.

    ``observation_end`` defaults to the last transaction date; a transaction dated after it
    is an error (cut the table first: ``tx[tx.date <= end]``). A negative or missing amount
    is an error naming the rows: refunds must be netted before the summary, not hidden in it.
    With ``amount=None`` the summary has no ``monetary_value`` column.
    """
    needed = [customer, date] + ([amount] if amount else [])
    require_columns(transactions, needed)
    check_no_missing(transactions, needed)

    dates = transactions[date]
    if not pd.api.types.is_datetime64_any_dtype(dates):
        try:
            dates = pd.to_datetime(dates, format="ISO8601")
        except (ValueError, TypeError):
            raise CourseError("clv.error.not_dates", column=date) from None
    days = dates.dt.normalize()

    if amount:
        values = transactions[amount]
        if not pd.api.types.is_numeric_dtype(values):
            raise CourseError("clv.error.not_numeric", column=amount, dtype=str(values.dtype))
        negative = values < 0
        if negative.any():
            raise CourseError("clv.error.negative_amount", column=amount,
                              count=int(negative.sum()),
                              rows=rows_text(transactions.index[negative]))

    end = days.max() if observation_end is None else pd.Timestamp(observation_end).normalize()
    late = days > end
    if late.any():
        raise CourseError("clv.error.after_end", end=end.date().isoformat(),
                          count=int(late.sum()), rows=rows_text(transactions.index[late]))

    # one purchase per customer and day; its value is the day's total
    daily = pd.DataFrame({"customer": transactions[customer].to_numpy(),
                          "day": days.to_numpy(),
                          "value": transactions[amount].to_numpy() if amount else 0.0})
    daily = daily.groupby(["customer", "day"], sort=True, observed=True)["value"].sum()
    daily = daily.reset_index()

    per_customer = daily.groupby("customer", sort=True)
    first = per_customer["day"].min()
    last = per_customer["day"].max()
    n_days = per_customer["day"].size()

    summary = pd.DataFrame(index=first.index)
    summary.index.name = customer
    summary["frequency"] = (n_days - 1).astype("int64")
    summary["recency"] = (last - first).dt.days / unit_days
    summary["T"] = (end - first).dt.days / unit_days
    if amount:
        first_value = daily.drop_duplicates("customer").set_index("customer")["value"]
        repeat_total = per_customer["value"].sum() - first_value
        summary["monetary_value"] = (repeat_total / summary["frequency"]).where(
            summary["frequency"] > 0, 0.0)
    return summary
