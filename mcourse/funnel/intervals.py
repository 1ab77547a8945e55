"""Confidence intervals for proportions (conversion rates, shares).

The Wilson score interval (Wilson 1927; recommended by Brown, Cai & DasGupta 2001) keeps
its promised coverage even for small samples and rates near 0 or 1, where the textbook
"p ± 1.96·√(p(1−p)/n)" interval is too narrow or leaves [0, 1]. statsmodels computes it:
``proportion_confint(successes, trials, alpha=0.05, method="wilson")``.

What a 95 % interval means: if the same study were repeated many times, about 95 % of the
intervals computed this way would contain the true rate. It is not a 95 % probability
that this one interval contains it.
"""

from __future__ import annotations

import numpy as np

from ..errors import CourseError


def wilson_interval(successes, trials, level: float = 0.95):
    """``(low, high)``: Wilson score interval of ``successes / trials`` at ``level``.

    Works on numbers or arrays. ``trials`` must be positive and ``successes`` between 0
    and ``trials``; otherwise a :class:`~mcourse.errors.CourseError` says which.
    """
    from statsmodels.stats.proportion import proportion_confint

    if not 0 < level < 1:
        raise CourseError("funnel.error.level", level=level)
    x = np.asarray(successes, dtype=float)
    n = np.asarray(trials, dtype=float)
    if np.any(n <= 0):
        raise CourseError("funnel.error.no_trials")
    if np.any(x < 0) or np.any(x > n):
        raise CourseError("funnel.error.successes")
    low, high = proportion_confint(x, n, alpha=1 - level, method="wilson")
    if np.ndim(low) == 0:
        return float(low), float(high)
    return np.asarray(low, dtype=float), np.asarray(high, dtype=float)
