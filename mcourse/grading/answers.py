"""Recording answers in a graded notebook: ``answer("q3", value)``.

A student's kernel never scores anything. ``answer`` only *records* a plain JSON value
(number, text, true/false, list) as a display output with its own MIME type, so the value
travels inside the executed notebook; the grader reads it back as data (never pickled,
never evaluated) and scores it in its own process. Redefining ``answer`` or anything else
in the notebook can therefore only change which value is recorded, never the score.

``answer(..., kind="number")`` also checks the *format* of the answer (a number? one of
the allowed choices? a list of 3 numbers?), so a student knows it will be read correctly.
It says nothing about whether the answer is right.
"""

from __future__ import annotations

import hashlib
import json
import math
import numbers
import re
from decimal import Decimal

from ..i18n import LOCALES, get_lang, t
from ..i18n.formatting import fmt_list, fmt_number

ANSWER_MIME = "application/vnd.mcourse.answer.v1+json"
"""MIME type of a recorded answer in a notebook's outputs."""

KINDS = ("number", "integer", "text", "choice", "bool", "numbers", "set")
"""Answer formats a question can ask for."""

QUESTION_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]{0,31}$")
MAX_ITEMS = 1000
MAX_TEXT = 2000
MAX_DEPTH = 4


def student_seed(student_id: str, assignment: str) -> int:
    """The random seed of one student's variant of an assignment (same id → same data).

    A hash of the assignment and the id, so each student gets their own data and the
    grader can rebuild it from the id alone.
    """
    digest = hashlib.sha256(f"{assignment}:{student_id}".encode()).digest()
    return int.from_bytes(digest[:4], "big")


def to_json_safe(value, _depth: int = 0):
    """``value`` as plain JSON data (numpy and pandas values converted), or ``ValueError``.

    Accepted: None, True/False, whole and decimal numbers (finite), text, and lists or
    dicts of those. A DataFrame, a function or a figure is not an answer.
    """
    if _depth > MAX_DEPTH:
        raise ValueError("nested too deep")
    if value is None or isinstance(value, bool | str):
        if isinstance(value, str) and len(value) > MAX_TEXT:
            raise ValueError(f"text longer than {MAX_TEXT} characters")
        return value
    if type(value).__module__ == "numpy" and hasattr(value, "item") and hasattr(value, "dtype"):
        value = value.tolist() if getattr(value, "ndim", 0) else value.item()
        return to_json_safe(value, _depth)
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        number = float(value)
        if not math.isfinite(number):
            raise ValueError(f"{number} is not a finite number")
        return number
    if isinstance(value, dict):
        if len(value) > MAX_ITEMS:
            raise ValueError(f"more than {MAX_ITEMS} items")
        return {str(k): to_json_safe(v, _depth + 1) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset) or (
        hasattr(value, "tolist") and type(value).__module__.startswith("pandas")
        and getattr(value, "ndim", 2) == 1
    ):
        items = value.tolist() if hasattr(value, "tolist") else list(value)
        if len(items) > MAX_ITEMS:
            raise ValueError(f"more than {MAX_ITEMS} items")
        if isinstance(value, set | frozenset):
            items = sorted(items, key=repr)
        return [to_json_safe(v, _depth + 1) for v in items]
    raise ValueError(f"a {type(value).__name__} is not a plain value")


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def normalise_text(text: str) -> str:
    """Text compared without case, Unicode form or extra spaces."""
    import unicodedata

    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def check_format(value, kind: str, *, choices=None, size: int | None = None):
    """Whether ``value`` (JSON data) has the format ``kind``: ``(ok, key, values)``.

    ``key`` and ``values`` make a message for :func:`mcourse.i18n.t`. Used by the
    student's self-check and by the grader, which reads the format the same way.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown answer kind {kind!r}; use one of {KINDS}")
    if kind == "number":
        ok = _is_number(value)
    elif kind == "integer":
        ok = _is_number(value) and float(value).is_integer()
    elif kind == "text":
        ok = isinstance(value, str) and value.strip() != ""
    elif kind == "bool":
        ok = isinstance(value, bool)
    elif kind == "choice":
        allowed = [normalise_text(str(c)) for c in (choices or [])]
        ok = isinstance(value, str | int) and not isinstance(value, bool) and (
            not allowed or normalise_text(str(value)) in allowed)
    elif kind == "numbers":
        ok = isinstance(value, list) and all(_is_number(v) for v in value) and (
            size is None or len(value) == size)
    else:  # set
        ok = isinstance(value, list) and all(
            isinstance(v, str | int) and not isinstance(v, bool) for v in value)
    wanted = _describe_kind(kind, choices, size)
    if ok:
        return True, "grading.format.ok", {"wanted": wanted}
    return False, "grading.format.bad", {"wanted": wanted, "got": describe_value(value)}


def _describe_kind(kind: str, choices, size) -> str:
    if kind == "choice" and choices:
        return t("grading.kind.choice", choices=_either(choices))
    if kind == "numbers" and size is not None:
        return t("grading.kind.numbers_n", size=size)
    return t(f"grading.kind.{kind}")


def _either(choices) -> str:
    """Choices joined as the language says "a, b or c" (babel's "or" list style)."""
    from babel.lists import format_list

    return format_list([str(c) for c in choices], style="or", locale=LOCALES[get_lang()])


def show_number(value) -> str:
    """A number as the active language writes it, rounded for reading only.

    Up to 4 decimals (4 significant digits for numbers below 1, so 0.000123 is not shown
    as 0), trailing zeros dropped: 3325.9250000000015 → ``3 325,925`` in Polish. The
    recorded answer keeps every digit; only what is printed is rounded.
    """
    if isinstance(value, int):
        return fmt_number(value, 0)
    magnitude = math.floor(math.log10(abs(value))) if value else 0
    decimals = min(15, max(4, 3 - magnitude))
    rounded = round(value, decimals)
    if rounded == 0 and value != 0:  # smaller than 1e-15: keep Python's notation
        return repr(value)
    places = max(0, -Decimal(repr(rounded)).normalize().as_tuple().exponent)
    return fmt_number(rounded, places)


def show_value(value, _depth: int = 0) -> str:
    """A recorded (JSON) value as the student reads it: numbers and lists in their language."""
    if value is None or isinstance(value, bool):
        return repr(value)
    if _is_number(value):
        return show_number(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        if not value:
            return "[]"
        text = fmt_list(show_value(v, _depth + 1) for v in value)
        return f"[{text}]" if _depth else text
    if isinstance(value, dict):
        text = fmt_list(f"{k}: {show_value(v, _depth + 1)}" for k, v in value.items())
        return f"{{{text}}}"
    return str(value)


def describe_value(value) -> str:
    """A short description of a JSON value for messages: ``text 'abc'``, ``list of 3``."""
    if value is None:
        return "None"
    if isinstance(value, bool):
        return repr(value)
    if _is_number(value):
        return t("grading.got.number", value=show_number(value))
    if isinstance(value, str):
        shown = value if len(value) <= 30 else value[:27] + "..."
        return t("grading.got.text", value=shown)
    if isinstance(value, list):
        return t("grading.got.list", size=len(value))
    return type(value).__name__


def _bundle(payload: dict, shown) -> dict:
    """The output that records ``payload`` (the answer, as data) with ``shown`` (a message
    of the display layer) as what the student reads: HTML carrying the language's
    direction, and plain text with bidi isolates in Arabic."""
    return {ANSWER_MIME: payload, "text/plain": str(shown), "text/html": shown._repr_html_()}


def _show(bundle: dict) -> None:
    """Display ``bundle``; outside IPython nothing records outputs: print its plain text."""
    from ..i18n.display import _shell

    if _shell() is None:
        print(bundle["text/plain"])
        return
    from IPython.display import display

    display(bundle, raw=True)


def answer(question: str, value, kind: str | None = None, *, choices=None,
           size: int | None = None) -> None:
    """Record ``value`` as the answer to ``question`` (and check its format if ``kind``).

    The last answer recorded for a question is the one graded. ``None`` records nothing
    and reminds you to fill the answer in.
    """
    from ..i18n.display import Message, emit, message, say

    if not isinstance(question, str) or not QUESTION_ID.match(question):
        say("grading.answer_error.question", question=repr(question))
        return
    if value is None:
        emit(Message.join([Message.from_text(f"{question}:"), message("check.missing")], " "))
        return
    try:
        data = to_json_safe(value)
    except ValueError as exc:
        shown = message("grading.answer_error.value", question=question, problem=str(exc))
        _show(_bundle({"question": question, "invalid": str(exc)}, shown))
        return
    text = show_value(data)
    if len(text) > 60:
        text = text[:57] + "..."
    lines = [message("grading.recorded", question=question, value=text)]
    if kind is not None:
        _ok, key, values = check_format(data, kind, choices=choices, size=size)
        lines.append(message(key, **values))
    _show(_bundle({"question": question, "value": data}, Message.join(lines)))


def read_answers(nb) -> tuple[dict, dict]:
    """The answers recorded in an executed notebook: ``(values, invalid)``.

    ``values`` maps each question to the last value recorded for it, in execution order;
    ``invalid`` maps questions whose value could not be recorded to the reason. Only
    outputs with :data:`ANSWER_MIME` count; they are read as JSON, nothing is evaluated.
    """
    values: dict = {}
    invalid: dict = {}
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        for out in cell.get("outputs", []):
            if out.get("output_type") not in ("display_data", "execute_result"):
                continue
            payload = out.get("data", {}).get(ANSWER_MIME)
            if isinstance(payload, str):
                try:
                    payload = json.loads(payload)
                except ValueError:
                    continue
            if not isinstance(payload, dict):
                continue
            question = payload.get("question")
            if not isinstance(question, str) or not QUESTION_ID.match(question):
                continue
            if "value" in payload:
                try:
                    values[question] = to_json_safe(payload["value"])
                except ValueError as exc:
                    invalid[question] = str(exc)
                    values.pop(question, None)
                    continue
                invalid.pop(question, None)
            elif "invalid" in payload:
                invalid[question] = str(payload["invalid"])[:200]
                values.pop(question, None)
    return values, invalid
