"""What the course reader tells the student: notes on what it found and did, and the pieces
its error messages share (which lines, which fix).

A :class:`Note` is a catalogue key with its values, written in the active language only
when it is shown (through :mod:`mcourse.i18n.display`, so Arabic notes keep file names,
numbers and code in reading order). Tests check the keys, not the wording.
"""

from __future__ import annotations

from dataclasses import dataclass, field

SHOWN_LINES = 5
"""How many line numbers a message lists before it writes "…"."""


@dataclass(frozen=True)
class Lines:
    """The file lines where something was found (the header being line 1 when it is the
    first line), shown as "line 7" / "lines 7, 9 and 12" / "lines 7, 9, 12, 15, 20…"."""

    numbers: tuple[int, ...]

    @property
    def count(self) -> int:
        return len(self.numbers)

    def listed(self, lang: str | None = None) -> str:
        """The line numbers in the language's way of listing (plain digits, no grouping)."""
        from ..i18n import get_lang
        from ..i18n.formatting import fmt_list

        code = lang or get_lang()
        shown = [str(n) for n in self.numbers[:SHOWN_LINES]]
        if self.count > SHOWN_LINES:
            comma = "، " if code == "ar" else ", "
            return comma.join(shown) + "…"
        return fmt_list(shown, lang=code)

    def text(self, lang: str | None = None) -> str:
        """"line 7" or "lines 7 and 9" in the language (a plural message)."""
        from ..i18n import t

        return t("data.where", lang, count=self.count, lines=self.listed(lang))


def lines_where(mask, lines) -> Lines:
    """The file lines of the rows where ``mask`` (a boolean Series on a RangeIndex) holds."""
    import numpy as np

    positions = np.flatnonzero(np.asarray(mask, dtype=bool))
    return Lines(tuple(int(lines[i]) for i in positions))


def call(name: str, value) -> str:
    """A keyword argument as a student types it: ``encoding="cp1256"``, ``skiprows=2``."""
    if isinstance(value, str):
        return f'{name}="{_escaped(value)}"'
    if isinstance(value, dict):
        inner = ", ".join(f'"{_escaped(str(k))}": {v}' for k, v in value.items())
        return f"{name}={{{inner}}}"
    if isinstance(value, list):
        inner = ", ".join(f'"{_escaped(str(v))}"' for v in value)
        return f"{name}=[{inner}]"
    return f"{name}={value!r}"


def _escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")


@dataclass(frozen=True)
class Note:
    """One thing the reader found or did, as a catalogue message with its values.

    Values may be :class:`Lines` (written "line 3" / "lines 3 and 5"), other notes (a
    nested message, e.g. the name of an encoding) or plain values. ``count`` picks the
    plural form of a message that counts something.
    """

    key: str
    values: dict = field(default_factory=dict)
    count: int | None = None

    def _filled(self, lang: str | None, rich: bool) -> dict:
        import numbers

        from ..i18n.formatting import fmt_decimal

        out = {}
        for name, value in self.values.items():
            if isinstance(value, Note):
                value = value.message(lang) if rich else value.text(lang)
            elif rich and callable(getattr(value, "message", None)):
                value = value.message(lang)  # e.g. a list of names, each isolated alone
            elif callable(getattr(value, "text", None)):
                value = value.text(lang)  # Lines, a list of columns...
            elif not rich and isinstance(value, numbers.Real) and not isinstance(value, bool):
                value = fmt_decimal(value, 4, lang)  # as the display layer writes it
            out[name] = value
        if self.count is not None:
            out["count"] = self.count
        return out

    def message(self, lang: str | None = None):
        """The note as a display-layer :class:`~mcourse.i18n.display.Message`."""
        from ..i18n.display import message

        return message(self.key, lang=lang, **self._filled(lang, rich=True))

    def text(self, lang: str | None = None) -> str:
        """The note as plain text (no bidi isolates)."""
        from ..i18n import t

        values = self._filled(lang, rich=False)
        count = values.pop("count", None)
        return t(self.key, lang, count=count, **values)

    def __str__(self) -> str:
        return self.text()


def where_text(lines: Lines) -> dict:
    """The values an error message gets for its lines: ``where`` (the phrase) and
    ``lines`` (the bare numbers, for tests and for code that reads the error)."""
    return {"where": lines.text(), "lines": ", ".join(map(str, lines.numbers))}
