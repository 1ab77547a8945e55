"""Charts of lessons 08-09: a series, its moving averages and components, ACF/PACF,
forecasts with prediction intervals, and a ranking of methods.

Every function returns a matplotlib Figure (or draws on ``ax=``), titled and labelled in
the active language; dates on the axis use the language's month names, and numbers on
the other axis the language's format (``0,2`` and ``20 000`` in Polish, ``20.000`` in
Arabic), through :func:`mcourse.plots.localize_axes`.
"""

from __future__ import annotations

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.ticker import FuncFormatter, MaxNLocator

from ..i18n import t
from ..i18n.formatting import fmt_percent, month_name
from ..plots import PALETTE, label, localize_axes
from ..plots import figure_and_axes as _axes
from .checks import check_series, season_length, series_label

LONG_SPAN_DAYS = 3 * 365
"""Above this span (in days) the date axis shows years only, one tick per 1, 2, 5... years."""


def _long(low: float, high: float) -> bool:
    return abs(high - low) > LONG_SPAN_DAYS


class _CourseDateLocator(mdates.AutoDateLocator):
    """matplotlib's automatic date ticks, but whole years only on long spans.

    On a span of 3-8 years the automatic choice is a tick every 6 months, which a
    year-only label would show as "2021 2021 2022": a year locator avoids the repeats.
    """

    def get_locator(self, dmin, dmax):
        low, high = mdates.date2num(dmin), mdates.date2num(dmax)
        if not _long(low, high):
            return super().get_locator(dmin, dmax)
        years = abs(high - low) / 365.25
        most = self.maxticks[mdates.YEARLY] - 1
        base = next((b for b in (1, 2, 5, 10, 20, 50) if years / b <= most), 100)
        locator = mdates.YearLocator(base)
        locator.set_axis(self.axis)
        return locator


def date_axis(ax) -> None:
    """Date ticks with month names of the active language (whole years on long spans)."""
    ax.xaxis.set_major_locator(_CourseDateLocator(minticks=4, maxticks=9))

    def fmt(value, _pos=None):
        day = mdates.num2date(value)
        if _long(*ax.get_xlim()):
            return f"{day.year}"
        return f"{month_name(day.month, 'abbreviated')}\n{day.year}"

    ax.xaxis.set_major_formatter(FuncFormatter(fmt))


def _name(y, fallback="value"):
    """A series' name in words for a title or an axis (its catalogue label if known)."""
    return series_label(y.name) if y.name is not None else t(f"word.{fallback}")


def plot_series(y: pd.Series, title: str | None = None, ylabel: str | None = None,
                ax=None, **line):
    """A line chart of a series over time."""
    fig, ax = _axes(ax)
    ax.plot(y.index, y.to_numpy(), **line)
    label(ax, title or _name(y), t("word.date"), ylabel or _name(y))
    date_axis(ax)
    return fig


def shade(ax, dates, text: str | None = None, color: str = PALETTE[1], alpha: float = 0.25):
    """Shade the days in ``dates`` (e.g. Ramadan) as vertical bands; one legend entry."""
    dates = pd.DatetimeIndex(dates).sort_values()
    if len(dates) == 0:
        return ax
    breaks = np.flatnonzero(dates[1:] - dates[:-1] > pd.Timedelta(days=1)) + 1
    runs = np.split(dates, breaks)
    for i, run in enumerate(runs):
        ax.axvspan(run[0], run[-1] + pd.Timedelta(days=1), color=color, alpha=alpha, lw=0,
                   label=text if i == 0 else None)
    return ax


def plot_moving_averages(y: pd.Series, windows=(7, 28), ax=None, title: str | None = None):
    """The series with centred moving averages of several window lengths on top."""
    from .components import moving_average

    fig, ax = _axes(ax)
    ax.plot(y.index, y.to_numpy(), color="0.65", lw=0.8, label=_name(y))
    for i, window in enumerate(windows):
        ax.plot(y.index, moving_average(y, window).to_numpy(), color=PALETTE[i % 8], lw=2,
                label=t("timeseries.plot.ma", window=window))
    label(ax, title or t("timeseries.plot.ma_title"), t("word.date"), _name(y))
    ax.legend()
    date_axis(ax)
    return fig


def plot_decomposition(parts: pd.DataFrame, title: str | None = None):
    """Four stacked panels: observed, trend, seasonal, residual (from ``decompose``)."""
    fig, axes = plt.subplots(4, 1, sharex=True, figsize=(9, 8))
    colors = [PALETTE[7], PALETTE[0], PALETTE[2], PALETTE[3]]
    for ax, column, color in zip(axes, ["observed", "trend", "seasonal", "resid"], colors,
                                 strict=True):
        if column == "resid":
            ax.scatter(parts.index, parts[column], s=6, color=color)
            ax.axhline(1.0 if parts.attrs.get("model") == "multiplicative" else 0.0,
                       color="0.4", lw=0.8)
        else:
            ax.plot(parts.index, parts[column], color=color)
        ax.set_ylabel(t(f"timeseries.component.{column}"), fontsize=11)
    method = t(f"timeseries.method.{parts.attrs.get('method', 'stl')}")
    fig.suptitle(title or t("timeseries.plot.decomposition", method=method,
                            period=parts.attrs.get("period", "")), fontweight="bold")
    axes[-1].set_xlabel(t("word.date"))
    date_axis(axes[-1])
    localize_axes(fig, y="number")
    fig.tight_layout()
    return fig


def acf_band(n: int, level: float = 0.95) -> float:
    """Half-width of the acceptance band of the ACF and PACF charts: z / √n.

    If the series had no autocorrelation at all (white noise), each sample
    autocorrelation would fall inside ±z/√n with probability ``level`` (Box, Jenkins &
    Reinsel; FPP3 section 2.9). It is a band for testing "no autocorrelation at this
    lag", not a confidence interval of the autocorrelation: even white noise crosses a
    95 % band at about 1 lag in 20 by chance.
    """
    from .frames import z_value

    return z_value(level) / np.sqrt(n)


def plot_acf_pacf(y: pd.Series, lags: int | None = None, title: str | None = None,
                  level: float = 0.95):
    """Autocorrelation and partial autocorrelation side by side (statsmodels' plots).

    The shaded band is :func:`acf_band` (the same width at every lag, for both charts):
    where the bars of a series without autocorrelation fall with probability ``level``.
    """
    from statsmodels.graphics.tsaplots import plot_acf, plot_pacf

    y = check_series(y)
    lags = lags or min(len(y) // 2 - 1, 2 * season_length(y) + 1)
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4))
    plot_acf(y, lags=lags, ax=left, zero=False, auto_ylims=True, alpha=1 - level,
             bartlett_confint=False)
    plot_pacf(y, lags=lags, ax=right, zero=False, auto_ylims=True, method="ywm",
              alpha=1 - level)
    label(left, t("timeseries.plot.acf"), t("timeseries.plot.lag"), t("timeseries.plot.corr"))
    label(right, t("timeseries.plot.pacf"), t("timeseries.plot.lag"), t("timeseries.plot.corr"))
    for ax in (left, right):  # lags are whole numbers: no tick at 2.5
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    fig.suptitle(title or _name(y), fontweight="bold")
    fig.tight_layout()
    return fig


def plot_forecast(history: pd.Series, forecast: pd.DataFrame, actual: pd.Series | None = None,
                  ax=None, title: str | None = None, ylabel: str | None = None,
                  last: int | None = None, color: str = PALETTE[0]):
    """History, the forecast and its prediction interval (shaded), and what happened.

    ``last`` shows only the last periods of the history, to see the forecast up close.
    """
    fig, ax = _axes(ax)
    shown = history.iloc[-last:] if last else history
    ax.plot(shown.index, shown.to_numpy(), color="0.2", lw=1.2, label=t("timeseries.plot.history"))
    level = forecast.attrs.get("level", 0.95)
    ax.fill_between(forecast.index, forecast["lower"], forecast["upper"], color=color,
                    alpha=0.25, lw=0,
                    label=t("timeseries.plot.interval", level=fmt_percent(level, 0)))
    ax.plot(forecast.index, forecast["mean"], color=color, lw=2,
            label=t("timeseries.plot.forecast"))
    if actual is not None:
        ax.plot(actual.index, actual.to_numpy(), color=PALETTE[3], lw=1.2, marker="o", ms=3,
                label=t("timeseries.plot.actual"))
    method = forecast.attrs.get("method")
    name = t(f"timeseries.method.{method}") if method else ""
    label(ax, title or t("timeseries.plot.forecast_title", method=name), t("word.date"),
          ylabel or _name(history))
    ax.legend(loc="upper left")
    date_axis(ax)
    return fig


def plot_ranking(table: pd.DataFrame, metric: str = "MASE", ax=None, title: str | None = None):
    """Horizontal bars of one error measure per method (from ``ranking``), best on top."""
    fig, ax = _axes(ax, figsize=(8, 0.45 * len(table) + 1.5))
    ordered = table.sort_values(metric, ascending=False)
    from ..i18n import has

    names = [t(f"timeseries.method.{m}") if has(f"timeseries.method.{m}") else str(m)
             for m in ordered.index]
    colors = [PALETTE[2] if v == ordered[metric].min() else PALETTE[0] for v in ordered[metric]]
    ax.barh(names, ordered[metric], color=colors)
    if metric == "MASE":
        ax.axvline(1.0, color="0.3", lw=1, ls="--")
    label(ax, title or t("timeseries.plot.ranking", metric=metric), metric)
    ax.grid(axis="y", visible=False)
    fig.tight_layout()
    return fig
