"""The reader on what a file is: its kind, encoding, separator and structure."""

from __future__ import annotations

import codecs
import io
import zipfile

import pandas as pd
import pytest

from mcourse import set_lang
from mcourse.data import reader
from mcourse.data.reader import read
from mcourse.errors import DataError

ARABIC = "الولاية,السعر\nوهران,12.5\nقسنطينة,7.25\nتيزي وزو,3\n"
POLISH = "miasto,cena\nŁódź,12.5\nWrocław,7.25\nGdańsk,3\nŻółć Śląska,1\n"


def _write(tmp_path, data, name="students.csv"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


# ----------------------------------------------------------------------------- kind

def _xlsx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as book:
        book.writestr("[Content_Types].xml", "<Types/>")
        book.writestr("xl/workbook.xml", "<workbook/>")
    return buffer.getvalue()


@pytest.mark.parametrize("data, key, kind", [
    (_xlsx(), "data.error.workbook", "Excel (xlsx)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "data.error.workbook",
     "Excel 97-2003 (xls)"),
    (b"<html><body><table><tr><td>1</td></tr></table></body></html>", "data.error.html",
     None),
    (b"%PDF-1.7\n\x00\x01binary", "data.error.binary", None),
    (b"PK\x03\x04\x00\x00binary", "data.error.zip", None),
])
def test_what_is_not_a_csv_is_named(tmp_path, data, key, kind):
    path = _write(tmp_path, data, "export.csv")
    with pytest.raises(DataError) as err:
        read(path)
    assert err.value.key == key and "export.csv" in str(err.value)
    if kind:
        assert err.value.values["kind"] == kind
        assert 'pandas.read_excel("export.csv")' in str(err.value)


def test_utf16_is_read_not_called_a_workbook(tmp_path):
    """Excel's "Unicode Text": UTF-16 with a byte-order mark, tabs between columns."""
    text = "الولاية\tالسعر\r\nوهران\t12,5\r\nقسنطينة\t7\r\n"
    path = _write(tmp_path, codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    reading = read(path)
    assert reading.table["السعر"].tolist() == [12.5, 7.0]
    assert reading.options["encoding"] == "utf-16" and reading.options["sep"] == "\t"
    assert {"data.note.encoding", "data.note.sep", "data.note.decimal"} <= set(reading.keys())
    without_bom = _write(tmp_path, "city\tprice\nOran\t1\n".encode("utf-16-le"), "b.csv")
    assert read(without_bom).table["price"].tolist() == [1]


def test_utf16_read_as_utf8_is_an_error_naming_utf16(tmp_path):
    path = _write(tmp_path, codecs.BOM_UTF16_LE + "a\tb\n1\t2\n".encode("utf-16-le"))
    with pytest.raises(DataError) as err:
        read(path, encoding="utf-8")
    assert err.value.key == "data.error.encoding_utf16"
    assert 'encoding="utf-16"' in str(err.value)


def test_empty_file_and_blank_lines_only(tmp_path):
    for data in (b"", b"\xef\xbb\xbf", b"\n\n  \r\n"):
        with pytest.raises(DataError) as err:
            read(_write(tmp_path, data))
        assert err.value.key == "data.error.empty"


# ----------------------------------------------------------------------------- encoding

@pytest.mark.parametrize("text, encoding", [(ARABIC, "cp1256"), (POLISH, "cp1250"),
                                            (POLISH, "iso8859-2")])
def test_code_page_found_and_said(tmp_path, text, encoding):
    path = _write(tmp_path, text.encode(encoding))
    reading = read(path)
    assert reading.options["encoding"] == encoding
    assert reading.table.iloc[:, 0].tolist() == [line.split(",")[0]
                                                 for line in text.splitlines()[1:]]
    note = next(n for n in reading.notes if n.key == "data.note.encoding")
    assert f'encoding="{encoding}"' in note.text()


def test_french_in_windows_1252(tmp_path):
    path = _write(tmp_path, "ville,remarque\nBéjaïa,très bien\nMédéa,à revoir\n"
                  "Aïn Témouchent,première fois\n".encode("cp1252"))
    reading = read(path)
    assert reading.table["remarque"].tolist() == ["très bien", "à revoir", "première fois"]


def test_utf8_with_bom_is_plain_utf8(tmp_path):
    path = _write(tmp_path, codecs.BOM_UTF8 + ARABIC.encode("utf-8"))
    reading = read(path)
    assert list(reading.table.columns) == ["الولاية", "السعر"]  # no BOM in the first name
    assert reading.notes == []


@pytest.mark.parametrize("text, written, given, seen, meant, line", [
    (ARABIC, "cp1256", "cp1250", "ÇáćáÇíÉ", "الولاية", "1"),
    (POLISH, "cp1250", "latin-1", "£ód\x9f", "Łódź", "2"),  # 0x9f: a C1 control
    (POLISH, "cp1250", "cp1252", "£ódŸ", "Łódź", "2"),
    (ARABIC, "utf-8", "cp1256", "ط§ظ„ظˆظ„ط§ظٹط©", "الولاية", "1"),
    (POLISH, "utf-8", "latin-1", "Å\x81Ã³dÅº", "Łódź", "2"),
])
def test_a_wrong_encoding_given_is_refused_with_the_right_one(tmp_path, text, written, given,
                                                               seen, meant, line):
    """Any 8-bit file decodes in any 8-bit code page: the reader checks that the text
    reads as words, and names the word read both ways."""
    path = _write(tmp_path, text.encode(written))
    with pytest.raises(DataError) as err:
        read(path, encoding=given)
    assert err.value.key == "data.error.encoding_wrong"
    assert err.value.values["guess"] == written
    assert err.value.values["seen"] == seen and err.value.values["meant"] == meant
    assert f'encoding="{written}"' in str(err.value) and err.value.values["line"] == line


def test_utf8_given_as_a_code_page_that_cannot_decode_it(tmp_path):
    path = _write(tmp_path, POLISH.encode("utf-8"))  # Ł is C5 81; 81 is no cp1250 byte
    with pytest.raises(DataError) as err:
        read(path, encoding="cp1250")
    assert err.value.key == "data.error.encoding_guess"
    assert err.value.values["guess"] == "utf-8" and err.value.values["line"] == "2"


def test_utf8_given_for_a_code_page_file(tmp_path):
    path = _write(tmp_path, ARABIC.encode("cp1256"))
    set_lang("ar")
    with pytest.raises(DataError) as err:
        read(path, encoding="utf-8")
    assert err.value.key == "data.error.encoding_guess"
    assert 'encoding="cp1256"' in str(err.value) and "الملف" in str(err.value)


def test_code_pages_reading_the_same_text_are_no_ambiguity(tmp_path):
    path = _write(tmp_path, "wilaya\nMédéa\nBéjaïa\n".encode("cp1252"))
    assert read(path).table["wilaya"].tolist() == ["Médéa", "Béjaïa"]


def test_undecidable_encoding_is_refused(tmp_path):
    """"même fête" in Windows-1252 is "męme fęte" in Windows-1250: both are words."""
    path = _write(tmp_path, "mot\nmême\nfête\n".encode("cp1252"))
    with pytest.raises(DataError) as err:
        read(path)
    assert err.value.key == "data.error.encoding_ambiguous"
    readings = {err.value.values["text_a"], err.value.values["text_b"]}
    assert readings == {"même", "męme"} and err.value.values["line"] == "2"
    assert read(path, encoding="cp1252").table["mot"].tolist() == ["même", "fête"]


def test_a_latin_word_with_an_arabic_joiner_is_no_word(tmp_path):
    """0x9E is ž in Windows-1250 but a zero-width joiner in Windows-1256."""
    path = _write(tmp_path, "nom\nDžemal\n".encode("cp1250"))
    with pytest.raises(DataError) as err:
        read(path)
    assert err.value.key == "data.error.encoding_unknown"


def test_bytes_no_code_page_reads(tmp_path):
    path = _write(tmp_path, b"a,b\nx\xa4\xa6\xa7\xa8y,1\n")
    with pytest.raises(DataError) as err:
        read(path)
    assert err.value.key == "data.error.encoding_unknown"
    assert err.value.values["line"] == "2" and "students.csv" in str(err.value)


# ----------------------------------------------------------------------------- separator

@pytest.mark.parametrize("sep", [";", "\t", "|"])
def test_separator_found_and_said(tmp_path, sep):
    path = _write(tmp_path, f"a{sep}b{sep}c\n1{sep}2{sep}3\n4{sep}5{sep}6\n".encode())
    reading = read(path)
    assert reading.options["sep"] == sep and list(reading.table.columns) == ["a", "b", "c"]
    assert "data.note.sep" in reading.keys()


def test_excel_sep_line(tmp_path):
    path = _write(tmp_path, b"sep=;\r\na;b\r\n1;2,5\r\n")
    reading = read(path)
    assert reading.table["b"].tolist() == [2.5]
    assert "data.note.sep_line" in reading.keys() and "data.note.sep" not in reading.keys()


def test_two_separators_splitting_alike_are_refused(tmp_path):
    path = _write(tmp_path, b"a;b,c\n1;2,3\n4;5,6\n")
    with pytest.raises(DataError) as err:
        read(path)
    assert err.value.key == "data.error.sep_ambiguous"
    assert read(path, sep=";").table.columns.tolist() == ["a", "b,c"]


def test_one_column_file(tmp_path):
    path = _write(tmp_path, b"city\nOran\nAlger\n")
    assert read(path).table["city"].tolist() == ["Oran", "Alger"]


# ----------------------------------------------------------------------------- structure

def test_empty_trailing_columns_of_excel_dropped_and_said(tmp_path):
    path = _write(tmp_path, b"a;b;;\r\n1;2;;\r\n3;4;;\r\n")
    reading = read(path)
    assert list(reading.table.columns) == ["a", "b"]
    note = next(n for n in reading.notes if n.key == "data.note.empty_columns")
    assert note.count == 2


def test_unnamed_column_with_values_is_kept_and_said(tmp_path):
    path = _write(tmp_path, b",city\n0,Oran\n1,Alger\n")
    reading = read(path)
    assert list(reading.table.columns) == ["Unnamed: 0", "city"]
    assert "data.note.unnamed" in reading.keys()


def test_repeated_header_rows_left_out_and_said(tmp_path):
    path = _write(tmp_path, b"a,b\n1,2\na,b\n3,4\n a , b \n5,6\n")
    reading = read(path)
    assert reading.table["a"].tolist() == [1, 3, 5]
    note = next(n for n in reading.notes if n.key == "data.note.repeated_header")
    assert note.values["where"].numbers == (3, 5)


def test_spaces_around_names_removed_and_said(tmp_path):
    path = _write(tmp_path, b"city , price\nOran,1\n")
    reading = read(path)
    assert list(reading.table.columns) == ["city", "price"]
    note = next(n for n in reading.notes if n.key == "data.note.name_spaces")
    assert note.count == 2 and note.values["column"] == "city"


def test_duplicated_names_renamed_and_said(tmp_path):
    path = _write(tmp_path, b"a,a,b\n1,2,3\n")
    reading = read(path)
    assert list(reading.table.columns) == ["a", "a.1", "b"]
    assert "data.note.duplicate_name" in reading.keys()
    with pytest.raises(DataError) as err:
        read(path, columns={"a": {"type": "int"}})
    assert err.value.key == "data.error.duplicate_column"


def test_ragged_rows(tmp_path):
    path = _write(tmp_path, b"city,price\nOran,12,5\n")
    set_lang("pl")
    with pytest.raises(DataError) as err:
        read(path)
    assert err.value.key == "data.error.ragged" and err.value.values["line"] == "2"
    assert "przecinek dziesiętny" in str(err.value)
    path = _write(tmp_path, b"a,b,c\n1,2,3\n4,5\n6,7,8,,\n")
    reading = read(path)
    assert reading.table["c"].isna().tolist() == [False, True, False]
    short = next(n for n in reading.notes if n.key == "data.note.short_rows")
    extra = next(n for n in reading.notes if n.key == "data.note.extra_fields")
    assert short.values["where"].numbers == (3,) and extra.values["where"].numbers == (4,)


def test_header_only_file(tmp_path):
    path = _write(tmp_path, b"a;b;c\r\n")
    reading = read(path)
    assert reading.table.shape == (0, 3) and list(reading.table.columns) == ["a", "b", "c"]
    assert reading.notes[0].key == "data.note.read" and reading.notes[0].count == 0


def test_title_lines_above_the_names(tmp_path):
    for data, skip in ((b"Raport sprzedazy\n\nmiasto;cena\nLodz;12,5\n", 2),
                       (b"Raport sprzedazy;;\nmiasto;cena;n\nLodz;12,5;3\n", 1)):
        path = _write(tmp_path, data)
        with pytest.raises(DataError) as err:
            read(path)
        assert err.value.key == "data.error.title_rows"
        assert f"skiprows={skip}" in str(err.value)
        assert read(path, skiprows=skip).table.columns[0] == "miasto"


def test_a_first_line_of_values_is_not_taken_for_names(tmp_path):
    path = _write(tmp_path, b"12,5.5,2024-01-01\n13,6.5,2024-01-02\n")
    with pytest.raises(DataError) as err:
        read(path)
    assert err.value.key == "data.error.header_is_data"
    assert "header=None" in str(err.value)
    table = read(path, header=None).table
    assert table.shape == (2, 3) and table["0"].tolist() == [12, 13]
    years = _write(tmp_path, b"2022,2023\n10,12\n", "years.csv")
    assert list(read(years, header=0).table.columns) == ["2022", "2023"]


def test_unclosed_quote(tmp_path):
    path = _write(tmp_path, b'a,b\n1,"open\n2,3\n')
    with pytest.raises(DataError) as err:
        read(path)
    assert err.value.key == "data.error.quote" and err.value.values["line"] == "2"


def test_mixed_line_endings_and_blank_lines(tmp_path):
    path = _write(tmp_path, b"a,b\r\n1,2\r3,4\n\n5,6\r\n")
    reading = read(path)
    assert reading.table["a"].tolist() == [1, 3, 5]


def test_empty_rows_inside_the_data_are_said(tmp_path):
    path = _write(tmp_path, b"a;b\n1;2\n;\n3;4\n;\n")
    reading = read(path)
    assert reading.table["a"].tolist() == [1, 3]
    note = next(n for n in reading.notes if n.key == "data.note.empty_rows")
    assert note.values["where"].numbers == (3,)  # the trailing one after the data is no news


@pytest.mark.parametrize("text", [
    "a;b;c\n1;2,5;x\n3;4;\n",
    "id,name,value\n007,Oran,1.5\n008,Alger, \n",
    "a\tb\n1\t2\n",
    "x,y\n1,2\n3,4\n\n",
])
def test_regular_files_read_the_same_both_ways(tmp_path, monkeypatch, text):
    """Regular text is parsed by pandas' C parser; it must equal the record-by-record
    reading that handles everything else."""
    path = _write(tmp_path, text.encode())
    fast = read(path)
    monkeypatch.setattr(reader, "_regular_table", lambda *args: None)
    slow = read(path)
    pd.testing.assert_frame_equal(fast.table, slow.table)
    assert fast.keys() == slow.keys()
