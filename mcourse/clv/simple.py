"""CLV without a statistical model: the margin-multiple formula and the cohort view.

The formula (Gupta & Lehmann 2003, "Customers as assets", *Journal of Interactive
Marketing* 17(1), 9-24): a customer brings margin m each period, stays from one period to
the next with probability r (retention), and money is discounted at rate d per period. The
expected margin of period k is m·r^k/(1+d)^k, and the sum over k = 1, 2, ... is

    CLV = m · r / (1 + d − r)

(add m if the current period's margin is still to come: m·(1+d)/(1+d−r)).

The cohort view needs no assumption at all: follow the customers acquired in the same
month and add up, month after month, the discounted margin they really brought.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import CourseError


def simple_clv(margin, retention, discount):
    """m·r/(1+d−r): margin per period × retention / (1 + discount − retention).

    Works on numbers or arrays. Retention must be in [0, 1) and the discount rate > −1.
    """
    m = np.asarray(margin, dtype=float)
    r = np.asarray(retention, dtype=float)
    d = np.asarray(discount, dtype=float)
    if np.any((r < 0) | (r >= 1)) or np.any(np.isnan(r)):
        raise CourseError("clv.error.retention_range", value=retention)
    if np.any(d <= -1) or np.any(np.isnan(d)):
        raise CourseError("clv.error.bad_discount", value=discount)
    value = m * r / (1 + d - r)
    return float(value) if value.ndim == 0 else value


def retention_sensitivity(margin: float, discount: float, retentions=None) -> pd.DataFrame:
    """CLV by the simple formula for a range of retention rates (table for a plot)."""
    if retentions is None:
        retentions = np.round(np.arange(0.30, 0.951, 0.05), 2)
    retentions = np.asarray(retentions, dtype=float)
    return pd.DataFrame({"retention": retentions,
                         "clv": simple_clv(margin, retentions, discount)})


def cohort_clv(transactions: pd.DataFrame, customer: str = "customer_id", date: str = "date",
               amount: str = "amount", margin_rate: float = 1.0,
               annual_discount: float = 0.10) -> pd.DataFrame:
    """Cumulative discounted margin per acquired customer, by monthly cohort and age.

    Cohort = month of a customer's first purchase; age = months since that month (0 = the
    acquisition month itself, not discounted). For every cohort and age: the cohort's size,
    the share of its customers who bought (``retention``), revenue per acquired customer,
    its discounted margin and the running total ``cumulative_clv``.
    """
    from ..crm.cohorts import cohort_activity

    if not -1 < annual_discount:
        raise CourseError("clv.error.bad_discount", value=annual_discount)
    cells = cohort_activity(transactions, customer=customer, date=date, amount=amount)
    monthly = (1 + annual_discount) ** (1 / 12) - 1
    cells["retention"] = cells["active"] / cells["customers"]
    cells["revenue_per_customer"] = cells["revenue"] / cells["customers"]
    cells["discounted_margin"] = (cells["revenue_per_customer"] * margin_rate
                                  / (1 + monthly) ** cells["age"])
    cells["cumulative_clv"] = cells.groupby("cohort", observed=True)["discounted_margin"].cumsum()
    return cells
