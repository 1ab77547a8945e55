"""Customer lifetime value (lesson 04): from transactions to the value of each customer.

- :func:`rfm_summary` — transactions → frequency, recency, T, monetary value;
- :mod:`.simple` — the margin-multiple formula and the cohort view of CLV;
- :class:`BGNBD` — how often customers buy and whether they are still customers
  (Fader, Hardie & Lee 2005);
- :class:`GammaGamma` — how much they spend per purchase;
- :func:`customer_lifetime_value` — both models together, with a discount rate;
- :func:`simulate_transactions` — data from known parameters, to check the fits;
- :func:`labelled` — any of these tables with headers in the lesson's language.
"""

from __future__ import annotations

from .bgnbd import BGNBD
from .gammagamma import GammaGamma
from .holdout import holdout_purchases
from .lifetime_value import customer_lifetime_value
from .rfm_summary import rfm_summary
from .simple import cohort_clv, simple_clv
from .simulate import simulate_transactions


def labelled(table, digits: int | None = None):
    """A display copy of ``table`` with headers in the lesson's language (see
    :func:`mcourse.crm.labels.labelled`)."""
    from ..crm.labels import labelled as _labelled

    return _labelled(table, digits=digits, topic="clv")

__all__ = ["BGNBD", "GammaGamma", "cohort_clv", "customer_lifetime_value",
           "holdout_purchases", "labelled", "rfm_summary", "simple_clv", "simulate_transactions"]
