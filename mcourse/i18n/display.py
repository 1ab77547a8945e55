"""The display layer: every message and table ``mcourse`` shows, in the student's language.

A bare ``print`` of Arabic lands in a left-to-right monospace box, where the Unicode
bidirectional algorithm reorders what surrounds numbers, signs and Latin names: "52%."
splits into "52" and "%.", "-3,16" shows as "3,16-", "None" scrambles its sentence. So a
lesson shows a catalogue message with :func:`say` (or a table with :func:`show`), and the
output is

* **rich**: HTML ``<div class="mcourse-msg" dir="rtl" lang="ar">`` (``dir="ltr"
  lang="pl"`` in Polish) in which every interpolated value, and every run of digits,
  signs and Latin letters in Arabic text, sits inside ``<bdi>``, so it is laid out as one
  piece whatever surrounds it (JupyterLab, Notebook 7, exported HTML, grading reports);
* **plain text** for terminals and logs (``str(message)``): in Arabic the same pieces are
  wrapped in Unicode isolates, U+2068 FSI ... U+2069 PDI for texts and U+2066 LRI ...
  U+2069 PDI for numbers and code names. Polish plain text has no isolates.

Numbers given as values are written in the language's format (see
:mod:`mcourse.i18n.formatting`); ``count=`` picks the plural form (see :func:`mcourse.t`).
A template may mark code with backticks: ```LANG = "pl"``` is shown as left-to-right
``<code>`` (plain text keeps the backticks).

Tables: :func:`table` (and :func:`show` of a DataFrame) writes numbers the language's way
and, in Arabic, lays the table out right to left (index on the right) inside a
``dir="rtl"`` block that needs no course CSS, so it also reads right in nbconvert exports
and grader reports.

IPython is imported only when something is displayed inside a running IPython; outside
one (a script, a test, the command line) :func:`say` prints the plain text.
"""

from __future__ import annotations

import html
import math
import numbers
import re
import string
import sys
from dataclasses import dataclass

from . import _check_lang, format_count, get_lang, t, template

FSI, LRI, RLI, PDI = "\u2068", "\u2066", "\u2067", "\u2069"
"""Unicode bidi isolates: first-strong, left-to-right, right-to-left, and their end."""

ISOLATES = re.compile("[\u2066-\u2069]")
"""The isolate characters, e.g. to compare plain texts without them."""

RTL_LANGS = frozenset({"ar"})
"""Languages written right to left."""

_ARABIC = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
# A run of Latin letters, digits, signs and code punctuation inside Arabic text: laid out
# as one left-to-right piece. It starts with a sign, a letter, a digit or an opening
# bracket/quote and ends on a letter, digit, closing bracket/quote or a unit sign, so
# the full stop after "52%." stays Arabic punctuation.
_LTR_RUN = re.compile(   # Latin with diacritics (Ilość) and Greek (r/α, σ²) too
    r"""[-+\u2212(\["'$€£]?[A-Za-z0-9_\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u0370-\u03ff\u00b2\u00b3\u2080-\u2089]"""
    r"""(?:[A-Za-z0-9_\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u0370-\u03ff\u00b2\u00b3\u2080-\u2089.,:;/=+\-\u2212*%$€£'"()\[\]{}<>!?&|^~@#\u00a0 ]*"""
    r"""[A-Za-z0-9_\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u0370-\u03ff\u00b2\u00b3\u2080-\u2089%)\]}"'$€£])?%?"""
)
_CODE = re.compile(r"`([^`]+)`")


def is_rtl(lang: str | None = None) -> bool:
    """Whether ``lang`` (default: the active language) is written right to left."""
    return (_check_lang(lang) if lang else get_lang()) in RTL_LANGS


def direction(lang: str | None = None) -> str:
    """``"rtl"`` or ``"ltr"``: the value of the HTML ``dir`` attribute for ``lang``."""
    return "rtl" if is_rtl(lang) else "ltr"


@dataclass(frozen=True)
class _Piece:
    """A stretch of a message: ``text``, and how it is isolated from its neighbours:
    ``None`` (running text), ``"auto"`` (first strong letter decides), ``"ltr"``
    (numbers, code names), ``"code"`` (code: left to right, monospace), ``"nested"``
    (an Arabic text given as a value: one isolate holding the isolated ``inner`` pieces)."""

    text: str
    isolate: str | None = None
    inner: tuple = ()


def _split_runs(text: str, rtl: bool) -> list[_Piece]:
    """Running text of a message, with code in backticks and (in rtl) Latin runs isolated."""
    pieces: list[_Piece] = []
    position = 0
    for match in _CODE.finditer(text):
        pieces.extend(_runs(text[position:match.start()], rtl))
        pieces.append(_Piece(match.group(1), "code"))
        position = match.end()
    pieces.extend(_runs(text[position:], rtl))
    return pieces


_OPEN, _CLOSE = "([{", ")]}"
_TRAILING = " \u00a0.,:;!?=+-*/&|^~@#<>"


def _trim(run: str) -> tuple[int, int]:
    """Where a Latin run really starts and ends: brackets it does not close (or open)
    stay Arabic punctuation, mirrored as rtl text mirrors them, and so do trailing
    spaces and punctuation."""
    start, end = 0, len(run)
    changed = True
    while changed and start < end:
        changed = False
        part = run[start:end]
        if part[-1] in _CLOSE and sum(part.count(c) for c in _CLOSE) > sum(
                part.count(c) for c in _OPEN):
            end, changed = end - 1, True
        elif part[0] in _OPEN and sum(part.count(c) for c in _OPEN) > sum(
                part.count(c) for c in _CLOSE):
            start, changed = start + 1, True
        elif part[-1] in _TRAILING:
            end, changed = end - 1, True
    return start, end


def _runs(text: str, rtl: bool) -> list[_Piece]:
    if not text:
        return []
    if not rtl:
        return [_Piece(text)]
    pieces: list[_Piece] = []
    position = 0
    for match in _LTR_RUN.finditer(text):
        first, last = _trim(match.group(0))
        begin, finish = match.start() + first, match.start() + last
        if finish <= begin or not any(ch.isalnum() for ch in text[begin:finish]):
            continue
        if begin > position:
            pieces.append(_Piece(text[position:begin]))
        pieces.append(_Piece(text[begin:finish], "ltr"))
        position = finish
    if position < len(text):
        pieces.append(_Piece(text[position:]))
    return pieces


def _html_piece(piece: _Piece) -> str:
    if piece.isolate == "nested":
        return "<bdi>" + "".join(_html_piece(p) for p in piece.inner) + "</bdi>"
    text = html.escape(piece.text, quote=False).replace("\n", "<br>\n")
    if piece.isolate is None:
        return text
    if piece.isolate == "code":
        return f'<code dir="ltr">{text}</code>'
    if piece.isolate == "ltr":
        return f'<bdi dir="ltr">{text}</bdi>'
    return f"<bdi>{text}</bdi>"


def _plain_piece(piece: _Piece, rtl: bool) -> str:
    if piece.isolate == "nested":
        inner = "".join(_plain_piece(p, rtl) for p in piece.inner)
        return f"{FSI}{inner}{PDI}" if rtl else inner
    text = f"`{piece.text}`" if piece.isolate == "code" else piece.text
    if not rtl or piece.isolate is None:
        return text
    opener = FSI if piece.isolate == "auto" else LRI
    return f"{opener}{text}{PDI}"


class Message:
    """A message in one language, ready to be shown: rich HTML and plain text.

    Built by :func:`message` (from the catalogue) or :meth:`from_text`; two messages
    join into lines with :meth:`join` or ``+``. ``str(m)`` is the plain text (isolates
    in Arabic), ``m._repr_html_()`` the HTML that Jupyter shows.
    """

    def __init__(self, pieces, lang: str | None = None, *, key: str | None = None):
        self.lang = _check_lang(lang) if lang else get_lang()
        self.key = key
        self.pieces: tuple[_Piece, ...] = tuple(pieces)

    @classmethod
    def from_text(cls, text: str, lang: str | None = None) -> Message:
        """A message of an already written text (numbers and names isolated in Arabic)."""
        code = _check_lang(lang) if lang else get_lang()
        return cls(_split_runs(str(text), code in RTL_LANGS), code)

    @property
    def rtl(self) -> bool:
        return self.lang in RTL_LANGS

    @property
    def text(self) -> str:
        """The text without any bidi isolates, as :func:`mcourse.t` writes it (code keeps
        its backticks); for tests and for comparing wordings."""
        return ISOLATES.sub("", str(Message(self.pieces, "ar")))

    def __str__(self) -> str:
        return "".join(_plain_piece(piece, self.rtl) for piece in self.pieces)

    def __repr__(self) -> str:
        return f"Message({self.key or self.text[:40]!r}, lang={self.lang!r})"

    def __eq__(self, other) -> bool:
        return isinstance(other, Message) and (self.lang, self.pieces) == (
            other.lang, other.pieces)

    def __hash__(self) -> int:
        return hash((self.lang, self.pieces))

    def __add__(self, other) -> Message:
        return Message.join([self, other], lang=self.lang)

    @staticmethod
    def join(messages, sep: str = "\n", lang: str | None = None) -> Message:
        """Messages (or texts) one after the other, by default one per line."""
        items = [m if isinstance(m, Message) else Message.from_text(m, lang) for m in messages]
        code = lang or (items[0].lang if items else None)
        pieces: list[_Piece] = []
        for i, item in enumerate(items):
            if i:
                pieces.append(_Piece(sep))
            pieces.extend(item.pieces)
        return Message(pieces, code)

    def html(self) -> str:
        """The inner HTML (no wrapping ``div``)."""
        return "".join(_html_piece(piece) for piece in self.pieces)

    def _repr_html_(self) -> str:
        return (f'<div class="mcourse-msg" dir="{direction(self.lang)}" lang="{self.lang}">'
                f"{self.html()}</div>")

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/plain": str(self), "text/html": self._repr_html_()}

    def _repr_pretty_(self, printer, cycle) -> None:
        printer.text(str(self))


_FORMATTER = string.Formatter()


def _value_pieces(value, conversion: str | None, spec: str, lang: str, *,
                  count: bool = False) -> list[_Piece]:
    """One interpolated value: formatted in the language and isolated as one piece."""
    rtl = lang in RTL_LANGS
    if isinstance(value, Message) and not conversion and not spec:
        return list(value.pieces)  # its own values are isolated already
    if conversion:
        value = _FORMATTER.convert_field(value, conversion)
        return [_Piece(_FORMATTER.format_field(value, spec), "ltr")]
    if spec:
        return [_Piece(_FORMATTER.format_field(value, spec), "ltr")]
    if value is None or isinstance(value, bool):
        return [_Piece(str(value), "ltr")]
    if isinstance(value, numbers.Real):
        text = format_count(value, lang) if count else _number(value, lang)
        return [_Piece(text, "ltr")]
    text = str(value)
    if rtl and _ARABIC.search(text):
        # Arabic text given as a value (a hint, a date, a segment name): one isolate, with
        # its own numbers and names isolated inside it.
        return [_Piece(text, "nested", tuple(_split_runs(text, True)))]
    # a name, a code, a number already written ("52%", "35,17 US$"): left to right
    return [_Piece(text, "ltr" if any(ch.isalnum() for ch in text) else "auto")]


def _number(value, lang: str) -> str:
    from .formatting import fmt_decimal

    number = float(value)
    if not math.isfinite(number):
        return str(value)
    return fmt_decimal(value, 4, lang)


def message(key: str, /, *, lang: str | None = None, **values) -> Message:
    """The catalogue message ``key`` in ``lang`` (default: the active one), not yet shown.

    Same arguments as :func:`mcourse.t` (``count=`` picks the plural form); each value is
    isolated in the result. A value may itself be a :class:`Message` (e.g. a hint).
    """
    code = _check_lang(lang) if lang else get_lang()
    text = template(key, code, values.get("count"))
    rtl = code in RTL_LANGS
    pieces: list[_Piece] = []
    for literal, field, spec, conversion in _FORMATTER.parse(text):
        if literal:
            pieces.extend(_split_runs(literal, rtl))
        if field is None:
            continue
        if field == "":
            raise ValueError(f"message {key!r}: positional fields are not supported")
        value, _ = _FORMATTER.get_field(field, (), values)
        pieces.extend(_value_pieces(value, conversion, spec or "", code,
                                    count=field == "count"))
    return Message(pieces, code, key=key)


def _shell():
    """The running IPython shell, or ``None`` (IPython is never imported here)."""
    ipython = sys.modules.get("IPython")
    if ipython is None:
        return None
    try:
        return ipython.get_ipython()
    except Exception:  # noqa: BLE001 - a broken IPython must not hide a message
        return None


def emit(obj, *, file=None) -> None:
    """Show ``obj`` (a :class:`Message`, :class:`Table` or any object): as rich output in
    IPython, else its plain text on ``file`` (standard output)."""
    if _shell() is not None:
        from IPython.display import display

        display(obj)
        return
    print(str(obj), file=file or sys.stdout)


def say(key: str, /, *, lang: str | None = None, **values) -> None:
    """Show the catalogue message ``key`` in the active language (see :func:`message`).

    Use it for every message a lesson or an exercise shows, instead of ``print(t(...))``::

        mcourse.say("crm.msg.repeat_purchases", count=1882)
    """
    emit(message(key, lang=lang, **values))


class LanguageMarker:
    """The one-line badge :func:`mcourse.start` shows: the notebook's language, and how to
    switch it. Its ``mcourse-lang mcourse-lang-xx`` block is what the course CSS keys on
    to hide the other language's prose (``.jp-Notebook:has(.mcourse-lang-ar)``)."""

    def __init__(self, lang: str | None = None):
        self.lang = _check_lang(lang) if lang else get_lang()
        self.message = message("lang.badge", lang=self.lang)

    def _repr_html_(self) -> str:
        return (f'<div class="mcourse-lang mcourse-lang-{self.lang}" lang="{self.lang}" '
                f'dir="{direction(self.lang)}">{self.message.html()}</div>')

    def __str__(self) -> str:
        return str(self.message)

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/plain": str(self), "text/html": self._repr_html_()}


def language_marker(lang: str | None = None) -> LanguageMarker | None:
    """Show the language badge in a notebook (nothing outside IPython); returns it."""
    if _shell() is None:
        return None
    marker = LanguageMarker(lang)
    from IPython.display import display

    display(marker)
    return marker


# ----------------------------------------------------------------------------- tables

def _cell_text(value, lang: str, digits: int) -> tuple[str, str | None]:
    """A table cell as text in the language, and how to isolate it (``ltr``/``auto``)."""
    import pandas as pd

    from .formatting import fmt_decimal, fmt_month

    if value is None or (not isinstance(value, str) and _is_na(value)):
        return "", None
    if isinstance(value, bool):
        return str(value), "ltr"
    if isinstance(value, numbers.Real):
        number = float(value)
        if not math.isfinite(number):
            return str(value), "ltr"
        return fmt_decimal(value, digits, lang), "ltr"
    if isinstance(value, pd.Period) and value.freqstr.startswith("M"):
        return fmt_month(value, lang=lang), "auto"
    if isinstance(value, pd.Timestamp):
        text = value.strftime("%Y-%m-%d") if value == value.normalize() else str(value)
        return text, "ltr"
    return str(value), "auto"


def _is_na(value) -> bool:
    import pandas as pd

    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _label_text(value, lang: str, digits: int) -> tuple[str, str | None]:
    """A row or column label: like a cell, but whole numbers ungrouped (years, ids)."""
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return str(int(value)), "ltr"
    return _cell_text(value, lang, digits)


def _cell_html(value, lang: str, digits: int, label: bool = False) -> str:
    text, isolate = (_label_text if label else _cell_text)(value, lang, digits)
    if not text:
        return ""
    if lang not in RTL_LANGS:
        return html.escape(text, quote=False)
    if isolate == "ltr":
        return f'<bdi dir="ltr">{html.escape(text, quote=False)}</bdi>'
    return "".join(_html_piece(p) for p in _split_runs(text, True))


def _cell_plain(value, lang: str, digits: int, label: bool = False) -> str:
    """A cell as plain text: no isolates, which would only break the column widths of a
    table printed to a terminal (each cell is short and stands alone)."""
    return (_label_text if label else _cell_text)(value, lang, digits)[0]


def _map_index(index, fn):
    import pandas as pd

    names = [None if n is None else fn(n) for n in index.names]
    if isinstance(index, pd.MultiIndex):
        return pd.MultiIndex.from_tuples([tuple(fn(v) for v in row) for row in index],
                                         names=names)
    return pd.Index([fn(v) for v in index], name=names[0], dtype=object)


class Table:
    """A DataFrame as a student reads it: numbers in the language's format, and in Arabic
    laid out right to left (index on the right) inside ``<div dir="rtl" lang="ar">``.

    The HTML needs no course CSS (exports, reports); ``str(table)`` is the plain text.
    Big tables are cut like pandas does (``display.max_rows``), before any formatting.
    """

    def __init__(self, frame, lang: str | None = None, digits: int = 3):
        import pandas as pd

        if isinstance(frame, pd.Series):
            frame = frame.to_frame()
        self.frame = frame
        self.lang = _check_lang(lang) if lang else get_lang()
        self.digits = digits

    def _shown(self, cell):
        """A copy of the (cut) table with every label and cell turned into text by ``cell``;
        and the number of rows kept at each end when the table was cut (else ``None``)."""
        import pandas as pd

        frame = self.frame
        cut = None
        max_rows = pd.get_option("display.max_rows")
        if max_rows and len(frame) > max_rows:
            cut = max(1, (pd.get_option("display.min_rows") or 10) // 2)
            frame = pd.concat([frame.iloc[:cut], frame.iloc[-cut:]])
        data = {i: [cell(v) for v in frame.iloc[:, i]] for i in range(frame.shape[1])}
        shown = pd.DataFrame(data, index=_map_index(frame.index, lambda v: cell(v, True)))
        shown.columns = _map_index(frame.columns, lambda v: cell(v, True))
        if cut is not None:  # a row of "…" where rows were left out, as pandas shows it
            gap = "…" if shown.index.nlevels == 1 else ("…",) * shown.index.nlevels
            dots = pd.DataFrame([["…"] * shown.shape[1]], columns=shown.columns,
                                index=pd.Index([gap]) if shown.index.nlevels == 1
                                else pd.MultiIndex.from_tuples([gap]))
            dots.index.names = shown.index.names
            shown = pd.concat([shown.iloc[:cut], dots, shown.iloc[cut:]])
        return shown, cut

    def html(self) -> str:
        """The table's HTML inside its ``mcourse-table`` block (``dir`` and ``lang`` set)."""
        shown, cut = self._shown(lambda v, label=False: _cell_html(v, self.lang, self.digits, label))
        body = shown.to_html(escape=False, na_rep="", border=0)
        if cut is not None:
            body += f'<p class="mcourse-table-size">{_size(self.frame, self.lang)}</p>'
        return (f'<div class="mcourse-table" dir="{direction(self.lang)}" lang="{self.lang}">'
                f"{body}</div>")

    def _repr_html_(self) -> str:
        return self.html()

    def __str__(self) -> str:
        shown, _cut = self._shown(lambda v, label=False: _cell_plain(v, self.lang, self.digits, label))
        return shown.to_string(na_rep="")

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/plain": str(self), "text/html": self.html()}


def _size(frame, lang: str) -> str:
    """``100 wierszy × 2 kolumny``: the size of a table that was cut for display."""
    rows, columns = frame.shape
    return f"{t('table.rows', lang, count=rows)} × {t('table.columns', lang, count=columns)}"


def table(frame, /, *, lang: str | None = None, digits: int = 3) -> Table:
    """``frame`` (DataFrame or Series) ready to show: see :class:`Table`.

    ``digits``: at most this many decimals (trailing zeros dropped, whole numbers none).
    """
    return Table(frame, lang, digits)


class _Wrapped:
    """Rich HTML (e.g. a pandas Styler) inside a block carrying the language's dir/lang."""

    def __init__(self, inner_html: str, plain: str, lang: str):
        self.inner_html, self.plain, self.lang = inner_html, plain, lang

    def _repr_html_(self) -> str:
        return (f'<div class="mcourse-table" dir="{direction(self.lang)}" lang="{self.lang}">'
                f"{self.inner_html}</div>")

    def __str__(self) -> str:
        return self.plain

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/plain": self.plain, "text/html": self._repr_html_()}


def rich(obj, /, *, lang: str | None = None, digits: int = 3):
    """What :func:`show` displays for ``obj``: a :class:`Message`, a :class:`Table`, a
    wrapped Styler, or ``obj`` itself when the language does not change it."""
    code = _check_lang(lang) if lang else get_lang()
    if isinstance(obj, (Message, Table, _Wrapped)):
        return obj
    if isinstance(obj, str):
        return Message.from_text(obj, code)
    module = type(obj).__module__
    if module.startswith("pandas"):
        import pandas as pd

        if isinstance(obj, (pd.DataFrame, pd.Series)):
            return Table(obj, code, digits)
        if type(obj).__name__ == "Styler":
            return _Wrapped(obj.to_html(), obj.data.to_string(), code)
    return obj


def show(obj, /, *, lang: str | None = None, digits: int = 3) -> None:
    """Show ``obj`` the right way for the active language.

    * a DataFrame or Series: numbers in the language's format (at most ``digits``
      decimals, whole numbers without any), right to left in Arabic (index on the right,
      headers as they are) - in the lab, in exports and in grading reports alike;
    * a pandas Styler: its HTML inside a ``dir``/``lang`` block;
    * a :class:`Message` or a text: as a message (numbers and names isolated in Arabic);
    * anything else: displayed as IPython would.
    """
    emit(rich(obj, lang=lang, digits=digits))


__all__ = ["FSI", "LRI", "PDI", "LanguageMarker", "Message", "Table", "language_marker", "direction", "emit", "is_rtl", "message",
           "rich", "say", "show", "t", "table"]
