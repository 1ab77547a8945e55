"""Type-check a table against a data card's columns, converting text to typed columns.

Each column is converted only when every value converts; otherwise the error names the
file, the column, the problem and the first offending rows (as numbered in the file,
the header being line 1). Nothing is coerced to a missing value in secret.
"""

from __future__ import annotations

import pandas as pd

from ..errors import DataError
from .reader import DECIMAL_COMMA, to_number

TYPES = ("int", "float", "string", "category", "datetime", "bool")
BOOLEANS = {"true": True, "false": False, "1": True, "0": False}


def _lines(mask: pd.Series, limit: int = 5) -> str:
    """File line numbers of the rows where ``mask`` is true (header = line 1)."""
    rows = [int(i) + 2 for i in mask[mask].index[:limit]]
    more = "…" if int(mask.sum()) > limit else ""
    return ", ".join(map(str, rows)) + more


def _convert(values: pd.Series, kind: str, spec: dict, file: str, column: str,
             decimal: str, thousands: str | None) -> pd.Series:
    present = values.notna()
    if kind in ("int", "float"):
        numbers = to_number(values, decimal, thousands)
        bad = present & numbers.isna()
        if bad.any():
            example = values[bad].iloc[0]
            key = ("data.error.decimal_comma" if decimal == "." and DECIMAL_COMMA.match(example)
                   else "data.error.not_number")
            raise DataError(key, file=file, column=column, example=example, rows=_lines(bad))
        if kind == "int":
            fractional = present & (numbers % 1 != 0)
            if fractional.any():
                raise DataError("data.error.not_integer", file=file, column=column,
                                example=values[fractional].iloc[0], rows=_lines(fractional))
            return numbers.astype("Int64" if values.isna().any() else "int64")
        return numbers.astype("float64")
    if kind == "datetime":
        dates = pd.to_datetime(values, errors="coerce", format=spec.get("format", "ISO8601"))
        bad = present & dates.isna()
        if bad.any():
            raise DataError("data.error.not_date", file=file, column=column,
                            example=values[bad].iloc[0], rows=_lines(bad))
        return dates
    if kind == "bool":
        mapped = values.str.lower().map(BOOLEANS)
        bad = present & mapped.isna()
        if bad.any():
            raise DataError("data.error.not_bool", file=file, column=column,
                            example=values[bad].iloc[0], rows=_lines(bad))
        return mapped.astype("boolean" if values.isna().any() else "bool")
    if kind == "category":
        allowed = spec.get("categories")
        if allowed is not None:
            bad = present & ~values.isin([str(a) for a in allowed])
            if bad.any():
                raise DataError("data.error.unknown_category", file=file, column=column,
                                example=values[bad].iloc[0], rows=_lines(bad),
                                allowed=", ".join(map(str, allowed)))
            return pd.Categorical(values, categories=[str(a) for a in allowed])
        return values.astype("category")
    return values.astype("string")


def apply_schema(table: pd.DataFrame, columns: dict, file: str, decimal: str = ".",
                 thousands: str | None = None) -> pd.DataFrame:
    """The table with the card's columns, in card order, each of its declared type."""
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise DataError("data.error.missing_column", file=file, column=", ".join(missing),
                        found=", ".join(map(str, table.columns)))
    out = {}
    for column, spec in columns.items():
        kind = spec.get("type", "string")
        if kind not in TYPES:
            raise DataError("error.unknown_choice", value=kind, name=f"{file}: {column}.type",
                            choices=", ".join(TYPES))
        values = table[column]
        if values.dtype == object or str(values.dtype) in ("str", "string"):
            out[column] = _convert(values, kind, spec, file, column, decimal, thousands)
        else:
            out[column] = _check_typed(values, kind, file, column)
    return pd.DataFrame(out)


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
