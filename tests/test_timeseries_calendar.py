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
