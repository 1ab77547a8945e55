"""Self-checks for the exercises of the lessons: a student runs the cell after their answer
and reads, in their language, whether it is right. Nothing here is graded (graded work
goes through :mod:`mcourse.grading`).

The feedback is a message of the display layer (:func:`mcourse.say`): rich output with
the language's direction in a notebook, plain text in a terminal."""

from __future__ import annotations

import math
from collections.abc import Iterable

from .i18n.display import message, say


def _same(answer, expected, rel_tol: float, abs_tol: float) -> bool:
    if isinstance(expected, bool) or isinstance(answer, bool):
        return answer is expected
    if isinstance(expected, (int, float)) and isinstance(answer, (int, float)):
        return math.isclose(float(answer), float(expected), rel_tol=rel_tol, abs_tol=abs_tol)
    if isinstance(expected, str):
        return str(answer).strip().lower() == expected.strip().lower()
    if isinstance(expected, (set, frozenset)):
        return isinstance(answer, Iterable) and {str(a).strip().lower() for a in answer} == {
            str(e).lower() for e in expected}
    try:
        return bool(answer == expected)
    except (TypeError, ValueError):
        return False


def check(answer, expected, hint: str = "check.hint.default", rel_tol: float = 0.01,
          abs_tol: float = 1e-9) -> bool:
    """Show whether ``answer`` matches ``expected`` (numbers within ``rel_tol``); returns it.

    ``hint`` is a catalogue key whose text helps a student who is not there yet.
    ``None`` means "not answered yet": it shows a reminder and never raises, so the
    lesson still runs from top to bottom.
    """
    if answer is None:
        say("check.missing")
        return False
    try:
        numeric = isinstance(expected, (int, float)) and not isinstance(expected, bool)
        number = float(answer) if numeric and not isinstance(answer, bool) else None
    except (TypeError, ValueError):
        number = None
    ok = _same(number if number is not None else answer, expected, rel_tol, abs_tol)
    if ok:
        say("check.ok")
    else:
        say("check.wrong", hint=message(hint))
    return ok
