"""Calendar regressors put Ramadan, the Eids and Black Friday on their real dates."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from mcourse.errors import CourseError
from mcourse.timeseries import calendar as cal
from mcourse.timeseries import event_starts, holiday_regressors


def test_known_hijri_dates():
    assert cal.ramadan(1445)[0] == dt.date(2024, 3, 11)
    assert cal.ramadan(1446)[0] == dt.date(2025, 3, 1)
    assert cal.eid_al_fitr(1445) == dt.date(2024, 4, 10)


def test_ramadan_moves_about_eleven_days_earlier_each_year():
    starts = event_starts("DZ", "ramadan", "2021-01-01", "2025-12-31")
    assert [d.strftime("%Y-%m-%d") for d in starts] == [
        "2021-04-13", "2022-04-02", "2023-03-23", "2024-03-11", "2025-03-01"]
    gaps = (starts[1:] - starts[:-1]).days  # a lunar year: 354 or 355 days
    assert all(354 <= gap <= 355 for gap in gaps)


def test_daily_regressors_on_real_dates():
    days = pd.date_range("2024-03-01", "2024-04-30", freq="D")
    x = holiday_regressors(days, "DZ")
    ramadan = x.index[x["ramadan"] == 1]
    assert ramadan[0] == pd.Timestamp("2024-03-11") and ramadan[-1] == pd.Timestamp("2024-04-09")
    eid = x.index[x["eid_al_fitr"] == 1]
    assert list(eid) == [pd.Timestamp("2024-04-10"), pd.Timestamp("2024-04-11")]
    fridays = x.index[x.index.day_of_week == 4]
    assert (x.loc[fridays, "weekend"] == 1).all()  # Algeria rests on Friday and Saturday
    assert x.loc["2024-03-04", "weekend"] == 0


def test_black_friday_and_polish_weekend():
    days = pd.date_range("2024-11-01", "2024-12-31", freq="D")
    x = holiday_regressors(days, "PL")
    assert x.index[x["black_friday"] == 1][0] == pd.Timestamp("2024-11-29")
    assert x.loc["2024-11-30", "weekend"] == 1 and x.loc["2024-11-29", "weekend"] == 0
    assert x.loc["2024-12-25", "christmas"] == 1


def test_lead_window_before_eid():
    days = pd.date_range("2024-03-25", "2024-04-15", freq="D")
    x = holiday_regressors(days, "DZ", events=["eid_al_fitr"], lead={"eid_al_fitr": 3})
    before = x.index[x["pre_eid_al_fitr"] == 1]
    assert list(before.strftime("%m-%d")) == ["04-07", "04-08", "04-09"]


def test_weekly_regressors_are_shares_of_days():
    weeks = pd.date_range("2024-03-03", "2024-04-21", freq="W-SUN")
    x = holiday_regressors(weeks, "DZ", trend=True)
    assert "weekend" not in x.columns  # every week has the same two weekend days
    # week Mon 4 - Sun 10 March: no Ramadan; Mon 11 - Sun 17: all Ramadan
    assert x.loc["2024-03-10", "ramadan"] == 0 and x.loc["2024-03-17", "ramadan"] == 1
    # week Mon 8 - Sun 14 April: 8, 9 Ramadan; 10, 11 Eid
    assert x.loc["2024-04-14", "ramadan"] == pytest.approx(2 / 7)
    assert x.loc["2024-04-14", "eid_al_fitr"] == pytest.approx(2 / 7)
    assert x["trend"].iloc[1] == pytest.approx(7 / 365.25)


def test_monthly_regressors():
    months = pd.date_range("2024-01-01", "2024-12-01", freq="MS")
    x = holiday_regressors(months, "DZ")
    assert x.loc["2024-03-01", "ramadan"] == pytest.approx(21 / 31)
    assert x.loc["2024-04-01", "ramadan"] == pytest.approx(9 / 30)
    assert x.loc["2024-07-01", "summer"] == 1


def test_bad_event_or_country():
    with pytest.raises(CourseError, match="black_friday"):
        holiday_regressors(pd.date_range("2024-01-01", periods=3), "DZ", events=["black_friday"])
    with pytest.raises(CourseError):
        holiday_regressors(pd.date_range("2024-01-01", periods=3), "FR")


def test_ramadan_2021_ran_from_13_april_to_12_may():
    first, last = cal.ramadan(1442)
    assert (first, last) == (dt.date(2021, 4, 13), dt.date(2021, 5, 12))
    assert cal.eid_al_fitr(1442) == dt.date(2021, 5, 13)


# --- what a weekly share regressor estimates (lesson 09) -----------------------------------

@pytest.mark.parametrize("multiplier, share", [(0.55, 2 / 7), (0.6, 1 / 7), (2.2, 3 / 7),
                                               (1.35, 1.0)])
def test_share_coefficient_is_what_perfect_weekly_data_give(multiplier, share):
    """Noise-free weekly totals of equal days, an event on a share of some weeks: the
    log-linear regression on the share recovers ln(1 + s(m - 1)) / s exactly."""
    import numpy as np

    from mcourse.timeseries import fit_sarimax, share_coefficient

    weeks = pd.date_range("2022-01-02", periods=60, freq="W-SUN")
    x = pd.DataFrame({"event": np.where(np.arange(60) % 10 == 3, share, 0.0)}, index=weeks)
    days_in_event = x["event"].to_numpy() * 7
    totals = 100.0 * (7 - days_in_event + days_in_event * multiplier)
    y = pd.Series(totals, index=weeks, name="orders")
    fit = fit_sarimax(y, order=(0, 0, 0), trend="c", exog=x, log=True)
    assert fit.params["event"] == pytest.approx(share_coefficient(multiplier, share), abs=1e-6)
    if share == 1.0:
        assert share_coefficient(multiplier, share) == pytest.approx(np.log(multiplier))


def test_two_eid_days_in_a_week_look_like_minus_38_percent():
    import numpy as np

    from mcourse.timeseries import share_coefficient

    b = share_coefficient(0.55, 2 / 7)
    assert np.expm1(b) == pytest.approx(-0.382, abs=0.001)
    assert b > np.log(0.55) + 0.1   # much closer to zero than the daily effect
    with pytest.raises(CourseError):
        share_coefficient(0.55, 0)
    with pytest.raises(CourseError):
        share_coefficient(-1, 0.5)


def test_weekly_eid_estimates_cover_the_weekly_quantity_not_the_daily_multiplier():
    """On the simulated Algerian shop (lesson 09's setup), the 95 % interval of the weekly
    Eid al-Fitr coefficient covers what the same model gives on noise-free weekly totals
    in most runs, and rarely covers the daily log multiplier."""
    import warnings

    import numpy as np

    from mcourse.timeseries import aggregate, daily_sales, fit_sarimax

    table, truth = daily_sales("DZ", "2021-01-04", "2025-06-29", seed=0)
    weekly_index = aggregate(table["orders"], "W").index
    x = holiday_regressors(weekly_index, "DZ", trend=True)
    ideal = aggregate(table["expected_orders"].rename("orders"), "W")
    target = fit_sarimax(ideal, order=(1, 0, 0), trend="c", exog=x, log=True).params
    daily = np.log(truth["events"]["eid_al_fitr"])
    assert target["eid_al_fitr"] > daily + 0.15          # a different quantity
    covers_target = covers_daily = 0
    seeds = range(10)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for seed in seeds:
            sales, _ = daily_sales("DZ", "2021-01-04", "2025-06-29", seed=seed)
            fit = fit_sarimax(aggregate(sales["orders"], "W"), order=(1, 0, 0), trend="c",
                              exog=x, log=True)
            low, high = fit.conf_int().loc["eid_al_fitr"]
            covers_target += low < target["eid_al_fitr"] < high
            covers_daily += low < daily < high
    assert covers_target >= 8, covers_target
    assert covers_daily <= 5, covers_daily
