"""The course's CSV reader: strict, and it explains what went wrong.

Students' files often come from Excel: Arabic ones saved in Windows-1256, Polish ones in
Windows-1250, with ``;`` between columns and a decimal comma. pandas would read such a file
into one column of text, or raise a bare ``UnicodeDecodeError``. This reader names the file,
the column and the problem, and says how to read it right (``encoding=``, ``sep=``,
``decimal=``). It never guesses silently: the student decides.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pandas as pd

from ..errors import DataError

ARABIC = re.compile(r"[\u0600-\u06FF]")
POLISH = re.compile(r"[ąćęłńóśźżĄĆĘŁŃÓŚŹŻ]")
DECIMAL_COMMA = re.compile(r"^\s*-?\d{1,3}(?:[ .\u00a0]?\d{3})*,\d+\s*$")


def _guess_encoding(raw: bytes) -> str | None:
    """The Windows code page under which the non-ASCII bytes read best as Arabic or Polish
    letters (the share of such letters among non-ASCII characters decides)."""
    best, best_share = None, 0.0
    for encoding, letters in (("cp1256", ARABIC), ("cp1250", POLISH)):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        foreign = [ch for ch in text if not ch.isascii()]
        share = sum(bool(letters.match(ch)) for ch in foreign) / max(len(foreign), 1)
        if share > best_share:
            best, best_share = encoding, share
    return best if best_share >= 0.5 else None


def decode(raw: bytes, file: str, encoding: str = "utf-8") -> str:
    """Bytes → text in ``encoding``; a file in another encoding is an error saying which."""
    if b"\x00" in raw[:4096]:
        raise DataError("data.error.binary", file=file)
    try:
        return raw.decode("utf-8-sig" if encoding.lower() in ("utf-8", "utf8") else encoding)
    except UnicodeDecodeError as exc:
        guess = _guess_encoding(raw)
        line = raw[: exc.start].count(b"\n") + 1
        if guess:
            raise DataError("data.error.encoding_guess", file=file, line=line,
                            encoding=encoding, guess=guess) from None
        raise DataError("data.error.encoding", file=file, line=line, encoding=encoding) from None


def to_number(values: pd.Series, decimal: str = ".", thousands: str | None = None) -> pd.Series:
    """Text → numbers with the file's decimal mark and thousands separator; text that is
    not a number becomes NaN here, and the callers report it (never drop it)."""
    text = values.astype("string")
    if thousands:
        text = text.str.replace(thousands, "", regex=False)
    if decimal != ".":
        text = text.str.replace(decimal, ".", regex=False)
    return pd.to_numeric(text, errors="coerce").astype("float64")


def read_csv(path, encoding: str = "utf-8", sep: str = ",", decimal: str = ".",
             thousands: str | None = None, columns: dict | None = None,
             name: str | None = None) -> pd.DataFrame:
    """Read a CSV file strictly; with ``columns`` (a data card's schema) also type-check it.

    ``columns`` maps column name → ``{"type": int|float|string|category|datetime|bool}``.
    Problems raise :class:`~mcourse.errors.DataError` in the active language.
    """
    from .schema import apply_schema

    path = Path(path)
    file = name or path.name
    if not path.exists():
        raise DataError("data.error.no_file", file=str(path))
    text = decode(path.read_bytes(), file, encoding)
    table = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False,
                        na_values=[""])
    if table.shape[1] == 1 and sep != ";" and ";" in table.columns[0]:
        raise DataError("data.error.semicolon", file=file)
    if columns is None:
        return _numbers_where_clean(table, file, decimal, thousands)
    return apply_schema(table, columns, file, decimal=decimal, thousands=thousands)


def _numbers_where_clean(table: pd.DataFrame, file: str, decimal: str,
                         thousands: str | None) -> pd.DataFrame:
    """Without a schema: columns that are all numbers become numbers; decimal commas are
    reported instead of being left as text by surprise."""
    out = table.copy()
    for column in table.columns:
        values = table[column].dropna()
        numeric = to_number(values, decimal, thousands)
        if len(values) and numeric.notna().all():
            out[column] = to_number(table[column], decimal, thousands)
            if (out[column].dropna() % 1 == 0).all() and table[column].notna().all():
                out[column] = out[column].astype("int64")
        elif decimal == "." and len(values) and values.map(
                lambda v: bool(DECIMAL_COMMA.match(v))).mean() > 0.5:
            raise DataError("data.error.decimal_comma", file=file, column=column,
                            example=values[values.map(lambda v: bool(DECIMAL_COMMA.match(v)))
                                           ].iloc[0])
    return out
