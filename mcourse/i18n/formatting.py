"""Numbers, money and dates written as a reader of each language expects (via babel).

One convention per language, used everywhere the course writes a number (messages,
tables, axis ticks, reports, the command line); prose in the notebooks follows it too
(Polish ``0,055``, in LaTeX ``0{,}055``):

* **Arabic = CLDR ``ar_DZ``** (Modern Standard Arabic as written in Algeria): Latin
  digits, a decimal comma and a dot between thousands, ``1.234,5``; ``-3,16``; ``52%``.
  Algerian schools, newspapers, banks and the administration write Latin ("Western
  Arabic") digits, and this is what CLDR records for ar_DZ, so babel gives it as is. The
  Eastern Arabic digits of ar_EG / ar_SA (١٢٣) would look foreign to an Algerian student.
* **Polish = CLDR ``pl_PL``**: decimal comma, a no-break space between thousands,
  ``1 234,5``; ``25,3%``.
* English (``en_GB``) is only the developers' fallback.

Money: Algerian dinars are written ``5.250 دج`` (number first, the everyday abbreviation
دج after it, no decimals: the dinar has no coins worth counting in marketing figures);
złoty ``5 250,00 zł`` as CLDR writes it. babel's Arabic currency pattern wraps amounts in
right-to-left marks (U+200F) and writes "د.ج."; the course drops both, so an amount can
be bidi-isolated as one piece (see :mod:`mcourse.i18n.display`).

A number is never padded so that it reads as another one: whole values have no
decimals (``30``, not ``30,000``, which an English reader takes for thirty thousand).
"""

from __future__ import annotations

import datetime as _dt
import math
import re

from babel import dates as _dates
from babel import numbers as _numbers

from . import LOCALES, _check_lang, get_lang

CURRENCY = {"ar": "DZD", "pl": "PLN", "en": "EUR"}
"""Default currency of each language's market: Algerian dinar, Polish złoty."""

DINAR = "دج"
ZLOTY_AR = "زلوتي"
"""The złoty in Arabic text and axes (course glossary); Polish writes "zł" (CLDR)."""
"""The Algerian dinar as Algerian Arabic writes it after an amount."""

NBSP = "\u00a0"
_MARKS = re.compile("[\u200e\u200f\u061c]")  # LRM, RLM, ALM: babel's bidi marks


def _code(lang: str | None) -> str:
    return _check_lang(lang) if lang else get_lang()


def _locale(lang: str | None) -> str:
    return LOCALES[_code(lang)]


def strip_marks(text: str) -> str:
    """``text`` without the bidi marks babel puts in some Arabic patterns (LRM, RLM, ALM).

    The display layer isolates a number as a whole instead; marks inside an isolate only
    move the signs around.
    """
    return _MARKS.sub("", text)


def fmt_number(value: float, digits: int | None = None, lang: str | None = None) -> str:
    """``1234567.891`` → ``1 234 567,891`` in Polish, ``1.234.567,891`` in Arabic.

    ``digits`` fixes the number of decimals (``fmt_number(0.5, 2)`` → ``0,50``); without
    it babel writes up to 3 decimals and drops trailing zeros. For values whose decimals
    vary (table cells, counts), :func:`fmt_decimal` never pads.
    """
    if digits is None:
        return strip_marks(_numbers.format_decimal(value, locale=_locale(lang)))
    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
    return strip_marks(_numbers.format_decimal(value, format=pattern, locale=_locale(lang)))


def fmt_decimal(value: float, max_digits: int = 3, lang: str | None = None) -> str:
    """A number with *at most* ``max_digits`` decimals, trailing zeros dropped.

    ``30.0`` → ``30``; ``0.2500`` → ``0,25``; ``1234.5678`` → ``1 234,568`` (Polish).
    Numbers below 1 keep 3 significant digits so they do not turn into 0
    (``0.000123`` → ``0,000123``).
    """
    number = float(value)
    if math.isfinite(number) and number.is_integer():
        return fmt_number(int(number), 0, lang)
    digits = max_digits
    if math.isfinite(number) and 0 < abs(number) < 1:
        digits = max(digits, min(12, 2 - math.floor(math.log10(abs(number)))))
    pattern = "#,##0" + ("." + "#" * digits if digits > 0 else "")
    return strip_marks(_numbers.format_decimal(number, format=pattern, locale=_locale(lang)))


def fmt_percent(value: float, digits: int = 1, lang: str | None = None) -> str:
    """A share (0.253) written as a percentage (25,3% in Polish and Arabic)."""
    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "") + "%"
    return strip_marks(_numbers.format_percent(value, format=pattern, locale=_locale(lang)))


def fmt_money(value: float, currency: str | None = None, lang: str | None = None,
              digits: int | None = None) -> str:
    """An amount with its currency, as the language writes it.

    Arabic, dinars: ``5.250 دج`` (rounded to whole dinars); Polish: ``5 250,00 zł``; the
    other country's currency as the glossary writes it: ``1.234,50 زلوتي`` in Arabic,
    ``5 250 DZD`` in Polish (whole dinars in both languages); any other currency follows
    CLDR without bidi marks (``35,17 US$`` in Arabic).
    ``digits`` overrides the decimals (axis ticks use 0). A no-break space joins the
    amount and its unit.
    """
    code = _code(lang)
    currency = currency or CURRENCY[code]
    if currency == "DZD" and code in ("ar", "pl"):
        unit = DINAR if code == "ar" else "DZD"
        return f"{fmt_number(round(value), 0, code)}{NBSP}{unit}"
    if code == "ar" and currency == "PLN":
        return f"{fmt_number(value, 2 if digits is None else digits, code)}{NBSP}{ZLOTY_AR}"
    if digits is None:
        text = _numbers.format_currency(value, currency, locale=LOCALES[code])
    else:
        pattern = _numbers.Locale.parse(LOCALES[code]).currency_formats["standard"].pattern
        pattern = re.sub(r"0\.0+", "0" + ("." + "0" * digits if digits else ""), pattern)
        text = _numbers.format_currency(value, currency, format=pattern, locale=LOCALES[code],
                                        currency_digits=False)
    return strip_marks(text)


def fmt_date(value, style: str = "long", lang: str | None = None) -> str:
    """A date with the locale's month name, e.g. ``15 marca 2024`` or ``15 مارس 2024``."""
    if hasattr(value, "to_timestamp") and not hasattr(value, "to_pydatetime"):
        value = value.to_timestamp()
    if hasattr(value, "to_pydatetime"):
        value = value.to_pydatetime()
    if isinstance(value, _dt.datetime):
        value = value.date()
    return strip_marks(_dates.format_date(value, format=style, locale=_locale(lang)))


def month_name(month: int, width: str = "wide", lang: str | None = None) -> str:
    """Name of month 1-12 as a heading writes it: جانفي, styczeń (stand-alone form)."""
    return _dates.get_month_names(width, "stand-alone", locale=_locale(lang))[month]


_ISO_MONTH = re.compile(r"^\s*(\d{4})-(\d{1,2})(?:-\d{1,2}(?:[ T].*)?)?\s*$")


def _year_month(value) -> tuple[int, int]:
    if isinstance(value, str):
        match = _ISO_MONTH.match(value)
        if not match:
            raise ValueError(f"{value!r} is not a month (expected e.g. '2024-01')")
        return int(match.group(1)), int(match.group(2))
    if hasattr(value, "year") and hasattr(value, "month"):  # Period, Timestamp, date
        return int(value.year), int(value.month)
    raise TypeError(f"{type(value).__name__} is not a month")


def fmt_month(value, width: str = "wide", lang: str | None = None) -> str:
    """A month with its year, by name: ``جانفي 2024``, ``styczeń 2024``.

    Takes a ``pd.Period``, a timestamp or date, or an ISO text (``"2024-01"``); used for
    cohorts in tables, axis ticks and legends. ``width="abbreviated"`` gives short names.
    """
    year, month = _year_month(value)
    return f"{month_name(month, width, lang)} {year}"


def weekday_name(day: int, width: str = "wide", lang: str | None = None) -> str:
    """Name of weekday ``day`` (0 = Monday ... 6 = Sunday, as in pandas)."""
    return _dates.get_day_names(width, locale=_locale(lang))[day]


def fmt_list(items, lang: str | None = None) -> str:
    """Items joined as the language joins a list: ``a, b i c``; in Arabic ``a و b و c``."""
    from babel.lists import format_list

    return format_list([str(item) for item in items], locale=_locale(lang))


def fmt_p(value: float, digits: int = 3, lang: str | None = None) -> str:
    """A p-value as a statistics table writes it: ``0,042``; below ``10**-digits`` as
    ``< 0,001`` (a tiny p-value's exact size carries no extra meaning)."""
    number = float(value)
    floor = 10.0 ** -digits
    if math.isfinite(number) and number < floor:
        return "< " + fmt_number(floor, digits, lang)
    return fmt_number(number, digits, lang)
