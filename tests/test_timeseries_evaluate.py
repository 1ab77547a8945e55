"""The evaluation loop: time order, no peeking at the future, metrics from their definitions."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from mcourse import language
from mcourse.errors import CourseError, SeriesError
from mcourse.timeseries import (
    FitWarning,
    aggregate,
    daily_sales,
    default_methods,
    holiday_regressors,
    labelled,
    naive,
    ranking,
    rolling_origin,
    train_test_split,
)
from mcourse.timeseries.evaluate import origins
from mcourse.timeseries.frames import forecast_frame, future_index


def monthly(n=48, seed=0):
    rng = np.random.default_rng(seed)
    values = 100 + np.arange(n) + 10 * np.sin(np.arange(n) * np.pi / 6) + rng.normal(0, 2, n)
    return pd.Series(values, index=pd.date_range("2019-01-01", periods=n, freq="MS"), name="y")


def test_train_test_split_keeps_time_order():
    y = monthly()
    train, test = train_test_split(y, 6)
    assert len(test) == 6 and train.index[-1] < test.index[0]
    assert test.index[-1] == y.index[-1]
    with pytest.raises(SeriesError):
        train_test_split(y, 48)


def test_origins_positions():
    assert origins(20, 3, 4) == [8, 11, 14, 17]
    assert origins(20, 3, 4, step=1) == [14, 15, 16, 17]
    with language("pl"), pytest.raises(SeriesError) as info:
        origins(20, 5, 4, min_train=6)
    assert info.value.values["needed"] == 6 + 5 + 15 and "20" in str(info.value)


def test_methods_see_only_the_past():
    y = monthly()
    seen = []

    def spy(train, horizon, level=0.95):
        seen.append((train.index[-1], len(train)))
        assert train.index[-1] < y.index[len(train)]  # nothing after the origin
        return forecast_frame(future_index(train, horizon), np.full(horizon, train.iloc[-1]),
                              np.full(horizon, -np.inf), np.full(horizon, np.inf), level, "spy")

    table = rolling_origin(y, {"spy": spy}, horizon=4, n_origins=3)
    assert [n for _, n in seen] == [36, 40, 44]
    first = table[table["origin"] == seen[0][0]]
    assert first["date"].tolist() == list(y.index[36:40])
    assert first["actual"].tolist() == y.iloc[36:40].tolist()
    assert (first["mean"] == y.iloc[35]).all()
    assert first["h"].tolist() == [1, 2, 3, 4]


def test_ranking_metrics_follow_their_definitions():
    y = monthly()
    table = rolling_origin(y, {"naive": naive}, horizon=3, n_origins=4, season=12)
    rank = ranking(table)
    errors, scaled = [], []
    for n in origins(len(y), 3, 4):
        train, test = y.iloc[:n], y.iloc[n:n + 3]
        scale = np.mean(np.abs(train.to_numpy()[12:] - train.to_numpy()[:-12]))
        e = test.to_numpy() - train.iloc[-1]
        errors.extend(e)
        scaled.extend(np.abs(e) / scale)
    errors = np.array(errors)
    assert rank.loc["naive", "MAE"] == pytest.approx(np.mean(np.abs(errors)))
    assert rank.loc["naive", "RMSE"] == pytest.approx(np.sqrt(np.mean(errors ** 2)))
    assert rank.loc["naive", "MASE"] == pytest.approx(np.mean(scaled))
    assert 0 <= rank.loc["naive", "coverage"] <= 1


def test_warnings_inside_fits_are_counted_once():
    y = monthly()

    def noisy(train, horizon, level=0.95):
        warnings.warn("did not converge", RuntimeWarning, stacklevel=1)
        return naive(train, horizon, level)

    with pytest.warns(FitWarning, match="3"):
        rolling_origin(y, {"noisy": noisy}, horizon=2, n_origins=3)


def test_failing_method_is_named():
    def broken(train, horizon, level=0.95):
        raise ValueError("boom")

    with pytest.raises(CourseError, match="broken"):
        rolling_origin(monthly(), {"broken": broken}, horizon=2, n_origins=2)


def test_weekly_sales_lineup_ranks_the_holiday_model_first():
    """On simulated Algerian weekly orders (lesson 09's setup, 12 origins), the model that
    knows the calendar wins; what lesson 09 says about coverage holds: the methods that
    ignore the calendar cover well in ordinary weeks and much worse in the weeks that hold
    a day of Ramadan or Eid, where the calendar model stays closer to the level."""
    table, _ = daily_sales("DZ", "2021-01-04", "2025-06-29", seed=11)
    weekly = aggregate(table["orders"], "W")
    x = holiday_regressors(weekly.index, "DZ", trend=True)
    methods = default_methods(52, exog=x)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FitWarning)
        forecasts = rolling_origin(weekly, methods, horizon=8, n_origins=12)
    result = ranking(forecasts)
    assert result.index[0] == "sarimax"
    assert result.loc["sarimax", "MASE"] < result.loc["seasonal_naive", "MASE"]
    assert result.loc["sarimax", "coverage"] >= 0.8
    assert list(result["rank"]) == list(range(1, len(methods) + 1))

    holiday = (x[["ramadan", "eid_al_fitr", "eid_al_adha"]].sum(axis=1) > 0)
    near = forecasts["date"].map(holiday).to_numpy()
    assert 8 <= near.sum() / len(methods) <= 20          # a minority of the 96 weeks
    inside, outside = ranking(forecasts[near]), ranking(forecasts[~near])
    ignoring = [m for m in methods if m not in ("sarimax", "mean")]
    for name in ignoring:
        assert outside.loc[name, "coverage"] >= 0.85, name
        assert inside.loc[name, "coverage"] < outside.loc[name, "coverage"] - 0.1, name
        assert inside.loc[name, "MASE"] > outside.loc[name, "MASE"], name
    assert inside.loc["sarimax", "coverage"] > max(inside.loc[m, "coverage"] for m in ignoring)


def test_labelled_translates_headers_and_methods():
    y = monthly()
    rank = ranking(rolling_origin(y, {"naive": naive}, horizon=2, n_origins=2))
    with language("pl"):
        shown = labelled(rank)
    assert shown.index.tolist() == ["Metoda naiwna"] and "Miejsce" in shown.columns
    assert "MASE" in shown.columns


def test_a_method_returning_the_wrong_shape_is_named():
    def short(train, horizon, level=0.95):
        return naive(train, horizon - 1, level)

    with pytest.raises(CourseError, match="short") as info:
        rolling_origin(monthly(), {"short": short}, horizon=3, n_origins=2)
    assert info.value.key == "timeseries.error.bad_forecast"


def test_a_method_forecasting_the_wrong_dates_is_refused():
    """A method whose forecast table is dated one period late cannot score silently."""
    def late(train, horizon, level=0.95):
        table = naive(train, horizon, level)
        table.index = table.index + table.index.freq
        return table

    with pytest.raises(SeriesError) as info:
        rolling_origin(monthly(), {"late": late}, horizon=3, n_origins=2)
    assert info.value.key == "timeseries.error.misaligned"


def test_a_reversed_forecast_table_is_put_back_in_date_order():
    def reversed_(train, horizon, level=0.95):
        return naive(train, horizon, level).iloc[::-1]

    def drifting(train, horizon, level=0.95):
        table = naive(train, horizon, level)
        table["mean"] = table["mean"] + np.arange(horizon)
        return table

    def drifting_reversed(train, horizon, level=0.95):
        return drifting(train, horizon, level).iloc[::-1]

    y = monthly()
    straight = ranking(rolling_origin(y, {"m": drifting}, horizon=4, n_origins=2))
    flipped = ranking(rolling_origin(y, {"m": drifting_reversed}, horizon=4, n_origins=2))
    assert flipped.loc["m", "MAE"] == pytest.approx(straight.loc["m", "MAE"])
    rolling_origin(y, {"r": reversed_}, horizon=2, n_origins=2)
