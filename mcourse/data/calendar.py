"""Shopping calendars of Algeria and Poland: weekends, public holidays and the seasons
that move sales.

Algeria rests on Friday and Saturday; Ramadan and the two Eids follow the Hijri (lunar)
calendar, so in the Gregorian calendar they arrive about 11 days earlier every year.
Poland rests on Saturday and Sunday; Christmas and Black Friday are fixed in the
Gregorian calendar and Easter moves with the moon.

Hijri dates come from ``hijridate`` (Umm al-Qura tables), public holidays from
``holidays``. Real Algerian dates follow the sighting of the moon and may differ by a day.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

import pandas as pd

from ..errors import CourseError

COUNTRIES = ("DZ", "PL")
WEEKEND = {"DZ": (4, 5), "PL": (5, 6)}
"""Weekend days as pandas weekday numbers (Monday = 0): Fri-Sat in Algeria, Sat-Sun in Poland."""

EVENTS = {
    "DZ": ("ramadan", "eid_al_fitr", "eid_al_adha", "summer"),
    "PL": ("christmas_shopping", "christmas", "easter", "black_friday", "summer"),
}
"""Named calendar windows that change shopping, per country (see :func:`event_days`)."""


def check_country(country: str) -> str:
    """``"DZ"`` or ``"PL"`` (case-insensitive), else a clear error."""
    code = str(country).upper()
    if code not in COUNTRIES:
        raise CourseError("error.unknown_choice", value=country, name="country",
                          choices=", ".join(COUNTRIES))
    return code


def _hijri_to_date(year: int, month: int, day: int) -> dt.date:
    from hijridate import Hijri

    g = Hijri(year, month, day).to_gregorian()
    return dt.date(g.year, g.month, g.day)


def _hijri_years(start: dt.date, end: dt.date) -> range:
    from hijridate import Gregorian

    first = Gregorian(start.year, start.month, start.day).to_hijri().year
    last = Gregorian(end.year, end.month, end.day).to_hijri().year
    return range(first, last + 1)


@cache
def ramadan(hijri_year: int) -> tuple[dt.date, dt.date]:
    """First and last Gregorian day of Ramadan (month 9) of ``hijri_year``."""
    from hijridate import Hijri

    first = _hijri_to_date(hijri_year, 9, 1)
    length = Hijri(hijri_year, 9, 1).month_length()
    return first, first + dt.timedelta(days=length - 1)


def eid_al_fitr(hijri_year: int) -> dt.date:
    """1 Shawwal: the day after Ramadan ends."""
    return _hijri_to_date(hijri_year, 10, 1)


def eid_al_adha(hijri_year: int) -> dt.date:
    """10 Dhu al-Hijja: the feast of the sacrifice."""
    return _hijri_to_date(hijri_year, 12, 10)


def black_friday(year: int) -> dt.date:
    """The Friday after the fourth Thursday of November."""
    november = pd.Timestamp(year=year, month=11, day=1)
    first_thursday = november + pd.Timedelta(days=(3 - november.weekday()) % 7)
    return (first_thursday + pd.Timedelta(weeks=3, days=1)).date()


def _span(first: dt.date, days: int) -> list[dt.date]:
    return [first + dt.timedelta(days=i) for i in range(days)]


def event_days(country: str, start, end) -> pd.DataFrame:
    """Every day between ``start`` and ``end`` that falls in a named event window.

    Returns a tidy table with columns ``date`` and ``event``; windows:
    Algeria: ``ramadan`` (the whole month), ``eid_al_fitr`` (2 days), ``eid_al_adha``
    (2 days), ``summer`` (July-August); Poland: ``christmas_shopping`` (1-23 December),
    ``christmas`` (24-26 December), ``easter`` (Sunday and Monday), ``black_friday``
    (Friday to Cyber Monday), ``summer`` (July-August).
    """
    from dateutil.easter import easter

    country = check_country(country)
    start, end = pd.Timestamp(start).date(), pd.Timestamp(end).date()
    rows: list[tuple[dt.date, str]] = []
    if country == "DZ":
        for hy in _hijri_years(start, end):
            first, last = ramadan(hy)
            rows += [(d, "ramadan") for d in _span(first, (last - first).days + 1)]
            rows += [(d, "eid_al_fitr") for d in _span(eid_al_fitr(hy), 2)]
            rows += [(d, "eid_al_adha") for d in _span(eid_al_adha(hy), 2)]
    else:
        for year in range(start.year, end.year + 1):
            rows += [(d, "christmas_shopping") for d in _span(dt.date(year, 12, 1), 23)]
            rows += [(d, "christmas") for d in _span(dt.date(year, 12, 24), 3)]
            rows += [(d, "easter") for d in _span(easter(year), 2)]
            rows += [(d, "black_friday") for d in _span(black_friday(year), 4)]
    for year in range(start.year, end.year + 1):
        rows += [(d, "summer") for d in _span(dt.date(year, 7, 1), 62)]
    table = pd.DataFrame(rows, columns=["date", "event"])
    table["date"] = pd.to_datetime(table["date"])
    inside = table["date"].between(pd.Timestamp(start), pd.Timestamp(end))
    return table[inside].sort_values(["date", "event"]).reset_index(drop=True)


def public_holidays(country: str, start, end) -> pd.Series:
    """Official public holidays (from the ``holidays`` package) as a date-indexed name series."""
    import holidays

    country = check_country(country)
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    days = holidays.country_holidays(country, years=range(start.year, end.year + 1))
    series = pd.Series({pd.Timestamp(d): name for d, name in days.items()}, dtype="str")
    series = series.sort_index()
    return series[(series.index >= start) & (series.index <= end)]


def calendar_regressors(dates, country: str) -> pd.DataFrame:
    """0/1 columns for a regression on daily data: weekend, public holiday and each event.

    ``dates`` is anything ``pd.DatetimeIndex`` accepts; the result is indexed by it, one
    column per event window of the country (see :func:`event_days`).
    """
    country = check_country(country)
    index = pd.DatetimeIndex(dates).normalize()
    out = pd.DataFrame(index=index)
    out["weekend"] = index.day_of_week.isin(WEEKEND[country]).astype(int)
    if len(index) == 0:
        return out
    events = event_days(country, index.min(), index.max())
    for name in EVENTS[country]:
        out[name] = index.isin(events.loc[events["event"] == name, "date"]).astype(int)
    out["public_holiday"] = index.isin(public_holidays(country, index.min(), index.max()).index
                                       ).astype(int)
    return out
