"""Baselines by hand, wrappers equal to statsmodels, and holiday effects recovered from the
simulated market (whose true effects are known)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from mcourse.errors import CourseError, SeriesError
from mcourse.timeseries import (
    daily_sales,
    drift,
    effects,
    elec_equip,
    ets,
    fit_sarimax,
    holiday_regressors,
    holt,
    holt_winters,
    mase,
    mean_forecast,
    naive,
    sarimax,
    seasonal_naive,
    ses,
)
from mcourse.timeseries.frames import z_value


def quarterly(values):
    return pd.Series(np.asarray(values, dtype=float),
                     index=pd.date_range("2020-01-01", periods=len(values), freq="QS-JAN"))


Y = quarterly([10, 12, 11, 15, 14, 16, 15, 19])


def test_naive_by_hand():
    f = naive(Y, 3)
    assert f["mean"].tolist() == [19.0] * 3
    sigma = math.sqrt(np.mean(np.diff(Y.to_numpy()) ** 2))
    assert f["upper"].iloc[2] - f["mean"].iloc[2] == pytest.approx(z_value(0.95) * sigma * 3**0.5)
    assert list(f.index.strftime("%Y-%m-%d")) == ["2022-01-01", "2022-04-01", "2022-07-01"]


def test_seasonal_naive_repeats_the_last_season():
    f = seasonal_naive(Y, 6, season=4)
    assert f["mean"].tolist() == [14, 16, 15, 19, 14, 16]
    width = (f["upper"] - f["mean"]).to_numpy()
    assert width[4] == pytest.approx(width[0] * 2**0.5)  # second season ahead: k = 1


def test_mean_and_drift_by_hand():
    assert mean_forecast(Y, 2)["mean"].tolist() == [Y.mean()] * 2
    slope = (19 - 10) / 7
    assert drift(Y, 2)["mean"].tolist() == pytest.approx([19 + slope, 19 + 2 * slope])


def test_interval_level_changes_the_width():
    wide, narrow = naive(Y, 1, level=0.95), naive(Y, 1, level=0.8)
    assert (wide["upper"] - wide["lower"]).iloc[0] > (narrow["upper"] - narrow["lower"]).iloc[0]
    with pytest.raises(CourseError):
        naive(Y, 1, level=95)
    with pytest.raises(SeriesError):
        naive(Y, 0)


@pytest.fixture(scope="module")
def elec():
    return elec_equip().iloc[:-12]


def test_smoothing_wrappers_equal_statsmodels(elec):
    from statsmodels.tsa.holtwinters import ExponentialSmoothing, Holt, SimpleExpSmoothing

    expected = SimpleExpSmoothing(elec, initialization_method="estimated").fit().forecast(6)
    assert np.allclose(ses(elec, 6)["mean"], expected)
    expected = Holt(elec, initialization_method="estimated").fit().forecast(6)
    assert np.allclose(holt(elec, 6)["mean"], expected)
    model = ExponentialSmoothing(elec, trend="add", seasonal="add", seasonal_periods=12,
                                 initialization_method="heuristic")
    f = holt_winters(elec, 6)
    assert np.allclose(f["mean"], model.fit().forecast(6))
    assert (f["lower"] < f["mean"]).all() and (f["mean"] < f["upper"]).all()


def test_ets_wrapper_equals_statsmodels(elec):
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    f = ets(elec, 6, trend="add", seasonal="add", level=0.9)
    res = ETSModel(elec, error="add", trend="add", seasonal="add",
                   seasonal_periods=12).fit(disp=False)
    frame = res.get_prediction(start=len(elec), end=len(elec) + 5).summary_frame(alpha=0.1)
    assert np.allclose(f["mean"], frame["mean"])
    assert np.allclose(f["lower"], frame["pi_lower"]) and np.allclose(f["upper"], frame["pi_upper"])


def test_sarima_wrapper_equals_statsmodels_on_logs(elec):
    from statsmodels.tsa.arima.model import ARIMA

    f = sarimax(elec, 6, order=(0, 1, 1), seasonal_order=(0, 1, 1, 12), log=True)
    res = ARIMA(np.log(elec), order=(0, 1, 1), seasonal_order=(0, 1, 1, 12)).fit()
    pred = res.get_forecast(6)
    assert np.allclose(f["mean"], np.exp(pred.predicted_mean))
    assert np.allclose(f["lower"], np.exp(pred.conf_int().iloc[:, 0]))
    assert f.attrs["method"] == "sarima"


def test_log_needs_positive_values():
    y = Y.copy()
    y.iloc[2] = 0
    with pytest.raises(SeriesError, match="2020-07-01"):
        sarimax(y, 2, log=True)


def test_regressors_must_cover_the_future():
    x = pd.DataFrame({"a": np.arange(len(Y), dtype=float) % 2}, index=Y.index)
    with pytest.raises(SeriesError) as info:
        sarimax(Y, 2, order=(0, 0, 0), trend="c", exog=x)
    assert info.value.key == "timeseries.error.exog_dates" and "2022-01-01" in str(info.value)


# --- holiday effects on the simulated market ----------------------------------------------

def _daily(country, seed=7):
    table, truth = daily_sales(country, "2021-01-01", "2024-12-31", seed=seed)
    y = table["orders"]
    x = holiday_regressors(y.index, country, trend=True, annual=1)
    return y, x, truth


@pytest.mark.parametrize(("country", "event"), [("DZ", "ramadan"), ("PL", "black_friday")])
def test_regression_recovers_the_true_holiday_effect(country, event):
    y, x, truth = _daily(country)
    table = effects(fit_sarimax(y, order=(1, 0, 0), trend="c", exog=x, log=True))
    true_log_effect = math.log(truth["events"][event])
    assert table.loc[event, "lower"] < true_log_effect < table.loc[event, "upper"]
    assert table.loc[event, "effect_lower"] < truth["events"][event] - 1 < \
        table.loc[event, "effect_upper"]
    growth = truth["growth_per_year"]
    assert table.loc["trend", "lower"] < growth < table.loc["trend", "upper"]


@pytest.mark.parametrize(("country", "start"), [("DZ", "2024-03-01"), ("PL", "2024-11-15")])
def test_holiday_model_beats_seasonal_naive_on_mase(country, start):
    y, x, _ = _daily(country)
    n = y.index.get_loc(pd.Timestamp(start))
    train, test = y.iloc[:n], y.iloc[n:n + 42]
    model = sarimax(train, 42, order=(1, 0, 0), trend="c", exog=x, log=True)
    baseline = seasonal_naive(train, 42, season=7)
    assert mase(test, model["mean"], train, 7) < 1.0 < mase(test, baseline["mean"], train, 7)


def test_multiplicative_ets_intervals_are_simulated_with_the_seed(elec):
    first = ets(elec, 6, error="mul", trend="add", seasonal="mul", seed=3)
    again = ets(elec, 6, error="mul", trend="add", seasonal="mul", seed=3)
    pd.testing.assert_frame_equal(first, again)
    assert (first["lower"] < first["mean"]).all() and (first["mean"] < first["upper"]).all()


# --- exponential smoothing: the student chooses the initialisation and reads the fit ------

@pytest.mark.parametrize("initialization", ["heuristic", "estimated", "legacy-heuristic"])
@pytest.mark.parametrize("damped", [False, True])
def test_holt_winters_reproduces_statsmodels_on_elec_equip(elec, initialization, damped):
    """Same settings, same fit: α, β, γ, φ, initial states, SSE and forecasts."""
    from statsmodels.tsa.holtwinters import ExponentialSmoothing

    own = ExponentialSmoothing(elec, trend="add", damped_trend=damped, seasonal="add",
                               seasonal_periods=12,
                               initialization_method=initialization).fit()
    f = holt_winters(elec, 12, season=12, damped=damped, initialization=initialization)
    params = f.attrs["params"]
    assert params["alpha"] == pytest.approx(own.params["smoothing_level"], abs=1e-8)
    assert params["beta"] == pytest.approx(own.params["smoothing_trend"], abs=1e-8)
    assert params["gamma"] == pytest.approx(own.params["smoothing_seasonal"], abs=1e-8)
    assert params["initial_level"] == pytest.approx(own.params["initial_level"])
    assert params["sse"] == pytest.approx(own.sse)
    assert params["sse"] == pytest.approx(float(np.sum(own.resid ** 2)))
    assert params["initialization"] == initialization
    if damped:
        assert params["phi"] == pytest.approx(own.params["damping_trend"], abs=1e-8)
    else:
        assert math.isnan(params["phi"])
    assert np.allclose(f["mean"], own.forecast(12))


def test_the_initialisation_changes_the_fit_and_estimated_fits_best(elec):
    fits = {init: holt_winters(elec, 1, season=12, initialization=init).attrs["params"]
            for init in ("heuristic", "estimated")}
    assert fits["heuristic"]["initial_level"] != pytest.approx(fits["estimated"]["initial_level"])
    # least squares over the initial states too cannot fit worse than fixing them first
    assert fits["estimated"]["sse"] <= fits["heuristic"]["sse"] + 1e-6


def test_ses_and_holt_parameters_are_estimated_by_least_squares(elec):
    from statsmodels.tsa.holtwinters import ExponentialSmoothing

    params = ses(elec, 1).attrs["params"]
    assert 0 < params["alpha"] <= 1 and math.isnan(params["beta"])
    # the fitted α minimises the SSE: a nearby α fits worse
    for alpha in (params["alpha"] * 0.8, min(1.0, params["alpha"] * 1.2)):
        other = ExponentialSmoothing(elec, initialization_method="known",
                                     initial_level=params["initial_level"]).fit(
            smoothing_level=alpha, optimized=False)
        assert other.sse >= params["sse"] - 1e-6
    holt_params = holt(elec, 1, damped=True).attrs["params"]
    assert not math.isnan(holt_params["beta"]) and 0 < holt_params["phi"] <= 1


def test_unknown_initialisation_is_named():
    with pytest.raises(CourseError) as info:
        holt_winters(Y, 2, season=4, initialization="guess")
    assert "estimated" in str(info.value) and "guess" in str(info.value)
