"""Display copies of result tables: translated names, local number format, data untouched."""

from __future__ import annotations

import pandas as pd

from mcourse import set_lang
from mcourse.i18n.tables import labelled, translate


def _table():
    return pd.DataFrame({"channel": ["seo", "sms"], "orders": [1234, 5],
                         "share": [0.253, 0.0125], "value": [1234.567, 2.0]},
                        index=pd.Index(["DZ", "PL"], name="country"))


def test_translate_uses_first_prefix_that_has_the_key():
    set_lang("pl")
    assert translate("DZ", ("label.nothing", "label.country")) == "Algieria"
    assert translate("unknown_code", ("label.country",)) == "unknown_code"


def test_labelled_in_polish():
    set_lang("pl")
    shown = labelled(_table(), ("word",), rows=("label.country",),
                     values={"channel": ("label.channel",)}, digits=2, percent=("share",))
    assert list(shown.index) == ["Algieria", "Polska"]
    assert list(shown.columns) == ["Kanał", "Zamówienia", "Udział", "Wartość"]
    assert shown.loc["Algieria", "Zamówienia"] == "1\u00a0234"
    assert shown.loc["Algieria", "Udział"] == "25,3%"
    assert shown.loc["Algieria", "Wartość"] == "1\u00a0234,57"
    assert shown.loc["Polska", "Kanał"] == "SMS"


def test_labelled_in_arabic_keeps_original():
    set_lang("ar")
    original = _table()
    shown = labelled(original, ("word",), values={"channel": ("label.channel",)})
    assert shown.loc["DZ", "القناة"].startswith("تحسين")
    assert "القيمة" in shown.columns and shown.index.name == "country"
    assert original.loc["DZ", "channel"] == "seo" and original["share"].dtype == float


def test_date_index_is_kept():
    table = pd.DataFrame({"value": [1.0]}, index=pd.DatetimeIndex(["2024-03-11"], name="date"))
    shown = labelled(table, ("word",), rows=("word",))
    assert isinstance(shown.index, pd.DatetimeIndex)


def test_labelled_never_pads_decimals_so_30_stays_30():
    """An odds table: 30 must not read "30,000" (thirty thousand to many readers)."""
    set_lang("ar")
    odds = pd.DataFrame({"value": [30.0, 1.5, 0.25, 1234.5678]})
    shown = labelled(odds, ("word",), digits=3)
    assert list(shown["القيمة"]) == ["30", "1,5", "0,25", "1.234,568"]
    set_lang("pl")
    shown = labelled(odds, ("word",), digits=2)
    assert list(shown["Wartość"]) == ["30", "1,5", "0,25", "1\u00a0234,57"]


def test_labelled_integers_grouped_in_arabic():
    set_lang("ar")
    shown = labelled(_table(), ("word",), digits=2, percent=("share",))
    assert shown.loc["DZ", "الطلبيات"] == "1.234"
    assert shown.loc["PL", "النسبة"] == "1,2%"
