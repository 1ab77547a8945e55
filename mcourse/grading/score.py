"""Scoring recorded answers against expected ones, in the grader's own process.

Both values are plain JSON data read from executed notebooks. Numbers count as right
within the question's tolerance (``|given - expected| <= atol + rtol * |expected|``); texts
and choices are compared without regard to case, accents' Unicode form or extra spaces.
"""

from __future__ import annotations

import math

from .answers import check_format, normalise_text, to_json_safe

VERDICTS = ("correct", "partial", "wrong", "format", "missing", "invalid", "no_reference")


def _close(given: float, expected: float, rtol: float, atol: float) -> bool:
    return math.isfinite(given) and abs(given - expected) <= atol + rtol * abs(expected)


def _same_text(given, expected) -> bool:
    return normalise_text(str(given)) == normalise_text(str(expected))


def _fraction(question, expected, given) -> float:
    """Share of the points earned, 0..1, for a value already in the right format."""
    kind = question.kind
    if kind == "number":
        return float(_close(float(given), float(expected), question.rtol, question.atol))
    if kind == "integer":
        return float(_close(float(given), float(expected), 0.0, question.atol))
    if kind in ("text", "choice"):
        if isinstance(expected, list):  # several accepted answers
            return float(any(_same_text(given, e) for e in expected))
        return float(_same_text(given, expected))
    if kind == "bool":
        return float(given is expected)
    if kind == "numbers":
        if len(given) != len(expected):
            return 0.0
        hits = sum(_close(float(g), float(e), question.rtol, question.atol)
                   for g, e in zip(given, expected, strict=True))
        share = hits / len(expected) if expected else 1.0
        return share if question.partial else float(share == 1.0)
    # set
    wanted = {normalise_text(str(e)) for e in expected}
    got = {normalise_text(str(g)) for g in given}
    if not question.partial:
        return float(got == wanted)
    if not wanted:
        return float(not got)
    return max(0.0, (len(got & wanted) - len(got - wanted)) / len(wanted))


def score_question(question, expected, given, invalid: str | None = None) -> dict:
    """Points and verdict for one question (a JSON-ready dict)."""
    result = {"question": question.id, "max": question.points, "points": 0.0,
              "given": given, "expected": expected, "verdict": "missing", "detail": None}
    if expected is None:
        result["verdict"] = "no_reference"
        return result
    if invalid is not None:
        result.update(verdict="invalid", detail=invalid)
        return result
    if given is None:
        return result
    try:
        given = to_json_safe(given)
    except ValueError as exc:
        result.update(verdict="invalid", detail=str(exc))
        return result
    ok, _key, values = check_format(given, question.kind, choices=question.choices or None,
                                    size=question.size)
    if not ok:
        result.update(verdict="format", detail=values)
        return result
    try:
        share = _fraction(question, expected, given)
    except (TypeError, ValueError):
        result["verdict"] = "no_reference"
        return result
    points = round(question.points * min(1.0, max(0.0, share)), 2)
    verdict = "correct" if share >= 1.0 else "partial" if share > 0 else "wrong"
    result.update(points=points, verdict=verdict)
    return result


def score_all(assignment, expected: dict, given: dict, invalid: dict) -> tuple[list[dict], float]:
    """Score every question of ``assignment``: ``(per question, total)``, total <= maximum."""
    rows = [score_question(q, expected.get(qid), given.get(qid), invalid.get(qid))
            for qid, q in assignment.questions.items()]
    total = round(min(sum(r["points"] for r in rows), assignment.max_points), 2)
    return rows, total
