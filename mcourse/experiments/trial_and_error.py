"""Trial and error vs a designed experiment: which e-marketing service works best?

Trial and error: the manager switches one service on each week (e-mail in week 1, SMS in
week 2, ...) and credits each with the change in sales against the week without any.
Sales also move for reasons nobody controls (the season, a competitor, payday), and those
movements are credited to whichever service happened to run: with a rising season the
last service tried looks best.

Designed experiment: in the same weeks, customers are split at random into one group per
service plus a control group. Whatever moves the market moves every group alike, so
comparing each group with the control isolates the service.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import CourseError
from ._checks import count

DEFAULT_EFFECTS = {"email": 0.06, "sms": 0.02, "social": 0.04, "sem": 0.03}
"""True relative lift of weekly spend per customer by service (e-mail is the best)."""


def _one_run(rng, effects, weekly_drift, shock_sd, customers_per_arm, noise_sd):
    names = list(effects)
    k = len(names)
    market = 1 + weekly_drift * np.arange(k + 1) + rng.normal(0, shock_sd, k + 1)
    # trial and error: week 0 nothing, week i the i-th service alone, all customers
    n_all = customers_per_arm * (k + 1)
    weekly = [market[w] * (1 + (effects[names[w - 1]] if w else 0.0))
              * rng.lognormal(0, noise_sd, n_all).mean() for w in range(k + 1)]
    trial = {name: weekly[i + 1] / weekly[0] - 1 for i, name in enumerate(names)}
    # designed: every week, customers randomised to control or one service; pooled over weeks
    control = np.mean([market[w] * rng.lognormal(0, noise_sd, customers_per_arm).mean()
                       for w in range(k + 1)])
    designed = {}
    for name in names:
        arm = np.mean([market[w] * (1 + effects[name])
                       * rng.lognormal(0, noise_sd, customers_per_arm).mean()
                       for w in range(k + 1)])
        designed[name] = arm / control - 1
    return trial, designed


def compare_strategies(effects: dict | None = None, weekly_drift: float = 0.03,
                       shock_sd: float = 0.02, customers_per_arm: int = 2000,
                       noise_sd: float = 0.8, repetitions: int = 300, seed: int = 0):
    """Simulate both ways of choosing a service ``repetitions`` times.

    Returns ``(summary, example)``: ``summary`` gives, per strategy, the share of runs that
    picked the truly best service; ``example`` is the first run's estimated lift of each
    service by both strategies beside the ``true`` lift. ``weekly_drift`` is the market's
    own growth per week (the season), ``shock_sd`` its random weekly swings.
    """
    effects = dict(effects or DEFAULT_EFFECTS)
    if len(effects) < 2:
        raise CourseError("experiments.error.too_few", name="effects", minimum=2)
    reps = count(repetitions, "repetitions")
    arm = count(customers_per_arm, "customers_per_arm")
    if reps < 1 or arm < 2:
        raise CourseError("experiments.error.too_few", name="repetitions", minimum=1)
    rng = np.random.default_rng(seed)
    best = max(effects, key=effects.get)
    hits = {"trial_and_error": 0, "designed": 0}
    example = None
    for run in range(reps):
        trial, designed = _one_run(rng, effects, weekly_drift, shock_sd, arm, noise_sd)
        hits["trial_and_error"] += max(trial, key=trial.get) == best
        hits["designed"] += max(designed, key=designed.get) == best
        if run == 0:
            example = pd.DataFrame({"true": effects, "trial_and_error": trial,
                                    "designed": designed})
    summary = pd.Series({name: value / reps for name, value in hits.items()},
                        name="share_correct")
    return summary, example
