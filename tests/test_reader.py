"""Students' files: the reader reads what is unambiguous and says so, and every other
problem is an error naming the file, the column, the line and the argument that fixes it.

More cases: test_reader_files.py (encodings, separators, structure), test_reader_values.py
(numbers and dates), test_reader_messages.py (languages, the display layer),
test_reader_examples.py (the example exports lesson 00 reads).
"""

from __future__ import annotations

import pytest

from mcourse import set_lang
from mcourse.data import read_csv
from mcourse.data.reader import read
from mcourse.errors import DataError

SCHEMA = {"city": {"type": "string"}, "price": {"type": "float"},
          "day": {"type": "datetime"}, "n": {"type": "int"}}


def _write(tmp_path, text, encoding="utf-8", name="students.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_clean_file_is_typed_and_silent(tmp_path):
    path = _write(tmp_path, "city,price,day,n\nوهران,12.5,2024-03-11,3\n")
    reading = read(path, columns=SCHEMA)
    table = reading.table
    assert table.loc[0, "city"] == "وهران" and table["n"].dtype == "int64"
    assert str(table["day"].dtype).startswith("datetime64")
    assert reading.notes == []  # nothing found that the student did not say


def test_arabic_excel_file_in_cp1256_is_read_and_said(tmp_path):
    path = _write(tmp_path, "city,price\nوهران,12.5\n", encoding="cp1256")
    set_lang("ar")
    reading = read(path)
    assert reading.table.loc[0, "city"] == "وهران"
    note = next(n for n in reading.notes if n.key == "data.note.encoding")
    assert 'encoding="cp1256"' in note.text() and "الترميز" in note.text()
    assert reading.options["encoding"] == "cp1256"


def test_read_csv_shows_its_notes(tmp_path, capsys):
    path = _write(tmp_path, "miasto;cena\nŁódź;12,50\nKraków;1 234,00\n", encoding="cp1250")
    set_lang("pl")
    table = read_csv(path)
    shown = capsys.readouterr().out
    assert table["miasto"].tolist() == ["Łódź", "Kraków"]
    assert table["cena"].tolist() == [12.5, 1234.0]
    for said in ('encoding="cp1250"', 'sep=";"', 'decimal=","', 'thousands=" "',
                 "Wczytano plik students.csv: 2 wiersze danych."):
        assert said in shown, said
    read_csv(path, quiet=True)
    assert capsys.readouterr().out == ""


def test_everything_said_explicitly_reads_the_same(tmp_path):
    path = _write(tmp_path, "miasto;cena\nŁódź;12,50\nKraków;1 234,00\n", encoding="cp1250")
    found = read(path)
    said = read(path, encoding="cp1250", sep=";", decimal=",", thousands=" ")
    assert found.table.equals(said.table)
    assert "data.note.call" in found.keys()
    assert 'read_csv("students.csv", encoding="cp1250", sep=";", decimal=",", thousands=" ")' \
        in next(n for n in found.notes if n.key == "data.note.call").text()
    assert said.notes == []  # said yourself: nothing left to say


def test_semicolon_file_whose_first_rows_have_no_decimal_comma(tmp_path):
    """pandas' default sep raises an English ParserError on line 4 of this file."""
    path = _write(tmp_path, "a;b\n1;2\n3;4\n5;6,5\n")
    table = read(path).table
    assert table["b"].tolist() == [2.0, 4.0, 6.5]


def test_semicolons_with_a_comma_given_is_an_error_naming_the_fix(tmp_path):
    path = _write(tmp_path, "miasto;cena\nŁódź;12,50\n")
    set_lang("pl")
    with pytest.raises(DataError) as err:
        read(path, sep=",")
    assert err.value.key == "data.error.sep"
    assert 'sep=";"' in str(err.value) and "W pliku students.csv" in str(err.value)


def test_decimal_comma_against_a_given_decimal_point(tmp_path):
    path = _write(tmp_path, 'city,price,day,n\nOran,"12,5",2024-03-11,3\n')
    with pytest.raises(DataError) as err:
        read(path, decimal=".", columns=SCHEMA)
    assert err.value.key == "data.error.decimal_comma"
    assert "price" in str(err.value) and 'decimal=","' in str(err.value)
    assert err.value.values["lines"] == "2"
    assert read(path, columns=SCHEMA).table.loc[0, "price"] == 12.5


def test_missing_column_named(tmp_path):
    path = _write(tmp_path, "city,price,day\nOran,1.5,2024-01-01\n")
    with pytest.raises(DataError) as err:
        read(path, columns=SCHEMA)
    assert err.value.key == "data.error.missing_column" and "n" in err.value.values["column"]


def test_wrong_type_names_rows(tmp_path):
    path = _write(tmp_path, "city,price,day,n\nA,1,2024-01-01,1\nB,two,2024-01-02,2\n")
    with pytest.raises(DataError) as err:
        read(path, columns=SCHEMA)
    assert err.value.key == "data.error.not_number"
    assert err.value.values["lines"] == "3" and "“two”" in str(err.value)
    assert 'na_values=["two"]' in str(err.value)


def test_bad_date_and_fraction_in_int(tmp_path):
    path = _write(tmp_path, "city,price,day,n\nA,1,11/03/2024x,1\n")
    with pytest.raises(DataError, match="day") as err:
        read(path, columns=SCHEMA)
    assert err.value.key == "data.error.not_date"
    path = _write(tmp_path, "city,price,day,n\nA,1,2024-01-01,1.5\n")
    with pytest.raises(DataError) as err:
        read(path, columns=SCHEMA)
    assert err.value.key == "data.error.not_integer"


def test_schema_reads_day_first_dates_when_a_value_shows_the_order(tmp_path):
    path = _write(tmp_path, "city,price,day,n\nA,1,15/03/2024,1\nB,2,03/04/2024,2\n")
    reading = read(path, columns=SCHEMA)
    assert reading.table["day"].dt.strftime("%Y-%m-%d").tolist() == ["2024-03-15",
                                                                       "2024-04-03"]
    assert "data.note.dates" in reading.keys()


def test_line_numbers_follow_the_file_not_the_table(tmp_path):
    """A quoted cell spanning two lines and a blank line shift every later line."""
    path = _write(tmp_path, 'city,price,day,n\n"Oran\nOuest",1.5,2024-01-01,1\n\n'
                            'Alger,x,2024-01-02,2\n')
    with pytest.raises(DataError) as err:
        read(path, columns=SCHEMA)
    assert err.value.values["lines"] == "5"


def test_unknown_file_and_bad_options(tmp_path):
    with pytest.raises(DataError) as err:
        read(tmp_path / "nope.csv")
    assert err.value.key == "data.error.no_file"
    path = _write(tmp_path, "a,b\n1,2\n")
    with pytest.raises(DataError) as err:
        read(path, decimal=";")
    assert err.value.key == "error.unknown_choice"
    with pytest.raises(DataError) as err:
        read(path, decimal=",", thousands=",")
    assert err.value.key == "data.error.same_marks"
    with pytest.raises(DataError) as err:
        read(path, encoding="klingon")
    assert err.value.key == "data.error.encoding_name"


def test_nothing_silently_coerced_in_loaded_dataset(tmp_path, monkeypatch):
    """A corrupted course file fails on load instead of turning into missing values."""
    from mcourse import data
    from mcourse.data import catalogue

    source = data.data_dir()
    for name in ("us_macro.card.yaml", "market_sessions.card.yaml"):
        (tmp_path / name).write_bytes((source / name).read_bytes())
    lines = (source / "market_sessions.csv").read_text(encoding="utf-8").splitlines()
    lines[5] = lines[5].replace("mobile", "phone").replace("desktop", "phone")
    (tmp_path / "market_sessions.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setattr(catalogue, "data_dir", lambda: tmp_path)
    monkeypatch.setattr(data, "data_dir", lambda: tmp_path)
    with pytest.raises(DataError) as err:
        data.load("market_sessions")
    assert err.value.key == "data.error.unknown_category"
    assert err.value.values["lines"] == "6" and "market_sessions.csv" in str(err.value)


def test_course_file_in_another_encoding_fails_on_load(tmp_path, monkeypatch):
    """The course's own files are read as UTF-8 with ',' and '.': said, not detected."""
    from mcourse import data
    from mcourse.data import catalogue

    source = data.data_dir()
    (tmp_path / "market_sessions.card.yaml").write_bytes(
        (source / "market_sessions.card.yaml").read_bytes())
    text = (source / "market_sessions.csv").read_text(encoding="utf-8")
    (tmp_path / "market_sessions.csv").write_text(text.replace(",", ";"), encoding="utf-8")
    monkeypatch.setattr(catalogue, "data_dir", lambda: tmp_path)
    monkeypatch.setattr(data, "data_dir", lambda: tmp_path)
    with pytest.raises(DataError) as err:
        data.load("market_sessions")
    assert err.value.key == "data.error.sep"


@pytest.mark.parametrize("name", [n for n in __import__("mcourse.data", fromlist=["x"]).names()
                                  if "file" in __import__("mcourse.data", fromlist=["x"])
                                  .read_card(n)])
def test_course_datasets_read_without_a_note(name):
    """The course's files need no note: nothing in them is read by a decision."""
    from mcourse import data

    info = data.read_card(name)
    reading = read(data.data_dir() / info["file"], encoding="utf-8", sep=",", decimal=".",
                   columns=info["columns"], name=info["file"])
    assert reading.notes == [], reading.keys()
    assert reading.table.equals(data.load(name))
