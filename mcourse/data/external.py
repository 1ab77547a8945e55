"""Real data that ships inside installed packages (nothing is downloaded).

statsmodels carries the US macroeconomic series (1959-2009) and Eurostat's turnover
index of electrical-equipment manufacturing in the euro area (1995-2016); these loaders
turn them into tidy tables with real dates.
"""

from __future__ import annotations

import pandas as pd


def us_macro() -> pd.DataFrame:
    """Quarterly US macro data: inflation, unemployment, real disposable income, CPI."""
    from statsmodels.datasets import macrodata

    raw = macrodata.load_pandas().data
    quarter = pd.PeriodIndex.from_fields(year=raw["year"].astype(int),
                                         quarter=raw["quarter"].astype(int), freq="Q")
    return pd.DataFrame({
        "date": quarter.to_timestamp(how="start"),
        "infl": raw["infl"].astype(float),
        "unemp": raw["unemp"].astype(float),
        "realdpi": raw["realdpi"].astype(float),
        "cpi": raw["cpi"].astype(float),
        "realcons": raw["realcons"].astype(float),
        "realgdp": raw["realgdp"].astype(float),
    })


def elec_equip() -> pd.DataFrame:
    """Monthly turnover of electrical equipment manufacturing (index, 2010 = 100), seasonal."""
    from statsmodels.datasets import elec_equip as source

    raw = source.load().data
    return pd.DataFrame({"date": pd.DatetimeIndex(raw.index), "turnover_index":
                         raw.iloc[:, 0].astype(float).to_numpy()})
