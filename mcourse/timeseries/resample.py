"""From an irregular log of orders to a regular series, and from days to weeks or months.

A shop's order log has one row per order at irregular moments. A time series needs one
value per *equal* interval, so the log is counted or summed per day, week or month
(resampling). Two questions have no automatic answer and are asked explicitly:

* an **empty period** (a day without a single order): for a count or a sum it means 0,
  for a measurement (a price, an average basket) it means "unknown";
* a **partial period** at either end (a week with only 3 of its 7 days observed): keep it
  (it looks like a drop in sales), or drop it.

Periods are labelled like pandas does: days by the day, weeks by their Sunday, months,
quarters and years by their first day.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import CourseError, SeriesError
from .checks import check_series, infer_frequency, list_dates, missing_periods

PERIODS = {"D": "D", "W": "W-SUN", "M": "M", "Q": "Q-DEC", "Y": "Y-DEC"}
"""Frequencies offered: day, week (Monday-Sunday), month, quarter, year."""

_ALIASES = {"D": "D", "W": "W", "W-SUN": "W", "M": "M", "MS": "M", "ME": "M", "Q": "Q",
            "QS": "Q", "QE": "Q", "QS-JAN": "Q", "QE-DEC": "Q", "Y": "Y", "YS": "Y", "YE": "Y",
            "YS-JAN": "Y", "YE-DEC": "Y"}
NESTED = {"D": ("W", "M", "Q", "Y"), "MS": ("Q", "Y"), "ME": ("Q", "Y"), "QS": ("Y",),
          "QE": ("Y",)}
"""Which coarser periods each frequency fits into exactly (weeks do not fit into months)."""
HOW = ("sum", "count", "mean", "median", "min", "max", "last")
PARTIAL = ("error", "drop", "keep")


def _freq(freq: str) -> str:
    code = _ALIASES.get(str(freq))
    if code is None:
        raise CourseError("error.unknown_choice", value=freq, name="freq",
                          choices=", ".join(PERIODS))
    return code


def _labels(periods: pd.PeriodIndex, code: str) -> pd.DatetimeIndex:
    """Timestamps for periods: weeks by their last day (Sunday), others by their first."""
    if code == "W":
        stamps = periods.end_time.normalize()
        return pd.DatetimeIndex(stamps, freq="W-SUN")
    freq = {"D": "D", "M": "MS", "Q": "QS-JAN", "Y": "YS-JAN"}[code]
    return pd.DatetimeIndex(periods.start_time, freq=freq)


def _choose(value, name, choices):
    if value not in choices:
        raise CourseError("error.unknown_choice", value=value, name=name,
                          choices=", ".join(map(str, choices)))
    return value


def _partial(periods: pd.PeriodIndex, first_day: pd.Timestamp, last_day: pd.Timestamp,
             partial: str, name: str) -> np.ndarray:
    """Mask of the periods fully inside [first_day, last_day]; error or keep as asked."""
    starts = periods.start_time
    ends = periods.end_time.normalize()
    complete = np.asarray((starts >= first_day) & (ends <= last_day))
    if partial == "error" and not complete.all():
        cut = periods[~complete]
        raise SeriesError("timeseries.error.partial_period", name=name, count=len(cut),
                          periods=", ".join(map(str, cut[:5])), first=first_day.date(),
                          last=last_day.date())
    return complete if partial == "drop" else np.ones(len(periods), dtype=bool)


def regular_series(log: pd.DataFrame, freq: str = "D", date: str = "date",
                   value: str | None = None, how: str = "sum", empty=None,
                   partial: str = "error", start=None, end=None) -> pd.Series:
    """Count (``value=None``) or aggregate the rows of an irregular log per period.

    ``empty`` says what a period without any row means: ``0`` (no orders, zero sales) or
    ``"missing"`` (unknown, NaN). Left as ``None``, empty periods raise an error naming
    them. ``start``/``end`` are the first and last observed days (default: the first and
    last row); periods not fully inside follow ``partial`` ("error", "drop" or "keep").
    """
    code = _freq(freq)
    _choose(how, "how", HOW)
    _choose(partial, "partial", PARTIAL)
    for column in [date] + ([value] if value else []):
        if column not in log.columns:
            raise CourseError("timeseries.error.no_column", column=column,
                              columns=", ".join(map(str, log.columns)))
    stamps = pd.DatetimeIndex(log[date])
    if stamps.isna().any():
        raise SeriesError("timeseries.error.missing_values", name=date,
                          count=int(stamps.isna().sum()), dates="NaT")
    first_day = pd.Timestamp(start or stamps.min()).normalize()
    last_day = pd.Timestamp(end or stamps.max()).normalize()
    outside = stamps[(stamps < first_day) | (stamps >= last_day + pd.Timedelta(days=1))]
    if len(outside):
        raise SeriesError("timeseries.error.outside_window", count=len(outside),
                          dates=list_dates(outside), first=first_day.date(), last=last_day.date())
    pfreq = PERIODS[code]
    periods = pd.period_range(first_day, last_day, freq=pfreq)
    keys = stamps.to_period(pfreq)
    rows = pd.Series(1, index=keys).groupby(level=0).sum().reindex(periods, fill_value=0)
    if value is None:
        values = rows.astype(float if empty == "missing" else "int64")
        name = "orders"
    else:
        data = pd.Series(log[value].to_numpy(), index=keys)
        values = data.groupby(level=0).agg(how).reindex(periods).astype(float)
        name = value
    no_rows = periods[rows.to_numpy() == 0]
    if len(no_rows):
        if empty is None:
            raise SeriesError("timeseries.error.empty_periods", count=len(no_rows),
                              dates=list_dates(no_rows.start_time))
        values[rows.to_numpy() == 0] = np.nan if empty == "missing" else empty
    keep = _partial(periods, first_day, last_day, partial, name)
    out = pd.Series(values.to_numpy()[keep], index=_labels(periods[keep], code), name=name)
    out.index.name = "date"
    return out


def aggregate(y: pd.Series, freq: str = "W", how: str = "sum",
              partial: str = "error") -> pd.Series:
    """Aggregate a regular series (e.g. daily) to weeks, months, quarters or years.

    The series is checked first (no gaps, no missing values). A period only partly
    covered by the data (e.g. the first week when the data start on a Thursday) follows
    ``partial``: "error" (default, names the periods), "drop" or "keep".
    """
    code = _freq(freq)
    _choose(how, "how", HOW)
    _choose(partial, "partial", PARTIAL)
    y = check_series(y)
    source = y.index.freq.rule_code.split("-")[0]
    if code not in NESTED.get(source, ()):
        raise SeriesError("timeseries.error.not_nested", source=y.index.freq.freqstr,
                          target=freq)
    pfreq = PERIODS[code]
    keys = y.index.to_period(pfreq)
    values = y.groupby(keys).agg(how)
    periods = pd.PeriodIndex(values.index, freq=pfreq)
    step = y.index.freq
    first_day = y.index[0]
    last_day = (y.index[-1] + step - pd.Timedelta(days=1)).normalize()
    keep = _partial(periods, first_day, last_day, partial, _name(y))
    out = pd.Series(values.to_numpy()[keep], index=_labels(periods[keep], code), name=y.name)
    out.index.name = y.index.name
    return out


def _name(y) -> str:
    return str(y.name) if y.name is not None else "y"


FILL = ("zero", "interpolate", "ffill")


def fill_missing(y: pd.Series, method: str, freq: str | None = None) -> pd.Series:
    """Put every missing period back on the calendar and fill it, as an explicit choice.

    ``method``: "zero" (nothing happened: counts, sales), "interpolate" (a straight line
    between neighbours: prices, indices) or "ffill" (repeat the last known value).
    The dates that were filled are listed in ``result.attrs["filled"]``.
    """
    _choose(method, "method", FILL)
    freq = freq or infer_frequency(y.index)
    absent = missing_periods(y, freq)
    grid = pd.date_range(y.index.min(), y.index.max(), freq=freq)
    out = y.reindex(grid)
    if method == "zero":
        out = out.fillna(0)
    elif method == "interpolate":
        out = out.interpolate(method="time")
    else:
        out = out.ffill()
    out.index.name = y.index.name
    out.attrs["filled"] = [d.strftime("%Y-%m-%d") for d in absent]
    return out
