"""How one cell of text reads: a number in any of the ways Excel and people write numbers,
a date with its order, an Excel error, or plain text.

The functions here look at one value and say every reading it allows; the reader
(:mod:`mcourse.data.reader`) puts the values of a column together and decides, or refuses
to decide. A value such as ``1,234`` allows two readings (1.234 with a decimal comma, 1234
with a comma between thousands); ``12,5`` allows one; ``1 200,00`` one (a space can only
group thousands).

Written forms understood (each one noted to the student when used):

* decimal comma or point; thousands grouped by a space, a no-break space (U+00A0), a
  narrow no-break space (U+202F), a thin space, an apostrophe, a point or a comma;
* Arabic-Indic (٠١٢٣) and Eastern Arabic-Indic (۰۱۲۳) digits, the Arabic decimal
  separator ٫ and thousands separator ٬, the Arabic percent sign ٪;
* a sign before the number (``-``, ``+``, the minus sign ``−``), after it (``150,00-``, as
  accounting exports write it) or parentheses around it (``(150,00)``);
* a percent sign (``12,5 %`` is the share 0,125);
* a currency before or after it (``1 200 zł``, ``1.200 دج``, ``€12``, ``12 PLN``);
* bidi marks (LRM, RLM, ALM) that Arabic exports put around numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

BIDI = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069\ufeff]")
SPACES = "\u0020\u00a0\u202f\u2009\u2007"
"""Characters that group thousands as a space does (space, no-break, narrow, thin, figure)."""
_SPACE_RE = re.compile("[\u0020\u00a0\u202f\u2009\u2007]")
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_ARABIC_DIGIT = re.compile("[\u0660-\u0669\u06f0-\u06f9]")

CURRENCIES = {
    "zł": "PLN", "zl": "PLN", "pln": "PLN",
    "دج": "DZD", "د.ج.": "DZD", "د.ج": "DZD", "دج.": "DZD", "da": "DZD", "dzd": "DZD",
    "€": "EUR", "eur": "EUR", "$": "USD", "us$": "USD", "usd": "USD", "£": "GBP", "gbp": "GBP",
}
"""Currency signs and codes as they appear next to amounts, with their ISO code."""

EXCEL_ERRORS = {
    # English (also Arabic Excel)   Polish               French (Algeria)
    "#N/A", "#NA", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!",
    "#CALC!", "#GETTING_DATA", "#N/D", "#N/D!", "#DZIEL/0!", "#ARG!", "#ADR!", "#NAZWA?",
    "#LICZBA!", "#ZERO!", "#PRZELANIE!", "#VALEUR!", "#NOM?", "#NOMBRE!", "#NUL!",
    "#PROPAGATION!",
}
"""What Excel writes into a CSV where a formula failed (English, Polish, French Excel)."""

_CUR = "|".join(re.escape(c) for c in sorted(CURRENCIES, key=len, reverse=True))
_NUMBER = re.compile(
    r"^(?P<open>\()?\s*(?P<lead>[+\-\u2212\u2013])?\s*(?P<pre>" + _CUR + r")?\s*"
    r"(?P<lead2>[+\-\u2212\u2013])?\s*"
    r"(?P<body>\d[\d.,'\u2019\s\x01\x02]*\d|\d|[.,\x01]\d+)"
    r"(?P<exp>[eE][+\-]?\d{1,3})?\s*(?P<pct>[%\u066a])?\s*(?P<trail0>[\-\u2212])?\s*"
    r"(?P<post>" + _CUR + r")?\s*"
    r"(?P<trail>[\-\u2212])?\s*(?P<close>\))?$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Body:
    """The digits of a number and what its separators can mean.

    ``kind``: ``int`` (no decimal part), ``dec`` (``decimal`` is certain), ``thou``
    (``group`` is a point or comma between thousands, certain), ``both`` (certain
    decimal and group), ``ambig`` (one point or comma before exactly three digits: a
    decimal ``mark`` or a thousands ``mark``).
    """

    kind: str
    whole: str
    frac: str = ""
    decimal: str | None = None
    group: str | None = None
    mark: str | None = None

    def value(self, decimal: str | None) -> tuple[str, str]:
        """(whole digits, fraction digits) when ``decimal`` is the file's decimal mark."""
        if self.kind == "ambig":
            if decimal == self.mark:
                return self.whole, self.frac
            return self.whole + self.frac, ""
        return self.whole, self.frac


def classify(body: str) -> Body | None:
    """What the separators in the digits ``body`` can mean; ``None`` if no number is."""
    body = body.replace("\u2019", "'")
    if "\x01" in body or "\x02" in body:  # written with the Arabic separators ٫ and ٬
        match = re.fullmatch("(\\d{1,3}(?:\x02\\d{3})+|\\d+)(?:\x01(\\d+))?", body)
        if not match:
            return None
        whole, group = match[1].replace("\x02", ""), "\u066c" if "\x02" in body else None
        if match[2]:
            return Body("dec", whole, match[2], decimal="\u066b", group=group)
        return Body("int", whole, group=group)
    spaced = bool(_SPACE_RE.search(body)) or "\t" in body
    if spaced:
        body = re.sub(r"\s", " ", body)
    group = None
    if spaced and "'" in body:
        return None
    if spaced or "'" in body:
        group = " " if spaced else "'"
        g = re.escape(group)
        match = re.fullmatch(rf"(\d{{1,3}}(?:{g}\d{{3}})+)(?:([.,])(\d+))?", body)
        if not match:
            return None
        whole = match[1].replace(group, "")
        if match[2]:
            return Body("dec", whole, match[3], decimal=match[2], group=group)
        return Body("int", whole, group=group)
    marks = [ch for ch in body if ch in ".,"]
    if not marks:
        return Body("int", body) if body.isdigit() else None
    if len(set(marks)) == 1:
        mark = marks[0]
        if len(marks) == 1:
            whole, frac = body.split(mark)
            if not frac.isdigit() or (whole and not whole.isdigit()):
                return None
            if re.fullmatch(r"[1-9]\d{0,2}", whole) and len(frac) == 3:
                return Body("ambig", whole, frac, mark=mark)
            return Body("dec", whole or "0", frac, decimal=mark)
        if re.fullmatch(rf"[1-9]\d{{0,2}}(?:{re.escape(mark)}\d{{3}})+", body):
            return Body("thou", body.replace(mark, ""), group=mark)
        return None
    last = max(body.rfind("."), body.rfind(","))
    decimal = body[last]
    group = "," if decimal == "." else "."
    whole, frac = body[:last], body[last + 1:]
    if decimal in whole or not frac.isdigit():
        return None
    if not re.fullmatch(rf"[1-9]\d{{0,2}}(?:{re.escape(group)}\d{{3}})+", whole):
        return None
    return Body("both", whole.replace(group, ""), frac, decimal=decimal, group=group)


@dataclass(frozen=True)
class Number:
    """A cell that reads as a number, and everything about how it was written."""

    body: Body
    negative: bool = False
    sign: str = ""              # "" / "lead" / "trail" (150-) / "paren" ((150))
    currency: str | None = None  # ISO code
    symbol: str | None = None    # as written
    percent: bool = False
    exponent: int | None = None
    arabic_digits: bool = False
    mantissa_digits: int = 0

    @property
    def leading_zero(self) -> bool:
        """``007``, ``0555123456``: a whole number written with a leading zero (a code)."""
        return self.body.kind == "int" and len(self.body.whole) > 1 and \
            self.body.whole.startswith("0") and self.exponent is None

    def value(self, decimal: str | None) -> float | int:
        whole, frac = self.body.value(decimal)
        if frac or self.exponent is not None or self.percent:
            number = float(f"{whole or '0'}.{frac or '0'}")
            if self.exponent is not None:
                number *= 10.0 ** self.exponent
            if self.percent:
                number /= 100
        else:
            number = int(whole)
        return -number if self.negative else number

    def whole_number(self, decimal: str | None) -> bool:
        return not self.body.value(decimal)[1] and self.exponent is None and not self.percent


def parse_number(text: str) -> Number | None:
    """``text`` as a :class:`Number`, or ``None`` when it is not written as one."""
    s = BIDI.sub("", str(text)).strip(SPACES + "\t")
    arabic = bool(_ARABIC_DIGIT.search(s))
    if arabic:
        s = s.translate(_DIGITS)
    if "\u066b" in s or "\u066c" in s:  # Arabic decimal and thousands separators
        if "." in s or "," in s:
            return None
        s = s.replace("\u066b", "\x01").replace("\u066c", "\x02")
    match = _NUMBER.match(s)
    if not match:
        return None
    g = match.groupdict()
    if bool(g["open"]) != bool(g["close"]):
        return None
    signs = [x for x in (g["lead"], g["lead2"], g["trail0"], g["trail"]) if x]
    if len(signs) > 1 or (g["open"] and signs) or (g["pre"] and g["post"]):
        return None
    body = classify(g["body"])
    if body is None:
        return None
    negative = bool(g["open"]) or any(x != "+" for x in signs)
    trail = g["trail"] or g["trail0"]
    sign = "paren" if g["open"] else ("trail" if trail else ("lead" if signs else ""))
    symbol = g["pre"] or g["post"]
    exponent = int(g["exp"][1:]) if g["exp"] else None
    digits = len((body.whole + body.frac).lstrip("0").rstrip("0")) if exponent else 0
    return Number(body, negative, sign, CURRENCIES[symbol.lower()] if symbol else None,
                  symbol, bool(g["pct"]), exponent, arabic, digits)


def is_excel_error(text: str) -> bool:
    return str(text).strip().upper() in EXCEL_ERRORS


# ----------------------------------------------------------------------------- dates

_TIME = (r"(?:[ T,]+(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?:[.,]\d+)?)?"
         r"\s*(?P<ampm>[AaPp]\.?[Mm]\.?|ص|م)?)?")
_ISO = re.compile(r"^(?P<y>\d{4})-(?P<b>\d{1,2})-(?P<a>\d{1,2})" + _TIME + "$")
_YMD = re.compile(r"^(?P<y>\d{4})(?P<sep>[/.])(?P<b>\d{1,2})(?P=sep)(?P<a>\d{1,2})" + _TIME
                  + "$")
_DMY = re.compile(r"^(?P<a>\d{1,2})(?P<sep>[/.\-])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})"
                  + _TIME + "$")


@dataclass(frozen=True)
class DateText:
    """A cell written as a date: its order and its parts.

    ``order``: ``ymd`` (year first: certain), or ``xy`` (two numbers then the year:
    ``a``/``b`` are day/month or month/day).
    """

    order: str
    a: int
    b: int
    year: str
    sep: str
    hour: int = 0
    minute: int = 0
    second: int = 0
    ampm: str | None = None
    has_time: bool = False

    def build(self, dayfirst: bool) -> datetime | None:
        """The date it means with this order (``None`` if no such date exists)."""
        if self.order == "ymd":
            day, month = self.a, self.b
        else:
            day, month = (self.a, self.b) if dayfirst else (self.b, self.a)
        year = int(self.year)
        hour = self.hour
        if self.ampm:
            pm = self.ampm.lower().startswith("p") or self.ampm == "م"
            if not 1 <= hour <= 12:
                return None
            hour = hour % 12 + (12 if pm else 0)
        try:
            return datetime(year, month, day, hour, self.minute, self.second)
        except ValueError:
            return None


def parse_date(text: str) -> DateText | None:
    s = BIDI.sub("", str(text)).strip(SPACES + "\t").translate(_DIGITS)
    for order, pattern in (("ymd", _ISO), ("ymd", _YMD), ("xy", _DMY)):
        match = pattern.match(s)
        if match:
            g = match.groupdict()
            return DateText(order, int(g["a"]), int(g["b"]), g["y"], g.get("sep") or "-",
                            int(g["h"] or 0), int(g["mi"] or 0), int(g["s"] or 0), g["ampm"],
                            g["h"] is not None)
    return None
