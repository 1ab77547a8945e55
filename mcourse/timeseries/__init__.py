"""Time series and forecasting (lessons 08 and 09).

One room per step of the work, each a short module a student can open:

* :mod:`.checks`: is it a regular series? (gaps, duplicates, frequency, length)
* :mod:`.resample`: from an order log to days, weeks, months; explicit filling
* :mod:`.components`: moving averages, classical and STL decomposition
* :mod:`.stationarity`: ADF and KPSS read in words, differencing
* :mod:`.calendar`: Ramadan, Eid, Christmas, Black Friday as regressors, and what a
  weekly share regressor estimates (:func:`share_coefficient`)
* :mod:`.baselines`: naive, seasonal naive, mean, drift
* :mod:`.models`: exponential smoothing (parameters fitted by least squares, readable in
  ``forecast.attrs["params"]``), ETS and SARIMAX from statsmodels
* :mod:`.metrics`: MAE, RMSE, MAPE, MASE (season = the series' seasonal period by
  default), interval coverage; actual values and forecasts paired by date
* :mod:`.evaluate`: train/test split, rolling origin, ranking of methods
* :mod:`.plots`: the charts; :mod:`.tables`: tables to show; :mod:`.data`: the series

Usage in a lesson::

    from mcourse import timeseries as ts
    weekly = ts.aggregate(daily["orders"], "W", partial="drop")
    table = ts.rolling_origin(weekly, ts.default_methods(season=52), horizon=8, n_origins=12)
    ts.ranking(table)
"""

from __future__ import annotations

from .baselines import drift, mean_forecast, naive, seasonal_naive
from .calendar import event_starts, holiday_regressors, share_coefficient
from .checks import check_series, infer_frequency, missing_periods, season_length
from .components import decompose, moving_average, strength
from .data import daily_sales, elec_equip, order_log, us_macro
from .evaluate import (
    FitWarning,
    default_methods,
    ranking,
    rolling_origin,
    train_test_split,
)
from .metrics import (
    CourseWarning,
    NearZeroWarning,
    accuracy,
    align,
    coverage,
    mae,
    mape,
    mase,
    mase_season,
    rmse,
)
from .models import (
    effects,
    ets,
    fit_sarimax,
    fit_smoothing,
    forecast_from,
    holt,
    holt_winters,
    sarimax,
    ses,
    smoothing_parameters,
)
from .plots import (
    plot_acf_pacf,
    plot_decomposition,
    plot_forecast,
    plot_moving_averages,
    plot_ranking,
    plot_series,
    shade,
)
from .resample import aggregate, fill_missing, regular_series
from .stationarity import difference, is_stationary, stationarity_tests
from .tables import labelled

__all__ = [
    "CourseWarning", "FitWarning", "NearZeroWarning", "accuracy", "aggregate", "align",
    "check_series", "coverage", "daily_sales", "fit_smoothing", "mase_season", "smoothing_parameters",
    "decompose", "default_methods", "difference", "drift", "effects", "elec_equip", "ets",
    "event_starts", "fill_missing", "fit_sarimax", "forecast_from", "holiday_regressors",
    "holt", "holt_winters", "infer_frequency", "is_stationary", "labelled", "mae", "mape",
    "mase", "mean_forecast", "missing_periods", "moving_average", "naive", "order_log",
    "plot_acf_pacf", "plot_decomposition", "plot_forecast", "plot_moving_averages",
    "plot_ranking", "plot_series", "ranking", "regular_series", "rmse", "rolling_origin",
    "sarimax", "seasonal_naive", "season_length", "ses", "shade", "share_coefficient",
    "stationarity_tests",
    "strength", "train_test_split", "us_macro",
]
