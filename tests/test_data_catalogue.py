"""Every course dataset loads typed, matches its card, and rebuilds byte for byte."""

from __future__ import annotations

import filecmp

import pandas as pd
import pytest

from mcourse import data
from mcourse.data import build as builder
from mcourse.data.catalogue import data_dir

NAMES = data.names()
BUILDABLE = builder.buildable()
DTYPE_CHECK = {
    "int": pd.api.types.is_integer_dtype,
    "float": pd.api.types.is_float_dtype,
    "datetime": pd.api.types.is_datetime64_any_dtype,
    "category": lambda s: isinstance(s.dtype, pd.CategoricalDtype),
    "bool": pd.api.types.is_bool_dtype,
    "string": pd.api.types.is_string_dtype,
}


def test_catalogue_has_the_foundation_datasets():
    assert {"market_customers", "market_orders", "market_sessions", "us_macro",
            "elec_equip"} <= set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_load_matches_card(name):
    info = data.read_card(name)
    table = data.load(name)
    assert list(table.columns) == list(info["columns"])
    assert len(table) == info["rows"]
    for column, spec in info["columns"].items():
        assert DTYPE_CHECK[spec["type"]](table[column]), (column, table[column].dtype)


@pytest.mark.parametrize("name", NAMES)
def test_card_speaks_three_languages(name):
    info = data.read_card(name)
    assert info["name"] == name
    for field in ("title", "description", "source"):
        assert all(info[field].get(lang, "").strip() for lang in ("ar", "pl", "en")), field
    assert info.get("licence")
    for column, spec in info["columns"].items():
        assert all(spec.get(lang, "").strip() for lang in ("ar", "pl", "en")), column
    assert ("file" in info) != ("loader" in info)


@pytest.mark.parametrize("name", NAMES)
def test_card_shown_in_active_language(name):
    from mcourse import set_lang

    set_lang("pl")
    shown = data.card(name)._repr_markdown_()
    assert data.read_card(name)["title"]["pl"] in shown and "Kolumna" in shown
    set_lang("ar")
    shown = data.card(name)._repr_markdown_()
    assert shown.startswith('<div dir="rtl" lang="ar">') and "العمود" in shown


def test_list_datasets_in_polish():
    from mcourse import set_lang

    set_lang("pl")
    table = data.list_datasets()
    assert list(table.columns)[:3] == ["Nazwa", "Tytuł", "Liczba wierszy"]
    assert set(table["Nazwa"]) == set(NAMES)


@pytest.mark.parametrize("name", BUILDABLE)
def test_regeneration_is_byte_identical(name, tmp_path):
    written = builder.build(name, tmp_path)
    assert written
    for path in written:
        committed = data_dir() / path.name
        assert committed.exists(), f"{path.name} is not committed"
        assert filecmp.cmp(path, committed, shallow=False), f"{path.name} differs"


@pytest.mark.parametrize("name", BUILDABLE)
def test_simulated_data_has_its_truth(name):
    truth = data.true_parameters(name)
    assert truth, name
    assert "True parameters of the simulation" in data.card(name)["markdown"]


def test_card_shows_the_truth_as_a_table_in_the_language_not_json():
    from mcourse import card, language

    with language("pl"):
        text = str(card("market_orders"))
    assert "```json" not in text
    assert "| `DZ › demand › basket_median` | 4\u00a0500 |" in text
    assert "true_parameters(\"market_orders\")" in text          # the rest is one call away
    with language("ar"):
        arabic = str(card("market_orders"))
    assert arabic.startswith('<div dir="rtl" lang="ar">') and "| `DZ › demand › basket_sigma` | 0,55 |" in arabic
