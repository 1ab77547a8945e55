"""Calendars: weekends, Ramadan and the Eids on their real dates, Polish feasts."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from mcourse.data import calendar as cal
from mcourse.errors import CourseError


@pytest.mark.parametrize("hijri_year, first, last", [
    (1444, dt.date(2023, 3, 23), dt.date(2023, 4, 20)),
    (1445, dt.date(2024, 3, 11), dt.date(2024, 4, 9)),
    (1446, dt.date(2025, 3, 1), dt.date(2025, 3, 29)),
])
def test_ramadan_on_its_real_dates(hijri_year, first, last):
    assert cal.ramadan(hijri_year) == (first, last)


def test_eids_on_real_dates_and_agree_with_holidays_package():
    import holidays

    assert cal.eid_al_fitr(1445) == dt.date(2024, 4, 10)
    assert cal.eid_al_adha(1445) == dt.date(2024, 6, 16)
    official = holidays.country_holidays("DZ", years=2024)
    assert "Eid al-Fitr" in official.get(dt.date(2024, 4, 10))
    assert "Eid al-Adha" in official.get(dt.date(2024, 6, 16))


def test_ramadan_moves_about_eleven_days_a_year():
    starts = [cal.ramadan(y)[0] for y in range(1440, 1448)]
    shifts = [(a.replace(year=2000) - b.replace(year=2000)).days % 366
              for a, b in zip(starts[:-1], starts[1:], strict=True)]
    assert all(10 <= s <= 12 for s in shifts), shifts


def test_black_friday():
    assert cal.black_friday(2024) == dt.date(2024, 11, 29)
    assert cal.black_friday(2023) == dt.date(2023, 11, 24)


def test_regressors_mark_weekends_per_country():
    days = pd.date_range("2024-03-04", periods=7)  # Monday ... Sunday
    assert cal.calendar_regressors(days, "DZ")["weekend"].tolist() == [0, 0, 0, 0, 1, 1, 0]
    assert cal.calendar_regressors(days, "pl")["weekend"].tolist() == [0, 0, 0, 0, 0, 1, 1]


def test_regressors_mark_ramadan_2024():
    x = cal.calendar_regressors(pd.date_range("2024-03-01", "2024-04-30"), "DZ")
    ramadan = x.index[x["ramadan"] == 1]
    assert ramadan.min() == pd.Timestamp("2024-03-11") and ramadan.max() == pd.Timestamp(
        "2024-04-09")
    assert x.loc["2024-04-10", "eid_al_fitr"] == 1


def test_polish_events():
    x = cal.calendar_regressors(pd.date_range("2024-01-01", "2024-12-31"), "PL")
    assert x.loc["2024-03-31", "easter"] == 1 and x.loc["2024-04-01", "easter"] == 1
    assert x.loc["2024-11-29", "black_friday"] == 1
    assert x.loc["2024-12-25", "christmas"] == 1 and x.loc["2024-12-25", "public_holiday"] == 1


def test_unknown_country_is_a_clear_error():
    with pytest.raises(CourseError, match="DZ, PL"):
        cal.calendar_regressors(pd.date_range("2024-01-01", periods=3), "FR")
