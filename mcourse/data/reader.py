"""The course's CSV reader: it reads a student's file as what it means, says what it found,
and refuses to guess.

Students' files often come from Excel: Arabic ones saved in Windows-1256, Polish ones in
Windows-1250, with ``;`` between columns, a decimal comma and a space between thousands;
codes with leading zeros, dates written day first, error cells such as ``#N/A``. pandas
reads such a file into one column of text, turns ``007`` into 7, leaves ``12,5`` as text
or raises an English ``ParserError``. :func:`read_csv` instead

* finds the encoding, the separator and the decimal mark when the file shows them
  beyond doubt, reads the file with them and **says so** (a note shown through
  :func:`mcourse.say`, in the student's language, ending with the call that reads the
  file the same way with everything said explicitly);
* keeps what is not a number as text (``007``, phone numbers, long identifiers) and says so;
* reads ``1 200,00``, ``12,5 %``, ``1.200 دج``, ``150,00-``, ``١٢٣``, ``15/03/2024`` as the
  numbers and dates they mean, and says so;
* raises :class:`~mcourse.errors.DataError`, in the active language, naming the file,
  the column, the lines and the argument that settles it, when a value can be read two
  ways (``1,234``: 1.234 or 1234? ``03/04/2024``: 3 April or 4 March?) or is not of its
  column's kind (``#DIV/0!`` among numbers, ``12,5`` among ``12.5``...).

Everything it finds can also be given (``encoding=``, ``sep=``, ``decimal=``,
``thousands=``, ``dtype=``, ``dayfirst=``, ``date_format=``, ``na_values=``,
``skiprows=``, ``header=``); an option that contradicts the file is an error saying what
the file shows. A lesson reads a student's export like this::

    from mcourse.data import example_file, read_csv, try_read_csv
    sales = read_csv(example_file("dz_excel_export.csv"))  # says what it found
    mine = try_read_csv("my_export.csv")   # a problem is shown as a message, not raised

:func:`read` does the same without showing anything and returns a :class:`Reading`
(the table, its notes, the options used). The work is shared with
:mod:`mcourse.data.sniff` (file kind, encoding, separator, records),
:mod:`mcourse.data.values` (how one cell reads) and :mod:`mcourse.data.schema` (columns
typed and checked); :mod:`mcourse.data.report` holds the notes and line lists.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..errors import DataError
from . import sniff
from .report import Lines, Note, call
from .schema import (
    EXCEL_BOOLEANS,
    Converted,
    Where,
    _convert,
    _excel_error,
    apply_schema,
    dtype_kind,
    excel_errors,
    file_decimal,
    number_tokens,
    numeric_evidence,
    plain,
    to_dates,
    to_numbers,
)
from .values import parse_date, parse_number

MOSTLY = 0.5
"""Share of a column's values written as numbers (or dates) from which the others are
called out as errors instead of the column being kept as text."""
LONG_CODE = 16
"""Digits from which a whole number is an identifier (card, account, IBAN): a float
cannot hold it exactly, and nobody adds such numbers."""
PHONE_DIGITS = 8
"""Digits from which a number written with a leading ``+`` is a phone number."""
_SEP_LINE = re.compile(r"^sep=(.)[ \t]*\n")


@dataclass(frozen=True)
class _Kinds:
    """The table's columns with their types, listed in the language of the note."""

    columns: tuple[tuple[str, str], ...]

    def text(self, lang: str | None = None) -> str:
        from ..i18n import t
        from ..i18n.formatting import fmt_list

        return fmt_list([f"{name} ({t('data.type.' + kind, lang)})" for name, kind in
                         self.columns], lang=lang)

    def message(self, lang: str | None = None):
        """The list as a display message: each column name isolated on its own (a name
        mixing scripts, like "Ilość" in an Arabic note, stays one piece)."""
        from ..i18n import get_lang
        from ..i18n.display import Message, message

        code = lang or get_lang()
        items = [message("data.column_kind", lang=code, name=name,
                         kind=message(f"data.type.{kind}", lang=code))
                 for name, kind in self.columns]
        if len(items) <= 1:
            return Message.join(items, lang=code)
        last = {"ar": " و", "pl": " i ", "en": " and "}[code]
        comma = "، " if code == "ar" else ", "
        head = Message.join(items[:-1], sep=comma, lang=code)
        return Message.join([head, items[-1]], sep=last, lang=code)


@dataclass
class Reading:
    """What :func:`read` gives: the table, and the notes on how it was read.

    In a notebook a ``Reading`` shows its notes; ``reading.table`` is the DataFrame,
    ``reading.options`` the encoding, separator, decimal mark and thousands separator
    used (found or given).
    """

    table: pd.DataFrame
    file: str
    notes: list[Note] = field(default_factory=list)
    options: dict = field(default_factory=dict)

    def message(self, lang: str | None = None):
        """The notes as one display-layer message, one line each."""
        from ..i18n.display import Message

        parts = [self.notes[0].message(lang)] if self.notes else []
        parts += [_bulleted(note, lang) for note in self.notes[1:]]
        return Message.join(parts, lang=lang)

    def keys(self) -> list[str]:
        """The catalogue keys of the notes (what tests check)."""
        return [note.key for note in self.notes]

    def _repr_html_(self) -> str:
        return self.message()._repr_html_()

    def __str__(self) -> str:
        return str(self.message())


def _bulleted(note: Note, lang):
    from ..i18n.display import Message

    inner = note.message(lang)
    return Message([*Message.from_text("• ", inner.lang).pieces, *inner.pieces], inner.lang)


def read_csv(path, encoding: str | None = None, sep: str | None = None,
             decimal: str | None = None, thousands: str | None = None,
             columns: dict | None = None, name: str | None = None, *, dtype=None,
             na_values=None, dayfirst: bool | None = None, date_format=None,
             skiprows: int = 0, header="infer", quiet: bool = False) -> pd.DataFrame:
    """Read a CSV file as what it means; show what was found (unless ``quiet``).

    Without options the reader finds the encoding, separator and decimal mark (and says
    which); give any of them to say it yourself. ``columns`` is a data card's schema
    (column name → ``{"type": int|float|string|category|datetime|bool}``): then every
    listed column is converted to its type or the error says which value is not.
    ``dtype`` does the same for some columns (``dtype={"phone": str}``).
    ``na_values`` lists texts that mean a missing value (e.g. ``["#N/A", "brak"]``).
    ``dayfirst`` settles dates such as 03/04/2024; ``date_format`` gives a format
    (``"%d/%m/%y"``) for all date columns or per column (a dict). ``skiprows`` skips lines
    above the column names; ``header=None`` reads a file without names.

    Problems raise :class:`~mcourse.errors.DataError` in the active language.
    """
    reading = read(path, encoding, sep, decimal, thousands, columns, name, dtype=dtype,
                   na_values=na_values, dayfirst=dayfirst, date_format=date_format,
                   skiprows=skiprows, header=header)
    if reading.notes and not quiet:
        from ..i18n.display import emit

        emit(reading.message())
    return reading.table


def try_read_csv(path, *args, **kwargs) -> pd.DataFrame | None:
    """:func:`read_csv` for trying a file in a lesson: a problem with the file is shown as
    the course's message (in the student's language, right to left in Arabic) instead of
    a traceback, and ``None`` is returned; the student adds the argument the message names
    and runs the cell again."""
    try:
        return read_csv(path, *args, **kwargs)
    except DataError as error:
        from ..i18n.display import emit

        emit(error.message())
        return None


def example_file(name: str) -> Path:
    """The path of an example export shipped with the course (``datasets/examples/``):
    ``dz_excel_export.csv`` (Arabic Excel: Windows-1256, ``;``, decimal comma),
    ``pl_excel_export.csv`` (Polish Excel: Windows-1250, ``;``, decimal comma, a no-break
    space between thousands), ``excel_lookup_errors.csv`` (``#N/A`` from a failed lookup)."""
    from .catalogue import data_dir

    folder = data_dir() / "examples"
    path = folder / name
    if not path.is_file():
        known = ", ".join(sorted(p.name for p in folder.glob("*.csv")))
        raise DataError("data.error.unknown_dataset", name=name, known=known)
    return path


def read(path, encoding: str | None = None, sep: str | None = None,
         decimal: str | None = None, thousands: str | None = None,
         columns: dict | None = None, name: str | None = None, *, dtype=None,
         na_values=None, dayfirst: bool | None = None, date_format=None,
         skiprows: int = 0, header="infer") -> Reading:
    """Like :func:`read_csv`, but nothing is shown: the table and its notes are returned."""
    path = Path(path)
    file = name or path.name
    _check_options(file, decimal, thousands, sep, skiprows, header)
    if not path.is_file():
        raise DataError("data.error.no_file", file=str(path))
    raw = path.read_bytes()
    if not raw.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise DataError("data.error.empty", file=file)
    sniff.check_kind(raw, file)
    decoded = sniff.decode(raw, file, encoding)
    text = decoded.text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    sep_note = None
    first_line = 1
    if skiprows:
        parts = text.split("\n", skiprows)
        text = parts[skiprows] if len(parts) > skiprows else ""
        first_line += skiprows
    sep_line = _SEP_LINE.match(text)
    if sep_line:
        text = text[sep_line.end():]
        first_line += 1
        if sep is None:
            sep = sep_line[1]
            sep_note = Note("data.note.sep_line", {"sep": sniff.sep_name(sep),
                                                   "fix": call("sep", sep)})
    if not text.strip():
        raise DataError("data.error.empty", file=file)
    sep, sep_found = sniff.separator(text, file, sep)
    if sep_note:
        sep_found = False
    fast = _regular_table(text, sep, header, first_line, file)
    if fast is not None:
        table, lines, structure = fast
    else:
        records = sniff.records(text, sep, file, first_line)
        table, lines, structure = _structure(records, file, header, sep)
    where = Where(file, lines)
    table, missing_notes = _missing(table, where, na_values)
    options = {"encoding": decoded.encoding, "sep": sep, "decimal": decimal,
               "thousands": thousands}
    if columns is not None:
        twice = [n.values["column"] for n in structure if n.key == "data.note.duplicate_name"
                 and n.values["column"] in columns]
        if twice:
            raise DataError("data.error.duplicate_column", file=file, column=twice[0])
        conversions: dict = {}
        typed = apply_schema(table, columns, file, decimal, thousands, lines=lines,
                             given_decimal=decimal is not None, dayfirst=dayfirst,
                             conversions=conversions, excel="#" in text)
        kinds = [(c, s.get("type", "string")) for c, s in columns.items()]
        column_notes = [n for conv in conversions.values() for n in conv.notes]
    else:
        typed, kinds, column_notes, conversions = _infer(
            table, where, decimal=decimal, thousands=thousands, dtype=dtype,
            dayfirst=dayfirst, date_format=date_format)
    file_notes = _file_notes(decoded, sep, sep_found, decimal, thousands, conversions,
                             table, where, options, sep_note)
    notes = file_notes + structure + missing_notes + column_notes
    reading = Reading(typed, file, [], options)
    if notes:
        if any(n.key == "data.note.encoding" or n.key.startswith("data.note.sep")
               or n.key in ("data.note.decimal", "data.note.thousands") for n in notes):
            notes.append(Note("data.note.call", {"call": _call(file, options, skiprows)}))
        notes.append(Note("data.note.columns", {"columns": _Kinds(tuple(
            (str(c), k) for c, k in kinds))}))
        reading.notes = [Note("data.note.read", {"file": file}, count=len(typed))] + notes
    return reading


def _check_options(file, decimal, thousands, sep, skiprows, header) -> None:
    if decimal is not None and decimal not in (".", ","):
        raise DataError("error.unknown_choice", value=decimal, name="decimal",
                        choices='".", ","')
    if decimal is not None and decimal == thousands:
        raise DataError("data.error.same_marks", file=file, fix=call("thousands", thousands))
    if sep is not None and (not isinstance(sep, str) or len(sep) != 1):
        raise DataError("error.unknown_choice", value=sep, name="sep",
                        choices='",", ";", "\\t", "|"')
    if not isinstance(skiprows, int) or skiprows < 0:
        raise DataError("error.unknown_choice", value=skiprows, name="skiprows",
                        choices="0, 1, 2, …")
    if header not in ("infer", 0, None):
        raise DataError("error.unknown_choice", value=header, name="header",
                        choices='"infer", 0, None')


# ----------------------------------------------------------------------------- structure

def _structure(records, file: str, header, sep: str):
    """The records as a table of text (``None`` for empty cells): names from the header,
    every row as wide as the header, with notes on what was dropped or filled."""
    notes: list[Note] = []
    filled, empty_rows = [], []
    for line, row in records:
        (filled if "".join(row).strip() else empty_rows).append((line, row))
    empty_rows = [line for line, _ in empty_rows]
    if not filled:
        raise DataError("data.error.empty", file=file)
    counts = [len(row) for _, row in filled[:300]]
    mode = max(set(counts), key=counts.count)
    if header is not None:
        head_line, head = filled[0]
        if len(head) != mode:
            _title_rows(filled, mode, file)
        if header == "infer":
            _header_is_data(head, head_line, file)
        body = filled[1:]
    else:
        head = [str(i) for i in range(mode)]
        body = filled
    width = len(head)
    if header is not None:
        _title_above(head, [row for _, row in body[:5]], [line for line, _ in body[:5]], file)
    rows, lines, short, extra, repeated = [], [], [], [], []
    stripped_head = [h.strip() for h in head]
    first_name = stripped_head[0]
    for line, row in body:
        if header is not None and row[0].strip() == first_name and \
                [c.strip() for c in row[:width]] == stripped_head and \
                not "".join(row[width:]).strip():
            repeated.append(line)
            continue
        if len(row) != width:
            if len(row) > width:
                if "".join(row[width:]).strip():
                    raise DataError("data.error.ragged", file=file, line=str(line),
                                    fields=str(len(row)), expected=str(width),
                                    sep=sniff.sep_name(sep))
                extra.append(line)
                row = row[:width]
            else:
                short.append(line)
                row = row + [""] * (width - len(row))
        rows.append(row)
        lines.append(line)
    table = pd.DataFrame(rows, columns=range(width), dtype=object) if rows else \
        pd.DataFrame({i: pd.Series([], dtype=object) for i in range(width)})
    table, lines, notes = _named(table, head, lines, notes)
    if repeated:
        notes.append(Note("data.note.repeated_header", {"where": Lines(tuple(repeated))},
                          count=len(repeated)))
    inner_empty = [line for line in empty_rows if lines and line < lines[-1]]
    if inner_empty:
        notes.append(Note("data.note.empty_rows", {"where": Lines(tuple(inner_empty))},
                          count=len(inner_empty)))
    if short:
        notes.append(Note("data.note.short_rows", {"where": Lines(tuple(short))},
                          count=len(short)))
    if extra:
        notes.append(Note("data.note.extra_fields", {"where": Lines(tuple(extra))},
                          count=len(extra)))
    return table, lines, notes


_BLANK_INSIDE = re.compile(r"\n[ \t]*\n")


def _regular_table(text: str, sep: str, header, first_line: int, file: str):
    """The table read by pandas' C parser when the text is regular: no quotes, every line
    with the same number of fields, no empty or repeated-header lines inside. Anything
    else is read record by record by :func:`_structure`, which reports it (``None``)."""
    if '"' in text or header is None:
        return None
    core = text.lstrip("\n").rstrip()
    skipped = len(text) - len(text.lstrip("\n"))
    if not core or _BLANK_INSIDE.search(core) or core[0] in " \t":
        return None
    lines_text = core.split("\n")
    if len({line.count(sep) for line in lines_text}) != 1:
        return None
    width = lines_text[0].count(sep) + 1
    if width < 2:
        return None
    head = lines_text[0].split(sep)
    if header == "infer":
        _header_is_data(head, first_line + skipped, file)
    table = pd.read_csv(io.StringIO(core), sep=sep, header=None, skiprows=1,
                        names=range(width), dtype=object, keep_default_na=False,
                        na_values=[""], skip_blank_lines=False, engine="c", quoting=3)
    if len(table) != len(lines_text) - 1:
        return None
    present = table.notna()
    if len(table) and not present.any(axis=1).all():
        return None  # a line of empty cells
    first = table[0].astype(object)
    name = head[0].strip()
    maybe = first.notna() & (first.str.strip() == name).astype(bool)
    if maybe.any():
        stripped = [h.strip() for h in head]
        for i in maybe[maybe].index:
            if [str(c).strip() if c == c else "" for c in table.loc[i]] == stripped:
                return None  # a repeated header
    table = table.astype(object).where(present, None)
    lines = list(range(first_line + skipped + 1, first_line + skipped + len(lines_text)))
    _title_above(head, table.head(5).values.tolist(), lines, file)
    return _named(table, head, lines, [])


def _named(table: pd.DataFrame, head, lines, notes):
    """Whitespace-only cells made missing, columns named from the header, and the notes on
    names: empty unnamed columns dropped, unnamed and repeated names."""
    for i in range(len(head)):
        column = table[i]
        blanks = [v for v in pd.unique(column) if v is not None and not v.strip()]
        if blanks:
            table[i] = column.where(~column.isin(blanks), None)
    names, renamed = _names(head)
    table.columns = names
    empty_unnamed = [n for n, h in zip(names, head, strict=True) if not h.strip() and table[n].isna().all()]
    if empty_unnamed:
        table = table.drop(columns=empty_unnamed)
        notes.insert(0, Note("data.note.empty_columns", {}, count=len(empty_unnamed)))
    for position, (name, original) in enumerate(zip(names, head, strict=True)):
        if name not in empty_unnamed and not original.strip():
            notes.append(Note("data.note.unnamed", {"position": str(position + 1),
                                                    "name": name}))
    for old, new in renamed:
        notes.append(Note("data.note.duplicate_name", {"column": old, "name": new}))
    spaced = [h.strip() for h in head if h.strip() and h != h.strip()]
    if spaced:
        notes.append(Note("data.note.name_spaces", {"column": spaced[0]}, count=len(spaced)))
    return table, lines, notes


def _title_above(head, rows, lines, file) -> None:
    """A first line with one value in a wide table (``Raport;;;`` as Excel writes a title
    above the table) followed by a line of names: the title must be skipped."""
    named = [c for c in head if c.strip()]
    if len(head) < 2 or len(named) != 1:
        return
    for row, line in zip(rows, lines, strict=False):
        cells = [c.strip() if isinstance(c, str) else "" for c in row]
        if cells and all(cells) and not any(parse_number(c) or parse_date(c) for c in cells):
            raise DataError("data.error.title_rows", file=file, line=str(line),
                            first=named[0].strip()[:40], fix=call("skiprows", line - 1))


def _title_rows(filled, mode, file) -> None:
    """The first line is not as wide as the table: title lines above the names
    (``skiprows=``), or a header with fewer names than the rows have values."""
    for k, (line, row) in enumerate(filled[:20]):
        if len(row) == mode:
            if k and all(sum(bool(c.strip()) for c in r) <= 1 for _, r in filled[:k]):
                raise DataError("data.error.title_rows", file=file, line=str(line),
                                first=filled[0][1][0].strip()[:40],
                                fix=call("skiprows", line - 1))
            break
    line, head = filled[0]
    if len(head) < mode:
        raise DataError("data.error.short_header", file=file, names=str(len(head)),
                        values=str(mode))


def _header_is_data(head, line, file) -> None:
    cells = [c.strip() for c in head]
    if cells and all(cells) and all(parse_number(c) or parse_date(c) for c in cells):
        raise DataError("data.error.header_is_data", file=file, example=cells[0],
                        fix=call("header", None), fix_names=call("header", 0))


def _names(head) -> tuple[list[str], list[tuple[str, str]]]:
    """Column names as pandas makes them: stripped, ``Unnamed: i`` for an empty one,
    ``name.1`` for the second column of the same name."""
    names, renamed, seen = [], [], {}
    for i, cell in enumerate(head):
        base = cell.strip() or f"Unnamed: {i}"
        name = base
        while name in seen:
            seen[base] = seen.get(base, 0) + 1
            name = f"{base}.{seen[base]}"
        seen.setdefault(name, 0)
        if name != base:
            renamed.append((base, name))
        names.append(name)
    return names, renamed


def _missing(table: pd.DataFrame, where: Where, na_values):
    """Cells equal to one of ``na_values`` become missing, with a note per column."""
    if not na_values:
        return table, []
    if isinstance(na_values, str):
        na_values = [na_values]
    wanted = {str(v).strip() for v in na_values}
    notes = []
    for column in table.columns:
        values = table[column]
        mask = values.map(lambda v: v is not None and v.strip() in wanted).astype(bool)
        if mask.any():
            found = sorted({values[i].strip() for i in mask[mask].index})
            notes.append(Note("data.note.na_values", {
                "column": column, "example": found[0], "where": where.rows(mask)},
                count=int(mask.sum())))
            table[column] = values.where(~mask, None)
    return table, notes


# ----------------------------------------------------------------------------- columns

def _infer(table: pd.DataFrame, where: Where, *, decimal, thousands, dtype, dayfirst,
           date_format):
    """Each column as what its values are: numbers, dates, yes/no, or text (codes kept as
    text, with a note); the conversions done, for the file-level notes."""
    dtypes = {}
    for column, value in (dtype or {}).items():
        if column not in table.columns:
            raise DataError("data.error.missing_column", file=where.file, column=str(column),
                            found=", ".join(map(str, table.columns)))
        dtypes[column] = dtype_kind(value, where.file, column)
    formats = _formats(date_format, table, where)
    plans = {}
    for column in table.columns:
        values = table[column]
        if column in dtypes:
            plans[column] = ("given", dtypes[column])
        else:
            plans[column] = _plan(values, where, column, column in formats)
    numeric = [c for c, p in plans.items() if p[0] == "number"
               or (p[0] == "given" and p[1] in ("int", "float"))]
    evidence = numeric_evidence(table, numeric, where)
    mark = decimal
    if decimal is None:
        found = file_decimal(evidence, where, {c: table[c] for c in evidence})
        mark = found[0] if found else None
    out, kinds, notes, conversions = {}, [], [], {}
    for column in table.columns:
        values = table[column]
        plan = plans[column]
        if plan[0] == "given" and plan[1] == "datetime" and column in formats:
            converted = to_dates(values, where, column, date_format=formats[column])
        elif plan[0] == "given" and plan[1] == "string":
            converted = Converted(values.astype("str"), "string")  # like every text column
        elif plan[0] == "given":
            converted = _convert(values, plan[1], {}, where, column, mark, thousands,
                                 decimal is not None, dayfirst)
        elif plan[0] == "number":
            converted = to_numbers(values, where, column, decimal=mark, thousands=thousands,
                                   given_decimal=decimal is not None, tokens=plan[1])
        elif plan[0] == "date":
            converted = to_dates(values, where, column, dayfirst=dayfirst,
                                 date_format=formats.get(column))
        elif plan[0] == "bool":
            converted = Converted(values.map(lambda v, m=plan[1]: None if v is None else
                                             m[v.strip().lower()]), "bool")
            converted.values = converted.values.astype(
                "boolean" if values.isna().any() else "bool")
            first = values.dropna().iloc[0]
            converted.notes.append(Note("data.note.bool", {
                "column": column, "example": first.strip(),
                "where": where.rows(values == first)}))
        elif plan[0] == "code":
            _, key, example = plan
            converted = Converted(values.astype("str"), "string", [Note(key, {
                "column": column, "example": example, "where": where.rows(values == example),
                "fix": call("dtype", {column: "str"})})])
        else:
            converted = Converted(values.astype("str") if values.notna().any() else values,
                                  "string")
        out[column] = converted.values
        kinds.append((column, converted.kind))
        notes.extend(converted.notes)
        conversions[column] = converted
    return pd.DataFrame(out, index=table.index), kinds, notes, conversions


def _formats(date_format, table, where) -> dict:
    if date_format is None:
        return {}
    if isinstance(date_format, str):
        return {c: date_format for c in table.columns
                if table[c].notna().any() and _mostly(table[c], lambda v: _fits(v,
                                                                                date_format))}
    for column in date_format:
        if column not in table.columns:
            raise DataError("data.error.missing_column", file=where.file, column=str(column),
                            found=", ".join(map(str, table.columns)))
    return dict(date_format)


def _fits(value: str, fmt: str) -> bool:
    from datetime import datetime

    try:
        datetime.strptime(value.strip(), fmt)
        return True
    except ValueError:
        return False


def _mostly(values: pd.Series, test) -> bool:
    counts = values.value_counts()
    ok = sum(n for v, n in counts.items() if test(v))
    return ok >= MOSTLY * counts.sum()


def _plan(values: pd.Series, where: Where, column, has_format: bool):
    """What a column's values are (before any conversion): ``("number", tokens)``,
    ``("code", note key, example)``, ``("date",)``, ``("bool", mapping)`` or ``("text",)``.
    A column mostly of numbers or dates with some other values is an error here."""
    present = values.dropna()
    if present.empty:
        return ("text",)
    error = excel_errors(values)
    if error is not None:
        _excel_error(values, where, column, error)
    if has_format:
        return ("date",)
    lowered = {v.strip().lower() for v in present.unique()}
    for mapping in EXCEL_BOOLEANS:
        if lowered <= set(mapping):
            return ("bool", mapping)
    fast = plain(values)
    if fast is not None:
        for example, key in ((fast.zero, "data.note.code_zero"), (fast.long, "data.note.code_long"),
                             (fast.plus, "data.note.code_phone")):
            if example is not None:
                return ("code", key, example)
        return ("number", fast)
    first, toks = number_tokens(values)
    counts = present.value_counts()
    numbers = sum(n for v, n in counts.items() if toks[v] is not None)
    if numbers == len(present):
        return _number_or_code(first, toks)
    if numbers >= max(2, MOSTLY * len(present)):
        bad = next(v for v in first if toks[v] is None)
        _mostly_error(values, where, column, bad, "data.error.not_number")
    dates = {v: parse_date(v) for v in first}
    dated = sum(n for v, n in counts.items() if dates[v] is not None)
    if dated == len(present):
        return ("date",)
    if dated >= max(2, MOSTLY * len(present)):
        bad = next(v for v in first if dates[v] is None)
        _mostly_error(values, where, column, bad, "data.error.not_date")
    return ("text",)


def _number_or_code(first, toks):
    for value in first:
        token = toks[value]
        if token.leading_zero:
            return ("code", "data.note.code_zero", value)
    for value in first:
        token = toks[value]
        body = token.body
        if body.kind in ("int", "thou") and token.exponent is None:
            if len(body.whole) >= LONG_CODE:
                return ("code", "data.note.code_long", value)
            if token.sign == "lead" and not token.negative and len(body.whole) >= PHONE_DIGITS:
                return ("code", "data.note.code_phone", value)
    return ("number", (first, toks))


def _mostly_error(values, where, column, bad, key):
    from .values import parse_number as _p

    other = values.dropna()
    mask = other.map(lambda v: (_p(v) is None) if key == "data.error.not_number"
                     else (parse_date(v) is None)).astype(bool)
    full = pd.Series(False, index=values.index)
    full[mask[mask].index] = True
    lines = where.rows(full)
    raise DataError(key, file=where.file, column=column, example=str(bad).strip(),
                    where=lines.text(), lines=", ".join(map(str, lines.numbers)),
                    fix_na=call("na_values", [str(bad).strip()]),
                    fix_text=call("dtype", {column: "str"}))


# ----------------------------------------------------------------------------- notes

_GROUP_KEYS = {"'": "apostrophe", ".": "point", ",": "comma"}


def _file_notes(decoded, sep, sep_found, decimal, thousands, conversions, table, where,
                options, sep_note=None) -> list[Note]:
    """Notes on the encoding, separator, decimal mark and thousands separator the reader
    found (what the student gave needs no note); ``options`` gets what was used."""
    notes = []
    if decoded.detected and decoded.encoding not in ("utf-8", "utf-8-sig", "ascii"):
        notes.append(Note("data.note.encoding", {"encoding": decoded.encoding,
                                                 "what": Note(decoded.what),
                                                 "fix": call("encoding", decoded.encoding)}))
    if sep_note:
        notes.append(sep_note)
    elif sep_found and sep != ",":
        notes.append(Note("data.note.sep", {"sep": sniff.sep_name(sep),
                                            "fix": call("sep", sep)}))
    used = next(((c, conv.decimal) for c, conv in conversions.items() if conv.decimal), None)
    if used and options["decimal"] is None:
        options["decimal"] = used[1][0]
    if decimal is None and used and used[1][0] == ",":
        column, (_mark, value) = used
        notes.append(Note("data.note.decimal", {
            "column": column, "example": value, "where": where.rows(table[column] == value),
            "fix": call("decimal", ",")}))
    groups: dict = {}
    for column, conv in conversions.items():
        for group, value in conv.groups.items():
            groups.setdefault(group, (column, value))
    for group, (column, value) in groups.items():
        if group == "\u066c":
            continue  # the Arabic thousands separator: no other reading, no option
        if group == " ":
            key = "nbsp" if "\u00a0" in value else (
                "narrow" if "\u202f" in value or "\u2009" in value else "space")
        else:
            key = _GROUP_KEYS[group]
        if options["thousands"] is None:
            options["thousands"] = group
        if thousands is None:
            notes.append(Note("data.note.thousands", {
                "column": column, "example": value, "name": Note(f"data.group.{key}"),
                "where": where.rows(table[column] == value), "fix": call("thousands", group)}))
    return notes


def _call(file: str, options: dict, skiprows: int) -> str:
    """The call that reads the file the same way with everything said explicitly."""
    parts = [f'"{file}"']
    encoding = options["encoding"]
    if encoding not in ("utf-8", "utf-8-sig", "ascii"):
        parts.append(call("encoding", encoding))
    if options["sep"] != ",":
        parts.append(call("sep", options["sep"]))
    if options["decimal"] == ",":
        parts.append(call("decimal", ","))
    if options["thousands"]:
        parts.append(call("thousands", options["thousands"]))
    if skiprows:
        parts.append(call("skiprows", skiprows))
    return "read_csv(" + ", ".join(parts) + ")"
