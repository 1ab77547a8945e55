"""The true funnel of the market simulator, to check what the data show against it.

In :mod:`mcourse.data.market` a session from channel c on device d goes from one stage
to the next with probability p_k(c, d) = min(step_k × channel_c × device_d, 0.95). For a
group of sessions (all of them, one channel, one device), the true step conversion is not
simply step_k: the visitors who get far are more often from the good channels and devices.
With w(c, d) the share of sessions from (c, d) in the group,

    P(reach k) = Σ_(c,d) w(c, d) · Π_(j ≤ k) p_j(c, d),
    true step conversion into k = P(reach k) / P(reach k − 1).

:func:`true_funnel` computes it exactly, so a test can check that the Wilson intervals of
:func:`~mcourse.funnel.counts.funnel_table` contain it about 95 % of the time.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..data.calendar import check_country
from ..data.market import CHANNELS, DEVICES, FUNNEL, MARKET, STAGES


def _cell_probabilities(funnel: dict, channel: str, device: str) -> np.ndarray:
    mult = funnel["channel_multiplier"][channel] * funnel["device_multiplier"][device]
    return np.array([min(funnel["step_probability"][s] * mult, 0.95) for s in STAGES[1:]])


def _weights(market: dict) -> dict:
    def normal(weights):
        total = sum(weights.values())
        return {k: v / total for k, v in weights.items()}

    return {"channel": normal(market["channel"]), "device": normal(market["device"])}


def true_funnel(country: str, by: str | None = None, truth: dict | None = None) -> pd.DataFrame:
    """The simulator's true funnel of ``country`` (overall, or per ``channel``/``device``).

    ``truth`` is a country's entry of ``market_sessions.truth.json`` (default: the
    simulator's constants). Columns: (``by``,) ``stage``, ``true_step_rate`` (empty for the
    visit) and ``true_overall_rate``.
    """
    country = check_country(country)
    funnel = (truth or {}).get("funnel", FUNNEL)
    weights = _weights((truth or {}).get("market", MARKET[country]))
    groups = {None: [None]} if by is None else {by: list(CHANNELS if by == "channel"
                                                         else DEVICES)}
    if by not in (None, "channel", "device"):
        from ..errors import CourseError

        raise CourseError("error.unknown_choice", value=by, name="by",
                          choices="channel, device")
    rows = []
    for value in groups[by]:
        reach = np.zeros(len(STAGES))
        total = 0.0
        for channel in CHANNELS:
            for device in DEVICES:
                if by == "channel" and channel != value or by == "device" and device != value:
                    continue
                w = weights["channel"].get(channel, 0) * weights["device"].get(device, 0)
                if w == 0:
                    continue
                cumulative = np.concatenate([[1.0], np.cumprod(_cell_probabilities(
                    funnel, channel, device))])
                reach += w * cumulative
                total += w
        if total == 0:
            continue
        reach /= total
        step = np.concatenate([[np.nan], reach[1:] / reach[:-1]])
        for k, stage in enumerate(STAGES):
            row = {"stage": stage, "true_step_rate": step[k], "true_overall_rate": reach[k]}
            if by is not None:
                row = {by: value, **row}
            rows.append(row)
    return pd.DataFrame(rows)


def simulate_sessions(country: str = "DZ", seed: int = 0, start="2023-01-01",
                      end="2024-12-31") -> pd.DataFrame:
    """One country's sessions from the market simulator (as in ``market_sessions``)."""
    from ..data.market import _simulate_sessions

    return _simulate_sessions(check_country(country), np.random.default_rng(seed), start, end)


def coverage(country: str, seeds, by: str | None = None, level: float = 0.95) -> float:
    """Share of step intervals (over ``seeds``) that contain the true step conversion."""
    from .counts import funnel_table

    truth = true_funnel(country, by)
    keys = ["stage"] + ([by] if by else [])
    inside = total = 0
    for seed in seeds:
        table = funnel_table(simulate_sessions(country, seed), by, level)
        merged = table.merge(truth, on=keys).dropna(subset=["ci_low", "true_step_rate"])
        inside += int(((merged["ci_low"] <= merged["true_step_rate"])
                       & (merged["true_step_rate"] <= merged["ci_high"])).sum())
        total += len(merged)
    return inside / total
