"""Calendar regressors: the moving holidays a fixed-month seasonal model misses.

Ramadan and the Eids follow the Hijri (lunar) calendar, about 354 days long, so in the
Gregorian calendar they come about 11 days earlier every year; Easter moves too; Black
Friday is the Friday after the fourth Thursday of November. A seasonal pattern that
repeats every 12 months or 52 weeks puts them in the wrong place. Regressors do not: a
column equal to 1 on the real days of the event lets a model estimate its effect.

The dates come from :mod:`mcourse.data.calendar` (re-exported here); this module adds
what lessons need on top: weekly or monthly shares of event days, lead windows before an
event (e.g. shopping before Eid), a time trend and annual Fourier terms.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..data.calendar import (
    EVENTS,
    WEEKEND,
    black_friday,
    calendar_regressors,
    check_country,
    eid_al_adha,
    eid_al_fitr,
    event_days,
    public_holidays,
    ramadan,
)
from ..errors import CourseError, SeriesError

__all__ = ["EVENTS", "WEEKEND", "black_friday", "calendar_regressors", "eid_al_adha",
           "eid_al_fitr", "event_days", "event_starts", "holiday_regressors",
           "public_holidays", "ramadan"]


def event_starts(country: str, event: str, start, end) -> pd.DatetimeIndex:
    """First day of every occurrence of ``event`` between ``start`` and ``end``."""
    country = check_country(country)
    if event not in EVENTS[country]:
        raise CourseError("error.unknown_choice", value=event, name="event",
                          choices=", ".join(EVENTS[country]))
    days = event_days(country, start, end)
    days = pd.DatetimeIndex(days.loc[days["event"] == event, "date"])
    previous_is_event = (days - pd.Timedelta(days=1)).isin(days)
    return days[~previous_is_event]


def _daily(days: pd.DatetimeIndex, country: str, events, weekend: bool,
           public_holiday: bool, lead: dict, annual: int) -> pd.DataFrame:
    table = calendar_regressors(days, country)
    columns = (["weekend"] if weekend else []) + list(events)
    columns += ["public_holiday"] if public_holiday else []
    out = table[columns].astype(float)
    for event, length in lead.items():
        firsts = event_starts(country, event, days.min(), days.max() + pd.Timedelta(days=length))
        before = pd.DatetimeIndex([d - pd.Timedelta(days=k) for d in firsts
                                   for k in range(1, length + 1)])
        out[f"pre_{event}"] = days.isin(before).astype(float)
    phase = 2 * np.pi * days.day_of_year.to_numpy() / 365.25
    for k in range(1, annual + 1):
        out[f"sin{k}"] = np.sin(k * phase)
        out[f"cos{k}"] = np.cos(k * phase)
    return out


def holiday_regressors(index, country: str, events=None, weekend: bool = True,
                       public_holiday: bool = False, lead: dict | None = None,
                       trend: bool = False, annual: int = 0) -> pd.DataFrame:
    """Regressors for a daily, weekly or monthly series of ``country`` ("DZ" or "PL").

    ``index`` is the series' date index with its frequency (future dates may be included:
    the calendar is known in advance). Columns: ``weekend`` (0/1), one per event of
    ``events`` (default: all events of the country, see :data:`EVENTS`), optional
    ``public_holiday``, ``pre_<event>`` for each ``lead={"eid_al_fitr": 7}`` entry (the
    7 days before), ``trend`` (years since the first date) and ``annual`` pairs of
    sin/cos terms of the day of the year. For weekly or monthly data each column is the
    *share of days* of the period (weeks are labelled by their last day, as pandas'
    ``resample("W")`` does; months by any day inside them); weekly data get no weekend
    column, since every week holds the same two weekend days.
    """
    country = check_country(country)
    index = pd.DatetimeIndex(index)
    events = list(EVENTS[country] if events is None else events)
    unknown = [e for e in events if e not in EVENTS[country]]
    if unknown:
        raise CourseError("error.unknown_choice", value=", ".join(unknown), name="events",
                          choices=", ".join(EVENTS[country]))
    lead = dict(lead or {})
    if index.freq is None:
        raise SeriesError("timeseries.error.no_frequency", name="index", steps="?")
    if index.freq.rule_code == "D":
        out = _daily(index, country, events, weekend, public_holiday, lead, annual)
    else:
        weekly = index.freq.rule_code.startswith("W")
        weekend = weekend and not weekly
        periods = index.to_period()
        days = pd.date_range(periods[0].start_time, periods[-1].end_time.normalize(), freq="D")
        daily = _daily(days, country, events, weekend, public_holiday, lead, annual)
        out = daily.groupby(days.to_period(periods.freq)).mean().loc[periods]
        out.index = index
    if trend:
        out["trend"] = (index - index[0]).days.to_numpy() / 365.25
    out.index.name = index.name
    return out


def share_coefficient(multiplier: float, share: float) -> float:
    """What the coefficient of a share-of-period regressor estimates on log period totals.

    An event multiplies the expected value of each of its days by ``multiplier`` (0.55:
    45 % fewer orders on Eid day). Aggregated to weeks, the regressor is the share ``s``
    of the week's days in the event (2 days of 7: s = 2/7), and the model is linear in
    the *logarithm of the weekly total*. With equal days and nothing else in the week, the
    total is (1 - s + s·m) times a normal week, so with perfect data the coefficient is

        b(s) = ln(1 + s (m - 1)) / s,

    not ln m: for m = 0.55 and s = 2/7, b ≈ -0.48 and e^b - 1 ≈ -38 %, while
    ln 0.55 ≈ -0.60 (-45 %). b(s) tends to ln m only when the event fills the whole week
    (s = 1). Real weeks also hold weekend days and other events (the last days of
    Ramadan before Eid al-Fitr), so the exact value for a calendar comes from fitting the
    same model on noise-free data (lesson 09 does it with the simulator's expected orders).
    """
    if not 0 < share <= 1:
        raise CourseError("timeseries.error.share", share=share)
    if not multiplier > 0:
        raise CourseError("timeseries.error.multiplier", multiplier=multiplier)
    return float(np.log1p(share * (multiplier - 1)) / share)
