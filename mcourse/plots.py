"""The course's look: one theme for every chart, and the charts lessons share.

``use_theme()`` sets a colour-blind-safe palette (Okabe & Ito), a font that has Arabic
and Polish letters (DejaVu Sans) and sizes readable on a classroom projector.
Titles and labels are plain Unicode from ``mcourse.i18n``: matplotlib >= 3.11 joins
Arabic letters and lays them right-to-left by itself, so no reshaping is needed.
"""

from __future__ import annotations

from contextlib import contextmanager

import matplotlib as mpl

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


def label(ax, title: str, xlabel: str | None = None, ylabel: str | None = None):
    """Set a chart's title and axis labels (already translated strings); returns ``ax``."""
    ax.set_title(title)
    if xlabel is not None:
        ax.set_xlabel(xlabel)
    if ylabel is not None:
        ax.set_ylabel(ylabel)
    return ax


def figure_and_axes(ax=None, figsize=None):
    """``(fig, ax)``: draw on the given axes, or on a new figure of ``figsize``.

    Every chart function of the course takes ``ax=`` this way, so a lesson can place
    several charts side by side or let each make its own figure.
    """
    if ax is not None:
        return ax.figure, ax
    import matplotlib.pyplot as plt

    return plt.subplots(figsize=figsize)
