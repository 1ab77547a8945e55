"""A/B test of two versions (a landing page, an e-mail subject): did B convert better?

Visitors are split at random between A and B, so a difference in conversion rate beyond
chance is evidence that the version itself caused it. The test here is the classic
two-proportion z-test (statsmodels ``proportions_ztest``, pooled variance); the interval
for the difference p_B − p_A is Newcombe's (statsmodels ``confint_proportions_2indep``),
which keeps its coverage with small rates such as 2-5 %.

Reading the result: a 95 % interval is built by a method that catches the true difference
in 95 % of experiments; if it excludes 0, the data are evidence of a difference at the 5 %
level. The p-value is the probability of a gap at least this large if A and B were equal,
not the probability that B is better.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._checks import count, probability, successes


def ab_test(conversions_a, visitors_a, conversions_b, visitors_b, alpha: float = 0.05):
    """Compare the conversion rates of A and B.

    Returns a one-row-per-quantity Series: ``rate_a``, ``rate_b``, ``difference``
    (p_B − p_A) with ``ci_low``/``ci_high`` at level 1 − ``alpha``, ``relative_lift``
    ((p_B − p_A) / p_A), the z statistic and the two-sided ``p_value``.
    """
    from statsmodels.stats.proportion import confint_proportions_2indep, proportions_ztest

    ka, na = successes(conversions_a, visitors_a, "A")
    kb, nb = successes(conversions_b, visitors_b, "B")
    probability(alpha, "alpha")
    rate_a, rate_b = ka / na, kb / nb
    if ka + kb in (0, na + nb):        # all or none converted: no variance to test with
        z, p_value = 0.0, 1.0
    else:
        z, p_value = proportions_ztest([kb, ka], [nb, na])
    low, high = confint_proportions_2indep(kb, nb, ka, na, method="newcomb", compare="diff",
                                           alpha=alpha)
    return pd.Series({
        "rate_a": rate_a, "rate_b": rate_b, "difference": rate_b - rate_a,
        "ci_low": float(low), "ci_high": float(high),
        "relative_lift": (rate_b - rate_a) / rate_a if rate_a > 0 else np.nan,
        "z": float(z), "p_value": float(p_value),
    }, name="ab_test")


def simulate_ab(visitors_per_group: int = 5000, rate_a: float = 0.03, rate_b: float = 0.036,
                seed: int = 0):
    """Visitor-level data of an A/B test with known true rates.

    Returns ``(visits, truth)``: ``visits`` has ``group`` ("A"/"B") and ``converted``
    (bool); ``truth`` holds the two rates and their difference.
    """
    n = count(visitors_per_group, "visitors_per_group")
    pa, pb = probability(rate_a, "rate_a"), probability(rate_b, "rate_b")
    rng = np.random.default_rng(seed)
    visits = pd.DataFrame({
        "group": np.repeat(["A", "B"], n),
        "converted": np.concatenate([rng.random(n) < pa, rng.random(n) < pb]),
    })
    return visits, {"rate_a": pa, "rate_b": pb, "difference": pb - pa}


def _z_pooled(ka, na, kb, nb):
    """Vectorised pooled two-proportion z statistic (the same as ``proportions_ztest``)."""
    pooled = (ka + kb) / (na + nb)
    se = np.sqrt(pooled * (1 - pooled) * (1 / na + 1 / nb))
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (kb / nb - ka / na) / se
    return np.where(se > 0, z, 0.0)


def peeking_false_positive_rate(rate: float = 0.03, visitors_per_group: int = 10_000,
                                looks: int = 20, simulations: int = 2000,
                                alpha: float = 0.05, seed: int = 0) -> pd.Series:
    """How often an A/A test (no real difference) "finds" one.

    Each simulated test runs to ``visitors_per_group`` per group and is looked at
    ``looks`` times at equal intervals. ``fixed``: share of tests significant at the planned
    end only, close to ``alpha`` as promised. ``peeking``: share significant at *any* look,
    as when a manager stops at the first p < ``alpha`` — much larger. Simulation, so the
    rates carry Monte Carlo error of about sqrt(r(1 − r)/simulations).
    """
    from scipy.stats import norm

    p = probability(rate, "rate")
    n = count(visitors_per_group, "visitors_per_group")
    k = count(looks, "looks")
    sims = count(simulations, "simulations")
    probability(alpha, "alpha")
    rng = np.random.default_rng(seed)
    checkpoints = np.linspace(n / k, n, k).round().astype(int)
    batch = np.diff(np.concatenate([[0], checkpoints]))
    conv_a = rng.binomial(batch, p, size=(sims, k)).cumsum(axis=1)
    conv_b = rng.binomial(batch, p, size=(sims, k)).cumsum(axis=1)
    z = _z_pooled(conv_a, checkpoints, conv_b, checkpoints)
    significant = 2 * norm.sf(np.abs(z)) < alpha
    return pd.Series({"fixed": significant[:, -1].mean(),
                      "peeking": significant.any(axis=1).mean(),
                      "looks": k, "simulations": sims}, name="false_positive_rate")
