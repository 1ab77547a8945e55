"""What lesson 03 (notebooks/03_channels_and_kpis.ipynb) says in its prose about the
campaigns, viral growth and retargeting, checked on the same data and simulations."""

from __future__ import annotations

import pytest

import mcourse
from mcourse import channels as ch

COUNTRIES = ("DZ", "PL")


@pytest.fixture(scope="module")
def tables():
    campaigns = mcourse.load("campaigns")
    return {c: ch.kpi_table(campaigns[campaigns["country"] == c]) for c in COUNTRIES}


def test_cpa_order_of_channels_is_similar_in_both_countries(tables):
    from scipy.stats import spearmanr

    dz, pl = tables["DZ"]["cpa"], tables["PL"]["cpa"].reindex(tables["DZ"].index)
    assert spearmanr(dz, pl).statistic > 0.8
    assert dz.max() / dz.min() > 5 and pl.max() / pl.min() > 5    # "differs a lot"


def test_top_three_roi_channels_and_losers(tables):
    for country in COUNTRIES:
        roi = tables[country]["roi"].sort_values(ascending=False)
        assert set(roi.index[:3]) == {"seo", "app", "email"}
        assert set(roi[roi < 0].index) == {"affiliate", "sms"}
        assert 0.11 <= tables[country].loc["affiliate", "margin"] <= 0.13       # about 12 %
        assert tables[country].loc["social", "margin"] > tables[country].loc["affiliate",
                                                                               "margin"]


def test_break_even_roas_is_the_inverse_of_the_margin():
    for margin in (0.12, 0.25, 0.40):
        assert ch.roi(1 / margin, 1.0, margin) == pytest.approx(0.0, abs=1e-12)


def test_viral_prose_numbers():
    assert ch.viral_limit(1000, 0.9) == pytest.approx(10 * 1000)      # ten times the campaign
    assert ch.viral_limit(1000, 0.5) == pytest.approx(2000)
    grows = ch.viral_growth(1000, 1.1, 10)["new_users"]
    assert grows.is_monotonic_increasing
    assert ch.viral_coefficient(4, 0.15) == pytest.approx(0.6)


def test_retargeting_naive_gap_is_five_to_six_points_several_times_the_truth():
    for seed in range(1, 11):
        table, truth = ch.simulate_retargeting(seed)
        readings = ch.readings(table, truth)
        assert 4.5 <= readings.loc["naive", "gap_points"] <= 7.0
        assert readings.loc["naive", "gap_points"] > 4 * readings.loc["truth", "gap_points"]
        holdout = readings.loc["holdout"]
        assert holdout["high_points"] - holdout["low_points"] > 2      # a wide interval
    assert ch.retargeting.TRUTH["holdout_share"] == 0.10
