"""Messages with a count take the CLDR plural form of their language (babel's rules):
Arabic zero/one/two/few/many/other, Polish one/few/many/other."""

from __future__ import annotations

import string

import pytest
from babel import Locale
from conftest import load_catalogue_from

from mcourse.i18n import (
    LOCALES,
    catalogue,
    is_plural,
    plural_categories,
    plural_category,
    t,
)
from mcourse.i18n.display import message

COUNTS = (0, 1, 2, 3, 5, 11, 22, 100, 101)
PLURAL_KEYS = sorted(key for key in catalogue() if is_plural(key))


def test_there_are_plural_messages():
    assert {"table.rows", "table.columns"} <= set(PLURAL_KEYS)


def test_categories_come_from_babel():
    assert plural_categories("ar") == ("zero", "one", "two", "few", "many", "other")
    assert plural_categories("pl") == ("one", "few", "many", "other")
    assert plural_categories("en") == ("one", "other")


@pytest.mark.parametrize("n, ar, pl", [
    (0, "zero", "many"), (1, "one", "one"), (2, "two", "few"), (3, "few", "few"),
    (5, "few", "many"), (11, "many", "many"), (22, "many", "few"), (100, "other", "many"),
    (101, "other", "many"), (102, "other", "few"), (1.5, "other", "other")])
def test_the_rule_of_each_language(n, ar, pl):
    assert plural_category(n, "ar") == ar
    assert plural_category(n, "pl") == pl


def _values(text: str) -> dict:
    """A stand-in for every field of a message other than the count."""
    names = {field.split(".")[0].split("[")[0]
             for _, field, _, _ in string.Formatter().parse(text) if field}
    return {name: "X" for name in names - {"count"}}


@pytest.mark.parametrize("lang", ["ar", "pl"])
@pytest.mark.parametrize("key", PLURAL_KEYS)
def test_every_count_message_takes_the_form_babel_chooses(key, lang):
    entry = catalogue()[key]
    rule = Locale.parse(LOCALES[lang]).plural_form
    forms = entry[lang]
    for n in COUNTS:
        category = rule(n)
        assert category in forms, f"{key}: {lang} has no {category!r} form (n = {n})"
        values = _values(forms[category])
        expected = forms[category].format(count=str(n), **values)
        assert t(key, lang, count=n, **values) == expected, (key, lang, n)
        assert message(key, lang=lang, count=n, **values).text == expected


@pytest.mark.parametrize("key", PLURAL_KEYS)
def test_numpy_counts_choose_the_same_form(key):
    import numpy as np

    values = _values(catalogue()[key]["pl"]["other"])
    assert t(key, "pl", count=np.int64(22), **values) == t(key, "pl", count=22, **values)


def test_count_is_written_in_the_language():
    assert t("table.rows", "pl", count=1234) == "1\u00a0234 wiersze"
    assert t("table.rows", "ar", count=1234) == "1.234 صفًّا"
    assert t("table.rows", "pl", count=5) == "5 wierszy"
    assert t("table.rows", "ar", count=2) == "صفّان"
    assert t("table.columns", "ar", count=101) == "101 عمود"


def test_a_plural_message_needs_a_number():
    with pytest.raises(TypeError, match="count="):
        t("table.rows", "pl")
    with pytest.raises(TypeError, match="number"):
        t("table.rows", "pl", count="5")


def _load(tmp_path, monkeypatch, text: str):
    return load_catalogue_from({"one.toml": text}, tmp_path, monkeypatch)


AR_OK = 'ar = { zero = "a", one = "a", two = "a", few = "{count} a", many = "{count} a", ' \
        'other = "{count} a" }\n'
EN_OK = 'en = { one = "a", other = "{count} a" }\n'


def test_a_complete_plural_entry_loads(tmp_path, monkeypatch):
    text = ('[x.n]\n' + AR_OK + 'pl = { one = "a", few = "{count} a", many = "{count} a", '
            'other = "{count} a" }\n' + EN_OK)
    assert set(_load(tmp_path, monkeypatch, text)["x.n"]["pl"]) == {"one", "few", "many",
                                                                     "other"}


def test_a_missing_form_is_an_error_naming_the_key(tmp_path, monkeypatch):
    text = '[x.n]\n' + AR_OK + 'pl = { one = "a", other = "{count} a" }\n' + EN_OK
    with pytest.raises(ValueError, match=r"'x\.n' lacks the pl plural form\(s\) few, many"):
        _load(tmp_path, monkeypatch, text)


def test_a_form_the_language_never_uses_is_an_error(tmp_path, monkeypatch):
    text = ('[x.n]\n' + AR_OK + 'pl = { one = "a", two = "a", few = "a", many = "a", '
            'other = "{count} a" }\n' + EN_OK)
    with pytest.raises(ValueError, match=r"'x\.n' has pl plural form\(s\) two"):
        _load(tmp_path, monkeypatch, text)


def test_plural_in_one_language_only_is_an_error(tmp_path, monkeypatch):
    text = '[x.n]\n' + AR_OK + 'pl = "{count} a"\n' + EN_OK
    with pytest.raises(ValueError, match=r"'x\.n' is plural in ar, en but a single text in pl"):
        _load(tmp_path, monkeypatch, text)


def test_a_misspelt_form_is_an_error(tmp_path, monkeypatch):
    text = ('[x.n]\n' + AR_OK + 'pl = { one = "a", fwe = "a", many = "a", other = "{count} a" }\n'
            + EN_OK)
    with pytest.raises(ValueError, match=r"lacks the pl plural form\(s\) few .*found instead: fwe"):
        _load(tmp_path, monkeypatch, text)
