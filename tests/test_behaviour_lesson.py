"""What lesson 01 (notebooks/01_consumer_behaviour.ipynb) says in its prose about the course
data: each sentence with a number or a comparison is checked here on the same data."""

from __future__ import annotations

import pytest

import mcourse
from mcourse import behaviour as b
from mcourse.data.market import REGIONS


@pytest.fixture(scope="module")
def data():
    orders = mcourse.load("market_orders")
    customers = mcourse.load("market_customers")
    return {"orders": {c: orders[orders["country"] == c] for c in ("DZ", "PL")},
            "customers": {c: customers[customers["country"] == c] for c in ("DZ", "PL")},
            "survey": mcourse.load("consumer_survey"), "all_orders": orders}


COUNTRIES = ("DZ", "PL")


def _shares(data, column):
    return {c: b.share_table(data["orders"][c], column).set_index(column)["share"]
            for c in COUNTRIES}


@pytest.mark.parametrize("country", COUNTRIES)
def test_who_25_34_is_the_largest_group_and_large_groups_buy_as_often(data, country):
    profile = b.customer_profile(data["customers"][country], data["orders"][country])
    assert profile["customer_share"].idxmax() == "25–34"
    assert 0.35 <= profile.loc["25–34", "customer_share"] <= 0.45      # "about two fifths"
    overall = profile["orders"].sum() / profile["customers"].sum()
    assert 2.7 <= overall <= 3.3                                          # "about 3"
    big = profile[profile["customers"] >= 700]                            # the groups under 45
    assert list(big.index) == ["18–24", "25–34", "35–44"]
    assert ((big["orders_per_customer"] - overall).abs() < 0.10 * overall).all()


def test_who_buys_online_poland_above_algeria_in_every_group(data):
    survey = data["survey"]
    for by in ("age_group", "income_quintile"):
        dz = b.online_share(survey[survey["country"] == "DZ"], by)["share"]
        pl = b.online_share(survey[survey["country"] == "PL"], by)["share"]
        assert (pl > dz).all(), by
    for country in COUNTRIES:
        part = survey[survey["country"] == country]
        assert len(part) == 1500
        assert b.online_share(part, "income_quintile")["share"].is_monotonic_increasing
        assert b.online_share(part, "age_group")["share"].is_monotonic_decreasing


@pytest.mark.parametrize("country", COUNTRIES)
def test_when_weekend_rows_and_evening_hours_stand_out(data, country):
    grid = b.hour_weekday(data["orders"][country])
    per_day = grid.sum(axis=1)
    weekend = per_day.loc[list(b.questions.WEEKEND[country])]
    working = per_day.drop(index=list(b.questions.WEEKEND[country]))
    if country == "DZ":
        assert weekend.max() < working.min()          # Friday and Saturday lighter
    else:
        assert weekend.mean() > working.mean()        # Saturday and Sunday a little darker
    evening = grid.loc[:, 19:23].to_numpy().mean()
    daytime = grid.loc[:, 8:18].to_numpy().mean()
    assert evening > 1.1 * daytime


def test_when_weekend_ratio_as_the_prose_says(data):
    dz = b.weekend_effect(data["orders"]["DZ"])["ratio"]
    pl = b.weekend_effect(data["orders"]["PL"])["ratio"]
    assert 0.72 <= dz <= 0.85          # "about a fifth fewer"
    assert 1.0 < pl <= 1.12            # "a little more"


def test_when_months_ramadan_summer_and_christmas(data):
    dz = b.monthly_orders(data["orders"]["DZ"])
    busy = (dz["ramadan_days"] >= 15) | dz.index.month.isin([7, 8])
    assert dz.loc[busy, "orders_per_day"].mean() > dz.loc[~busy, "orders_per_day"].mean()
    pl = b.monthly_orders(data["orders"]["PL"])
    peak = pl.index.month.isin([11, 12])
    summer = pl.index.month.isin([7, 8])
    others = ~peak & ~summer
    assert pl.loc[peak, "orders_per_day"].min() > pl.loc[others, "orders_per_day"].max() * 0.95
    assert pl.loc[summer, "orders_per_day"].mean() < pl.loc[others, "orders_per_day"].mean()
    for year in (2023, 2024):
        assert pl.loc[pl.index.year == year, "orders_per_day"].idxmax().month == 12


def test_when_ramadan_moves_algerian_orders_to_the_evening(data):
    dz = b.evening_share(data["orders"]["DZ"])["share"]
    assert 0.65 <= dz["ramadan"] <= 0.75 and 0.31 <= dz["other"] <= 0.39   # ~70 % vs ~35 %
    pl = b.evening_share(data["orders"]["PL"])["share"]
    assert abs(pl["ramadan"] - pl["other"]) < 0.05                         # nothing changes


@pytest.mark.parametrize("country", COUNTRIES)
def test_where_orders_follow_population(data, country):
    shares = _shares(data, "region")[country]
    by_population = sorted(REGIONS[country], key=REGIONS[country].get, reverse=True)
    assert shares.index[0] == by_population[0]
    assert set(shares.index[:3]) <= set(by_population[:4])


def test_where_channels_social_in_algeria_search_in_poland(data):
    shares = _shares(data, "channel")
    dz, pl = shares["DZ"], shares["PL"]
    assert dz.idxmax() == "social" and 0.30 <= dz["social"] <= 0.40       # about a third
    assert dz["social"] - dz.drop("social").max() > 0.10                  # by far the first
    assert pl.idxmax() == "seo" and 0.35 <= pl["seo"] + pl["sem"] <= 0.45  # about two fifths


def test_what_fashion_most_bought_electronics_dearest(data):
    shares = _shares(data, "category")
    orders_of_value = []
    for country in COUNTRIES:
        assert shares[country].idxmax() == "fashion"
        basket = b.basket_by(data["orders"][country])
        ratio = basket.loc["electronics", "mean_value"] / basket.loc["fashion", "mean_value"]
        assert 5 <= ratio <= 7                                           # about six times
        orders_of_value.append(list(basket.index))
    assert orders_of_value[0] == orders_of_value[1]


def test_how_devices_and_payments(data):
    devices = _shares(data, "device")
    assert all(devices[c].idxmax() == "mobile" for c in COUNTRIES)
    pay = _shares(data, "payment")
    assert 0.65 <= pay["DZ"]["cash_on_delivery"] <= 0.75                # about 70 %
    assert 0.07 <= pay["PL"]["cash_on_delivery"] <= 0.13                # about 10 %
    assert pay["PL"].idxmax() == "blik" and 0.40 <= pay["PL"]["blik"] <= 0.50
    assert pay["PL"].index[1] == "card"


def test_why_price_then_quality(data):
    motives = _shares(data, "motive")
    for country in COUNTRIES:
        assert list(motives[country].index[:2]) == ["price", "quality"]
    dz = motives["DZ"]
    assert abs(dz["quality"] - dz["recommendation"]) < 0.02              # almost the same


def test_needed_products_smartphone_grows_slowly():
    demand = mcourse.load("product_demand")
    for country in COUNTRIES:
        trends = b.fit_trends(demand[demand["country"] == country])
        assert 0 < trends.loc["smartphone", "growth_rate"] < 0.10
        assert b.products_with(trends, "declining") == {"digital_camera", "gps_device",
                                                        "dvd_player"}
        assert set(trends.index[:3]) == {"air_fryer", "earbuds", "smartwatch"}


def test_exercise_answers_exist_and_differ_between_countries(data):
    answers = {c: (b.busiest_weekday(data["orders"][c]),
                   b.share_of(data["orders"][c], "payment", "cash_on_delivery"))
               for c in COUNTRIES}
    assert all(0 <= answers[c][0] <= 6 for c in COUNTRIES)
    assert answers["DZ"][1] != pytest.approx(answers["PL"][1], abs=0.1)
    assert answers["DZ"][0] not in b.questions.WEEKEND["DZ"]
