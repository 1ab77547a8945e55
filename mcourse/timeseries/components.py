"""Trend, seasonality and the rest: moving averages and decompositions.

A series is read as the sum (or product) of components:

* **trend** (and cycle): the slow movement, here estimated by a centred moving average;
* **seasonality**: a pattern that repeats every season (7 days, 12 months, 4 quarters);
* **irregular** (residual): what is left.

Classical decomposition (moving average, then the average seasonal deviation) and STL
(Cleveland et al., 1990: local regressions, robust to outliers, lets the seasonal pattern
change) both come from statsmodels; :func:`decompose` returns them as one table.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import CourseError
from .checks import check_series, season_length

COMPONENTS = ("observed", "trend", "seasonal", "resid")


def moving_average(y: pd.Series, window: int, centred: bool = True) -> pd.Series:
    """Average of ``window`` neighbouring values.

    Centred and odd (e.g. 7): the value at t averages t-3 ... t+3. Centred and even
    (e.g. 12): a 2×12 average, i.e. the mean of two 12-period averages one step apart, so
    it is centred on t again; the two end values get weight 1/24 and the others 1/12.
    Not centred: the average of the last ``window`` values (a trailing average, usable
    in real time). The ends without enough neighbours are NaN.
    """
    if isinstance(window, bool) or not isinstance(window, int | np.integer) or window < 1:
        raise CourseError("timeseries.error.window", window=window)
    y = check_series(y)
    if len(y) < window + (window % 2 == 0 and centred):
        raise CourseError("timeseries.error.window_too_long", window=window, count=len(y))
    if not centred:
        return y.rolling(window).mean()
    if window % 2 == 1:
        return y.rolling(window, center=True).mean()
    return y.rolling(window).mean().rolling(2).mean().shift(-(window // 2))


def decompose(y: pd.Series, period: int | None = None, method: str = "stl",
              model: str = "additive", robust: bool = True) -> pd.DataFrame:
    """Split ``y`` into observed, trend, seasonal and resid columns.

    ``method`` is "classical" (``statsmodels.tsa.seasonal.seasonal_decompose``) or "stl"
    (``statsmodels.tsa.seasonal.STL``); ``period`` defaults to the usual season of the
    frequency (12 for months). ``model="multiplicative"`` (classical only) makes
    observed = trend × seasonal × resid; for STL take the logarithm of the series instead.
    """
    from statsmodels.tsa.seasonal import STL, seasonal_decompose

    if method not in ("classical", "stl"):
        raise CourseError("error.unknown_choice", value=method, name="method",
                          choices="classical, stl")
    if model not in ("additive", "multiplicative"):
        raise CourseError("error.unknown_choice", value=model, name="model",
                          choices="additive, multiplicative")
    y = check_series(y)
    period = period or season_length(y)
    y = check_series(y, season=period, cycles=2)
    if method == "classical":
        result = seasonal_decompose(y, model=model, period=period)
    elif model == "multiplicative":
        raise CourseError("timeseries.error.stl_multiplicative")
    else:
        result = STL(y, period=period, robust=robust).fit()
    table = pd.DataFrame({"observed": y, "trend": result.trend, "seasonal": result.seasonal,
                          "resid": result.resid}, index=y.index)
    table.attrs.update(method=method, model=model, period=period, name=y.name)
    return table


def strength(parts: pd.DataFrame) -> dict[str, float]:
    """Strength of trend and of seasonality, between 0 (none) and 1 (dominant).

    Wang, Smith & Hyndman (2006): F_T = max(0, 1 - var(R) / var(T + R)) and
    F_S = max(0, 1 - var(R) / var(S + R)), R the residual, of an additive decomposition.
    """
    if parts.attrs.get("model") == "multiplicative":
        raise CourseError("timeseries.error.strength_multiplicative")
    p = parts.dropna()
    resid = p["resid"].var()
    trend = max(0.0, 1 - resid / (p["trend"] + p["resid"]).var())
    seasonal = max(0.0, 1 - resid / (p["seasonal"] + p["resid"]).var())
    return {"trend": float(trend), "seasonal": float(seasonal)}
