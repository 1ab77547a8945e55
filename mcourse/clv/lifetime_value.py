"""Customer lifetime value from the two models: how many purchases × how much each × discount.

For each customer, the expected margin earned in each future period k = 1..K is

    (expected purchases by the end of k − by the end of k−1) × expected spend × margin

(BG/NBD eq. (10) for the purchases, Gamma-Gamma for the spend), and money earned in period k
is worth 1/(1+d)^k today, with d the discount rate per period. CLV is the sum. This is the
discrete version of the "discounted expected residual transactions" of Fader, Hardie & Lee
(2005b); the same sum is used by the ``lifetimes`` and ``pymc-marketing`` libraries.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import CourseError


def customer_lifetime_value(purchases_model, spend_model, summary: pd.DataFrame,
                            periods: int = 12, period_length: float = 52 / 12,
                            discount_rate: float = 0.01, margin: float = 1.0) -> pd.DataFrame:
    """One row per customer: expected purchases, expected spend, P(alive) and the CLV.

    ``period_length`` is the length of one period in the summary's time unit (weeks by
    default: 52/12 weeks = one month); ``discount_rate`` is per period (1 % a month is
    about 12.7 % a year); ``margin`` is the share of revenue that is profit (1 = revenue).
    """
    if not (isinstance(periods, int | np.integer) and periods >= 1):
        raise CourseError("clv.error.bad_periods", value=periods)
    if not -1 < discount_rate:
        raise CourseError("clv.error.bad_discount", value=discount_rate)
    spend = spend_model.expected_spend(summary)
    previous = np.zeros(len(summary))
    value = np.zeros(len(summary))
    for k in range(1, periods + 1):
        cumulative = purchases_model.expected_purchases(k * period_length, summary).to_numpy()
        value += (cumulative - previous) * spend.to_numpy() * margin / (1 + discount_rate) ** k
        previous = cumulative
    return pd.DataFrame({
        "expected_purchases": previous,
        "expected_spend": spend.to_numpy(),
        "prob_alive": purchases_model.prob_alive(summary).to_numpy(),
        "clv": value,
    }, index=summary.index)
