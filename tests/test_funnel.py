"""Lesson 02's funnel (mcourse.funnel): counts by hand, Wilson intervals, the simulator's truth."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

import mcourse
from mcourse import funnel
from mcourse.data import true_parameters
from mcourse.data.market import FUNNEL, MARKET
from mcourse.errors import CourseError

ARABIC = re.compile("[\u0600-\u06ff]")
LATIN_WORD = re.compile(r"\b[A-Za-z]*[a-z][A-Za-z]{2,}\b")


def _sessions(stages, **columns):
    return pd.DataFrame({"stage": stages, "country": "DZ", **columns})


def test_funnel_by_hand():
    # 10 visits: 4 stop at the visit, 2 at the product view, 1 in the cart, 3 buy
    stages = ["visit"] * 4 + ["product_view"] * 2 + ["add_to_cart"] + ["purchase"] * 3
    table = funnel.funnel_table(_sessions(stages)).set_index("stage")
    assert table["reached"].tolist() == [10, 6, 4, 3, 3]
    assert table.loc["product_view", "step_rate"] == pytest.approx(0.6)
    assert table.loc["add_to_cart", "step_rate"] == pytest.approx(4 / 6)
    assert table.loc["checkout", "step_rate"] == pytest.approx(0.75)
    assert table.loc["purchase", "step_rate"] == 1.0
    assert table.loc["add_to_cart", "lost"] == 2 and table.loc["product_view", "lost"] == 4
    assert table.loc["purchase", "overall_rate"] == pytest.approx(0.3)
    assert table.loc["add_to_cart", "drop_off"] == pytest.approx(1 / 3)
    assert pd.isna(table.loc["visit", "step_rate"])
    # Wilson for 3 of 4 (checkout), computed by hand in test_behaviour
    assert (round(table.loc["checkout", "ci_low"], 4), round(table.loc["checkout", "ci_high"], 4)
            ) == (0.3006, 0.9544)
    # 3 of 3 still has a lower bound below 1: three buyers are no proof of certainty
    assert table.loc["purchase", "ci_high"] == pytest.approx(1.0)
    assert table.loc["purchase", "ci_low"] == pytest.approx(0.4385, abs=1e-4)
    assert funnel.biggest_drop(_sessions(stages)) == "product_view"


def test_funnel_by_group_and_helpers():
    sessions = _sessions(["purchase", "visit", "checkout", "visit", "purchase", "purchase"],
                         channel=["email", "email", "social", "social", "social", "sms"])
    table = funnel.funnel_table(sessions, by="channel")
    assert list(table.columns[:2]) == ["channel", "stage"] and len(table) == 15
    social = table[table["channel"] == "social"].set_index("stage")
    assert social["reached"].tolist() == [3, 2, 2, 2, 1]
    assert funnel.best_group(sessions, "channel") == "sms"
    rate = funnel.step_rate(sessions[sessions["channel"] == "social"], "purchase")
    assert rate["rate"] == 0.5 and (rate["reached"], rate["previous"]) == (1, 2)
    # a group where nobody reached the previous stage has no step rate
    nobody = funnel.funnel_table(_sessions(["visit", "visit"])).set_index("stage")
    assert pd.isna(nobody.loc["checkout", "step_rate"]) and nobody.loc["checkout", "reached"] == 0
    with pytest.raises(CourseError):
        funnel.step_rate(_sessions(["visit"]), "checkout")


def test_unknown_stage_and_missing_column_are_named():
    mcourse.set_lang("pl")
    with pytest.raises(CourseError, match="Nieznany etap lejka sprzedaży: basket"):
        funnel.funnel_table(_sessions(["visit", "basket"]))
    with pytest.raises(CourseError, match="brakuje kolumn: channel"):
        funnel.funnel_table(_sessions(["visit"]), by="channel")


def test_true_funnel_by_hand_for_one_cell():
    """With one channel and one device the true step rate is the simulator's product."""
    truth = {"funnel": FUNNEL, "market": {"channel": {"seo": 1}, "device": {"desktop": 1}}}
    table = funnel.true_funnel("PL", truth=truth).set_index("stage")
    for stage in ("product_view", "add_to_cart", "checkout", "purchase"):
        expected = min(FUNNEL["step_probability"][stage] * 1.0 * 1.15, 0.95)
        assert table.loc[stage, "true_step_rate"] == pytest.approx(expected)
    assert table.loc["purchase", "true_overall_rate"] == pytest.approx(
        0.55 * 1.15 * 0.30 * 1.15 * 0.55 * 1.15 * 0.60 * 1.15)


def test_true_funnel_mixes_channels_and_devices():
    # two equally common cells, one twice as good at the first step
    truth = {"funnel": {"step_probability": {"product_view": 0.4, "add_to_cart": 0.5,
                                             "checkout": 0.5, "purchase": 0.5},
                        "channel_multiplier": {c: 1.0 for c in MARKET["DZ"]["channel"]} | {
                            "email": 2.0},
                        "device_multiplier": {"mobile": 1.0, "desktop": 1.0, "tablet": 1.0}},
             "market": {"channel": {"email": 1, "seo": 1}, "device": {"mobile": 1}}}
    table = funnel.true_funnel("DZ", truth=truth).set_index("stage")
    # P(view) = (0.8 + 0.4) / 2; P(cart) = (0.8·0.95 + 0.4·0.5) / 2 (email capped at 0.95)
    assert table.loc["product_view", "true_step_rate"] == pytest.approx(0.6)
    assert table.loc["add_to_cart", "true_step_rate"] == pytest.approx((0.8 * 0.95 + 0.2) / 1.2)
    by_channel = funnel.true_funnel("DZ", by="channel", truth=truth)
    assert set(by_channel["channel"]) == {"email", "seo"}


def test_course_data_match_the_recorded_truth():
    sessions = mcourse.load("market_sessions")
    truth = true_parameters("market_sessions")
    for country in ("DZ", "PL"):
        part = sessions[sessions["country"] == country]
        table = funnel.funnel_table(part).merge(
            funnel.true_funnel(country, truth=truth[country]), on="stage").iloc[1:]
        assert ((table["ci_low"] <= table["true_step_rate"])
                & (table["true_step_rate"] <= table["ci_high"])).sum() >= 3
        assert len(part) == truth[country]["funnel"]["sessions"]


@pytest.mark.parametrize("by", [None, "device"])
def test_wilson_intervals_contain_the_true_step_rates_95_percent_of_the_time(by):
    """Over 40 simulated markets, the 95 % intervals contain the truth about 95 % of the
    time (160 intervals overall, 480 by device): between 90 % and 99 %."""
    share = funnel.coverage("DZ", range(500, 540), by=by)
    assert 0.90 <= share <= 0.99, share


def test_coverage_by_channel_in_poland():
    share = funnel.coverage("PL", range(700, 720), by="channel")   # 640 intervals
    assert 0.92 <= share <= 0.98, share


def test_a_naive_interval_would_cover_less_for_small_groups():
    """Why Wilson: with few sessions (tablet × SMS) the "p ± 1.96·se" interval misses the
    truth more often than promised, Wilson much less."""
    from scipy.stats import norm

    truth = funnel.true_funnel("DZ", by="device").set_index(["device", "stage"])
    z = norm.ppf(0.975)
    wald = wilson = total = 0
    for seed in range(40):
        part = funnel.simulate_sessions("DZ", seed)
        part = part[(part["device"] == "tablet") & (part["channel"] == "sms")]
        table = funnel.funnel_table(part).iloc[1:]
        cell = funnel.true_funnel("DZ", truth={"funnel": FUNNEL, "market": {
            "channel": {"sms": 1}, "device": {"tablet": 1}}}).iloc[1:]
        for (_, row), true in zip(table.iterrows(), cell["true_step_rate"], strict=True):
            if row["previous"] == 0:
                continue
            p, n = row["step_rate"], row["previous"]
            half = z * np.sqrt(p * (1 - p) / n)
            wald += p - half <= true <= p + half
            wilson += row["ci_low"] <= true <= row["ci_high"]
            total += 1
    assert total > 100 and len(truth) == 15
    assert wilson / total >= 0.90 and wilson > wald


@pytest.mark.parametrize("lang", ["ar", "pl"])
def test_funnel_charts_speak_the_lesson_language(lang):
    mcourse.set_lang(lang)
    sessions = mcourse.load("market_sessions")
    part = sessions[sessions["country"] == "DZ"]
    figures = [funnel.plot_funnel(funnel.funnel_table(part)),
               funnel.plot_step_rates(funnel.funnel_table(part, "device"), "device",
                                      truth=funnel.true_funnel("DZ", "device")),
               funnel.plot_overall(funnel.funnel_table(part, "channel"), "channel")]
    for fig in figures:
        texts = [fig._suptitle.get_text()] if fig._suptitle else []
        for ax in fig.axes:
            texts += [ax.get_title(), ax.get_xlabel(), ax.get_ylabel()]
            texts += [tick.get_text() for tick in ax.get_yticklabels()]
            if ax.get_legend():
                texts += [x.get_text() for x in ax.get_legend().get_texts()]
        texts = [x for x in texts if x]
        assert texts
        for text in texts:
            if lang == "pl":
                assert not ARABIC.search(text), text
            elif not ARABIC.search(text):
                assert not LATIN_WORD.search(text), text
    bars = [x.get_text() for x in figures[0].axes[0].texts]
    expected = "30\u00a0000 (100,0%)" if lang == "pl" else "30.000 (100,0%)"
    assert bars[0] == expected
