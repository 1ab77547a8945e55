"""Numbers, money and dates written as a reader of each language expects (via babel).

Polish uses a decimal comma and a (non-breaking) space between thousands; Arabic for
Algeria keeps Latin digits; month and weekday names follow the locale (جانفي, styczeń).
"""

from __future__ import annotations

import datetime as _dt

from babel import dates as _dates
from babel import numbers as _numbers

from . import LOCALES, _check_lang, get_lang

CURRENCY = {"ar": "DZD", "pl": "PLN", "en": "EUR"}
"""Default currency of each language's market: Algerian dinar, Polish złoty."""


def _locale(lang: str | None) -> str:
    return LOCALES[_check_lang(lang) if lang else get_lang()]


def fmt_number(value: float, digits: int | None = None, lang: str | None = None) -> str:
    """``1234567.891`` → ``1 234 567,891`` in Polish; ``digits`` fixes the decimals."""
    if digits is None:
        return _numbers.format_decimal(value, locale=_locale(lang))
    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
    return _numbers.format_decimal(value, format=pattern, locale=_locale(lang))


def fmt_percent(value: float, digits: int = 1, lang: str | None = None) -> str:
    """A share (0.253) written as a percentage (25,3% in Polish)."""
    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "") + "%"
    return _numbers.format_percent(value, format=pattern, locale=_locale(lang))


def fmt_money(value: float, currency: str | None = None, lang: str | None = None) -> str:
    """An amount with its currency: DZD for Algeria, PLN for Poland by default."""
    code = _check_lang(lang) if lang else get_lang()
    return _numbers.format_currency(value, currency or CURRENCY[code], locale=LOCALES[code])


def fmt_date(value, style: str = "long", lang: str | None = None) -> str:
    """A date with the locale's month name, e.g. ``15 marca 2024`` or ``15 مارس 2024``."""
    if hasattr(value, "to_pydatetime"):
        value = value.to_pydatetime()
    if isinstance(value, _dt.datetime):
        value = value.date()
    return _dates.format_date(value, format=style, locale=_locale(lang))


def month_name(month: int, width: str = "wide", lang: str | None = None) -> str:
    """Name of month 1-12 as a heading writes it: جانفي, styczeń (stand-alone form)."""
    return _dates.get_month_names(width, "stand-alone", locale=_locale(lang))[month]


def weekday_name(day: int, width: str = "wide", lang: str | None = None) -> str:
    """Name of weekday ``day`` (0 = Monday ... 6 = Sunday, as in pandas)."""
    return _dates.get_day_names(width, locale=_locale(lang))[day]


def fmt_list(items, lang: str | None = None) -> str:
    """Items joined as the language joins a list: ``a, b i c``; in Arabic ``a و b و c``."""
    from babel.lists import format_list

    return format_list([str(item) for item in items], locale=_locale(lang))
