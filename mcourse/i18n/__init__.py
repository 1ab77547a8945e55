"""Languages of the course: one message catalogue (Arabic, Polish, English fallback).

Every label, title, table header and error message a lesson shows comes from here, so
switching the ``LANG`` parameter of a notebook switches everything at once::

    from mcourse import set_lang, t
    set_lang("pl")
    t("plot.sales")            # 'Sprzedaż'

The catalogue lives in ``messages/*.toml``, one file per topic, each key holding the
three languages side by side so a translator sees them together. A message with a count
gives each language its CLDR plural forms (babel's rules; Arabic zero, one, two, few,
many, other; Polish one, few, many, other; English one, other)::

    [table.rows]
    pl = { one = "1 wiersz", few = "{count} wiersze", many = "{count} wierszy", other = "{count} wiersza" }

    t("table.rows", count=22)   # '22 wiersze' in Polish; {count} in the language's format

A plural entry missing a form its language needs does not load (the error names the key).
In a notebook, show messages with :func:`mcourse.say` (:mod:`mcourse.i18n.display`): it
also writes the numbers given as values the language's way and keeps them in reading
order in Arabic; ``t`` itself fills values in as they are given (format them with
:mod:`mcourse.i18n.formatting`), except ``count``.
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


PLURAL_CATEGORIES = ("zero", "one", "two", "few", "many", "other")
"""The CLDR plural categories a catalogue entry may define for a count."""


def plural_categories(lang: str) -> tuple[str, ...]:
    """The CLDR plural categories ``lang`` needs, in CLDR order (babel's rules).

    Arabic: zero, one, two, few, many, other; Polish: one, few, many, other;
    English: one, other. A plural entry must define every one of them.
    """
    from babel import Locale

    tags = set(Locale.parse(LOCALES[_check_lang(lang)]).plural_form.tags) | {"other"}
    return tuple(c for c in PLURAL_CATEGORIES if c in tags)


def _count_number(count):
    """``count`` as an int (whole numbers, numpy included) or a float, for the plural rule."""
    import numbers

    if isinstance(count, bool) or not isinstance(count, numbers.Real):
        raise TypeError(f"count must be a number, not {type(count).__name__} ({count!r})")
    if isinstance(count, numbers.Integral):
        return int(count)
    number = float(count)
    return int(number) if number.is_integer() else number


def plural_category(count, lang: str | None = None) -> str:
    """The CLDR category babel's rule of ``lang`` gives ``count``: ``one``, ``few`` ...

    Polish: 1 → one, 2-4 and 22-24 → few, 0, 5-21, 25 ... → many, 1,5 → other.
    Arabic: 0 → zero, 1 → one, 2 → two, 3-10 → few, 11-99 → many, 100-102 → other.
    """
    from babel import Locale

    code = _check_lang(lang) if lang else get_lang()
    return Locale.parse(LOCALES[code]).plural_form(_count_number(count))


def _is_entry(value: dict) -> bool:
    """A table whose keys are language codes (each a text or a table of plural forms)."""
    if not set(value) & set(SUPPORTED):
        return False
    return all(isinstance(v, str) or (isinstance(v, dict) and v and all(
        isinstance(form, str) for form in v.values())) for v in value.values())


def _check_plural(key: str, entry: dict) -> None:
    """A plural entry defines, in every language, exactly the categories the language needs."""
    plural = [lang for lang, text in entry.items() if isinstance(text, dict)]
    if not plural:
        return
    for lang, text in entry.items():
        if lang not in SUPPORTED:
            raise ValueError(f"catalogue entry {key!r}: unknown language {lang!r}")
        if not isinstance(text, dict):
            raise ValueError(
                f"catalogue entry {key!r} is plural in {', '.join(plural)} but a single "
                f"text in {lang}: write {lang} as a table of plural forms too")
        needed = plural_categories(lang)
        missing = [c for c in needed if c not in text]
        extra = sorted(set(text) - set(needed))
        if missing:
            instead = f"; found instead: {', '.join(extra)}" if extra else ""
            raise ValueError(f"catalogue entry {key!r} lacks the {lang} plural form(s) "
                             f"{', '.join(missing)} (needed: {', '.join(needed)}{instead})")
        if extra:
            raise ValueError(f"catalogue entry {key!r} has {lang} plural form(s) "
                             f"{', '.join(extra)} that {lang} never uses "
                             f"(its forms: {', '.join(needed)})")


def _flatten(table: dict, prefix: str = "") -> dict[str, dict]:
    """Turn nested TOML tables into ``{"a.b.c": {"ar": ..., "pl": ..., "en": ...}}``.

    A language's value is a text, or for a message with a count a table of CLDR plural
    forms (``{one = ..., few = ..., many = ..., other = ...}``), checked here.
    """
    out: dict[str, dict] = {}
    for name, value in table.items():
        key = f"{prefix}{name}"
        if isinstance(value, dict) and _is_entry(value):
            _check_plural(key, value)
            out[key] = value
        elif isinstance(value, dict):
            out.update(_flatten(value, key + "."))
        else:
            raise ValueError(f"catalogue entry {key!r} must be a table of languages")
    return out


@cache
def catalogue() -> dict[str, dict]:
    """All messages, merged from every topic file; a key defined twice is an error.

    Each entry maps a language to its text, or to a table of plural forms (see
    :func:`is_plural`); a plural entry missing a form its language needs is an error
    naming the key.
    """
    merged: dict[str, dict] = {}
    folder = resources.files(__package__) / "messages"
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if not entry.name.endswith(".toml"):
            continue
        try:
            entries = _flatten(tomllib.loads(entry.read_text(encoding="utf-8")))
        except ValueError as exc:
            raise ValueError(f"{entry.name}: {exc}") from None
        clash = set(entries) & set(merged)
        if clash:
            raise ValueError(f"{entry.name} redefines catalogue keys: {sorted(clash)}")
        merged.update(entries)
    return merged


def is_plural(key: str) -> bool:
    """Whether the message ``key`` has plural forms (and so needs ``count=``)."""
    return any(isinstance(text, dict) for text in _entry(key).values())


def _entry(key: str) -> dict:
    try:
        return catalogue()[key]
    except KeyError:
        raise KeyError(f"no message {key!r} in the mcourse catalogue") from None


def template(key: str, lang: str | None = None, count=None) -> str:
    """The unfilled text of ``key`` in ``lang``: for a plural entry, the form ``count`` takes.

    English is the fallback when a language has no text.
    """
    code = _check_lang(lang) if lang else get_lang()
    entry = _entry(key)
    text = entry.get(code) or entry["en"]
    if isinstance(text, dict):
        if count is None:
            raise TypeError(f"message {key!r} has plural forms: give it count=")
        used = code if code in entry else "en"
        text = text[plural_category(count, used)]
    return text


def format_count(count, lang: str | None = None) -> str:
    """A count written in the language's number format (``1 882`` in Polish, ``1.882``
    in Arabic); a text is kept as it is."""
    if isinstance(count, str):
        return count
    from .formatting import fmt_decimal

    return fmt_decimal(_count_number(count), lang=lang)


def t(key: str, lang: str | None = None, /, *, count=None, **values) -> str:
    """The message ``key`` in the active language (or ``lang``), filled with ``values``.

    With ``count=n`` a plural entry takes the form CLDR's rule gives ``n`` in the
    language (Polish 2 → few, 5 → many; Arabic 2 → two, 11 → many), and ``{count}`` is
    written in the language's number format. A key missing from the catalogue raises
    ``KeyError``: a typo must not reach a student. (Shown in a notebook, messages go
    through :func:`mcourse.say`, which also keeps numbers and names in reading order.)
    """
    text = template(key, lang, count)
    if count is not None:
        values["count"] = format_count(count, lang)
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
