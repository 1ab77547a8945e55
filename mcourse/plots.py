"""The course's look: one theme for every chart, and the charts lessons share.

``use_theme()`` sets a colour-blind-safe palette (Okabe & Ito), a font that has Arabic
and Polish letters (DejaVu Sans) and sizes readable on a classroom projector.
Titles and labels are plain Unicode from ``mcourse.i18n``: matplotlib >= 3.11 joins
Arabic letters and lays them right-to-left by itself, so no reshaping is needed.

Tick labels follow the language's number convention too (``0,2`` and ``20 000`` in
Polish, ``0,2`` and ``20.000`` in Arabic, months by name): :func:`localize_axes` sets the
formatters, and :func:`label`, which every course chart calls, applies the number format
to each numeric axis that still has matplotlib's default formatter.
"""

from __future__ import annotations

import re
from contextlib import contextmanager

import matplotlib as mpl
import matplotlib.dates as mdates
from matplotlib import ticker

PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442",
           "#000000"]
"""Okabe-Ito colours, distinguishable with the common kinds of colour blindness."""

FONT = ["DejaVu Sans"]
"""Ships with matplotlib and covers Arabic, Polish and Latin letters."""

THEME = {
    "axes.prop_cycle": mpl.cycler(color=PALETTE),
    "font.family": "sans-serif",
    "font.sans-serif": FONT,
    "font.size": 13,
    "axes.titlesize": 16,
    "axes.titleweight": "bold",
    "axes.labelsize": 14,
    "xtick.labelsize": 12,
    "ytick.labelsize": 12,
    "legend.fontsize": 12,
    "legend.title_fontsize": 13,
    "figure.figsize": (9.0, 5.0),
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "image.cmap": "viridis",
}


def use_theme() -> None:
    """Apply the course theme to every following chart (lessons call it once)."""
    mpl.rcParams.update(THEME)


@contextmanager
def theme():
    """The course theme inside a ``with`` block only."""
    with mpl.rc_context(THEME):
        yield


def label(ax, title: str, xlabel: str | None = None, ylabel: str | None = None, *,
          x: str | None = "auto", y: str | None = "auto"):
    """Set a chart's title and axis labels (already translated strings); returns ``ax``.

    ``x`` and ``y`` are the kinds of tick labels, as in :func:`localize_axes`. The default
    ``"auto"`` writes the numbers of a numeric axis in the language's format, leaving
    alone an axis of dates or categories and one whose formatter the chart chose; if the
    axis turns out to hold dates or categories when data is drawn later, matplotlib's own
    formatter for them still takes over.
    """
    ax.set_title(isolate_numbers(title))
    if xlabel is not None:
        ax.set_xlabel(isolate_numbers(xlabel))
    if ylabel is not None:
        ax.set_ylabel(isolate_numbers(ylabel))
    localize_axes(ax, x=x, y=y)
    if ax.get_legend() is not None:
        for text in ax.get_legend().get_texts():
            text.set_text(isolate_numbers(text.get_text()))
    return ax


_ARABIC = re.compile("[\u0600-\u06ff]")
_PERCENT_RUN = re.compile(r"(?<![\u2066\d])[-+\u2212]?\d[\d.,\u00a0]*\s?%(?!\u2069)")


def isolate_numbers(text: str) -> str:
    """Wrap percentages inside Arabic chart text in Unicode isolates (LRI ... PDI).

    matplotlib's own bidirectional layout draws "ثقة 95%" as "%95 ثقة": it does not attach
    the percent sign to its number as the Unicode rule does. An isolated "95%" is laid
    out as one left-to-right piece. Text without Arabic is returned unchanged.
    """
    if not isinstance(text, str) or not _ARABIC.search(text):
        return text
    return _PERCENT_RUN.sub(lambda m: "\u2066" + m.group(0) + "\u2069", text)


KINDS = ("number", "percent", "money", "month")
"""Kinds of tick labels :func:`localize_axes` writes in the active language."""


def _decimals(values, limit: int = 6) -> int:
    """The fewest decimals (up to ``limit``) that tell every tick value apart exactly."""
    import math

    finite = [float(v) for v in values if math.isfinite(v)]
    for digits in range(limit + 1):
        if all(abs(v - round(v, digits)) <= 1e-9 * max(1.0, abs(v)) for v in finite):
            return digits
    return limit


class LocalFormatter(ticker.FuncFormatter):
    """Tick labels in the active language: ``kind`` is number, percent, money or month.

    Numbers use the fewest decimals that keep the ticks apart, with thousands grouped
    (``0,2``, ``0,25``, ``20 000``); percent ticks take shares (0.2 → ``20%``); money
    ticks are whole amounts in the language's currency (``5.000 دج``, ``5 000 zł``);
    month ticks are dates (matplotlib's day numbers) written ``جانفي 2024``.
    The language is read when the chart is drawn, so a figure follows ``LANG``.
    """

    def __init__(self, kind: str = "number", *, lang: str | None = None,
                 currency: str | None = None):
        if kind not in KINDS:
            raise ValueError(f"unknown tick kind {kind!r}; use one of {KINDS}")
        self.kind, self.lang, self.currency = kind, lang, currency
        self.digits = 0
        super().__init__(self._format)

    def set_locs(self, locs):
        super().set_locs(locs)
        values = list(locs)
        if self.kind == "percent":
            values = [v * 100 for v in values]
        self.digits = _decimals(values) if values else 0

    def _format(self, value, pos=None) -> str:
        from .i18n import formatting as f

        if self.kind == "month":
            return f.fmt_month(mdates.num2date(value), lang=self.lang)
        value = 0.0 if abs(value) < 1e-12 else value  # no "-0"
        if self.kind == "percent":
            return f.fmt_percent(value, self.digits, lang=self.lang)
        if self.kind == "money":
            return f.fmt_money(value, self.currency, lang=self.lang, digits=self.digits)
        return f.fmt_number(value, self.digits, lang=self.lang)


class _MonthLabels(ticker.Formatter):
    """Month names for tick labels that are ISO months or periods ("2023-07")."""

    def __init__(self, labels, lang):
        self.labels, self.lang = labels, lang

    def __call__(self, value, pos=None):
        return _month_text(self.labels(value, pos), self.lang)


def _month_text(text, lang) -> str:
    from .i18n.formatting import fmt_month

    try:
        return fmt_month(text if not isinstance(text, str) else text.strip(), lang=lang)
    except (TypeError, ValueError):
        return str(text)


_DATE_FORMATTERS = (mdates.AutoDateFormatter, mdates.DateFormatter, mdates.ConciseDateFormatter)


def _localize_axis(axis, kind: str | None, lang: str | None, currency: str | None) -> None:
    if kind is None:
        return
    if kind == "auto":
        if axis.get_converter() is not None or not axis.isDefault_majfmt or \
                axis.get_scale() != "linear":
            return
        axis.set_major_formatter(LocalFormatter("number", lang=lang))
        axis.isDefault_majfmt = True  # dates or categories drawn later still take over
        return
    if kind != "month":
        axis.set_major_formatter(LocalFormatter(kind, lang=lang, currency=currency))
        return
    current = axis.get_major_formatter()
    if type(current).__name__ == "TimeSeries_DateFormatter":  # pandas' axis of periods
        import pandas as pd

        freq = current.freq
        axis.set_major_formatter(_MonthLabels(
            lambda v, pos: pd.Period(ordinal=int(round(v)), freq=freq), lang))
        axis.set_minor_formatter(ticker.NullFormatter())  # its minor labels are English
    elif isinstance(current, _DATE_FORMATTERS) or isinstance(current, LocalFormatter):
        # dates: one tick per month, or every few months on a long span
        if axis.isDefault_majloc:
            axis.set_major_locator(_MonthLocator())
        axis.set_major_formatter(LocalFormatter("month", lang=lang))
    else:  # categories ("2023-07") or labels set by hand (a heatmap): names instead
        axis.set_major_formatter(_MonthLabels(current, lang))


class _MonthLocator(ticker.Locator):
    """Ticks on the first day of months, every 1, 2, 3, 4, 6 or 12 ... months so that at
    most ``most`` ticks show (a named month on every tick, never days)."""

    def __init__(self, most: int = 8):
        self.most = most

    def __call__(self):
        low, high = self.axis.get_view_interval()
        return self.tick_values(low, high)

    def tick_values(self, vmin, vmax):
        first, last = sorted((mdates.num2date(vmin), mdates.num2date(vmax)))
        months = (last.year - first.year) * 12 + last.month - first.month + 1
        step = next((s for s in (1, 2, 3, 4, 6, 12, 24, 60, 120) if months / s <= self.most),
                    120)
        locator = mdates.MonthLocator(bymonth=range(1, 13, step)) if step < 12 else \
            mdates.YearLocator(base=step // 12)
        return locator.tick_values(first, last)


def localize_axes(ax_or_fig, x: str | None = None, y: str | None = None, *,
                  legend: str | None = None, lang: str | None = None,
                  currency: str | None = None):
    """Write the tick labels of a chart (an Axes or every Axes of a Figure) in the language.

    ``x``/``y``: ``"number"`` (``20 000``, ``0,25``), ``"percent"`` (shares, ``20%``),
    ``"money"`` (``5.000 دج``, ``5 000 zł``), ``"month"`` (``جانفي 2024``: date axes,
    category axes of ISO months such as cohorts, or hand-set tick labels), ``"auto"``
    (numbers on a numeric axis with the default formatter) or ``None`` (left as it is).
    ``legend="month"`` writes legend entries such as ``2023-07`` as month names.
    Returns its argument. Notebooks that draw with plain matplotlib call it too::

        ax.plot(months, revenue)
        mcourse.plots.localize_axes(ax, x="month", y="money")
    """
    axes = ax_or_fig.get_axes() if hasattr(ax_or_fig, "get_axes") and not hasattr(
        ax_or_fig, "xaxis") else [ax_or_fig]
    for ax in axes:
        _localize_axis(ax.xaxis, x, lang, currency)
        _localize_axis(ax.yaxis, y, lang, currency)
        if legend == "month" and ax.get_legend() is not None:
            for text in ax.get_legend().get_texts():
                text.set_text(_month_text(text.get_text(), lang))
    return ax_or_fig


def figure_and_axes(ax=None, figsize=None):
    """``(fig, ax)``: draw on the given axes, or on a new figure of ``figsize``.

    Every chart function of the course takes ``ax=`` this way, so a lesson can place
    several charts side by side or let each make its own figure.
    """
    if ax is not None:
        return ax.figure, ax
    import matplotlib.pyplot as plt

    return plt.subplots(figsize=figsize)


def side_by_side(count: int, panel=(6.0, 5.0), fig=None):
    """``(fig, axes)``: ``count`` charts in one row, each ``panel`` inches (width, height),
    as the lessons put Algeria and Poland next to each other; with ``fig``, its own axes
    (a figure the lesson laid out itself)."""
    if fig is not None:
        return fig, list(fig.axes)
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, count, figsize=(panel[0] * count, panel[1]), squeeze=False)
    return fig, list(axes[0])

