"""mcourse.experiments against statsmodels' own results and the simulators' truth."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import mcourse.experiments as ex
from mcourse.errors import CourseError


def test_ab_test_matches_statsmodels_and_hand_values():
    from statsmodels.stats.proportion import confint_proportions_2indep, proportions_ztest

    out = ex.ab_test(150, 5000, 190, 5000)
    assert out["rate_a"] == pytest.approx(0.03)
    assert out["rate_b"] == pytest.approx(0.038)
    assert out["difference"] == pytest.approx(0.008)
    assert out["relative_lift"] == pytest.approx(0.008 / 0.03)
    z, p = proportions_ztest([190, 150], [5000, 5000])
    assert out["z"] == pytest.approx(z) and out["p_value"] == pytest.approx(p)
    # pooled z by hand: p = 340/10000
    pooled = 0.034
    assert out["z"] == pytest.approx(0.008 / np.sqrt(pooled * (1 - pooled) * 2 / 5000))
    low, high = confint_proportions_2indep(190, 5000, 150, 5000, method="newcomb")
    assert (out["ci_low"], out["ci_high"]) == pytest.approx((low, high))
    assert out["ci_low"] < out["difference"] < out["ci_high"]


@pytest.mark.parametrize("args", [(5, 3, 1, 10), (-1, 10, 1, 10), (1, 0, 1, 10),
                                  (1.5, 10, 1, 10), (True, 10, 1, 10)])
def test_ab_test_refuses_impossible_counts(args):
    with pytest.raises(CourseError):
        ex.ab_test(*args)


def test_ab_interval_covers_the_true_difference_at_its_level():
    hits = 0
    for seed in range(200):
        visits, truth = ex.simulate_ab(4000, 0.03, 0.04, seed=seed)
        k = visits.groupby("group")["converted"].sum()
        out = ex.ab_test(k["A"], 4000, k["B"], 4000)
        hits += out["ci_low"] <= truth["difference"] <= out["ci_high"]
    assert 0.90 <= hits / 200 <= 0.99


def test_peeking_inflates_false_positives_but_the_planned_test_does_not():
    out = ex.peeking_false_positive_rate(simulations=3000, looks=20, seed=1)
    assert abs(out["fixed"] - 0.05) < 0.015           # Monte Carlo error ~0.004
    assert out["peeking"] > 0.15                       # about 4x the promised 5 %


def test_vectorised_z_is_statsmodels_z():
    from statsmodels.stats.proportion import proportions_ztest

    from mcourse.experiments.abtest import _z_pooled

    z = _z_pooled(np.array([30.0]), np.array([1000]), np.array([45.0]), np.array([1000]))
    assert z[0] == pytest.approx(proportions_ztest([45, 30], [1000, 1000])[0])


def test_sample_size_matches_statsmodels_and_reaches_the_power():
    from statsmodels.stats.power import NormalIndPower
    from statsmodels.stats.proportion import proportion_effectsize

    n = ex.sample_size(0.03, 0.01)
    h = proportion_effectsize(0.04, 0.03)
    assert n == int(np.ceil(NormalIndPower().solve_power(h, alpha=0.05, power=0.8)))
    assert 5000 < n < 5600                               # ~5 300 visitors per group
    curve = ex.power_curve(0.03, 0.01, visitors=[n - 200, n, 3 * n])
    assert curve["power"].is_monotonic_increasing
    assert curve["power"].iloc[1] == pytest.approx(0.8, abs=0.005)


def test_power_refuses_zero_lift_and_rates_outside_0_1():
    with pytest.raises(CourseError):
        ex.sample_size(0.03, 0.0)
    with pytest.raises(CourseError):
        ex.sample_size(0.99, 0.02)


def test_factorial_true_effects_fall_inside_their_intervals_over_many_seeds():
    terms = ["email", "social", "sem", "email:social"]
    inside = {term: 0 for term in terms}
    runs = 40
    for seed in range(runs):
        customers, truth = ex.simulate_factorial(seed=seed)
        effects = ex.factorial_effects(ex.fit_factorial(customers))
        for term in terms:
            inside[term] += effects.loc[term, "ci_low"] <= truth[term] <= effects.loc[term, "ci_high"]
    for term in terms:
        assert inside[term] / runs >= 0.85, (term, inside[term])


def test_factorial_anova_finds_the_interaction_and_not_the_null_ones():
    customers, truth = ex.simulate_factorial(customers_per_group=1500, seed=3)
    table = ex.anova_table(ex.fit_factorial(customers))
    assert table.loc["email:social", "PR(>F)"] < 0.01
    assert table.loc["email:sem", "PR(>F)"] > 0.01
    assert truth["email:sem"] == 0


def test_factorial_refuses_non_binary_service():
    customers, _ = ex.simulate_factorial(customers_per_group=10)
    customers.loc[0, "email"] = 2
    with pytest.raises(CourseError):
        ex.fit_factorial(customers)


def test_adstock_and_saturation_by_hand():
    assert ex.adstock([100, 0, 0], 0.5).tolist() == [100, 50, 25]
    assert ex.saturation([0, 10, 30], 10).tolist() == [0, 0.5, 0.75]
    with pytest.raises(CourseError):
        ex.adstock([1, -1], 0.5)
    with pytest.raises(CourseError):
        ex.adstock([1, 1], 1.0)
    with pytest.raises(CourseError):
        ex.saturation([1], 0)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_mmm_recovers_true_decay_and_contributions(seed):
    weekly, truth = ex.simulate_mmm(seed=seed)
    fit = ex.fit_mmm(weekly)
    for channel in ex.mmm.CHANNELS:
        assert abs(fit["decay"][channel] - truth["decay"][channel]) < 0.12, channel
    estimated = ex.contributions(fit, weekly)
    for channel in ex.mmm.CHANNELS:
        true_total = truth["contribution"][channel].sum()
        assert estimated[channel].sum() == pytest.approx(true_total, rel=0.15), channel


def test_simpson_reverses_and_adjustment_recovers_the_truth():
    table, truth = ex.simulate_confounded("simpson", customers=60_000, seed=2)
    out = ex.compare_within(table, "channel", "customer_type")
    assert out.loc["overall", "difference"] < 0            # e-mail looks better overall
    assert (out.loc[["new", "returning"], "difference"] > 0).all()  # social better in each
    assert out.loc["adjusted", "difference"] == pytest.approx(
        truth["true_adjusted_difference"], abs=0.006)


def test_retargeting_naive_gap_overstates_the_effect():
    table, truth = ex.simulate_confounded("retargeting", customers=60_000, seed=4)
    out = ex.compare_within(table, "retargeted", "intent")
    assert out.loc["overall", "difference"] > 3 * truth["true_adjusted_difference"]
    assert out.loc["adjusted", "difference"] == pytest.approx(
        truth["true_adjusted_difference"], abs=0.004)
    assert list(out.index) == ["high", "low", "overall", "adjusted"]


def test_trial_and_error_picks_wrong_service_designed_picks_right():
    summary, example = ex.compare_strategies(repetitions=100, seed=0)
    assert summary["designed"] > 0.8
    assert summary["trial_and_error"] < 0.3
    assert list(example.columns) == ["true", "trial_and_error", "designed"]


def test_errors_speak_the_active_language():
    from mcourse import language

    with language("pl"), pytest.raises(CourseError, match="konwersji"):
        ex.ab_test(5, 3, 1, 10)
    with language("ar"), pytest.raises(CourseError, match="الزوار"):
        ex.ab_test(5, 3, 1, 10)
    assert isinstance(pd.Series, type)
