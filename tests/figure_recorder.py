"""A matplotlib backend for the notebook tests: it records the texts of every figure.

The notebook tests start kernels with ``MPLBACKEND=module://figure_recorder`` (this folder
on ``PYTHONPATH``). After each cell, like the inline backend, it collects every open
figure, writes its titles, axis labels and legend entries as one JSON line to the file
named by ``FIGURE_TEXTS_FILE``, and closes it. The tests then check that every chart is
titled and speaks the lesson's language.
"""

from __future__ import annotations

import json
import os

import matplotlib.pyplot as plt
from matplotlib._pylab_helpers import Gcf
from matplotlib.backend_bases import FigureManagerBase
from matplotlib.backends.backend_agg import FigureCanvasAgg

FigureCanvas = FigureCanvasAgg
FigureManager = FigureManagerBase


def _texts(figure) -> dict:
    axes = [ax for ax in figure.axes if ax.get_visible()]
    legends = [lg for lg in [*figure.legends, *(ax.get_legend() for ax in axes)] if lg]
    return {
        "suptitle": figure._suptitle.get_text() if figure._suptitle else "",
        "titles": [ax.get_title(loc) for ax in axes for loc in ("left", "center", "right")
                   if ax.get_title(loc)],
        "labels": [text for ax in axes for text in (ax.get_xlabel(), ax.get_ylabel()) if text],
        "legend": [t.get_text() for lg in legends for t in [lg.get_title(), *lg.get_texts()]
                   if t.get_text()],
    }


def flush(*_args) -> None:
    """Record and close every open figure."""
    path = os.environ.get("FIGURE_TEXTS_FILE")
    for manager in Gcf.get_all_fig_managers():
        if path:
            with open(path, "a", encoding="utf-8") as handle:
                handle.write(json.dumps(_texts(manager.canvas.figure), ensure_ascii=False) + "\n")
    plt.close("all")


def show(*_args, **_kwargs) -> None:
    flush()


try:
    from IPython import get_ipython

    _shell = get_ipython()
    if _shell is not None:
        _shell.events.register("post_execute", flush)
except ImportError:  # outside IPython there is nothing to hook
    pass
