"""How many visitors an A/B test needs (statsmodels.stats.power).

Power is the probability that the test detects a lift that really exists. It grows with
the number of visitors; a small lift on a small rate needs many. The effect size for two
proportions is Cohen's h = 2·asin(√p₂) − 2·asin(√p₁) (statsmodels
``proportion_effectsize``); ``NormalIndPower`` solves for the sample size per group.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ..errors import CourseError
from ._checks import probability


def _effect(base_rate: float, lift: float) -> float:
    from statsmodels.stats.proportion import proportion_effectsize

    p1 = probability(base_rate, "base_rate")
    p2 = probability(base_rate + lift, "base_rate + lift")
    if lift == 0:
        raise CourseError("experiments.error.zero_lift")
    return abs(proportion_effectsize(p2, p1))


def sample_size(base_rate: float = 0.03, lift: float = 0.01, alpha: float = 0.05,
                power: float = 0.8) -> int:
    """Visitors needed *per group* to detect ``base_rate`` → ``base_rate + lift`` (absolute
    lift: 0.01 is one percentage point) with a two-sided test at ``alpha`` and the given
    ``power``; rounded up."""
    from statsmodels.stats.power import NormalIndPower

    h = _effect(base_rate, lift)
    probability(alpha, "alpha")
    probability(power, "power")
    n = NormalIndPower().solve_power(effect_size=h, alpha=alpha, power=power, ratio=1.0,
                                     alternative="two-sided")
    return math.ceil(n)


def power_curve(base_rate: float = 0.03, lift: float = 0.01, alpha: float = 0.05,
                visitors=None) -> pd.DataFrame:
    """Power for a range of visitors per group: columns ``visitors`` and ``power``."""
    from statsmodels.stats.power import NormalIndPower

    h = _effect(base_rate, lift)
    probability(alpha, "alpha")
    if visitors is None:
        visitors = np.unique(np.geomspace(100, 50_000, 40).round().astype(int))
    visitors = np.asarray(visitors, dtype=float)
    if (visitors <= 1).any():
        raise CourseError("experiments.error.not_count", name="visitors", value=visitors.min())
    power = NormalIndPower().power(effect_size=h, nobs1=visitors, alpha=alpha, ratio=1.0,
                                   alternative="two-sided")
    return pd.DataFrame({"visitors": visitors.astype(int), "power": np.asarray(power)})
