"""Columns of text made into typed columns, checked value by value.

Used two ways: with a data card's schema (:func:`apply_schema`: every column has its
declared type, or the error says which value in which line is not of it), and by the
reader for a student's file without a schema (:mod:`mcourse.data.reader` decides which
columns are numbers or dates and calls the same conversions).

The rules, for numbers (see :mod:`mcourse.data.values` for the written forms):

* A file has one decimal mark. It is the one the student gives (``decimal=``), or the one
  the values show: ``12,5`` can only have a decimal comma, ``1.234,5`` a decimal comma and
  a point between thousands, ``1.234.567`` points between thousands. Two marks in one
  column, or in two columns of one file, are an error naming both values and lines.
* ``1,234`` or ``1.234`` (one mark, three digits after it) is read with the file's decimal
  mark when that mark is the same character; as thousands when the column itself groups
  thousands with that mark (``1.234.567``), when ``thousands=`` says so, or when the
  values carry a currency whose amounts never have three decimals (DZD, PLN, EUR, USD).
  Otherwise it is an error showing both readings: the reader never picks one.
* Percentages are shares (``12,5 %`` → 0.125) and a column is all percentages or none;
  a column has one currency.

Line numbers in messages are the file's own (a value on the line after the header is on
line 2; a value inside a quoted cell spanning lines is on the line where its row starts).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..errors import DataError
from .report import Lines, Note, call, lines_where, where_text
from .values import Number, is_excel_error, parse_date, parse_number

TYPES = ("int", "float", "string", "category", "datetime", "bool")
BOOLEANS = {"true": True, "false": False, "1": True, "0": False}
EXCEL_BOOLEANS = ({"true": True, "false": False}, {"prawda": True, "fałsz": False},
                  {"vrai": True, "faux": False})
"""TRUE/FALSE as English, Polish and French Excel write them."""
CURRENCY_DECIMALS = {"DZD": 2, "PLN": 2, "EUR": 2, "USD": 2, "GBP": 2}
DTYPE_NAMES = {str: "string", "str": "string", "string": "string", "text": "string",
               object: "string", int: "int", "int": "int", "int64": "int", float: "float",
               "float": "float", "float64": "float", bool: "bool", "bool": "bool",
               "datetime": "datetime", "date": "datetime", "datetime64[ns]": "datetime",
               "category": "category"}


@dataclass
class Where:
    """The file and the line of each row of a table, for messages about a column."""

    file: str
    lines: list[int] | None = None

    def line(self, position: int) -> int:
        return self.lines[position] if self.lines is not None else position + 2

    def rows(self, mask) -> Lines:
        lines = self.lines if self.lines is not None else [i + 2 for i in range(len(mask))]
        return lines_where(mask, lines)


@dataclass
class Converted:
    """A typed column and what the student should be told about it."""

    values: pd.Series
    kind: str
    notes: list[Note] = field(default_factory=list)
    decimal: tuple[str, str] | None = None          # the decimal mark used, first value
    groups: dict[str, str] = field(default_factory=dict)  # thousands marks used → value


def _first(values: pd.Series) -> pd.Series:
    """Each distinct present value once, indexed by the position where it first appears."""
    return values[values.notna()].drop_duplicates()


def _error(key: str, where: Where, column, values: pd.Series, example, **extra):
    mask = values == example
    raise DataError(key, file=where.file, column=column, example=example,
                    **where_text(where.rows(mask)), **extra)


# ----------------------------------------------------------------------------- numbers

@dataclass
class Evidence:
    """What the distinct values of a column show about its marks (value → first position)."""

    decimal: dict[str, str] = field(default_factory=dict)
    group: dict[str, str] = field(default_factory=dict)
    ambiguous: dict[str, str] = field(default_factory=dict)


def number_tokens(values: pd.Series) -> tuple[pd.Series, dict[str, Number | None]]:
    first = _first(values)
    return first, {v: parse_number(v) for v in first}


@dataclass
class Plain:
    """A column of plain numbers (digits, a sign, at most one point or one comma), read
    at once by pandas instead of value by value; what its values show about its mark."""

    mark: str | None          # the point or comma the fractions use (None: all whole)
    certain: str | None       # first value where that mark can only be the decimal mark
    ambiguous: str | None     # first value such as 1.234 (decimal mark or thousands?)
    zero: str | None          # first whole number written with a leading zero
    long: str | None          # first whole number of 16 digits or more
    plus: str | None          # first number written with + and 8 digits or more

    def evidence(self) -> Evidence:
        found = Evidence()
        if self.mark and self.certain:
            found.decimal[self.mark] = self.certain
        if self.mark and self.ambiguous:
            found.ambiguous[self.mark] = self.ambiguous
        return found


def _first_match(values: pd.Series, mask) -> str | None:
    hits = values[mask]
    return None if hits.empty else hits.iloc[0]


def plain(values: pd.Series) -> Plain | None:
    """The column as :class:`Plain` numbers, or ``None`` when a value needs reading on
    its own (spaces, signs after the number, currencies, percentages...)."""
    present = values.dropna()
    if present.empty:
        return None
    text = present.astype(object)
    whole = text.str.fullmatch(r"[+-]?\d+").astype(bool)
    rest = text[~whole]
    mark = None
    if not rest.empty:
        for candidate, pattern in ((".", r"[+-]?\d*\.\d+"), (",", r"[+-]?\d*,\d+")):
            if rest.str.fullmatch(pattern).astype(bool).all():
                mark = candidate
                break
        else:
            return None
    ambiguous = certain = None
    if mark:
        m = "\\" + mark if mark == "." else mark
        amb = rest.str.fullmatch(r"[+-]?[1-9]\d{0,2}" + m + r"\d{3}").astype(bool)
        ambiguous, certain = _first_match(rest, amb), _first_match(rest, ~amb)
    ints = text[whole]
    digits = ints.str.lstrip("+-")
    return Plain(mark, certain, ambiguous,
                 _first_match(ints, digits.str.fullmatch(r"0\d+").astype(bool)),
                 _first_match(ints, digits.str.len() >= 16),
                 _first_match(ints, ints.str.startswith("+") & (digits.str.len() >= 8)))


def _plain_numbers(values: pd.Series, fast: Plain, decimal: str | None,
                   thousands: str | None, given_decimal: bool) -> Converted | None:
    """The column converted by pandas when nothing in it needs a decision; ``None`` sends
    it to the value-by-value reading, which decides or explains."""
    own = fast.mark if fast.certain else None
    if thousands in (".", ",") or (given_decimal and decimal and own and own != decimal):
        return None
    mark = decimal if given_decimal and decimal else (own or decimal)
    if fast.ambiguous and fast.mark != mark:
        return None
    if fast.mark and mark and fast.mark != mark:
        return None
    text = values if fast.mark != "," else values.str.replace(",", ".", regex=False)
    try:
        numbers = pd.to_numeric(text)
    except (ValueError, TypeError):
        return None
    whole = fast.mark is None
    if whole and values.notna().all():
        if fast.long:
            return None
        series, kind = numbers.astype("int64"), "int"
    else:
        series, kind = numbers.astype("float64"), "int" if whole else "float"
    used = (fast.mark, fast.certain or fast.ambiguous) if fast.mark else None
    return Converted(series, kind, [], used, {})


def evidence(first: pd.Series, tokens: dict) -> Evidence:
    found = Evidence()
    for value in first:
        body = tokens[value].body
        if body.kind in ("dec", "both") and body.decimal in ".,":
            found.decimal.setdefault(body.decimal, value)
        if body.kind in ("thou", "both"):
            found.group.setdefault(body.group, value)
        if body.kind == "ambig":
            found.ambiguous.setdefault(body.mark, value)
    return found


def check_marks(found: Evidence, where: Where, column, values: pd.Series) -> None:
    """One column, one way of writing numbers: two decimal marks, or a mark used both as
    the decimal and between thousands, is an error naming both values."""
    pairs = []
    if len(found.decimal) > 1:
        pairs.append((found.decimal["."], found.decimal[","]))
    for mark in set(found.decimal) & set(found.group):
        pairs.append((found.decimal[mark], found.group[mark]))
    if len(found.group) > 1:
        pairs.append((found.group["."], found.group[","]))
    if pairs:
        a, b = sorted(pairs[0], key=lambda v: int(values.eq(v).to_numpy().argmax()))
        raise DataError("data.error.mixed_decimal", file=where.file, column=column, a=a, b=b,
                        where_a=where.rows(values == a).text(),
                        where_b=where.rows(values == b).text(),
                        fix=call("dtype", {column: "str"}))


def file_decimal(found: dict, where: Where, columns: dict) -> tuple[str, str, str] | None:
    """The file's decimal mark from its numeric columns' evidence: (mark, column, value),
    or ``None`` when no value shows it. Two columns disagreeing is an error."""
    seen: dict[str, tuple[str, str]] = {}
    for column, ev in found.items():
        for mark, value in ev.decimal.items():
            seen.setdefault(mark, (column, value))
    if len(seen) > 1:
        (ca, a), (cb, b) = seen["."], seen[","]
        raise DataError("data.error.mixed_decimal_file", file=where.file, column_a=ca, a=a,
                        where_a=where.rows(columns[ca] == a).text(), column_b=cb, b=b,
                        where_b=where.rows(columns[cb] == b).text())
    if seen:
        mark, (column, value) = next(iter(seen.items()))
        return mark, column, value
    groups = {}
    for column, ev in found.items():
        for mark, value in ev.group.items():
            groups.setdefault(mark, (column, value))
    if len(groups) == 1:  # 1.234.567: points between thousands, so the decimal is a comma
        mark, (column, value) = next(iter(groups.items()))
        return ("," if mark == "." else "."), column, value
    return None


def to_numbers(values: pd.Series, where: Where, column, *, decimal: str | None = None,
               thousands: str | None = None, given_decimal: bool = False,
               tokens: tuple | None = None, want: str = "number") -> Converted:
    """Numbers from a column of text whose every present value is written as a number
    (the caller checks that); ``decimal`` is the file's mark (given or found)."""
    fast = tokens if isinstance(tokens, Plain) else (plain(values) if tokens is None else None)
    if fast is not None:
        converted = _plain_numbers(values, fast, decimal, thousands, given_decimal)
        if converted is not None:
            return converted
    first, toks = tokens if isinstance(tokens, tuple) else number_tokens(values)
    bad = [v for v in first if toks[v] is None]
    if bad:
        _not_number(values, where, column, bad[0], decimal, want)
    found = evidence(first, toks)
    check_marks(found, where, column, values)
    own = next(iter(found.decimal), None)
    if given_decimal and decimal:
        if own and own != decimal:
            key = "data.error.decimal_comma" if own == "," else "data.error.decimal_point"
            _error(key, where, column, values, found.decimal[own], fix=call("decimal", own),
                   given=call("decimal", decimal))
        if decimal in found.group:
            _error("data.error.decimal_given", where, column, values, found.group[decimal],
                   given=call("decimal", decimal), fix=call("thousands", decimal))
    mark = decimal if given_decimal and decimal else (own or decimal)
    group = next(iter(found.group), None)
    if thousands in (".", ","):
        if group and group != thousands:
            _error("data.error.decimal_given", where, column, values, found.group[group],
                   given=call("thousands", thousands), fix=call("thousands", group))
        if mark == thousands:
            raise DataError("data.error.same_marks", file=where.file,
                            fix=call("thousands", thousands))
        group = thousands
    currencies = {t.currency for t in toks.values() if t.currency}
    money = bool(currencies) and all(CURRENCY_DECIMALS.get(c, 3) <= 2 for c in currencies)
    resolved: dict[str, str] = {}
    notes: list[Note] = []
    for amb, example in found.ambiguous.items():
        if money and amb != mark:
            resolved[amb] = "group"
            symbol = next(t.symbol for t in toks.values() if t.currency)
            notes.append(Note("data.note.thousands_money", {
                "column": column, "example": example, "currency": symbol,
                "where": where.rows(values == example)}))
        elif amb == mark:
            resolved[amb] = "decimal"
        elif amb == group:
            resolved[amb] = "group"
        else:
            _ambiguous(values, where, column, example, amb, mark)
    numbers = {}
    for value in first:
        token = toks[value]
        body = token.body
        use = body.mark if body.kind == "ambig" and resolved.get(body.mark) == "decimal" else mark
        numbers[value] = token.value(use)
    _check_forms(values, first, toks, where, column)
    converted = values.map(numbers)
    whole = all(toks[v].whole_number(body_mark(toks[v], resolved, mark)) for v in first)
    if whole and values.notna().all():
        try:
            series = converted.astype("int64")
            kind = "int"
        except (OverflowError, ValueError):
            series, kind = converted.astype("float64"), "float"
    else:
        series = converted.astype("float64")
        kind = "int" if whole else "float"
    notes = _form_notes(values, first, toks, where, column, series) + notes
    used = _decimal_used(first, toks, resolved, mark)
    groups = _groups_used(first, toks, resolved)
    return Converted(series, kind, notes, used, groups)


def body_mark(token: Number, resolved: dict, mark: str | None) -> str | None:
    body = token.body
    if body.kind == "ambig":
        return body.mark if resolved.get(body.mark) == "decimal" else None
    return mark


def _decimal_used(first, toks, resolved, mark) -> tuple[str, str] | None:
    for value in first:
        body = toks[value].body
        if body.kind in ("dec", "both") and body.decimal in ".,":
            return body.decimal, value
        if body.kind == "ambig" and resolved.get(body.mark) == "decimal":
            return body.mark, value
    return None


def _groups_used(first, toks, resolved) -> dict[str, str]:
    groups: dict[str, str] = {}
    for value in first:
        body = toks[value].body
        if body.group:
            groups.setdefault(body.group, value)
        elif body.kind == "ambig" and resolved.get(body.mark) == "group":
            groups.setdefault(body.mark, value)
    return groups


def _not_number(values, where, column, example, decimal, want):
    if is_excel_error(example):
        _excel_error(values, where, column, example)
    text = str(example).strip()
    if decimal in (None, ".") and parse_number(text.replace(",", ".", 1)) and "," in text:
        _error("data.error.decimal_comma", where, column, values, example,
               fix=call("decimal", ","), given=call("decimal", "."))
    _error("data.error.not_number", where, column, values, example,
           fix_na=call("na_values", [text]), fix_text=call("dtype", {column: "str"}))


def excel_errors(values: pd.Series) -> str | None:
    """The first Excel error cell (#N/A, #DIV/0!...) of a column of text, if any."""
    cells = [v for v in values.tolist() if isinstance(v, str)]
    if "#" not in "".join(cells):  # one pass in C: most columns have no # at all
        return None
    return next((v for v in cells if "#" in v and is_excel_error(v)), None)


def _excel_error(values, where, column, example):
    mask = values.map(lambda v: v is not None and is_excel_error(v)).astype(bool)
    kinds = sorted({str(v).strip() for v in values[mask]})
    raise DataError("data.error.excel_error", file=where.file, column=column,
                    example=str(example).strip(), **where_text(where.rows(mask)),
                    fix=call("na_values", kinds))


def _ambiguous(values, where, column, example, amb, mark):
    token = parse_number(example)
    as_decimal = token.value(amb)
    as_group = token.value(None)
    key = "data.error.ambiguous_number" if mark is None else "data.error.ambiguous_group"
    from ..i18n.formatting import fmt_decimal

    _error(key, where, column, values, example, mark=amb,
           as_decimal=fmt_decimal(as_decimal, 6), as_group=fmt_decimal(as_group, 6),
           fix_decimal=call("decimal", amb), fix_group=call("thousands", amb),
           decimal=call("decimal", mark) if mark else "")


def _check_forms(values, first, toks, where, column) -> None:
    percent = [v for v in first if toks[v].percent]
    plain = [v for v in first if not toks[v].percent]
    if percent and plain:
        raise DataError("data.error.mixed_percent", file=where.file, column=column,
                        a=percent[0], where_a=where.rows(values == percent[0]).text(),
                        b=plain[0], where_b=where.rows(values == plain[0]).text())
    codes: dict[str, str] = {}
    for v in first:
        if toks[v].currency:
            codes.setdefault(toks[v].currency, v)
    if len(codes) > 1:
        (_, a), (_, b) = list(codes.items())[:2]
        raise DataError("data.error.mixed_currency", file=where.file, column=column,
                        a=a, where_a=where.rows(values == a).text(),
                        b=b, where_b=where.rows(values == b).text())
    rounded = [v for v in first if toks[v].exponent is not None and toks[v].exponent >= 11
               and toks[v].mantissa_digits <= 6]
    if rounded:
        _error("data.error.excel_rounded", where, column, values, rounded[0],
               fix=call("dtype", {column: "float"}))


def _form_notes(values, first, toks, where, column, series) -> list[Note]:
    notes = []

    def note(key, test, **extra):
        hits = [v for v in first if test(toks[v])]
        if hits:
            example = hits[0]
            mask = values == example
            shown = series[values == example].iloc[0]
            notes.append(Note(key, {"column": column, "example": example,
                                    "value": float(shown) if pd.notna(shown) else shown,
                                    "where": where.rows(mask), **extra}))

    note("data.note.percent", lambda t: t.percent)
    symbol = next((toks[v].symbol for v in first if toks[v].currency), None)
    if symbol:
        note("data.note.currency", lambda t: t.currency is not None, currency=symbol)
    note("data.note.trailing_minus", lambda t: t.sign == "trail")
    note("data.note.parentheses", lambda t: t.sign == "paren")
    note("data.note.arabic_digits", lambda t: t.arabic_digits)
    return notes


# ----------------------------------------------------------------------------- dates

def to_dates(values: pd.Series, where: Where, column, *, dayfirst: bool | None = None,
             date_format: str | None = None) -> Converted:
    """Dates from a column of text. Day/month order: given (``dayfirst=``), or shown by a
    value (15/03/2024 can only be day first), or day first for dates with dots (the only
    order written with dots); otherwise ``03/04/2024`` is an error: 3 April or 4 March?"""
    first = _first(values)
    if date_format:
        return _dates_in_format(values, first, where, column, date_format)
    toks = {v: parse_date(v) for v in first}
    bad = [v for v in first if toks[v] is None]
    if bad:
        if is_excel_error(bad[0]):
            _excel_error(values, where, column, bad[0])
        _error("data.error.not_date", where, column, values, bad[0],
               fix_na=call("na_values", [str(bad[0]).strip()]),
               fix_text=call("dtype", {column: "str"}))
    two = [v for v in first if len(toks[v].year) == 2]
    if two:
        t = toks[two[0]]
        guess = ("%d" if t.a > 12 else "%m") + t.sep + ("%m" if t.a > 12 else "%d") + \
            t.sep + "%y"
        _error("data.error.date_two_digit", where, column, values, two[0],
               fix=call("date_format", {column: f'"{guess}"'}))
    xy = [v for v in first if toks[v].order == "xy"]
    day = next((v for v in xy if toks[v].a > 12 >= toks[v].b), None)
    month = next((v for v in xy if toks[v].b > 12 >= toks[v].a), None)
    reason, example = None, None
    if day and month:
        raise DataError("data.error.date_order", file=where.file, column=column, a=day,
                        where_a=where.rows(values == day).text(), b=month,
                        where_b=where.rows(values == month).text())
    if dayfirst is not None:
        against = month if dayfirst else day
        if against:
            _error("data.error.date_dayfirst", where, column, values, against,
                   given=call("dayfirst", bool(dayfirst)), fix=call("dayfirst", not dayfirst))
        order = bool(dayfirst)
    elif day or month:
        order, reason, example = bool(day), "shown", day or month
    elif xy and all(toks[v].sep == "." for v in xy):
        order, reason, example = True, "dots", xy[0]
    else:
        unclear = next((v for v in xy if toks[v].a != toks[v].b), None)
        if unclear:
            t = toks[unclear]
            from ..i18n.formatting import fmt_date

            _error("data.error.date_ambiguous", where, column, values, unclear,
                   as_dayfirst=fmt_date(t.build(True)), as_monthfirst=fmt_date(t.build(False)),
                   fix_day=call("dayfirst", True), fix_month=call("dayfirst", False))
        order = True
    built = {v: toks[v].build(order) for v in first}
    invalid = [v for v in first if built[v] is None]
    if invalid:
        _error("data.error.not_date", where, column, values, invalid[0],
               fix_na=call("na_values", [str(invalid[0]).strip()]),
               fix_text=call("dtype", {column: "str"}))
    series = pd.to_datetime(values.map(built))
    if xy:
        label = "data.order.dmy" if order else "data.order.mdy"
    else:
        label = "data.order.ymd"
    shown = example or (xy[0] if xy else first.iloc[0])
    reason_key = {None: "data.date_reason.none", "shown": "data.date_reason.shown",
                  "dots": "data.date_reason.dots"}[reason]
    if dayfirst is not None:
        reason_key = "data.date_reason.given"
    from ..i18n.formatting import fmt_date

    note = Note("data.note.dates", {
        "column": column, "order": Note(label), "example": shown,
        "date": fmt_date(built[shown]), "where": where.rows(values == shown),
        "reason": Note(reason_key, {"example": shown})})
    return Converted(series, "datetime", [note])


def _dates_in_format(values, first, where, column, fmt) -> Converted:
    from datetime import datetime

    built = {}
    for v in first:
        try:
            built[v] = datetime.strptime(str(v).strip(), fmt)
        except ValueError:
            _error("data.error.not_date_format", where, column, values, v, format=fmt,
                   fix_na=call("na_values", [str(v).strip()]))
    return Converted(pd.to_datetime(values.map(built)), "datetime", [])


# ----------------------------------------------------------------------------- schema

def _convert(values: pd.Series, kind: str, spec: dict, where: Where, column: str,
             decimal: str | None, thousands: str | None, given_decimal: bool,
             dayfirst: bool | None, excel: bool = True) -> Converted:
    present = values.notna()
    if excel:
        found = excel_errors(values)
        if found is not None:
            _excel_error(values, where, column, found)
    if kind in ("int", "float"):
        fast = _fast_numbers(values, present, decimal, thousands, given_decimal)
        converted = fast if fast is not None else to_numbers(
            values, where, column, decimal=decimal, thousands=thousands,
            given_decimal=given_decimal, want=kind)
        if kind == "int":
            fractional = present & converted.values.notna() & (converted.values % 1 != 0)
            if fractional.any():
                _error("data.error.not_integer", where, column, values,
                       values[fractional].iloc[0])
            numbers = converted.values
            converted.values = numbers.astype("Int64" if numbers.isna().any() else "int64")
        else:
            converted.values = converted.values.astype("float64")
        return converted
    if kind == "datetime":
        if spec.get("format"):
            dates = pd.to_datetime(values, errors="coerce", format=spec["format"])
            bad = present & dates.isna()
            if bad.any():
                _error("data.error.not_date_format", where, column, values,
                       values[bad].iloc[0], format=spec["format"],
                       fix_na=call("na_values", [str(values[bad].iloc[0]).strip()]))
            return Converted(dates, "datetime")
        dates = pd.to_datetime(values, errors="coerce", format="ISO8601")
        if not (present & dates.isna()).any():
            return Converted(dates, "datetime")
        return to_dates(values, where, column, dayfirst=dayfirst)
    if kind == "bool":
        mapped = values.str.strip().str.lower().map(BOOLEANS)
        bad = present & mapped.isna()
        if bad.any():
            _error("data.error.not_bool", where, column, values, values[bad].iloc[0])
        return Converted(mapped.astype("boolean" if values.isna().any() else "bool"), "bool")
    if kind == "category":
        allowed = spec.get("categories")
        if allowed is not None:
            bad = present & ~values.isin([str(a) for a in allowed])
            if bad.any():
                _error("data.error.unknown_category", where, column, values,
                       values[bad].iloc[0], allowed=", ".join(map(str, allowed)))
            return Converted(pd.Series(pd.Categorical(values, categories=[str(a) for a in
                                                                          allowed]),
                                       index=values.index), "category")
        return Converted(values.astype("category"), "category")
    return Converted(values.astype("string"), "string")


_PLAIN = r"[+-]?\d+(?:\.\d+)?"


def _fast_numbers(values, mask, decimal, thousands, given_decimal) -> Converted | None:
    """Plain numbers with a decimal point the file is known to use (the course's own
    files): converted at once by pandas instead of value by value."""
    if decimal != "." or not given_decimal or thousands:
        return None
    present = values[mask]
    if not present.str.fullmatch(_PLAIN).all():
        return None
    numbers = pd.to_numeric(values)
    whole = bool((numbers[mask] % 1 == 0).all()) and "." not in "".join(present.tolist())
    if whole and mask.all():
        return Converted(numbers.astype("int64"), "int")
    return Converted(numbers.astype("float64"), "int" if whole else "float")


def dtype_kind(value, file: str, column) -> str:
    """The schema type of a ``dtype=`` entry (``str``, ``int``, ``"datetime"``...)."""
    kind = DTYPE_NAMES.get(value)
    if kind is None and isinstance(value, str):
        kind = DTYPE_NAMES.get(value.lower())
    if kind is None:
        raise DataError("error.unknown_choice", value=str(value), name=f"dtype[{column!r}]",
                        choices="str, int, float, bool, \"datetime\", \"category\"")
    return kind


def numeric_evidence(table: pd.DataFrame, names, where: Where) -> dict[str, Evidence]:
    """Evidence about the marks of each column in ``names`` whose values are all numbers;
    a column mixing marks is an error here already."""
    found = {}
    for column in names:
        fast = plain(table[column])
        if fast is not None:
            found[column] = fast.evidence()
            continue
        first, toks = number_tokens(table[column])
        if not first.empty and all(toks[v] is not None for v in first):
            ev = evidence(first, toks)
            check_marks(ev, where, column, table[column])
            found[column] = ev
    return found


def apply_schema(table: pd.DataFrame, columns: dict, file: str, decimal: str | None = None,
                 thousands: str | None = None, *, lines: list[int] | None = None,
                 given_decimal: bool | None = None, dayfirst: bool | None = None,
                 conversions: dict | None = None, excel: bool = True) -> pd.DataFrame:
    """The table with the card's columns, in card order, each of its declared type.

    ``decimal`` given (e.g. ``"."`` for the course's own files) is the file's decimal
    mark; without it the values show it (see the module's rules). ``lines`` are the file
    lines of the rows (default: row i on line i + 2). ``conversions``, when a dict is
    given, receives each converted column with its notes (dates, percentages...).
    """
    where = Where(file, lines)
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise DataError("data.error.missing_column", file=file, column=", ".join(missing),
                        found=", ".join(map(str, table.columns)))
    twice = [c for c in columns if list(table.columns).count(c) > 1]
    if twice:
        raise DataError("data.error.duplicate_column", file=file, column=twice[0])
    given = decimal is not None if given_decimal is None else given_decimal
    for column, spec in columns.items():
        kind = spec.get("type", "string")
        if kind not in TYPES:
            raise DataError("error.unknown_choice", value=kind, name=f"{file}: {column}.type",
                            choices=", ".join(TYPES))
    textual = [c for c, s in columns.items() if s.get("type") in ("int", "float")
               and _is_text(table[c])]
    mark = decimal
    if not (given and decimal):
        fast = decimal is None and all(_plain(table[c]) for c in textual)
        if textual and not fast:
            found = file_decimal(numeric_evidence(table, textual, where), where,
                                 {c: table[c] for c in textual})
            mark = found[0] if found else None
    out = {}
    for column, spec in columns.items():
        kind = spec.get("type", "string")
        values = table[column]
        if _is_text(values):
            converted = _convert(values.reset_index(drop=True), kind, spec, where, column,
                                 mark, thousands, given and decimal is not None, dayfirst,
                                 excel)
            converted.values.index = values.index
            out[column] = converted.values
            if conversions is not None:
                conversions[column] = converted
        else:
            out[column] = _check_typed(values, kind, file, column)
    return pd.DataFrame(out, index=table.index)


def _plain(values: pd.Series) -> bool:
    """Whether every present value is a plain number with no point or comma that could be
    read two ways (then no decimal mark needs finding)."""
    present = values.dropna()
    return bool(present.str.fullmatch(r"[+-]?\d+(?:\.\d{1,2}|\.\d{4,})?").all())


def _is_text(values: pd.Series) -> bool:
    return values.dtype == object or str(values.dtype) in ("str", "string")


def _check_typed(values: pd.Series, kind: str, file: str, column: str) -> pd.Series:
    """A column already typed (data from a Python loader): check it, cast categories."""
    ok = {"int": pd.api.types.is_integer_dtype, "float": pd.api.types.is_numeric_dtype,
          "datetime": pd.api.types.is_datetime64_any_dtype, "bool": pd.api.types.is_bool_dtype,
          "category": lambda s: True, "string": lambda s: True}[kind](values)
    if not ok:
        raise DataError("data.error.wrong_type", file=file, column=column, expected=kind,
                        found=str(values.dtype))
    if kind == "category":
        return values.astype("category")
    if kind == "float":
        return values.astype("float64")
    return values
