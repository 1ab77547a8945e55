"""What a file is before it is a table: a CSV text or something else (a workbook, a web
page), which encoding its bytes are in, and which character separates its columns.

Each finding is either certain (a byte-order mark, bytes that are valid UTF-8, one
separator that splits every line alike) or a clear winner among the encodings Excel saves
in (Windows-1256 for Arabic, Windows-1250 for Polish, Windows-1252 for French and other
Western languages, ISO-8859-2). When two readings both make sense the reader does not pick
one: it raises an error showing both, and the student says which.

How a decoding is judged: real text is made of words in one script whose letters belong
to the language. A file decoded in the wrong code page turns into words that mix Arabic
and Latin letters ("Krakَw"), words made only of accented capitals ("ÇáĚŇÇĆŃ") or
symbols inside words ("Wroc³aw"). :func:`plausibility` is the share of words with
non-ASCII letters that look like real words.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from ..errors import DataError
from .report import Note, call

LEGACY = ("cp1256", "cp1250", "cp1252", "iso8859-2")
"""Windows / ISO code pages tried when a file is not UTF-8, in the order a tie is named."""

SEPARATORS = (",", ";", "\t", "|")
"""Column separators the reader looks for."""

PLAUSIBLE = 0.8
"""Share of real-looking words above which a decoding is taken as right."""
IMPLAUSIBLE = 0.5
"""Share below which an encoding the student gave is called wrong (when another fits)."""

_POLISH = set("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ")
_FRENCH = set("àâçéèêëîïôœùûüæÀÂÇÉÈÊËÎÏÔŒÙÛÜÆ")
_GERMAN = set("äöüßÄÖÜ")
# The letters each code page's languages use: Windows-1252 is read as French (and German),
# the Western language of Algerian files; Spanish and Portuguese letters are left out, so
# that Polish "Gdańsk" read in Windows-1252 ("Gdañsk") does not pass for Spanish.
_NATIVE = {
    "cp1256": _FRENCH,                         # Arabic, and French as the Maghreb writes it
    "cp1250": _POLISH | _GERMAN | set("éÉ"),   # Polish (and names with German letters)
    "iso8859-2": _POLISH | _GERMAN | set("éÉ"),
    "cp1252": _FRENCH | _GERMAN,
}
_ARABIC_SCRIPT = {"cp1256"}
_NEUTRAL = set("\u00a0\u202f«»€£°§©®™–—‘’‚“”„…•·×²³µ¼½¾\u200c\u200d\u200e\u200f")
"""Signs real text has outside words (a mojibake letter is often one of them)."""
_TOUCHING = set("«»‘’‚“”„–—…²³°µ·\u00a0\u202f\u200c\u200d\u200e\u200f")
"""Neutral signs that may also touch a letter (quotes, dashes, m², 5°C...): the others
(€, £, §, ©...) next to a letter are a misread letter ("£ódŸ" for "Łódź")."""
_WORD_JOINERS = set("\u0640\u200c\u200d")  # tatweel, zero-width (non-)joiner
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _is_arabic(ch: str) -> bool:
    return ("\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f"
            or "\ufb50" <= ch <= "\ufdff" or "\ufe70" <= ch <= "\ufeff")


def _in_word(ch: str) -> bool:
    return ch.isalpha() or ch in _WORD_JOINERS or unicodedata.category(ch).startswith("M")


def plausibility(text: str, encoding: str) -> float:
    """Share (0-1) of the words and signs with non-ASCII characters that read as real text
    in ``encoding``'s languages; 1 when the text is all ASCII."""
    native = _NATIVE.get(encoding, _FRENCH | _GERMAN)
    if _CONTROL.search(text):
        return 0.0  # C1 controls (ISO-8859-2's reading of Windows-1250 letters): no text
    good = bad = 0
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isascii():
            i += 1
            continue
        if _in_word(ch):
            start = i
            while start > 0 and text[start - 1].isascii() and text[start - 1].isalpha():
                start -= 1
            end = i
            while end < n and (_in_word(text[end])):
                end += 1
            word = text[start:end]
            good, bad = (good + 1, bad) if _real_word(word, encoding, native) else (good,
                                                                                   bad + 1)
            i = end
            continue
        before = i > 0 and text[i - 1].isalpha()
        after = i < n - 1 and text[i + 1].isalpha()
        if ch not in _NEUTRAL or (before and after) or (
                (before or after) and ch not in _TOUCHING):
            bad += 1
        i += 1
    return 1.0 if good + bad == 0 else good / (good + bad)


def _real_word(word: str, encoding: str, native: set) -> bool:
    letters = [ch for ch in word if ch.isalpha()]
    arabic = [ch for ch in word if _is_arabic(ch)]  # letters and vowel marks (ٌ in "Gdaٌsk")
    latin = [ch for ch in letters if ch < "\u0250"]
    if len([ch for ch in letters if _is_arabic(ch)]) + len(latin) < len(letters):
        return False  # another script (Greek, Cyrillic...) never comes out of these files
    if arabic:
        return not latin and encoding in _ARABIC_SCRIPT
    if any(ch in _WORD_JOINERS for ch in word):
        return False  # tatweel and zero-width joiners belong to Arabic words only
    foreign = [ch for ch in latin if not ch.isascii()]
    if any(ch not in native for ch in foreign):
        return False
    return not (len(latin) >= 3 and len(foreign) == len(latin))


@dataclass(frozen=True)
class Decoded:
    """A file's text and how its encoding was found."""

    text: str
    encoding: str          # the codec name a student passes: "cp1256", "utf-8", "utf-16"
    detected: bool         # found by the reader (False: the student gave it)
    what: str              # catalogue key describing the encoding (data.encoding.*)


# ----------------------------------------------------------------------------- kind

def check_kind(raw: bytes, file: str) -> None:
    """Refuse what is not a CSV text, saying what it is and how to read it."""
    head = raw[:4096]
    if head.startswith(b"PK\x03\x04"):
        if b"opendocument.spreadsheet" in head:
            raise DataError("data.error.workbook", file=file, kind="OpenDocument (ods)",
                            fix=f'pandas.read_excel("{file}")')
        if b"xl/" in raw[:65536] or b"[Content_Types].xml" in head:
            raise DataError("data.error.workbook", file=file, kind="Excel (xlsx)",
                            fix=f'pandas.read_excel("{file}")')
        raise DataError("data.error.zip", file=file)
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise DataError("data.error.workbook", file=file, kind="Excel 97-2003 (xls)",
                        fix=f'pandas.read_excel("{file}")')
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith((b"<!doctype html", b"<html", b"<table")):
        raise DataError("data.error.html", file=file, fix=f'pandas.read_html("{file}")')
    if start.startswith(b"<?xml") and b"urn:schemas-microsoft-com:office:spreadsheet" in head:
        raise DataError("data.error.workbook", file=file, kind="Excel XML 2003",
                        fix=f'pandas.read_xml("{file}")')
    if head.startswith(b"%PDF"):
        raise DataError("data.error.binary", file=file, kind="PDF")


def _utf16_without_bom(head: bytes) -> str | None:
    """``"utf-16-le"``/``"-be"`` when the zero bytes sit where UTF-16 puts them (Latin text)."""
    even, odd = head[0::2], head[1::2]
    if len(head) < 4:
        return None
    zeros_even, zeros_odd = even.count(0) / len(even), odd.count(0) / max(len(odd), 1)
    if zeros_odd > 0.3 and zeros_even < 0.05:
        return "utf-16-le"
    if zeros_even > 0.3 and zeros_odd < 0.05:
        return "utf-16-be"
    return None


# ----------------------------------------------------------------------------- encoding

def _codec(name: str, file: str) -> str:
    try:
        return codecs.lookup(name).name
    except LookupError:
        raise DataError("data.error.encoding_name", file=file, encoding=name) from None


def _what(encoding: str) -> str:
    key = {"utf-8": "utf8", "utf-8-sig": "utf8_bom", "utf-16": "utf16", "utf-16-le": "utf16",
           "utf-16-be": "utf16", "ascii": "ascii", "cp1256": "cp1256", "cp1250": "cp1250",
           "cp1252": "cp1252", "iso8859-2": "latin2"}.get(encoding, "other")
    return f"data.encoding.{key}"


def _line_of(text: str, position: int) -> int:
    return text.count("\n", 0, position) + text.count("\r", 0, position) - text.count(
        "\r\n", 0, position) + 1


def _word_at(text: str, position: int) -> str:
    start, end = position, position
    while start > 0 and not text[start - 1].isspace() and text[start - 1] not in ",;\t|\"":
        start -= 1
    while end < len(text) and not text[end].isspace() and text[end] not in ",;\t|\"":
        end += 1
    return text[start:end][:40] or text[position:position + 1]


def _first_difference(a: str, b: str) -> int:
    for i, (x, y) in enumerate(zip(a, b, strict=False)):
        if x != y:
            return i
    return min(len(a), len(b))


def _first_implausible(text: str, encoding: str) -> int:
    """Position of the first non-ASCII character of a word that does not read as text."""
    for i, ch in enumerate(text):
        if not ch.isascii() and plausibility(_word_at(text, i) or ch, encoding) < 1:
            return i
    return next((i for i, ch in enumerate(text) if not ch.isascii()), 0)


def _legacy_readings(raw: bytes) -> dict[str, tuple[str, float]]:
    readings = {}
    for encoding in LEGACY:
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        readings[encoding] = (text, plausibility(text, encoding))
    return readings


def _best_legacy(raw: bytes):
    """(encoding, text, score) of the clear winner among code pages, or the readings that
    tie, or nothing that reads as text."""
    readings = _legacy_readings(raw)
    fitting = {e: r for e, r in readings.items() if r[1] >= PLAUSIBLE}
    texts: dict[str, list[str]] = {}
    for encoding, (text, _score) in fitting.items():
        texts.setdefault(text, []).append(encoding)
    if len(texts) == 1:
        encoding = max(next(iter(texts.values())), key=lambda e: (readings[e][1],
                                                                  -LEGACY.index(e)))
        return encoding, readings[encoding][0], readings[encoding][1], []
    ranked = sorted(fitting, key=lambda e: (-fitting[e][1], LEGACY.index(e)))
    shown = []  # one encoding per distinct reading
    for encoding in ranked:
        if all(readings[encoding][0] != readings[other][0] for other in shown):
            shown.append(encoding)
    return None, None, 0.0, shown


def _no_utf8_line(raw: bytes) -> int:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return raw[: exc.start].count(b"\n") + 1
    return 1


def decode(raw: bytes, file: str, encoding: str | None = None) -> Decoded:
    """The file's text. Without ``encoding``, the encoding is found (or the file refused
    with the readings that compete); with it, a wrong one is an error saying which fits."""
    if encoding is not None:
        return _decode_as(raw, file, _codec(encoding, file), encoding)
    if raw.startswith(codecs.BOM_UTF8):
        try:
            return Decoded(raw[3:].decode("utf-8"), "utf-8-sig", True, _what("utf-8-sig"))
        except UnicodeDecodeError as exc:
            raise DataError("data.error.encoding", file=file, encoding="UTF-8",
                            line=str(raw[: exc.start + 3].count(b"\n") + 1)) from None
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return Decoded(_utf16(raw, "utf-16", file), "utf-16", True, _what("utf-16"))
    utf16 = _utf16_without_bom(raw[:4096]) if b"\x00" in raw[:4096] else None
    if utf16:
        return Decoded(_utf16(raw, utf16, file), utf16, True, _what(utf16))
    if b"\x00" in raw[:4096]:
        raise DataError("data.error.binary", file=file, kind="?")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        name = "ascii" if text.isascii() else "utf-8"
        return Decoded(text, name, True, _what(name))
    best, text, _score, tied = _best_legacy(raw)
    if best:
        return Decoded(text, best, True, _what(best))
    if len(tied) >= 2:
        a, b = tied[:2]
        ta, tb = raw.decode(a), raw.decode(b)
        at = _first_difference(ta, tb)
        raise DataError("data.error.encoding_ambiguous", file=file, line=str(_line_of(ta, at)),
                        a=a, b=b, text_a=_word_at(ta, at), text_b=_word_at(tb, at),
                        fix_a=call("encoding", a), fix_b=call("encoding", b))
    raise DataError("data.error.encoding_unknown", file=file, line=str(_no_utf8_line(raw)),
                    fix=call("encoding", "…"))


def _utf16(raw: bytes, codec: str, file: str) -> str:
    try:
        return raw.decode(codec)
    except UnicodeDecodeError as exc:
        raise DataError("data.error.encoding", file=file, encoding="UTF-16",
                        line=str(raw[: exc.start].count(b"\n\x00") + 1)) from None


def _decode_as(raw: bytes, file: str, codec: str, given: str) -> Decoded:
    """Decode in the encoding the student gave; an encoding that turns the text into
    nonsense while another reads it is an error naming the other."""
    unicode16 = codec.startswith("utf-16") or codec.startswith("utf-32")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and not unicode16:
        raise DataError("data.error.encoding_utf16", file=file, encoding=given,
                        fix=call("encoding", "utf-16"))
    try:
        text = raw.decode("utf-8-sig" if codec == "utf-8" else codec)
    except UnicodeDecodeError as exc:
        line = str(raw[: exc.start].count(b"\n") + 1)
        guess = None
        if not unicode16:
            try:
                raw.decode("utf-8")
                guess = "utf-8"
            except UnicodeDecodeError:
                guess = _best_legacy(raw)[0]
        if guess:
            raise DataError("data.error.encoding_guess", file=file, line=line, encoding=given,
                            guess=guess, fix=call("encoding", guess)) from None
        raise DataError("data.error.encoding", file=file, line=line, encoding=given) from None
    if "\x00" in text[:4096]:
        raise DataError("data.error.binary", file=file, kind="?")
    if codec not in ("utf-8",) and not unicode16 and not text.isascii():
        alternative = _better_reading(raw, text, codec)
        if alternative:
            other, other_text = alternative
            at = _first_implausible(text, codec)
            other_at = _aligned(raw, text, codec, at, other)
            raise DataError("data.error.encoding_wrong", file=file, encoding=given,
                            line=str(_line_of(text, at)), seen=_word_at(text, at),
                            meant=_word_at(other_text, other_at), guess=other,
                            fix=call("encoding", other))
    return Decoded(text.lstrip("\ufeff"), codec, False, _what(codec))


def _aligned(raw: bytes, text: str, codec: str, position: int, other: str) -> int:
    """Where character ``position`` of ``text`` (``raw`` read in ``codec``) falls in the
    reading of the same bytes in ``other``, to show one word read both ways."""
    byte_at = len(text[:position].encode(codec, errors="replace"))
    return len(raw[:byte_at].decode(other, errors="ignore"))


def _better_reading(raw: bytes, text: str, codec: str):
    """(encoding, text) of a reading clearly better than ``codec``'s, if there is one."""
    try:
        utf8 = raw.decode("utf-8")
    except UnicodeDecodeError:
        utf8 = None
    if utf8 is not None and not utf8.isascii():
        return "utf-8", utf8  # bytes that are valid UTF-8 are practically never a code page
    if plausibility(text, codec) >= IMPLAUSIBLE:
        return None
    best, best_text, score, _tied = _best_legacy(raw)
    if best and best != codec and best_text != text and score >= PLAUSIBLE:
        return best, best_text
    return None


# ----------------------------------------------------------------------------- separator

@dataclass(frozen=True)
class Layout:
    """How a candidate separator splits the first lines."""

    sep: str
    header: int      # fields on the first line
    mode: int        # the most common number of fields
    share: float     # share of lines with that number

    @property
    def splits(self) -> bool:
        return self.mode >= 2 and self.share >= 0.6

    @property
    def rank(self) -> tuple:
        return (self.header == self.mode, round(self.share, 6))


def layout(text: str, sep: str, limit: int = 300) -> Layout:
    counts = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    try:
        for row in reader:
            if not row or not any(cell.strip() for cell in row):
                continue
            counts.append(len(row))
            if len(counts) >= limit:
                break
    except csv.Error:
        pass
    if not counts:
        return Layout(sep, 0, 0, 0.0)
    mode, times = Counter(counts).most_common(1)[0]
    return Layout(sep, counts[0], mode, times / len(counts))


def separator(text: str, file: str, given: str | None = None) -> tuple[str, bool]:
    """The column separator and whether the reader found it (False: the student gave it).

    A given separator that leaves every line in one piece while another splits them all
    alike is an error naming the other. A file in which two separators both split every
    line alike is refused rather than guessed.
    """
    layouts = {sep: layout(text, sep) for sep in SEPARATORS}
    splitting = sorted((lay for lay in layouts.values() if lay.splits),
                       key=lambda lay: lay.rank, reverse=True)
    if given is not None:
        mine = layouts.get(given) or layout(text, given)
        if mine.mode < 2 and splitting and splitting[0].sep != given:
            found = splitting[0].sep
            raise DataError("data.error.sep", file=file, given=_sep_name(given),
                            found=_sep_name(found), fix=call("sep", found))
        return given, False
    if not splitting:
        return ",", True  # one column: no separator in the file
    if len(splitting) > 1 and splitting[0].rank == splitting[1].rank:
        a, b = splitting[0].sep, splitting[1].sep
        raise DataError("data.error.sep_ambiguous", file=file, a=_sep_name(a), b=_sep_name(b),
                        fix_a=call("sep", a), fix_b=call("sep", b))
    return splitting[0].sep, True


def _sep_name(sep: str) -> Note:
    key = {",": "comma", ";": "semicolon", "\t": "tab", "|": "bar"}.get(sep)
    return Note(f"data.sep.{key}") if key else Note("data.sep.other", {"sep": sep})


def sep_name(sep: str) -> Note:
    """The separator named in words (a note to nest in a message)."""
    return _sep_name(sep)


# ----------------------------------------------------------------------------- records

def records(text: str, sep: str, file: str, first_line: int = 1) -> list[tuple[int, list[str]]]:
    """The file's records with the line each starts on; blank lines are left out.

    A quote that is never closed (or text glued after a closing quote) is an error naming
    the line where its record starts.
    """
    out: list[tuple[int, list[str]]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=True)
    previous = 0
    try:
        for row in reader:
            start = previous + 1
            previous = reader.line_num
            if row:
                out.append((start + first_line - 1, row))
    except csv.Error:
        raise DataError("data.error.quote", file=file, line=str(previous + first_line)) from None
    return out
