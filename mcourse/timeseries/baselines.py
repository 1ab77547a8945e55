"""Four simple forecasts every method must beat (Hyndman & Athanasopoulos, *Forecasting:
Principles and Practice*, 3rd ed., sections 5.2 and 5.5).

* **naive**: every future value equals the last observed one;
* **seasonal naive**: equals the value one season earlier (same month last year);
* **mean**: equals the average of the whole history;
* **drift**: continues the straight line from the first to the last observation.

Each returns a forecast table (mean, lower, upper) whose prediction interval assumes
normal errors with the spread of the method's one-step residuals on the history
(FPP3 table 5.2): naive σ√h, seasonal naive σ√(k+1) with k = ⌊(h-1)/m⌋,
mean σ√(1 + 1/T), drift σ√(h(1 + h/(T-1))).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import SeriesError
from .checks import check_horizon, check_series, season_length
from .frames import forecast_frame, future_index, z_value


def _start(train, horizon, level, needed=2):
    y = check_series(train)
    horizon = check_horizon(horizon)
    if len(y) < needed:
        raise SeriesError("timeseries.error.too_short", name=y.name or "y", count=len(y),
                          needed=needed, season=1, cycles=needed)
    return y, horizon, z_value(level)


def naive(train: pd.Series, horizon: int, level: float = 0.95) -> pd.DataFrame:
    """Last value repeated; the interval widens like a random walk's (σ√h)."""
    y, horizon, z = _start(train, horizon, level)
    values = y.to_numpy(dtype=float)
    sigma = np.sqrt(np.mean(np.diff(values) ** 2))
    h = np.arange(1, horizon + 1)
    mean = np.full(horizon, values[-1])
    se = sigma * np.sqrt(h)
    return forecast_frame(future_index(y, horizon), mean, mean - z * se, mean + z * se,
                          level, "naive")


def seasonal_naive(train: pd.Series, horizon: int, level: float = 0.95,
                   season: int | None = None) -> pd.DataFrame:
    """Value of the same period one season earlier (``season`` defaults to the frequency's)."""
    y = check_series(train)
    season = season or season_length(y)
    y, horizon, z = _start(y, horizon, level, needed=season + 1)
    values = y.to_numpy(dtype=float)
    sigma = np.sqrt(np.mean((values[season:] - values[:-season]) ** 2))
    h = np.arange(1, horizon + 1)
    last_season = values[-season:]
    mean = last_season[(h - 1) % season]
    se = sigma * np.sqrt((h - 1) // season + 1)
    return forecast_frame(future_index(y, horizon), mean, mean - z * se, mean + z * se,
                          level, "seasonal_naive")


def mean_forecast(train: pd.Series, horizon: int, level: float = 0.95) -> pd.DataFrame:
    """Average of the history; the same interval at every horizon."""
    y, horizon, z = _start(train, horizon, level)
    values = y.to_numpy(dtype=float)
    sigma = values.std(ddof=1)
    mean = np.full(horizon, values.mean())
    se = np.full(horizon, sigma * np.sqrt(1 + 1 / len(values)))
    return forecast_frame(future_index(y, horizon), mean, mean - z * se, mean + z * se,
                          level, "mean")


def drift(train: pd.Series, horizon: int, level: float = 0.95) -> pd.DataFrame:
    """The line through the first and last values, continued ``horizon`` periods."""
    y, horizon, z = _start(train, horizon, level, needed=3)
    values = y.to_numpy(dtype=float)
    n = len(values)
    slope = (values[-1] - values[0]) / (n - 1)
    resid = np.diff(values) - slope
    sigma = np.sqrt(np.sum(resid ** 2) / (n - 2))
    h = np.arange(1, horizon + 1)
    mean = values[-1] + slope * h
    se = sigma * np.sqrt(h * (1 + h / (n - 1)))
    return forecast_frame(future_index(y, horizon), mean, mean - z * se, mean + z * se,
                          level, "drift")
