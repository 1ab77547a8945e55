"""mcourse: helpers for the course "Digital marketing management" (Arabic and Polish).

A lesson needs only a few names, available right here::

    import mcourse
    rng = mcourse.start(LANG, SEED)     # language, plot theme and a seeded generator
    orders = mcourse.load("dz_orders")  # a course dataset as a typed DataFrame
    mcourse.say("check.ok")             # a message in the student's language
    mcourse.show(table)                 # a table as the language reads it (rtl in Arabic)

Everything mcourse shows goes through the display layer (:mod:`mcourse.i18n.display`):
rich output carrying ``dir``/``lang``, numbers and names bidi-isolated in Arabic.

Heavy libraries (statsmodels, seaborn, ipywidgets) are imported by the topic modules
that use them, so ``import mcourse`` stays quick.
"""

from __future__ import annotations

from .i18n import get_lang, language, set_lang, t
from .i18n.display import say, show

__version__ = "0.1.0"

__all__ = ["card", "get_lang", "language", "list_datasets", "load", "say", "set_lang", "show",
           "start", "t", "use_theme"]


def start(lang: str = "ar", seed: int = 0):
    """Begin a lesson: set the language and the plot theme; return a seeded generator.

    In a notebook it also shows a one-line badge naming the lesson's language,
    ``<div class="mcourse-lang mcourse-lang-ar" lang="ar" dir="rtl">``: the course CSS
    keys on it to hide the other language's prose in this notebook only (see
    ``mcourse/styles/course.css``). Outside IPython nothing is shown.
    """
    import numpy as np

    from .i18n.display import language_marker
    from .plots import use_theme

    set_lang(lang)
    use_theme()
    language_marker()
    return np.random.default_rng(seed)


def use_theme() -> None:
    """Apply the course plot theme (see :mod:`mcourse.plots`)."""
    from .plots import use_theme as _use_theme

    _use_theme()


def load(name: str, **kwargs):
    """Load a course dataset by name (see :func:`mcourse.data.load`)."""
    from .data import load as _load

    return _load(name, **kwargs)


def list_datasets():
    """Table of the course datasets (see :func:`mcourse.data.list_datasets`)."""
    from .data import list_datasets as _list

    return _list()


def card(name: str):
    """The data card of a dataset in the active language (see :func:`mcourse.data.card`)."""
    from .data import card as _card

    return _card(name)
