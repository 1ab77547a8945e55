"""Moving averages, decompositions and stationarity tests against statsmodels and theory."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mcourse import language
from mcourse.errors import CourseError
from mcourse.timeseries import (
    decompose,
    difference,
    elec_equip,
    moving_average,
    stationarity_tests,
    strength,
    us_macro,
)


def series(values, freq="MS"):
    return pd.Series(np.asarray(values, dtype=float),
                     index=pd.date_range("2020-01-01", periods=len(values), freq=freq))


def test_odd_centred_moving_average_by_hand():
    y = series([1, 2, 3, 10, 5, 6, 7])
    ma = moving_average(y, 3)
    assert np.isnan(ma.iloc[0]) and np.isnan(ma.iloc[-1])
    assert ma.iloc[1] == pytest.approx(2.0) and ma.iloc[3] == pytest.approx(6.0)


def test_even_centred_moving_average_is_2x4_by_hand():
    y = series([1, 2, 3, 4, 5, 6, 7, 8])
    ma = moving_average(y, 4)
    # at position 2: y0/8 + y1/4 + y2/4 + y3/4 + y4/8 = 3 on a straight line
    assert ma.iloc[2] == pytest.approx(3.0)
    z = series([0, 0, 0, 8, 0, 0, 0, 0])
    assert moving_average(z, 4).iloc[3] == pytest.approx(2.0)   # weight 1/4 in the middle
    assert moving_average(z, 4).iloc[5] == pytest.approx(1.0)   # weight 1/8 at the ends
    assert int(moving_average(y, 4).notna().sum()) == len(y) - 4


def test_even_moving_average_equals_statsmodels_trend():
    from statsmodels.tsa.seasonal import seasonal_decompose

    y = elec_equip()
    ours = moving_average(y, 12)
    theirs = seasonal_decompose(y, period=12).trend
    pd.testing.assert_series_equal(ours, theirs, check_names=False)


def test_trailing_average():
    y = series([1, 2, 3, 4])
    assert moving_average(y, 2, centred=False).tolist()[1:] == [1.5, 2.5, 3.5]


def test_classical_decomposition_adds_up_and_recovers_a_known_pattern():
    n = 60
    pattern = np.tile([3.0, -1.0, -2.0, 0.0], n // 4)
    y = series(np.linspace(10, 40, n) + pattern, freq="QS-JAN")
    parts = decompose(y, method="classical")
    total = parts["trend"] + parts["seasonal"] + parts["resid"]
    assert np.allclose(total.dropna(), y[total.notna()])
    assert np.allclose(parts["seasonal"].iloc[:4], [3, -1, -2, 0], atol=1e-6)
    assert parts.attrs["period"] == 4


def test_stl_on_real_data_is_strongly_seasonal():
    parts = decompose(elec_equip(), method="stl")
    assert np.allclose(parts[["trend", "seasonal", "resid"]].sum(axis=1), parts["observed"])
    s = strength(parts)
    assert s["seasonal"] > 0.8 and s["trend"] > 0.8


def test_decomposition_errors():
    with pytest.raises(CourseError):
        decompose(elec_equip(), method="stl", model="multiplicative")
    with pytest.raises(CourseError):
        decompose(elec_equip().iloc[:20])
    with pytest.raises(CourseError):
        moving_average(series([1, 2, 3]), 0)


def test_difference_shortens_by_the_lag():
    y = series(np.arange(30) ** 2)
    d1 = difference(y)
    assert len(d1) == 29 and d1.iloc[0] == 1
    d2 = difference(y, times=2)
    assert np.allclose(d2, 2)
    s12 = difference(y, lag=12)
    assert len(s12) == 18 and s12.index[0] == y.index[12] and s12.index.freqstr == "MS"


def test_stationarity_of_prices_and_inflation():
    """Log CPI wanders (not stationary); its first difference, ~inflation, is stationary."""
    macro = us_macro()
    prices = stationarity_tests(np.log(macro["cpi"]))
    assert not prices["stationary"].any()
    assert prices.loc["KPSS", "p_bound"] == "<"  # beyond the KPSS table
    growth = stationarity_tests(difference(np.log(macro["cpi"])))
    assert growth["stationary"].all()


def test_white_noise_is_stationary_and_a_random_walk_is_not():
    rng = np.random.default_rng(0)
    noise = series(rng.normal(size=300), freq="D")
    walk = series(np.cumsum(rng.normal(size=300)), freq="D")
    assert stationarity_tests(noise)["stationary"].all()
    assert not stationarity_tests(walk)["stationary"].any()


def test_verdict_in_the_active_language():
    rng = np.random.default_rng(1)
    with language("pl"):
        table = stationarity_tests(series(rng.normal(size=200), freq="D"))
    assert table.attrs["verdict"].startswith("Oba testy")
