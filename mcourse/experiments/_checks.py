"""Input checks of the experiment tools: counts must be whole, non-negative and possible."""

from __future__ import annotations

import numbers

from ..errors import CourseError


def count(value, name: str) -> int:
    """``value`` as a whole number >= 0, else an error naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) \
            or value != value or value < 0 or float(value) != int(value):
        raise CourseError("experiments.error.not_count", name=name, value=value)
    return int(value)


def successes(k, n, name: str) -> tuple[int, int]:
    """``(k, n)`` checked: ``0 <= k <= n`` and ``n > 0``."""
    k, n = count(k, f"{name}: k"), count(n, f"{name}: n")
    if n == 0:
        raise CourseError("experiments.error.empty_group", name=name)
    if k > n:
        raise CourseError("experiments.error.more_successes", name=name, k=k, n=n)
    return k, n


def probability(value, name: str, *, open_interval: bool = True) -> float:
    """A probability strictly between 0 and 1 (or within [0, 1] if not ``open_interval``)."""
    try:
        p = float(value)
    except (TypeError, ValueError):
        raise CourseError("experiments.error.not_probability", name=name, value=value) from None
    ok = 0 < p < 1 if open_interval else 0 <= p <= 1
    if not ok:
        raise CourseError("experiments.error.not_probability", name=name, value=value)
    return p
