"""Is this a time series a model can use? Checks with clear errors, nothing repaired.

A time series is one indicator observed at *equal* intervals. Before any moving average,
decomposition or forecast, :func:`check_series` makes sure that holds: dates as the index,
in time order, no duplicate timestamps, no missing values, no missing periods, a frequency
that can be recognised, and enough periods for the season. When something is wrong it
raises :class:`mcourse.errors.SeriesError` in the active language, naming the dates or the
count. It never fills, sorts or drops anything: deciding what a missing period means is
the analyst's step (see :mod:`mcourse.timeseries.resample`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import SeriesError
from ..i18n import get_lang, has, t
from ..i18n.formatting import fmt_list

SHOWN = 5
"""How many dates an error message lists before writing "..."."""

_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
_DAYS = ("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN")

SEASON = {"D": 7, "W": 52, "M": 12, "Q": 4, "Y": 1, "h": 24}
"""Usual season length per frequency: a week of days, a year of weeks, months, quarters."""


def list_dates(dates, shown: int = SHOWN) -> str:
    """``2024-01-03, 2024-01-09, ...`` : the first few dates of a list, as ISO text."""
    comma = "، " if get_lang() == "ar" else ", "
    dates = pd.DatetimeIndex(dates)
    text = comma.join(_iso(d) for d in dates[:shown])
    return text + (comma + "..." if len(dates) > shown else "")


def _iso(stamp: pd.Timestamp) -> str:
    return stamp.strftime("%Y-%m-%d") if stamp == stamp.normalize() else stamp.isoformat(" ")


def series_label(name) -> str:
    """A series' name in words: ``elec_equip`` → its catalogue label in the active language.

    Looks up ``timeseries.series.<name>``, then ``word.<name>`` (sales, orders...); a name
    the catalogue does not know is shown as it is.
    """
    for key in (f"timeseries.series.{name}", f"word.{name}"):
        if has(key):
            return t(key)
    return str(name)


QUOTES = {"ar": "«{}»", "pl": "„{}”", "en": "“{}”"}
"""Quotation marks of each language, around a series' name inside a message."""


def _name(y) -> str:
    """The series' name for a message, in words and in the language's quotation marks."""
    name = getattr(y, "name", None)
    return QUOTES[get_lang()].format(series_label(name) if name is not None else "y")


def freq_name(freq) -> str:
    """A pandas frequency in words: ``MS`` → monthly, ``W-SUN`` → weekly, ``QS-OCT`` →
    quarterly; a code the catalogue does not know (``2D``, ``B``) is shown as it is."""
    code = getattr(freq, "freqstr", None) or str(freq)
    key = f"timeseries.freq.{code.split('-')[0]}"
    return t(key) if has(key) else code


def candidate_frequencies(first: pd.Timestamp) -> list[str]:
    """Frequencies a series starting at ``first`` could have, from the coarsest to hourly."""
    month = _MONTHS[first.month - 1]
    return [f"YS-{month}", f"YE-{month}", f"QS-{month}", f"QE-{month}", "MS", "ME",
            f"W-{_DAYS[first.day_of_week]}", "D", "h"]


def infer_frequency(index) -> str | None:
    """The coarsest regular frequency whose calendar contains every date of ``index``.

    Unlike ``pd.infer_freq`` this also recognises a series with gaps (a daily series
    with a few missing days is still daily), so the gaps can be named. Returns ``None``
    when no frequency fits, or when more than half of the calendar would be missing.
    """
    index = pd.DatetimeIndex(index)
    if len(index) < 2:
        return None
    if index.freq is not None:
        return index.freq.freqstr
    first, last = index.min(), index.max()
    for freq in candidate_frequencies(first):
        grid = pd.date_range(first, last, freq=freq)
        if len(grid) and grid[0] == first and index.isin(grid).all():
            return freq if len(grid) <= 2 * index.nunique() else None
    return None


def season_length(y_or_freq) -> int:
    """Usual season of a series' frequency: 7 for days, 52 for weeks, 12 for months..."""
    freq = y_or_freq
    if isinstance(y_or_freq, pd.Series | pd.DataFrame):
        freq = y_or_freq.index.freq
    code = pd.tseries.frequencies.to_offset(freq).rule_code if freq is not None else ""
    key = {"D": "D", "W": "W", "MS": "M", "ME": "M", "QS": "Q", "QE": "Q", "YS": "Y",
           "YE": "Y", "h": "h"}.get(code.split("-")[0])
    if key is None:
        raise SeriesError("timeseries.error.unknown_season", freq=str(freq))
    return SEASON[key]


def missing_periods(y, freq: str | None = None) -> pd.DatetimeIndex:
    """Dates of the periods absent from ``y`` (or present with a missing value)."""
    index = pd.DatetimeIndex(y.index)
    freq = freq or infer_frequency(index)
    if freq is None:
        raise SeriesError("timeseries.error.no_frequency", name=_name(y), steps=_steps(index))
    grid = pd.date_range(index.min(), index.max(), freq=freq)
    absent = grid.difference(index)
    empty = index[pd.isna(np.asarray(y))] if isinstance(y, pd.Series) else index[:0]
    return absent.union(empty)


def _steps(index: pd.DatetimeIndex) -> str:
    """The most common gaps between dates, listed as the language lists: ``1 day (×40) and
    2 days (×3)``."""
    from babel.dates import format_timedelta

    from ..i18n import LOCALES

    gaps = pd.Series(index.sort_values()).diff().dropna()
    counts = gaps.value_counts().head(3)
    return fmt_list(f"{format_timedelta(step.to_pytimedelta(), locale=LOCALES[get_lang()])}"
                    f" (×{n})" for step, n in counts.items())


def check_series(y, season: int | None = None, cycles: int = 2, freq: str | None = None,
                 name: str | None = None) -> pd.Series:
    """Check that ``y`` is a usable time series; return it with its frequency set.

    ``y`` is a pandas Series of numbers indexed by dates. ``season`` (e.g. 12 for months)
    asks for at least ``cycles`` full seasons. Raises :class:`SeriesError` naming the
    problem; nothing is filled, sorted or dropped.
    """
    name = name or _name(y)
    if isinstance(y, pd.DataFrame):
        raise SeriesError("timeseries.error.not_series", name=name, kind="DataFrame",
                          columns=fmt_list(y.columns))
    if not isinstance(y, pd.Series):
        raise SeriesError("timeseries.error.not_series", name=name, kind=type(y).__name__,
                          columns="-")
    if not isinstance(y.index, pd.DatetimeIndex):
        raise SeriesError("timeseries.error.not_dates", name=name, kind=str(y.index.dtype))
    if len(y) == 0:
        raise SeriesError("timeseries.error.too_short", name=name, count=0, needed=3, season=1,
                          cycles=1)
    if not pd.api.types.is_numeric_dtype(y) or pd.api.types.is_bool_dtype(y):
        raise SeriesError("timeseries.error.not_numeric", name=name, dtype=str(y.dtype))
    index = y.index
    duplicated = index[index.duplicated(keep=False)].unique()
    if len(duplicated):
        raise SeriesError("timeseries.error.duplicates", name=name, count=len(duplicated),
                          dates=list_dates(duplicated))
    if not index.is_monotonic_increasing:
        position = int(np.flatnonzero(np.diff(index.asi8) < 0)[0])
        raise SeriesError("timeseries.error.unsorted", name=name, date=_iso(index[position + 1]),
                          previous=_iso(index[position]))
    nan = index[y.isna().to_numpy()]
    if len(nan):
        raise SeriesError("timeseries.error.missing_values", name=name, count=len(nan),
                          dates=list_dates(nan))
    freq = freq or infer_frequency(index)
    if freq is None:
        raise SeriesError("timeseries.error.no_frequency", name=name, steps=_steps(index))
    grid = pd.date_range(index[0], index[-1], freq=freq)
    absent = grid.difference(index)
    if len(absent) or not index.isin(grid).all():
        raise SeriesError("timeseries.error.gaps", name=name, count=len(absent),
                          freq=freq_name(freq), dates=list_dates(absent))
    if season is not None and len(y) < cycles * season:
        raise SeriesError("timeseries.error.too_short", name=name, count=len(y),
                          needed=cycles * season, season=season, cycles=cycles)
    out = y.copy()
    out.index = pd.DatetimeIndex(index, freq=freq)
    return out


def check_horizon(horizon) -> int:
    """A forecast horizon must be a whole number of periods, at least 1."""
    if isinstance(horizon, bool) or not isinstance(horizon, int | np.integer) or horizon < 1:
        raise SeriesError("timeseries.error.horizon", horizon=horizon)
    return int(horizon)
