"""Students' files: every way a CSV goes wrong gets a message naming file, column, fix."""

from __future__ import annotations

import pytest

from mcourse import set_lang
from mcourse.data import read_csv
from mcourse.errors import DataError

SCHEMA = {"city": {"type": "string"}, "price": {"type": "float"},
          "day": {"type": "datetime"}, "n": {"type": "int"}}


def _write(tmp_path, text, encoding="utf-8", name="students.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_clean_file_is_typed(tmp_path):
    path = _write(tmp_path, "city,price,day,n\nوهران,12.5,2024-03-11,3\n")
    table = read_csv(path, columns=SCHEMA)
    assert table.loc[0, "city"] == "وهران" and table["n"].dtype == "int64"
    assert str(table["day"].dtype).startswith("datetime64")


def test_arabic_excel_file_in_cp1256(tmp_path):
    path = _write(tmp_path, "city,price\nوهران,12.5\n", encoding="cp1256")
    set_lang("ar")
    with pytest.raises(DataError) as err:
        read_csv(path)
    message = str(err.value)
    assert "students.csv" in message and 'encoding="cp1256"' in message and "الملف" in message
    assert read_csv(path, encoding="cp1256").loc[0, "city"] == "وهران"


def test_polish_excel_file_with_semicolons_and_decimal_commas(tmp_path):
    path = _write(tmp_path, "miasto;cena\nŁódź;12,50\nKraków;1 234,00\n", encoding="cp1250")
    set_lang("pl")
    with pytest.raises(DataError, match='encoding="cp1250"'):
        read_csv(path)
    with pytest.raises(DataError) as err:
        read_csv(path, encoding="cp1250")
    assert 'sep=";"' in str(err.value) and "W pliku students.csv" in str(err.value)
    table = read_csv(path, encoding="cp1250", sep=";", decimal=",", thousands=" ")
    assert table["miasto"].tolist() == ["Łódź", "Kraków"]
    assert table["cena"].tolist() == [12.5, 1234.0]


def test_decimal_comma_named_with_its_column(tmp_path):
    path = _write(tmp_path, 'city,price,day,n\nOran,"12,5",2024-03-11,3\n')
    with pytest.raises(DataError) as err:
        read_csv(path, columns=SCHEMA)
    assert "price" in str(err.value) and 'decimal=","' in str(err.value)
    assert err.value.key == "data.error.decimal_comma"


def test_missing_column_named(tmp_path):
    path = _write(tmp_path, "city,price,day\nOran,1.5,2024-01-01\n")
    with pytest.raises(DataError) as err:
        read_csv(path, columns=SCHEMA)
    assert err.value.key == "data.error.missing_column" and "n" in err.value.values["column"]


def test_wrong_type_names_rows(tmp_path):
    path = _write(tmp_path, "city,price,day,n\nA,1,2024-01-01,1\nB,two,2024-01-02,2\n")
    with pytest.raises(DataError) as err:
        read_csv(path, columns=SCHEMA)
    assert err.value.key == "data.error.not_number"
    assert err.value.values["rows"] == "3" and "'two'" in str(err.value)


def test_bad_date_and_fraction_in_int(tmp_path):
    path = _write(tmp_path, "city,price,day,n\nA,1,11/03/2024x,1\n")
    with pytest.raises(DataError, match="day"):
        read_csv(path, columns=SCHEMA)
    path = _write(tmp_path, "city,price,day,n\nA,1,2024-01-01,1.5\n")
    with pytest.raises(DataError) as err:
        read_csv(path, columns=SCHEMA)
    assert err.value.key == "data.error.not_integer"


def test_binary_file(tmp_path):
    path = tmp_path / "book.csv"
    path.write_bytes(b"PK\x03\x04\x00\x00binary")
    with pytest.raises(DataError) as err:
        read_csv(path)
    assert err.value.key == "data.error.binary" and "book.csv" in str(err.value)


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
    assert "6" in err.value.values["rows"] and "market_sessions.csv" in str(err.value)
