"""Lesson 01's helpers (mcourse.behaviour): hand-computed values and the simulators' truth."""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
import pytest

import mcourse
from mcourse import behaviour as b
from mcourse.data import true_parameters
from mcourse.errors import CourseError

ARABIC = re.compile("[\u0600-\u06ff]")
LATIN_WORD = re.compile(r"\b[A-Za-z]*[a-z][A-Za-z]{2,}\b")


@pytest.fixture(scope="module")
def market():
    return {"orders": mcourse.load("market_orders"), "customers": mcourse.load("market_customers"),
            "survey": mcourse.load("consumer_survey"), "demand": mcourse.load("product_demand")}


def _of(table, country):
    return table[table["country"] == country].reset_index(drop=True)


def _orders(stamps, **columns):
    n = len(stamps)
    base = {"order_id": [f"O{i}" for i in range(n)], "customer_id": ["A"] * n,
            "country": ["DZ"] * n, "timestamp": pd.to_datetime(stamps), "price": [100.0] * n,
            "quantity": [1] * n, "currency": ["DZD"] * n}
    base.update(columns)
    return pd.DataFrame(base)


# --- shares and their intervals --------------------------------------------------------

def test_wilson_interval_by_hand():
    from mcourse.funnel.intervals import wilson_interval

    # 3 of 4: centre (3 + z²/2) / (4 + z²), half-width z·√(p̂q̂/n + z²/4n²) / (1 + z²/n)
    z = 1.959963984540054
    centre = (3 + z * z / 2) / (4 + z * z)
    half = z * math.sqrt(0.75 * 0.25 / 4 + z * z / 64) / (1 + z * z / 4)
    low, high = wilson_interval(3, 4)
    assert low == pytest.approx(centre - half, abs=1e-9)
    assert high == pytest.approx(centre + half, abs=1e-9)
    assert (round(low, 4), round(high, 4)) == (0.3006, 0.9544)
    with pytest.raises(CourseError):
        wilson_interval(5, 4)
    with pytest.raises(CourseError):
        wilson_interval(0, 0)


def test_share_table_counts_shares_and_intervals():
    table = pd.DataFrame({"country": ["DZ"] * 4 + ["PL"] * 2,
                          "payment": ["cash_on_delivery"] * 3 + ["card", "blik", "card"],
                          "price": [10.0, 20.0, 30.0, 40.0, 5.0, 15.0],
                          "currency": ["DZD"] * 4 + ["PLN"] * 2})
    shares = b.share_table(table, "payment", by="country")
    dz = shares[shares["country"] == "DZ"].set_index("payment")
    assert list(dz.index) == ["cash_on_delivery", "card"]          # largest share first
    assert dz.loc["cash_on_delivery", "count"] == 3
    assert dz.loc["cash_on_delivery", "share"] == pytest.approx(0.75)
    assert dz.loc["cash_on_delivery", "ci_low"] == pytest.approx(0.3006, abs=1e-4)
    pl = shares[shares["country"] == "PL"].set_index("payment")
    assert pl["share"].to_dict() == {"blik": 0.5, "card": 0.5}
    money = b.share_table(table[table["country"] == "DZ"], "payment", weight="price")
    assert money.set_index("payment")["share"].to_dict() == pytest.approx(
        {"cash_on_delivery": 0.6, "card": 0.4})
    assert "ci_low" not in money  # no Wilson interval for a share of money
    with pytest.raises(CourseError, match="currenc"):
        b.share_table(table, "payment", weight="price")
    assert b.share_of(table, "payment", "card") == pytest.approx(2 / 6)


def test_basket_and_profile_by_hand():
    orders = _orders(["2024-01-01 10:00"] * 3, customer_id=["A", "A", "B"],
                     price=[100.0, 300.0, 50.0], quantity=[1, 3, 2],
                     category=["books", "books", "home"])
    basket = b.basket_by(orders)
    assert basket.loc["books", "mean_value"] == 200 and basket.loc["books", "orders"] == 2
    assert basket.loc["home", "mean_quantity"] == 2
    customers = pd.DataFrame({"customer_id": ["A", "B", "C"], "age": [20, 30, 31]})
    profile = b.customer_profile(customers, orders)
    assert profile.loc["18–24", "orders"] == 2 and profile.loc["25–34", "customers"] == 2
    assert profile.loc["25–34", "orders_per_customer"] == 0.5   # C bought nothing
    assert profile.loc["18–24", "revenue_per_customer"] == 400
    assert profile["customer_share"].sum() == pytest.approx(1)
    assert list(b.age_group([18, 24, 25, 64, 65, 80]).astype(str)) == [
        "18–24", "18–24", "25–34", "55–64", "65+", "65+"]


# --- when --------------------------------------------------------------------------------

def test_hour_weekday_divides_by_the_number_of_each_weekday():
    # 2024-01-01 is a Monday; 14 days = two of each weekday
    stamps = ["2024-01-01 09:15", "2024-01-08 09:40", "2024-01-08 09:55", "2024-01-05 20:00",
              "2024-01-14 23:59"]
    grid = b.hour_weekday(_orders(stamps), start="2024-01-01", end="2024-01-14")
    assert grid.shape == (7, 24)
    assert list(grid.index) == [6, 0, 1, 2, 3, 4, 5]   # the Algerian week starts on Sunday
    assert grid.loc[0, 9] == 1.5 and grid.loc[4, 20] == 0.5 and grid.loc[6, 23] == 0.5
    assert grid.to_numpy().sum() * 2 == len(stamps)
    assert b.busiest_weekday(_orders(stamps)) == 0
    by_day = b.orders_by_weekday(_orders(stamps), start="2024-01-01", end="2024-01-14")
    assert by_day.loc[0, "orders"] == 3 and by_day.loc[0, "days"] == 2
    assert by_day.loc[4, "weekend"] and not by_day.loc[0, "weekend"]
    pl = _orders(stamps, country=["PL"] * len(stamps), currency=["PLN"] * len(stamps))
    assert list(b.hour_weekday(pl).index) == [0, 1, 2, 3, 4, 5, 6]


def test_monthly_orders_counts_ramadan_days():
    stamps = ["2024-02-10 10:00", "2024-03-11 21:00", "2024-03-30 22:00", "2024-04-20 12:00"]
    monthly = b.monthly_orders(_orders(stamps))
    # Ramadan 1445: 11 March - 9 April 2024
    assert monthly["ramadan_days"].to_dict() == {
        pd.Timestamp("2024-02-01"): 0, pd.Timestamp("2024-03-01"): 21,
        pd.Timestamp("2024-04-01"): 9}
    assert monthly.loc["2024-03-01", "orders"] == 2
    assert monthly.loc["2024-03-01", "orders_per_day"] == pytest.approx(2 / 31)
    shares = b.evening_share(_orders(stamps))
    assert shares.loc["ramadan", "orders"] == 2 and shares.loc["ramadan", "share"] == 1
    assert shares.loc["other", "evening"] == 0


@pytest.mark.parametrize("country", ["DZ", "PL"])
def test_weekend_effect_recovers_the_true_weekend(market, country):
    truth = true_parameters("market_orders")[country]["demand"]["weekend_effect"]
    effect = b.weekend_effect(_of(market["orders"], country))
    assert effect["ci_low"] <= truth <= effect["ci_high"], (effect, truth)
    assert effect["days"] == 731


def test_weekend_effect_intervals_cover_the_truth_over_seeds():
    from mcourse.data.market import TRUTH, simulate_market

    inside = 0
    for seed in range(12):
        orders = simulate_market("PL", seed=100 + seed)["orders"]
        effect = b.weekend_effect(orders)
        inside += effect["ci_low"] <= TRUTH["PL"]["weekend_effect"] <= effect["ci_high"]
    assert inside >= 9   # 95 % intervals: about 11 of 12


@pytest.mark.parametrize("country", ["DZ", "PL"])
def test_evening_share_in_and_out_of_ramadan_matches_truth(market, country):
    truth = true_parameters("market_orders")[country]["market"]["evening_share"]
    shares = b.evening_share(_of(market["orders"], country))
    for period, true in (("ramadan", truth["ramadan"]), ("other", truth["normal"])):
        row = shares.loc[period]
        assert row["ci_low"] <= true <= row["ci_high"], (period, row.to_dict(), true)


def test_shares_of_payment_and_motive_match_the_market_truth(market):
    truth = true_parameters("market_orders")
    for country in ("DZ", "PL"):
        orders = _of(market["orders"], country)
        # each order draws these independently (its device follows its customer instead)
        for column in ("payment", "motive", "category", "channel"):
            weights = truth[country]["market"][column]
            total = sum(weights.values())
            shares = b.share_table(orders, column).set_index(column)
            for code, weight in weights.items():
                if weight == 0:
                    assert code not in shares.index
                    continue
                row = shares.loc[code]
                # 99.9 % band around the truth (15 comparisons per country)
                se = math.sqrt(row["share"] * (1 - row["share"]) / len(orders))
                assert abs(row["share"] - weight / total) < 3.3 * se, (country, column, code)


# --- the survey -----------------------------------------------------------------------------

def test_online_share_by_hand():
    survey = pd.DataFrame({"country": "DZ", "age": [20, 22, 40, 41, 70],
                           "income": [100, 200, 300, 400, 500],
                           "buys_online": [True, True, False, True, False]})
    by_age = b.online_share(survey, "age_group")
    assert by_age.loc["18–24", "share"] == 1 and by_age.loc["35–44", "buyers"] == 1
    assert by_age.loc["35–44", "share"] == 0.5 and by_age.loc["65+", "respondents"] == 1
    by_income = b.online_share(survey)
    assert list(by_income.index) == ["q1", "q2", "q3", "q4", "q5"]
    assert list(by_income["buyers"]) == [1, 1, 0, 1, 0]


def _logit(survey, p):
    import statsmodels.api as sm

    x = pd.DataFrame({"age": (survey["age"] - 40) / 10,
                      "income": np.log2(survey["income"] / p["income_median"])})
    return sm.Logit(survey["buys_online"].astype(float), sm.add_constant(x)).fit(disp=0)


def _true_coefficients(p):
    return {"const": p["online"]["b0"], "age": p["online"]["b_age"],
            "income": p["online"]["b_income"]}


@pytest.mark.parametrize("country", ["DZ", "PL"])
def test_survey_logistic_model_is_recovered(market, country):
    from mcourse.behaviour.survey import TRUTH

    ci = _logit(_of(market["survey"], country), TRUTH[country]).conf_int(alpha=0.001)
    for name, true in _true_coefficients(TRUTH[country]).items():
        assert ci.loc[name, 0] <= true <= ci.loc[name, 1], (name, ci.loc[name].tolist(), true)
    assert true_parameters("consumer_survey")[country]["online"] == TRUTH[country]["online"]


def test_survey_intervals_cover_the_true_coefficients_over_seeds():

    inside = total = 0
    for seed in range(25):
        survey, truth = b.simulate_survey("DZ", seed)
        ci = _logit(survey, truth).conf_int(alpha=0.05)
        for name, true in _true_coefficients(truth).items():
            inside += ci.loc[name, 0] <= true <= ci.loc[name, 1]
            total += 1
    assert 0.88 <= inside / total <= 1.0, inside / total


def test_online_share_rises_with_income_and_falls_with_age(market):
    for country in ("DZ", "PL"):
        survey = _of(market["survey"], country)
        by_income = b.online_share(survey)["share"]
        by_age = b.online_share(survey, "age_group")["share"]
        assert by_income.iloc[-1] > by_income.iloc[0] + 0.15
        assert by_age.iloc[0] > by_age.iloc[-1] + 0.25


# --- needed and obsolete products ---------------------------------------------------------

def test_classify_reads_the_interval():
    table = pd.DataFrame({"g_low": [0.1, -0.3, -0.1], "g_high": [0.2, -0.1, 0.05]},
                         index=["a", "b", "c"])
    assert b.classify(table).to_dict() == {"a": "growing", "b": "declining", "c": "unclear"}


def test_fit_trends_on_an_exact_series():
    months = pd.date_range("2020-01-01", periods=36, freq="MS")
    season = np.tile([1.0, 1.2, 0.9, 1, 1, 1, 1, 1, 1, 1, 1.1, 1.3], 3)
    units = np.round(1000 * np.exp(0.2 * np.arange(36) / 12) * season).astype(int)
    demand = pd.DataFrame({"month": months, "country": "DZ", "product": "earbuds",
                           "units": units})
    row = b.fit_trends(demand).loc["earbuds"]
    assert row["growth"] == pytest.approx(0.2, abs=1e-3)
    assert row["growth_rate"] == pytest.approx(math.exp(0.2) - 1, abs=1e-3)
    assert row["verdict"] == "growing" and row["months"] == 36
    line = b.trend_line(demand, "earbuds")
    assert (line["ci_low"] <= line["trend"]).all() and (line["trend"] <= line["ci_high"]).all()
    with pytest.raises(CourseError):
        b.trend_line(demand, "dvd_player")
    with pytest.raises(CourseError):
        b.fit_trends(demand.iloc[:12])


def test_trend_intervals_contain_the_true_growth_at_the_promised_rate():
    from mcourse.behaviour.trends import PRODUCTS, TRUTH

    inside = total = 0
    for seed in range(40):
        demand, truth = b.simulate_product_demand("PL", seed=seed)
        trends = b.fit_trends(demand)
        for product in PRODUCTS:
            true = TRUTH["PL"]["growth"][product]
            inside += trends.loc[product, "g_low"] <= true <= trends.loc[product, "g_high"]
            total += 1
    assert total == 320
    assert 0.91 <= inside / total <= 0.99, inside / total


@pytest.mark.parametrize("country", ["DZ", "PL"])
def test_the_course_data_tell_needed_from_obsolete_products(market, country):
    trends = b.fit_trends(_of(market["demand"], country))
    verdicts = trends["verdict"].to_dict()
    assert {p for p, v in verdicts.items() if v == "growing"} == {
        "air_fryer", "earbuds", "smartwatch", "smartphone"}
    assert {p for p, v in verdicts.items() if v == "declining"} == {
        "digital_camera", "gps_device", "dvd_player"}
    assert verdicts["e_reader"] == "unclear"
    truth = true_parameters("product_demand")[country]["growth"]
    inside = sum(trends.loc[p, "g_low"] <= g <= trends.loc[p, "g_high"] for p, g in truth.items())
    assert inside >= 7


# --- errors speak the student's language ----------------------------------------------------

def test_errors_name_the_problem_in_polish(market):
    mcourse.set_lang("pl")
    with pytest.raises(CourseError, match="jednym kraju"):
        b.hour_weekday(market["orders"])
    with pytest.raises(CourseError, match="walutach"):
        b.basket_by(market["orders"])
    with pytest.raises(CourseError, match="brakuje kolumn: motive"):
        b.share_table(pd.DataFrame({"x": [1]}), "motive")


# --- the lesson's charts -------------------------------------------------------------------

def _texts(fig):
    texts = [fig._suptitle.get_text()] if fig._suptitle else []
    for ax in fig.axes:
        texts += [ax.get_title(), ax.get_xlabel(), ax.get_ylabel()]
        if ax.get_legend():
            texts += [t.get_text() for t in ax.get_legend().get_texts()]
    return [t for t in texts if t]


def _charts(market):
    orders, demand = market["orders"], market["demand"]
    trends = {c: b.fit_trends(_of(demand, c)) for c in ("DZ", "PL")}
    return [
        b.plot_week_heatmaps(orders),
        b.plot_shares(b.share_table(orders, "payment", by="country"), "payment"),
        b.plot_shares(b.share_table(_of(orders, "DZ"), "region"), "region", by=None, top=5),
        b.plot_monthly(b.monthly_orders(_of(orders, "DZ")), "DZ"),
        b.plot_countries({c: b.basket_by(_of(orders, c)) for c in ("DZ", "PL")}),
        b.plot_trends(_of(demand, "PL"), trends["PL"], "PL", products=["earbuds", "dvd_player"]),
        b.plot_growth(trends),
        b.plot_online_share(market["survey"], "income_quintile"),
    ]


@pytest.mark.parametrize("lang", ["ar", "pl"])
def test_charts_are_titled_in_the_lesson_language(market, lang):
    mcourse.set_lang(lang)
    for fig in _charts(market):
        texts = _texts(fig)
        assert texts and (fig._suptitle or fig.axes[0].get_title())
        for text in texts:
            if lang == "pl":
                assert not ARABIC.search(text), text
            elif not ARABIC.search(text):
                assert not LATIN_WORD.search(text), text


def test_side_by_side_figure_writes_each_currency(market):
    mcourse.set_lang("pl")
    fig = b.plot_countries({c: b.basket_by(_of(market["orders"], c)) for c in ("DZ", "PL")})
    fig.canvas.draw()
    left = [t.get_text() for t in fig.axes[0].get_xticklabels() if t.get_text()]
    right = [t.get_text() for t in fig.axes[1].get_xticklabels() if t.get_text()]
    assert all("DZD" in text for text in left) and all("zł" in text for text in right)
    assert "10\u00a0000\u00a0DZD" in left
    labels = [ax.get_yticklabels()[0].get_text() for ax in fig.axes]
    assert labels == ["Elektronika", "Elektronika"]
