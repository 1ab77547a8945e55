"""Lesson 03's KPIs, viral growth and retargeting (mcourse.channels): by hand and truth."""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
import pytest

import mcourse
from mcourse import channels as ch
from mcourse.data import true_parameters
from mcourse.errors import CourseError

ARABIC = re.compile("[\u0600-\u06ff]")
LATIN_WORD = re.compile(r"\b[A-Za-z]*[a-z][A-Za-z]{2,}\b")


@pytest.fixture(scope="module")
def campaigns():
    table = mcourse.load("campaigns")
    return {c: table[table["country"] == c] for c in ("DZ", "PL")}


# --- the six KPIs -----------------------------------------------------------------------

def test_kpis_by_hand():
    k = ch.kpis(spend=1000, impressions=100000, clicks=2000, conversions=50, revenue=6000,
                margin=0.3)
    assert k == pytest.approx({"ctr": 0.02, "cpc": 0.5, "cvr": 0.025, "cpa": 20.0,
                               "roas": 6.0, "roi": 0.8})      # (6000·0,3 − 1000) / 1000
    # ROAS and ROI disagree: 5× revenue at a 15 % margin loses a quarter of the spend
    assert ch.roas(5000, 1000) == 5 and ch.roi(5000, 1000, 0.15) == pytest.approx(-0.25)
    assert ch.roi(3000, 1000, 0.45) == pytest.approx(0.35)
    assert ch.roi_from_profit(1800, 1000) == pytest.approx(0.8)


@pytest.mark.parametrize("call", [
    lambda: ch.cpc(100, 0), lambda: ch.cpa(100, 0), lambda: ch.ctr(0, 0),
    lambda: ch.cvr(0, 0), lambda: ch.roas(100, 0), lambda: ch.roi(100, 0, 0.3),
])
def test_division_by_zero_is_a_clear_error(call):
    with pytest.raises(CourseError) as error:
        call()
    assert error.value.key == "channels.error.zero"


def test_errors_name_the_kpi_the_part_and_the_rows_in_the_lesson_language():
    mcourse.set_lang("pl")
    weeks = pd.Series([10, 0, 5, 0], index=["w1", "w2", "w3", "w4"])
    with pytest.raises(CourseError, match=r"„Koszt pozyskania \(CPA\)”: „Liczba konwersji” "
                                          r"wynosi zero \(w: w2, w4\)"):
        ch.cpa(pd.Series(100.0, index=weeks.index), weeks)
    with pytest.raises(CourseError, match="„Wydatki” jest ujemna"):
        ch.cpc(-5, 10)
    with pytest.raises(CourseError, match="„Liczba kliknięć” przekracza „Liczba wyświetleń”"):
        ch.ctr(11, 10)
    with pytest.raises(CourseError, match="Marża brutto musi"):
        ch.roi(100, 10, 30)          # 30 instead of 0.3
    with pytest.raises(CourseError, match="Brakująca wartość"):
        ch.cpc(np.nan, 10)
    mcourse.set_lang("ar")
    with pytest.raises(CourseError, match="«تكلفة النقرة \\(CPC\\)»"):
        ch.cpc(100, 0)


def test_no_nan_and_no_infinity_ever():
    rng = np.random.default_rng(0)
    for _ in range(200):
        clicks = rng.integers(0, 3, 4)
        spend = rng.choice([-1.0, 0.0, 5.0], 4)
        try:
            result = ch.cpc(spend, clicks)
        except CourseError:
            continue
        assert np.all(np.isfinite(result))


def test_kpi_table_is_a_ratio_of_sums_and_mean_of_ratios_is_not():
    weeks = pd.DataFrame({
        "week": pd.to_datetime(["2024-01-01", "2024-01-08"]), "channel": ["sms", "sms"],
        "spend": [100.0, 100.0], "impressions": [1000, 1000], "clicks": [50, 10],
        "conversions": [10, 1], "revenue": [500.0, 20.0], "gross_profit": [150.0, 6.0]})
    table = ch.kpi_table(weeks).loc["sms"]
    assert table["cpa"] == pytest.approx(200 / 11)                # 18,18
    assert table["roi"] == pytest.approx((156 - 200) / 200)
    assert table["margin"] == pytest.approx(0.3)
    assert ch.mean_of_ratios(weeks, "cpa")["sms"] == pytest.approx((10 + 100) / 2)   # 55
    assert ch.mean_of_ratios(weeks, "ctr")["sms"] == pytest.approx((0.05 + 0.01) / 2)
    empty_week = weeks.assign(conversions=[10, 0])
    mcourse.set_lang("pl")
    with pytest.raises(CourseError, match="SMS 2024-01-08"):
        ch.mean_of_ratios(empty_week, "cpa")
    assert ch.kpi_table(empty_week).loc["sms", "cpa"] == 20     # the sums are fine


def test_pooled_versus_averaged_by_hand():
    two = pd.DataFrame({"channel": ["a", "b"], "spend": [900.0, 100.0],
                        "impressions": [10000, 1000], "clicks": [900, 10],
                        "conversions": [90, 1], "revenue": [9000.0, 100.0],
                        "gross_profit": [2700.0, 30.0]})
    cpa = ch.pooled_versus_averaged(two, "cpa")
    assert cpa["pooled"] == pytest.approx(1000 / 91)
    assert cpa["average"] == pytest.approx((10 + 100) / 2)


# --- the campaigns dataset against its truth ------------------------------------------------

@pytest.mark.parametrize("country", ["DZ", "PL"])
def test_campaign_kpis_match_the_recorded_truth(campaigns, country):
    truth = true_parameters("campaigns")[country]
    table = ch.kpi_table(campaigns[country])
    for channel in ch.CAMPAIGN_CHANNELS:
        true = truth[channel]
        row = table.loc[channel]
        assert row["ctr"] == pytest.approx(true["ctr"], rel=0.03)
        assert row["margin"] == pytest.approx(true["margin"], rel=0.02)
        if row["conversions"] > 1000:
            assert row["cvr"] == pytest.approx(true["cvr"], rel=0.05)
            assert row["roas"] == pytest.approx(truth["expected"][channel]["roas"], rel=0.06)
            assert row["roi"] == pytest.approx(truth["expected"][channel]["roi"],
                                               abs=0.06 + 0.06 * abs(truth["expected"][channel]["roi"]))
    assert len(campaigns[country]) == 52 * 7


def test_expected_kpis_by_hand():
    assert ch.expected_kpis({"cvr": 0.03, "aov": 12000, "cpc": 50, "margin": 0.12}) == \
        pytest.approx({"roas": 7.2, "roi": -0.136})


@pytest.mark.parametrize("country", ["DZ", "PL"])
def test_affiliate_beats_social_on_roas_but_loses_money(campaigns, country):
    table = ch.kpi_table(campaigns[country])
    assert table.loc["affiliate", "roas"] > table.loc["social", "roas"]
    assert table.loc["affiliate", "roi"] < 0 < table.loc["social", "roi"]
    assert table.loc["sms", "roi"] < 0
    # break-even ROAS = 1 / margin
    assert (table["roi"] > 0).equals(table["roas"] > 1 / table["margin"])


@pytest.mark.parametrize("country", ["DZ", "PL"])
def test_sms_has_weeks_without_any_order(campaigns, country):
    sms = campaigns[country][campaigns[country]["channel"] == "sms"]
    assert (sms["conversions"] == 0).any()
    with pytest.raises(CourseError):
        ch.mean_of_ratios(sms, "cpa")
    both = ch.pooled_versus_averaged(campaigns[country], "cpa")
    assert both["average"] > 4 / 3 * both["pooled"]      # "more than a third" above


# --- viral growth -----------------------------------------------------------------------

def test_viral_growth_by_hand():
    assert ch.viral_coefficient(5, 0.1) == 0.5
    curve = ch.viral_growth(1000, 0.5, 5)
    assert curve["new_users"].tolist() == [1000, 500, 250, 125, 62.5, 31.25]
    assert curve["total_users"].iloc[-1] == pytest.approx(1968.75)
    assert ch.viral_total(1000, 0.5, 5) == pytest.approx(1000 * (1 - 0.5 ** 6) / 0.5)
    assert ch.viral_limit(1000, 0.5) == 2000
    assert ch.viral_total(1000, 1.0, 4) == 5000
    assert ch.viral_total(1000, 1.2, 3) == pytest.approx(1000 * (1 + 1.2 + 1.44 + 1.728))
    capped = ch.viral_growth(1000, 1.5, 30, market=50000)
    assert capped["total_users"].max() <= 50000 and capped["total_users"].is_monotonic_increasing
    assert capped["total_users"].iloc[-1] > 0.95 * 50000 or capped["new_users"].iloc[-1] < 1
    with pytest.raises(CourseError):
        ch.viral_limit(1000, 1.0)
    with pytest.raises(CourseError):
        ch.viral_coefficient(3, 1.5)
    with pytest.raises(CourseError):
        ch.viral_growth(1000, 0.5, -1)


def test_simulated_viral_campaigns_follow_the_formula_on_average():
    totals = [ch.simulate_viral(1000, 4, 0.15, 5, seed=s)["total_users"].iloc[-1]
              for s in range(300)]
    expected = ch.viral_total(1000, 0.6, 5)
    assert np.mean(totals) == pytest.approx(expected, rel=0.02)
    assert np.std(totals) > 0


# --- retargeting --------------------------------------------------------------------------

def test_retargeting_naive_gap_overstates_and_the_holdout_does_not():
    truth = ch.retargeting.TRUTH
    naive, stratified, holdout, covered = [], [], [], 0
    for seed in range(20):
        table, _ = ch.simulate_retargeting(seed)
        naive.append(ch.naive_gap(table))
        stratified.append(ch.stratified_gap(table))
        h = ch.holdout_gap(table)
        holdout.append(h["gap"])
        covered += h["ci_low"] <= truth["lift"] <= h["ci_high"]
    assert min(naive) > 3 * truth["lift"]
    assert np.mean(naive) == pytest.approx(ch.true_naive_gap(), abs=0.003)
    assert np.mean(stratified) == pytest.approx(truth["lift"], abs=0.003)
    assert np.mean(holdout) == pytest.approx(truth["lift"], abs=0.004)
    assert covered >= 16        # 95 % intervals: about 19 of 20


def test_true_naive_gap_by_hand():
    truth = {"stage_share": {"visit": 0.5, "product_view": 0.5, "add_to_cart": 0,
                             "checkout": 0},
             "retarget_probability": {"visit": 0.0, "product_view": 1.0, "add_to_cart": 0,
                                      "checkout": 0},
             "base_conversion": {"visit": 0.01, "product_view": 0.05, "add_to_cart": 0,
                                 "checkout": 0},
             "lift": 0.01, "holdout_share": 0.0}
    # shown: all product viewers (0.05 + 0.01); not shown: all visitors (0.01)
    assert ch.true_naive_gap(truth) == pytest.approx(0.05)


def test_conversion_by_group_by_hand():
    table = pd.DataFrame({"stage": pd.Categorical(["visit"] * 4 + ["checkout"] * 2),
                          "shown": [True, False, False, False, True, False],
                          "converted": [True, False, True, False, True, False]})
    groups = ch.conversion_by_group(table).set_index(["stage", "shown"])
    assert groups.loc[("visit", False), "rate"] == pytest.approx(1 / 3)
    assert groups.loc[("checkout", True), "visitors"] == 1
    assert ch.naive_gap(table) == pytest.approx(1 - 1 / 4)
    assert ch.stratified_gap(table) == pytest.approx((1 - 1 / 3 + 1 - 0) / 2)


# --- the KPI sheet and the charts ---------------------------------------------------------

def test_kpi_sheet_shows_formula_numbers_and_result_in_polish():
    mcourse.set_lang("pl")
    sheet = ch.kpi_sheet(1000, 100000, 2000, 50, 6000, 0.3, currency="PLN")
    frame = sheet.frame
    assert list(frame.columns) == ["Wzór", "Obliczenie", "Wartość"]
    roi = frame.loc["Zwrot z inwestycji (ROI)"]
    assert roi["Wzór"] == "(przychód × marża − wydatki) ÷ wydatki"
    assert roi["Obliczenie"] == "(6\u00a0000 × 0,3 − 1\u00a0000) ÷ 1\u00a0000"
    assert roi["Wartość"] == "80,00%"
    assert frame.loc["Koszt pozyskania (CPA)", "Wartość"] == "20,00\u00a0zł"
    assert "Koszt kliknięcia (CPC)" in str(sheet)


def test_kpi_sheet_in_arabic_writes_dinars():
    mcourse.set_lang("ar")
    frame = ch.kpi_sheet(1000, 100000, 2000, 50, 6000, 0.3, currency="DZD").frame
    assert frame.iloc[3, 2] == "20\u00a0دج"
    assert frame.iloc[0, 0] == "النقرات ÷ مرات الظهور"


@pytest.mark.parametrize("lang", ["ar", "pl"])
def test_channel_charts_speak_the_lesson_language(campaigns, lang):
    mcourse.set_lang(lang)
    tables = {c: ch.kpi_table(campaigns[c]) for c in ("DZ", "PL")}
    table, _ = ch.simulate_retargeting(1, visitors=5000)
    figures = [ch.plot_kpi(tables, "cpa"), ch.plot_kpi(tables, "roi"),
               ch.plot_roas_roi(tables["DZ"], "DZ"),
               ch.plot_viral({k: ch.viral_growth(1000, k, 8) for k in (0.5, 0.9, 1.1)}),
               ch.plot_retargeting(ch.conversion_by_group(table))]
    for fig in figures:
        texts = [fig._suptitle.get_text()] if fig._suptitle else []
        for ax in fig.axes:
            texts += [ax.get_title(), ax.get_xlabel(), ax.get_ylabel()]
            if ax.get_legend():
                texts += [x.get_text() for x in ax.get_legend().get_texts()]
                texts += [ax.get_legend().get_title().get_text()]
        texts = [x for x in texts if x]
        assert texts
        for text in texts:
            if lang == "pl":
                assert not ARABIC.search(text), text
            elif not ARABIC.search(text):
                assert not LATIN_WORD.search(text), text
    fig = figures[0]
    fig.canvas.draw()
    right = [x.get_text() for x in fig.axes[1].get_xticklabels() if x.get_text()]
    assert right and all(("zł" if lang == "pl" else "زلوتي") in x for x in right)
    assert math.isfinite(tables["DZ"]["cpa"].sum())
