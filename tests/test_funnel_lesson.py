"""What lesson 02 (notebooks/02_journey_and_funnel.ipynb) says in its prose about the
course's sessions, checked on the same data."""

from __future__ import annotations

import pytest

import mcourse
from mcourse import funnel

COUNTRIES = ("DZ", "PL")


@pytest.fixture(scope="module")
def sessions():
    table = mcourse.load("market_sessions")
    return {c: table[table["country"] == c] for c in COUNTRIES}


@pytest.mark.parametrize("country", COUNTRIES)
def test_the_funnel_narrows_as_the_prose_says(sessions, country):
    table = funnel.funnel_table(sessions[country]).set_index("stage")
    assert 0.40 <= 1 - table.loc["product_view", "step_rate"] <= 0.55   # about half leave
    assert table.loc["add_to_cart", "step_rate"] < 1 / 3                 # under a third
    assert funnel.biggest_drop(sessions[country]) == "add_to_cart"
    per_hundred = round(100 * table.loc["purchase", "overall_rate"])
    assert per_hundred == {"DZ": 6, "PL": 8}[country]


@pytest.mark.parametrize("country", COUNTRIES)
def test_desktop_converts_better_than_mobile_at_every_step(sessions, country):
    table = funnel.funnel_table(sessions[country], "device")
    steps = table[table["stage"] != "visit"].set_index(["stage", "device"])
    for stage in ("product_view", "add_to_cart", "checkout", "purchase"):
        assert steps.loc[(stage, "desktop"), "ci_low"] > steps.loc[(stage, "mobile"), "ci_high"]
        tablet = steps.loc[(stage, "tablet")]
        mobile = steps.loc[(stage, "mobile")]
        assert tablet["ci_high"] - tablet["ci_low"] > 2 * (mobile["ci_high"] - mobile["ci_low"])
    devices = sessions[country]["device"].value_counts()
    assert devices.idxmax() == "mobile"


@pytest.mark.parametrize("country", COUNTRIES)
def test_app_email_and_direct_convert_best_social_and_sms_worst(sessions, country):
    table = funnel.funnel_table(sessions[country], "channel")
    overall = table[table["stage"] == "purchase"].set_index("channel")["overall_rate"]
    ranked = list(overall.sort_values(ascending=False).index)
    assert set(ranked[:3]) == {"app", "email", "direct"}
    assert set(ranked[-2:]) == {"social", "sms"}
    assert funnel.best_group(sessions[country], "channel") == "app"


def test_exercise_answers_are_what_the_check_cells_compute(sessions):
    for country in COUNTRIES:
        mobile = sessions[country][sessions[country]["device"] == "mobile"]
        rate = funnel.step_rate(mobile, "checkout")
        assert rate["rate"] == pytest.approx(rate["reached"] / rate["previous"])
        tablet = sessions[country][sessions[country]["device"] == "tablet"]
        low, _high = funnel.wilson_interval(funnel.step_rate(tablet, "checkout")["reached"],
                                            funnel.step_rate(tablet, "checkout")["previous"])
        assert funnel.step_rate(tablet, "checkout")["ci_low"] == pytest.approx(low)
