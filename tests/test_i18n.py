"""The message catalogue and the formatting of numbers, money and dates per language."""

from __future__ import annotations

import datetime as dt
import string

import pytest

from mcourse import i18n
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


@pytest.mark.parametrize("key", sorted(catalogue()))
def test_every_key_in_arabic_polish_and_english(key):
    entry = catalogue()[key]
    for lang in ("ar", "pl", "en"):
        assert entry.get(lang, "").strip(), f"{key} has no {lang} text"
    assert _fields(entry["ar"]) == _fields(entry["pl"]) == _fields(entry["en"]), key


@pytest.mark.parametrize("key", sorted(catalogue()))
def test_arabic_text_is_arabic_and_polish_is_not(key):
    """Arabic entries are written in Arabic (a brand name such as BLIK may stay as it is)."""
    entry = catalogue()[key]
    is_arabic = any("\u0600" <= ch <= "\u06ff" for ch in entry["ar"])
    assert is_arabic or entry["ar"] == entry["en"], key
    assert not any("\u0600" <= ch <= "\u06ff" for ch in entry["pl"]), key


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
    folder = tmp_path / "messages"
    folder.mkdir()
    entry = '[a.b]\nar = "أ"\npl = "a"\nen = "a"\n'
    (folder / "one.toml").write_text(entry, encoding="utf-8")
    (folder / "two.toml").write_text(entry, encoding="utf-8")

    class FakeFiles:
        def __truediv__(self, name):
            return folder

    monkeypatch.setattr(i18n.resources, "files", lambda package: FakeFiles())
    i18n.catalogue.cache_clear()
    try:
        with pytest.raises(ValueError, match="redefines"):
            i18n.catalogue()
    finally:
        monkeypatch.undo()
        i18n.catalogue.cache_clear()


def test_polish_numbers_and_money():
    assert fmt_number(1234567.891, 2, lang="pl") == f"1{NBSP}234{NBSP}567,89"
    assert fmt_money(1234567.891, lang="pl") == f"1{NBSP}234{NBSP}567,89{NBSP}zł"
    assert fmt_percent(0.253, lang="pl") == "25,3%"


def test_algerian_arabic_numbers_and_money_use_latin_digits():
    assert fmt_number(1234567.891, 2, lang="ar") == "1.234.567,89"
    assert fmt_money(1234567.891, lang="ar") == f"{RLM}1.234.567,89{NBSP}د.ج.{RLM}"


def test_month_and_weekday_names_per_locale():
    assert month_name(1, lang="ar") == "جانفي"
    assert month_name(2, lang="ar") == "فيفري"
    assert month_name(1, lang="pl") == "styczeń"
    assert weekday_name(4, lang="pl") == "piątek"
    assert weekday_name(4, lang="ar") == "الجمعة"


def test_dates_per_locale():
    day = dt.date(2024, 3, 11)
    assert fmt_date(day, lang="pl") == "11 marca 2024"
    assert "مارس" in fmt_date(day, lang="ar") and "2024" in fmt_date(day, lang="ar")


def test_lists_joined_per_language():
    from mcourse.i18n.formatting import fmt_list

    assert fmt_list(["a", "b", "c"], lang="pl") == "a, b i c"
    assert fmt_list(["أ", "ب"], lang="ar") == "أ وب"
    assert fmt_list(["x"], lang="en") == "x"
