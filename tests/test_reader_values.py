"""The reader on values: every way a number or a date is written reads as what it means
(and is said), or is an error showing the readings it allows."""

from __future__ import annotations

import pandas as pd
import pytest

from mcourse.data.reader import read
from mcourse.data.values import parse_number
from mcourse.errors import DataError

NBSP, NNBSP = "\u00a0", "\u202f"


def _read(tmp_path, text, encoding="utf-8", **options):
    path = tmp_path / "students.csv"
    path.write_bytes(text.encode(encoding))
    return read(path, **options)


def _error(tmp_path, text, **options) -> DataError:
    with pytest.raises(DataError) as err:
        _read(tmp_path, text, **options)
    return err.value


def _note(reading, key):
    return next(n for n in reading.notes if n.key == key)


# ----------------------------------------------------------------------------- one value

@pytest.mark.parametrize("text, decimal, value", [
    ("12", None, 12), ("-12", None, -12), ("+12", None, 12), ("\u221212,5", None, -12.5),
    ("12,5", None, 12.5), ("12.5", None, 12.5), ("0,125", None, 0.125), (",5", None, 0.5),
    ("1 200,00", None, 1200.0), (f"1{NBSP}200,00", None, 1200.0),
    (f"1{NNBSP}234{NNBSP}567,5", None, 1234567.5), ("1'234.5", None, 1234.5),
    ("1.234,56", None, 1234.56), ("1,234.56", None, 1234.56), ("1.234.567", None, 1234567),
    ("1,234", ",", 1.234), ("1,234", ".", 1234), ("150,00-", None, -150.0),
    ("(20,5)", None, -20.5), ("12,5 %", None, 0.125), ("12.5%", None, 0.125),
    ("1 200 zł", None, 1200), ("€12.50", None, 12.5), ("-€12.50", None, -12.5),
    ("٣٫٥", None, 3.5), ("١٬٢٣٤٫٥", None, 1234.5), ("۱۲۳", None, 123),
    ("\u200f-12,5\u200f", None, -12.5), ("1,5E+3", None, 1500.0),
])
def test_one_value(text, decimal, value):
    token = parse_number(text)
    assert token is not None
    assert token.value(decimal) == pytest.approx(value)


@pytest.mark.parametrize("text", ["12 5", "1,2,3", "1.2.3", "abc", "+213 555 12 34 56",
                                  "12,5,", "1 23", "1.23.456", "(12", "12--", "00-950",
                                  "1 200 zł €", "12:30", "15.03.2024"])
def test_not_a_number(text):
    assert parse_number(text) is None


# ----------------------------------------------------------------------------- columns

def test_leading_zeros_kept_as_text_and_said(tmp_path):
    reading = _read(tmp_path, "code,phone,n\n007,0555123456,1\n012,0661234567,2\n")
    table = reading.table
    assert table["code"].tolist() == ["007", "012"]
    assert table["phone"].tolist() == ["0555123456", "0661234567"]
    assert table["n"].dtype == "int64"
    notes = [n for n in reading.notes if n.key == "data.note.code_zero"]
    assert [n.values["column"] for n in notes] == ["code", "phone"]
    assert 'dtype={"code": str}' in notes[0].text()
    forced = _read(tmp_path, "code,n\n007,1\n012,2\n", dtype={"code": int}).table
    assert forced["code"].tolist() == [7, 12]


def test_long_identifiers_and_international_phones_kept_as_text(tmp_path):
    reading = _read(tmp_path, "card,tel\n4532015112830366,+213555123456\n"
                              "4716108999716531,+48601234567\n")
    assert reading.table["card"].tolist() == ["4532015112830366", "4716108999716531"]
    assert reading.table["tel"].tolist() == ["+213555123456", "+48601234567"]
    assert {"data.note.code_long", "data.note.code_phone"} <= set(reading.keys())


def test_partly_decimal_comma_column_is_a_number_column(tmp_path):
    reading = _read(tmp_path, "a;b\nx;12\ny;13\nz;12,5\n")
    assert reading.table["b"].tolist() == [12.0, 13.0, 12.5]
    assert _note(reading, "data.note.decimal").values["where"].numbers == (4,)


def test_decimal_point_and_comma_in_one_column(tmp_path):
    err = _error(tmp_path, "a;b\nx;12,5\ny;7.25\nz;3\n")
    assert err.key == "data.error.mixed_decimal"
    assert (err.values["a"], err.values["b"]) == ("12,5", "7.25")
    assert "line 2" in err.values["where_a"] and "line 3" in err.values["where_b"]
    assert 'dtype={"b": str}' in str(err)


def test_two_columns_with_different_decimal_marks(tmp_path):
    err = _error(tmp_path, 'a,b\n"12,5",7.25\n"1,5",3.5\n')
    assert err.key == "data.error.mixed_decimal_file"
    assert {err.values["column_a"], err.values["column_b"]} == {"a", "b"}


def test_thousands_with_spaces_read_and_said(tmp_path):
    for space, name in ((" ", "space"), (NBSP, "nbsp"), (NNBSP, "narrow")):
        reading = _read(tmp_path, f"a;b\nx;1{space}200,00\ny;35,5\n")
        assert reading.table["b"].tolist() == [1200.0, 35.5]
        note = _note(reading, "data.note.thousands")
        assert note.values["name"].key == f"data.group.{name}"
        assert 'thousands=" "' in note.text()


def test_one_mark_before_three_digits_is_ambiguous_alone(tmp_path):
    err = _error(tmp_path, 'x,y\n"1,234",2\n"5,678",3\n')
    assert err.key == "data.error.ambiguous_number"
    assert 'decimal=","' in str(err) and 'thousands=","' in str(err)
    assert err.values["lines"] == "2"
    assert _read(tmp_path, 'x,y\n"1,234",2\n', decimal=",").table["x"].tolist() == [1.234]
    assert _read(tmp_path, 'x,y\n"1,234",2\n', thousands=",").table["x"].tolist() == [1234]


def test_other_values_decide_the_ambiguous_one(tmp_path):
    same_column = _read(tmp_path, 'x,y\n"1,234",2\n"12,5",3\n').table
    assert same_column["x"].tolist() == [1.234, 12.5]
    grouped = _read(tmp_path, "x;y\n1.234;2\n1.234.567;3\n").table
    assert grouped["x"].tolist() == [1234, 1234567]
    other_column = _read(tmp_path, "x;y\n1,234;2,5\n2,5;3\n").table
    assert other_column["x"].tolist() == [1.234, 2.5]


def test_decimal_comma_given_and_a_point_before_three_digits(tmp_path):
    """pandas reads "1.234" with decimal="," as 1.234; here it is one of two readings."""
    err = _error(tmp_path, "x;y\n1.234;2\n", decimal=",")
    assert err.key == "data.error.ambiguous_group"
    assert 'thousands="."' in str(err)
    table = _read(tmp_path, "x;y\n1.234;2\n", decimal=",", thousands=".").table
    assert table["x"].tolist() == [1234]


def test_decimal_point_against_a_given_decimal_comma(tmp_path):
    err = _error(tmp_path, "x;y\n12.5;2\n", decimal=",")
    assert err.key == "data.error.decimal_point" and 'decimal="."' in str(err)


def test_money_in_dinars_groups_thousands_with_a_point(tmp_path):
    reading = _read(tmp_path, "a;b\nx;1.200 دج\ny;350 دج\nz;12.500 دج\n")
    assert reading.table["b"].tolist() == [1200, 350, 12500]
    assert {"data.note.thousands_money", "data.note.currency"} <= set(reading.keys())
    zloty = _read(tmp_path, "a;b\nx;1 200,50 zł\ny;35 zł\n").table
    assert zloty["b"].tolist() == [1200.5, 35.0]


def test_two_currencies_in_a_column(tmp_path):
    err = _error(tmp_path, "a;b\nx;1 200 zł\ny;35 €\n")
    assert err.key == "data.error.mixed_currency"


def test_percentages_are_shares(tmp_path):
    reading = _read(tmp_path, "a;r\nx;12,5 %\ny;3 %\nz;100%\n")
    assert reading.table["r"].tolist() == pytest.approx([0.125, 0.03, 1.0])
    assert _note(reading, "data.note.percent").values["value"] == pytest.approx(0.125)
    err = _error(tmp_path, "a;r\nx;12,5 %\ny;0,3\n")
    assert err.key == "data.error.mixed_percent"


def test_signs_after_the_number_and_in_parentheses(tmp_path):
    reading = _read(tmp_path, "a;b\nx;150,00-\ny;(20,5)\nz;7\n")
    assert reading.table["b"].tolist() == [-150.0, -20.5, 7.0]
    assert {"data.note.trailing_minus", "data.note.parentheses"} <= set(reading.keys())


def test_arabic_indic_digits(tmp_path):
    reading = _read(tmp_path, "a,b,c\nx,٣٫٥,١٢\ny,۱۲,٣\n")
    assert reading.table["b"].tolist() == [3.5, 12.0]
    assert reading.table["c"].tolist() == [12, 3]
    assert "data.note.arabic_digits" in reading.keys()


def test_excel_error_cells(tmp_path):
    for cell in ("#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#ARG!", "#N/D",
                 "#VALEUR!"):
        err = _error(tmp_path, f"a,b\nx,1\ny,{cell}\nz,{cell}\n")
        assert err.key == "data.error.excel_error"
        assert err.values["lines"] == "3, 4" and f'na_values=["{cell}"]' in str(err)
    in_text = _error(tmp_path, "name,city\nA,#N/A\nB,Oran\n")
    assert in_text.key == "data.error.excel_error"
    reading = _read(tmp_path, "a,b\nx,1\ny,#N/A\n", na_values=["#N/A"])
    assert reading.table["b"].isna().tolist() == [False, True]
    note = _note(reading, "data.note.na_values")
    assert note.count == 1 and note.values["where"].numbers == (3,)


def test_hashtags_are_text_not_errors(tmp_path):
    reading = _read(tmp_path, "post,tag\n1,#promo\n2,#SALE!\n")
    assert reading.table["tag"].tolist() == ["#promo", "#SALE!"]


def test_mostly_numbers_with_a_word(tmp_path):
    err = _error(tmp_path, "a,b\nx,1\ny,2\nz,n/a\nw,3\n")
    assert err.key == "data.error.not_number"
    assert err.values["lines"] == "4"
    assert 'na_values=["n/a"]' in str(err) and 'dtype={"b": str}' in str(err)
    assert _read(tmp_path, "a,b\nx,1\ny,2\nz,n/a\n", na_values=["n/a"]).table["b"].tolist()[:2] \
        == [1, 2]
    assert _read(tmp_path, "a,b\nx,1\ny,2\nz,n/a\n", dtype={"b": str}).table["b"].tolist() \
        == ["1", "2", "n/a"]


def test_text_columns_with_a_few_numbers_stay_text(tmp_path):
    table = _read(tmp_path, "size\nS\nM\nXL\n42\n").table
    assert table["size"].tolist() == ["S", "M", "XL", "42"]


def test_numbers_shortened_by_excel(tmp_path):
    err = _error(tmp_path, "a;id\nx;1,23457E+15\ny;4,56789E+15\n")
    assert err.key == "data.error.excel_rounded" and 'dtype={"id": float}' in str(err)
    assert _read(tmp_path, "a;v\nx;6,02E-05\n").table["v"].tolist() == [pytest.approx(6.02e-5)]


def test_yes_no_columns_as_excel_writes_them(tmp_path):
    reading = _read(tmp_path, "a,b,c\nx,TRUE,PRAWDA\ny,FALSE,FAŁSZ\n")
    assert reading.table["b"].tolist() == [True, False]
    assert reading.table["c"].tolist() == [True, False]


def test_whole_numbers_with_gaps(tmp_path):
    table = _read(tmp_path, "a,b\n1,2\n2,\n3,4\n").table
    assert table["b"].isna().tolist() == [False, True, False]
    assert table["a"].dtype == "int64"


# ----------------------------------------------------------------------------- dates

def _days(series) -> list[str]:
    return series.dt.strftime("%Y-%m-%d").tolist()


def test_day_first_dates_when_a_value_shows_it(tmp_path):
    reading = _read(tmp_path, "d,v\n03/04/2024,1\n15/04/2024,2\n")
    assert _days(reading.table["d"]) == ["2024-04-03", "2024-04-15"]
    note = _note(reading, "data.note.dates")
    assert note.values["order"].key == "data.order.dmy"
    assert note.values["example"] == "15/04/2024"


def test_month_first_dates_when_a_value_shows_it(tmp_path):
    reading = _read(tmp_path, "d,v\n03/04/2024,1\n04/15/2024,2\n")
    assert _days(reading.table["d"]) == ["2024-03-04", "2024-04-15"]
    assert _note(reading, "data.note.dates").values["order"].key == "data.order.mdy"


def test_ambiguous_dates_are_refused(tmp_path):
    err = _error(tmp_path, "d,v\n03/04/2024,1\n05/06/2024,2\n")
    assert err.key == "data.error.date_ambiguous"
    assert "dayfirst=True" in str(err) and "dayfirst=False" in str(err)
    assert err.values["as_dayfirst"] == "3 April 2024"
    table = _read(tmp_path, "d,v\n03/04/2024,1\n05/06/2024,2\n", dayfirst=True).table
    assert _days(table["d"]) == ["2024-04-03", "2024-06-05"]


def test_dates_with_dots_are_day_first(tmp_path):
    reading = _read(tmp_path, "d;v\n03.04.2024;1\n05.06.2024;2\n")
    assert _days(reading.table["d"]) == ["2024-04-03", "2024-06-05"]
    assert _note(reading, "data.note.dates").values["reason"].key == "data.date_reason.dots"


def test_iso_dates_and_times(tmp_path):
    reading = _read(tmp_path, "d,t\n2024-03-15,15/03/2024 14:30\n2024-12-01,01/12/2024 09:05\n")
    assert _days(reading.table["d"]) == ["2024-03-15", "2024-12-01"]
    assert reading.table["t"].tolist() == [pd.Timestamp("2024-03-15 14:30"),
                                           pd.Timestamp("2024-12-01 09:05")]


def test_dates_in_two_orders_are_refused(tmp_path):
    err = _error(tmp_path, "d,v\n15/03/2024,1\n03/15/2024,2\n")
    assert err.key == "data.error.date_order"


def test_dayfirst_against_the_values(tmp_path):
    err = _error(tmp_path, "d,v\n15/03/2024,1\n", dayfirst=False)
    assert err.key == "data.error.date_dayfirst" and "dayfirst=True" in str(err)


def test_two_digit_years(tmp_path):
    err = _error(tmp_path, "d,v\n15/03/24,1\n")
    assert err.key == "data.error.date_two_digit"
    assert 'date_format={"d": "%d/%m/%y"}' in str(err)
    table = _read(tmp_path, "d,v\n15/03/24,1\n", date_format={"d": "%d/%m/%y"}).table
    assert _days(table["d"]) == ["2024-03-15"]


def test_impossible_dates(tmp_path):
    err = _error(tmp_path, "d,v\n15/03/2024,1\n31/02/2024,2\n")
    assert err.key == "data.error.not_date" and err.values["lines"] == "3"


def test_mostly_dates_with_a_word(tmp_path):
    err = _error(tmp_path, "d,v\n15/03/2024,1\n16/03/2024,2\nbrak,3\n")
    assert err.key == "data.error.not_date" and 'na_values=["brak"]' in str(err)


def test_date_format_for_all_date_columns(tmp_path):
    table = _read(tmp_path, "a,b\n15-03-24,x\n16-03-24,y\n", date_format="%d-%m-%y").table
    assert _days(table["a"]) == ["2024-03-15", "2024-03-16"]
    assert table["b"].tolist() == ["x", "y"]


def test_dtype_names_and_unknown_ones(tmp_path):
    text = "a,b,c\n1,2024-01-01,x\n2,2024-01-02,y\n"
    table = _read(tmp_path, text, dtype={"a": float, "b": str, "c": "category"}).table
    assert table["a"].dtype == "float64" and table["b"].tolist() == ["2024-01-01",
                                                                     "2024-01-02"]
    assert isinstance(table["c"].dtype, pd.CategoricalDtype)
    err = _error(tmp_path, text, dtype={"a": "money"})
    assert err.key == "error.unknown_choice"
    err = _error(tmp_path, text, dtype={"zz": str})
    assert err.key == "data.error.missing_column"
