"""Series for lessons 08-09: real macro data shipped with statsmodels, simulated sales.

* :func:`us_macro`: US quarterly macro series 1959-2009 (course dataset ``us_macro``, from
  ``statsmodels.datasets.macrodata``): inflation, unemployment, income, consumer prices.
* :func:`elec_equip`: euro-area turnover index of electrical equipment manufacturing,
  monthly 1995-2016 (course dataset ``elec_equip``, from ``statsmodels.datasets.elec_equip``),
  seasonal.
* :func:`daily_sales`: an online shop's daily orders in Algeria or Poland from the course
  simulator (:mod:`mcourse.data.market`), with the true holiday effects.
* :func:`order_log`: the same shop's orders one by one, at irregular moments.

Nothing is downloaded: statsmodels ships its datasets inside the package.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..data.market import simulate_daily_sales


def us_macro() -> pd.DataFrame:
    """US quarterly macro data indexed by the first day of each quarter (freq QS-JAN).

    The course dataset ``us_macro`` (``mcourse.load("us_macro")``, from
    ``statsmodels.datasets.macrodata``) with the date as index: ``infl`` (inflation,
    annualised %, 400·Δlog cpi; its first value is 0 because there is no earlier quarter),
    ``unemp`` (unemployment rate, %), ``realdpi`` (real disposable personal income,
    billions of 2005 USD), ``cpi`` (consumer price index), ``realcons``, ``realgdp``.
    """
    from ..data import load

    table = load("us_macro").set_index("date")
    table.index = pd.DatetimeIndex(table.index, freq="QS-JAN", name="date")
    return table


def elec_equip() -> pd.Series:
    """Monthly electrical equipment turnover index (2010 = 100), freq MS, 1995-01 to 2016-05.

    The course dataset ``elec_equip`` (from ``statsmodels.datasets.elec_equip``) as a series.
    """
    from ..data import load

    table = load("elec_equip")
    index = pd.DatetimeIndex(table["date"], freq="MS", name="date")
    return pd.Series(table["turnover_index"].to_numpy(dtype=float), index=index, name="elec_equip")


def daily_sales(country: str = "DZ", start="2021-01-01", end="2024-12-31",
                seed: int = 0) -> tuple[pd.DataFrame, dict]:
    """Simulated daily orders and sales indexed by date (freq D), and the true parameters.

    A thin wrapper over :func:`mcourse.data.market.simulate_daily_sales` that puts the
    date in the index, as time-series functions expect.
    """
    table, truth = simulate_daily_sales(country, start, end, seed)
    table = table.set_index("date")
    table.index = pd.DatetimeIndex(table.index, freq="D", name="date")
    return table, truth


def order_log(country: str = "DZ", start="2024-01-01", end="2024-06-30", seed: int = 0,
              share: float = 1.0) -> pd.DataFrame:
    """One row per order: ``time`` (irregular timestamp), ``amount``.

    Built from :func:`daily_sales`: each day's orders get random times (more in the
    evening) and split the day's sales. ``share`` keeps that fraction of the orders, as
    a small shop or a single product would see them, so some days have no order at all.
    """
    table, truth = daily_sales(country, start, end, seed)
    rng = np.random.default_rng([seed, 8])
    kept = rng.binomial(table["orders"].to_numpy(), share)
    rows = []
    columns = zip(table.index, kept, table["orders"].to_numpy(), table["sales"].to_numpy(),
                  strict=True)
    for day, n, orders, total in columns:
        if n == 0:
            continue
        hours = np.sort(rng.beta(3.0, 1.6, n) * 24 * 3600)
        amounts = rng.dirichlet(np.ones(n) * 4) * total * n / orders
        rows.append(pd.DataFrame({"time": day + pd.to_timedelta(hours.round(), unit="s"),
                                  "amount": amounts.round(2)}))
    log = pd.concat(rows, ignore_index=True)
    log.attrs["currency"] = truth["currency"]
    return log
