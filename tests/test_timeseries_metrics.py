"""Forecast error measures against values computed by hand, and MASE against its definition."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest

from mcourse import language
from mcourse.errors import CourseError, SeriesError
from mcourse.timeseries import metrics

ACTUAL = [10.0, 12.0, 8.0, 10.0]
FORECAST = [11.0, 10.0, 8.0, 14.0]
# errors: -1, 2, 0, -4


def test_mae_by_hand():
    assert metrics.mae(ACTUAL, FORECAST) == pytest.approx((1 + 2 + 0 + 4) / 4)


def test_rmse_by_hand():
    assert metrics.rmse(ACTUAL, FORECAST) == pytest.approx(math.sqrt((1 + 4 + 0 + 16) / 4))


def test_mape_by_hand_in_percent():
    expected = 100 * (1 / 10 + 2 / 12 + 0 / 8 + 4 / 10) / 4
    assert metrics.mape(ACTUAL, FORECAST) == pytest.approx(expected)


def test_mase_by_hand():
    train = [5.0, 7.0, 6.0, 9.0]  # naive in-sample errors: 2, 1, 3 -> scale 2
    assert metrics.mase_scale(train, season=1) == pytest.approx(2.0)
    assert metrics.mase(ACTUAL, FORECAST, train, season=1) == pytest.approx(1.75 / 2.0)


def test_mase_matches_its_definition_with_a_season():
    rng = np.random.default_rng(3)
    train = rng.normal(100, 10, 40)
    actual = rng.normal(100, 10, 6)
    forecast = rng.normal(100, 10, 6)
    m = 4
    scale = np.mean([abs(train[t] - train[t - m]) for t in range(m, len(train))])
    expected = np.mean(np.abs(actual - forecast)) / scale
    assert metrics.mase(actual, forecast, train, season=m) == pytest.approx(expected)


def test_mase_is_one_for_the_naive_forecast_when_errors_repeat_the_scale():
    train = [0.0, 1.0, 2.0, 3.0, 4.0]          # steps of 1 -> scale 1
    actual, forecast = [5.0, 6.0], [4.0, 7.0]  # |errors| 1 and 1
    assert metrics.mase(actual, forecast, train, season=1) == pytest.approx(1.0)


def test_coverage_counts_bounds_as_inside():
    assert metrics.coverage([1, 2, 3, 4], [0, 2, 3.5, 0], [1, 5, 5, 3]) == pytest.approx(0.5)


def test_mape_zero_actual_is_an_error_naming_the_date():
    actual = pd.Series([5.0, 0.0, 3.0], index=pd.date_range("2024-01-01", periods=3))
    with language("pl"), pytest.raises(SeriesError) as info:
        metrics.mape(actual, [5.0, 1.0, 3.0])
    assert info.value.key == "timeseries.error.mape_zero"
    assert "2024-01-02" in str(info.value) and "MAPE" in str(info.value)


def test_mape_warns_near_zero_and_names_the_share():
    actual = pd.Series([100.0, 0.5, 90.0, 110.0], index=pd.date_range("2024-01-01", periods=4))
    forecast = [95.0, 3.0, 92.0, 100.0]
    with pytest.warns(metrics.NearZeroWarning, match="2024-01-02"):
        value = metrics.mape(actual, forecast)
    assert value > 100  # one near-zero actual makes the whole MAPE explode


def test_no_warning_far_from_zero():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        metrics.mape(ACTUAL, FORECAST)


@pytest.mark.parametrize("bad", [([1.0, 2.0], [1.0]), ([1.0, np.nan], [1.0, 2.0]), ([], [])])
def test_bad_inputs(bad):
    with pytest.raises(CourseError):
        metrics.mae(*bad)


def test_constant_training_series_has_no_mase():
    with pytest.raises(CourseError, match="zero"):
        metrics.mase([1.0], [1.0], [3.0, 3.0, 3.0], season=1)


def test_accuracy_collects_all_measures():
    forecast = pd.DataFrame({"mean": FORECAST, "lower": [9, 9, 9, 9], "upper": [11, 11, 11, 11]})
    out = metrics.accuracy(ACTUAL, forecast, train=[5.0, 7.0, 6.0, 9.0], season=1)
    assert out["MAE"] == pytest.approx(1.75)
    assert out["MASE"] == pytest.approx(0.875)
    assert out["coverage"] == pytest.approx(0.5)


# --- one MASE season everywhere: the series' seasonal period (FPP3) -----------------------

def monthly(n, seed=0, start="2018-01-01"):
    rng = np.random.default_rng(seed)
    steps = np.arange(n)
    values = 100 + steps + 12 * np.sin(steps * np.pi / 6) + rng.normal(0, 3, n)
    return pd.Series(values, index=pd.date_range(start, periods=n, freq="MS"), name="y")


def test_mase_season_defaults_to_the_seasonal_period_of_the_dates():
    y = monthly(60)
    train, test = y.iloc[:48], y.iloc[48:]
    forecast = np.full(12, train.iloc[-1])
    values = train.to_numpy()
    by_hand = np.mean(np.abs(test - forecast)) / np.mean(np.abs(values[12:] - values[:-12]))
    assert metrics.mase_season(train) == 12
    assert metrics.mase(test, forecast, train) == pytest.approx(by_hand)
    assert metrics.mase(test, forecast, train) != pytest.approx(
        metrics.mase(test, forecast, train, season=1))
    weekly = pd.Series(1.0, index=pd.date_range("2024-01-07", periods=10, freq="W-SUN"))
    assert metrics.mase_season(weekly) == 52
    assert metrics.mase_season(weekly.reset_index(drop=True).set_axis(
        pd.DatetimeIndex(weekly.index.to_numpy()))) == 52  # no freq attribute: inferred


def test_one_forecast_scores_the_same_mase_by_every_entry_point():
    """mase, accuracy and rolling_origin + ranking use the same default season."""
    from mcourse.timeseries import naive, ranking, rolling_origin

    y = monthly(60, seed=4)
    train, test = y.iloc[:-6], y.iloc[-6:]
    forecast = naive(train, 6)
    direct = metrics.mase(test, forecast["mean"], train)
    collected = metrics.accuracy(test, forecast, train)["MASE"]
    rolled = ranking(rolling_origin(y, {"naive": naive}, horizon=6, n_origins=1)).loc[
        "naive", "MASE"]
    assert direct == pytest.approx(collected) == pytest.approx(rolled)


def test_plain_lists_need_the_season():
    with language("pl"), pytest.raises(CourseError) as info:
        metrics.mase([1.0, 2.0], [1.0, 1.0], [1.0, 2.0, 4.0])
    assert info.value.key == "timeseries.error.mase_season"
    assert "season=12" in str(info.value) and "sezonu" in str(info.value)
    with pytest.raises(CourseError):
        metrics.mase([1.0], [1.0], [1.0, 2.0, 4.0], season=0)


# --- actual values and forecasts are paired by date ----------------------------------------

ISSUE_DATES = pd.date_range("2024-01-01", periods=6, freq="MS")
ISSUE_ACTUAL = pd.Series([100.0, 110.0, 125.0, 130.0, 142.0, 150.0], index=ISSUE_DATES)
ISSUE_FORECAST = pd.Series([102.0, 108.0, 121.0, 133.0, 140.0, 153.0], index=ISSUE_DATES)


def test_a_reversed_forecast_is_paired_by_date_not_by_position():
    straight = metrics.mae(ISSUE_ACTUAL, ISSUE_FORECAST)
    assert straight == pytest.approx(np.mean([2, 2, 4, 3, 2, 3]))
    reversed_ = ISSUE_FORECAST.iloc[::-1]
    assert metrics.mae(ISSUE_ACTUAL, reversed_) == pytest.approx(straight)
    assert metrics.rmse(ISSUE_ACTUAL, reversed_) == pytest.approx(
        metrics.rmse(ISSUE_ACTUAL, ISSUE_FORECAST))
    # by position the same values would score far worse: the pairing is what matters
    assert metrics.mae(ISSUE_ACTUAL.to_numpy(), reversed_.to_numpy()) > 5 * straight


def test_a_forecast_table_is_paired_by_date_too():
    table = pd.DataFrame({"mean": ISSUE_FORECAST, "lower": ISSUE_FORECAST - 5,
                          "upper": ISSUE_FORECAST + 5}).iloc[::-1]
    train = pd.Series(np.arange(30.0), index=pd.date_range("2021-07-01", periods=30, freq="MS"))
    out = metrics.accuracy(ISSUE_ACTUAL, table, train)
    assert out["MAE"] == pytest.approx(metrics.mae(ISSUE_ACTUAL, ISSUE_FORECAST))
    assert out["coverage"] == pytest.approx(1.0)


@pytest.mark.parametrize("lang, word", [("pl", "prognoz"), ("ar", "التنبؤات"), ("en", "forecasts")])
def test_misaligned_dates_are_refused_in_the_active_language(lang, word):
    shifted = ISSUE_FORECAST.shift(1, freq="MS")       # one month late
    with language(lang), pytest.raises(SeriesError) as info:
        metrics.mae(ISSUE_ACTUAL, shifted)
    assert info.value.key == "timeseries.error.misaligned"
    text = str(info.value)
    assert word in text and "2024-01-01" in text and "2024-07-01" in text
    with pytest.raises(SeriesError):
        metrics.coverage(ISSUE_ACTUAL, shifted - 5, shifted + 5)


def test_repeated_forecast_dates_are_refused():
    doubled = pd.concat([ISSUE_FORECAST.iloc[:3], ISSUE_FORECAST.iloc[:3]])
    with pytest.raises(SeriesError) as info:
        metrics.mae(ISSUE_ACTUAL.iloc[:3], doubled.iloc[:3].set_axis(ISSUE_DATES[[0, 0, 1]]))
    assert info.value.key == "timeseries.error.duplicates"


def test_training_data_must_precede_the_test_period():
    y = monthly(40)
    with language("pl"), pytest.raises(SeriesError) as info:
        metrics.mase(y.iloc[30:], y.iloc[30:], y)      # the whole series as "training"
    assert info.value.key == "timeseries.error.train_after_test"
    assert "2021-01-01" in str(info.value) or "2021-04-01" in str(info.value)
