"""Judging forecasts honestly: split in time order, then roll the forecast origin.

A forecast is judged on data it has not seen. For a time series the test period is the
*end* of the series, never a random sample (the future does not leak into training).
One split gives one noisy verdict; rolling origin (time series cross-validation) repeats
it: fit on the data up to an origin, forecast ``horizon`` periods, move the origin
forward, repeat. :func:`ranking` then averages the errors of every method over all
origins and ranks them.

A *method* is any function ``f(train, horizon, level=...)`` returning a forecast table
(mean, lower, upper): the baselines, the statsmodels wrappers, or your own, with its
options fixed by ``functools.partial`` (e.g. ``partial(sarimax, order=(1, 0, 0))``).
"""

from __future__ import annotations

import time
import warnings
from functools import partial

import numpy as np
import pandas as pd

from ..errors import CourseError, SeriesError
from ..i18n import has, t
from . import baselines, models
from .checks import check_horizon, check_series, season_length
from .frames import check_level
from .metrics import CourseWarning, NearZeroWarning, align, mape, mase_scale


class FitWarning(CourseWarning):
    """Some fits of a method warned (e.g. statsmodels' ConvergenceWarning); counted once."""


def train_test_split(y: pd.Series, test_size: int) -> tuple[pd.Series, pd.Series]:
    """The last ``test_size`` periods as the test set, everything before as training."""
    y = check_series(y)
    test_size = check_horizon(test_size)
    if test_size >= len(y):
        raise SeriesError("timeseries.error.test_too_long", test=test_size, count=len(y))
    return y.iloc[:-test_size], y.iloc[-test_size:]


def origins(n: int, horizon: int, n_origins: int, step: int | None = None,
            min_train: int = 2) -> list[int]:
    """Training lengths of each origin, the last one leaving exactly ``horizon`` periods.

    Origins are ``step`` periods apart (default: ``horizon``, so test windows do not
    overlap). An error says how many periods are missing when the series is too short.
    """
    horizon, n_origins = check_horizon(horizon), check_horizon(n_origins)
    step = check_horizon(step or horizon)
    lengths = [n - horizon - step * k for k in range(n_origins)][::-1]
    if lengths[0] < min_train:
        raise SeriesError("timeseries.error.too_few_for_origins", count=n, origins=n_origins,
                          horizon=horizon, step=step, min_train=min_train,
                          needed=min_train + horizon + step * (n_origins - 1))
    return lengths


def rolling_origin(y: pd.Series, methods: dict, horizon: int, n_origins: int = 5,
                   step: int | None = None, level: float = 0.95, season: int | None = None,
                   min_train: int | None = None) -> pd.DataFrame:
    """Forecast with every method from every origin; one row per (method, origin, step).

    Columns: method, origin (last training date), h (steps ahead), date, actual, mean,
    lower, upper, scale (the MASE denominator of that origin's training data with
    lag ``season``) and seconds (time of that fit per step). ``season`` defaults to the
    seasonal period of ``y``'s frequency, the same default as :func:`mcourse.timeseries.mase`
    and :func:`mcourse.timeseries.accuracy` (FPP3); ``season=1`` scales by the naive method.
    A method's forecasts are paired with the actual values by date: forecasts dated
    differently from the test window raise an error naming the dates. Warnings raised inside the
    fits (e.g. statsmodels' ConvergenceWarning) are counted and reported once per
    method as a :class:`FitWarning`.
    """
    y = check_series(y)
    level = check_level(level)
    season = season or season_length(y)
    if not methods:
        raise CourseError("timeseries.error.no_methods")
    lengths = origins(len(y), horizon, n_origins, step, min_train or season + 2)
    rows = []
    notes: dict[tuple[str, str], int] = {}
    for n in lengths:
        train, test = y.iloc[:n], y.iloc[n:n + horizon]
        scale = mase_scale(train, season)
        for name, method in methods.items():
            start = time.perf_counter()
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                try:
                    forecast = method(train, horizon, level=level)
                except Exception as error:
                    raise CourseError("timeseries.error.method_failed", method=name,
                                      origin=train.index[-1].date(), error=error) from error
            seconds = time.perf_counter() - start
            _check_forecast(forecast, name, horizon)
            if isinstance(forecast.index, pd.DatetimeIndex):
                align(test, forecast)  # an error naming the dates if dated for another window
                forecast = forecast.reindex(test.index)
            for warning in caught:
                key = (name, warning.category.__name__)
                notes[key] = notes.get(key, 0) + 1
            rows.append(pd.DataFrame({
                "method": name, "origin": train.index[-1], "h": np.arange(1, horizon + 1),
                "date": test.index, "actual": test.to_numpy(dtype=float),
                "mean": forecast["mean"].to_numpy(), "lower": forecast["lower"].to_numpy(),
                "upper": forecast["upper"].to_numpy(), "scale": scale,
                "seconds": seconds / horizon}))
    table = pd.concat(rows, ignore_index=True)
    table.attrs.update(level=level, season=season, horizon=horizon, n_origins=len(lengths))
    for (name, category), count in notes.items():
        label = t(f"timeseries.method.{name}") if has(f"timeseries.method.{name}") else name
        warnings.warn(FitWarning("timeseries.warning.fit_warnings", method=label,
                                 category=category, count=count, fits=len(lengths)),
                      stacklevel=2)
    return table


def _check_forecast(forecast, name: str, horizon: int) -> None:
    """A method must return a table with mean, lower and upper, one row per step ahead."""
    ok = (isinstance(forecast, pd.DataFrame) and {"mean", "lower", "upper"} <= set(forecast)
          and len(forecast) == horizon)
    if not ok:
        raise CourseError("timeseries.error.bad_forecast", method=name, horizon=horizon,
                          got=type(forecast).__name__ if not isinstance(forecast, pd.DataFrame)
                          else f"{len(forecast)} × [{', '.join(map(str, forecast.columns))}]")


def ranking(forecasts: pd.DataFrame, by: str = "MASE") -> pd.DataFrame:
    """One row per method: MAE, RMSE, MAPE, MASE, interval coverage, fit time; best first.

    MASE averages |error| / scale over all origins and steps. MAPE is NaN for a method
    when an actual value is 0 (a warning says so). ``seconds`` is the method's total fit
    time over all origins.
    """
    if by not in ("MAE", "RMSE", "MAPE", "MASE"):
        raise CourseError("error.unknown_choice", value=by, name="by",
                          choices="MAE, RMSE, MAPE, MASE")
    rows = {}
    notes = []
    for name, part in forecasts.groupby("method", sort=False):
        error = part["actual"] - part["mean"]
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", NearZeroWarning)
            try:
                actual = pd.Series(part["actual"].to_numpy(), index=pd.DatetimeIndex(part["date"]))
                mape_value = mape(actual, part["mean"].to_numpy())
            except SeriesError as problem:
                mape_value = float("nan")
                caught = [NearZeroWarning(problem.key, **problem.values)]
        notes += [w for w in (getattr(c, "message", c) for c in caught)
                  if isinstance(w, NearZeroWarning)]
        rows[name] = {
            "MAE": float(np.mean(np.abs(error))),
            "RMSE": float(np.sqrt(np.mean(error ** 2))),
            "MAPE": mape_value,
            "MASE": float(np.mean(np.abs(error) / part["scale"])),
            "coverage": float(np.mean((part["actual"] >= part["lower"])
                                      & (part["actual"] <= part["upper"]))),
            "seconds": float(part["seconds"].sum()),
        }
    if notes:
        warnings.warn(notes[0], stacklevel=2)
    table = pd.DataFrame.from_dict(rows, orient="index").sort_values(by)
    table.insert(0, "rank", np.arange(1, len(table) + 1))
    table.index.name = "method"
    table.attrs.update(forecasts.attrs)
    return table


def default_methods(season: int, exog: pd.DataFrame | None = None, log: bool = True,
                    seasonal: bool = True) -> dict:
    """The course's line-up: four baselines, exponential smoothing, ETS and (S)ARIMA(X).

    ``season``: the season length of the series (12 for months, 52 for weeks). For
    seasons up to 24 the seasonal ARIMA is the "airline" model (0,1,1)(0,1,1,m); with 52
    weeks a seasonal ARIMA would carry more than 52 states and fit slowly, so an AR(1)
    around a linear trend ("arima") takes its place and the calendar regressors carry
    the season. With ``exog`` (holiday regressors covering training and future dates,
    e.g. with a ``trend`` column) a regression with AR(1) errors is added ("sarimax").
    ``log=True`` fits the ARIMA models on logarithms (positive series whose swings grow
    with the level). ``seasonal=False`` leaves out the seasonal methods (e.g. for
    quarterly inflation, published seasonally adjusted).
    """
    methods = {
        "naive": baselines.naive,
        "seasonal_naive": partial(baselines.seasonal_naive, season=season),
        "mean": baselines.mean_forecast,
        "drift": baselines.drift,
        "ses": models.ses,
        "holt": partial(models.holt, damped=True),
        "holt_winters": partial(models.holt_winters, season=season, damped=True),
        "ets": partial(models.ets, trend="add", damped=True),
    }
    if seasonal and season <= 24:
        methods["sarima"] = partial(models.sarimax, order=(0, 1, 1),
                                    seasonal_order=(0, 1, 1, season), log=log)
    else:
        methods["arima"] = partial(models.sarimax, order=(1, 0, 0),
                                   trend="ct" if seasonal else "c", log=log)
    if not seasonal:
        for name in ("seasonal_naive", "holt_winters"):
            methods.pop(name)
    if exog is not None:
        methods["sarimax"] = partial(models.sarimax, order=(1, 0, 0), trend="c", exog=exog,
                                     log=log)
    return methods
