"""Languages of the course: one message catalogue (Arabic, Polish, English fallback).

Every label, title, table header and error message a lesson shows comes from here, so
switching the ``LANG`` parameter of a notebook switches everything at once::

    from mcourse import set_lang, t
    set_lang("pl")
    t("plot.sales")            # 'Sprzedaż'

The catalogue lives in ``messages/*.toml``, one file per topic, each key holding the
three languages side by side so a translator sees them together.
"""

from __future__ import annotations

import tomllib
from contextlib import contextmanager
from functools import cache
from importlib import resources

SUPPORTED = ("ar", "pl", "en")
"""Languages a lesson can be read in; English is the fallback for developers."""

LOCALES = {"ar": "ar_DZ", "pl": "pl_PL", "en": "en_GB"}
"""babel locale used for each language: Arabic as written in Algeria, Polish in Poland."""

_state = {"lang": "en"}


class UnknownLanguageError(ValueError):
    """Raised when a language other than ar, pl or en is requested."""


def _check_lang(lang: str) -> str:
    code = str(lang).strip().lower()
    if code not in SUPPORTED:
        raise UnknownLanguageError(
            f"Unknown language {lang!r}. Supported languages: {', '.join(SUPPORTED)} "
            "(ar = العربية, pl = polski, en = English)."
        )
    return code


def set_lang(lang: str) -> str:
    """Make ``lang`` ("ar", "pl" or "en") the language of every message; returns it."""
    _state["lang"] = _check_lang(lang)
    return _state["lang"]


def get_lang() -> str:
    """The active language code."""
    return _state["lang"]


@contextmanager
def language(lang: str):
    """Use ``lang`` inside a ``with`` block, then restore the previous language."""
    previous = get_lang()
    set_lang(lang)
    try:
        yield lang
    finally:
        set_lang(previous)


def _flatten(table: dict, prefix: str = "") -> dict[str, dict[str, str]]:
    """Turn nested TOML tables into ``{"a.b.c": {"ar": ..., "pl": ..., "en": ...}}``."""
    out: dict[str, dict[str, str]] = {}
    for name, value in table.items():
        key = f"{prefix}{name}"
        if isinstance(value, dict) and all(isinstance(v, str) for v in value.values()) and (
            set(value) & set(SUPPORTED)
        ):
            out[key] = value
        elif isinstance(value, dict):
            out.update(_flatten(value, key + "."))
        else:
            raise ValueError(f"catalogue entry {key!r} must be a table of languages")
    return out


@cache
def catalogue() -> dict[str, dict[str, str]]:
    """All messages, merged from every topic file; a key defined twice is an error."""
    merged: dict[str, dict[str, str]] = {}
    folder = resources.files(__package__) / "messages"
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if not entry.name.endswith(".toml"):
            continue
        entries = _flatten(tomllib.loads(entry.read_text(encoding="utf-8")))
        clash = set(entries) & set(merged)
        if clash:
            raise ValueError(f"{entry.name} redefines catalogue keys: {sorted(clash)}")
        merged.update(entries)
    return merged


def t(key: str, lang: str | None = None, /, **values) -> str:
    """The message ``key`` in the active language (or ``lang``), filled with ``values``.

    A key missing from the catalogue raises ``KeyError``: a typo must not reach a student.
    """
    code = _check_lang(lang) if lang else get_lang()
    try:
        entry = catalogue()[key]
    except KeyError:
        raise KeyError(f"no message {key!r} in the mcourse catalogue") from None
    text = entry.get(code) or entry["en"]
    return text.format(**values) if values else text


def has(key: str) -> bool:
    """Whether ``key`` is in the catalogue (for optional labels)."""
    return key in catalogue()


def label(kind: str, code) -> str:
    """Readable name of a dataset code, e.g. ``label("channel", "seo")`` → SEO in words."""
    return t(f"label.{kind}.{code}")


def translate_codes(values, kind: str):
    """A Series, Index or list of codes with each code replaced by its label.

    Used for table rows and chart axes: ``translate_codes(table.index, "channel")``.
    """
    import pandas as pd

    if isinstance(values, (pd.Series, pd.Index)):
        return values.map(lambda code: label(kind, code))
    return [label(kind, code) for code in values]
