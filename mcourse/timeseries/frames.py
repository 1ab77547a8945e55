"""The course's forecast table: one row per future period, columns mean, lower, upper.

Every forecasting function of :mod:`mcourse.timeseries` (baselines and statsmodels
wrappers) returns this same shape, so the evaluation loop, the metrics and the plot
work with any of them.
"""

from __future__ import annotations

from statistics import NormalDist

import numpy as np
import pandas as pd

from ..errors import CourseError


def check_level(level: float) -> float:
    """A prediction interval level strictly between 0 and 1 (e.g. 0.95)."""
    if not 0 < level < 1:
        raise CourseError("timeseries.error.level", level=level)
    return float(level)


def z_value(level: float) -> float:
    """The normal quantile of a two-sided interval: 1.96 for 0.95."""
    return NormalDist().inv_cdf(0.5 + check_level(level) / 2)


def future_index(y: pd.Series, horizon: int) -> pd.DatetimeIndex:
    """The ``horizon`` dates following the end of ``y``, at its frequency."""
    freq = y.index.freq
    return pd.date_range(y.index[-1] + freq, periods=horizon, freq=freq, name=y.index.name)


def forecast_frame(index, mean, lower, upper, level: float, method: str) -> pd.DataFrame:
    """Assemble a forecast table; ``attrs`` keep the level and the method's name."""
    table = pd.DataFrame({"mean": np.asarray(mean, dtype=float),
                          "lower": np.asarray(lower, dtype=float),
                          "upper": np.asarray(upper, dtype=float)}, index=index)
    table.attrs.update(level=level, method=method)
    return table
