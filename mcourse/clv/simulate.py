"""Simulate a customer base from known BG/NBD and Gamma-Gamma parameters.

A model is only trustworthy if, on data made by the model itself, the fit finds the
parameters that made the data. This module makes such data and returns the truth with it:
the parameters and, for each customer, the hidden purchase rate λ, dropout probability p,
spend parameter ν and whether they were still active at the end.

Each customer (Fader, Hardie & Lee 2005a, section 3; 2005b for spend):
makes a first purchase at a random day of the acquisition window; then buys at rate
λ ~ gamma(r, α); after each repeat purchase leaves with probability p ~ beta(a, b); every
purchase has value z ~ gamma(p_spend, ν) with ν ~ gamma(q, γ).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .bgnbd import NAMES as BGNBD_NAMES
from .gammagamma import NAMES as GG_NAMES

DEFAULT_BGNBD = {"r": 0.75, "alpha": 5.0, "a": 0.8, "b": 2.5}
"""Time in weeks: a typical active customer buys every 5/0.75 ≈ 7 weeks."""
DEFAULT_GAMMAGAMMA = {"p": 6.0, "q": 4.0, "gamma": 15.0}
"""Mean purchase value p·γ/(q−1) = 30 currency units."""


def simulate_transactions(n_customers: int = 3000, bgnbd: dict | None = None,
                          gammagamma: dict | None = None, start: str = "2024-01-01",
                          acquisition_weeks: float = 12, total_weeks: float = 78,
                          unit_days: float = 7.0, seed: int = 0):
    """Transactions of ``n_customers`` and the truth that generated them.

    Returns ``(transactions, truth)``: ``transactions`` has ``customer_id``, ``date`` and
    ``amount`` (first purchases included), covering ``total_weeks`` from ``start`` (cut it
    into a calibration and a holdout period as you like); ``truth`` has the parameters
    (``"bgnbd"``, ``"gammagamma"``), the ``"end"`` date and a ``"customers"`` table with
    each customer's ``lam``, ``p``, ``nu``, ``mean_spend``, ``first_date``,
    ``dropout_date`` (NaT if still active) and ``alive_at_end``.
    """
    bg = {**DEFAULT_BGNBD, **(bgnbd or {})}
    gg = {**DEFAULT_GAMMAGAMMA, **(gammagamma or {})}
    rng = np.random.default_rng(seed)
    n = int(n_customers)
    unit = pd.Timedelta(days=unit_days)
    begin = pd.Timestamp(start)

    birth_day = rng.integers(0, int(acquisition_weeks * unit_days), size=n)
    horizon = total_weeks - birth_day / unit_days          # time each customer is watched
    lam = rng.gamma(bg["r"], 1.0 / bg["alpha"], size=n)
    drop = rng.beta(bg["a"], bg["b"], size=n)
    nu = rng.gamma(gg["q"], 1.0 / gg["gamma"], size=n)

    # repeat purchases, one round at a time for all customers still buying
    owners, times = [], []
    clock = np.zeros(n)
    going = np.ones(n, dtype=bool)
    dropped_at = np.full(n, np.nan)
    while going.any():
        idx = np.flatnonzero(going)
        clock[idx] += rng.exponential(1.0 / lam[idx])
        inside = clock[idx] <= horizon[idx]
        buyers = idx[inside]
        owners.append(buyers)
        times.append(clock[buyers])
        leaves = rng.random(buyers.size) < drop[buyers]
        dropped_at[buyers[leaves]] = clock[buyers[leaves]]
        going[idx[~inside]] = False
        going[buyers[leaves]] = False

    owners = np.concatenate([np.arange(n)] + owners)
    offsets = np.concatenate([np.zeros(n)] + times)          # first purchase at offset 0
    days = birth_day[owners] + np.floor(offsets * unit_days).astype(int)
    amounts = rng.gamma(gg["p"], 1.0 / nu[owners])
    ids = np.array([f"C{i + 1:05d}" for i in range(n)])

    transactions = pd.DataFrame({
        "customer_id": ids[owners],
        "date": begin + pd.to_timedelta(days, unit="D"),
        "amount": np.maximum(np.round(amounts, 2), 0.01),
    }).sort_values(["customer_id", "date"], kind="stable").reset_index(drop=True)

    first_date = begin + pd.to_timedelta(birth_day, unit="D")
    dropout = first_date + pd.to_timedelta(np.floor(dropped_at * unit_days), unit="D")
    customers = pd.DataFrame({
        "lam": lam, "p": drop, "nu": nu, "mean_spend": gg["p"] / nu,
        "first_date": first_date,
        "dropout_date": pd.Series(dropout).where(~np.isnan(dropped_at)).to_numpy(),
        "alive_at_end": np.isnan(dropped_at),
    }, index=pd.Index(ids, name="customer_id"))
    truth = {"bgnbd": {k: bg[k] for k in BGNBD_NAMES},
             "gammagamma": {k: gg[k] for k in GG_NAMES},
             "start": begin, "end": begin + total_weeks * unit, "unit_days": unit_days,
             "customers": customers}
    return transactions, truth
