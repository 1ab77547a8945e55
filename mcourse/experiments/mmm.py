"""Marketing-mix regression: weekly sales explained by weekly spend per channel.

Two facts of advertising shape the model (Jin et al. 2017, "Bayesian methods for media mix
modeling with carryover and shape effects", Google):

- carry-over (adstock): part of this week's ad still works next week,
  ``a_t = x_t + decay · a_{t−1}`` with 0 ≤ decay < 1;
- saturation: each extra dinar buys less, ``s(a) = a / (a + half)``, where ``half`` is
  the adstock at which the channel gives half of its maximum effect.

Sales are then ``base + trend·t + season + Σ beta_c · s(a_c) + noise``. The decays and
half-saturation points are found by nonlinear least squares (scipy), the betas and the
rest by OLS given them (statsmodels, whose intervals therefore treat decay and half as
known: they are too narrow by the uncertainty of those two).

What such a regression cannot prove: spend was not assigned at random. If managers spend
more when they expect high sales, the model mixes the ad's effect with that expectation;
only an experiment (switching a channel off in some regions or weeks) settles it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..clv._checks import require_columns
from ..errors import CourseError
from ._checks import count

CHANNELS = ("sem", "social", "display")

DEFAULT_TRUTH = {
    "base": 40_000.0, "trend": 60.0, "season_amplitude": 6_000.0, "noise_sd": 1_000.0,
    "decay": {"sem": 0.2, "social": 0.5, "display": 0.7},
    "half": {"sem": 8_000.0, "social": 10_000.0, "display": 20_000.0},
    "beta": {"sem": 30_000.0, "social": 20_000.0, "display": 15_000.0},
}
"""Weekly sales and spend in currency units; display ads linger longest (decay 0.7)."""


def adstock(spend, decay: float) -> np.ndarray:
    """Geometric carry-over: ``a_t = x_t + decay · a_{t−1}`` (``a_0 = x_0``).

    Written as a loop on purpose: it is the definition, and a lesson reads it.
    """
    x = np.asarray(spend, dtype=float)
    if not 0 <= decay < 1:
        raise CourseError("experiments.error.bad_decay", value=decay)
    if (x < 0).any() or not np.isfinite(x).all():
        raise CourseError("experiments.error.negative_spend")
    out = np.empty_like(x)
    carry = 0.0
    for i, value in enumerate(x):
        carry = value + decay * carry
        out[i] = carry
    return out


def saturation(adstocked, half: float) -> np.ndarray:
    """Diminishing returns ``a / (a + half)``: 0 without spend, ½ at ``half``, → 1."""
    a = np.asarray(adstocked, dtype=float)
    if half <= 0:
        raise CourseError("experiments.error.bad_half", value=half)
    return a / (a + half)


def _season(weeks: int) -> np.ndarray:
    t = np.arange(weeks)
    return np.column_stack([np.sin(2 * np.pi * t / 52), np.cos(2 * np.pi * t / 52)])


def _flights(rng, weeks: int) -> np.ndarray:
    """On/off pattern of a channel: campaigns of 3-8 weeks separated by 2-6 weeks off.

    Off weeks are what lets a regression tell a long carry-over from the baseline: a
    channel that never stops is indistinguishable from the level of sales.
    """
    on = np.zeros(weeks, dtype=bool)
    week, running = int(rng.integers(0, 4)), True
    while week < weeks:
        length = int(rng.integers(3, 9) if running else rng.integers(2, 7))
        on[week:week + length] = running
        week, running = week + length, not running
    return on


def simulate_mmm(weeks: int = 208, truth: dict | None = None, seed: int = 0):
    """Weekly spend on search-engine (``sem``), social and display ads and the sales they produce.

    Spend rises in the high season (as real budgets do), so spend and season are
    correlated. Returns ``(weekly, truth)``: ``weekly`` has ``week`` (dates), one spend
    column per channel and ``sales``; ``truth`` has every parameter and the true weekly
    ``contribution`` of each channel.
    """
    n = count(weeks, "weeks")
    if n < 60:
        raise CourseError("experiments.error.too_few", name="weeks", minimum=60)
    base = {**DEFAULT_TRUTH, **(truth or {})}
    rng = np.random.default_rng(seed)
    season = _season(n)[:, 0]
    weekly = pd.DataFrame({"week": pd.date_range("2023-01-02", periods=n, freq="W-MON")})
    sales = base["base"] + base["trend"] * np.arange(n) + base["season_amplitude"] * season
    contribution = {}
    for channel in CHANNELS:
        level = {"sem": 9_000, "social": 7_000, "display": 10_000}[channel]
        on = _flights(rng, n)                      # campaigns run in bursts of weeks
        spend = on * level * rng.lognormal(0.0, 0.7, n) * (1 + 0.3 * season)
        weekly[channel] = spend.round(0)
        effect = base["beta"][channel] * saturation(
            adstock(weekly[channel], base["decay"][channel]), base["half"][channel])
        contribution[channel] = effect
        sales = sales + effect
    weekly["sales"] = sales + rng.normal(0.0, base["noise_sd"], n)
    recorded = {k: v for k, v in base.items()}
    recorded["contribution"] = pd.DataFrame(contribution, index=weekly["week"])
    return weekly, recorded


def _design(weekly, channels, decays, halves):
    n = len(weekly)
    media = np.column_stack([saturation(adstock(weekly[c], d), h)
                             for c, d, h in zip(channels, decays, halves, strict=True)])
    return np.column_stack([np.ones(n), np.arange(n), _season(n), media])


def fit_mmm(weekly: pd.DataFrame, channels=CHANNELS, outcome: str = "sales"):
    """Fit the marketing-mix model; returns a dict with ``decay`` and ``half`` per channel,
    the statsmodels OLS ``result`` of the linear part (``beta_<channel>`` rows) and the
    ``channels``."""
    import statsmodels.api as sm
    from scipy.optimize import least_squares

    channels = list(channels)
    require_columns(weekly, [outcome, *channels])
    y = weekly[outcome].to_numpy(dtype=float)
    scale = np.array([max(weekly[c].mean(), 1.0) for c in channels])
    k = len(channels)

    def residuals(theta):
        decays, halves = theta[:k], np.exp(theta[k:]) * scale
        X = _design(weekly, channels, decays, halves)
        coef, *_ = np.linalg.lstsq(X, y, rcond=None)
        return y - X @ coef

    best = None
    for start in (0.2, 0.5, 0.8):                       # a few starts: the surface is bumpy
        theta0 = np.concatenate([np.full(k, start), np.zeros(k)])
        fit = least_squares(residuals, theta0, bounds=(
            np.concatenate([np.zeros(k), np.full(k, np.log(0.05))]),
            np.concatenate([np.full(k, 0.95), np.full(k, np.log(8.0))])))
        if best is None or fit.cost < best.cost:
            best = fit
    decays, halves = best.x[:k], np.exp(best.x[k:]) * scale
    names = ["const", "trend", "season_sin", "season_cos", *[f"beta_{c}" for c in channels]]
    X = pd.DataFrame(_design(weekly, channels, decays, halves), columns=names,
                     index=weekly.index)
    result = sm.OLS(y, X).fit()
    return {"decay": dict(zip(channels, decays.round(4), strict=True)),
            "half": dict(zip(channels, halves.round(1), strict=True)),
            "result": result, "channels": channels}


def contributions(fit: dict, weekly: pd.DataFrame) -> pd.DataFrame:
    """Weekly sales attributed to each channel by the fitted model, and the ``baseline``
    (everything else: level, trend, season). Columns: ``baseline`` and one per channel."""
    channels = fit["channels"]
    params = fit["result"].params
    out = {"baseline": (params["const"] + params["trend"] * np.arange(len(weekly))
                        + _season(len(weekly)) @ params[["season_sin", "season_cos"]].to_numpy())}
    for channel in channels:
        out[channel] = params[f"beta_{channel}"] * saturation(
            adstock(weekly[channel], fit["decay"][channel]), fit["half"][channel])
    index = weekly["week"] if "week" in weekly else weekly.index
    return pd.DataFrame(out, index=pd.Index(index, name="week"))
