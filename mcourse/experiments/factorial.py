"""Several e-marketing services tested at once: a full factorial experiment.

Instead of one A/B test per service, each customer gets a random combination of services
switched on or off (here e-mail, social media ads and search-engine ads, ``sem``:
2 × 2 × 2 = 8 groups).
One experiment then estimates every service's effect *and* whether two services together
do more (or less) than the sum of their parts: an interaction. The model is an OLS
regression with the services as 0/1 columns and their products::

    spend = b0 + b1·email + b2·social + b3·sem + b12·email·social + ... + noise

b1 is e-mail's effect when the other two are off; b12 is what e-mail adds on top of that
when social ads run too. Because the combinations are assigned at random, these are
causal effects of the services in this population (not mere associations).
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

from ..clv._checks import require_columns
from ..errors import CourseError
from ._checks import count

SERVICES = ("email", "social", "sem")

DEFAULT_TRUTH = {"Intercept": 1200.0, "email": 150.0, "social": 90.0, "sem": 200.0,
                 "email:social": 120.0, "email:sem": 0.0, "social:sem": 0.0,
                 "email:social:sem": 0.0}
"""True effects on a customer's spend over the next month, in currency units: e-mail and
social ads reinforce each other (+120 together), the other interactions are zero."""


def simulate_factorial(customers_per_group: int = 250, truth: dict | None = None,
                       noise_sd: float = 600.0, seed: int = 0):
    """A randomised 2 × 2 × 2 experiment on e-mail, social and search-engine ads.

    Returns ``(customers, truth)``: one row per customer with the 0/1 columns ``email``,
    ``social``, ``sem`` and the resulting ``spend``; ``truth`` is the dict of true
    coefficients in the names statsmodels gives them (``"email:social"`` ...).
    """
    n = count(customers_per_group, "customers_per_group")
    if n < 2:
        raise CourseError("experiments.error.too_few", name="customers_per_group", minimum=2)
    coefs = {**DEFAULT_TRUTH, **(truth or {})}
    unknown = set(coefs) - set(DEFAULT_TRUTH)
    if unknown:
        raise CourseError("experiments.error.unknown_terms", terms=", ".join(sorted(unknown)),
                          known=", ".join(DEFAULT_TRUTH))
    rng = np.random.default_rng(seed)
    cells = np.array(list(itertools.product([0, 1], repeat=len(SERVICES))))
    design = np.repeat(cells, n, axis=0)
    design = design[rng.permutation(len(design))]
    table = pd.DataFrame(design, columns=list(SERVICES))
    mean = np.full(len(table), coefs["Intercept"])
    for term, value in coefs.items():
        if term != "Intercept":
            mean += value * table[term.split(":")].prod(axis=1).to_numpy()
    table["spend"] = mean + rng.normal(0.0, noise_sd, size=len(table))
    return table, coefs


def fit_factorial(customers: pd.DataFrame, outcome: str = "spend", services=SERVICES):
    """OLS of ``outcome`` on the services and all their interactions (statsmodels
    formula ``spend ~ email * social * sem``); returns the fitted result."""
    import statsmodels.formula.api as smf

    services = list(services)
    require_columns(customers, [outcome, *services])
    for name in services:
        if not customers[name].isin([0, 1]).all():
            raise CourseError("experiments.error.not_binary", column=name)
    return smf.ols(f"{outcome} ~ {' * '.join(services)}", data=customers).fit()


def factorial_effects(result, alpha: float = 0.05) -> pd.DataFrame:
    """One row per term: ``estimate``, ``ci_low``, ``ci_high`` (level 1 − ``alpha``) and
    ``p_value``; the intercept is the mean outcome with every service off."""
    ci = result.conf_int(alpha=alpha)
    return pd.DataFrame({"estimate": result.params, "ci_low": ci[0], "ci_high": ci[1],
                         "p_value": result.pvalues})


def anova_table(result) -> pd.DataFrame:
    """The ANOVA table of the factorial model (statsmodels ``anova_lm``, type II sums of
    squares): how much of the outcome's variation each service and interaction explains."""
    from statsmodels.stats.anova import anova_lm

    return anova_lm(result, typ=2)
