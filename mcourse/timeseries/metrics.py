"""How far were the forecasts from what happened? Forecast error measures.

With actual values y_t and forecasts ŷ_t over the test period (n values), e_t = y_t - ŷ_t:

* MAE  = mean |e_t|                       (in the series' unit: orders, DZD, points)
* RMSE = sqrt(mean e_t²)                  (same unit, punishes large errors more)
* MAPE = 100 · mean |e_t / y_t|           (percent; undefined when some y_t = 0 and
                                           exploding when y_t is close to 0)
* MASE = MAE / mean |y_t - y_{t-m}| over the *training* period (Hyndman & Koehler, 2006):
  below 1 the method beats the in-sample seasonal naive forecast (m = season, 1 = naive).
* coverage = share of actual values inside the prediction interval (close to its level,
  e.g. 0.95, when the intervals are honest).
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from ..errors import CourseError, SeriesError
from ..i18n import t
from ..i18n.formatting import fmt_number, fmt_percent
from .checks import list_dates

NEAR_ZERO = 0.25
"""MAPE warns when an actual value is below this share of the mean absolute actual."""


class NearZeroWarning(UserWarning):
    """MAPE is dominated by actual values close to zero."""


def _pair(actual, forecast) -> tuple[np.ndarray, np.ndarray]:
    a = np.asarray(actual, dtype=float)
    f = np.asarray(forecast, dtype=float)
    if a.shape != f.shape or a.ndim != 1:
        raise CourseError("timeseries.error.length_mismatch", actual=a.size, forecast=f.size)
    if a.size == 0:
        raise CourseError("timeseries.error.no_values")
    if np.isnan(a).any() or np.isnan(f).any():
        raise CourseError("timeseries.error.nan_in_metric", count=int(np.isnan(a).sum()
                                                                   + np.isnan(f).sum()))
    return a, f


def _where(actual, mask) -> str:
    """Dates (when ``actual`` has a date index) or positions of the masked values."""
    if isinstance(actual, pd.Series) and isinstance(actual.index, pd.DatetimeIndex):
        return list_dates(actual.index[mask])
    positions = np.flatnonzero(mask)
    return ", ".join(map(str, positions[:5])) + (", ..." if len(positions) > 5 else "")


def mae(actual, forecast) -> float:
    """Mean absolute error."""
    a, f = _pair(actual, forecast)
    return float(np.mean(np.abs(a - f)))


def rmse(actual, forecast) -> float:
    """Root mean squared error."""
    a, f = _pair(actual, forecast)
    return float(np.sqrt(np.mean((a - f) ** 2)))


def mape(actual, forecast) -> float:
    """Mean absolute percentage error, in percent (12.5 means 12.5 %).

    Raises an error when an actual value is 0 (division by zero) and warns with
    :class:`NearZeroWarning` when some are close to 0, naming the dates.
    """
    a, f = _pair(actual, forecast)
    zero = a == 0
    if zero.any():
        raise SeriesError("timeseries.error.mape_zero", count=int(zero.sum()),
                          dates=_where(actual, zero))
    terms = np.abs((a - f) / a)
    near = np.abs(a) < NEAR_ZERO * np.mean(np.abs(a))
    if near.any():
        share = terms[near].sum() / terms.sum()
        warnings.warn(t("timeseries.warning.mape_near_zero", count=int(near.sum()),
                        dates=_where(actual, near), share=fmt_percent(share),
                        limit=fmt_number(NEAR_ZERO * np.mean(np.abs(a)), 2)),
                      NearZeroWarning, stacklevel=2)
    return float(100 * np.mean(terms))


def mase_scale(train, season: int = 1) -> float:
    """Mean absolute ``season``-step difference of the training series (MASE's denominator)."""
    y = np.asarray(train, dtype=float)
    if season < 1 or y.size <= season:
        raise CourseError("timeseries.error.mase_short", count=y.size, season=season)
    scale = float(np.mean(np.abs(y[season:] - y[:-season])))
    if not scale > 0:
        raise CourseError("timeseries.error.mase_constant", season=season)
    return scale


def mase(actual, forecast, train, season: int = 1) -> float:
    """Mean absolute scaled error: MAE divided by :func:`mase_scale` of the training data."""
    return mae(actual, forecast) / mase_scale(train, season)


def coverage(actual, lower, upper) -> float:
    """Share of actual values inside [lower, upper]."""
    a, lo = _pair(actual, lower)
    _, hi = _pair(actual, upper)
    return float(np.mean((a >= lo) & (a <= hi)))


def accuracy(actual, forecast, train=None, season: int = 1) -> dict[str, float]:
    """MAE, RMSE, MAPE, MASE (and coverage when ``forecast`` has lower/upper) in one dict.

    ``forecast`` is a forecast table (columns mean, lower, upper) or plain values. MAPE is
    NaN, with a warning, when an actual value is 0; MASE is NaN without ``train``.
    """
    point = forecast["mean"] if isinstance(forecast, pd.DataFrame) else forecast
    out = {"MAE": mae(actual, point), "RMSE": rmse(actual, point)}
    try:
        out["MAPE"] = mape(actual, point)
    except SeriesError as error:
        warnings.warn(str(error), NearZeroWarning, stacklevel=2)
        out["MAPE"] = float("nan")
    out["MASE"] = mase(actual, point, train, season) if train is not None else float("nan")
    if isinstance(forecast, pd.DataFrame) and {"lower", "upper"} <= set(forecast.columns):
        out["coverage"] = coverage(actual, forecast["lower"], forecast["upper"])
    return out
