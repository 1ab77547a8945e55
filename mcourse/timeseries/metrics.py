"""How far were the forecasts from what happened? Forecast error measures.

With actual values y_t and forecasts ŷ_t over the test period (n values), e_t = y_t - ŷ_t:

* MAE  = mean |e_t|                       (in the series' unit: orders, DZD, points)
* RMSE = sqrt(mean e_t²)                  (same unit, punishes large errors more)
* MAPE = 100 · mean |e_t / y_t|           (percent; undefined when some y_t = 0 and
                                           growing without bound as y_t approaches 0)
* MASE = MAE / mean |y_t - y_{t-m}| over the *training* period (Hyndman & Koehler, 2006):
  below 1 the method's errors are smaller, on average, than those of the seasonal naive
  forecast inside the training data.
* coverage = share of actual values inside the prediction interval (close to its level,
  e.g. 0.95, when the intervals are well calibrated).

**The season m of MASE.** One default everywhere (:func:`mase`, :func:`accuracy`,
:func:`mcourse.timeseries.rolling_origin`): the seasonal period of the training series'
frequency (:func:`mcourse.timeseries.season_length`: 7 for days, 52 for weeks, 12 for
months, 4 for quarters, 1 for years), as in Hyndman & Athanasopoulos, *Forecasting:
Principles and Practice* (3rd ed., section 5.8). ``season=1`` scales by the naive
forecast instead; say so when you choose it. Plain lists carry no frequency, so they need
``season=`` explicitly.

**Pairing by date.** When the actual values and the forecasts both carry dates (a Series
or a forecast table indexed by dates), they are paired by date, whatever their order;
if their dates differ, an error names them. Plain lists and arrays are paired by position.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from ..errors import CourseError, SeriesError
from ..i18n import t
from ..i18n.formatting import fmt_number, fmt_percent
from .checks import infer_frequency, list_dates, season_length

NEAR_ZERO = 0.25
"""MAPE warns when an actual value is below this share of the mean absolute actual."""


class CourseWarning(UserWarning):
    """A warning in the active language that keeps its catalogue key and values, so a
    lesson can show it with the display layer: ``mcourse.say(w.key, **w.values)``."""

    def __init__(self, key: str, /, **values):
        self.key, self.values = key, values
        super().__init__(t(key, **values))


class NearZeroWarning(CourseWarning):
    """MAPE is dominated by actual values close to zero (or undefined at a zero)."""


def _dates(values) -> pd.DatetimeIndex | None:
    """The date index of a Series or DataFrame, or None for plain values."""
    index = getattr(values, "index", None)
    return index if isinstance(index, pd.DatetimeIndex) else None


def _values(values) -> np.ndarray:
    if isinstance(values, pd.DataFrame):
        if "mean" not in values.columns:
            raise CourseError("timeseries.error.no_column", column="mean",
                              columns=", ".join(map(str, values.columns)))
        values = values["mean"]
    return np.asarray(values, dtype=float)


def align(actual, forecast, what: str = "mean") -> tuple[pd.Series | np.ndarray, np.ndarray]:
    """Pair actual values with forecasts: by date when both have dates, else by position.

    Returns ``(actual, forecast_values)`` with the forecasts in the order of ``actual``.
    Dated inputs whose dates differ (a forecast one period off, a test set of another
    year) raise :class:`SeriesError` naming the unmatched dates; so do repeated dates.
    A forecast table (columns mean, lower, upper) counts by its ``mean``.
    """
    a_dates, f_dates = _dates(actual), _dates(forecast)
    if a_dates is None or f_dates is None:
        return actual, _values(forecast)
    for dates, name in ((a_dates, getattr(actual, "name", None) or "actual"), (f_dates, what)):
        if dates.has_duplicates:
            raise SeriesError("timeseries.error.duplicates", name=name,
                              count=int(dates.duplicated(keep=False).sum()),
                              dates=list_dates(dates[dates.duplicated(keep=False)].unique()))
    only_actual, only_forecast = a_dates.difference(f_dates), f_dates.difference(a_dates)
    if len(only_actual) or len(only_forecast):
        raise SeriesError("timeseries.error.misaligned", column=what,
                          actual=list_dates(only_actual) or "-",
                          forecast=list_dates(only_forecast) or "-",
                          first=list_dates(a_dates[:1]), last=list_dates(a_dates[-1:]))
    values = pd.Series(_values(forecast), index=f_dates).reindex(a_dates)
    return actual, values.to_numpy()


def _pair(actual, forecast, what: str = "mean") -> tuple[np.ndarray, np.ndarray]:
    actual, f = align(actual, forecast, what)
    a = np.asarray(actual, dtype=float)
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
    """Mean absolute error (paired by date when both inputs have dates)."""
    a, f = _pair(actual, forecast)
    return float(np.mean(np.abs(a - f)))


def rmse(actual, forecast) -> float:
    """Root mean squared error (paired by date when both inputs have dates)."""
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
        warnings.warn(NearZeroWarning("timeseries.warning.mape_near_zero",
                                      count=int(near.sum()), dates=_where(actual, near),
                                      share=fmt_percent(share),
                                      limit=fmt_number(NEAR_ZERO * np.mean(np.abs(a)), 2)),
                      stacklevel=2)
    return float(100 * np.mean(terms))


def mase_season(train, season: int | None = None) -> int:
    """The MASE season: ``season`` if given, else the seasonal period of ``train``'s dates.

    The one default of the course (FPP3, section 5.8): 7 for daily, 52 for weekly, 12 for
    monthly, 4 for quarterly data. Plain lists have no dates, so they need ``season``.
    """
    if season is not None:
        if isinstance(season, bool) or not isinstance(season, int | np.integer) or season < 1:
            raise CourseError("timeseries.error.mase_season_value", season=season)
        return int(season)
    dates = _dates(train)
    freq = None
    if dates is not None:
        freq = dates.freq or infer_frequency(dates)
    if freq is None:
        raise CourseError("timeseries.error.mase_season")
    return season_length(pd.tseries.frequencies.to_offset(freq))


def mase_scale(train, season: int | None = None) -> float:
    """Mean absolute ``season``-step difference of the training series (MASE's denominator).

    ``season`` defaults to the seasonal period of ``train`` (see :func:`mase_season`).
    """
    season = mase_season(train, season)
    y = np.asarray(train, dtype=float)
    if y.size <= season:
        raise CourseError("timeseries.error.mase_short", count=y.size, season=season)
    scale = float(np.mean(np.abs(y[season:] - y[:-season])))
    if not scale > 0:
        raise CourseError("timeseries.error.mase_constant", count=season)
    return scale


def _check_order(actual, train) -> None:
    """The training data must end before the test period starts (when both have dates)."""
    a_dates, t_dates = _dates(actual), _dates(train)
    if a_dates is not None and t_dates is not None and len(a_dates) and len(t_dates):
        if t_dates.max() >= a_dates.min():
            raise SeriesError("timeseries.error.train_after_test",
                              train_end=list_dates(t_dates[t_dates == t_dates.max()][:1]),
                              test_start=list_dates(a_dates[a_dates == a_dates.min()][:1]))


def mase(actual, forecast, train, season: int | None = None) -> float:
    """Mean absolute scaled error: MAE divided by :func:`mase_scale` of the training data.

    ``season`` (m) defaults to the seasonal period of ``train`` (:func:`mase_season`).
    """
    _check_order(actual, train)
    return mae(actual, forecast) / mase_scale(train, season)


def coverage(actual, lower, upper) -> float:
    """Share of actual values inside [lower, upper] (bounds count as inside)."""
    a, lo = _pair(actual, lower, "lower")
    _, hi = _pair(actual, upper, "upper")
    return float(np.mean((a >= lo) & (a <= hi)))


def accuracy(actual, forecast, train=None, season: int | None = None) -> dict[str, float]:
    """MAE, RMSE, MAPE, MASE (and coverage when ``forecast`` has lower/upper) in one dict.

    ``forecast`` is a forecast table (columns mean, lower, upper) or plain values, paired
    with ``actual`` by date when both have dates. MAPE is NaN, with a warning, when an
    actual value is 0; MASE is NaN without ``train``; its season defaults to the seasonal
    period of ``train`` (:func:`mase_season`), as everywhere in the course.
    """
    point = forecast["mean"] if isinstance(forecast, pd.DataFrame) else forecast
    out = {"MAE": mae(actual, point), "RMSE": rmse(actual, point)}
    try:
        out["MAPE"] = mape(actual, point)
    except SeriesError as error:
        if error.key != "timeseries.error.mape_zero":
            raise
        warnings.warn(NearZeroWarning(error.key, **error.values), stacklevel=2)
        out["MAPE"] = float("nan")
    out["MASE"] = mase(actual, point, train, season) if train is not None else float("nan")
    if isinstance(forecast, pd.DataFrame) and {"lower", "upper"} <= set(forecast.columns):
        out["coverage"] = coverage(actual, forecast["lower"], forecast["upper"])
    return out
