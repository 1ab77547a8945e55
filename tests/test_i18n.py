"""The message catalogue and the formatting of numbers, money and dates per language."""

from __future__ import annotations

import datetime as dt
import string

import pytest
from conftest import load_catalogue_from

from mcourse.i18n import catalogue, get_lang, language, set_lang, t
from mcourse.i18n.formatting import (
    fmt_date,
    fmt_money,
    fmt_number,
    fmt_percent,
    month_name,
    weekday_name,
)

RLM, NBSP = "\u200f", "\u00a0"


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _forms(entry, lang: str) -> list[str]:
    """The texts of one language of an entry: one, or each plural form."""
    value = entry.get(lang, "")
    return list(value.values()) if isinstance(value, dict) else [value]


@pytest.mark.parametrize("key", sorted(catalogue()))
def test_every_key_in_arabic_polish_and_english(key):
    """Each language has text, with the same fields. A plural form may leave a field out
    (Polish "1 wiersz", Arabic "سطران" need no ``{count}``; the zero form may need no
    share), but its "other" form writes the count."""
    entry = catalogue()[key]
    fields = {}
    for lang in ("ar", "pl", "en"):
        forms = _forms(entry, lang)
        assert all(form.strip() for form in forms), f"{key} has no {lang} text"
        fields[lang] = set().union(*(_fields(form) for form in forms))
        if isinstance(entry[lang], dict):
            assert "count" in _fields(entry[lang]["other"]), f"{key}: {lang} other lacks {{count}}"
    assert fields["ar"] == fields["pl"] == fields["en"], key


@pytest.mark.parametrize("key", sorted(catalogue()))
def test_arabic_text_is_arabic_and_polish_is_not(key):
    """Arabic entries are written in Arabic (a brand name such as BLIK may stay as it is)."""
    entry = catalogue()[key]
    for ar, en in zip(_forms(entry, "ar"), _forms(entry, "en") * 6, strict=False):
        is_arabic = any("\u0600" <= ch <= "\u06ff" for ch in ar)
        assert is_arabic or ar == en, key
    for pl in _forms(entry, "pl"):
        assert not any("\u0600" <= ch <= "\u06ff" for ch in pl), key


def test_set_lang_switches_messages():
    set_lang("pl")
    assert t("word.sales") == "Sprzedaż"
    set_lang("ar")
    assert t("word.sales") == "المبيعات"
    assert t("word.sales", "en") == "Sales"


def test_unknown_language_is_a_clear_error():
    with pytest.raises(ValueError) as err:
        set_lang("fr")
    assert "'fr'" in str(err.value) and "ar, pl, en" in str(err.value)
    assert get_lang() == "en", "a failed switch must leave the language as it was"


def test_language_context_restores():
    set_lang("pl")
    with language("ar"):
        assert get_lang() == "ar"
    assert get_lang() == "pl"


def test_missing_key_raises():
    with pytest.raises(KeyError):
        t("no.such.key")


def test_duplicate_key_across_files_is_an_error(tmp_path, monkeypatch):
    entry = '[a.b]\nar = "أ"\npl = "a"\nen = "a"\n'
    with pytest.raises(ValueError, match="redefines"):
        load_catalogue_from({"one.toml": entry, "two.toml": entry}, tmp_path, monkeypatch)


def test_polish_numbers_and_money():
    assert fmt_number(1234567.891, 2, lang="pl") == f"1{NBSP}234{NBSP}567,89"
    assert fmt_money(1234567.891, lang="pl") == f"1{NBSP}234{NBSP}567,89{NBSP}zł"
    assert fmt_money(5250, lang="pl") == f"5{NBSP}250,00{NBSP}zł"
    assert fmt_percent(0.253, lang="pl") == "25,3%"
    assert fmt_number(-3.16, lang="pl") == "-3,16"


def test_algerian_arabic_numbers_and_money_use_latin_digits():
    """ar_DZ: Latin digits, decimal comma, dot between thousands; dinars as دج after the
    amount, whole dinars; no bidi marks (the display layer isolates the whole amount)."""
    assert fmt_number(1234567.891, 2, lang="ar") == "1.234.567,89"
    assert fmt_number(-3.16, lang="ar") == "-3,16"
    assert fmt_money(5250, lang="ar") == f"5.250{NBSP}دج"
    assert fmt_money(1234567.891, lang="ar") == f"1.234.568{NBSP}دج"
    assert fmt_money(-12.4, lang="ar") == f"-12{NBSP}دج"
    assert fmt_money(35.17, "USD", lang="ar") == f"35,17{NBSP}US$"
    assert fmt_percent(0.52, 0, lang="ar") == "52%"
    for text in (fmt_money(5250, lang="ar"), fmt_money(35.17, "USD", lang="ar"),
                 fmt_percent(-0.52, lang="ar"), fmt_number(-3.16, lang="ar")):
        assert RLM not in text and "\u200e" not in text, repr(text)
    # babel itself still writes the marks and "د.ج.": the course's strings are its own
    from babel.numbers import format_currency

    assert format_currency(5250, "DZD", locale="ar_DZ") == f"{RLM}5.250,00{NBSP}د.ج.{RLM}"


def test_money_ticks_can_drop_decimals():
    assert fmt_money(5000, lang="pl", digits=0) == f"5{NBSP}000{NBSP}zł"
    assert fmt_money(5000, lang="ar", digits=2) == f"5.000{NBSP}دج"  # dinars: never decimals


def test_decimals_are_never_padded():
    """30 is never written "30,000" (which reads as thirty thousand to many readers)."""
    from mcourse.i18n.formatting import fmt_decimal

    assert fmt_decimal(30.0, lang="ar") == "30"
    assert fmt_decimal(30, lang="pl") == "30"
    assert fmt_decimal(0.2500, lang="pl") == "0,25"
    assert fmt_decimal(1234.5678, lang="pl") == f"1{NBSP}234,568"
    assert fmt_decimal(1234.5678, lang="ar") == "1.234,568"
    assert fmt_decimal(0.000123, lang="ar") == "0,000123"  # small numbers do not become 0
    assert fmt_decimal(20000, lang="pl") == f"20{NBSP}000"


def test_month_names_with_year():
    import pandas as pd

    from mcourse.i18n.formatting import fmt_month

    assert fmt_month(pd.Period("2024-01", "M"), lang="ar") == "جانفي 2024"
    assert fmt_month(pd.Timestamp("2024-01-15"), lang="pl") == "styczeń 2024"
    assert fmt_month("2023-07", lang="ar") == "جويلية 2023"
    assert fmt_month(dt.date(2023, 8, 1), lang="pl") == "sierpień 2023"
    assert fmt_month("2023-08", "abbreviated", lang="pl") == "sie 2023"
    with pytest.raises(ValueError):
        fmt_month("July", lang="pl")


def test_month_and_weekday_names_per_locale():
    assert month_name(1, lang="ar") == "جانفي"
    assert month_name(2, lang="ar") == "فيفري"
    assert month_name(1, lang="pl") == "styczeń"
    assert weekday_name(4, lang="pl") == "piątek"
    assert weekday_name(4, lang="ar") == "الجمعة"


def test_dates_per_locale():
    day = dt.date(2024, 3, 11)
    assert fmt_date(day, lang="pl") == "11 marca 2024"
    assert fmt_date(day, lang="ar") == "11 مارس 2024"
    assert fmt_date(dt.date(2025, 5, 4), lang="ar") == "4 ماي 2025"


def test_lists_joined_per_language():
    from mcourse.i18n.formatting import fmt_list

    assert fmt_list(["a", "b", "c"], lang="pl") == "a, b i c"
    assert fmt_list(["أ", "ب"], lang="ar") == "أ وب"
    assert fmt_list(["x"], lang="en") == "x"


def test_money_of_the_other_country_follows_the_glossary():
    from mcourse.i18n.formatting import fmt_money

    assert fmt_money(1234.5, "PLN", lang="ar") == "1.234,50\u00a0زلوتي"
    assert fmt_money(1000, "PLN", lang="ar", digits=0) == "1.000\u00a0زلوتي"
    assert fmt_money(5250.4, "DZD", lang="pl") == "5\u00a0250\u00a0DZD"
    assert fmt_money(5250.4, "DZD", lang="ar") == "5.250\u00a0دج"
