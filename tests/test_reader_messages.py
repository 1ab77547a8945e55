"""What the reader says, in each language, through the display layer."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mcourse import set_lang
from mcourse.data import read_csv, try_read_csv
from mcourse.data.reader import read
from mcourse.errors import DataError
from mcourse.i18n import catalogue, t

SOURCES = [Path(__file__).resolve().parents[1] / "mcourse" / "data" / name
           for name in ("reader.py", "schema.py", "sniff.py", "values.py", "report.py")]
EXPANDED = {  # keys the code builds from a name: every name it can take
    "data.group.": ["space", "nbsp", "narrow", "apostrophe", "point", "comma"],
    "data.type.": ["int", "float", "string", "category", "datetime", "bool"],
    "data.encoding.": ["utf8", "utf8_bom", "utf16", "ascii", "cp1256", "cp1250", "cp1252",
                       "latin2", "other"],
    "data.sep.": ["comma", "semicolon", "tab", "bar", "other"],
}


def test_every_key_the_reader_uses_is_in_the_catalogue():
    used = set()
    for source in SOURCES:
        text = source.read_text(encoding="utf-8")
        used |= set(re.findall(r'"((?:data|error)\.[a-z_]+(?:\.[a-z_0-9]+)+)"', text))
    for prefix, names in EXPANDED.items():
        used |= {prefix + name for name in names}
    assert len(used) > 60
    missing = sorted(key for key in used if key not in catalogue())
    assert not missing, missing


def _write(tmp_path, text, encoding="utf-8", name="ventes.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


ERRORS = [  # file text, options, what the message must name besides file and line
    ("a,b\nx,1\ny,#DIV/0!\n", {}, ["b", 'na_values=["#DIV/0!"]']),
    ("a;b\nx;12,5\ny;7.25\n", {}, ["b", 'dtype={"b": str}']),
    ('x,y\n"1,234",2\n', {}, ["x", 'decimal=","', 'thousands=","']),
    ("x;y\n1.234;2\n", {"decimal": ","}, ["x", 'thousands="."']),
    ("d,v\n03/04/2024,1\n05/06/2024,2\n", {}, ["d", "dayfirst=True", "dayfirst=False"]),
    ("d,v\n15/03/24,1\n", {}, ["d", 'date_format={"d": "%d/%m/%y"}']),
    ("a,b\nx,1\ny,2\nz,n/a\n", {}, ["b", 'na_values=["n/a"]', 'dtype={"b": str}']),
    ("a;id\nx;1,23457E+15\n", {}, ["id", 'dtype={"id": float}']),
    ("city,price\nOran,12,5\n", {}, []),
]


@pytest.mark.parametrize("lang, line_word", [("ar", "السطر"), ("pl", "wiersz"),
                                              ("en", "line")])
@pytest.mark.parametrize("text, options, named", ERRORS)
def test_errors_name_file_column_line_and_fix_in_each_language(tmp_path, lang, line_word,
                                                                text, options, named):
    path = _write(tmp_path, text)
    set_lang(lang)
    with pytest.raises(DataError) as err:
        read(path, **options)
    message = str(err.value)
    assert "ventes.csv" in message and line_word in message
    for part in named:
        assert part in message, (part, message)
    assert "{" not in message.replace('{"', "")  # every field filled
    if lang == "ar":
        assert "الملف" in message
    shown = err.value.message()
    assert shown.key == err.value.key and shown.lang == lang


def test_notes_are_shown_as_one_message_in_the_students_language(tmp_path):
    path = _write(tmp_path, "الولاية;السعر\nوهران;12,5\nقسنطينة;1 200,00\n", "cp1256")
    set_lang("ar")
    reading = read(path)
    html = reading._repr_html_()
    assert html.startswith('<div class="mcourse-msg" dir="rtl" lang="ar">')
    assert "قُرئ الملف" in html and 'encoding="cp1256"' in html and "<bdi" in html
    assert html.count("<br>") == len(reading.notes) - 1
    plain = str(reading)
    assert "\u2066" in plain or "\u2068" in plain  # isolates in Arabic plain text
    set_lang("pl")
    html = read(path)._repr_html_()
    assert 'dir="ltr" lang="pl"' in html and "Wczytano plik" in html


def test_read_csv_prints_notes_outside_a_notebook(tmp_path, capsys):
    path = _write(tmp_path, "a;b\n1;2,5\n")
    set_lang("pl")
    read_csv(path)
    out = capsys.readouterr().out
    assert out.startswith("Wczytano plik ventes.csv: 1 wiersz danych.")
    assert "• Kolumny rozdziela średnik ;" in out


def test_try_read_csv_shows_the_error_and_returns_none(tmp_path, capsys):
    path = _write(tmp_path, "a,b\nx,1\ny,#N/A\n")
    set_lang("pl")
    assert try_read_csv(path) is None
    out = capsys.readouterr().out
    assert "błąd Excela #N/A" in out and 'na_values=["#N/A"]' in out
    table = try_read_csv(path, na_values=["#N/A"])
    assert table["b"].isna().sum() == 1


@pytest.mark.parametrize("lang, count, expected", [
    ("ar", 0, "لا يحتوي على أي صف"), ("ar", 1, "صف واحد"), ("ar", 2, "صفّان"),
    ("ar", 3, "3 صفوف"), ("ar", 11, "11 صفًّا"), ("ar", 100, "100 صفّ"),
    ("pl", 1, "1 wiersz danych"), ("pl", 3, "3 wiersze danych"), ("pl", 5, "5 wierszy danych"),
    ("pl", 22, "22 wiersze danych"), ("en", 1, "1 row of data"), ("en", 2, "2 rows of data"),
])
def test_row_counts_take_their_plural_form(lang, count, expected):
    assert expected in t("data.note.read", lang, count=count, file="f.csv")


@pytest.mark.parametrize("lang, numbers, expected", [
    ("ar", (3,), "السطر 3"), ("ar", (3, 5), "السطران 3 و5"),
    ("ar", (3, 5, 7), "3 أسطر: 3 و5 و7"), ("pl", (3,), "wiersz 3"),
    ("pl", (3, 5), "2 wiersze: 3 i 5"), ("pl", tuple(range(2, 9)), "7 wierszy: 2, 3, 4, 5, 6…"),
    ("en", (3, 5, 7), "3 lines: 3, 5 and 7"),
])
def test_lines_are_listed_as_each_language_lists(lang, numbers, expected):
    from mcourse.data.report import Lines

    assert Lines(numbers).text(lang) == expected


def test_line_numbers_are_not_grouped_like_amounts(tmp_path):
    """Line 1234 is written 1234 in every language (not 1.234 or 1 234)."""
    body = "".join(f"x{i},{i}\n" for i in range(1240)) + "y,#N/A\n"
    path = _write(tmp_path, "a,b\n" + body)
    for lang in ("ar", "pl"):
        set_lang(lang)
        with pytest.raises(DataError) as err:
            read(path)
        assert "1242" in str(err.value) and "1242" in str(err.value.message())
