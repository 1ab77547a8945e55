"""Confounding: when a comparison of channels says the opposite of the truth.

If the customers a channel reaches differ from those of another channel (returning vs new
customers, visitors who already showed interest...), comparing raw conversion rates mixes
the channel with the customers. Holding the confounder fixed — comparing within each group,
then averaging the within-group gaps with the same weights for both channels (direct
standardisation) — removes that part. When the overall comparison and every within-group
comparison disagree, it is Simpson's paradox.

Holding a *measured* confounder fixed is all an observational comparison can do; a
confounder nobody recorded still biases it. Only random assignment removes them all.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..clv._checks import require_columns
from ..errors import CourseError
from ._checks import count

SCENARIOS = {
    # Social ads convert better among new AND among returning customers, but e-mail reaches
    # mostly returning customers, who convert far more: overall, e-mail looks better.
    "simpson": {"treatment": "channel", "levels": ("email", "social"),
                "confounder": "customer_type", "groups": ("new", "returning"),
                "share_treated_in_group": {"new": 0.8, "returning": 0.2},
                "group_share": {"new": 0.5, "returning": 0.5},
                "rate": {("email", "new"): 0.02, ("social", "new"): 0.03,
                         ("email", "returning"): 0.10, ("social", "returning"): 0.13}},
    # Retargeting is shown to visitors who already looked at a product (high intent). They
    # would convert more anyway; the true effect of the ad is +1 point in each group.
    "retargeting": {"treatment": "retargeted", "levels": (False, True),
                    "confounder": "intent", "groups": ("low", "high"),
                    "share_treated_in_group": {"low": 0.1, "high": 0.7},
                    "group_share": {"low": 0.7, "high": 0.3},
                    "rate": {(False, "low"): 0.01, (True, "low"): 0.02,
                             (False, "high"): 0.08, (True, "high"): 0.09}},
}
"""Two observational settings with known conversion rates per (treatment, group). In
``simpson`` the "treated" level is ``social`` (the second level), in ``retargeting`` it is
``True``; ``share_treated_in_group`` is the share of each group that gets it."""


def simulate_confounded(scenario: str = "simpson", customers: int = 20_000, seed: int = 0):
    """Customers of an observational comparison with a confounder.

    Returns ``(table, truth)``: ``table`` has the treatment column (``channel`` or
    ``retargeted``), the confounder (``customer_type`` or ``intent``) and ``converted``;
    ``truth`` is the scenario's settings with the true within-group differences and their
    standardised average (``true_adjusted_difference``).
    """
    if scenario not in SCENARIOS:
        raise CourseError("error.unknown_choice", value=scenario, name="scenario",
                          choices=", ".join(SCENARIOS))
    spec = SCENARIOS[scenario]
    n = count(customers, "customers")
    rng = np.random.default_rng(seed)
    groups = np.array(spec["groups"], dtype=object)
    group = rng.choice(groups, size=n, p=[spec["group_share"][g] for g in groups])
    share = np.array([spec["share_treated_in_group"][g] for g in group])
    treated = rng.random(n) < share
    control_level, treated_level = spec["levels"]
    level = np.where(treated, treated_level, control_level)
    if isinstance(control_level, bool):
        level = level.astype(bool)
    rate = np.array([spec["rate"][(lv, g)] for lv, g in zip(level, group, strict=True)])
    table = pd.DataFrame({spec["treatment"]: level, spec["confounder"]: group,
                          "converted": rng.random(n) < rate})
    within = {g: spec["rate"][(treated_level, g)] - spec["rate"][(control_level, g)]
              for g in groups}
    truth = {**spec, "true_difference_within": within,
             "true_adjusted_difference": sum(spec["group_share"][g] * within[g]
                                             for g in groups)}
    return table, truth


def compare_within(table: pd.DataFrame, treatment: str, confounder: str,
                   outcome: str = "converted") -> pd.DataFrame:
    """Conversion of each treatment level overall and within each confounder group.

    Rows: every group, then ``overall`` (the naive comparison) and ``adjusted`` (the
    within-group differences averaged with the groups' shares of all customers). Columns:
    the rate of each treatment level, their ``difference`` (second level minus first, in
    sorted order) and the group's ``customers``.
    """
    require_columns(table, [treatment, confounder, outcome])
    levels = sorted(table[treatment].dropna().unique())
    if len(levels) != 2:
        raise CourseError("experiments.error.two_levels", column=treatment, count=len(levels))
    rates = table.pivot_table(index=confounder, columns=treatment, values=outcome,
                              aggfunc="mean", observed=True)
    if rates.isna().any().any():
        raise CourseError("experiments.error.empty_cell", column=confounder)
    rates = rates.reindex(columns=levels)   # not rates[levels]: a list of booleans is a row mask
    rates["difference"] = rates[levels[1]] - rates[levels[0]]
    rates["customers"] = table.groupby(confounder, observed=True).size()
    overall = table.groupby(treatment)[outcome].mean()
    weights = rates["customers"] / rates["customers"].sum()
    rows = {"overall": {levels[0]: overall[levels[0]], levels[1]: overall[levels[1]],
                        "difference": overall[levels[1]] - overall[levels[0]],
                        "customers": len(table)},
            "adjusted": {levels[0]: float((weights * rates[levels[0]]).sum()),
                         levels[1]: float((weights * rates[levels[1]]).sum()),
                         "difference": float((weights * rates["difference"]).sum()),
                         "customers": len(table)}}
    out = pd.concat([rates, pd.DataFrame.from_dict(rows, orient="index")])
    out.columns.name = None
    out["customers"] = out["customers"].astype(int)
    return out
