"""The market simulator produces what its recorded truth says (checked on large samples)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from mcourse import data
from mcourse.data.calendar import calendar_regressors
from mcourse.data.market import FUNNEL, STAGES, simulate_daily_sales, simulate_market


def _poisson_fit(country, seed=3):
    table, truth = simulate_daily_sales(country, "2019-01-01", "2024-12-31", seed=seed)
    x = calendar_regressors(table["date"], country).drop(columns="public_holiday")
    x["years"] = (table["date"] - pd.Timestamp("2019-01-01")).dt.days.to_numpy() / 365.25
    if truth["season_amplitude"]:
        doy = table["date"].dt.day_of_year.to_numpy()
        x["season"] = np.cos(2 * np.pi * (doy - truth["season_peak_day"]) / 365.25)
    fit = sm.GLM(table["orders"].to_numpy(), sm.add_constant(x.to_numpy(float)),
                 family=sm.families.Poisson()).fit()
    return fit, list(x.columns), truth


@pytest.mark.parametrize("country", ["DZ", "PL"])
def test_poisson_regression_recovers_true_calendar_effects(country):
    fit, names, truth = _poisson_fit(country)
    ci = fit.conf_int(alpha=0.001)
    true = {"weekend": np.log(truth["weekend_effect"]), "years": truth["growth_per_year"],
            **{k: np.log(v) for k, v in truth["events"].items()}}
    for i, name in enumerate(names, start=1):
        if name in true:
            assert ci[i, 0] <= true[name] <= ci[i, 1], (name, ci[i], true[name])


def test_funnel_step_probabilities_match_truth():
    sessions = data.load("market_sessions")
    sub = sessions[(sessions["country"] == "PL") & (sessions["channel"] == "seo")
                   & (sessions["device"] == "desktop")]
    depth = sub["stage"].cat.codes
    for k, stage in enumerate(STAGES[1:], start=1):
        reached_before = (depth >= k - 1).sum()
        observed = (depth >= k).sum() / reached_before
        expected = min(FUNNEL["step_probability"][stage] * 1.0 * 1.15, 0.95)
        se = np.sqrt(expected * (1 - expected) / reached_before)
        assert abs(observed - expected) < 4 * se, (stage, observed, expected)


def test_orders_follow_the_weekend_of_each_country():
    orders = data.load("market_orders")
    for country, weekend in (("DZ", {4, 5}), ("PL", {5, 6})):
        sub = orders[orders["country"] == country]
        per_day = sub.groupby(sub["timestamp"].dt.normalize()).size()
        per_day = per_day.reindex(pd.date_range("2023-01-01", "2024-12-31"), fill_value=0)
        mean_by_weekday = per_day.groupby(per_day.index.day_of_week).mean()
        lowest_two = set(mean_by_weekday.nsmallest(2).index)
        if country == "DZ":
            assert lowest_two == weekend
        else:
            assert set(mean_by_weekday.nlargest(2).index) == weekend


def test_orders_belong_to_customers_who_signed_up_before():
    orders = data.load("market_orders")
    customers = data.load("market_customers").set_index("customer_id")
    signup = customers.loc[orders["customer_id"], "signup_date"].to_numpy()
    assert (orders["timestamp"].dt.normalize().to_numpy() >= signup).all()
    assert np.allclose(orders["price"], (orders["unit_price"] * orders["quantity"]).round(2))


def test_algerian_evening_orders_rise_in_ramadan():
    market = simulate_market("DZ", seed=5)
    orders = market["orders"]
    ramadan = calendar_regressors(orders["timestamp"].dt.normalize(), "DZ")["ramadan"].to_numpy()
    evening = (orders["timestamp"].dt.hour >= 19).to_numpy()
    shares = market["truth"]["market"]["evening_share"]
    assert abs(evening[ramadan == 1].mean() - shares["ramadan"]) < 0.05
    assert abs(evening[ramadan == 0].mean() - shares["normal"]) < 0.03


def test_same_seed_same_market_other_seed_other_market():
    a = simulate_market("PL", seed=1)["orders"]
    b = simulate_market("PL", seed=1)["orders"]
    c = simulate_market("PL", seed=2)["orders"]
    pd.testing.assert_frame_equal(a, b)
    assert len(a) != len(c) or not a["price"].equals(c["price"])
