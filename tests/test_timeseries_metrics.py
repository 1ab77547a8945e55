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
    assert metrics.mase_scale(train) == pytest.approx(2.0)
    assert metrics.mase(ACTUAL, FORECAST, train) == pytest.approx(1.75 / 2.0)


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
    assert metrics.mase(actual, forecast, train) == pytest.approx(1.0)


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
        metrics.mase([1.0], [1.0], [3.0, 3.0, 3.0])


def test_accuracy_collects_all_measures():
    forecast = pd.DataFrame({"mean": FORECAST, "lower": [9, 9, 9, 9], "upper": [11, 11, 11, 11]})
    out = metrics.accuracy(ACTUAL, forecast, train=[5.0, 7.0, 6.0, 9.0])
    assert out["MAE"] == pytest.approx(1.75)
    assert out["MASE"] == pytest.approx(0.875)
    assert out["coverage"] == pytest.approx(0.5)
