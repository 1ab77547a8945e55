"""BG/NBD and Gamma-Gamma: the fit recovers known parameters from simulated data and the
published CDNOW estimates of Fader, Hardie and Lee (2005)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import mcourse
from mcourse.clv import (
    BGNBD,
    GammaGamma,
    customer_lifetime_value,
    rfm_summary,
    simulate_transactions,
)
from mcourse.clv.bgnbd import log_likelihood

# Tolerances for the recovery test (4,000 simulated customers, 52 calibration weeks).
# Purchases are recorded to the day, as real data are, so same-day purchases merge; this
# costs a little accuracy, hence both a relative bound and a bound in standard errors.
RELATIVE = {"r": 0.10, "alpha": 0.15, "a": 0.25, "b": 0.30, "p": 0.20, "q": 0.10,
            "gamma": 0.25}
MAX_Z = 3.0


@pytest.fixture(scope="module")
def simulated():
    tx, truth = simulate_transactions(4000, seed=2026)
    end = truth["start"] + pd.Timedelta(weeks=52)
    summary = rfm_summary(tx[tx["date"] <= end], observation_end=end)
    return summary, truth


@pytest.fixture(scope="module")
def cdnow():
    return mcourse.load("cdnow_summary").set_index("customer_id")


def _check_recovery(table, truth):
    for name, true in truth.items():
        estimate, se = table.loc[name, "estimate"], table.loc[name, "std_error"]
        assert abs(estimate / true - 1) < RELATIVE[name], (name, estimate, true)
        assert abs(estimate - true) < MAX_Z * se, (name, estimate, true, se)


def test_bgnbd_recovers_simulated_parameters(simulated):
    summary, truth = simulated
    model = BGNBD().fit(summary)
    _check_recovery(model.summary(), truth["bgnbd"])


def test_gammagamma_recovers_simulated_parameters(simulated):
    summary, truth = simulated
    spend = GammaGamma().fit(summary)
    _check_recovery(spend.summary(), truth["gammagamma"])


def test_bgnbd_on_cdnow_matches_published_estimates(cdnow):
    """Fader, Hardie & Lee (2005a), section 4: r = 0.243, alpha = 4.414, a = 0.793,
    b = 2.426, log-likelihood -9582.4 (2,357 customers, 39 weeks)."""
    model = BGNBD().fit(cdnow)
    published = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
    for name, value in published.items():
        assert model.params_[name] == pytest.approx(value, abs=0.0015), name
    assert model.loglik_ == pytest.approx(-9582.4, abs=0.1)


def test_gammagamma_on_cdnow_matches_published_estimates(cdnow):
    """Fader, Hardie & Lee (2005b): p = 6.25, q = 3.74, gamma = 15.44."""
    spend = GammaGamma().fit(cdnow)
    published = {"p": 6.25, "q": 3.74, "gamma": 15.44}
    for name, value in published.items():
        assert spend.params_[name] == pytest.approx(value, abs=0.015), name


def test_confidence_intervals_contain_the_estimate(cdnow):
    table = BGNBD().fit(cdnow).summary()
    assert ((table["ci_low"] < table["estimate"]) & (table["estimate"] < table["ci_high"])).all()
    assert (table["std_error"] > 0).all()


def test_likelihood_by_hand():
    """One customer, the four terms of eq. (6) computed separately."""
    from math import exp, lgamma, log

    r, alpha, a, b, x, t_x, T = 0.5, 3.0, 0.8, 2.0, 3, 10.0, 20.0
    A1 = exp(lgamma(r + x) - lgamma(r)) * alpha**r
    A2 = exp(lgamma(a + b) + lgamma(b + x) - lgamma(b) - lgamma(a + b + x))
    A3 = (alpha + T) ** -(r + x)
    A4 = a / (b + x - 1) * (alpha + t_x) ** -(r + x)
    assert log_likelihood((r, alpha, a, b), [x], [t_x], [T])[0] == pytest.approx(
        log(A1 * A2 * (A3 + A4)))
    # no repeat purchase: only A3
    A1_0, A2_0 = alpha**r, exp(lgamma(a + b) + lgamma(b) - lgamma(b) - lgamma(a + b))
    assert log_likelihood((r, alpha, a, b), [0], [0.0], [T])[0] == pytest.approx(
        log(A1_0 * A2_0 * (alpha + T) ** -r))


def test_predictions_behave(cdnow):
    model = BGNBD().fit(cdnow)
    alive = model.prob_alive()
    assert (alive[cdnow["frequency"] == 0] == 1).all()
    assert ((alive > 0) & (alive <= 1)).all()
    # the longer a frequent buyer has been silent, the less likely they are alive
    silent = pd.DataFrame({"frequency": [5, 5], "recency": [35.0, 10.0], "T": [38.0, 38.0]})
    assert model.prob_alive(silent).iloc[0] > model.prob_alive(silent).iloc[1]
    e39, e78 = model.expected_purchases(39), model.expected_purchases(78)
    assert (e78 >= e39).all() and (e39 >= 0).all()
    # eq. (10) with a history of nothing and T -> 0 is eq. (9)
    nothing = pd.DataFrame({"frequency": [0], "recency": [0.0], "T": [1e-9]})
    assert model.expected_purchases(39, nothing).iloc[0] == pytest.approx(
        float(model.expected_purchases_new(39)), rel=1e-6)


def test_holdout_forecast_on_cdnow(cdnow):
    """The 39 holdout weeks (October 1997 - June 1998): the model's aggregate forecast,
    made from the calibration weeks only, is within 15 % of what really happened."""
    from mcourse.clv import holdout_purchases

    tx = mcourse.load("cdnow_transactions")
    actual = holdout_purchases(tx, "1997-09-30", "1998-06-30", customers=cdnow.index)
    predicted = BGNBD().fit(cdnow).expected_purchases(39).sum()
    assert cdnow["frequency"].sum() == 2457        # calibration repeat purchases
    assert actual.sum() == 1882                    # holdout purchase days
    assert predicted == pytest.approx(actual.sum(), rel=0.15)


def test_same_predictions_as_lifetimes(cdnow):
    """Same data, same parameters: our formulas give what the lifetimes library gives."""
    import lifetimes  # a test dependency: the established implementation to agree with
    ours = BGNBD().fit(cdnow)
    theirs = lifetimes.BetaGeoFitter()
    theirs.params_ = pd.Series({"r": ours.params_["r"], "alpha": ours.params_["alpha"],
                                "a": ours.params_["a"], "b": ours.params_["b"]})
    x, t_x, T = cdnow["frequency"], cdnow["recency"], cdnow["T"]
    np.testing.assert_allclose(
        ours.expected_purchases(39).to_numpy(),
        theirs.conditional_expected_number_of_purchases_up_to_time(39, x, t_x, T), rtol=1e-6)
    np.testing.assert_allclose(ours.prob_alive().to_numpy(),
                               theirs.conditional_probability_alive(x, t_x, T), rtol=1e-6)


def test_expected_spend_shrinks_towards_the_mean(cdnow):
    spend = GammaGamma().fit(cdnow)
    expected = spend.expected_spend()
    mean = spend.mean_spend()
    z = cdnow["monetary_value"]
    repeaters = cdnow["frequency"] > 0
    between = ((expected - z) * (expected - mean) <= 1e-9)[repeaters]
    assert between.all()
    np.testing.assert_allclose(expected[~repeaters], mean)


def test_customer_lifetime_value(cdnow):
    model, spend = BGNBD().fit(cdnow), GammaGamma().fit(cdnow)
    undiscounted = customer_lifetime_value(model, spend, cdnow, periods=1, period_length=39,
                                           discount_rate=0.0)
    np.testing.assert_allclose(undiscounted["clv"],
                               model.expected_purchases(39) * spend.expected_spend())
    low = customer_lifetime_value(model, spend, cdnow, discount_rate=0.0)["clv"]
    high = customer_lifetime_value(model, spend, cdnow, discount_rate=0.02)["clv"]
    assert (high <= low + 1e-12).all() and high.sum() < low.sum()
    margin = customer_lifetime_value(model, spend, cdnow, discount_rate=0.0, margin=0.3)["clv"]
    np.testing.assert_allclose(margin, 0.3 * low)


def test_simulated_truth_is_consistent():
    tx, truth = simulate_transactions(500, seed=1)
    customers = truth["customers"]
    assert set(tx["customer_id"]) == set(customers.index)
    assert (tx["amount"] > 0).all()
    first = tx.groupby("customer_id")["date"].min()
    assert (first == customers["first_date"]).all()
    gone = ~customers["alive_at_end"]
    last = tx.groupby("customer_id")["date"].max()
    assert (last[gone] == customers.loc[gone, "dropout_date"]).all()
    again, _ = simulate_transactions(500, seed=1)
    pd.testing.assert_frame_equal(tx, again)


def test_gammagamma_on_large_amounts():
    """Spend in dinars (thousands per purchase) fits as well as spend in dollars."""
    tx, truth = simulate_transactions(3000, gammagamma={"gamma": 150_000.0}, seed=3)
    summary = rfm_summary(tx)
    params = GammaGamma().fit(summary).params_
    assert params["gamma"] == pytest.approx(150_000, rel=0.25)


def test_purchase_rates_mean_and_median_by_hand():
    """r/α is the mean rate; with r = 1 the rates are exponential, median ln 2 / α."""
    model = BGNBD(params={"r": 1.0, "alpha": 10.0, "a": 1.0, "b": 3.0})
    assert model.mean_purchase_rate() == pytest.approx(0.1)
    assert model.purchase_rate_quantile(0.5) == pytest.approx(np.log(2) / 10)
    assert model.share_below_mean_rate() == pytest.approx(1 - np.exp(-1))
    assert model.mean_dropout() == pytest.approx(0.25)
    np.testing.assert_allclose(model.purchase_rate_quantile([0.25, 0.75]),
                               -np.log([0.75, 0.25]) / 10)


def test_median_customer_buys_far_less_than_the_mean_rate(cdnow, simulated):
    """CDNOW: r ≈ 0.24, so the typical customer buys about 6 times less than r/α; the
    simulator's truth agrees with the fitted model on the same quantity."""
    model = BGNBD().fit(cdnow)
    assert model.mean_purchase_rate() == pytest.approx(0.243 / 4.414, rel=0.01)
    assert model.purchase_rate_quantile(0.5) < model.mean_purchase_rate() / 5
    assert 0.70 < model.share_below_mean_rate() < 0.80
    summary, truth = simulated
    lam = truth["customers"]["lam"]
    fitted = BGNBD().fit(summary)
    assert fitted.purchase_rate_quantile(0.5) == pytest.approx(lam.median(), rel=0.15)
    assert fitted.share_below_mean_rate() == pytest.approx((lam < lam.mean()).mean(), abs=0.04)


def test_one_time_buyers_are_alive_by_assumption(cdnow):
    """P(alive) = 1 for x = 0 however long the silence: an assumption of the model."""
    model = BGNBD().fit(cdnow)
    silent = pd.DataFrame({"frequency": [0, 0], "recency": [0.0, 0.0], "T": [1.0, 500.0]})
    assert model.prob_alive(silent).tolist() == [1.0, 1.0]
    # yet their expected purchases fall with the silence (the rate estimate drops)
    expected = model.expected_purchases(39, silent)
    assert expected.iloc[1] < expected.iloc[0] / 5
