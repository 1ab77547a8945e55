"""Forecasting models from statsmodels, wrapped to return the course's forecast table.

Nothing is re-implemented here: each function fits a statsmodels model on the training
series and returns (mean, lower, upper) for the next ``horizon`` periods.

* :func:`ses`, :func:`holt`, :func:`holt_winters`: exponential smoothing
  (``statsmodels.tsa.holtwinters``). Their parameters (α, β, γ, the damping φ and the
  initial states) are estimated from the data too: statsmodels chooses the values that
  minimise the sum of squared one-step errors (SSE, least squares). They are methods
  without a probability model, so their intervals are the quantiles of future paths
  simulated by statsmodels' ``simulate`` from the fitted model (seeded). The fitted
  parameters and the SSE are in ``forecast.attrs["params"]``; :func:`fit_smoothing`
  returns statsmodels' own results object.
* :func:`ets`: the same ideas in state-space form (``ETSModel``: Error, Trend,
  Seasonal), estimated by maximum likelihood, whose likelihood gives prediction
  intervals directly.
* :func:`sarimax`: (seasonal) ARIMA, optionally with regressors such as the holiday
  calendar (``SARIMAX``); ``log=True`` models the logarithm, so effects are percentages.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import CourseError, SeriesError
from .checks import check_horizon, check_series, list_dates, season_length
from .frames import check_level, forecast_frame, future_index

REPETITIONS = 1000
"""Simulated paths behind the intervals of the smoothing methods."""

INITIALIZATION = ("estimated", "heuristic", "legacy-heuristic")
"""How the initial level, trend and seasonal values of exponential smoothing are set.

* ``"estimated"``: chosen together with α, β, γ by least squares (statsmodels' default);
* ``"heuristic"``: from a decomposition of the first seasons (Hyndman et al., 2008,
  section 2.6.1), then only α, β, γ are optimised; needs two full seasons, fast even
  with 52-week seasons;
* ``"legacy-heuristic"``: the older rule of statsmodels (averages of the first season).
"""

PARAMETERS = {"alpha": "smoothing_level", "beta": "smoothing_trend",
              "gamma": "smoothing_seasonal", "phi": "damping_trend",
              "initial_level": "initial_level", "initial_trend": "initial_trend"}
"""Course names of the fitted smoothing parameters and their statsmodels names."""


def _choose_initialization(initialization: str) -> str:
    if initialization not in INITIALIZATION:
        raise CourseError("error.unknown_choice", value=initialization, name="initialization",
                          choices=", ".join(INITIALIZATION))
    return initialization


def smoothing_parameters(results) -> dict[str, float]:
    """α, β, γ, φ, the initial level and trend, the SSE and the initialisation of a fit.

    ``results`` is a statsmodels ``HoltWintersResults`` (from :func:`fit_smoothing`).
    A component the model does not have (no trend: β; no season: γ; not damped: φ) is
    NaN. ``sse`` is the sum of squared one-step errors the fit minimised.
    """
    params = results.params
    out = {}
    for name, key in PARAMETERS.items():
        value = params.get(key, np.nan)
        out[name] = float(value) if value is not None and np.isscalar(value) else np.nan
    model = results.model
    if not model.trend:
        out["beta"] = out["initial_trend"] = np.nan
    if not model.seasonal:
        out["gamma"] = np.nan
    if not model.damped_trend:
        out["phi"] = np.nan
    out["sse"] = float(results.sse)
    out["initialization"] = getattr(model, "_initialization_method", None)
    return out


def _simulated(results, y, horizon, level, seed, method) -> pd.DataFrame:
    """Point forecast plus interval quantiles of simulated future paths."""
    paths = results.simulate(horizon, anchor="end", repetitions=REPETITIONS, error="add",
                             rng=np.random.default_rng(seed))
    paths = np.asarray(paths, dtype=float).reshape(horizon, -1)
    tail = (1 - level) / 2
    lower, upper = np.quantile(paths, [tail, 1 - tail], axis=1)
    mean = np.asarray(results.forecast(horizon), dtype=float)
    table = forecast_frame(future_index(y, horizon), mean, lower, upper, level, method)
    table.attrs["params"] = smoothing_parameters(results)
    return table


def _prepare(train, horizon, level, season=None):
    y = check_series(train, season=season, cycles=2 if season else 1)
    return y.astype(float), check_horizon(horizon), check_level(level)


def fit_smoothing(train: pd.Series, trend: str | None = None, seasonal: str | None = None,
                  season: int | None = None, damped: bool = False,
                  initialization: str = "estimated"):
    """Fit exponential smoothing on ``train``; statsmodels' ``HoltWintersResults``.

    ``trend`` and ``seasonal``: None, "add" or "mul"; ``season`` defaults to the usual
    season of the frequency (12 for months); ``initialization``: see
    :data:`INITIALIZATION`. The parameters are estimated by least squares (statsmodels'
    ``fit()``); read them with :func:`smoothing_parameters`.
    """
    from statsmodels.tsa.holtwinters import ExponentialSmoothing

    _choose_initialization(initialization)
    if seasonal is not None:
        season = season or season_length(check_series(train))
    y = check_series(train, season=season if seasonal else None,
                     cycles=2 if seasonal else 1).astype(float)
    model = ExponentialSmoothing(y, trend=trend, damped_trend=damped and trend is not None,
                                 seasonal=seasonal,
                                 seasonal_periods=season if seasonal else None,
                                 initialization_method=initialization)
    return model.fit()


def ses(train: pd.Series, horizon: int, level: float = 0.95, seed: int = 0,
        initialization: str = "estimated") -> pd.DataFrame:
    """Simple exponential smoothing: a level that moves by α × (last error). Flat forecast.

    α and the initial level are estimated by least squares (``attrs["params"]``).
    """
    y, horizon, level = _prepare(train, horizon, level)
    results = fit_smoothing(y, initialization=initialization)
    return _simulated(results, y, horizon, level, seed, "ses")


def holt(train: pd.Series, horizon: int, level: float = 0.95, damped: bool = False,
         seed: int = 0, initialization: str = "estimated") -> pd.DataFrame:
    """Holt's linear method: level plus trend (``damped=True`` flattens the trend over time).

    α, β (and φ when damped) are estimated by least squares (``attrs["params"]``).
    """
    y, horizon, level = _prepare(train, horizon, level)
    results = fit_smoothing(y, trend="add", damped=damped, initialization=initialization)
    return _simulated(results, y, horizon, level, seed, "holt")


def holt_winters(train: pd.Series, horizon: int, level: float = 0.95, season: int | None = None,
                 trend: str | None = "add", seasonal: str = "add", damped: bool = False,
                 seed: int = 0, initialization: str = "heuristic") -> pd.DataFrame:
    """Holt-Winters: level, trend and a seasonal pattern of length ``season``.

    ``seasonal="mul"`` makes the seasonal swing proportional to the level. α, β, γ (and φ)
    are estimated by least squares; ``attrs["params"]`` holds them with the SSE.
    ``initialization`` (see :data:`INITIALIZATION`) is ``"heuristic"`` by default: it
    needs two full seasons and stays fast with 52-week seasons, where estimating 52
    initial seasonal values as well (``"estimated"``) is slow and often does not converge.
    """
    season = season or season_length(check_series(train))
    y, horizon, level = _prepare(train, horizon, level, season)
    results = fit_smoothing(y, trend=trend, seasonal=seasonal, season=season, damped=damped,
                            initialization=initialization)
    return _simulated(results, y, horizon, level, seed, "holt_winters")


def ets(train: pd.Series, horizon: int, level: float = 0.95, error: str = "add",
        trend: str | None = None, damped: bool = False, seasonal: str | None = None,
        season: int | None = None, seed: int = 0) -> pd.DataFrame:
    """ETS state-space model (``ETSModel``) with its own prediction intervals.

    ETS(A,N,N) is simple exponential smoothing, ETS(A,A,N) Holt, ETS(A,A,A) additive
    Holt-Winters; ``error="mul"`` gives errors proportional to the level. The parameters
    are estimated by maximum likelihood.
    """
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    if seasonal is not None:
        season = season or season_length(check_series(train))
    y, horizon, level = _prepare(train, horizon, level, season if seasonal else None)
    model = ETSModel(y, error=error, trend=trend, damped_trend=damped and trend is not None,
                     seasonal=seasonal, seasonal_periods=season if seasonal else None)
    results = model.fit(disp=False)
    n = len(y)
    prediction = results.get_prediction(start=n, end=n + horizon - 1,
                                        rng=np.random.default_rng(seed))
    frame = prediction.summary_frame(alpha=1 - level)
    return forecast_frame(future_index(y, horizon), frame["mean"], frame["pi_lower"],
                          frame["pi_upper"], level, "ets")


def _regressors(exog: pd.DataFrame | None, dates: pd.DatetimeIndex) -> pd.DataFrame | None:
    """The rows of ``exog`` for ``dates``; an error naming the dates it does not cover."""
    if exog is None:
        return None
    if not isinstance(exog, pd.DataFrame | pd.Series):
        raise CourseError("timeseries.error.exog_type", kind=type(exog).__name__)
    missing = dates.difference(exog.index)
    if len(missing):
        raise SeriesError("timeseries.error.exog_dates", count=len(missing),
                          dates=list_dates(missing))
    rows = exog.loc[dates].astype(float)
    if rows.isna().to_numpy().any():
        raise SeriesError("timeseries.error.exog_nan", dates=list_dates(
            rows.index[rows.isna().to_numpy().reshape(len(rows), -1).any(axis=1)]))
    rows.index = dates
    return rows


def fit_sarimax(y: pd.Series, order=(1, 0, 0), seasonal_order=(0, 0, 0, 0),
                trend: str | None = None, exog: pd.DataFrame | None = None,
                log: bool = False):
    """Fit a regression with (S)ARIMA errors on ``y`` (or log y); statsmodels' results.

    y_t = trend_t + b · x_t + u_t, where u_t follows SARIMA(p, d, q)(P, D, Q, m). The
    model is statsmodels' ``ARIMA`` class, which estimates it as a ``SARIMAX`` state-space
    model but keeps the trend and the regressors in the mean, so ``const`` is the level
    and each coefficient reads directly as an effect. ``trend``: None, "c" (constant),
    "t" (linear; with differencing it becomes a drift), "ct". ``exog`` is a table of
    regressors indexed by date covering ``y``'s dates (and possibly the future).
    """
    from statsmodels.tsa.arima.model import ARIMA

    y = check_series(y).astype(float)
    if log:
        if (y <= 0).any():
            bad = y.index[(y <= 0).to_numpy()]
            raise SeriesError("timeseries.error.log_nonpositive", count=len(bad),
                              dates=list_dates(bad))
        y = np.log(y)
    model = ARIMA(y, exog=_regressors(exog, y.index), order=order,
                  seasonal_order=seasonal_order, trend=trend)
    results = model.fit()
    results.course_log = log
    return results


def forecast_from(results, horizon: int, level: float = 0.95,
                  exog: pd.DataFrame | None = None, method: str = "sarimax") -> pd.DataFrame:
    """Forecast table from fitted SARIMAX results (back-transformed when fitted on logs).

    After a log fit, ``mean`` is exp(forecast of log y): the median forecast.
    """
    horizon, level = check_horizon(horizon), check_level(level)
    y = results.model.data.orig_endog
    y = y.iloc[:, 0] if isinstance(y, pd.DataFrame) else y
    dates = future_index(y, horizon)
    future = _regressors(exog, dates) if results.model.k_exog else None
    prediction = results.get_forecast(horizon, exog=future)
    bounds = np.asarray(prediction.conf_int(alpha=1 - level), dtype=float)
    mean = np.asarray(prediction.predicted_mean, dtype=float)
    lower, upper = bounds[:, 0], bounds[:, 1]
    if getattr(results, "course_log", False):
        mean, lower, upper = np.exp(mean), np.exp(lower), np.exp(upper)
    return forecast_frame(dates, mean, lower, upper, level, method)


def sarimax(train: pd.Series, horizon: int, level: float = 0.95, order=(1, 0, 0),
            seasonal_order=(0, 0, 0, 0), trend: str | None = None,
            exog: pd.DataFrame | None = None, log: bool = False) -> pd.DataFrame:
    """Fit (S)ARIMA(X) on ``train`` and forecast ``horizon`` periods with intervals.

    ``order`` = (p, d, q), ``seasonal_order`` = (P, D, Q, m). With ``exog`` (e.g. holiday
    regressors covering the training and the future dates) it is a regression with ARIMA
    errors; the future regressors are known in advance, as a calendar is.
    """
    results = fit_sarimax(train, order, seasonal_order, trend, exog, log)
    seasonal = len(seasonal_order) == 4 and seasonal_order[3] > 1
    name = "sarimax" if exog is not None else "sarima" if seasonal else "arima"
    return forecast_from(results, horizon, level, exog, method=name)


def effects(results, names=None, level: float = 0.95) -> pd.DataFrame:
    """Estimated regressor coefficients with their interval, and as % effects after a log fit.

    After ``log=True`` a coefficient b means the series is multiplied by exp(b) on the
    days the regressor is 1: ``effect`` = exp(b) - 1 (0.35 = 35 % more). By default every
    regressor except the constant is listed.
    """
    level = check_level(level)
    params = results.params
    bounds = results.conf_int(alpha=1 - level)
    if names is None:
        names = [n for n in (results.model.exog_names or []) if n != "const"]
    names = list(names)
    unknown = [n for n in names if n not in params.index]
    if unknown:
        raise CourseError("timeseries.error.no_column", column=", ".join(unknown),
                          columns=", ".join(params.index))
    table = pd.DataFrame({"coef": params[names], "lower": bounds.loc[names, 0],
                          "upper": bounds.loc[names, 1]})
    if getattr(results, "course_log", False):
        for column in ("coef", "lower", "upper"):
            table[f"effect_{column}" if column != "coef" else "effect"] = np.expm1(table[column])
    table.attrs["level"] = level
    return table
