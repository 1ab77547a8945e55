"""The example Excel exports lesson 00 reads (datasets/examples/), and the lesson's cells."""

from __future__ import annotations

import pandas as pd
import pytest

from mcourse import set_lang
from mcourse.data import example_file
from mcourse.data.reader import read
from mcourse.errors import DataError


def test_arabic_excel_export():
    path = example_file("dz_excel_export.csv")
    raw = path.read_bytes()
    assert b"\r\n" in raw and b";" in raw
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    reading = read(path)
    table = reading.table
    assert reading.options == {"encoding": "cp1256", "sep": ";", "decimal": ",",
                               "thousands": None}
    assert list(table.columns) == ["رقم الطلب", "التاريخ", "الولاية", "المنتج", "الكمية",
                                   "سعر الوحدة", "المبلغ"]
    assert table["رقم الطلب"].iloc[0] == "00125"  # an order number, not the number 125
    assert table["التاريخ"].iloc[1] == pd.Timestamp("2024-01-15")
    assert table["الكمية"].dtype == "int64" and table["المبلغ"].sum() == pytest.approx(63991.5)
    assert (table["الكمية"] * table["سعر الوحدة"]).round(2).tolist() == table["المبلغ"].tolist()
    assert reading.keys() == ["data.note.read", "data.note.encoding", "data.note.sep",
                              "data.note.decimal", "data.note.code_zero", "data.note.dates",
                              "data.note.call", "data.note.columns"]


def test_polish_excel_export():
    path = example_file("pl_excel_export.csv")
    reading = read(path)
    table = reading.table
    assert reading.options == {"encoding": "cp1250", "sep": ";", "decimal": ",",
                               "thousands": " "}
    assert table["Miasto"].tolist()[:3] == ["Łódź", "Kraków", "Gdańsk"]
    assert table["Cena jednostkowa"].max() == 1899.0
    assert (table["Ilość"] * table["Cena jednostkowa"]).round(2).tolist() == \
        table["Wartość"].tolist()
    assert table["Data"].iloc[0] == pd.Timestamp("2024-01-08")
    thousands = next(n for n in reading.notes if n.key == "data.note.thousands")
    assert thousands.values["name"].key == "data.group.nbsp"


def test_lookup_errors_export():
    path = example_file("excel_lookup_errors.csv")
    with pytest.raises(DataError) as err:
        read(path)
    assert err.value.key == "data.error.excel_error" and err.value.values["lines"] == "3, 6"
    table = read(path, na_values=["#N/A"]).table
    assert table["unit_price"].isna().sum() == 2 and table["units"].sum() == 14


def test_unknown_example_lists_the_known_ones():
    with pytest.raises(DataError) as err:
        example_file("nope.csv")
    assert "dz_excel_export.csv" in str(err.value)


LESSON_CELLS = [
    # 1. read the export of the lesson's language and see what the reader says
    'from mcourse.data import example_file, read_csv, try_read_csv\n'
    'export = example_file("dz_excel_export.csv" if LANG == "ar" else "pl_excel_export.csv")\n'
    'sales = read_csv(export)',
    # 2. the same reading said explicitly
    'said = (read_csv(export, encoding="cp1256", sep=";", decimal=",") if LANG == "ar"\n'
    '        else read_csv(export, encoding="cp1250", sep=";", decimal=",", thousands=" "))\n'
    'assert said.equals(sales)',
    # 3. a file the reader refuses to guess about: the message, not a traceback
    'lookup = try_read_csv(example_file("excel_lookup_errors.csv"))',
    # 4. the student decides what #N/A means
    'lookup = read_csv(example_file("excel_lookup_errors.csv"), na_values=["#N/A"])',
]


@pytest.mark.parametrize("lang, said", [
    ("ar", ["قُرئ الملف dz_excel_export.csv", 'encoding="cp1256"', "الفاصلة المنقوطة",
            "بقي العمود", "خطأ Excel", "اعتُبرت خانتان"]),
    ("pl", ["Wczytano plik pl_excel_export.csv", 'encoding="cp1250"', "średnik",
            "twarda spacja", "błąd Excela #N/A", "2 komórki"]),
])
def test_the_lesson_cells_run_and_say_what_they_found(capsys, lang, said):
    set_lang(lang)
    scope = {"LANG": lang}
    for cell in LESSON_CELLS:
        exec(cell, scope)  # noqa: S102 - the cells lesson 00 will hold
    out = capsys.readouterr().out
    plain = out.replace("\u2066", "").replace("\u2068", "").replace("\u2069", "")
    for part in said:
        assert part in plain, part
    assert scope["lookup"]["unit_price"].isna().sum() == 2
