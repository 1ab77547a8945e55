"""Retargeting: showing ads again to people who visited the shop and left without buying.

Why the naive comparison overstates the effect: the ad platform does not choose at random
whom to retarget. It retargets mostly the visitors who went far in the funnel (they added
to the cart, started the checkout), and those visitors would have bought more often
anyway. Comparing the conversion of retargeted and not retargeted visitors mixes the
effect of the ad with this **selection**.

The simulation (:func:`simulate_retargeting`) knows the truth: each visitor's chance of
buying within 14 days depends on the last funnel stage they reached, and seeing the
retargeting ads adds ``lift`` (one percentage point) to it, the same at every stage. The
platform retargets a visitor with a probability that rises with the stage; a random
10 % of the visitors it chose are kept as a **holdout** who see no ad.

Three readings of the same data:

- :func:`naive_gap` — retargeted vs not: far above the true lift;
- :func:`stratified_gap` — retargeted vs not *within each stage*, averaged over the
  retargeted: close to the truth here, because within a stage the choice is random; in
  real data other differences may remain;
- :func:`holdout_gap` — shown vs held out among the visitors the platform chose: a
  randomised comparison, which estimates the effect without that assumption (lesson 06).
"""

from __future__ import annotations

import copy

import numpy as np
import pandas as pd

from ..errors import CourseError
from ..funnel.intervals import wilson_interval

RETARGET_STAGES = ("visit", "product_view", "add_to_cart", "checkout")
"""The last stage of a visitor who left without buying."""

TRUTH = {
    "visitors": 60000,
    "stage_share": {"visit": 0.55, "product_view": 0.30, "add_to_cart": 0.10, "checkout": 0.05},
    "retarget_probability": {"visit": 0.05, "product_view": 0.25, "add_to_cart": 0.70,
                             "checkout": 0.85},
    "base_conversion": {"visit": 0.01, "product_view": 0.03, "add_to_cart": 0.08,
                        "checkout": 0.15},
    "lift": 0.01,
    "holdout_share": 0.10,
}
"""True parameters: conversion within 14 days = base_conversion[stage] + lift if shown ads."""


def simulate_retargeting(seed: int = 0, visitors: int | None = None, truth: dict | None = None):
    """``(table, truth)``: one row per visitor who left without buying.

    Columns: ``visitor_id``, ``stage`` (last stage reached), ``chosen`` (the platform
    chose to retarget them), ``holdout`` (chosen but kept out at random), ``shown`` (saw
    the ads: chosen and not held out) and ``converted`` (bought within 14 days).
    """
    p = copy.deepcopy(truth or TRUTH)
    if visitors is not None:
        p["visitors"] = int(visitors)
    rng = np.random.default_rng(seed)
    n = p["visitors"]
    shares = np.array([p["stage_share"][s] for s in RETARGET_STAGES])
    stage = rng.choice(len(RETARGET_STAGES), size=n, p=shares / shares.sum())
    retarget = np.array([p["retarget_probability"][s] for s in RETARGET_STAGES])
    chosen = rng.random(n) < retarget[stage]
    holdout = chosen & (rng.random(n) < p["holdout_share"])
    shown = chosen & ~holdout
    base = np.array([p["base_conversion"][s] for s in RETARGET_STAGES])[stage]
    converted = rng.random(n) < base + p["lift"] * shown
    table = pd.DataFrame({"visitor_id": [f"V{i + 1:05d}" for i in range(n)],
                          "stage": pd.Categorical.from_codes(stage, list(RETARGET_STAGES)),
                          "chosen": chosen, "holdout": holdout, "shown": shown,
                          "converted": converted})
    return table, p


def _rate(mask: pd.Series, converted: pd.Series) -> tuple[float, int]:
    n = int(mask.sum())
    if n == 0:
        raise CourseError("channels.error.empty_group")
    return float(converted[mask].mean()), n


def conversion_by_group(table: pd.DataFrame, level: float = 0.95) -> pd.DataFrame:
    """Conversion of visitors shown the ads and not shown, per stage, with Wilson intervals."""
    rows = []
    for stage, part in table.groupby("stage", observed=True):
        for shown in (True, False):
            group = part[part["shown"] == shown]
            if len(group) == 0:
                continue
            k = int(group["converted"].sum())
            low, high = wilson_interval(k, len(group), level)
            rows.append({"stage": stage, "shown": shown, "visitors": len(group),
                         "converted": k, "rate": k / len(group), "ci_low": low,
                         "ci_high": high})
    return pd.DataFrame(rows)


def naive_gap(table: pd.DataFrame) -> float:
    """Conversion of visitors shown the ads minus that of everyone else."""
    shown, _ = _rate(table["shown"], table["converted"])
    rest, _ = _rate(~table["shown"], table["converted"])
    return shown - rest


def stratified_gap(table: pd.DataFrame) -> float:
    """The gap within each stage (shown − not shown), averaged with the number shown in
    each stage as weights: the effect on the retargeted, if within a stage nothing else
    differs between those shown and not shown."""
    gaps, weights = [], []
    for _stage, part in table.groupby("stage", observed=True):
        if part["shown"].all() or (~part["shown"]).all():
            continue
        shown, n = _rate(part["shown"], part["converted"])
        rest, _ = _rate(~part["shown"], part["converted"])
        gaps.append(shown - rest)
        weights.append(n)
    if not weights:
        raise CourseError("channels.error.empty_group")
    return float(np.average(gaps, weights=weights))


def holdout_gap(table: pd.DataFrame) -> dict:
    """Among the visitors the platform chose: shown minus held out (randomised), with a
    95 % interval for the difference of two proportions (normal approximation)."""
    chosen = table[table["chosen"]]
    shown, n1 = _rate(chosen["shown"], chosen["converted"])
    held, n0 = _rate(chosen["holdout"], chosen["converted"])
    se = np.sqrt(shown * (1 - shown) / n1 + held * (1 - held) / n0)
    gap = shown - held
    return {"gap": gap, "ci_low": gap - 1.959963984540054 * se,
            "ci_high": gap + 1.959963984540054 * se, "shown": n1, "holdout": n0}


def true_naive_gap(truth: dict | None = None) -> float:
    """The gap the naive comparison tends to with many visitors (from the truth)."""
    p = truth or TRUTH
    share = pd.Series(p["stage_share"]) / sum(p["stage_share"].values())
    chosen = pd.Series(p["retarget_probability"])
    shown = chosen * (1 - p["holdout_share"])
    base = pd.Series(p["base_conversion"])
    shown_mass = share * shown
    rest_mass = share * (1 - shown)
    rate_shown = ((base + p["lift"]) * shown_mass).sum() / shown_mass.sum()
    rate_rest = (base * rest_mass).sum() / rest_mass.sum()
    return float(rate_shown - rate_rest)


def readings(table: pd.DataFrame, truth: dict | None = None) -> pd.DataFrame:
    """The three readings of the retargeting effect side by side, and the truth, in
    percentage points (1 point = 0.01 of conversion).

    Index: ``naive``, ``stratified``, ``holdout``, ``truth``; columns ``gap_points`` and,
    for the holdout (a randomised comparison), ``low_points``/``high_points`` of its 95 %
    interval.
    """
    p = truth or TRUTH
    holdout = holdout_gap(table)
    return pd.DataFrame({
        "gap_points": [100 * naive_gap(table), 100 * stratified_gap(table),
                       100 * holdout["gap"], 100 * p["lift"]],
        "low_points": [np.nan, np.nan, 100 * holdout["ci_low"], np.nan],
        "high_points": [np.nan, np.nan, 100 * holdout["ci_high"], np.nan],
    }, index=pd.Index(["naive", "stratified", "holdout", "truth"], name="reading"))
