"""Experiments and causality on e-marketing services (lesson 06).

A manager who switches services on and off one after another ("trial and error") cannot
tell a service's effect from everything else that changed at the same time. A designed
experiment can: visitors are assigned at random, so the groups differ only by the service.
Each module here is one tool of that lesson, each simulator returns the truth it used so a
lesson (and the tests) can show that the method finds it:

- :mod:`.abtest` — two groups: difference of two proportions, its interval, and why
  stopping at the first p < 0.05 ("peeking") inflates false alarms;
- :mod:`.power` — how many visitors a test needs to see a given lift;
- :mod:`.factorial` — several services tested at once (2 × 2 × 2 design, OLS with
  interactions, ANOVA table);
- :mod:`.mmm` — marketing-mix regression on weekly spend with carry-over (adstock) and
  saturation: an observational model, not an experiment;
- :mod:`.confounding` — a comparison that reverses once a confounder is held fixed
  (Simpson's paradox);
- :mod:`.trial_and_error` — why switching services on one after another misleads.
"""

from __future__ import annotations

from .abtest import ab_test, peeking_false_positive_rate, simulate_ab
from .confounding import compare_within, simulate_confounded
from .factorial import anova_table, factorial_effects, fit_factorial, simulate_factorial
from .mmm import adstock, contributions, fit_mmm, saturation, simulate_mmm
from .power import power_curve, sample_size
from .trial_and_error import compare_strategies

__all__ = ["ab_test", "adstock", "anova_table", "compare_strategies", "compare_within",
           "contributions", "factorial_effects", "fit_factorial", "fit_mmm",
           "peeking_false_positive_rate", "power_curve", "sample_size", "saturation",
           "simulate_ab", "simulate_confounded", "simulate_factorial", "simulate_mmm"]
